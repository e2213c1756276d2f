"""The school registry's entries in the registries: navigation, the schools figure, audit labels,
notification kinds and the staff card of proposed schools."""

from django.db.models import Count, Min
from django.utils.translation import gettext_lazy as _

from twinning.core.registries import (
    MAIN,
    STAFF,
    QueueState,
    register_audit_actions,
    register_figure,
    register_nav,
    register_notification_kind,
    register_staff_card,
)
from twinning.staff import policies as staff_policies

from . import policies
from .models import School, SchoolStatus


def count_schools() -> int:
    return School.objects.filter(status=SchoolStatus.VALIDATED).count()


def proposed_schools_state(user) -> QueueState:
    row = (
        policies.schools_visible_to_staff(user)
        .filter(status=SchoolStatus.PROPOSED)
        .aggregate(waiting=Count("pk"), oldest=Min("created_at"))
    )
    return QueueState(waiting=row["waiting"], oldest=row["oldest"])


register_nav("schools.search", _("Schools"), "schools:search", section=MAIN, position=47)
register_nav(
    "schools.registry",
    _("School registry"),
    "schools:staff_list",
    section=STAFF,
    visible=staff_policies.is_support_staff,
    position=30,
)
register_nav(
    "schools.import",
    _("Registry import"),
    "schools:import_list",
    section=STAFF,
    visible=staff_policies.is_support_staff,
    position=40,
)
register_figure("schools", _("schools"), count_schools, position=30)
register_staff_card(
    "schools.proposed",
    _("Proposed schools"),
    "schools:staff_list",
    proposed_schools_state,
    visible=staff_policies.is_support_staff,
    position=20,
)
register_audit_actions(
    {
        "school.proposed": _("school proposed"),
        "school.validated": _("school validated"),
        "school.rejected": _("school rejected"),
        "school.created": _("school added"),
        "school.updated": _("school details changed"),
        "school.merged": _("schools merged"),
        "school.withdrawn": _("school proposal withdrawn"),
        "school.linked_to_import": _("school given the national code of a registry file"),
        "school_import.uploaded": _("registry file uploaded"),
        "school_import.confirmed": _("registry import confirmed"),
        "school_import.cancelled": _("registry import discarded"),
        "school_import.applied": _("registry import written"),
    }
)
register_notification_kind("school.validated", _("A school you proposed is validated"))
register_notification_kind("school.rejected", _("A school you proposed was not added"))
