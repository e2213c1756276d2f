from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "twinning.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from . import demo, extensions, imports, population, privacy, signals, tasks  # noqa: F401 - registries, jobs, personal data
