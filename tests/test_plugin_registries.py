"""A new domain plugs in without editing another app: a test-only app (tests/plugin_app) registers a
navigation entry (with a badge), a figure, an audit label, a notification kind, a staff card, a school-page
and a person-page section, a rule, a demo step, reportable content and a privacy part from its ready(),
and each appears where the platform shows it."""

import json
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.test import override_settings

from twinning.accounts import sections as person_sections
from twinning.accounts import services
from twinning.accounts.models import ValidationStatus, Visibility
from twinning.accounts.tests.factories import UserFactory, css_staff, log_in, teacher
from twinning.core import demo, privacy, registries, rules
from twinning.core.models import AuditEvent
from twinning.schools import sections

pytestmark = pytest.mark.django_db


@pytest.fixture
def plugin(monkeypatch):
    """Install the plugin app for one test; every registry is put back as it was afterwards."""
    saved = registries.snapshot()
    monkeypatch.setattr(privacy, "_exporters", dict(privacy._exporters))
    monkeypatch.setattr(privacy, "_erasers", dict(privacy._erasers))
    monkeypatch.setattr(sections, "_SECTIONS", dict(sections._SECTIONS))
    saved_people, saved_rules, saved_demo = person_sections.snapshot(), rules.snapshot(), demo.snapshot()
    # Installing an app runs every app's ready() again; Wagtail's snippets app mounts its API router there, which
    # its API refuses twice: the router already mounted stays as it is.
    from wagtail.api.v3.api import api as wagtail_api

    mount = wagtail_api.add_router

    def mount_once(prefix, router, *args, **kwargs):
        if any(registered[1] is router for registered in wagtail_api._router_registrations):
            return None
        return mount(prefix, router, *args, **kwargs)

    monkeypatch.setattr(wagtail_api, "add_router", mount_once)
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, "tests.plugin_app"]):
        assert apps.is_installed("tests.plugin_app")
        yield
    registries.restore(saved)
    person_sections.restore(saved_people)
    rules.restore(saved_rules)
    demo.restore(saved_demo)


def test_without_the_plugin_nothing_of_it_shows(client):
    log_in(client, UserFactory(email="someone@plugin.test"))
    page = client.get("/en/").content.decode()
    assert "Plugin page" not in page and "plugin things" not in page


def test_the_plugins_navigation_entry_appears_for_whom_it_says(plugin, client):
    log_in(client, UserFactory(email="someone@plugin.test"))
    assert "Plugin page" in client.get("/en/").content.decode()
    other = client.__class__()
    log_in(other, UserFactory(email="someone@else.test"))
    assert "Plugin page" not in other.get("/en/").content.decode()


def test_the_plugins_figure_is_on_the_home_page(plugin, client):
    figures = {figure.key: value for figure, value in client.get("/en/").context["figures"]}
    assert figures["plugin.things"] == 42
    assert {"countries", "teachers", "schools"} <= set(figures)


def test_the_plugins_audit_action_is_shown_in_words(plugin, client):
    staff = css_staff()
    AuditEvent.objects.create(actor=staff, actor_label="x", action="plugin.thing_done", target_type="t", target_id="1")
    log_in(client, staff)
    page = client.get("/en/staff/audit/").content.decode()
    assert re.search(r"<td[^>]*>plugin thing done</td>", page) and not re.search(
        r"<td[^>]*>plugin.thing_done</td>", page
    )
    assert ("plugin.thing_done", "plugin thing done") in registries.audit_action_choices()


def test_the_plugins_notification_kind_is_known(plugin):
    kind = registries.notification_kind("plugin.thing_done")
    assert kind is not None and str(kind.label) == "A plugin thing was done" and kind.email


def test_the_plugins_staff_card_is_on_the_staff_home(plugin, client):
    staff = css_staff(email="officer@plugin.test")
    log_in(client, staff)
    page = client.get("/en/staff/").content.decode()
    assert "Plugin things waiting" in page
    assert "Plugin queue" in page  # its staff navigation entry too


def test_the_plugins_section_is_on_school_pages(plugin, client, greece):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED, visibility=Visibility.PUBLIC)
    school = person.school_memberships.get().school
    page = client.get(f"/en/schools/{school.pk}/").content.decode()
    assert f"Plugin knows {school.name}" in page
    assert page.index("eTwinners of this school") < page.index("Plugin section")  # sections keep their order


def test_the_plugins_privacy_part_is_exported_and_erased(plugin):
    from tests.plugin_app import apps as plugin_apps

    person = UserFactory()
    data = services.data_export(user=person)
    assert data["plugin_notes"] == [{"plugin_note": f"note of {person.pk}"}]
    assert json.dumps(data, default=str)
    services.account_erase(user=person, actor=None, reason="test")
    assert person.pk in plugin_apps.ERASED


def test_the_plugins_badge_is_beside_its_menu_entry(plugin, client):
    log_in(client, UserFactory(email="someone@plugin.test"))
    page = client.get("/en/").content.decode()
    assert re.search(r'Plugin page <span class="badge">3<span class="visually-hidden"> plugin things new</span>', page)


def test_the_plugins_section_is_on_person_pages(plugin, client, greece):
    person = teacher(country=greece, status=ValidationStatus.VALIDATED, visibility=Visibility.PUBLIC, first_name="Ίων")
    page = client.get(f"/en/people/{person.pk}/").content.decode()
    assert "Plugin knows Ίων" in page


def test_the_plugins_rule_is_on_the_rules_page_with_its_default(plugin, client):
    assert rules.rule("plugin.things_a_day") == 5
    log_in(client, css_staff())
    page = client.get("/en/staff/rules/").content.decode()
    assert "Plugin things a day" in page and 'name="plugin.things_a_day"' in page


def test_the_plugins_demo_step_runs_with_the_others(plugin):
    assert [step.name for step in demo.steps()][-1] == "plugin"
    assert ("someone@plugin.test", "plugin demo account") in dict(demo.steps()[-1].load()).items()


def test_the_plugins_content_can_be_resolved_for_a_report(plugin):
    from tests.plugin_app import apps as plugin_apps

    person = UserFactory()
    target = registries.reportable("plugin.thing").resolve(person.pk)
    assert target.author == person and not target.hidden
    target.hide(None, "rude")
    assert plugin_apps.HIDDEN[person.pk] == "rude"
    assert registries.reportable("plugin.thing").resolve(10**9) is None


def test_the_plugins_context_is_beside_a_helpdesk_ticket(plugin, client, greece, greek_nso):
    from twinning.support import services as support_services
    from twinning.support.models import Category

    person = teacher(country=greece, status=ValidationStatus.VALIDATED, first_name="Ίων")
    ticket = support_services.open_ticket(
        email=person.email, requester=person, category=Category.objects.get(key="technical"), subject="Help", body="?"
    )
    keys = [section.key for section, _ in person_sections.staff_context(person, greek_nso)]
    assert "plugin" in keys
    log_in(client, greek_nso)
    page = client.get(f"/en/support/staff/tickets/{ticket.pk}/").content.decode()
    assert "Plugin context of Ίων" in page
