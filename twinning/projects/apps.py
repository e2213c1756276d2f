from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "twinning.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from . import demo, extensions, population, privacy, receivers, tasks  # noqa: F401 - registries, jobs, cache
