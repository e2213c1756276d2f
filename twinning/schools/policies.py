"""Who may see and change schools. Staff scope comes from accounts' staff roles."""

from django.db.models import QuerySet
from django.http import Http404

from twinning.accounts import policies as people_policies

from .models import Country, School, SchoolImport, SchoolStatus


def schools_public() -> QuerySet[School]:
    """Schools anyone may see: validated ones (proposed and merged records stay internal)."""
    return School.objects.filter(status=SchoolStatus.VALIDATED)


def school_public_or_404(school_id) -> School:
    try:
        return schools_public().select_related("country", "region", "directorate").get(pk=school_id)
    except (School.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def schools_visible_to_staff(user) -> QuerySet[School]:
    if not people_policies.is_support_staff(user):
        return School.objects.none()
    scope = people_policies.staff_country_filter(user)
    return School.objects.all() if scope is None else School.objects.filter(scope)


def school_for_staff_or_404(user, school_id) -> School:
    try:
        return schools_visible_to_staff(user).select_related("country", "region", "directorate").get(pk=school_id)
    except (School.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_manage_schools(user, country_id) -> bool:
    return people_policies.is_support_staff(user) and people_policies.can_act_for_country(user, country_id)


def imports_visible_to(user) -> QuerySet[SchoolImport]:
    if not people_policies.is_support_staff(user):
        return SchoolImport.objects.none()
    scope = people_policies.staff_country_filter(user)
    qs = SchoolImport.objects.select_related("country", "created_by")
    return qs if scope is None else qs.filter(scope)


def import_for_staff_or_404(user, import_id) -> SchoolImport:
    try:
        return imports_visible_to(user).get(pk=import_id)
    except (SchoolImport.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def staff_countries(user) -> QuerySet[Country]:
    """The countries whose registry this staff member manages (all of them for CSS staff)."""
    if not people_policies.is_support_staff(user):
        return Country.objects.none()
    scope = people_policies.staff_country_filter(user, field="pk")
    qs = Country.objects.order_by("name_en")
    return qs if scope is None else qs.filter(scope)


def can_manage_school(user, school: School) -> bool:
    return can_manage_schools(user, school.country_id)
