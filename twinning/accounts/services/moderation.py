"""What the NSO may do to an account when moderating: hide a profile, suspend an account, reinstate it.

Called by the moderation app (which keeps the reports); each decision is taken by staff who serve the
person's country, audited with its reason, and told to the person.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.core.errors import DomainError, NotAllowed
from twinning.core.services import audit_record
from twinning.staff.policies import can_act_for_country, is_support_staff

from ..models import AccountSuspension, User, Visibility
from .notices import notify


class ModerationError(DomainError):
    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def _require_staff_for(actor, user: User) -> None:
    if not (is_support_staff(actor) and can_act_for_country(actor, user.country_id)):
        raise NotAllowed(_("Only staff of this person's country can take this decision."))


def _country_code(user: User) -> str:
    return user.country.code if user.country is not None else ""


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_("Give the reason: the person will read it."), field="reason")
    return reason


@transaction.atomic
def profile_hide(*, actor, user: User, reason: str) -> bool:
    """Hide a person's profile from every list and page (visibility "nobody"); False if it was hidden."""
    _require_staff_for(actor, user)
    reason = _reason(reason)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.visibility == Visibility.HIDDEN:
        return False
    previous = user.visibility
    user.visibility = Visibility.HIDDEN
    user.save(update_fields=["visibility"])
    audit_record(
        actor=actor,
        action="person.profile_hidden",
        target=user,
        country_code=_country_code(user),
        reason=reason,
        data={"visibility_before": previous},
    )
    notify(
        recipient=user,
        kind="accounts.moderation",
        title=gettext_lazy("Your profile was hidden by your National Support Organisation"),
        body=format_lazy(gettext_lazy("The reason given: {reason}"), reason=reason),
    )
    return True


@transaction.atomic
def account_suspend(*, actor, user: User, reason: str, until: datetime | None = None) -> AccountSuspension:
    """Suspend an account: it cannot log in (its sessions end at their next request) until ``until`` or until
    reinstated. Staff and administrators cannot be suspended this way."""
    _require_staff_for(actor, user)
    reason = _reason(reason)
    if until is not None and until <= timezone.now():
        raise ModerationError(_("The end of the suspension must be in the future."), field="until")
    if user.is_superuser or is_support_staff(user):
        raise NotAllowed(_("Staff accounts cannot be suspended here."))
    if user.pk == getattr(actor, "pk", None):
        raise NotAllowed(_("You cannot suspend your own account."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if AccountSuspension.objects.filter(user=user, lifted_at__isnull=True).exists():
        raise ModerationError(_("This account is already suspended."))
    suspension = AccountSuspension.objects.create(user=user, reason=reason, until=until, created_by=actor)
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="person.suspended",
        target=user,
        country_code=_country_code(user),
        reason=reason,
        data={"until": until.isoformat() if until else None, "suspension_id": suspension.pk},
    )
    # Told by notice (read after the suspension ends) and by e-mail at once, whatever the preference: the
    # person cannot log in to read it.
    notify(
        recipient=user,
        kind="accounts.suspended",
        title=gettext_lazy("Your account is suspended"),
        body=format_lazy(
            gettext_lazy("Your National Support Organisation suspended your account: {reason}"), reason=reason
        ),
    )
    return suspension


@transaction.atomic
def account_reinstate(*, actor, user: User, reason: str = "") -> bool:
    """End a person's open suspension (``actor`` None: the suspension's end date passed); False if none."""
    if actor is not None:
        _require_staff_for(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    suspension = AccountSuspension.objects.filter(user=user, lifted_at__isnull=True).first()
    if suspension is None:
        return False
    suspension.lifted_at = timezone.now()
    suspension.lifted_by = actor
    suspension.lift_reason = reason or ""
    suspension.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    if user.anonymised_at is None:
        user.is_active = True
        user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="person.reinstated",
        target=user,
        country_code=_country_code(user),
        reason=reason or ("" if actor is not None else "the suspension ended"),
        data={"suspension_id": suspension.pk},
    )
    return True


def suspensions_end(now: datetime | None = None) -> int:
    """Reinstate every account whose suspension's end date has passed (a periodic task); returns how many."""
    now = now or timezone.now()
    due = AccountSuspension.objects.filter(lifted_at__isnull=True, until__isnull=False, until__lte=now)
    count = 0
    for user_id in list(due.values_list("user_id", flat=True)):
        count += account_reinstate(actor=None, user=User.objects.get(pk=user_id))
    return count
