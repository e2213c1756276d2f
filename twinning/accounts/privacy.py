"""A person's own data: the download (right of access), the erasure, and the retention policy.

The account app registers its parts with ``twinning.core.privacy`` (other apps register theirs the same
way); ``data_export`` and ``account_erase`` build through that registry.

Erasure keeps the account row (anonymised) so that audit events still point at it: who decided what
stays provable, while nothing left on the row identifies the person.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.core import privacy as core_privacy
from twinning.core.errors import DomainError, NotAllowed
from twinning.core.models import AuditEvent
from twinning.core.services import audit_record, audit_relabel_person
from twinning.schools.models import SchoolMembership

from . import policies
from .models import RetentionPolicy, StaffRole, User, Visibility

EXPORT_FORMAT = "twinning-personal-data/1"


class RetentionPolicyInvalid(DomainError):
    pass


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _taxonomy(items) -> list[dict]:
    return [{"code": item.code, "name_en": item.name_en, "name_el": item.name_el} for item in items]


# --- Exporters --------------------------------------------------------------------------------


def export_account(user: User) -> dict:
    """Account and profile fields. Never the password hash or other secrets."""
    user = User.objects.select_related("country").prefetch_related("languages", "subjects", "age_bands").get(pk=user.pk)
    return {
        "id": user.pk,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "last_seen_at": _iso(user.last_seen_at),
        "is_active": user.is_active,
        "country": {"code": user.country.code, "name_en": user.country.name_en, "name_el": user.country.name_el}
        if user.country_id
        else None,
        "photo": user.photo.name if user.photo else None,
        "bio": user.bio,
        "visibility": user.visibility,
        "preferred_language": user.preferred_language,
        "community_role": user.community_role,
        "validation_status": user.validation_status,
        "submitted_at": _iso(user.submitted_at),
        "decided_at": _iso(user.decided_at),
        "rejection_reason": user.rejection_reason,
        "inactive_since": _iso(user.inactive_since),
        "retention_warned_at": _iso(user.retention_warned_at),
        "anonymised_at": _iso(user.anonymised_at),
        "languages": _taxonomy(user.languages.all()),
        "subjects": _taxonomy(user.subjects.all()),
        "age_bands": _taxonomy(user.age_bands.all()),
    }


def export_email_addresses(user: User) -> list[dict]:
    from allauth.account.models import EmailAddress

    return [
        {"email": a.email, "verified": a.verified, "primary": a.primary}
        for a in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    ]


def export_schools(user: User) -> list[dict]:
    memberships = (
        SchoolMembership.objects.filter(user=user)
        .select_related("school__country", "school__region")
        .order_by("-is_primary", "created_at")
    )
    return [
        {
            "school_id": m.school_id,
            "name": m.school.name,
            "city": m.school.city,
            "country": m.school.country.code,
            "region": m.school.region.name_en if m.school.region_id else None,
            "national_code": m.school.national_code,
            "is_primary": m.is_primary,
            "attached_at": _iso(m.created_at),
        }
        for m in memberships
    ]


def export_staff_roles(user: User) -> list[dict]:
    roles = StaffRole.objects.filter(user=user).select_related("country", "region").order_by("granted_at", "pk")
    return [
        {
            "kind": r.kind,
            "country": r.country.code if r.country_id else None,
            "region": r.region.name_en if r.region_id else None,
            "term_start": _iso(r.term_start),
            "term_end": _iso(r.term_end),
            "granted_at": _iso(r.granted_at),
            "revoked_at": _iso(r.revoked_at),
        }
        for r in roles
    ]


def export_mfa_authenticators(user: User) -> list[dict]:
    """Which second factors exist, never their secrets."""
    from allauth.mfa.models import Authenticator

    return [
        {"type": a.type, "created_at": _iso(a.created_at)}
        for a in Authenticator.objects.filter(user=user).order_by("created_at", "pk").only("type", "created_at")
    ]


# --- Erasers (run before the row is anonymised, inside the erasure transaction) ----------------


def erase_profile_relations(user: User) -> None:
    user.languages.clear()
    user.subjects.clear()
    user.age_bands.clear()


def erase_email_addresses(user: User) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=user).delete()  # confirmations cascade


def erase_mfa_authenticators(user: User) -> None:
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=user).delete()


def erase_school_memberships(user: User) -> None:
    SchoolMembership.objects.filter(user=user).delete()


def erase_staff_roles(user: User) -> None:
    """Roles are revoked, not deleted: who held a duty, and when, stays on record."""
    StaffRole.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    policies.forget_staff_roles(user)


def erase_identity_history(user: User) -> None:
    """Name changes keep the names in their audit data for the NSO's check; erasure removes them."""
    AuditEvent.objects.filter(
        action="person.identity_changed", target_type=User._meta.label_lower, target_id=str(user.pk)
    ).update(data={"erased": True})


def erase_login_attempts(user: User) -> None:
    """django-axes keeps the login name (the e-mail) with the IP address of each attempt."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    names = {n.strip().lower() for n in (user.email, user.username) if n}
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__in=names).delete()


core_privacy.register_exporter("account", export_account, position=0)
core_privacy.register_exporter("email_addresses", export_email_addresses, position=10)
core_privacy.register_exporter("schools", export_schools, position=20)
core_privacy.register_exporter("staff_roles", export_staff_roles, position=30)
core_privacy.register_exporter("mfa_authenticators", export_mfa_authenticators, position=40)

core_privacy.register_eraser("profile_relations", erase_profile_relations)
core_privacy.register_eraser("email_addresses", erase_email_addresses)
core_privacy.register_eraser("mfa_authenticators", erase_mfa_authenticators)
core_privacy.register_eraser("school_memberships", erase_school_memberships)
core_privacy.register_eraser("staff_roles", erase_staff_roles)
core_privacy.register_eraser("login_attempts", erase_login_attempts)
core_privacy.register_eraser("identity_history", erase_identity_history)


# --- Services ---------------------------------------------------------------------------------


def _country_code(user: User) -> str:
    return user.country.code if user.country_id else ""


@transaction.atomic
def data_export(*, user: User) -> dict:
    """Everything the platform holds about this person, as JSON-able data; the download is audited."""
    data = {
        "format": EXPORT_FORMAT,
        "exported_at": _iso(timezone.now()),
        **core_privacy.export_person(user),
    }
    audit_record(
        actor=user,
        action="person.data_exported",
        target=user,
        country_code=_country_code(user),
        data={"parts": [k for k in data if k not in ("format", "exported_at")]},
    )
    return data


def erased_email(user_id: int) -> str:
    return f"deleted-{user_id}@invalid.twinning"


@transaction.atomic
def account_erase(*, user: User, actor: User | None, reason: str = "") -> bool:
    """Anonymise a person for good; audit events stay (they point at the same, now anonymous, row).

    ``actor`` is the person themself, or None for the retention task ("system"). Returns False when the
    account was already anonymised (a second erase changes nothing).
    """
    person = User.objects.select_for_update(of=("self",)).select_related("country").get(pk=user.pk)
    if person.anonymised_at is not None:
        return False
    now = timezone.now()
    steps = core_privacy.erase_person(person)

    photo_name, photo_storage = (person.photo.name, person.photo.storage) if person.photo else ("", None)
    placeholder = erased_email(person.pk)
    person.email = placeholder
    person.username = placeholder
    person.first_name = "Deleted"
    person.last_name = f"user #{person.pk}"
    person.photo = ""
    person.bio = ""
    person.rejection_reason = ""
    person.visibility = Visibility.HIDDEN
    person.is_active = False
    person.is_staff = False
    person.is_superuser = False
    person.set_unusable_password()
    person.anonymised_at = now
    person.save()
    # Names copied into earlier audit events go too; the events keep their ids and actions.
    audit_relabel_person(person=person, label=person.audit_label())

    # The new event must not carry the old name: when the person acts, record the anonymised row.
    audit_actor = person if actor is not None and actor.pk == person.pk else actor
    audit_record(
        actor=audit_actor,
        action="person.erased",
        target=person,
        country_code=_country_code(person),
        reason=reason,
        data={"steps": steps},
    )
    if photo_name:
        # Delete the file only once the anonymisation is committed (a rollback keeps the photo).
        transaction.on_commit(lambda: photo_storage.delete(photo_name))
    if user is not person:
        user.refresh_from_db()
        policies.forget_staff_roles(user)
    return True


# --- Retention policy -------------------------------------------------------------------------

MIN_INACTIVE_DAYS = 30
MAX_DAYS = 36500


def retention_policy_problems(*, inactive_after_days: int, anonymise_after_days: int, warning_days: int) -> dict:
    """What is wrong with these values, per field (empty when they can be saved)."""
    problems: dict[str, str] = {}
    if inactive_after_days < MIN_INACTIVE_DAYS:
        problems["inactive_after_days"] = _("Hide profiles after at least %(days)d days without login.") % {
            "days": MIN_INACTIVE_DAYS
        }
    if anonymise_after_days <= inactive_after_days:
        problems["anonymise_after_days"] = _(
            "Anonymising must come after hiding: give more days than for hiding the profile (%(days)d)."
        ) % {"days": inactive_after_days}
    if warning_days < 1:
        problems["warning_days"] = _("Give at least one day between the warning and the anonymisation.")
    elif "anonymise_after_days" not in problems and warning_days >= anonymise_after_days - inactive_after_days:
        problems["warning_days"] = _(
            "The warning must be sent after the profile is hidden: give fewer than %(days)d days "
            "(the time between hiding and anonymising)."
        ) % {"days": anonymise_after_days - inactive_after_days}
    for field, value in (
        ("inactive_after_days", inactive_after_days),
        ("anonymise_after_days", anonymise_after_days),
        ("warning_days", warning_days),
    ):
        if value > MAX_DAYS and field not in problems:
            problems[field] = _("Give at most %(days)d days.") % {"days": MAX_DAYS}
    return problems


@transaction.atomic
def retention_policy_update(
    *, by: User, inactive_after_days: int, anonymise_after_days: int, warning_days: int, reason: str = ""
) -> RetentionPolicy:
    """CSS staff set how long accounts live without a login; the change is audited with old and new values."""
    if not policies.is_css_staff(by):
        raise NotAllowed(_("Only CSS staff can change the retention policy."))
    values = {
        "inactive_after_days": inactive_after_days,
        "anonymise_after_days": anonymise_after_days,
        "warning_days": warning_days,
    }
    problems = retention_policy_problems(**values)
    if problems:
        raise RetentionPolicyInvalid(" ".join(str(p) for p in problems.values()))
    current = RetentionPolicy.current()
    policy = RetentionPolicy.objects.select_for_update().get(pk=current.pk)
    before = {field: getattr(policy, field) for field in values}
    if before == values:
        return policy
    for field, value in values.items():
        setattr(policy, field, value)
    policy.save()
    audit_record(
        actor=by,
        action="retention_policy.updated",
        target=policy,
        reason=reason,
        data={"before": before, "after": values},
    )
    return policy
