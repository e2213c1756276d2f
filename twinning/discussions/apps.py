from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "twinning.discussions"
    label = "discussions"
    verbose_name = _("Discussions")

    def ready(self):
        from . import extensions, privacy  # noqa: F401 - registries
