"""Self-reflection pages: the teacher's own (start with the privacy notice, answer area by area in any order,
saved as you go, complete, read the report) and the group impact reports (staff of the country, trainers for
their own groups), with their CSV."""

from __future__ import annotations

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
from twinning.core.paging import paginate
from twinning.reference.models import Region

from . import framework as fw
from . import policies, report_pages, selectors, services
from . import report as group_report
from .forms import ReportFilterForm, StartForm
from .models import Area


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
    scope = policies.report_scope_or_404(request.user, course_id)
    cycle = scope.cycle(report_pages.as_int(request.GET.get("cycle")))
    groups = scope.groups(cycle)
    regions = list(Region.objects.filter(country_id=scope.course.country_id).order_by("name_en"))
    data = request.GET.copy()
    data.setdefault("level", "4")  # the share at B2 or higher unless another level is chosen
    form = ReportFilterForm(data, cycles=scope.cycles, groups=groups, regions=regions, trainer=not scope.staff)
    form.is_valid()  # a bad value drops that filter only: the valid ones are in cleaned_data
    chosen = form.cleaned_data
    flt = scope.slice(cycle, groups, group=chosen.get("group"), region=chosen.get("region"), role=chosen.get("role"),
                      region_ids={r.pk for r in regions})  # fmt: skip
    result = group_report.build(scope.all_cycle_ids, flt, breakdown=(chosen.get("by") or "") if scope.staff else "",
                                threshold=chosen.get("level") or 4)  # fmt: skip
    areas = list(Area.objects.filter(version=fw.current()).order_by("number"))
    rows = report_pages.area_rows(result, areas)
    return {
        "rows": rows, "chart": report_pages.chart_rows(rows), "levels": range(1, 7), "areas": areas,
        "course": scope.course, "form": form, "report": result, "staff": scope.staff, "cycle": cycle,
        "group": next((g for g in groups if g.pk == flt.get("group")), None), "query": request.GET.urlencode(),
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
    return csv_response(name, report_pages.csv_header(), report_pages.csv_rows(context["report"], context["areas"]))
