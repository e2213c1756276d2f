"""Writes on a person's own data: the download (audited), the erasure, and the retention policy.

``data_export`` and ``account_erase`` build through ``twinning.core.privacy``, which each app fills with
its parts. Erasure keeps the account row (anonymised) so that audit events still point at it: who
decided what stays provable, while nothing left on the row or in the events' labels identifies the
person.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.core import privacy as core_privacy
from twinning.core.errors import DomainError, NotAllowed
from twinning.core.files import delete_after_commit
from twinning.core.services import audit_record, audit_relabel_person
from twinning.staff import policies as staff_policies

from ..models import RetentionPolicy, User, Visibility

EXPORT_FORMAT = "twinning-personal-data/1"


class RetentionPolicyInvalid(DomainError):
    pass


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _country_code(user: User) -> str:
    return user.country.code if user.country is not None else ""


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

    old_photo = person.photo if person.photo else None
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
    if old_photo is not None:
        # Delete the file only once the anonymisation is committed (a rollback keeps the photo).
        delete_after_commit(old_photo)
    if user is not person:
        user.refresh_from_db()
        staff_policies.forget_staff_roles(user)
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
    if not staff_policies.is_css_staff(by):
        raise NotAllowed(_("Only CSS staff can change the retention policy."))
    values = {
        "inactive_after_days": inactive_after_days,
        "anonymise_after_days": anonymise_after_days,
        "warning_days": warning_days,
    }
    problems = retention_policy_problems(**values)
    if problems:
        raise RetentionPolicyInvalid(" ".join(str(p) for p in problems.values()))
    policy = RetentionPolicy.objects.select_for_update().order_by("pk").first()
    if policy is None:  # the migration creates the row; a database restored without it gets one here
        policy = RetentionPolicy.objects.create()
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
