"""Writes on people: profile, joining the community, NSO validation and staff roles.

Every decision (submit, validate, reject, grant, revoke) writes an audit event in the same
transaction; e-mails go out from tasks after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.core.errors import DomainError, NotAllowed
from twinning.core.files import delete_after_commit
from twinning.core.services import audit_record, audit_record_many
from twinning.schools import services as school_services
from twinning.schools.models import School, SchoolStatus

from .. import policies
from ..models import ELIGIBLE_ROLES, CommunityRole, NotificationPreference, User, ValidationStatus, Visibility
from ..tasks import send_validation_decision


class RoleNotEligible(DomainError):
    pass


class JoinIncomplete(DomainError):
    pass


class DecisionError(DomainError):
    pass


@dataclass(frozen=True)
class ProfileChange:
    fields: list[str]
    sent_for_validation: bool


# Lazy: the text is read in each person's language, not the one active at import time.
COMPANY_STAFF_EXPLANATION = gettext_lazy(
    "eTwinning is for the staff of schools who work with pupils (teachers, head teachers, librarians, "
    "pedagogues, …). Non-teaching or company staff cannot become eTwinners. You can still take open "
    "courses and read the public pages with your account."
)


def _country_code(user: User) -> str:
    return user.country.code if user.country is not None else ""


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


def _check_participating(country) -> None:
    """People of a country that no longer takes part (its ``valid_to`` has passed) cannot join."""
    if not country.is_participating():
        raise JoinIncomplete(
            _("%(country)s no longer takes part in eTwinning: schools there cannot join the community.")
            % {"country": country}
        )


def _check_hosted(country) -> None:
    """Teachers are validated by their own NSO; a country whose NSO does not work on this platform keeps its
    teachers on the European School Education Platform (they join projects here as external partners)."""
    from twinning.reference.selectors import hosted_country_ids

    if country.pk not in hosted_country_ids():
        raise JoinIncomplete(
            _(
                "The National Support Organisation of %(country)s works on the European School Education "
                "Platform (ESEP), not here: teachers of %(country)s become eTwinners there, and can take part "
                "in projects of this platform as external partners."
            )
            % {"country": country}
        )


def _check_school_country(user: User, school: School) -> None:
    _check_participating(school.country)
    if user.country_id and school.country_id != user.country_id:
        raise JoinIncomplete(
            _("All your schools must be in %(country)s, the country of your profile.") % {"country": user.country}
        )


@transaction.atomic
def school_attach(*, user: User, school: School) -> None:
    """Attach a school from the registry; the first school sets the country of the profile.

    A proposed school may be attached too (a colleague's proposal, offered under "Did you mean…?"), so
    that two teachers of one school do not propose it twice; the NSO decides on it once."""
    if school.status not in (SchoolStatus.VALIDATED, SchoolStatus.PROPOSED):
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
    _check_participating(country)
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
    audit_record(
        actor=user,
        action="person.school_removed",
        target=user,
        country_code=_country_code(user),
        data={"school_id": school.pk},
    )
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
    if user.country is not None:
        _check_participating(user.country)
        _check_hosted(user.country)
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
    """NSO staff validate people of their own country (bulk); each gets an audit event and a notice.

    The teacher was told that the NSO "validates the school with your account": schools these people
    proposed and that still wait are validated in the same decision (each audited, the proposer told).
    """
    decided = _decide(
        staff=staff, people=people, status=ValidationStatus.VALIDATED, action="person.validated", reason=reason.strip()
    )
    for school in School.objects.filter(
        proposed_by__in=[p.pk for p in decided], status=SchoolStatus.PROPOSED
    ).select_related("country"):
        school_services.school_validate(
            by=staff, school=school, reason=_("Validated with the account of the teacher who proposed it.")
        )
    return decided


@transaction.atomic
def people_reject(*, staff: User, people: Iterable[User], reason: str) -> list[User]:
    """Reject with a reason the person will read (required)."""
    if not reason.strip():
        raise DecisionError(_("Give a reason for the rejection: the person will read it."))
    return _decide(
        staff=staff, people=people, status=ValidationStatus.REJECTED, action="person.rejected", reason=reason.strip()
    )


# What the person may change on their profile (country and status are the NSO's to decide).
PROFILE_FIELDS = ("first_name", "last_name", "bio", "visibility", "preferred_language")


@transaction.atomic
def profile_update(
    *,
    user: User,
    first_name: str,
    last_name: str,
    bio: str = "",
    visibility: str = Visibility.MEMBERS,
    preferred_language: str = "el",
    languages=None,
    subjects=None,
    age_bands=None,
    photo=None,
    remove_photo: bool = False,
) -> ProfileChange:
    """Save a person's own profile; only the fields that changed are written, and the edit is audited.

    The name is what the NSO validated: when a validated eTwinner changes it, the account goes back to
    the NSO for validation (until then it is not listed publicly). ``photo`` is a new upload (or None to
    keep the photo); ``remove_photo`` removes it. A replaced or removed photo file is deleted after
    commit. The row is re-read under a lock, so a staff decision taken meanwhile is never overwritten.
    """
    first_name, last_name = first_name.strip(), last_name.strip()
    if not (first_name and last_name):
        raise JoinIncomplete(_("Give your first and last name."))
    if visibility not in Visibility.values:
        raise JoinIncomplete(_("Choose who may see your profile."))
    if preferred_language not in dict(settings.LANGUAGES):
        raise JoinIncomplete(_("Choose Greek or English."))
    person = User.objects.select_for_update(of=("self",)).select_related("country").get(pk=user.pk)
    values = {
        "first_name": first_name,
        "last_name": last_name,
        "bio": bio.strip(),
        "visibility": visibility,
        "preferred_language": preferred_language,
    }
    changed = [f for f in PROFILE_FIELDS if getattr(person, f) != values[f]]
    old_name = person.get_full_name()
    for field_name in changed:
        setattr(person, field_name, values[field_name])
    old_photo = person.photo if person.photo else None
    if photo is not None or (remove_photo and old_photo):
        person.photo = photo or ""
        changed.append("photo")
        if old_photo:
            delete_after_commit(old_photo)
    revalidate = person.validation_status == ValidationStatus.VALIDATED and {"first_name", "last_name"} & set(changed)
    update_fields = list(changed)
    if revalidate:
        person.validation_status = ValidationStatus.PENDING
        person.submitted_at = timezone.now()
        update_fields += ["validation_status", "submitted_at"]
    if update_fields:
        person.save(update_fields=update_fields)
    for field_name, values_in in (("languages", languages), ("subjects", subjects), ("age_bands", age_bands)):
        if values_in is None:
            continue
        new_ids = {v.pk for v in values_in}
        if new_ids != set(getattr(person, field_name).values_list("pk", flat=True)):
            getattr(person, field_name).set(values_in)
            changed.append(field_name)
    if changed:
        audit_record(
            actor=person,
            action="person.profile_updated",
            target=person,
            country_code=_country_code(person),
            data={"fields": changed},
        )
    if revalidate:
        audit_record(
            actor=person,
            action="person.identity_changed",
            target=person,
            country_code=_country_code(person),
            reason=_("The name changed after validation."),
            data={"before": old_name, "after": person.get_full_name()},
        )
    # The caller's object follows the saved row (it is request.user in views).
    for field_name in (*PROFILE_FIELDS, "photo", "validation_status", "submitted_at"):
        setattr(user, field_name, getattr(person, field_name))
    return ProfileChange(fields=changed, sent_for_validation=bool(revalidate))


def person_seen(*, user: User, now=None) -> bool:
    """Remember that the person was active (for the retention rule); at most one write an hour.

    Activity also makes a hidden (inactive) profile visible again. Returns whether a write happened.
    """
    now = now or timezone.now()
    if user.last_seen_at is not None and now - user.last_seen_at <= timedelta(hours=1):
        return False
    User.objects.filter(pk=user.pk).update(last_seen_at=now, inactive_since=None)
    user.last_seen_at = now
    user.inactive_since = None
    return True


@transaction.atomic
def language_set(*, user: User, language: str) -> bool:
    """The language of the person's pages and e-mails. Returns whether it changed."""
    if language not in dict(settings.LANGUAGES):
        raise JoinIncomplete(_("Choose Greek or English."))
    changed = User.objects.filter(pk=user.pk).exclude(preferred_language=language).update(preferred_language=language)
    user.preferred_language = language
    return bool(changed)


@transaction.atomic
def notification_preferences_set(*, user: User, delivery_by_kind: dict[str, str]) -> list[str]:
    """Save how the person wants each kind of notice by e-mail (at once, daily, never); unknown kinds or
    ways are refused. Returns the kinds changed."""
    from twinning.core.registries import DELIVERIES, notification_kind

    unknown = [kind for kind in delivery_by_kind if notification_kind(kind) is None]
    if unknown or any(delivery not in DELIVERIES for delivery in delivery_by_kind.values()):
        raise JoinIncomplete(_("Unknown kind of notice."))
    chosen = dict(
        NotificationPreference.objects.filter(user=user, kind__in=list(delivery_by_kind)).values_list(
            "kind", "delivery"
        )
    )
    changed = []
    for kind, delivery in delivery_by_kind.items():
        default = notification_kind(kind).delivery  # type: ignore[union-attr]
        if chosen.get(kind, default) == delivery:
            continue
        NotificationPreference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})
        changed.append(kind)
    return changed
