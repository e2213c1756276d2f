from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "twinning.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        from . import demo, extensions, privacy  # noqa: F401 - registries
