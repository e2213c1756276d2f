"""A domain app that exists only in the tests: it plugs into every registry the way a real domain does,
from its ready(), without any other app knowing about it (tests/test_plugin_registries.py)."""

from django.apps import AppConfig


def _is_plugin_user(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.email.endswith("@plugin.test"))


def _export(user):
    return [{"plugin_note": f"note of {user.pk}"}]


ERASED: list[int] = []
HIDDEN: dict[int, str] = {}


def _report_target(object_id):
    from twinning.accounts.models import User
    from twinning.core.registries import ReportTarget

    author = User.objects.filter(pk=object_id).first()
    if author is None:
        return None
    return ReportTarget(
        author=author,
        excerpt=f"plugin thing {object_id}",
        url="",
        hidden=object_id in HIDDEN,
        hide=lambda by, reason: HIDDEN.__setitem__(object_id, reason),
        unhide=lambda by, reason: HIDDEN.pop(object_id, None),
    )


def _demo():
    return [("someone@plugin.test", "plugin demo account")]


def _erase(user):
    ERASED.append(user.pk)


class PluginConfig(AppConfig):
    name = "tests.plugin_app"
    label = "plugin_app"

    def ready(self):
        from twinning.accounts.sections import register_person_section, register_staff_context
        from twinning.core import privacy, registries, rules
        from twinning.core.demo import register_demo
        from twinning.schools.sections import register_school_section

        registries.register_nav(
            "plugin.page",
            "Plugin page",
            "schools:search",
            visible=_is_plugin_user,
            position=55,
            badge=lambda user: 3,
            badge_label="plugin things new",
        )
        registries.register_nav(
            "plugin.staff", "Plugin queue", "schools:search", section=registries.STAFF, visible=_is_plugin_user
        )
        registries.register_figure("plugin.things", "plugin things", lambda: 42, position=99)
        registries.register_audit_actions({"plugin.thing_done": "plugin thing done"})
        registries.register_notification_kind("plugin.thing_done", "A plugin thing was done")
        registries.register_staff_card(
            "plugin.queue",
            "Plugin things waiting",
            "schools:search",
            lambda user: registries.QueueState(waiting=7),
            visible=_is_plugin_user,
        )
        register_school_section(
            "plugin", "plugin_app/section.html", lambda school, viewer: {"school_name": school.name}, position=99
        )
        register_person_section(
            "plugin", "plugin_app/person_section.html", lambda person, viewer: {"name": person.first_name}
        )
        register_staff_context(
            "plugin", "plugin_app/staff_context.html", lambda person, agent: {"name": person.first_name}
        )
        rules.register_rule("plugin.things_a_day", "Plugin things a day", default=5, minimum=1, maximum=50)
        register_demo("plugin", _demo, position=99)
        registries.register_reportable("plugin.thing", "plugin thing", _report_target)
        privacy.register_exporter("plugin_notes", _export, position=95)
        privacy.register_eraser("plugin_notes", _erase)
