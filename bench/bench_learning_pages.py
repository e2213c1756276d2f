"""The learning pages (/en/learning/): the catalogue (browse, filtered, open for enrolment, a later page), a
course page as a visitor and as a teacher (enrolled or not), "My learning", and a busy cycle's enrolment list
and its waiting list as the Greek NSO's staff. Needs the population's courses (``learning`` generator)."""

PATH = "/en/learning/"
BENCH = "learning_pages"


def run(ctx) -> list[dict]:
    from twinning.learning.models import Cycle, Enrolment, Status
    from twinning.learning.population import generated_courses

    courses = generated_courses()
    if not courses.exists():
        return [{"bench": BENCH, "metric": "error", "value": "no courses: generate the population"}]
    lines = []
    for case, params in (
        ("catalogue", {}),
        ("catalogue_filtered", {"topic": "ict", "kind": "trainers"}),
        ("catalogue_open", {"open": "on"}),
        ("catalogue_page_2", {"page": 2}),
    ):
        lines += ctx.measure(BENCH, case, PATH, params=params)
    cycle = Cycle.objects.filter(course__in=courses).order_by("-enrolled_count", "-starts_on", "pk").first()
    course_url = f"/en/learning/courses/{cycle.course_id}/"
    lines += ctx.measure(BENCH, "course_visitor", course_url)
    enrolled = (
        Enrolment.objects.filter(cycle__course__in=courses, status=Status.ENROLLED)
        .select_related("user", "cycle")
        .order_by("pk")
        .first()
    )
    if enrolled is not None:
        lines += ctx.measure(BENCH, "course_teacher_enrolled", f"/en/learning/courses/{enrolled.cycle.course_id}/",
                             user=enrolled.user)  # fmt: skip
        lines += ctx.measure(BENCH, "my_learning", "/en/learning/mine/", user=enrolled.user)
    teacher = ctx.sample_person("GR")
    if teacher is not None:
        lines += ctx.measure(BENCH, "course_teacher", course_url, user=teacher)
    if ctx.nso is not None:
        enrolments = f"/en/learning/staff/cycles/{cycle.pk}/enrolments/"
        lines += ctx.measure(BENCH, "cycle_enrolments_staff", enrolments, user=ctx.nso)
        lines += ctx.measure(BENCH, "cycle_enrolments_page_5", enrolments, user=ctx.nso, params={"page": 5})
        lines += ctx.measure(BENCH, "cycle_waiting_staff", enrolments, user=ctx.nso, params={"list": "waiting"})
    lines += _content_pages(ctx, courses)
    return lines


def _content_pages(ctx, courses) -> list[dict]:
    """A learner of the busiest current cycle with content (``learning.content``): the outline, a page, a quiz's
    introduction and an assignment, as that learner."""
    from django.urls import reverse

    from twinning.learning.models import Activity, ActivityKind, Enrolment, Status

    enrolment = (
        Enrolment.objects.filter(cycle__course__in=courses, status=Status.ENROLLED, required_done__gt=4,
                                 cycle__modules__isnull=False)
        .select_related("user").order_by("pk").first()
    )  # fmt: skip
    if enrolment is None:
        return []
    lines = ctx.measure(BENCH, "outline_learner", reverse("learning:outline", args=[enrolment.cycle_id]),
                        user=enrolment.user)  # fmt: skip
    first = Activity.objects.filter(cycle_id=enrolment.cycle_id, module__position=0)  # released at the start
    for kind, name in (
        (ActivityKind.PAGE, "page"),
        (ActivityKind.QUIZ, "quiz"),
        (ActivityKind.ASSIGNMENT, "assignment"),
    ):
        activity = first.filter(kind=kind).order_by("module__position", "position").first()
        if activity is not None:
            lines += ctx.measure(BENCH, f"{name}_learner", reverse(f"learning:{name}", args=[activity.pk]),
                                 user=enrolment.user)  # fmt: skip
    return lines
