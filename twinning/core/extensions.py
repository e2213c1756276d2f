"""Core's own entries in the registries."""

from django.utils.translation import gettext_lazy as _

from .registries import STAFF, register_nav
from .rules import register_rule


def _is_administrator(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


register_nav("admin", _("Administration"), "admin:index", section=STAFF, visible=_is_administrator, position=900)

register_rule(
    "uploads.max_file_mb",
    _("Largest file a person may upload"),
    default=20,
    minimum=1,
    maximum=100,
    unit=_("MB"),
    per_country=True,
)
register_rule(
    "uploads.max_image_mb",
    _("Largest image a person may upload"),
    default=5,
    minimum=1,
    maximum=50,
    unit=_("MB"),
    per_country=True,
)
