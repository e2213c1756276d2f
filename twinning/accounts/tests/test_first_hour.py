"""The first hour of a new teacher: sign-up and its e-mail, confirming the address, the forms' error
summary, Greek messages, account settings and the e-mails the platform sends."""

import re
from email.utils import parseaddr

import pytest
from django.core import mail
from django.utils import timezone

from twinning.accounts import services
from twinning.accounts.models import NotificationPreference, User, ValidationStatus
from twinning.accounts.tasks import send_validation_decision
from twinning.accounts.tests.factories import UserFactory, log_in, teacher

pytestmark = pytest.mark.django_db

SIGNUP = {
    "first_name": "Άννα",
    "last_name": "Μαρκοπούλου",
    "email": "anna.m@sch.gr",
    "password1": "a-long-pass-phrase-42",
    "password2": "a-long-pass-phrase-42",
    "accept_terms": "on",
}


def _confirmation_path(message) -> str:
    return re.search(r"https?://[^/]+(/\S+/accounts/confirm-email/\S+/)", message.body).group(1)


# --- Sign-up ----------------------------------------------------------------------------------------------


def test_the_confirmation_e_mail_is_branded_multipart_and_in_the_visitors_language(client):
    client.post("/el/accounts/signup/", SIGNUP)
    (message,) = mail.outbox
    assert message.subject.startswith("[eTwinning] ")
    assert "Hello from" not in message.body and "127.0.0.1" not in message.subject
    html = {kind: body for body, kind in message.alternatives}["text/html"]
    assert _confirmation_path(message) in html and "eTwinning" in html
    assert "Άννα" in message.body  # greeted by name
    assert re.search(r"[α-ω]{4,}", message.subject)  # the subject is in Greek


def test_confirming_the_e_mail_signs_the_teacher_in_and_leads_to_the_next_step(client):
    client.post("/el/accounts/signup/", SIGNUP)
    path = _confirmation_path(mail.outbox[0])
    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == "/el/me/join/role/"
    assert client.get("/el/me/join/role/").status_code == 200  # signed in: no login page in between
    assert User.objects.get(email=SIGNUP["email"]).emailaddress_set.get().verified


def test_a_failed_sign_up_shows_an_error_summary_linked_to_each_field(client):
    response = client.post("/en/accounts/signup/", {**SIGNUP, "password1": "short", "password2": "short"})
    page = response.content.decode()
    summary = re.search(r'<div class="error-summary"[^>]*data-error-summary[^>]*>(.*?)</div>', page, re.S)
    assert summary, "the form comes back with an error summary"
    assert 'href="#id_password1"' in summary.group(1)
    assert re.search(r'href="#id_password1">Password: ', summary.group(1)), "each error names its field"
    assert 'id="id_password1_error"' in page
    assert re.search(r'<input[^>]*name="password1"[^>]*aria-describedby="[^"]*id_password1_error', page)
    assert re.search(r'<input[^>]*name="first_name"[^>]*value="Άννα"', page)  # the input is kept


def test_the_password_rules_answer_in_greek_on_greek_pages(client):
    response = client.post("/el/accounts/signup/", {**SIGNUP, "password1": "anna.m@sch", "password2": "anna.m@sch"})
    page = response.content.decode()
    assert "too short" not in page and "too similar" not in page
    assert "κωδικός πρόσβασης" in page.lower()
    assert "συνθηματικό" not in page.lower()


@pytest.mark.parametrize("path", ["/el/accounts/login/", "/el/accounts/signup/", "/el/accounts/password/reset/"])
def test_the_account_pages_use_the_glossarys_greek(client, path):
    page = client.get(path).content.decode()
    assert "Συνθηματικό" not in page and "συνθηματικό" not in page
    assert ">Email<" not in page and "Είσοδος" not in page


# --- Account settings ---------------------------------------------------------------------------------


def test_account_settings_need_a_login(client):
    response = client.get("/en/me/settings/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_language_is_changed_in_the_settings_and_the_page_follows_it(client):
    person = UserFactory(preferred_language="en")
    log_in(client, person)
    response = client.post("/en/me/settings/", {"section": "language", "preferred_language": "el"})
    assert response.status_code == 302 and response["Location"] == "/el/me/settings/"
    person.refresh_from_db()
    assert person.preferred_language == "el"


def test_a_bad_language_changes_nothing(client):
    person = UserFactory(preferred_language="en")
    log_in(client, person)
    response = client.post("/en/me/settings/", {"section": "language", "preferred_language": "xx"})
    assert response.status_code == 200 and response.context["language_form"].errors
    person.refresh_from_db()
    assert person.preferred_language == "en"


def test_turning_an_e_mail_off_keeps_the_in_app_notice(client, greece):
    person = teacher(country=greece, status=ValidationStatus.PENDING)
    log_in(client, person)
    page = client.get("/en/me/settings/")
    form = page.context["notices_form"]
    name = next(n for n, kind in form.kinds.items() if kind == "validation.validated")
    others = {n: "immediately" for n in form.kinds if n != name}
    client.post("/en/me/settings/", {"section": "notices", name: "never", **others})
    assert NotificationPreference.objects.get(user=person, kind="validation.validated").delivery == "never"

    User.objects.filter(pk=person.pk).update(validation_status=ValidationStatus.VALIDATED, decided_at=timezone.now())
    assert send_validation_decision.call([person.pk], ValidationStatus.VALIDATED) == 0
    assert mail.outbox == []
    assert person.notifications.filter(kind="validation.validated").exists()


def test_unknown_notice_kinds_are_refused(greece):
    with pytest.raises(services.JoinIncomplete):
        services.notification_preferences_set(user=UserFactory(), delivery_by_kind={"made.up": "never"})
    with pytest.raises(services.JoinIncomplete):
        services.notification_preferences_set(user=UserFactory(), delivery_by_kind={"validation.validated": "hourly"})
    assert not NotificationPreference.objects.exists()


def test_the_settings_page_lists_the_addresses_the_second_factor_and_the_sessions(client):
    person = UserFactory(email="maria@sch.gr")
    log_in(client, person)
    page = client.get("/en/me/settings/").content.decode()
    assert "maria@sch.gr" in page
    assert "/accounts/2fa/" in page and "/accounts/sessions/" in page and "/accounts/password/change/" in page


# --- The platform's own e-mails ------------------------------------------------------------------------


def test_the_decision_e_mail_is_signed_and_sent_by_the_nso_with_one_link(greece):
    from twinning.reference.models import SupportOrganisation

    person = teacher(country=greece, status=ValidationStatus.PENDING, first_name="Ελένη")
    person.preferred_language = "el"
    person.save()
    User.objects.filter(pk=person.pk).update(validation_status=ValidationStatus.VALIDATED, decided_at=timezone.now())
    send_validation_decision.call([person.pk], ValidationStatus.VALIDATED)
    (message,) = mail.outbox
    nso = SupportOrganisation.objects.get(country=greece).name_el  # in the reader's language
    assert parseaddr(message.from_email) == (nso, "no-reply@twinning.example")
    assert message.subject.startswith("[eTwinning] ")
    assert "Ελένη" in message.body and nso in message.body
    html = message.alternatives[0][0]
    assert html.count("/el/me/") >= 1 and "<html" in html


def test_the_rejection_e_mail_gives_the_reason_and_the_way_to_fix_it(greece):
    person = teacher(country=greece, status=ValidationStatus.PENDING)
    User.objects.filter(pk=person.pk).update(
        validation_status=ValidationStatus.REJECTED, decided_at=timezone.now(), rejection_reason="Λάθος σχολείο"
    )
    send_validation_decision.call([person.pk], ValidationStatus.REJECTED)
    (message,) = mail.outbox
    assert "Λάθος σχολείο" in message.body and "/me/join/schools/" in message.body


def test_the_console_backend_prints_readable_headers(capsys):
    from django.core.mail import EmailMessage

    from twinning.core.mail import ReadableConsoleBackend

    ReadableConsoleBackend().send_messages([EmailMessage("Επιβεβαιώστε τη διεύθυνση", "Σώμα", "a@b.gr", ["c@d.gr"])])
    printed = capsys.readouterr().out
    assert "Subject: Επιβεβαιώστε τη διεύθυνση" in printed and "=?utf-8?" not in printed


# --- Promises kept ----------------------------------------------------------------------------------------


def test_validating_a_teacher_validates_the_school_they_proposed(client, greece, greek_nso):
    from twinning.core.models import AuditEvent, Notification
    from twinning.schools.models import SchoolStatus

    person = UserFactory(community_role="teacher")
    services.school_propose_and_attach(
        user=person, country=greece, name="Δημοτικό Σχολείο Αγίου Ευστρατίου", city="Άγιος Ευστράτιος"
    )
    services.validation_request(user=person)
    school = person.school_memberships.get().school
    assert school.status == SchoolStatus.PROPOSED
    log_in(client, greek_nso)
    page = client.get(f"/en/staff/people/{person.pk}/").content.decode()
    assert "validating the person validates that school too" in page
    client.post(f"/en/staff/people/{person.pk}/", {"action": "validate", "reason": ""})
    school.refresh_from_db()
    assert school.status == SchoolStatus.VALIDATED
    assert AuditEvent.objects.filter(action="school.validated", target_id=str(school.pk)).exists()
    assert Notification.objects.filter(recipient=person, kind="school.validated").exists()


def test_rejecting_a_teacher_leaves_their_proposed_school_waiting(greece, greek_nso):
    from twinning.schools.models import SchoolStatus

    person = UserFactory(community_role="teacher")
    school = services.school_propose_and_attach(user=person, country=greece, name="Νέο Σχολείο", city="Πόλη")
    services.validation_request(user=person)
    services.people_reject(staff=greek_nso, people=[User.objects.get(pk=person.pk)], reason="Λάθος")
    school.refresh_from_db()
    assert school.status == SchoolStatus.PROPOSED


# --- Forms that fit a person --------------------------------------------------------------------------------


def test_the_profiles_long_lists_put_the_likely_choices_first(client, greece):
    from twinning.reference.models import Language

    person = teacher(country=greece, status=ValidationStatus.VALIDATED)
    person.languages.set(Language.objects.filter(code="it"))
    log_in(client, person)
    form = client.get("/en/me/profile/").context["form"]
    (likely_label, likely), (_others_label, others) = form.fields["languages"].widget.choices
    likely_names = {name for _pk, name in likely}
    assert {"Greek", "English", "Italian"} <= likely_names  # the country's, English, and the person's own
    assert "Finnish" in {name for _pk, name in others}
    page = client.get("/en/me/profile/").content.decode()
    assert page.count("<details") >= 2  # the other languages and the other subjects are folded


def test_a_language_from_the_folded_list_can_be_chosen(client, greece):
    from twinning.reference.models import Language

    person = teacher(country=greece, status=ValidationStatus.VALIDATED)
    log_in(client, person)
    finnish = Language.objects.get(code="fi")
    client.post(
        "/en/me/profile/",
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "visibility": person.visibility,
            "languages": [finnish.pk],
        },
    )
    assert list(person.languages.values_list("code", flat=True)) == ["fi"]


def test_the_consent_box_links_the_privacy_notice(client):
    page = client.get("/en/accounts/signup/").content.decode()
    assert 'href="/en/about/privacy/"' in page
    assert client.get("/en/about/privacy/").status_code == 200
