"""Reference data's entries in the registries: navigation, the countries figure, audit labels."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twinning.core.registries import STAFF, register_audit_actions, register_figure, register_nav
from twinning.staff import policies as staff_policies

from .models import Country


def count_participating_countries() -> int:
    today = timezone.localdate()
    return Country.objects.filter(valid_from__lte=today).exclude(valid_to__lt=today).count()


register_nav(
    "reference",
    _("Reference data"),
    "reference:index",
    section=STAFF,
    visible=staff_policies.is_support_staff,
    position=60,
)
register_figure("countries", _("countries"), count_participating_countries, position=10)
register_audit_actions(
    {
        "country.created": _("country added"),
        "country.updated": _("country settings changed"),
        "subject.created": _("subject added"),
        "subject.updated": _("subject changed"),
        "ageband.created": _("age band added"),
        "ageband.updated": _("age band changed"),
        "language.created": _("language added"),
        "language.updated": _("language changed"),
        "educationlevel.created": _("level of education added"),
        "educationlevel.updated": _("level of education changed"),
    }
)
register_nav(
    "staff.country_rules",
    _("Rules of my country"),
    "reference:country_rules",
    section=STAFF,
    visible=staff_policies.is_support_staff,
    position=94,
)
