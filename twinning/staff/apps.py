from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "twinning.staff"
    label = "staff"
    verbose_name = _("Staff roles")

    def ready(self):
        from . import extensions, privacy, receivers  # noqa: F401 - navigation, audit labels, privacy parts, cache
