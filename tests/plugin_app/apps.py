"""A domain app that exists only in the tests: it plugs into every registry the way a real domain does,
from its ready(), without any other app knowing about it (tests/test_plugin_registries.py)."""

from django.apps import AppConfig


def _is_plugin_user(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.email.endswith("@plugin.test"))


def _export(user):
    return [{"plugin_note": f"note of {user.pk}"}]


ERASED: list[int] = []


def _erase(user):
    ERASED.append(user.pk)


class PluginConfig(AppConfig):
    name = "tests.plugin_app"
    label = "plugin_app"

    def ready(self):
        from twinning.core import privacy, registries
        from twinning.schools.sections import register_school_section

        registries.register_nav("plugin.page", "Plugin page", "schools:search", visible=_is_plugin_user, position=55)
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
        privacy.register_exporter("plugin_notes", _export, position=95)
        privacy.register_eraser("plugin_notes", _erase)
