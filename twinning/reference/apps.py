from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "twinning.reference"
    label = "reference"
    verbose_name = _("Reference data")

    def ready(self):
        from . import extensions, population  # noqa: F401 - registries, population generator
