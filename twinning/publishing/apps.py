from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "twinning.publishing"
    label = "publishing"
    verbose_name = _("Publishing")

    def ready(self):
        from . import (  # noqa: F401 - registries, signals, periodic job, demo, newsletter source
            demo,
            extensions,
            newsletter_source,
            privacy,
            signals,
            tasks,
        )
