"""Who may do what with people. Plain functions; views fetch through them (404 for hidden objects).

Staff scope: NSO staff see and decide on people of their own country only; CSS staff and
administrators see all countries. Ambassadors support a region but do not validate.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from .models import ELIGIBLE_ROLES, StaffRole, User, ValidationStatus, Visibility

_CACHE_ATTR = "_twinning_staff_roles"


def active_staff_roles(user) -> list[StaffRole]:
    """The user's staff roles in force today; read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        today = timezone.localdate()
        cached = [
            r
            for r in StaffRole.objects.filter(user=user, revoked_at__isnull=True).select_related("country", "region")
            if r.is_active_on(today)
        ]
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_staff_roles(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_administrator(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


def is_css_staff(user) -> bool:
    return is_administrator(user) or any(r.kind == StaffRole.Kind.CSS for r in active_staff_roles(user))


def nso_country_ids(user) -> set[int]:
    return {r.country_id for r in active_staff_roles(user) if r.kind == StaffRole.Kind.NSO}


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


def people_visible_to_staff(user) -> QuerySet[User]:
    if not is_support_staff(user):
        return User.objects.none()
    qs = User.objects.filter(anonymised_at__isnull=True, is_active=True)
    scope = staff_country_filter(user)
    return qs if scope is None else qs.filter(scope)


def person_for_staff_or_404(user, person_id) -> User:
    """Fetch a person a staff member may see; "missing" and "other country" both give 404."""
    try:
        return people_visible_to_staff(user).select_related("country").get(pk=person_id)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_validate(staff, person: User) -> bool:
    return (
        is_support_staff(staff)
        and person.pk != staff.pk
        and person.validation_status == ValidationStatus.PENDING
        and can_act_for_country(staff, person.country_id)
    )


def is_etwinner(user) -> bool:
    """eTwinner features (partner finding, projects, labels) need an NSO-validated account."""
    return bool(getattr(user, "is_authenticated", False) and user.is_etwinner)


def can_request_validation(user) -> bool:
    return (
        user.validation_status in (ValidationStatus.REGISTERED, ValidationStatus.REJECTED)
        and user.community_role in ELIGIBLE_ROLES
    )


def can_manage_staff_roles(user) -> bool:
    """Administrators assign NSO and CSS staff; NSO staff appoint ambassadors of their own country."""
    return is_administrator(user) or bool(nso_country_ids(user))


def can_grant_role(user, *, kind: str, country_id: int | None) -> bool:
    if is_administrator(user):
        return True
    return kind == StaffRole.Kind.AMBASSADOR and country_id in nso_country_ids(user)


def staff_roles_visible_to(user) -> QuerySet[StaffRole]:
    qs = StaffRole.objects.select_related("user", "country", "region", "granted_by")
    if is_administrator(user):
        return qs
    ids = nso_country_ids(user)
    if not ids:
        return qs.none()
    return qs.filter(kind=StaffRole.Kind.AMBASSADOR, country_id__in=ids)


def profile_visibilities_for(viewer) -> tuple[str, ...]:
    """Which profile visibility settings let ``viewer`` see a person on public pages.

    Anonymous visitors see "public" profiles; logged-in users also "members"; validated eTwinners
    also "etwinners". "hidden" profiles are never listed.
    """
    if not getattr(viewer, "is_authenticated", False):
        return (Visibility.PUBLIC,)
    if is_etwinner(viewer):
        return (Visibility.PUBLIC, Visibility.MEMBERS, Visibility.ETWINNERS)
    return (Visibility.PUBLIC, Visibility.MEMBERS)


def can_see_photo(viewer, person: User) -> bool:
    """The person, staff serving their country, and whoever the profile's visibility admits."""
    if not person.photo or person.anonymised_at is not None:
        return False
    if getattr(viewer, "pk", None) == person.pk:
        return True
    if is_support_staff(viewer) and can_act_for_country(viewer, person.country_id):
        return True
    return person.is_active and person.inactive_since is None and person.visibility in profile_visibilities_for(viewer)


def person_with_photo_or_404(viewer, person_id) -> User:
    person = (
        User.objects.filter(pk=person_id)
        .only("pk", "photo", "anonymised_at", "country_id", "is_active", "inactive_since", "visibility")
        .first()
    )
    if person is None or not can_see_photo(viewer, person):
        raise Http404
    return person
