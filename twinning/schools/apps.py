from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "twinning.schools"
    label = "schools"
    verbose_name = _("Countries and schools")

    def ready(self):
        from . import extensions, population, privacy, tasks  # noqa: F401 - registries, population, privacy, jobs
