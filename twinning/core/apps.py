from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "twinning.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import extensions  # noqa: F401 - core's own navigation entry
