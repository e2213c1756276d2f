"""A person's own data: the download (right of access), the erasure, and the retention policy.

The account app registers its parts with ``twinning.core.privacy`` (other apps register theirs the same
way); ``data_export`` and ``account_erase`` build through that registry.

Erasure keeps the account row (anonymised) so that audit events still point at it: who decided what
stays provable, while nothing left on the row identifies the person.
"""

from __future__ import annotations

from twinning.core import privacy as core_privacy
from twinning.core.models import AuditEvent

from .models import AccountSuspension, NotificationPreference, User


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


def export_notification_preferences(user: User) -> list[dict]:
    return [
        {"kind": kind, "email": delivery}
        for kind, delivery in NotificationPreference.objects.filter(user=user)
        .order_by("kind")
        .values_list("kind", "delivery")
    ]


def export_sessions(user: User) -> list[dict]:
    """Where the account is logged in: when, from which address and browser (allauth's session list)."""
    from allauth.usersessions.models import UserSession

    return [
        {"created_at": _iso(s.created_at), "last_seen_at": _iso(s.last_seen_at), "ip": s.ip, "user_agent": s.user_agent}
        for s in UserSession.objects.filter(user=user).order_by("created_at")
    ]


def export_suspensions(user: User) -> list[dict]:
    return [
        {
            "suspended_at": _iso(s.created_at),
            "until": _iso(s.until),
            "reason": s.reason,
            "lifted_at": _iso(s.lifted_at),
        }
        for s in AccountSuspension.objects.filter(user=user).order_by("created_at")
    ]


def erase_suspensions(user: User) -> None:
    # The decisions stay in the audit log (relabelled); the reasons written about the person go.
    AccountSuspension.objects.filter(user=user).delete()


def erase_notification_preferences(user: User) -> None:
    NotificationPreference.objects.filter(user=user).delete()


def erase_sessions(user: User) -> None:
    """End every session of the person and forget the addresses and browsers they were opened from."""
    from allauth.usersessions.models import UserSession

    for session in UserSession.objects.filter(user=user):
        session.end()  # deletes the Django session and the row


core_privacy.register_exporter("account", export_account, position=0)
core_privacy.register_exporter("notification_preferences", export_notification_preferences, position=50)
core_privacy.register_exporter("sessions", export_sessions, position=60)
core_privacy.register_eraser("notification_preferences", erase_notification_preferences)
core_privacy.register_eraser("sessions", erase_sessions)
core_privacy.register_exporter("suspensions", export_suspensions, position=70)
core_privacy.register_eraser("suspensions", erase_suspensions)
core_privacy.register_exporter("email_addresses", export_email_addresses, position=10)
core_privacy.register_exporter("mfa_authenticators", export_mfa_authenticators, position=40)

core_privacy.register_eraser("profile_relations", erase_profile_relations)
core_privacy.register_eraser("email_addresses", erase_email_addresses)
core_privacy.register_eraser("mfa_authenticators", erase_mfa_authenticators)
core_privacy.register_eraser("login_attempts", erase_login_attempts)
core_privacy.register_eraser("identity_history", erase_identity_history)
