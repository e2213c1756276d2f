"""Background work of the courses: the daily balancing into groups of the cycles whose enrolment has closed, and
the rule "start by a date" (learners warned, then their places freed).
Safe to run twice (balancing keeps existing placements)."""

from datetime import timedelta

from django_tasks import task

from twinning.core.scheduling import register_periodic


@task()
def balance_closed_cycles() -> int:
    from .services import balance_closed_cycles as run

    return run()


register_periodic("learning.balance_groups", balance_closed_cycles, timedelta(days=1))


# enrolment_extra: the rule "start by a date" (warn those who have not started, then free their places).
@task()
def start_by_sweep() -> dict:
    from .enrolment_extra import start_by_sweep as run

    return run()


register_periodic("learning.start_by", start_by_sweep, timedelta(days=1))


# Certificates of the volunteer trainers of the cycles that have ended (idempotent: certified ids are skipped).
@task()
def request_tutoring_certificates() -> int:
    from .certificate_sources import request_tutoring_certificates as run

    return run()


register_periodic("learning.tutoring_certificates", request_tutoring_certificates, timedelta(days=1))
