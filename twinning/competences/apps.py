from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetencesConfig(AppConfig):
    name = "twinning.competences"
    label = "competences"
    verbose_name = _("Digital competence self-reflection")

    def ready(self):
        from . import demo, extensions, population, privacy, staff, tasks  # noqa: F401 - registries and jobs
