"""Reports and the NSO's decisions. The content is reached through the reportable registry
(``core.registries.reportable(kind).resolve(id)``): hiding it is the owning app's service; warning,
suspending and hiding a profile are the accounts app's moderation services. Every decision is audited with
its reason and told to the reporter(s); the same decision closes every open report on the item."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.accounts import policies as account_policies
from twinning.accounts.models import User
from twinning.accounts.services import notify
from twinning.accounts.services.moderation import account_suspend, profile_hide
from twinning.core.errors import DomainError, NotAllowed
from twinning.core.registries import ReportTarget, reportable
from twinning.core.services import audit_record
from twinning.staff.policies import can_act_for_country, is_support_staff

from .models import DECISION_REASON_MAX, REASON_TEXT_MAX, Decision, Report, ReportReason, ReportStatus


class ModerationError(DomainError):
    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def target_of(kind: str, object_id: int) -> ReportTarget | None:
    entry = reportable(kind)
    return entry.resolve(object_id) if entry is not None else None


@transaction.atomic
def report_create(*, reporter: User, kind: str, object_id: int, reason: str, text: str = "") -> Report:
    """A teacher reports content to the NSO of its author's country. One open report per person and item."""
    if not (account_policies.is_etwinner(reporter) and reporter.is_active):
        raise NotAllowed(_("Only validated eTwinners can report content."))
    target = target_of(kind, object_id)
    if target is None or not target.can_be_reported_by(reporter):
        raise ModerationError(_("This content cannot be reported: it does not exist any more."))
    if getattr(target.author, "pk", None) == reporter.pk:
        raise ModerationError(_("You cannot report your own content."))
    if reason not in ReportReason.values:
        raise ModerationError(_("Choose what is wrong."), field="reason")
    text = (text or "").strip()
    if len(text) > REASON_TEXT_MAX:
        raise ModerationError(_("Keep it under %(max)d characters.") % {"max": REASON_TEXT_MAX}, field="text")
    if Report.objects.filter(kind=kind, object_id=object_id, reporter=reporter, status=ReportStatus.OPEN).exists():
        raise ModerationError(_("You have already reported this; your report is waiting for the NSO."))
    author = target.author
    try:
        with transaction.atomic():
            report = Report.objects.create(
                kind=kind,
                object_id=object_id,
                reporter=reporter,
                reason=reason,
                text=text,
                author=author,
                author_country_id=getattr(author, "country_id", None),
                excerpt=(target.excerpt or "")[:2000],
                url=target.url or "",
            )
    except IntegrityError:  # the same person sent the form twice at once
        raise ModerationError(_("You have already reported this; your report is waiting for the NSO.")) from None
    return report


def _require_staff_for(actor: Any, report: Report) -> None:
    if not (is_support_staff(actor) and can_act_for_country(actor, report.author_country_id)):
        raise NotAllowed(_("Only staff of the author's country can decide on this report."))


def _country_code(report: Report) -> str:
    return report.author_country.code if report.author_country is not None else ""


OUTCOMES = {
    Decision.DISMISS: gettext_lazy("The NSO looked at your report and found nothing against the rules."),
    Decision.HIDE: gettext_lazy("The NSO hid the content you reported."),
    Decision.WARN: gettext_lazy("The NSO warned the author of the content you reported."),
    Decision.SUSPEND: gettext_lazy("The NSO suspended the account of the author of the content you reported."),
    Decision.HIDE_PROFILE: gettext_lazy("The NSO hid the profile of the author of the content you reported."),
}


def _apply(*, actor: User, report: Report, author: User, decision: str, reason: str) -> None:
    """What a decision does besides closing the reports (inside report_decide's transaction)."""
    if decision == Decision.HIDE:
        target = target_of(report.kind, report.object_id)
        if target is None:
            raise ModerationError(_("The content no longer exists: there is nothing to hide."))
        if not target.hidden:
            target.hide(actor, reason)
    elif decision == Decision.WARN:
        notify(
            recipient=author,
            kind="moderation.warning",
            title=gettext_lazy("A warning from your National Support Organisation"),
            body=format_lazy(
                gettext_lazy("Content you published was reported and goes against the platform's rules: {reason}"),
                reason=reason,
            ),
        )
    elif decision == Decision.SUSPEND:
        account_suspend(actor=actor, user=author, reason=reason)
    elif decision == Decision.HIDE_PROFILE:
        profile_hide(actor=actor, user=author, reason=reason)


@transaction.atomic
def content_show_again(*, actor: User, report: Report, reason: str) -> None:
    """Undo a hiding: the NSO of the author's country shows the reported content again (a mistaken decision,
    or the author changed it), with a reason kept in the audit log beside the report's own trail."""
    report = Report.objects.select_for_update(of=("self",)).select_related("author_country").get(pk=report.pk)
    _require_staff_for(actor, report)
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_("Give the reason for the decision: it is kept in the audit log."), field="reason")
    if len(reason) > DECISION_REASON_MAX:
        raise ModerationError(_("Keep it under %(max)d characters.") % {"max": DECISION_REASON_MAX}, field="reason")
    target = target_of(report.kind, report.object_id)
    if target is None or not target.hidden:
        raise ModerationError(_("This content is not hidden."))
    target.unhide(actor, reason)
    audit_record(
        actor=actor,
        action="moderation.shown_again",
        target=report,
        country_code=_country_code(report),
        reason=reason,
        data={"kind": report.kind, "object_id": report.object_id},
    )


@transaction.atomic
def report_decide(*, actor: User, report: Report, decision: str, reason: str) -> int:
    """Decide on a report (and every other open report on the same item): dismiss, hide the content, warn,
    suspend or hide the profile of its author. Returns how many reports it closed."""
    report = Report.objects.select_for_update(of=("self",)).select_related("author", "author_country").get(pk=report.pk)
    _require_staff_for(actor, report)
    if report.status != ReportStatus.OPEN:
        raise ModerationError(_("This report has already been decided."))
    if decision not in Decision.values:
        raise ModerationError(_("Choose a decision."), field="decision")
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_("Give the reason for the decision: it is kept in the audit log."), field="reason")
    if len(reason) > DECISION_REASON_MAX:
        raise ModerationError(_("Keep it under %(max)d characters.") % {"max": DECISION_REASON_MAX}, field="reason")
    if decision != Decision.DISMISS:
        author = report.author
        if author is None or author.anonymised_at is not None:
            raise ModerationError(_("The author's account no longer exists: only dismissing is possible."))
        _apply(actor=actor, report=report, author=author, decision=decision, reason=reason)
    now = timezone.now()
    status = ReportStatus.DISMISSED if decision == Decision.DISMISS else ReportStatus.RESOLVED
    reports = list(
        Report.objects.select_for_update()
        .filter(kind=report.kind, object_id=report.object_id, status=ReportStatus.OPEN)
        .order_by("pk")
    )
    for item in reports:
        item.status, item.decision, item.decision_reason = status, decision, reason
        item.decided_by, item.decided_at = actor, now
    Report.objects.bulk_update(reports, ["status", "decision", "decision_reason", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action=f"moderation.{decision}",
        target=report,
        country_code=_country_code(report),
        reason=reason,
        data={"kind": report.kind, "object_id": report.object_id, "reports": [r.pk for r in reports]},
    )
    for reporter_id in {r.reporter_id for r in reports if r.reporter_id}:
        notify(
            recipient=User.objects.get(pk=reporter_id),
            kind="moderation.report_outcome",
            title=gettext_lazy("Your report was decided"),
            body=OUTCOMES[Decision(decision)],
        )
    return len(reports)
