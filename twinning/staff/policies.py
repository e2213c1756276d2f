"""Whom a staff member serves, and who may give staff duties. Plain functions, read once per request.

NSO staff serve one country (each NSO role names it), CSS staff and administrators serve all countries,
ambassadors support one region for a term (they take no decisions). Every other app scopes its staff
pages with these functions (``staff_country_filter``), never by reading roles itself.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from . import selectors
from .models import StaffRole
from .rolecache import forget_cached_roles

_CACHE_ATTR = "_twinning_staff_roles"


def active_staff_roles(user) -> list[StaffRole]:
    """The user's staff roles in force today; read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        today = timezone.localdate()
        cached = [r for r in selectors.roles_not_revoked(user) if r.is_active_on(today)]
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_staff_roles(user) -> None:
    """Read the roles again: after a change that bypassed ``save()`` (a bulk update), or in the same request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
    if getattr(user, "pk", None) is not None:
        forget_cached_roles(user.pk)


def is_administrator(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


def is_css_staff(user) -> bool:
    return is_administrator(user) or any(r.kind == StaffRole.Kind.CSS for r in active_staff_roles(user))


def nso_country_ids(user) -> set[int]:
    return {r.country_id for r in active_staff_roles(user) if r.kind == StaffRole.Kind.NSO and r.country_id is not None}


def is_support_staff(user) -> bool:
    """NSO or CSS staff (or an administrator): may use the staff pages."""
    return is_css_staff(user) or bool(nso_country_ids(user))


def requires_mfa(user) -> bool:
    """Staff duties (administrator, NSO, CSS, ambassador) need a second factor (TOTP) in every session."""
    return is_administrator(user) or bool(active_staff_roles(user))


def staff_country_filter(user, field: str = "country") -> Q | None:
    """A filter restricting a queryset to the countries this staff member serves; None means all."""
    if is_css_staff(user):
        return None
    return Q(**{f"{field}__in": nso_country_ids(user)})


def can_act_for_country(user, country_id: int | None) -> bool:
    if is_css_staff(user):
        return True
    return country_id is not None and country_id in nso_country_ids(user)


def can_edit_rules(user) -> bool:
    """The platform's rules (numbers every country shares) are the CSS's and the administrators' to change."""
    return is_css_staff(user) or is_administrator(user)


def can_manage_staff_roles(user) -> bool:
    """Administrators assign NSO and CSS staff; NSO staff appoint ambassadors of their own country."""
    return is_administrator(user) or bool(nso_country_ids(user))


def can_grant_role(user, *, kind: str, country_id: int | None) -> bool:
    if is_administrator(user):
        return True
    return kind == StaffRole.Kind.AMBASSADOR and country_id in nso_country_ids(user)


def staff_roles_visible_to(user) -> QuerySet[StaffRole]:
    """Roles this person may see and revoke: all for administrators, ambassadors of their countries for NSO staff."""
    qs = StaffRole.objects.all()
    if is_administrator(user):
        return qs
    ids = nso_country_ids(user)
    if not ids:
        return qs.none()
    return qs.filter(kind=StaffRole.Kind.AMBASSADOR, country_id__in=ids)


def ambassador_region_ids(user) -> set[int]:
    """Regions this person supports as an ambassador today."""
    return {r.region_id for r in active_staff_roles(user) if r.kind == StaffRole.Kind.AMBASSADOR and r.region_id}


def is_ambassador(user) -> bool:
    return bool(ambassador_region_ids(user))


def nso_country_codes(user) -> set[str]:
    """ISO codes of the countries this person serves as NSO staff (the audit log is keyed by code)."""
    return {r.country.code for r in active_staff_roles(user) if r.kind == StaffRole.Kind.NSO and r.country is not None}


def audit_country_codes(user) -> set[str] | None:
    """Whose decisions this staff member may read in the audit log: None for all countries (CSS)."""
    return None if is_css_staff(user) else nso_country_codes(user)
