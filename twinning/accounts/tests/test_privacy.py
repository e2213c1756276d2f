import datetime
import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.files.base import ContentFile
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from twinning.accounts import services
from twinning.accounts.models import User, Visibility
from twinning.accounts.tests.factories import PASSWORD, UserFactory, css_staff, log_in, nso_staff, teacher, with_totp
from twinning.core import privacy as core_privacy
from twinning.core.models import AuditEvent, Notification
from twinning.core.services import audit_record, notification_create
from twinning.core.uploads import private_storage
from twinning.reference.models import AgeBand, Language, Subject
from twinning.schools.models import SchoolMembership
from twinning.schools.tests.factories import CountryFactory, RegionFactory
from twinning.staff.models import StaffRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def taxonomies():
    """Test-only codes, so that reference data loaded by migrations does not interfere."""
    return {
        "el": Language.objects.create(code="t-el", name_en="Test Greek", name_el="Δοκιμαστικά Ελληνικά"),
        "fr": Language.objects.create(code="t-fr", name_en="Test French", name_el="Δοκιμαστικά Γαλλικά"),
        "math": Subject.objects.create(code="t-math", name_en="Test maths", name_el="Δοκιμαστικά Μαθηματικά"),
        "art": Subject.objects.create(code="t-puppetry", name_en="Puppetry", name_el="Κουκλοθέατρο"),
        "7-11": AgeBand.objects.create(code="t-7-11", min_age=7, max_age=11, name_en="7-11", name_el="7-11 ετών"),
        "12-15": AgeBand.objects.create(code="t-12-15", min_age=12, max_age=15, name_en="12-15", name_el="12-15"),
    }


def _person_with_everything(taxonomies, *, country, langs, subject, band, first_name):
    """A validated teacher with profile, school, notification, audit events, TOTP and an ambassador role."""
    user = teacher(country=country, first_name=first_name, bio=f"Bio of {first_name}")
    user.languages.set([taxonomies[c] for c in langs])
    user.subjects.set([taxonomies[subject]])
    user.age_bands.set([taxonomies[band]])
    user.photo.save(f"{first_name}.png", ContentFile(b"\x89PNG fake image"), save=True)
    notification_create(recipient=user, kind="test", title=f"Hello {first_name}", body="body")
    with_totp(user)
    StaffRole.objects.create(
        user=user,
        kind=StaffRole.Kind.AMBASSADOR,
        country=country,
        region=RegionFactory(country=country),
        term_start=datetime.date(2024, 9, 1),
        term_end=datetime.date.today() + datetime.timedelta(days=300),
    )
    audit_record(actor=user, action="person.validation_requested", target=user, country_code=country.code)
    return user


@pytest.fixture
def anna(taxonomies):
    return _person_with_everything(
        taxonomies,
        country=CountryFactory(code="GR"),
        langs=["el", "fr"],
        subject="math",
        band="7-11",
        first_name="Anna",
    )


@pytest.fixture
def bruno(taxonomies):
    return _person_with_everything(
        taxonomies,
        country=CountryFactory(code="IT"),
        langs=["fr"],
        subject="art",
        band="12-15",
        first_name="Bruno",
    )


def _all_strings(data):
    if isinstance(data, dict):
        for k, v in data.items():
            yield str(k)
            yield from _all_strings(v)
    elif isinstance(data, list):
        for v in data:
            yield from _all_strings(v)
    elif data is not None:
        yield str(data)


# --- Export -----------------------------------------------------------------------------------


def test_export_contains_my_data_only_and_no_secrets(client, anna, bruno):
    staff = nso_staff(country=anna.country, first_name="Stella")
    audit_record(actor=staff, action="person.validated", target=anna, reason="looks fine")
    audit_record(actor=staff, action="person.rejected", target=bruno, reason="about bruno only")
    log_in(client, anna)

    response = client.get(reverse("accounts:privacy_export"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="twinning-data-{today}.json"'
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    data = json.loads(body)

    account = data["account"]
    assert account["id"] == anna.pk and account["email"] == anna.email and account["first_name"] == "Anna"
    assert account["bio"] == "Bio of Anna"
    assert account["country"]["code"] == "GR"
    assert {lang["code"] for lang in account["languages"]} == {"t-el", "t-fr"}
    assert account["subjects"] == [{"code": "t-math", "name_en": "Test maths", "name_el": "Δοκιμαστικά Μαθηματικά"}]
    assert [b["code"] for b in account["age_bands"]] == ["t-7-11"]
    assert [s["school_id"] for s in data["schools"]] == [anna.school_memberships.get().school_id]
    assert [r["kind"] for r in data["staff_roles"]] == ["ambassador"]
    assert data["email_addresses"] == [{"email": anna.email, "verified": True, "primary": True}]
    assert [n["title"] for n in data["notifications"]] == ["Hello Anna"]
    assert all(set(a) == {"type", "created_at"} for a in data["mfa_authenticators"])
    assert [a["type"] for a in data["mfa_authenticators"]] == ["totp"]
    events = {(e["action"], e["you_are"]) for e in data["audit_events"]}
    assert ("person.validation_requested", "actor and target") in events
    assert ("person.validated", "target") in events
    assert "person.rejected" not in {e["action"] for e in data["audit_events"]}

    # No secrets: no password hash, no TOTP secret, no password field at all.
    strings = set(_all_strings(data))
    assert "password" not in body.lower()
    assert anna.password not in body
    secret = Authenticator.objects.get(user=anna, type="totp").data["secret"]
    assert secret not in body
    # Nothing of another person.
    for other in (bruno.email, "Bruno", "about bruno only", "Hello Bruno", "Puppetry", "Κουκλοθέατρο"):
        assert not any(other in s for s in strings), other

    # The download itself is audited.
    exported = AuditEvent.objects.get(action="person.data_exported")
    assert exported.actor_id == anna.pk and exported.target_id == str(anna.pk)


def test_export_uses_the_registry_of_other_apps(client, monkeypatch):
    monkeypatch.setattr(core_privacy, "_exporters", dict(core_privacy._exporters))
    core_privacy.register_exporter("projects", lambda user: [{"title": f"Project of {user.pk}"}])
    user = teacher()
    log_in(client, user)
    data = client.get(reverse("accounts:privacy_export")).json()
    assert data["projects"] == [{"title": f"Project of {user.pk}"}]
    assert list(data)[:3] == ["format", "exported_at", "account"]


def test_anonymous_people_are_sent_to_login(client):
    for name in ("accounts:privacy", "accounts:privacy_export", "accounts:delete_account"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    assert client.post(reverse("accounts:delete_account"), {"password": PASSWORD, "confirm": "on"}).status_code == 302


def test_privacy_page_links_to_export_and_delete(client):
    user = teacher()
    log_in(client, user)
    response = client.get(reverse("accounts:privacy"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("accounts:privacy_export") in html and reverse("accounts:delete_account") in html
    assert "1095" in html  # the retention policy in force is explained


# --- Erase ------------------------------------------------------------------------------------


def _snapshot(user):
    user.refresh_from_db()
    return {
        "email": user.email,
        "first_name": user.first_name,
        "is_active": user.is_active,
        "anonymised_at": user.anonymised_at,
        "password": user.password,
        "emails": EmailAddress.objects.filter(user=user).count(),
        "schools": SchoolMembership.objects.filter(user=user).count(),
        "notifications": Notification.objects.filter(recipient=user).count(),
        "languages": user.languages.count(),
        "authenticators": Authenticator.objects.filter(user=user).count(),
        "roles": StaffRole.objects.filter(user=user, revoked_at__isnull=True).count(),
        "audit": AuditEvent.objects.count(),
        "photo": user.photo.name,
    }


def test_delete_page_explains_what_happens(client, anna):
    log_in(client, anna)
    response = client.get(reverse("accounts:delete_account"))
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode() and 'name="confirm"' in response.content.decode()


@pytest.mark.parametrize(
    "data", [{"password": "wrong-password-1", "confirm": "on"}, {"password": PASSWORD}, {"confirm": "on"}]
)
def test_erase_refused_without_password_and_confirmation_changes_nothing(client, anna, data):
    before = _snapshot(anna)
    log_in(client, anna)
    response = client.post(reverse("accounts:delete_account"), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert _snapshot(anna) == before
    assert "_auth_user_id" in client.session


def test_erase_anonymises_everything_and_keeps_the_audit_trail(client, anna, bruno, django_capture_on_commit_callbacks):
    staff = nso_staff(country=anna.country)
    decided = audit_record(actor=staff, action="person.validated", target=anna)
    own = AuditEvent.objects.get(actor=anna, action="person.validation_requested")
    assert "Anna" in own.actor_label and "Anna" in decided.target_label
    photo_name = anna.photo.name
    assert private_storage().exists(photo_name)
    bruno_before = _snapshot(bruno)
    audit_before = AuditEvent.objects.count()
    log_in(client, anna)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete_account"), {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 200
    assert response.context["done"] is True
    assert "_auth_user_id" not in client.session  # logged out

    anna.refresh_from_db()
    placeholder = f"deleted-{anna.pk}@invalid.twinning"
    assert anna.email == placeholder and anna.username == placeholder
    assert (anna.first_name, anna.last_name) == ("Deleted", f"user #{anna.pk}")
    assert "Anna" not in anna.search_name
    assert anna.photo.name == "" and not private_storage().exists(photo_name)
    assert anna.bio == ""
    assert not anna.languages.exists() and not anna.subjects.exists() and not anna.age_bands.exists()
    assert anna.visibility == Visibility.HIDDEN
    assert anna.is_active is False and anna.has_usable_password() is False
    assert anna.anonymised_at is not None
    assert not EmailAddress.objects.filter(user=anna).exists()
    assert not Authenticator.objects.filter(user=anna).exists()
    assert not SchoolMembership.objects.filter(user=anna).exists()
    assert not Notification.objects.filter(recipient=anna).exists()
    assert StaffRole.objects.filter(user=anna).count() == 1
    assert not StaffRole.objects.filter(user=anna, revoked_at__isnull=True).exists()

    # Audit events are kept (ids and actions), her name is gone from them; exactly one new event is written.
    assert AuditEvent.objects.count() == audit_before + 1
    own.refresh_from_db()
    decided.refresh_from_db()
    assert own.actor_id == anna.pk and own.action == "person.validation_requested"
    assert own.actor_label == anna.audit_label() and "Anna" not in own.actor_label
    assert decided.actor_id == staff.pk and decided.target_id == str(anna.pk)
    assert decided.target_label == anna.audit_label() and decided.actor_label == staff.audit_label()
    assert not AuditEvent.objects.filter(Q(actor_label__contains="Anna") | Q(target_label__contains="Anna")).exists()
    erased = AuditEvent.objects.get(action="person.erased")
    assert erased.actor_id == anna.pk and erased.target_id == str(anna.pk)
    assert "Anna" not in erased.actor_label and "Anna" not in erased.target_label
    assert erased.reason == "own request"

    # Nobody else is touched.
    assert {k: v for k, v in _snapshot(bruno).items() if k != "audit"} == {
        k: v for k, v in bruno_before.items() if k != "audit"
    }


def test_erased_person_cannot_log_in(client):
    user = teacher()
    old_email = user.email
    services.account_erase(user=user, actor=user, reason="own request")
    for login in (old_email, user.email):
        client.post(reverse("account_login"), {"login": login, "password": PASSWORD})
        assert "_auth_user_id" not in client.session
    # The same login form does let a living account in (the check above is meaningful).
    other = teacher()
    client.post(reverse("account_login"), {"login": other.email, "password": PASSWORD})
    assert client.session.get("_auth_user_id") == str(other.pk)


def test_second_erase_is_a_no_op():
    user = teacher()
    assert services.account_erase(user=user, actor=None, reason="retention") is True
    count = AuditEvent.objects.count()
    user.refresh_from_db()
    erased_at = user.anonymised_at
    assert services.account_erase(user=user, actor=None, reason="retention") is False
    user.refresh_from_db()
    assert AuditEvent.objects.count() == count and user.anonymised_at == erased_at
    event = AuditEvent.objects.get(action="person.erased")
    assert event.actor is None and event.actor_label == "system" and event.reason == "retention"


def test_erase_runs_the_erasers_of_other_apps(monkeypatch):
    monkeypatch.setattr(core_privacy, "_erasers", dict(core_privacy._erasers))
    seen = []
    core_privacy.register_eraser("projects", lambda user: seen.append(user.email))
    user = teacher()
    email = user.email
    services.account_erase(user=user, actor=None, reason="retention")
    assert seen == [email]  # erasers see the person before the row is anonymised
    assert "projects" in AuditEvent.objects.get(action="person.erased").data["steps"]


def test_erasing_staff_revokes_roles_and_staff_flag():
    staff = css_staff(is_staff=True, is_superuser=True)
    services.account_erase(user=staff, actor=staff, reason="own request")
    staff.refresh_from_db()
    assert not staff.is_staff and not staff.is_superuser
    assert not StaffRole.objects.filter(user=staff, revoked_at__isnull=True).exists()
    assert User.objects.filter(pk=staff.pk).exists()


def test_a_failing_eraser_rolls_back_the_whole_erasure(monkeypatch):
    monkeypatch.setattr(core_privacy, "_erasers", dict(core_privacy._erasers))

    def broken(user):
        raise RuntimeError("boom")

    core_privacy.register_eraser("zz_broken", broken, position=999)
    user = UserFactory()
    notification_create(recipient=user, kind="k", title="t")
    with pytest.raises(RuntimeError):
        services.account_erase(user=user, actor=None, reason="retention")
    user.refresh_from_db()
    assert user.anonymised_at is None and user.is_active
    assert EmailAddress.objects.filter(user=user).exists()
    assert Notification.objects.filter(recipient=user).exists()
