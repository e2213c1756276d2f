"""Writes on people: profile, joining the community, NSO validation and staff roles.

Every decision (submit, validate, reject, grant, revoke) writes an audit event in the same
transaction; e-mails go out from tasks after commit.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.core.errors import DomainError, NotAllowed
from twinning.core.services import audit_record, audit_record_many
from twinning.schools import services as school_services
from twinning.schools.models import School, SchoolStatus

from . import policies
from .models import ELIGIBLE_ROLES, CommunityRole, StaffRole, User, ValidationStatus
from .tasks import send_validation_decision


class RoleNotEligible(DomainError):
    pass


class JoinIncomplete(DomainError):
    pass


class DecisionError(DomainError):
    pass


# Lazy: the text is read in each person's language, not the one active at import time.
COMPANY_STAFF_EXPLANATION = gettext_lazy(
    "eTwinning is for the staff of schools who work with pupils (teachers, head teachers, librarians, "
    "pedagogues, …). Non-teaching or company staff cannot become eTwinners. You can still take open "
    "courses and read the public pages with your account."
)


def _country_code(user: User) -> str:
    return user.country.code if user.country_id else ""


@transaction.atomic
def community_role_choose(*, user: User, role: str) -> User:
    """Choose the role in the school community; non-teaching staff is refused at once (domain §2)."""
    if role not in CommunityRole.values:
        raise RoleNotEligible(_("Choose one of the roles listed."))
    if role not in ELIGIBLE_ROLES:
        raise RoleNotEligible(COMPANY_STAFF_EXPLANATION)
    if user.validation_status == ValidationStatus.PENDING and user.community_role != role:
        raise JoinIncomplete(_("Your request is waiting for validation; the role cannot change meanwhile."))
    user.community_role = role
    user.save(update_fields=["community_role"])
    return user


def _check_school_country(user: User, school: School) -> None:
    if user.country_id and school.country_id != user.country_id:
        raise JoinIncomplete(
            _("All your schools must be in %(country)s, the country of your profile.") % {"country": user.country}
        )


@transaction.atomic
def school_attach(*, user: User, school: School) -> None:
    """Attach a school from the registry; the first school sets the country of the profile."""
    if school.status not in (SchoolStatus.VALIDATED, SchoolStatus.PROPOSED):
        raise JoinIncomplete(_("This school cannot be chosen."))
    if school.status == SchoolStatus.PROPOSED and school.proposed_by_id != user.pk:
        raise JoinIncomplete(_("This school cannot be chosen."))
    _check_school_country(user, school)
    has_schools = user.school_memberships.exists()
    school_services.membership_add(user=user, school=school, is_primary=not has_schools)
    if not user.country_id:
        user.country_id = school.country_id
        user.save(update_fields=["country"])
    if user.validation_status == ValidationStatus.VALIDATED:
        audit_record(
            actor=user,
            action="person.school_added",
            target=user,
            country_code=_country_code(user),
            data={"school_id": school.pk},
        )


@transaction.atomic
def school_propose_and_attach(*, user: User, **fields) -> School:
    country = fields["country"]
    if user.country_id and country.pk != user.country_id:
        raise JoinIncomplete(
            _("All your schools must be in %(country)s, the country of your profile.") % {"country": user.country}
        )
    school = school_services.school_propose(by=user, **fields)
    school_attach(user=user, school=school)
    return school


@transaction.atomic
def school_detach(*, user: User, school: School) -> None:
    if user.validation_status == ValidationStatus.PENDING:
        raise JoinIncomplete(_("Your request is waiting for validation; your schools cannot change meanwhile."))
    remaining = user.school_memberships.exclude(school=school).count()
    if user.validation_status == ValidationStatus.VALIDATED and remaining == 0:
        raise JoinIncomplete(_("A validated eTwinner keeps at least one school. Attach the new school first."))
    school_services.membership_remove(user=user, school=school)
    if remaining == 0 and user.validation_status != ValidationStatus.VALIDATED:
        user.country = None
        user.save(update_fields=["country"])


@transaction.atomic
def validation_request(*, user: User) -> User:
    """Send the profile to the NSO: needs a name, a role that may join and at least one school."""
    if user.validation_status == ValidationStatus.PENDING:
        raise JoinIncomplete(_("Your request is already waiting for validation."))
    if user.validation_status == ValidationStatus.VALIDATED:
        raise JoinIncomplete(_("Your account is already validated."))
    missing = []
    if not (user.first_name.strip() and user.last_name.strip()):
        missing.append(_("your first and last name"))
    if user.community_role not in ELIGIBLE_ROLES:
        missing.append(_("a role in your school"))
    if not user.school_memberships.exists():
        missing.append(_("at least one school"))
    if missing:
        raise JoinIncomplete(_("Before asking for validation, add %(items)s.") % {"items": ", ".join(missing)})
    user.validation_status = ValidationStatus.PENDING
    user.submitted_at = timezone.now()
    user.rejection_reason = ""
    user.save(update_fields=["validation_status", "submitted_at", "rejection_reason"])
    audit_record(actor=user, action="person.validation_requested", target=user, country_code=_country_code(user))
    return user


def _decide(*, staff: User, people: Iterable[User], status: str, action: str, reason: str) -> list[User]:
    people = list(people)
    if not people:
        raise DecisionError(_("Select at least one person."))
    for person in people:
        if not policies.can_validate(staff, person):
            raise NotAllowed(_("You cannot decide on %(person)s.") % {"person": person.display_name})
    now = timezone.now()
    ids = [p.pk for p in people]
    # Guard against a concurrent decision: only rows still pending change.
    changed = User.objects.filter(pk__in=ids, validation_status=ValidationStatus.PENDING).update(
        validation_status=status,
        decided_at=now,
        decided_by=staff,
        rejection_reason=reason if status == ValidationStatus.REJECTED else "",
    )
    if changed != len(ids):
        raise DecisionError(_("Someone else decided on some of these people meanwhile. Reload the queue."))
    for person in people:
        person.validation_status = status
        person.decided_at = now
        person.decided_by = staff
    audit_record_many(
        actor=staff,
        action=action,
        targets=people,
        country_code_of=lambda p: p.country.code if p.country_id else "",
        reason=reason,
    )
    transaction.on_commit(lambda: send_validation_decision.enqueue(ids, status))
    return people


@transaction.atomic
def people_validate(*, staff: User, people: Iterable[User], reason: str = "") -> list[User]:
    """NSO staff validate people of their own country (bulk); each gets an audit event and a notice."""
    return _decide(
        staff=staff, people=people, status=ValidationStatus.VALIDATED, action="person.validated", reason=reason.strip()
    )


@transaction.atomic
def people_reject(*, staff: User, people: Iterable[User], reason: str) -> list[User]:
    """Reject with a reason the person will read (required)."""
    if not reason.strip():
        raise DecisionError(_("Give a reason for the rejection: the person will read it."))
    return _decide(
        staff=staff, people=people, status=ValidationStatus.REJECTED, action="person.rejected", reason=reason.strip()
    )


@transaction.atomic
def staff_role_grant(
    *, by: User, user: User, kind: str, country=None, region=None, term_start=None, term_end=None, reason: str = ""
) -> StaffRole:
    if kind not in StaffRole.Kind.values:
        raise DecisionError(_("Unknown role."))
    if kind == StaffRole.Kind.CSS:
        country = region = None
    if kind == StaffRole.Kind.NSO:
        region = None
        if country is None:
            raise DecisionError(_("NSO staff serve one country: choose it."))
    if kind == StaffRole.Kind.AMBASSADOR:
        if region is None:
            raise DecisionError(_("An ambassador is appointed for a region: choose it."))
        country = region.country
        if not (term_start and term_end):
            raise DecisionError(_("An ambassador is appointed for a term: give its start and end."))
    if term_start and term_end and term_end < term_start:
        raise DecisionError(_("The term ends before it starts."))
    if not policies.can_grant_role(by, kind=kind, country_id=country.pk if country else None):
        raise NotAllowed(_("You cannot give this role."))
    role = StaffRole.objects.create(
        user=user, kind=kind, country=country, region=region, term_start=term_start, term_end=term_end, granted_by=by
    )
    if kind in (StaffRole.Kind.NSO, StaffRole.Kind.CSS) and not user.is_staff:
        # Staff flag marks staff accounts (MFA required); the Django admin stays for superusers.
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    audit_record(
        actor=by,
        action="staff_role.granted",
        target=user,
        country_code=country.code if country else "",
        reason=reason,
        data={"role_id": role.pk, "kind": kind, "region_id": region.pk if region else None},
    )
    return role


@transaction.atomic
def staff_role_revoke(*, by: User, role: StaffRole, reason: str = "") -> StaffRole:
    if role.revoked_at is not None:
        raise DecisionError(_("This role was already revoked."))
    if not policies.can_grant_role(by, kind=role.kind, country_id=role.country_id):
        raise NotAllowed(_("You cannot revoke this role."))
    role.revoked_at = timezone.now()
    role.save(update_fields=["revoked_at"])
    audit_record(
        actor=by,
        action="staff_role.revoked",
        target=role.user,
        country_code=role.country.code if role.country_id else "",
        reason=reason,
        data={"role_id": role.pk, "kind": role.kind},
    )
    return role


@transaction.atomic
def profile_update(*, user: User, cleaned: dict) -> User:
    """Save profile fields (the form has validated them); many-to-many choices replace the old ones."""
    m2m = {k: cleaned.pop(k) for k in ("languages", "subjects", "age_bands") if k in cleaned}
    for field, value in cleaned.items():
        setattr(user, field, value)
    user.save()
    for field, values in m2m.items():
        getattr(user, field).set(values)
    return user
