from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "twinning.groups"
    label = "groups"
    verbose_name = _("Groups")

    def ready(self):
        from . import demo, extensions, population, privacy  # noqa: F401 - registries
