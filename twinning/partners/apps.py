from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "twinning.partners"
    label = "partners"
    verbose_name = _("Partner finding")

    def ready(self):
        from . import demo, extensions, population, privacy, receivers, tasks  # noqa: F401 - registries, jobs
