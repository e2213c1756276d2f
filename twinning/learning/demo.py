"""The demo's courses (``manage.py load_demo``), made by the Greek NSO's demo staff member through the
services: two Greek courses with trainers and an open cycle (one of them full, with a waiting list), and a
self-paced MOOC open to anyone registered; a few demo teachers enrolled."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from twinning.core.demo import register_demo


def school_year(today) -> str:
    first = today.year if today.month >= 9 else today.year - 1
    return f"{first}-{(first + 1) % 100:02d}"


def load_learning() -> list[tuple[str, str]]:
    from twinning.accounts.models import User, ValidationStatus
    from twinning.reference.models import Country, Language
    from twinning.staff.models import StaffRole

    from . import services
    from .models import Course, Eligibility, Kind, Pacing, Topic

    if Course.objects.exists():
        _demo_groups()
        return _accounts()
    greece = Country.objects.filter(code="GR").first()
    nso = User.objects.filter(staff_roles__kind=StaffRole.Kind.NSO, staff_roles__country=greece).first()
    if greece is None or nso is None:
        return []
    greek = Language.objects.filter(code="el").first()
    teachers = list(
        User.objects.filter(
            validation_status=ValidationStatus.VALIDATED, country=greece, staff_roles__isnull=True, is_active=True
        ).order_by("pk")[:6]
    )
    now = timezone.now()
    year = school_year(now.date())
    specs = [
        # (title, topic, kind, pacing, hours, capacity, eligibility, teachers to enrol)
        ("Ψηφιακά εργαλεία στην τάξη", Topic.ICT, Kind.TRAINERS, Pacing.COHORT, 200, 400, Eligibility.ETWINNERS,
         teachers[:4]),
        ("STEM και εκπαιδευτική ρομποτική", Topic.STEM, Kind.TRAINERS, Pacing.COHORT, 200, 3, Eligibility.ETWINNERS,
         teachers[:5]),
        ("Τεχνητή Νοημοσύνη για εκπαιδευτικούς (MOOC)", Topic.AI, Kind.MOOC, Pacing.SELF_PACED, 30, None,
         Eligibility.ANYONE, teachers[2:4]),
    ]  # fmt: skip
    for title, topic, kind, pacing, hours, capacity, eligibility, enrol in specs:
        course = services.course_create(
            actor=nso,
            country=greece,
            title=title,
            description=f"<p>{title}: επιμόρφωση των εκπαιδευτικών από την ΕΟΥ eTwinning.</p>",
            audience="Εκπαιδευτικοί όλων των βαθμίδων",
            hours=hours,
            language=greek,
            topic=topic,
            kind=kind,
            pacing=pacing,
            published=True,
        )
        cycle = services.cycle_create(
            actor=nso,
            course=course,
            name=year,
            starts_on=(now + timedelta(days=21)).date(),
            ends_on=(now + timedelta(days=200)).date(),
            enrolment_opens_at=now - timedelta(days=7),
            enrolment_closes_at=now + timedelta(days=14),
            capacity=capacity,
            eligibility=eligibility,
            not_if_completed=True,
        )
        for teacher in enrol:
            services.enrol(cycle=cycle, user=teacher)
    _demo_groups()
    return _accounts()


def _accounts() -> list[tuple[str, str]]:
    """The demo's trainers and one learner, for ``make run`` to print."""
    from .models import Enrolment, LearnerGroup

    shown = []
    groups = LearnerGroup.objects.filter(trainer__isnull=False).select_related("trainer__user", "cycle__course")
    for group in groups.order_by("cycle_id", "number"):
        shown.append(
            (group.trainer.user.email, f"volunteer trainer of group {group.number}, “{group.cycle.course.title}”")
        )
    learner = Enrolment.objects.filter(group__isnull=False).select_related("user").order_by("pk").first()
    if learner is not None:
        shown.append((learner.user.email, "trainee in an online course (My learning)"))
    return shown


def _demo_groups() -> None:
    """The first course's running cycle with two groups of trainees, each with a volunteer trainer (the fifth
    and sixth demo teachers, approved through the call for trainers). Done once."""
    from twinning.accounts.models import User, ValidationStatus
    from twinning.staff.models import StaffRole

    from . import services
    from .models import Cycle, Enrolment, Kind, LearnerGroup, Trainer

    if Trainer.objects.exists():
        return
    cycle = (
        Cycle.objects.filter(course__kind=Kind.TRAINERS, course__country__code="GR")
        .select_related("course", "course__country")
        .order_by("course_id", "pk")
        .first()
    )
    if cycle is None:
        return
    greece = cycle.course.country
    nso = User.objects.filter(staff_roles__kind=StaffRole.Kind.NSO, staff_roles__country=greece).first()
    people = list(
        User.objects.filter(
            validation_status=ValidationStatus.VALIDATED, country=greece, staff_roles__isnull=True, is_active=True
        ).order_by("pk")[4:6]
    )
    if nso is None or len(people) < 2:
        return
    trainers = []
    for person in people:
        application = services.trainer_apply(
            actor=person,
            motivation="Θέλω να βοηθήσω συναδέλφους να χρησιμοποιούν ψηφιακά εργαλεία.",
            experience="Πέντε χρόνια επιμορφώτρια σε σεμινάρια της περιφέρειας.",
        )
        trainers.append(services.application_decide(actor=nso, application=application, approve=True))
        services.cycle_trainer_assign(actor=nso, cycle=cycle, trainer=trainers[-1])
    services.groups_balance(cycle=cycle, actor=nso)
    first = LearnerGroup.objects.filter(cycle=cycle).order_by("number").first()
    if first is None:
        return
    second = LearnerGroup.objects.create(cycle=cycle, number=first.number + 1, trainer=trainers[1])
    members = list(Enrolment.objects.filter(group=first).order_by("pk"))
    for enrolment in members[len(members) // 2 :]:
        services.member_move(actor=nso, enrolment=enrolment, group=second)


register_demo("learning", load_learning, position=75)
