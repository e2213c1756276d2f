"""Courses and cycles for tests, made through the services by the NSO staff of the course's country."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import nso_staff, teacher
from twinning.learning import services
from twinning.learning.models import Eligibility, Kind, Pacing, Topic


def etwinner(country, **kwargs):
    return teacher(country=country, status=ValidationStatus.VALIDATED, **kwargs)


def make_course(country, *, staff=None, title="Digital tools in class", published=True, **kwargs):
    staff = staff or nso_staff(country)
    fields = {
        "title": title,
        "description": "<p>Two hundred hours.</p>",
        "audience": "Teachers",
        "hours": 200,
        "language": None,
        "topic": Topic.ICT,
        "kind": Kind.TRAINERS,
        "pacing": Pacing.COHORT,
        "published": published,
        **kwargs,
    }
    return services.course_create(actor=staff, country=country, **fields), staff


def make_cycle(course, staff, *, capacity=None, eligibility=Eligibility.ANYONE, opens_in_days=-1, closes_in_days=10,
               not_if_completed=True, name="2026-27"):  # fmt: skip
    now = timezone.now()
    return services.cycle_create(
        actor=staff,
        course=course,
        name=name,
        starts_on=(now + timedelta(days=20)).date(),
        ends_on=(now + timedelta(days=200)).date(),
        enrolment_opens_at=now + timedelta(days=opens_in_days),
        enrolment_closes_at=now + timedelta(days=closes_in_days),
        capacity=capacity,
        eligibility=eligibility,
        not_if_completed=not_if_completed,
    )


def make_module(cycle, *, title="Module 1", position=0, opens_at=None):
    from twinning.learning.models import Module

    return Module.objects.create(cycle=cycle, title=title, position=position, opens_at=opens_at)


def make_activity(module, kind, *, title=None, required=True, max_points=0, **fields):
    """An activity written directly (the authoring services are tested on their own); the cycle's count of
    required activities kept as the services keep it."""
    from twinning.learning.models import Activity
    from twinning.learning.progress import recount_required

    activity = Activity.objects.create(
        cycle_id=module.cycle_id, module=module, kind=kind, title=title or f"{kind} activity",
        required=required, max_points=max_points, **fields,
    )  # fmt: skip
    recount_required(module.cycle_id)
    return activity


def enrolled(cycle, country, **kwargs):
    """An eTwinner of ``country`` with a place in ``cycle``."""
    person = etwinner(country, **kwargs)
    return services.enrol(cycle=cycle, user=person)
