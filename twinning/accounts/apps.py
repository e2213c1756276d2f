from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "twinning.accounts"
    label = "accounts"
    verbose_name = _("People and roles")

    def ready(self):
        from . import demo, extensions, population, privacy, signals, tasks  # noqa: F401 - registries, receivers, jobs
