import pytest

from twinning.accounts.models import AccountSuspension, ValidationStatus, Visibility
from twinning.accounts.tests.factories import css_staff, nso_staff, teacher
from twinning.contacts.models import Message
from twinning.contacts.tests.factories import etwinner
from twinning.core.errors import NotAllowed
from twinning.core.models import AuditEvent, Notification
from twinning.moderation import selectors, services
from twinning.moderation.models import Decision, Report, ReportReason, ReportStatus
from twinning.moderation.tests.factories import message_between

pytestmark = pytest.mark.django_db


@pytest.fixture
def maria(greece):
    return etwinner(greece)


@pytest.fixture
def giulia(italy):
    return etwinner(italy)


@pytest.fixture
def reported(maria, giulia):
    """Giulia reports a message Maria (Greek) sent her."""
    message = message_between(maria, giulia, "Buy my course at http://spam.example")
    report = services.report_create(
        reporter=giulia, kind="contacts.message", object_id=message.pk, reason=ReportReason.SPAM, text="spam"
    )
    return report, message


def test_report_copies_author_country_and_excerpt(reported, maria, greece):
    report, message = reported
    assert report.author == maria and report.author_country == greece
    assert report.excerpt.startswith("Buy my course") and report.status == ReportStatus.OPEN


def test_one_open_report_per_reporter_and_item(reported, giulia):
    report, message = reported
    with pytest.raises(services.ModerationError, match="already reported"):
        services.report_create(reporter=giulia, kind="contacts.message", object_id=message.pk, reason="spam")
    assert Report.objects.count() == 1


def test_only_the_other_participant_reports_a_message(reported, maria, greece):
    _report, message = reported
    with pytest.raises(services.ModerationError):
        services.report_create(reporter=maria, kind="contacts.message", object_id=message.pk, reason="spam")
    with pytest.raises(services.ModerationError):
        services.report_create(reporter=etwinner(greece), kind="contacts.message", object_id=message.pk, reason="spam")
    pending = teacher(country=greece, status=ValidationStatus.PENDING)
    with pytest.raises(NotAllowed):
        services.report_create(reporter=pending, kind="contacts.message", object_id=message.pk, reason="spam")


def test_unknown_kind_missing_object_and_bad_reason(giulia, reported):
    _report, message = reported
    for kind, object_id in (("nope.thing", 1), ("contacts.message", 999_999)):
        with pytest.raises(services.ModerationError):
            services.report_create(reporter=giulia, kind=kind, object_id=object_id, reason="spam")
    Report.objects.all().delete()
    with pytest.raises(services.ModerationError) as exc:
        services.report_create(reporter=giulia, kind="contacts.message", object_id=message.pk, reason="bogus")
    assert exc.value.field == "reason"


def test_nso_of_another_country_cannot_decide(reported, italy):
    report, _message = reported
    with pytest.raises(NotAllowed):
        services.report_decide(actor=nso_staff(italy), report=report, decision=Decision.DISMISS, reason="fine")
    assert Report.objects.get().status == ReportStatus.OPEN


def test_hide_closes_every_open_report_on_the_item_and_tells_reporters(reported, greece, giulia):
    report, message = reported
    nso = nso_staff(greece)
    closed = services.report_decide(actor=nso, report=report, decision=Decision.HIDE, reason="Advertising")
    assert closed == 1
    assert Message.objects.get(pk=message.pk).is_hidden
    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED and report.decided_by == nso and report.decision == "hide"
    assert AuditEvent.objects.filter(action="moderation.hide", reason="Advertising").count() == 1
    assert AuditEvent.objects.filter(action="contacts.message_hidden").count() == 1
    assert Notification.objects.filter(recipient=giulia, kind="moderation.report_outcome").count() == 1
    with pytest.raises(services.ModerationError, match="already been decided"):
        services.report_decide(actor=nso, report=report, decision=Decision.DISMISS, reason="x")


def test_a_reason_is_required(reported, greece):
    report, _message = reported
    with pytest.raises(services.ModerationError) as exc:
        services.report_decide(actor=nso_staff(greece), report=report, decision=Decision.DISMISS, reason="  ")
    assert exc.value.field == "reason"


def test_dismiss_warn_suspend_and_hide_profile(reported, maria, greece, giulia):
    report, message = reported
    css = css_staff()
    services.report_decide(actor=css, report=report, decision=Decision.DISMISS, reason="Not spam")
    assert Report.objects.get().status == ReportStatus.DISMISSED
    assert not Message.objects.get(pk=message.pk).is_hidden

    def again():
        return services.report_create(reporter=giulia, kind="contacts.message", object_id=message.pk, reason="spam")

    services.report_decide(actor=css, report=again(), decision=Decision.WARN, reason="Be polite")
    assert Notification.objects.filter(recipient=maria, kind="moderation.warning").exists()
    services.report_decide(actor=css, report=again(), decision=Decision.HIDE_PROFILE, reason="Spam profile")
    maria.refresh_from_db()
    assert maria.visibility == Visibility.HIDDEN
    services.report_decide(actor=css, report=again(), decision=Decision.SUSPEND, reason="Repeated spam")
    maria.refresh_from_db()
    assert not maria.is_active and AccountSuspension.objects.filter(user=maria).exists()
    assert AuditEvent.objects.filter(action__startswith="moderation.").count() == 4


def test_queue_is_scoped_to_the_authors_country(reported, greece, italy):
    assert [r.pk for r in selectors.queue(staff=nso_staff(greece))] == [reported[0].pk]
    assert list(selectors.queue(staff=nso_staff(italy))) == []
    state = selectors.queue_state(nso_staff(greece))
    assert state.waiting == 1 and state.oldest is not None
    assert selectors.queue_state(nso_staff(italy)).waiting == 0


def test_profile_reports(maria, giulia, greece):
    report = services.report_create(reporter=giulia, kind="accounts.profile", object_id=maria.pk, reason="spam")
    services.report_decide(actor=nso_staff(greece), report=report, decision=Decision.HIDE, reason="Advertising")
    maria.refresh_from_db()
    assert maria.visibility == Visibility.HIDDEN
