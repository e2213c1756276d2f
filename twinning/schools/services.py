"""Writes on the school registry. Every decision leaves an audit event."""

from django.db import transaction
from django.utils.translation import gettext as _

from twinning.core.errors import DomainError, NotAllowed
from twinning.core.services import audit_record

from . import policies
from .models import School, SchoolMembership, SchoolStatus


class SchoolError(DomainError):
    pass


@transaction.atomic
def school_propose(*, by, country, name, city, address="", postcode="", region=None, school_type="public",
                   levels=(), national_code=None, principal_name="", principal_email="") -> School:
    """A teacher proposes a school missing from the registry; the NSO validates it."""
    if not name.strip() or not city.strip():
        raise SchoolError(_("A school needs a name and a city."))
    if region is not None and region.country_id != country.pk:
        raise SchoolError(_("The region does not belong to the school's country."))
    school = School(
        name=name.strip(),
        city=city.strip(),
        address=address.strip(),
        postcode=postcode.strip(),
        country=country,
        region=region,
        school_type=school_type,
        national_code=(national_code or "").strip() or None,
        principal_name=principal_name,
        principal_email=principal_email,
        status=SchoolStatus.PROPOSED,
        proposed_by=by,
    )
    if school.national_code and School.objects.filter(country=country, national_code=school.national_code).exists():
        raise SchoolError(_("A school with this national code already exists: search for it instead."))
    school.save()
    if levels:
        school.levels.set(levels)
    audit_record(actor=by, action="school.proposed", target=school, country_code=country.code)
    return school


def membership_add(*, user, school: School, is_primary: bool = False) -> SchoolMembership:
    membership, _created = SchoolMembership.objects.get_or_create(
        user=user, school=school, defaults={"is_primary": is_primary}
    )
    return membership


def membership_remove(*, user, school: School) -> int:
    deleted, _ = SchoolMembership.objects.filter(user=user, school=school).delete()
    return deleted


def _require_manage(by, school: School) -> None:
    if not policies.can_manage_schools(by, school.country_id):
        raise NotAllowed(_("You cannot manage schools of this country."))


@transaction.atomic
def school_validate(*, by, school: School, reason: str = "") -> School:
    _require_manage(by, school)
    if school.status != SchoolStatus.PROPOSED:
        raise SchoolError(_("Only proposed schools wait for validation."))
    school.status = SchoolStatus.VALIDATED
    school.rejection_reason = ""
    school.save(update_fields=["status", "rejection_reason", "updated_at"])
    audit_record(actor=by, action="school.validated", target=school, country_code=school.country.code, reason=reason)
    return school


@transaction.atomic
def school_reject(*, by, school: School, reason: str) -> School:
    _require_manage(by, school)
    if not reason.strip():
        raise SchoolError(_("Give a reason: the teacher who proposed the school will read it."))
    if school.status != SchoolStatus.PROPOSED:
        raise SchoolError(_("Only proposed schools wait for validation."))
    school.status = SchoolStatus.REJECTED
    school.rejection_reason = reason.strip()
    school.save(update_fields=["status", "rejection_reason", "updated_at"])
    audit_record(actor=by, action="school.rejected", target=school, country_code=school.country.code, reason=reason)
    return school
