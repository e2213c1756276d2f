"""The staff home and the audit log: who may open them, what they show, scoped by country."""

import datetime
import re

import pytest
from django.utils import timezone

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import PASSWORD, css_staff, log_in, nso_staff, teacher, totp_code
from twinning.core.models import AuditEvent
from twinning.core.services import audit_record
from twinning.staff.models import StaffRole

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/en/staff/", "/en/staff/audit/"])
def test_teachers_cannot_open_the_staff_pages(client, greece, path):
    log_in(client, teacher(country=greece, status=ValidationStatus.VALIDATED))
    assert client.get(path).status_code == 403


def test_the_staff_home_counts_what_waits_in_the_staff_members_countries(client, greece, italy):
    for _ in range(3):
        teacher(country=greece, status=ValidationStatus.PENDING)
    teacher(country=italy, status=ValidationStatus.PENDING)
    log_in(client, nso_staff(greece))
    response = client.get("/en/staff/")
    assert response.status_code == 200
    states = {card.key: state for card, state in response.context["cards"]}
    assert states["accounts.validation"].waiting == 3
    assert states["accounts.validation"].oldest is not None
    assert "Teachers waiting for validation" in response.content.decode()


def test_staff_land_on_the_staff_home_after_logging_in(client, greece):
    staff = nso_staff(greece)
    response = client.post("/en/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert response["Location"].startswith("/en/accounts/2fa/authenticate/")
    response = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(staff)})
    assert response["Location"] == "/en/staff/"


def test_teachers_land_on_their_dashboard_after_logging_in(client, greece):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED)
    response = client.post("/en/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert response["Location"] == "/en/me/"


def test_an_ambassador_sees_the_staff_home_without_queues_and_no_audit_log(client, attica_ambassador):
    log_in(client, attica_ambassador)
    response = client.get("/en/staff/")
    assert response.status_code == 200
    # Ambassadors decide nothing; the one queue they have is their region's helpdesk tickets.
    assert [card.key for card, _state in response.context["cards"]] == ["support.first_reply"]
    assert response.context["recent"] == []
    assert "/en/staff/region/" in response.content.decode()
    assert client.get("/en/staff/audit/").status_code == 403


def test_the_audit_log_shows_only_the_staff_members_countries_in_words(client, greece, italy):
    greek = teacher(country=greece, first_name="Ελένη", last_name="Γεωργίου")
    italian = teacher(country=italy, first_name="Giulia", last_name="Rossi")
    audit_record(actor=None, action="person.validated", target=greek, country_code="GR")
    audit_record(actor=None, action="person.validated", target=italian, country_code="IT")
    log_in(client, nso_staff(greece))
    page = client.get("/en/staff/audit/").content.decode()
    assert "Γεωργίου" in page and "Rossi" not in page
    assert re.search(r"<td[^>]*>validated</td>", page)
    css = client.__class__()
    log_in(css, css_staff())
    everything = css.get("/en/staff/audit/").content.decode()
    assert "Γεωργίου" in everything and "Rossi" in everything


def test_the_audit_log_filters_by_decision_name_and_dates(client, greece):
    person = teacher(country=greece, first_name="Νίκος", last_name="Αντωνίου")
    audit_record(actor=None, action="person.rejected", target=person, country_code="GR", reason="no school")
    old = audit_record(actor=None, action="person.validated", target=person, country_code="GR")
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=40))
    log_in(client, nso_staff(greece))

    def rows(**params):
        return list(client.get("/en/staff/audit/", params).context["page"].items)

    assert [e.action for e in rows(action="person.rejected")] == ["person.rejected"]
    assert len(rows(q="Αντωνίου")) == 2
    assert rows(q="nobody-like-this") == []
    since = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    assert "person.validated" not in {e.action for e in rows(since=since)}
    assert client.get("/en/staff/audit/", {"q": "nobody-like-this"}).status_code == 200
    assert "No decision matches these filters." in client.get("/en/staff/audit/", {"q": "zzz"}).content.decode()


def test_a_bad_filter_value_is_ignored_not_a_500(client, greece):
    log_in(client, nso_staff(greece))
    assert client.get("/en/staff/audit/", {"since": "not-a-date", "action": "<script>"}).status_code == 200


def test_the_staff_home_and_audit_log_keep_a_fixed_number_of_queries(client, greece, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    log_in(client, nso_staff(greece))
    client.get("/en/staff/")

    def count(path):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx.captured_queries)

    few = {p: count(p) for p in ("/en/staff/", "/en/staff/audit/")}
    for _ in range(15):
        person = teacher(country=greece)
        audit_record(actor=None, action="person.validated", target=person, country_code="GR")
    assert {p: count(p) for p in few} == few


def test_nso_staff_are_offered_only_ambassadors_of_their_own_countries(client, greece, italy):
    log_in(client, nso_staff(greece))
    form = client.get("/en/staff/roles/").context["form"]
    assert [value for value, _label in form.fields["kind"].choices] == [StaffRole.Kind.AMBASSADOR]
    assert "country" not in form.fields
    assert set(form.fields["region"].queryset.values_list("country__code", flat=True)) == {"GR"}


def test_roles_whose_term_ended_are_not_listed_as_in_force(client, greece, attica, administrator):
    ended = teacher(country=greece, status=ValidationStatus.VALIDATED, last_name="Παλαιός")
    StaffRole.objects.create(
        user=ended,
        kind=StaffRole.Kind.AMBASSADOR,
        country=greece,
        region=attica,
        term_start=datetime.date(2022, 9, 1),
        term_end=datetime.date(2024, 8, 31),
    )
    log_in(client, administrator)
    roles = client.get("/en/staff/roles/").context["roles"]
    assert ended.pk not in {role.user_id for role in roles}
