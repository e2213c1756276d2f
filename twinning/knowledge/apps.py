from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "twinning.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge base")

    def ready(self):
        from . import demo, extensions, population, privacy  # noqa: F401 - registries
