from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "twinning.support"
    label = "support"
    verbose_name = _("Helpdesk")

    def ready(self):
        from . import (  # noqa: F401 - registries
            demo,
            extensions,
            mail_tasks,  # noqa: F401 - the support mailbox's periodic reading
            population,
            privacy,
            tasks,  # noqa: F401 - the hourly sweep of expired visitors' requests
        )
