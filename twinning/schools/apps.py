from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "twinning.schools"
    label = "schools"
    verbose_name = _("Countries and schools")

    def ready(self):
        from . import tasks  # noqa: F401 - registers the periodic removal of old registry files
