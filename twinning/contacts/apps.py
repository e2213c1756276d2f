from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "twinning.contacts"
    label = "contacts"
    verbose_name = _("Contacts and messages")

    def ready(self):
        from . import demo, extensions, population, privacy  # noqa: F401 - registries
