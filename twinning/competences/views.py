"""Self-reflection pages: the teacher's own (start with the privacy notice, answer area by area in any order,
saved as you go, complete, read the report) and the group impact reports (staff of the country, trainers for
their own groups), with their CSV."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.core.actions import post_action
from twinning.core.csv_export import csv_response
from twinning.core.errors import DomainError
from twinning.core.lookups import get_or_404
from twinning.core.paging import paginate
from twinning.learning import policies as learning_policies
from twinning.learning.models import Course, Cycle, LearnerGroup
from twinning.reference.models import Region

from . import framework as fw
from . import policies, report_pages, selectors, services
from . import report as group_report
from .forms import ReportFilterForm, StartForm
from .models import Area, Role


def _reflector(request) -> None:
    if not policies.can_reflect(request.user):
        raise Http404


@login_required
def home(request):
    _reflector(request)
    invitations = selectors.open_invitations(request.user)
    drafts = selectors.drafts_by_invitation(request.user, invitations)
    reflections = selectors.my_reflections(request.user)
    return render(request, "competences/home.html", {
        "invitations": [(i, drafts.get(i.pk)) for i in invitations],
        "reflections": reflections,
        "free_draft": next((r for r in reflections if r.phase == "free" and not r.done), None),
        "sees_reports": policies.can_see_reports(request.user),
    })  # fmt: skip


@login_required
def start(request):
    """The notice before the first answer (who sees what), the choice of keeping the answers named or
    anonymous, then the questionnaire."""
    _reflector(request)
    invitation = None
    if request.GET.get("invitation") or request.POST.get("invitation"):
        invitation = policies.own_invitation_or_404(
            request.user, request.GET.get("invitation") or request.POST.get("invitation")
        )
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reflection = services.reflection_start(
                person=request.user, anonymous=form.cleaned_data["anonymous"], invitation=invitation
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("competences:home")
        return redirect("competences:take", reflection.pk)
    return render(request, "competences/start.html", {"form": form, "invitation": invitation})


def _area(request, frame) -> int:
    try:
        number = int(request.GET.get("area") or request.POST.get("area") or 1)
    except ValueError:
        number = 1
    return number if any(a.number == number for a in frame.areas) else 1


@login_required
def take(request, reflection_id: int):
    reflection = policies.own_reflection_or_404(request.user, reflection_id)
    if reflection.done:
        return redirect("competences:report", reflection.pk)
    frame = fw.framework(reflection.version)
    number = _area(request, frame)
    if request.method == "POST":
        levels = {}
        for item in frame.items_of_area(number):
            value = request.POST.get(f"item-{item.pk}")
            if value:
                levels[item.pk] = value
        try:
            services.answers_save(reflection=reflection, levels=levels)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(f"{reverse('competences:take', args=[reflection.pk])}?area={number}")
        messages.success(request, _("Your answers are saved."))
        following = number + 1 if number < len(frame.areas) else number
        return redirect(f"{reverse('competences:take', args=[reflection.pk])}?area={following}")
    answers = selectors.answers_of(reflection)
    per_area = {a.number: 0 for a in frame.areas}
    for item in frame.items:
        if item.pk in answers:
            per_area[item.area_number] += 1
    items = [
        (item, list(enumerate(item.statements, start=1)), answers.get(item.pk)) for item in frame.items_of_area(number)
    ]
    area = next(a for a in frame.areas if a.number == number)
    return render(request, "competences/take.html", {
        "reflection": reflection, "frame": frame, "area": area, "items": items,
        "per_area": [(a, per_area[a.number], len(frame.items_of_area(a.number))) for a in frame.areas],
        "answered": len(answers), "total": len(frame.items), "complete": len(answers) >= len(frame.items),
        "next_area": number + 1 if number < len(frame.areas) else None,
    })  # fmt: skip


@login_required
@require_POST
def answer(request, reflection_id: int):
    """One answer, saved as the teacher picks it (the page's script); the no-script path is ``take``'s form."""
    reflection = policies.own_reflection_or_404(request.user, reflection_id)
    try:
        answered = services.answer_save(reflection=reflection, item_id=request.POST.get("item"),
                                        level=request.POST.get("level"))  # fmt: skip
    except DomainError as exc:
        return JsonResponse({"error": str(exc.message)}, status=400)
    return JsonResponse({"answered": answered})


@login_required
@require_POST
def complete(request, reflection_id: int):
    reflection = policies.own_reflection_or_404(request.user, reflection_id)
    anonymous = reflection.anonymous
    try:
        done = services.reflection_complete(reflection=reflection)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("competences:take", reflection.pk)
    if anonymous:
        # Shown once: nothing ties the stored answers to the teacher any more.
        report = selectors.personal_report(done)
        return render(request, "competences/report.html", {"report": report, "once": True})
    messages.success(request, _("Your self-reflection is complete. Here is your report."))
    return redirect("competences:report", done.pk)


@login_required
@require_POST
def discard(request, reflection_id: int):
    reflection = policies.own_reflection_or_404(request.user, reflection_id)
    return post_action(
        request, lambda: services.reflection_discard(reflection=reflection),
        success=_("Your answers were thrown away. You can start again."), redirect_to="competences:home",
    )  # fmt: skip


@login_required
def report(request, reflection_id: int):
    reflection = policies.own_reflection_or_404(request.user, reflection_id)
    if not reflection.done:
        return redirect("competences:take", reflection.pk)
    return render(request, "competences/report.html", {"report": selectors.personal_report(reflection)})


# Group reports ------------------------------------------------------------------------------------------------


def _report_context(request, course_id) -> dict:
    user = request.user
    course = get_or_404(Course.objects.all(), pk=course_id)
    staff = learning_policies.can_author(user, course.country_id)
    own_groups = (
        []
        if staff
        else list(
            LearnerGroup.objects.filter(cycle__course_id=course.pk, trainer__user_id=user.pk).select_related("cycle")
        )
    )
    if not staff and not own_groups:
        raise Http404
    cycles = list(Cycle.objects.filter(course_id=course.pk).order_by("-starts_on", "pk"))
    if not staff:
        cycles = [c for c in cycles if any(g.cycle_id == c.pk for g in own_groups)]
    chosen_cycle = (
        report_pages.as_int(request.GET.get("cycle"))
        if staff
        else report_pages.as_int(request.GET.get("cycle")) or cycles[0].pk
    )
    if chosen_cycle is not None and all(c.pk != chosen_cycle for c in cycles):
        chosen_cycle = None
    groups = (
        list(LearnerGroup.objects.filter(cycle_id=chosen_cycle).order_by("number"))
        if staff and chosen_cycle
        else [g for g in own_groups if g.cycle_id == chosen_cycle]
    )
    regions = list(Region.objects.filter(country_id=course.country_id).order_by("name_en"))
    data = request.GET.copy()
    data.setdefault("level", "4")  # the share at B2 or higher unless another level is chosen
    form = ReportFilterForm(data, cycles=cycles, groups=groups, regions=regions, trainer=not staff)
    form.is_valid()  # a bad value drops that filter only: the valid ones are in cleaned_data
    chosen = form.cleaned_data
    flt: dict[str, Any] = {}
    if chosen_cycle:
        flt["cycle"] = chosen_cycle
    group = chosen.get("group") or (groups[0].pk if not staff and groups else None)
    if group and any(g.pk == group for g in groups):
        flt["group"] = group
    if chosen.get("region") and any(r.pk == chosen["region"] for r in regions):
        flt["region"] = chosen["region"]
    role = chosen.get("role") or (Role.TRAINEE if not staff else "")
    if role:
        flt["role"] = role
    threshold = chosen.get("level") or 4
    result = group_report.build([c.pk for c in Cycle.objects.filter(course_id=course.pk)], flt,
                          breakdown=chosen.get("by") or "" if staff else "", threshold=threshold)  # fmt: skip
    areas = list(Area.objects.filter(version=fw.current()).order_by("number"))
    rows = report_pages.area_rows(result, areas)
    return {
        "rows": rows, "chart": report_pages.chart_rows(rows), "levels": range(1, 7),
        "course": course, "form": form, "report": result, "staff": staff, "areas": areas,
        "cycle": next((c for c in cycles if c.pk == chosen_cycle), None),
        "group": next((g for g in groups if g.pk == flt.get("group")), None),
        "query": request.GET.urlencode(),
    }  # fmt: skip


@login_required
def reports(request):
    if not policies.can_see_reports(request.user):
        raise Http404
    page = paginate(report_pages.cycles_for(request.user), request.GET, per_page=30)
    return render(request, "competences/reports.html", {
        "page": page, "staff": policies.is_report_staff(request.user),
        "framework_editor": policies.can_edit_framework(request.user),
    })  # fmt: skip


@login_required
def course_report(request, course_id: int):
    context = _report_context(request, course_id)
    return render(request, "competences/course_report.html", context)


@login_required
def course_report_csv(request, course_id: int):
    context = _report_context(request, course_id)
    name = f"self-reflection-{course_id}.csv"
    return csv_response(name, report_pages.csv_header(), report_pages.csv_rows(context["report"]))
