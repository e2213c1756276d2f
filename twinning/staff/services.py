"""Writes on staff duties: giving and revoking staff roles, and the platform's rules (numbers the domains
read). Every grant, revocation and change is audited."""

from __future__ import annotations

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from twinning.core.errors import DomainError, NotAllowed
from twinning.core.services import audit_record

from . import policies
from .models import StaffRole


class RoleError(DomainError):
    pass


def _ambassador_problem(*, person, country, term_start, term_end) -> str | None:
    """Why this person or term cannot be an ambassador's; one wording for every reason about the person,
    so that the answer never tells whether an e-mail address has an account."""
    if (
        person is None
        or not person.is_etwinner
        or person.country_id != country.pk
        or person.is_superuser
        or any(r.kind != StaffRole.Kind.AMBASSADOR for r in policies.active_staff_roles(person))
    ):
        return _("Only a validated eTwinner of %(country)s can be appointed ambassador. Check the e-mail address.") % {
            "country": country.name
        }
    if term_end < timezone.localdate():
        return _("The term has already ended: give a term that is still to come or under way.")
    months = country.ambassador_term_months
    if term_end >= term_start + relativedelta(months=months):
        return ngettext(
            "An ambassador's term in %(country)s lasts at most %(n)d month.",
            "An ambassador's term in %(country)s lasts at most %(n)d months.",
            months,
        ) % {"country": country.name, "n": months}
    return None


@transaction.atomic
def staff_role_grant(
    *,
    by,
    user,
    kind: str,
    country=None,
    region=None,
    term_start=None,
    term_end=None,
    reason: str = "",
) -> StaffRole:
    """Give a staff duty. Administrators give any; NSO staff appoint ambassadors of their own country.

    An ambassador is a validated eTwinner of the region's country (never a member of staff), for a term
    no longer than the country's longest term. ``user`` is None when no account matched the e-mail given.
    """
    if kind not in StaffRole.Kind.values:
        raise RoleError(_("Unknown role."))
    if kind == StaffRole.Kind.CSS:
        country = region = None
    if kind == StaffRole.Kind.NSO:
        region = None
        if country is None:
            raise RoleError(_("NSO staff serve one country: choose it."))
    if kind == StaffRole.Kind.AMBASSADOR:
        if region is None:
            raise RoleError(_("An ambassador is appointed for a region: choose it."))
        country = region.country
        if not (term_start and term_end):
            raise RoleError(_("An ambassador is appointed for a term: give its start and end."))
    if term_start and term_end and term_end < term_start:
        raise RoleError(_("The term ends before it starts."))
    if not policies.can_grant_role(by, kind=kind, country_id=country.pk if country else None):
        raise NotAllowed(_("You cannot give this role."))
    if kind == StaffRole.Kind.AMBASSADOR:
        problem = _ambassador_problem(person=user, country=country, term_start=term_start, term_end=term_end)
        if problem:
            raise RoleError(problem)
    elif user is None:
        raise RoleError(_("No account uses this e-mail address."))  # only administrators get here
    assert user is not None
    role = StaffRole.objects.create(
        user=user, kind=kind, country=country, region=region, term_start=term_start, term_end=term_end, granted_by=by
    )
    # No ``is_staff``: staff work in the platform's pages; the Django admin is for administrators.
    policies.forget_staff_roles(user)
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
def staff_role_revoke(*, by, role: StaffRole, reason: str = "") -> StaffRole:
    if role.revoked_at is not None:
        raise RoleError(_("This role was already revoked."))
    if not policies.can_grant_role(by, kind=role.kind, country_id=role.country_id):
        raise NotAllowed(_("You cannot revoke this role."))
    role.revoked_at = timezone.now()
    role.save(update_fields=["revoked_at"])
    audit_record(
        actor=by,
        action="staff_role.revoked",
        target=role.user,
        country_code=role.country.code if role.country is not None else "",
        reason=reason,
        data={"role_id": role.pk, "kind": role.kind},
    )
    return role


class RuleError(DomainError):
    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


@transaction.atomic
def rules_set(*, actor, values: dict[str, int], reason: str = "") -> list[str]:
    """Change the platform's rules (CSS staff, administrators); returns the keys that changed, each audited
    with its old and new value. Bounds are the ones each rule was declared with."""
    from twinning.core import rules as core_rules
    from twinning.core.models import PlatformRule

    if not policies.can_edit_rules(actor):
        raise NotAllowed(_("Only CSS staff can change the platform's rules."))
    current = core_rules.values()
    changed = []
    for key, value in values.items():
        declared = core_rules.declared(key)
        if value < declared.minimum or (declared.maximum is not None and value > declared.maximum):
            raise RuleError(
                _("Give a number from %(min)s to %(max)s.")
                % {"min": declared.minimum, "max": declared.maximum if declared.maximum is not None else "∞"},
                field=key,
            )
        if current[key] == value:
            continue
        row, _created = PlatformRule.objects.update_or_create(
            key=key, country=None, defaults={"value": value, "updated_by": actor}
        )
        audit_record(
            actor=actor,
            action="rule.changed",
            target=row,
            reason=reason,
            data={"rule": key, "from": current[key], "to": value},
        )
        changed.append(key)
    if changed:
        transaction.on_commit(core_rules.rules_changed)
    return changed


# --- Embedded sites (core.embeds) ---------------------------------------------------------------------


class EmbedError(RuleError):
    pass


def _embeds_changed() -> None:
    from twinning.core import embeds

    embeds.forget()


@transaction.atomic
def embed_sites_set(*, actor, enabled_ids: set[int], reason: str = "") -> list[str]:
    """Switch embedded sites on or off (CSS staff, administrators); returns the names that changed, each
    audited with its new state. Pages everywhere follow within a minute (``core.embeds.allowed``)."""
    from twinning.core.models import EmbedSite

    if not policies.can_edit_rules(actor):
        raise NotAllowed(_("Only CSS staff can change which sites may be embedded."))
    changed = []
    for site in EmbedSite.objects.select_for_update().order_by("pk"):
        enabled = site.pk in enabled_ids
        if site.enabled == enabled:
            continue
        site.enabled = enabled
        site.updated_by = actor
        site.save(update_fields=["enabled", "updated_by", "updated_at"])
        audit_record(
            actor=actor,
            action="embeds.allowed" if enabled else "embeds.refused",
            target=site,
            reason=reason,
            data={"site": site.provider or site.host},
        )
        changed.append(site.name)
    if changed:
        transaction.on_commit(_embeds_changed)
    return changed


@transaction.atomic
def embed_host_add(*, actor, host: str, name: str, reason: str = ""):
    """Allow another site whose https pages are made to be embedded as they are (audited)."""
    from twinning.core import embeds
    from twinning.core.models import EmbedSite

    if not policies.can_edit_rules(actor):
        raise NotAllowed(_("Only CSS staff can change which sites may be embedded."))
    normal = embeds.normal_host(host)
    if normal is None:
        raise EmbedError(_("Give a host name such as tools.example.org (no path, no http://)."), field="host")
    if any(normal in p.link_hosts or f"https://{normal}" in p.frame_hosts for p in embeds.PROVIDERS.values()):
        raise EmbedError(_("This site is one of the known providers above: switch it on there."), field="host")
    if EmbedSite.objects.filter(provider="", host=normal).exists():
        raise EmbedError(_("This site is already on the list."), field="host")
    site = EmbedSite.objects.create(host=normal, name=(name or normal).strip()[:120], updated_by=actor)
    audit_record(actor=actor, action="embeds.host_added", target=site, reason=reason, data={"site": normal})
    transaction.on_commit(_embeds_changed)
    return site


@transaction.atomic
def embed_host_remove(*, actor, site_id: int, reason: str = "") -> None:
    """Take a site staff added off the list (the known providers are switched off instead)."""
    from twinning.core.models import EmbedSite

    if not policies.can_edit_rules(actor):
        raise NotAllowed(_("Only CSS staff can change which sites may be embedded."))
    site = EmbedSite.objects.filter(pk=site_id, provider="").first()
    if site is None:
        raise EmbedError(_("This site is not on the list any more."))
    audit_record(actor=actor, action="embeds.host_removed", target=site, reason=reason, data={"site": site.host})
    site.delete()
    transaction.on_commit(_embeds_changed)


@transaction.atomic
def country_rules_set(*, actor, country, values: dict[str, int | None], reason: str = "") -> list[str]:
    """A country's own values of the rules declared per country (its NSO staff, or CSS staff); ``None``
    goes back to the platform's value. Each change is audited with the country."""
    from twinning.core import rules as core_rules
    from twinning.core.models import PlatformRule

    if not (policies.is_support_staff(actor) and policies.can_act_for_country(actor, country.pk)):
        raise NotAllowed(_("Only staff of this country can change its rules."))
    current = core_rules.country_values(country.pk)
    changed = []
    for key, value in values.items():
        declared = core_rules.declared(key)
        if not declared.per_country:
            raise RuleError(_("This rule is the same in every country."), field=key)
        if value is not None and (
            value < declared.minimum or (declared.maximum is not None and value > declared.maximum)
        ):
            raise RuleError(
                _("Give a number from %(min)s to %(max)s.")
                % {"min": declared.minimum, "max": declared.maximum if declared.maximum is not None else "∞"},
                field=key,
            )
        if current.get(key) == value:
            continue
        if value is None:
            row = PlatformRule.objects.get(key=key, country=country)
            audit_record(
                actor=actor, action="rule.changed", target=row, country_code=country.code, reason=reason,
                data={"rule": key, "country": country.code, "from": current.get(key), "to": None},
            )  # fmt: skip
            row.delete()
        else:
            row, _created = PlatformRule.objects.update_or_create(
                key=key, country=country, defaults={"value": value, "updated_by": actor}
            )
            audit_record(
                actor=actor, action="rule.changed", target=row, country_code=country.code, reason=reason,
                data={"rule": key, "country": country.code, "from": current.get(key), "to": value},
            )  # fmt: skip
        changed.append(key)
    if changed:
        transaction.on_commit(core_rules.rules_changed)
    return changed
