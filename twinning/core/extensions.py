"""Core's own entries in the registries."""

from django.utils.translation import gettext_lazy as _

from .registries import STAFF, register_nav


def _is_administrator(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


register_nav("admin", _("Administration"), "admin:index", section=STAFF, visible=_is_administrator, position=900)
