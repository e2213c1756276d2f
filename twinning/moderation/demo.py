"""One open report in the demo (after the people and their contacts): an Italian teacher reports a Greek
teacher's profile, so that the Greek NSO's moderation queue and staff card show something. Idempotent."""

from __future__ import annotations

from twinning.accounts.models import User
from twinning.core.demo import register_demo

from . import services
from .models import Report, ReportReason

REPORTER = "giulia.rossi@istruzione.it"
AUTHOR = "d.karagiannis@sch.gr"


def load_demo_reports() -> list[tuple[str, str]]:
    people = {u.email: u for u in User.objects.filter(email__in=[REPORTER, AUTHOR])}
    reporter, author = people.get(REPORTER), people.get(AUTHOR)
    if reporter is None or author is None:
        return []
    if not Report.objects.filter(kind="accounts.profile", object_id=author.pk, reporter=reporter).exists():
        services.report_create(
            reporter=reporter,
            kind="accounts.profile",
            object_id=author.pk,
            reason=ReportReason.SPAM,
            text="The profile advertises paid private lessons with a phone number.",
        )
    return []


register_demo("moderation", load_demo_reports, position=90)
