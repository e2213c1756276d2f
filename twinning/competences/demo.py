"""The demo's self-reflections (``manage.py load_demo``, after the courses and their content, position 78).

- The running cycle of the first course with trainers (the one learning's demo gives two groups and their
  trainers) gets a class large enough for the impact report: demo trainees are added (validated through the
  accounts demo's own steps, enrolled through ``learning.services.enrol`` and placed with
  ``groups_balance``) until the cycle has 36 learners, two groups of 18. In each group most answer before and
  after (9 pairs in the demo learner's group, 10 in the other), two answer only before, five answer
  anonymously (no person, no key, the day only), one did not answer; their invitations say who was asked and
  when they answered.
- Volunteer trainers answer before and after only when the cycle has at least five of them (a trainers'
  report needs five to be shown): learning's demo gives it two, so today the demo has no trainers' rows.
- The demo learner that learning's demo prints (the first learner in a group) has one completed free-standing
  reflection, so that the personal report shows, and an open invitation to the before phase of the running
  cycle, which they have not answered: they can try it.
- The ICT course develops areas 2 and 3 of the framework, the AI MOOC areas 2 and 6 (``CourseArea``): the
  "next steps" of a personal report.

The levels are drawn from a seeded generator (the same every time). Done once: a second run finds the
cycle's reflections and the learner's free-standing one and adds nothing.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from datetime import time as clock

from django.db import transaction
from django.utils import timezone

from twinning.core.demo import register_demo

CLASS_SIZE = 36  # learners of the running cycle: two groups of 18
ONLY_BEFORE = 2  # per group
ANONYMOUS = 5  # per group: with them, each phase has 5 or more besides the pairs, so pairs can be shown
NOT_ANSWERED = 1  # per group, besides the demo learner
AREAS_OF = {"Ψηφιακά εργαλεία στην τάξη": (2, 3), "Τεχνητή Νοημοσύνη για εκπαιδευτικούς (MOOC)": (2, 6)}
OFFSET = {1: 0.2, 2: 0.3, 3: 0.0, 4: -0.45, 5: 0.1, 6: -0.4}


def _running_cycle():
    from twinning.learning.models import Cycle, Kind

    return (
        Cycle.objects.filter(course__kind=Kind.TRAINERS, course__country__code="GR")
        .select_related("course", "course__country")
        .order_by("course_id", "pk")
        .first()
    )


def load_competences() -> list[tuple[str, str]]:
    from twinning.learning.models import Enrolment

    cycle = _running_cycle()
    if cycle is None:
        return []
    learner = Enrolment.objects.filter(group__isnull=False).select_related("user").order_by("pk").first()
    with transaction.atomic():
        _course_areas()
        if learner is not None:
            _free_reflection(learner.user)
        _cycle_phases(cycle, learner.user if learner is not None else None)
    if learner is None:
        return []
    return [(learner.user.email, "digital-competence self-reflection: a personal report, a course phase to answer")]


def _course_areas() -> None:
    from twinning.learning.models import Course

    from .models import CourseArea

    for course in Course.objects.filter(title__in=AREAS_OF, country__code="GR"):
        for area in AREAS_OF[course.title]:
            CourseArea.objects.get_or_create(course=course, area=area)


def _day(moment: datetime) -> datetime:
    """Midnight of the (local) day of ``moment``: all that is kept of when an anonymous reflection was made."""
    return timezone.make_aware(datetime.combine(timezone.localtime(moment).date(), clock.min))


def _region_of(user_id: int):
    from twinning.schools.models import SchoolMembership

    return (
        SchoolMembership.objects.filter(user_id=user_id, is_primary=True)
        .values_list("school__region_id", flat=True)
        .first()
    )


def _levels(rng: random.Random, latent: float, areas: list[int]) -> list[int]:
    return [min(6, max(1, round(latent + OFFSET[a] + rng.gauss(0, 0.55)))) for a in areas]


def _reflect(*, version, items, levels, person, anonymous, phase, role, cycle, group, country_id, region_id,
             completed):  # fmt: skip
    from . import scoring
    from .models import Answer, Reflection

    fields = scoring.scores(zip((i.area_number for i in items), levels, strict=True))
    if anonymous:
        extra = {"person": None, "pseudonym": "", "started_at": None, "completed_at": _day(completed)}
    else:
        extra = {
            "person": person,
            "pseudonym": scoring.pseudonym(person.pk, cycle.pk if cycle else None, role),
            "started_at": completed - timedelta(minutes=25),
            "completed_at": completed,
        }
    reflection = Reflection.objects.create(
        version=version, anonymous=anonymous, phase=phase, role=role, cycle=cycle, group=group,
        country_id=country_id, region_id=region_id, answered=len(levels), **extra, **fields,
    )  # fmt: skip
    Answer.objects.bulk_create(
        Answer(reflection=reflection, item=item, level=level) for item, level in zip(items, levels, strict=True)
    )
    return reflection


def _free_reflection(user) -> None:
    """One completed reflection of the demo learner's own, two months ago."""
    from . import framework
    from .models import Phase, Reflection, Role

    if Reflection.objects.filter(person=user, phase=Phase.FREE).exists():
        return
    frame = framework.framework()
    rng = random.Random(11)
    _reflect(
        version=frame.version, items=frame.items, levels=_levels(rng, 2.8, [i.area_number for i in frame.items]),
        person=user, anonymous=False, phase=Phase.FREE, role=Role.TRAINEE, cycle=None, group=None,
        country_id=user.country_id, region_id=_region_of(user.pk),
        completed=timezone.now().replace(hour=18, minute=40, second=0, microsecond=0) - timedelta(days=60),
    )  # fmt: skip


def _add_learners(cycle) -> None:
    """Demo trainees until the cycle has ``CLASS_SIZE`` learners, validated by the NSO as every demo teacher is,
    enrolled and placed in the two groups."""
    from twinning.accounts.demo import DOMAIN, _advance, _user
    from twinning.accounts.models import User, ValidationStatus, Visibility
    from twinning.learning import services
    from twinning.learning.models import Enrolment, Status
    from twinning.learning.services import LearningError
    from twinning.reference.population import GREEK_FEMALE, GREEK_MALE, GREEK_SURNAMES
    from twinning.schools.models import School, SchoolStatus
    from twinning.staff.models import StaffRole

    country = cycle.course.country
    nso = User.objects.filter(staff_roles__kind=StaffRole.Kind.NSO, staff_roles__country=country).first()
    schools = list(School.objects.filter(country=country, status=SchoolStatus.VALIDATED).order_by("pk")[:10])
    if nso is None or not schools:
        return
    have = Enrolment.objects.filter(cycle=cycle, status=Status.ENROLLED).count()
    now = timezone.now()
    for n in range(1, CLASS_SIZE - have + 1):
        female = n % 3 != 0
        first = (GREEK_FEMALE if female else GREEK_MALE)[(n * 7) % len(GREEK_FEMALE if female else GREEK_MALE)]
        last = GREEK_SURNAMES[(n * 5) % len(GREEK_SURNAMES)][1 if female else 0]
        user, created = _user(f"trainee{n:02d}@{DOMAIN}", first, last, preferred_language="el",
                              visibility=Visibility.MEMBERS)  # fmt: skip
        if created:
            _advance(user, school=schools[n % len(schools)], status=ValidationStatus.VALIDATED, days=100 + 9 * n,
                     staff=nso, now=now)  # fmt: skip
            user.refresh_from_db()
        try:
            services.enrol(cycle=cycle, user=user)
        except LearningError:  # enrolment closed (a demo loaded long ago) or already there: the class stays smaller
            continue
    services.groups_balance(cycle=cycle, actor=nso)


def _cycle_phases(cycle, demo_learner) -> None:
    from twinning.learning.models import Enrolment, Status
    from twinning.learning.schedule import cycle_start

    from . import framework
    from .models import Invitation, Phase, Reflection, Role

    if Reflection.objects.filter(cycle=cycle).exists() or Invitation.objects.filter(cycle=cycle).exists():
        return
    _add_learners(cycle)
    frame = framework.framework()
    areas = [i.area_number for i in frame.items]
    rng = random.Random(2026)
    now = timezone.now()
    start = cycle_start(cycle).replace(hour=9)
    after_sent = now.replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=4)
    closes = timedelta(days=30)
    learners = (
        Enrolment.objects.filter(cycle=cycle, status=Status.ENROLLED, group__isnull=False)
        .select_related("user", "group")
        .order_by("group__number", "pk")
    )
    by_group: dict[int, list] = {}
    for enrolment in learners:
        by_group.setdefault(enrolment.group_id, []).append(enrolment)
    invitations = []
    for members in by_group.values():
        answering = [e for e in members if demo_learner is None or e.user_id != demo_learner.pk]
        for index, enrolment in enumerate(answering):
            person = enrolment.user
            latent = rng.gauss(2.6, 0.6)
            if index < ANONYMOUS:
                kind = "anonymous"
            elif index < ANONYMOUS + ONLY_BEFORE:
                kind = "only before"
            elif index >= len(answering) - NOT_ANSWERED:
                kind = "not answered"
            else:
                kind = "pair"
            before_at = after_at = None
            common = {"version": frame.version, "items": frame.items, "person": person, "role": Role.TRAINEE,
                      "cycle": cycle, "group": enrolment.group, "country_id": cycle.course.country_id,
                      "region_id": _region_of(person.pk)}  # fmt: skip
            if kind != "not answered":
                completed = min(
                    now - timedelta(hours=2), start + timedelta(days=rng.randrange(0, 5), hours=rng.randrange(1, 5))
                )
                _reflect(levels=_levels(rng, latent, areas), anonymous=kind == "anonymous", phase=Phase.BEFORE,
                         completed=completed, **common)  # fmt: skip
                before_at = _day(completed)
            if kind in ("pair", "anonymous"):
                gain = rng.gauss(0.8 - 0.3 * (latent - 2.6), 0.35) if rng.random() > 0.15 else rng.gauss(0, 0.1)
                completed = min(
                    now - timedelta(minutes=30),
                    after_sent + timedelta(days=rng.randrange(0, 3), hours=rng.randrange(1, 5)),
                )
                _reflect(levels=_levels(rng, latent + gain, areas), anonymous=kind == "anonymous", phase=Phase.AFTER,
                         completed=completed, **common)  # fmt: skip
                after_at = _day(completed)
            for phase, sent, answered in ((Phase.BEFORE, start, before_at), (Phase.AFTER, after_sent, after_at)):
                invitations.append(
                    Invitation(person=person, cycle=cycle, phase=phase, role=Role.TRAINEE, invited_at=sent,
                               closes_at=sent + closes, answered_at=answered)
                )  # fmt: skip
    invitations += _trainers(cycle, frame, rng, start, after_sent)
    if demo_learner is not None and Enrolment.objects.filter(cycle=cycle, user=demo_learner).exists():
        # Asked to answer the before phase (still open), not yet answered: theirs to try.
        invitations.append(Invitation(person=demo_learner, cycle=cycle, phase=Phase.BEFORE, role=Role.TRAINEE,
                                      invited_at=start, closes_at=start + closes))  # fmt: skip
    Invitation.objects.bulk_create(invitations)


def _trainers(cycle, frame, rng: random.Random, start: datetime, after_sent: datetime) -> list:
    """The cycle's volunteer trainers' before and after, when there are enough of them for a report (five)."""
    from twinning.learning.models import CycleTrainer

    from .models import Invitation, Phase, Role

    people = [row.trainer.user for row in CycleTrainer.objects.filter(cycle=cycle).select_related("trainer__user")]
    if len(people) < 5:
        return []
    now = timezone.now()
    areas = [i.area_number for i in frame.items]
    invitations = []
    for person in people:
        latent = rng.gauss(3.9, 0.5)
        for phase, sent, level in ((Phase.BEFORE, start, latent), (Phase.AFTER, after_sent, latent + 0.2)):
            completed = min(now - timedelta(minutes=30), sent + timedelta(days=1, hours=2))
            _reflect(version=frame.version, items=frame.items, levels=_levels(rng, level, areas), person=person,
                     anonymous=False, phase=phase, role=Role.TRAINER, cycle=cycle, group=None, completed=completed,
                     country_id=cycle.course.country_id, region_id=_region_of(person.pk))  # fmt: skip
            invitations.append(
                Invitation(person=person, cycle=cycle, phase=phase, role=Role.TRAINER, invited_at=sent,
                           closes_at=sent + timedelta(days=30), answered_at=_day(completed))
            )  # fmt: skip
    return invitations


register_demo("competences", load_competences, position=78)
