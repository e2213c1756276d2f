"""The gradebooks at scale (needs the population's course content, ``learning.content``): a 25-learner group's
gradebook as its trainer and its CSV, the busiest cycle's gradebook (first page, a later page, filtered) as
the Greek NSO's staff, and a learner's own progress page. Target: the group's gradebook p95 ≤ 50 ms."""

BENCH = "learning_gradebook"


def run(ctx) -> list[dict]:
    from django.db.models import Count
    from django.urls import reverse

    from twinning.learning.models import Enrolment, LearnerGroup, Module, Status
    from twinning.learning.population import generated_courses

    with_content = Module.objects.filter(cycle__course__in=generated_courses()).values("cycle_id")
    group = (
        LearnerGroup.objects.filter(cycle_id__in=with_content, trainer__isnull=False)
        .annotate(members_count=Count("members"))
        .order_by("-members_count", "pk")
        .select_related("trainer__user", "cycle")
        .first()
    )
    if group is None:
        return [{"bench": BENCH, "metric": "error", "value": "no course content: generate the population"}]
    lines = []
    trainer = group.trainer.user
    lines += ctx.measure(BENCH, f"group_gradebook_{group.size}", reverse("learning:group_gradebook", args=[group.pk]),
                         user=trainer)  # fmt: skip
    lines += ctx.measure(BENCH, "group_gradebook_csv", reverse("learning:group_gradebook_csv", args=[group.pk]),
                         user=trainer)  # fmt: skip
    cycle = group.cycle
    if ctx.nso is not None:
        url = reverse("learning:cycle_gradebook", args=[cycle.pk])
        lines += ctx.measure(BENCH, f"cycle_gradebook_{cycle.enrolled_count}", url, user=ctx.nso)
        lines += ctx.measure(BENCH, "cycle_gradebook_page_20", url, user=ctx.nso, params={"page": 20})
        lines += ctx.measure(BENCH, "cycle_gradebook_group", url, user=ctx.nso, params={"group": group.pk})
    learner = Enrolment.objects.filter(cycle=cycle, status=Status.ENROLLED, required_done__gt=5).select_related("user")
    learner = learner.order_by("pk").first()
    if learner is not None:
        lines += ctx.measure(BENCH, "my_progress", reverse("learning:my_progress", args=[cycle.pk]), user=learner.user)
        lines += ctx.measure(BENCH, "outline_learner", reverse("learning:outline", args=[cycle.pk]), user=learner.user)
    return lines
