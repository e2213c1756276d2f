"""Staff pages of self-reflection: a cycle's official SELFIE for TEACHERS results (upload, preview, confirm,
remove), the framework's wording (CSS staff) and the areas each course develops. Every page goes through a
policy that answers 404 to anyone else (teachers and the staff of another country included)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from twinning.core.actions import form_action, post_action
from twinning.core.net import local_path
from twinning.core.paging import paginate
from twinning.core.uploads import accepts_upload

from . import framework as fw
from . import policies, staff
from .models import AREAS
from .staff_forms import CourseAreasForm, ItemWordingForm, OfficialConfirmForm, OfficialFileForm

COURSES_PER_PAGE = 25
VERSIONS_PER_PAGE = 20


# --- official results of a cycle ---------------------------------------------------------------------------


def _official_url(cycle) -> str:
    return reverse("competences:official", args=[cycle.pk])


def _remove(request, cycle):
    if request.POST.get("confirmed") != "yes":
        results = staff.official_of(cycle)
        if not results:
            messages.error(request, _("This cycle has no official figures to remove."))
            return redirect(_official_url(cycle))
        context = {"cycle": cycle, "course": cycle.course, "table": staff.official_table(results)}
        return render(request, "competences/staff/official_remove.html", context)

    def removed(count: int) -> str:
        return ngettext(
            "Removed: %(n)s official figure of this cycle.", "Removed: the %(n)s official figures of this cycle.", count
        ) % {"n": count}

    return post_action(
        request,
        lambda: staff.official_remove(actor=request.user, cycle=cycle),
        success=removed,
        redirect_to=_official_url(cycle),
    )


@login_required
@accepts_upload(staff.OFFICIAL_MAX_BYTES + 256 * 1024)
def official(request, cycle_id):
    """The cycle's official figures, and a file to replace them with (checked, then shown, then confirmed)."""
    cycle = policies.staff_cycle_or_404(request.user, cycle_id)
    if request.method == "POST" and request.POST.get("action") == "remove":
        return _remove(request, cycle)
    posted = request.method == "POST"
    form = OfficialFileForm(request.POST if posted else None, request.FILES if posted else None)
    check = None
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        check = staff.official_check(upload.read(staff.OFFICIAL_MAX_BYTES + 1))
        if check.ok:
            lines = staff.official_preview(cycle, check.rows)
            context = {
                "cycle": cycle,
                "course": cycle.course,
                "name": upload.name,
                "lines": lines,
                "unchanged": all(line.status == "same" for line in lines),
                "removed": sum(1 for line in lines if line.status == "removed"),
                "confirm": OfficialConfirmForm(
                    initial={"token": staff.official_token(actor=request.user, cycle=cycle, rows=check.rows)}
                ),
            }
            return render(request, "competences/staff/official_preview.html", context)
    context = {
        "cycle": cycle,
        "course": cycle.course,
        "form": form,
        "check": check,
        "table": staff.official_table(staff.official_of(cycle)),
    }
    return render(request, "competences/staff/official.html", context)


@login_required
@require_POST
def official_confirm(request, cycle_id):
    """Store the figures of a checked file (posted back signed from the preview)."""
    cycle = policies.staff_cycle_or_404(request.user, cycle_id)
    form = OfficialConfirmForm(request.POST)
    token = form.cleaned_data["token"] if form.is_valid() else ""

    def done(result: staff.ImportResult) -> str:
        if not result.changed:
            return _("These figures are already stored for this cycle: nothing changed.")
        text = ngettext(
            "Imported: %(n)s official figure for this cycle.", "Imported: %(n)s official figures for this cycle.",
            result.count,
        ) % {"n": result.count}  # fmt: skip
        if result.replaced:
            text += " " + ngettext(
                "It replaces the figure stored before.", "They replace the %(n)s figures stored before.",
                result.replaced,
            ) % {"n": result.replaced}  # fmt: skip
        return text

    return post_action(
        request,
        lambda: staff.official_import(actor=request.user, cycle=cycle, token=token),
        success=done,
        redirect_to=_official_url(cycle),
    )


# --- the framework's wording -------------------------------------------------------------------------------


@login_required
@require_safe
def framework(request):
    staff.framework_editor_or_404(request.user)
    data = fw.framework()
    context = {
        "version": data.version,
        "blocks": staff.framework_blocks(data),
        "page": paginate(staff.versions(), request.GET, per_page=VERSIONS_PER_PAGE),
    }
    return render(request, "competences/staff/framework.html", context)


@login_required
def framework_item(request, code):
    staff.framework_editor_or_404(request.user)
    item = staff.current_item_or_404(code)
    form = ItemWordingForm(request.POST if request.method == "POST" else None, item=item)

    def change(data):
        return staff.item_wording_change(
            actor=request.user,
            item=item,
            version_number=data["version"],
            prompt_en=data["prompt_en"],
            prompt_el=data["prompt_el"],
            statements_en=form.statements("en"),
            statements_el=form.statements("el"),
            note=data["note"],
        )

    response = form_action(
        request,
        form,
        change,
        success=lambda version: (
            _("Version %(n)s of the framework is made: new reflections use it.") % {"n": version.number}
        ),
        redirect_to=reverse("competences:framework"),
    )
    if response:
        return response
    return render(request, "competences/staff/framework_item.html", {"item": item, "form": form})


# --- courses and the areas they develop --------------------------------------------------------------------


@login_required
@require_safe
def course_areas(request):
    courses = staff.staff_courses(request.user)  # 404 for anyone but staff
    page = paginate(courses, request.GET, per_page=COURSES_PER_PAGE)
    chosen = staff.areas_of([course.pk for course in page.items])
    labels = staff.area_labels()
    here = request.get_full_path()
    rows = [
        {
            "course": course,
            "areas": sorted(chosen[course.pk]),
            "form": CourseAreasForm(
                initial={"areas": sorted(chosen[course.pk]), "next": here},
                labels=labels,
                auto_id=f"id_course{course.pk}_%s",
            ),
        }
        for course in page.items
    ]
    return render(request, "competences/staff/course_areas.html", {"page": page, "rows": rows, "labels": labels})


@login_required
@require_POST
def course_areas_save(request, course_id):
    course = staff.staff_course_or_404(request.user, course_id)
    form = CourseAreasForm(request.POST, labels={number: str(number) for number in AREAS})
    back = local_path(request.POST.get("next")) or reverse("competences:course_areas")

    def save() -> bool:
        if not form.is_valid():
            raise staff.StaffError(_("Choose among the six areas of the framework."))
        return staff.course_areas_set(actor=request.user, course=course, areas=form.cleaned_data["areas"])

    def said(changed: bool) -> str:
        if changed:
            return _("Saved: the areas “%(course)s” develops.") % {"course": course.title}
        return _("Nothing changed for “%(course)s”.") % {"course": course.title}

    return post_action(request, save, success=said, redirect_to=f"{back}#course-{course.pk}")
