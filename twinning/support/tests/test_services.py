import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import css_staff, nso_staff, teacher
from twinning.core.errors import DomainError, NotAllowed
from twinning.core.models import AuditEvent, Notification
from twinning.schools.tests.factories import SchoolFactory
from twinning.support import services
from twinning.support.models import (
    CannedReply,
    Channel,
    MessageKind,
    Route,
    Status,
    Ticket,
    TicketMessage,
    VisitorRequest,
)

from .factories import category, open_for

pytestmark = pytest.mark.django_db
ATHENS = ZoneInfo("Europe/Athens")


@pytest.fixture
def attica_teacher(greece, attica):
    return teacher(
        country=greece, status=ValidationStatus.VALIDATED, school=SchoolFactory(country=greece, region=attica)
    )


def test_pedagogical_question_goes_to_the_ambassadors_of_the_region(attica_teacher, attica_ambassador, attica):
    ticket = open_for(attica_teacher, key="pedagogical")
    assert (ticket.route, ticket.region, ticket.country_id) == (Route.AMBASSADORS, attica, attica_teacher.country_id)
    assert Notification.objects.filter(recipient=attica_ambassador, kind="support.new_ticket").exists()
    assert AuditEvent.objects.filter(action="support.ticket_opened", target_id=str(ticket.pk)).exists()
    first = ticket.messages.get()
    assert (first.kind, first.from_agent, first.author, first.body) == ("reply", False, attica_teacher, "Help, please.")
    assert ticket.message_count == 1 and ticket.last_activity_at is not None


def test_pedagogical_question_without_an_ambassador_goes_to_the_nso(attica_teacher, greek_nso):
    ticket = open_for(attica_teacher, key="pedagogical")
    assert ticket.route == Route.NSO
    assert Notification.objects.filter(recipient=greek_nso, kind="support.new_ticket").exists()


def test_an_ambassador_whose_term_ended_does_not_count(attica_teacher, attica_ambassador):
    attica_ambassador.staff_roles.update(term_end=timezone.localdate() - datetime.timedelta(days=1))
    assert open_for(attica_teacher, key="pedagogical").route == Route.NSO


def test_a_country_not_hosted_here_goes_to_the_css(italy):
    italy.hosted_here = False
    italy.save(update_fields=["hosted_here"])
    person = teacher(country=italy)
    css = css_staff()
    ticket = open_for(person)
    assert ticket.route == Route.CSS and ticket.country == italy
    assert Notification.objects.filter(recipient=css, kind="support.new_ticket").exists()


def test_due_times_are_counted_in_business_hours_of_the_nso(monkeypatch, greece):
    person = teacher(country=greece)
    friday = datetime.datetime(2026, 11, 20, 16, 59, tzinfo=ATHENS)
    monkeypatch.setattr(timezone, "now", lambda: friday.astimezone(datetime.UTC))
    cat = category("account")
    cat.first_reply_hours = 1
    cat.save()
    ticket = open_for(person, key="account")
    assert ticket.first_reply_due.astimezone(ATHENS) == datetime.datetime(2026, 11, 23, 9, 59, tzinfo=ATHENS)
    assert ticket.resolution_due > ticket.first_reply_due


def test_acknowledgement_goes_after_the_commit(django_capture_on_commit_callbacks, greece):
    person = teacher(country=greece)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        open_for(person)
    assert callbacks  # the e-mail helper's acknowledgement (and the notices' e-mails) run after the commit


def test_bad_input_changes_nothing(greece):
    person = teacher(country=greece)
    for kwargs in ({"subject": " "}, {"body": ""}, {"body": "x" * 20_001}):
        with pytest.raises(DomainError):
            open_for(person, **kwargs)
    with pytest.raises(DomainError):
        services.open_ticket(email=person.email, requester=person, category=None, subject="s", body="b")
    assert not Ticket.objects.exists() and not AuditEvent.objects.filter(action__startswith="support.").exists()


def test_first_reply_and_statuses(greece, greek_nso):
    person = teacher(country=greece)
    ticket = open_for(person)
    message = services.agent_reply(ticket=ticket, agent=greek_nso, body="Try this.")
    ticket.refresh_from_db()
    assert message.from_agent and ticket.first_replied_at is not None and ticket.status == Status.WAITING
    assert ticket.assignee == greek_nso and ticket.message_count == 2
    assert Notification.objects.filter(recipient=person, kind="support.reply").exists()
    first = ticket.first_replied_at
    services.agent_reply(ticket=ticket, agent=greek_nso, body="And this.", status=Status.RESOLVED)
    ticket.refresh_from_db()
    assert ticket.first_replied_at == first and ticket.status == Status.RESOLVED and ticket.resolved_at
    services.set_status(ticket=ticket, agent=greek_nso, status=Status.CLOSED)
    ticket.refresh_from_db()
    assert ticket.closed_at is not None
    assert ticket.messages.filter(kind=MessageKind.EVENT).exists()


def test_the_queue_sort_key_follows_the_ticket(greece, greek_nso):
    """next_due: the first reply's due time until there is one, then the resolution's; none once resolved."""
    person = teacher(country=greece)
    ticket = open_for(person)
    ticket.refresh_from_db()
    assert ticket.next_due == ticket.first_reply_due and ticket.first_reply_due < ticket.resolution_due
    services.agent_reply(ticket=ticket, agent=greek_nso, body="Try this.")
    ticket.refresh_from_db()
    assert ticket.next_due == ticket.resolution_due
    services.agent_reply(ticket=ticket, agent=greek_nso, body="Done.", status=Status.RESOLVED)
    ticket.refresh_from_db()
    assert ticket.next_due is None
    services.requester_reply(ticket=ticket, body="Not yet.", author=person)
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN and ticket.next_due == ticket.resolution_due


def test_requester_reply_reopens_and_a_closed_ticket_refuses(greece, greek_nso):
    person = teacher(country=greece)
    ticket = open_for(person)
    services.agent_reply(ticket=ticket, agent=greek_nso, body="Done?", status=Status.RESOLVED)
    services.requester_reply(ticket=ticket, body="Not yet.", author=person)
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN and ticket.resolved_at is None
    assert Notification.objects.filter(recipient=greek_nso, kind="support.reply").exists()
    services.set_status(ticket=ticket, agent=greek_nso, status=Status.CLOSED)
    with pytest.raises(DomainError, match="closed; open a new one"):
        services.requester_reply(ticket=ticket, body="Hello?", author=person)
    assert ticket.messages.filter(body="Hello?").count() == 0


def test_only_agents_in_scope_act(greece, italy):
    person = teacher(country=greece)
    ticket = open_for(person)
    with pytest.raises(NotAllowed):
        services.agent_reply(ticket=ticket, agent=nso_staff(italy), body="Hi")
    with pytest.raises(NotAllowed):
        services.add_note(ticket=ticket, agent=person, body="me")


def test_notes_are_kept_apart(greece, greek_nso):
    ticket = open_for(teacher(country=greece))
    note = services.add_note(ticket=ticket, agent=greek_nso, body="Known issue")
    assert note.kind == MessageKind.NOTE


def test_transfer_keeps_the_history_and_tells_the_requester(greece, italy, greek_nso):
    person = teacher(country=greece)
    ticket = open_for(person)
    services.agent_reply(ticket=ticket, agent=greek_nso, body="You moved?")
    italian = nso_staff(italy)
    services.transfer(ticket=ticket, agent=greek_nso, country=italy, reason="Teaches in Italy now")
    ticket.refresh_from_db()
    assert (ticket.route, ticket.country, ticket.assignee) == (Route.NSO, italy, None)
    assert ticket.messages.filter(kind=MessageKind.REPLY).count() == 2
    notice = Notification.objects.get(recipient=person, kind="support.transferred")
    assert "NSO of Italy" in notice.title
    assert Notification.objects.filter(recipient=italian, kind="support.new_ticket").exists()
    with pytest.raises(NotAllowed):  # no longer the Greek NSO's
        services.add_note(ticket=ticket, agent=greek_nso, body="x")


def test_transfer_needs_a_reason_and_the_right_agent(greece, italy, greek_nso, attica_teacher, attica_ambassador):
    ticket = open_for(attica_teacher, key="pedagogical")
    with pytest.raises(DomainError):
        services.transfer(ticket=ticket, agent=greek_nso, country=italy, reason=" ")
    with pytest.raises(NotAllowed):
        services.transfer(ticket=ticket, agent=attica_ambassador, country=italy, reason="no")
    services.transfer(ticket=ticket, agent=attica_ambassador, country=greece, reason="A technical question")
    ticket.refresh_from_db()
    assert ticket.route == Route.NSO and ticket.region is not None  # handed back to the NSO of Greece


def test_escalate_to_the_css(greece, greek_nso, attica_ambassador, attica_teacher):
    ticket = open_for(attica_teacher)
    with pytest.raises(NotAllowed):
        services.escalate(ticket=ticket, agent=attica_ambassador, reason="fault")
    services.escalate(ticket=ticket, agent=greek_nso, reason="Confirmed platform fault")
    ticket.refresh_from_db()
    assert ticket.route == Route.CSS
    assert AuditEvent.objects.filter(action="support.escalated", reason="Confirmed platform fault").exists()
    with pytest.raises(NotAllowed):
        services.escalate(ticket=ticket, agent=greek_nso, reason="again")


def test_merge_moves_the_messages_and_closes_the_duplicate(greece, greek_nso):
    person = teacher(country=greece)
    first, second = open_for(person, body="first"), open_for(person, body="second")
    other = open_for(teacher(country=greece))
    with pytest.raises(DomainError):
        services.merge(ticket=second, into=other, agent=greek_nso)
    with pytest.raises(DomainError):
        services.merge(ticket=second, into=second, agent=greek_nso)
    services.merge(ticket=second, into=first, agent=greek_nso)
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.merged_into == first and second.status == Status.CLOSED
    assert set(first.messages.filter(kind=MessageKind.REPLY).values_list("body", flat=True)) == {"first", "second"}
    assert first.message_count == 2


def test_rating_once_only_by_the_requester_after_resolution(greece, greek_nso):
    person = teacher(country=greece)
    ticket = open_for(person)
    with pytest.raises(DomainError):
        services.rate(ticket=ticket, requester=person, rating=5)
    services.agent_reply(ticket=ticket, agent=greek_nso, body="Fixed.", status=Status.RESOLVED)
    with pytest.raises(NotAllowed):
        services.rate(ticket=ticket, requester=teacher(country=greece), rating=5)
    with pytest.raises(DomainError):
        services.rate(ticket=ticket, requester=person, rating=6)
    services.rate(ticket=ticket, requester=person, rating=4, comment="Quick")
    ticket.refresh_from_db()
    assert (ticket.satisfaction, ticket.satisfaction_comment) == (4, "Quick")
    with pytest.raises(DomainError):
        services.rate(ticket=ticket, requester=person, rating=1)


def test_canned_placeholders_are_filled_safely(greece, greek_nso):
    person = teacher(country=greece, first_name="Ελένη", last_name="Νικολάου")
    ticket = open_for(person)
    canned = services.canned_reply_save(
        agent=greek_nso, country=greece, title="Hello",
        body_en="Dear {name}, about {ticket}: {0.__class__} {unknown} {agent}", body_el="Αγαπητή {name}",
    )  # fmt: skip
    text = services.render_canned(canned, ticket, greek_nso, "en")
    assert text.startswith(f"Dear Ελένη Νικολάου, about #{ticket.pk}: {{0.__class__}} {{unknown}} ")
    assert text.endswith(greek_nso.display_name)
    assert services.render_canned(canned, ticket, greek_nso, "el") == "Αγαπητή Ελένη Νικολάου"


def test_canned_replies_are_kept_within_the_country(greece, italy, greek_nso):
    with pytest.raises(DomainError):
        services.canned_reply_save(agent=greek_nso, country=italy, title="x", body_en="x", body_el="x")
    with pytest.raises(DomainError):
        services.canned_reply_save(agent=greek_nso, country=None, title="x", body_en="x", body_el="x")
    everywhere = services.canned_reply_save(agent=css_staff(), country=None, title="All", body_en="a", body_el="α")
    with pytest.raises(NotAllowed):
        services.canned_reply_delete(agent=greek_nso, canned=everywhere)
    assert CannedReply.objects.count() == 1


def test_phone_call_logged_by_an_agent(greece, greek_nso):
    person = teacher(country=greece)
    ticket = open_for(person, channel=Channel.PHONE, logged_by=greek_nso)
    first = ticket.messages.filter(kind=MessageKind.REPLY).get()
    assert first.author == greek_nso and first.via == Channel.PHONE and not first.from_agent
    assert ticket.messages.filter(kind=MessageKind.EVENT, body__contains="phone call").exists()
    with pytest.raises(NotAllowed):
        open_for(person, channel=Channel.PHONE, logged_by=teacher(country=greece))


def test_assign_only_to_agents_who_may_handle_it(greece, italy, greek_nso):
    ticket = open_for(teacher(country=greece))
    colleague = nso_staff(greece)
    services.assign(ticket=ticket, agent=greek_nso, assignee=colleague)
    ticket.refresh_from_db()
    assert ticket.assignee == colleague
    for outsider in (nso_staff(italy), teacher(country=greece)):
        with pytest.raises(DomainError):
            services.assign(ticket=ticket, agent=greek_nso, assignee=outsider)
    ticket.refresh_from_db()
    assert ticket.assignee == colleague


def test_visitor_ticket_waits_for_the_link(greece, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = services.visitor_request(
            email="visitor@example.org", name="Νίκος", country=greece, category=category(), subject="Joining",
            body="How do I join?", language="en",
        )  # fmt: skip
    assert not Ticket.objects.exists()
    assert len(mail.outbox) == 1 and f"/support/confirm/{request.token}/" in mail.outbox[0].body
    ticket = services.visitor_confirm(token=request.token)
    assert ticket.email_verified and ticket.requester is None and ticket.requester_email == "visitor@example.org"
    assert not VisitorRequest.objects.exists()


def test_an_expired_visitor_link_is_refused(greece):
    request = services.visitor_request(
        email="v@example.org", name="Νίκος", country=greece, category=category(), subject="s", body="b", language="el"
    )
    VisitorRequest.objects.filter(pk=request.pk).update(created_at=timezone.now() - datetime.timedelta(hours=49))
    with pytest.raises(DomainError, match="expired"):
        services.visitor_confirm(token=request.token)
    assert not Ticket.objects.exists()


def test_the_hourly_sweep_deletes_only_expired_visitor_requests(greece):
    from twinning.core import scheduling
    from twinning.support.tasks import sweep_visitor_requests

    def ask(email):
        return services.visitor_request(email=email, name="Νίκος", country=greece, category=category(), subject="s",
                                        body="b", language="el")  # fmt: skip

    old, fresh = ask("old@example.org"), ask("fresh@example.org")
    VisitorRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(hours=49))
    VisitorRequest.objects.filter(pk=fresh.pk).update(created_at=timezone.now() - datetime.timedelta(hours=47))
    assert "support.sweep_visitor_requests" in scheduling.registered()
    assert sweep_visitor_requests.call() == 1
    assert list(VisitorRequest.objects.values_list("email", flat=True)) == ["fresh@example.org"]
    assert services.visitor_confirm(token=fresh.token).requester_email == "fresh@example.org"


def test_e_mail_reply_threads_once(greece):
    person = teacher(country=greece)
    ticket = open_for(person)
    services.requester_reply(ticket=ticket, body="By mail", via=Channel.EMAIL, author_email=person.email,
                             email_message_id="<abc@example.org>")  # fmt: skip
    assert TicketMessage.objects.filter(email_message_id="<abc@example.org>").count() == 1
