"""Who may see and change schools. Staff scope comes from the staff app (``staff_country_filter``).

Policies scope, selectors shape: each scope takes an optional queryset (shaped by a selector, e.g. with
its ``select_related``) and narrows it to what the person may see; ``*_or_404`` fetch one object of that
scope and answer 404 for "missing" and "not yours" alike.
"""

from django.db.models import QuerySet

from twinning.core.lookups import get_or_404
from twinning.reference.models import Country
from twinning.staff import policies as staff_policies

from .models import School, SchoolImport, SchoolStatus


def schools_public(queryset: QuerySet[School] | None = None) -> QuerySet[School]:
    """Schools anyone may see: validated ones (proposed and merged records stay internal)."""
    qs = School.objects.all() if queryset is None else queryset
    return qs.filter(status=SchoolStatus.VALIDATED)


def school_public_or_404(school_id, *, queryset: QuerySet[School] | None = None) -> School:
    return get_or_404(schools_public(queryset), pk=school_id)


def schools_visible_to_staff(user, queryset: QuerySet[School] | None = None) -> QuerySet[School]:
    qs = School.objects.all() if queryset is None else queryset
    if not staff_policies.is_support_staff(user):
        return qs.none()
    scope = staff_policies.staff_country_filter(user)
    return qs if scope is None else qs.filter(scope)


def school_for_staff_or_404(user, school_id, *, queryset: QuerySet[School] | None = None) -> School:
    return get_or_404(schools_visible_to_staff(user, queryset), pk=school_id)


def can_manage_schools(user, country_id) -> bool:
    return staff_policies.is_support_staff(user) and staff_policies.can_act_for_country(user, country_id)


def can_manage_school(user, school: School) -> bool:
    return can_manage_schools(user, school.country_id)


def imports_visible_to(user, queryset: QuerySet[SchoolImport] | None = None) -> QuerySet[SchoolImport]:
    qs = SchoolImport.objects.all() if queryset is None else queryset
    if not staff_policies.is_support_staff(user):
        return qs.none()
    scope = staff_policies.staff_country_filter(user)
    return qs if scope is None else qs.filter(scope)


def import_for_staff_or_404(user, import_id, *, queryset: QuerySet[SchoolImport] | None = None) -> SchoolImport:
    return get_or_404(imports_visible_to(user, queryset), pk=import_id)


def staff_countries(user) -> QuerySet[Country]:
    """The countries whose registry this staff member manages (all of them for CSS staff)."""
    if not staff_policies.is_support_staff(user):
        return Country.objects.none()
    scope = staff_policies.staff_country_filter(user, field="pk")
    qs = Country.objects.order_by("name_en")
    return qs if scope is None else qs.filter(scope)
