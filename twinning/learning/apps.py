from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "twinning.learning"
    label = "learning"
    verbose_name = _("Professional development")

    def ready(self):
        from . import demo, extensions, population, privacy, tasks  # noqa: F401 - registries, jobs
