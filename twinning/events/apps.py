from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "twinning.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from . import (  # noqa: F401 - registries, jobs, certificate source
            certificate_sources,
            demo,
            extensions,
            newsletter_source,
            population,
            privacy,
            tasks,
        )
