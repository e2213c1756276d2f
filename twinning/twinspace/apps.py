from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwinspaceConfig(AppConfig):
    name = "twinning.twinspace"
    label = "twinspace"
    verbose_name = _("TwinSpace")

    def ready(self):
        from . import demo, extensions, population  # noqa: F401 - registries
