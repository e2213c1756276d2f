import pytest
from django.core.management import call_command

from twinning.accounts.models import User, ValidationStatus
from twinning.core.models import AuditEvent
from twinning.schools.models import School, SchoolStatus
from twinning.staff.models import StaffRole

pytestmark = pytest.mark.django_db


def test_demo_community_covers_every_state_and_loads_twice_without_change(capsys, demo_upto):
    demo_upto("accounts")
    call_command("load_demo")
    printed = capsys.readouterr().out
    assert "nso.greece@demo.twinning.example" in printed
    statuses = set(User.objects.values_list("validation_status", flat=True))
    assert statuses == set(ValidationStatus.values)
    kinds = set(StaffRole.objects.values_list("kind", flat=True))
    assert kinds == set(StaffRole.Kind.values)
    nso_countries = set(StaffRole.objects.filter(kind="nso").values_list("country__code", flat=True))
    assert {"GR", "IT"} <= nso_countries
    greek_regions = School.objects.filter(country__code="GR").values("region").distinct().count()
    assert greek_regions >= 5
    assert School.objects.filter(status=SchoolStatus.PROPOSED).exists()
    assert User.objects.exclude(country__code="GR").filter(validation_status=ValidationStatus.VALIDATED).exists()
    # Decisions went through the real services, so they are audited.
    assert (
        AuditEvent.objects.filter(action="person.validated").count()
        == User.objects.filter(validation_status=ValidationStatus.VALIDATED).count()
    )

    counts = (User.objects.count(), School.objects.count(), AuditEvent.objects.count(), StaffRole.objects.count())
    call_command("load_demo")
    assert (
        User.objects.count(),
        School.objects.count(),
        AuditEvent.objects.count(),
        StaffRole.objects.count(),
    ) == counts


def test_the_demo_ambassador_logs_in_with_the_printed_secret_and_reads_the_region(client, demo_upto):
    demo_upto("accounts")
    import time

    from allauth.mfa import app_settings as mfa_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from twinning.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, DOMAIN

    call_command("load_demo")
    email = f"ambassador.attica@{DOMAIN}"
    response = client.post("/en/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
    assert response["Location"].startswith("/en/accounts/2fa/authenticate/")
    code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // mfa_settings.TOTP_PERIOD))
    response = client.post("/en/accounts/2fa/authenticate/", {"code": code})
    assert response["Location"] == "/el/staff/"  # the staff home, in the ambassador's language (Greek)
    region = client.get("/el/staff/region/")
    assert region.status_code == 200
    assert region.context["regions"] and region.context["regions"][0].code == "GR-I"
    assert region.context["waiting"]  # the demo has teachers of Attica waiting for validation


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the notices are written after commit
def test_loading_the_demo_sends_no_e_mail_but_writes_the_notices(settings):
    from django.core import mail

    from twinning.core.models import Notification

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    call_command("load_demo")
    assert mail.outbox == []
    assert Notification.objects.filter(kind="validation.validated").exists()
