"""Who may do what with people. Plain functions; views fetch through them (404 for hidden objects).

Staff scope: NSO staff see and decide on people of their own country only; CSS staff and
administrators see all countries. Ambassadors support a region but do not validate.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from twinning.core.lookups import get_or_404
from twinning.staff.policies import can_act_for_country, is_support_staff, staff_country_filter

from .models import ELIGIBLE_ROLES, User, ValidationStatus, Visibility


def people_visible_to_staff(user, queryset: QuerySet[User] | None = None) -> QuerySet[User]:
    """Live accounts of the countries this staff member serves (a selector may pass a shaped queryset)."""
    qs = User.objects.all() if queryset is None else queryset
    if not is_support_staff(user):
        return qs.none()
    qs = qs.filter(anonymised_at__isnull=True, is_active=True)
    scope = staff_country_filter(user)
    return qs if scope is None else qs.filter(scope)


def person_for_staff_or_404(user, person_id, *, queryset: QuerySet[User] | None = None) -> User:
    """Fetch a person a staff member may see; "missing" and "other country" both give 404."""
    return get_or_404(people_visible_to_staff(user, queryset), pk=person_id)


def can_validate(staff, person: User) -> bool:
    """NSO staff decide on live, pending people of their own country, never on themselves."""
    return (
        is_support_staff(staff)
        and person.pk != staff.pk
        and person.is_active
        and person.anonymised_at is None
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
    """The person, staff serving their country, and whoever the profile's visibility admits, for validated
    eTwinners only (others appear on no public page, so neither does their photo)."""
    if not person.photo or person.anonymised_at is not None:
        return False
    if getattr(viewer, "pk", None) == person.pk:
        return True
    if is_support_staff(viewer) and can_act_for_country(viewer, person.country_id):
        return True
    return (
        person.is_active
        and person.validation_status == ValidationStatus.VALIDATED
        and person.inactive_since is None
        and person.visibility in profile_visibilities_for(viewer)
    )


def can_see_profile(viewer, person: User) -> bool:
    """An eTwinner's page: the person themselves, staff serving their country, and whoever the profile's
    visibility admits — for live, validated, active eTwinners only (others have no page)."""
    if person.anonymised_at is not None:
        return False
    if getattr(viewer, "pk", None) == person.pk:
        return True
    if is_support_staff(viewer) and can_act_for_country(viewer, person.country_id):
        return True
    return (
        person.is_active
        and person.validation_status == ValidationStatus.VALIDATED
        and person.inactive_since is None
        and person.visibility in profile_visibilities_for(viewer)
    )


def person_page_or_404(viewer, person_id, *, queryset: QuerySet[User] | None = None) -> User:
    person = get_or_404(queryset if queryset is not None else User.objects.all(), pk=person_id)
    if not can_see_profile(viewer, person):
        raise Http404
    return person


def person_with_photo_or_404(viewer, person_id) -> User:
    fields = ("pk", "photo", "anonymised_at", "country_id", "is_active", "inactive_since", "visibility")
    person = get_or_404(User.objects.only(*fields, "validation_status"), pk=person_id)
    if not can_see_photo(viewer, person):
        raise Http404
    return person
