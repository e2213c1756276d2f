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
