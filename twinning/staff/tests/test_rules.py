"""The platform's rules: declared by apps, read with their default, changed by CSS staff only (audited)."""

import pytest
from django.urls import reverse

from twinning.accounts.tests.factories import css_staff, log_in, nso_staff, teacher
from twinning.core import rules as core_rules
from twinning.core.models import AuditEvent, PlatformRule
from twinning.staff import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def declared():
    saved = core_rules.snapshot()
    core_rules.register_rule("test.days", "Days a thing lasts", default=30, minimum=1, maximum=90, unit="days")
    yield
    core_rules.restore(saved)


def test_a_rule_reads_its_default_until_staff_change_it(declared, django_capture_on_commit_callbacks):
    assert core_rules.rule("test.days") == 30
    with django_capture_on_commit_callbacks(execute=True):
        assert services.rules_set(actor=css_staff(), values={"test.days": 45}, reason="longer terms") == ["test.days"]
    assert core_rules.rule("test.days") == 45
    event = AuditEvent.objects.get(action="rule.changed")
    assert event.data == {"rule": "test.days", "from": 30, "to": 45} and event.reason == "longer terms"


def test_an_undeclared_rule_is_a_programming_error():
    with pytest.raises(LookupError):
        core_rules.rule("nobody.declared.this")


def test_a_value_out_of_bounds_changes_nothing(declared):
    with pytest.raises(services.RuleError):
        services.rules_set(actor=css_staff(), values={"test.days": 91})
    assert not PlatformRule.objects.exists() and not AuditEvent.objects.exists()


def test_saving_the_same_value_records_nothing(declared):
    assert services.rules_set(actor=css_staff(), values={"test.days": 30}) == []
    assert not AuditEvent.objects.exists()


def test_only_css_staff_change_the_rules_on_their_page(client, declared, greece):
    url = reverse("staff:rules")
    log_in(client, nso_staff(greece))
    assert client.get(url).status_code == 403
    assert client.post(url, {"test.days": 10}).status_code == 403
    log_in(client, teacher(country=greece))
    assert client.get(url).status_code == 403
    log_in(client, css_staff())
    page = client.get(url).content.decode()
    assert 'name="test.days"' in page and 'value="30"' in page
    response = client.post(url, {"test.days": 0, "reason": ""})
    assert response.status_code == 200 and not PlatformRule.objects.exists()  # below the minimum: the form says so
    # The page edits every declared rule (the apps' too): the others keep their values.
    others = {r.key: core_rules.rule(r.key) for r in core_rules.rules() if r.key != "test.days"}
    response = client.post(url, {**others, "test.days": 60, "reason": "a school year"})
    assert response.status_code == 302
    assert PlatformRule.objects.get(key="test.days").value == 60
