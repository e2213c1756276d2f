"""Profile edits (audited; a validated name goes back to the NSO), private profile photos, TOTP secrets at
rest, ambassadors' appointments and what a data export may contain."""

import datetime
import io
import json

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from twinning.accounts import services
from twinning.accounts.models import User, ValidationStatus, Visibility
from twinning.accounts.tests.factories import UserFactory, css_staff, log_in, nso_staff, teacher, with_totp
from twinning.core.models import AuditEvent
from twinning.core.uploads import private_storage
from twinning.staff.models import StaffRole

pytestmark = pytest.mark.django_db


def png(name="photo.png", size=(8, 8)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def profile_post(user, **changes):
    data = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "bio": user.bio,
        "visibility": user.visibility,
        "preferred_language": user.preferred_language,
    }
    data.update(changes)
    return data


# --- Profile edits ------------------------------------------------------------------------------------------


def test_a_validated_teacher_changing_their_name_goes_back_to_the_nso(client, greece):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED, first_name="Μαρία", last_name="Παπά")
    person.visibility = Visibility.PUBLIC
    person.save()
    school = person.school_memberships.get().school
    assert "Παπά" in Client().get(f"/en/schools/{school.pk}/").content.decode()

    log_in(client, person)
    response = client.post("/en/me/profile/", profile_post(person, last_name="Κυριακοπούλου"), follow=True)
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.last_name == "Κυριακοπούλου"
    assert person.validation_status == ValidationStatus.PENDING
    assert person.submitted_at is not None
    event = AuditEvent.objects.get(action="person.identity_changed")
    assert event.data == {"before": "Μαρία Παπά", "after": "Μαρία Κυριακοπούλου"}
    assert "validates your account again" in response.content.decode()
    # Not shown publicly under the new name until the NSO validates it again.
    assert "Κυριακοπούλου" not in Client().get(f"/en/schools/{school.pk}/").content.decode()


def test_other_profile_edits_are_audited_and_keep_the_validation(client, greece):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED)
    log_in(client, person)
    client.post("/en/me/profile/", profile_post(person, bio="Μαθηματικός, ρομποτική"))
    person.refresh_from_db()
    assert person.validation_status == ValidationStatus.VALIDATED
    assert AuditEvent.objects.get(action="person.profile_updated").data == {"fields": ["bio"]}


def test_saving_an_unchanged_profile_writes_nothing(client, greece):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED)
    log_in(client, person)
    client.post("/en/me/profile/", profile_post(person))
    assert not AuditEvent.objects.filter(action__startswith="person.profile").exists()


def test_a_profile_save_never_overwrites_a_staff_decision_taken_meanwhile(greece):
    person = teacher(country=greece, status=ValidationStatus.PENDING)
    stale = User.objects.get(pk=person.pk)  # the profile form was opened before the decision
    services.people_validate(staff=nso_staff(greece), people=[User.objects.get(pk=person.pk)])
    services.profile_update(
        user=stale, first_name=stale.first_name, last_name=stale.last_name, bio="νέο", visibility=stale.visibility
    )
    person.refresh_from_db()
    assert person.validation_status == ValidationStatus.VALIDATED
    assert person.bio == "νέο"


# --- Profile photos -----------------------------------------------------------------------------------------


def test_a_photo_is_stored_privately_under_a_random_name(client, greece, settings):
    person = teacher(country=greece)
    log_in(client, person)
    client.post("/en/me/profile/", {**profile_post(person), "photo": png("Maria Papa.png")})
    person.refresh_from_db()
    assert person.photo.name.startswith("profile-photos/")
    assert "Maria" not in person.photo.name and person.photo.name.endswith(".png")
    assert private_storage().exists(person.photo.name)
    assert not (settings.MEDIA_ROOT / person.photo.name).exists()
    assert client.get(f"/media/{person.photo.name}").status_code == 404


def test_a_replaced_photo_is_deleted_and_a_removed_one_too(client, greece, django_capture_on_commit_callbacks):
    person = teacher(country=greece)
    log_in(client, person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/me/profile/", {**profile_post(person), "photo": png("one.png")})
    person.refresh_from_db()
    first = person.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/me/profile/", {**profile_post(person), "photo": png("two.png")})
    person.refresh_from_db()
    second = person.photo.name
    assert second != first
    assert not private_storage().exists(first) and private_storage().exists(second)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/me/profile/", {**profile_post(person), "remove_photo": "on"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.photo.name == ""
    assert not private_storage().exists(second)


def test_a_photo_too_large_is_refused_before_it_is_read(client, greece, settings):
    person = teacher(country=greece)
    log_in(client, person)
    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (settings.PROFILE_PHOTO_MAX_BYTES + 300 * 1024))
    response = client.post("/en/me/profile/", {**profile_post(person, bio="changed"), "photo": big})
    assert response.status_code == 413
    person.refresh_from_db()
    assert person.bio == "" and not person.photo


def test_a_photo_is_stored_without_its_gps_position(client, greece):
    person = teacher(country=greece)
    log_in(client, person)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (37.0, 58.0, 0.0), 3: "E", 4: (23.0, 43.0, 0.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (10, 120, 200)).save(buffer, "JPEG", exif=exif)
    assert b"PhoneMaker" in buffer.getvalue()
    client.post("/en/me/profile/", {**profile_post(person), "photo": SimpleUploadedFile("me.jpg", buffer.getvalue())})
    person.refresh_from_db()
    with private_storage().open(person.photo.name, "rb") as stored:
        data = stored.read()
    assert person.photo.name.endswith(".jpg") and b"PhoneMaker" not in data
    assert not Image.open(io.BytesIO(data)).getexif()


@pytest.mark.parametrize(
    "name,data",
    [
        ("me.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("me.jpg", b"%PDF-1.4\n%%EOF\n"),
        ("me.gif", b"GIF89a" + b"\x00" * 64),
    ],
)
def test_a_photo_that_is_no_photo_is_refused_in_greek(client, greece, name, data):
    person = teacher(country=greece)
    log_in(client, person)
    response = client.post(
        "/el/me/profile/", {**profile_post(person, bio="changed"), "photo": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["photo"]
    assert errors and not any(
        "a" <= c.lower() <= "z"
        for c in errors[0]
        .replace("JPG", "")
        .replace("PNG", "")
        .replace("WEBP", "")
        .replace("PDF", "")
        .replace("png", "")
        .replace("jpg", "")
    )
    person.refresh_from_db()
    assert person.bio == "" and not person.photo


def _with_photo(person):
    services.profile_update(
        user=person, first_name=person.first_name, last_name=person.last_name, photo=png(), visibility=person.visibility
    )
    return User.objects.get(pk=person.pk)


@pytest.mark.parametrize(
    ("visibility", "anonymous", "member", "etwinner"),
    [
        (Visibility.PUBLIC, 200, 200, 200),
        (Visibility.MEMBERS, 404, 200, 200),
        (Visibility.ETWINNERS, 404, 404, 200),
        (Visibility.HIDDEN, 404, 404, 404),
    ],
)
def test_a_photo_is_served_as_the_profile_visibility_says(greece, visibility, anonymous, member, etwinner):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED)
    person.visibility = visibility
    person.save()
    person = _with_photo(person)
    url = person.photo_url
    assert Client().get(url).status_code == anonymous
    member_client, etwinner_client, own = Client(), Client(), Client()
    log_in(member_client, UserFactory())
    log_in(etwinner_client, teacher(country=greece, status=ValidationStatus.VALIDATED))
    log_in(own, person)
    assert member_client.get(url).status_code == member
    assert etwinner_client.get(url).status_code == etwinner
    response = own.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_staff_of_the_country_see_a_hidden_photo_and_others_do_not(greece, italy):
    person = teacher(country=greece, status=ValidationStatus.PENDING)
    person.visibility = Visibility.HIDDEN
    person.save()
    url = _with_photo(person).photo_url
    greek, italian = Client(), Client()
    log_in(greek, nso_staff(greece))
    log_in(italian, nso_staff(italy))
    assert greek.get(url).status_code == 200
    assert italian.get(url).status_code == 404


def test_private_files_can_be_handed_to_nginx(greece, settings):
    settings.PRIVATE_MEDIA_SERVER = "nginx"
    person = teacher(country=greece, status=ValidationStatus.VALIDATED)
    person.visibility = Visibility.PUBLIC
    person.save()
    person = _with_photo(person)
    response = Client().get(person.photo_url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/_private/" + person.photo.name
    assert response.content == b""


# --- TOTP secrets -------------------------------------------------------------------------------------------


SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ"


def test_totp_secrets_are_encrypted_at_rest_and_still_work():
    user = UserFactory()
    TOTP.activate(user, SECRET)
    stored = Authenticator.objects.get(user=user).data["secret"]
    assert SECRET not in json.dumps(Authenticator.objects.get(user=user).data)
    assert TOTP(Authenticator.objects.get(user=user)).instance is not None
    from allauth.mfa.utils import decrypt

    assert decrypt(stored) == SECRET


def test_no_page_or_export_reveals_a_totp_secret(client):
    admin = with_totp(UserFactory(is_superuser=True, is_staff=True))
    victim = UserFactory()
    TOTP.activate(victim, SECRET)
    authenticator = Authenticator.objects.get(user=victim)
    log_in(client, admin)
    pages = [
        "/en/admin/mfa/authenticator/",
        f"/en/admin/mfa/authenticator/{authenticator.pk}/change/",
        f"/en/admin/accounts/user/{victim.pk}/change/",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        body = response.content.decode()
        assert SECRET not in body and authenticator.data["secret"] not in body, page
    export = json.dumps(services.data_export(user=victim), default=str)
    assert SECRET not in export and authenticator.data["secret"] not in export


# --- Ambassadors --------------------------------------------------------------------------------------------


def appoint(client, email, region, term_start=None, term_end=None):
    today = timezone.localdate()
    return client.post(
        "/en/staff/roles/",
        {
            "email": email,
            "kind": StaffRole.Kind.AMBASSADOR,
            "region": region.pk,
            "term_start": (term_start or today).isoformat(),
            "term_end": (term_end or today + datetime.timedelta(days=700)).isoformat(),
        },
    )


def _errors(response) -> list[str]:
    return [str(e) for e in response.context["form"].non_field_errors()]


def test_nso_staff_appoint_a_validated_teacher_of_their_country(client, greece, attica):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED)
    log_in(client, nso_staff(greece))
    assert appoint(client, person.email, attica).status_code == 302
    assert StaffRole.objects.filter(user=person, kind=StaffRole.Kind.AMBASSADOR, region=attica).exists()
    assert AuditEvent.objects.filter(action="staff_role.granted", target_id=str(person.pk)).exists()


@pytest.mark.parametrize("who", ["unvalidated", "foreign", "css", "no_account"])
def test_nso_staff_cannot_appoint_anyone_else_and_the_answer_reveals_nothing(client, greece, italy, attica, who):
    people = {
        "unvalidated": lambda: teacher(country=greece, status=ValidationStatus.PENDING).email,
        "foreign": lambda: teacher(country=italy, status=ValidationStatus.VALIDATED).email,
        "css": lambda: css_staff().email,
        "no_account": lambda: "nobody-here@sch.gr",
    }
    email = people[who]()
    log_in(client, nso_staff(greece))
    response = appoint(client, email, attica)
    assert response.status_code == 200
    assert _errors(response) == [
        "Only a validated eTwinner of Greece can be appointed ambassador. Check the e-mail address."
    ]
    assert not StaffRole.objects.filter(kind=StaffRole.Kind.AMBASSADOR).exists()


def test_an_ambassador_term_cannot_run_past_the_longest_term(client, greece, attica):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED)
    log_in(client, nso_staff(greece))
    response = appoint(client, person.email, attica, term_end=datetime.date(2126, 8, 31))
    assert response.status_code == 200
    assert "at most 24 months" in _errors(response)[0]
    greece.ambassador_term_months = 36
    greece.save()
    three_years = timezone.localdate() + datetime.timedelta(days=3 * 365 - 10)
    assert appoint(client, person.email, attica, term_end=three_years).status_code == 302


def test_an_ambassador_term_that_has_ended_is_refused(client, greece, attica):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED)
    log_in(client, nso_staff(greece))
    response = appoint(
        client, person.email, attica, term_start=datetime.date(2022, 9, 1), term_end=datetime.date(2024, 8, 31)
    )
    assert "already ended" in _errors(response)[0]


# --- Data export --------------------------------------------------------------------------------------------


def test_a_staff_members_export_names_nobody_else(greece):
    staff = nso_staff(greece, first_name="Ελένη", last_name="Σταματίου")
    person = teacher(country=greece, first_name="Γιάννης", last_name="Ξενάκης", status=ValidationStatus.PENDING)
    services.people_validate(staff=staff, people=[person], reason="checked")
    export = json.dumps(services.data_export(user=staff), ensure_ascii=False, default=str)
    assert "Ξενάκης" not in export and person.email not in export
    decided = [e for e in services.data_export(user=staff)["audit_events"] if e["action"] == "person.validated"]
    assert decided and decided[0]["target"] == "another person" and decided[0]["actor"] == "you"


def test_a_teachers_export_names_no_member_of_staff(greece):
    staff = nso_staff(greece, first_name="Ελένη", last_name="Σταματίου")
    person = teacher(country=greece, status=ValidationStatus.PENDING)
    services.people_validate(staff=staff, people=[person], reason="checked")
    export = services.data_export(user=User.objects.get(pk=person.pk))
    assert "Σταματίου" not in json.dumps(export, ensure_ascii=False, default=str)
    decided = [e for e in export["audit_events"] if e["action"] == "person.validated"]
    assert decided[0]["actor"] == "another person" and decided[0]["target"] == "you"


def test_the_queue_shows_the_name_the_nso_validated(client, greece):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED, first_name="Μαρία", last_name="Παπά")
    services.profile_update(user=person, first_name="Μαρία", last_name="Κυριακοπούλου", visibility=person.visibility)
    log_in(client, nso_staff(greece))
    page = client.get("/en/staff/validation/").content.decode()
    assert "name changed after validation (was: Μαρία Παπά)" in page


def test_erasure_removes_the_names_kept_for_the_nso_check(greece):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED, first_name="Μαρία", last_name="Παπά")
    services.profile_update(user=person, first_name="Μαρία", last_name="Κυριακοπούλου", visibility=person.visibility)
    services.account_erase(user=User.objects.get(pk=person.pk), actor=None, reason="retention")
    event = AuditEvent.objects.get(action="person.identity_changed")
    assert "Παπά" not in json.dumps(event.data, ensure_ascii=False)
    assert "Κυριακοπούλου" not in event.target_label + event.actor_label
