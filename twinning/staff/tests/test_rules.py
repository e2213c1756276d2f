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


@pytest.fixture
def per_country():
    saved = core_rules.snapshot()
    core_rules.register_rule("test.mb", "Megabytes", default=20, minimum=1, maximum=100, unit="MB", per_country=True)
    core_rules.register_rule("test.days", "Days a thing lasts", default=30, minimum=1, maximum=90, unit="days")
    yield
    core_rules.restore(saved)


def test_a_country_sets_its_own_value_of_a_rule_declared_per_country(
    per_country, greece, italy, django_capture_on_commit_callbacks
):
    nso = nso_staff(greece)
    with django_capture_on_commit_callbacks(execute=True):
        services.rules_set(actor=css_staff(), values={"test.mb": 10})
        assert services.country_rules_set(actor=nso, country=greece, values={"test.mb": 50}, reason="video") == [
            "test.mb"
        ]
    assert core_rules.rule("test.mb", greece.pk) == 50
    assert core_rules.rule("test.mb", italy.pk) == 10  # the platform's value
    assert core_rules.rule("test.mb") == 10
    event = AuditEvent.objects.filter(action="rule.changed", country_code="GR").get()
    assert event.data == {"rule": "test.mb", "country": "GR", "from": None, "to": 50} and event.reason == "video"
    with pytest.raises(services.NotAllowed):
        services.country_rules_set(actor=nso, country=italy, values={"test.mb": 1})
    with pytest.raises(services.RuleError):  # the same in every country
        services.country_rules_set(actor=nso, country=greece, values={"test.days": 5})
    with pytest.raises(services.RuleError):
        services.country_rules_set(actor=nso, country=greece, values={"test.mb": 101})
    with django_capture_on_commit_callbacks(execute=True):
        services.country_rules_set(actor=nso, country=greece, values={"test.mb": None})
    assert core_rules.rule("test.mb", greece.pk) == 10
    assert core_rules.rule("test.days", greece.pk) == 30  # a rule not per country ignores the country


def test_nso_staff_edit_their_countrys_rules_on_their_page(client, per_country, greece, italy):
    url = reverse("reference:country_rules")
    log_in(client, teacher(country=greece))
    assert client.get(url).status_code == 403
    log_in(client, nso_staff(greece))
    page = client.get(url).content.decode()
    assert 'name="test.mb"' in page and 'name="test.days"' not in page
    response = client.post(url, {"country": italy.pk, "test.mb": 42})  # not theirs: their own country is used
    assert response.status_code == 302
    assert core_rules.country_values(greece.pk) == {"test.mb": 42} and core_rules.country_values(italy.pk) == {}
    assert client.post(url, {"test.mb": 0}).status_code == 200  # below the minimum: the form says so
    assert core_rules.country_values(greece.pk) == {"test.mb": 42}


def test_upload_limits_follow_the_uploaders_country(greece, italy, django_capture_on_commit_callbacks):
    from twinning.core import attachments

    with django_capture_on_commit_callbacks(execute=True):
        services.country_rules_set(actor=nso_staff(greece), country=greece, values={"uploads.max_image_mb": 2})
    assert attachments.limits(greece.pk) == (20 * attachments.MB, 2 * attachments.MB)
    assert attachments.limits(italy.pk) == (20 * attachments.MB, 5 * attachments.MB)
