from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "twinning.learning"
    label = "learning"
    verbose_name = _("Professional development")

    def ready(self):
        from . import (  # noqa: F401 - registries, jobs, activity kinds
            assignments,
            certificate_sources,
            content,
            demo,
            demo_content,
            enrolment_extra,
            extensions,
            gradebook,
            h5p,
            newsletter_audience,
            population,
            population_content,
            privacy,
            qformat_services,
            questionnaires,
            quizzes,
            tasks,
        )
        from .moodle import services as moodle_services  # noqa: F401 - the Moodle import's job and audit words
