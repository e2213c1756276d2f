from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "twinning.newsletter"
    label = "newsletter"
    verbose_name = _("Newsletter")

    def ready(self):
        from . import demo, extensions, population, privacy, sending  # noqa: F401 - registries, the sending job
