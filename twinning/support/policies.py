"""Who sees and handles which ticket.

- A requester sees only the tickets they opened (by the ``requester`` link); anyone else's answers 404.
- NSO staff handle the tickets routed to the NSO of their countries, and also see (and may answer) the
  tickets routed to the ambassadors of their countries: they supervise the ambassadors.
- Ambassadors handle the tickets routed to the ambassadors of the regions they support today.
- CSS staff and administrators handle the tickets routed to the Central Support Service and may read and
  act on every ticket (they are the last line of support).

A ticket transferred to another country or escalated to the CSS leaves the scope of its former agents.
Transfer to another country and escalation to the CSS are for NSO and CSS staff; ambassadors hand a
ticket back to their NSO by "transferring" it to their own country.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from twinning.core.lookups import get_or_404
from twinning.staff.models import StaffRole
from twinning.staff.policies import ambassador_region_ids, is_ambassador, is_css_staff, nso_country_ids

from .models import CannedReply, Route, Ticket


def _logged_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_agent(user: Any) -> bool:
    """NSO staff, CSS staff, administrators and ambassadors: they work on tickets."""
    return _logged_in(user) and (is_css_staff(user) or bool(nso_country_ids(user)) or is_ambassador(user))


def agent_filter(user: Any) -> Q | None:
    """The tickets an agent handles as a filter (None: every ticket); an empty match for non-agents."""
    if not _logged_in(user):
        return Q(pk__in=[])
    if is_css_staff(user):
        return None
    countries, regions = nso_country_ids(user), ambassador_region_ids(user)
    scope = Q(pk__in=[])
    if countries:
        scope |= Q(route__in=(Route.NSO, Route.AMBASSADORS), country_id__in=countries)
    if regions:
        scope |= Q(route=Route.AMBASSADORS, region_id__in=regions)
    return scope


def scope_key(user: Any) -> str:
    """A name for the agent's scope (the same for every agent who sees the same tickets), for caches."""
    if not _logged_in(user):
        return "none"
    if is_css_staff(user):
        return "all"
    countries = ",".join(str(c) for c in sorted(nso_country_ids(user)))
    regions = ",".join(str(r) for r in sorted(ambassador_region_ids(user)))
    return f"c{countries}:r{regions}"


def tickets_for_agent(user: Any, queryset: QuerySet[Ticket] | None = None) -> QuerySet[Ticket]:
    queryset = Ticket.objects.all() if queryset is None else queryset
    scope = agent_filter(user)
    return queryset if scope is None else queryset.filter(scope)


def can_handle(user: Any, ticket: Ticket) -> bool:
    """May this agent answer, annotate and change ``ticket``?"""
    if not _logged_in(user):
        return False
    if is_css_staff(user):
        return True
    if ticket.route in (Route.NSO, Route.AMBASSADORS) and ticket.country_id in nso_country_ids(user):
        return True
    return ticket.route == Route.AMBASSADORS and ticket.region_id in ambassador_region_ids(user)


def can_move(user: Any, ticket: Ticket) -> bool:
    """Transfer to another country and escalate to the CSS: NSO and CSS staff who handle the ticket."""
    return can_handle(user, ticket) and (is_css_staff(user) or ticket.country_id in nso_country_ids(user))


def can_hand_back(user: Any, ticket: Ticket) -> bool:
    """An ambassador hands a ticket back to the NSO of its country."""
    return can_handle(user, ticket) and ticket.route == Route.AMBASSADORS


def ticket_for_agent_or_404(user: Any, ticket_id: Any) -> Ticket:
    return get_or_404(
        tickets_for_agent(user, Ticket.objects.select_related("category", "country", "region", "assignee")),
        pk=ticket_id,
    )


def ticket_for_requester_or_404(user: Any, ticket_id: Any) -> Ticket:
    """The person's own ticket; another person's ticket answers 404, as a missing one."""
    if not _logged_in(user):
        raise Http404
    return get_or_404(
        Ticket.objects.select_related("category", "country", "region", "assignee").filter(requester_id=user.pk),
        pk=ticket_id,
    )


def _active_roles() -> QuerySet[StaffRole]:
    today = timezone.localdate()
    return StaffRole.objects.filter(revoked_at=None).filter(
        Q(term_start=None) | Q(term_start__lte=today), Q(term_end=None) | Q(term_end__gte=today)
    )


def queue_role_filter(ticket: Ticket) -> Q:
    """The staff roles whose holders work the ticket's queue (who is told about a new ticket)."""
    if ticket.route == Route.AMBASSADORS:
        return Q(kind=StaffRole.Kind.AMBASSADOR, region_id=ticket.region_id)
    if ticket.route == Route.NSO:
        return Q(kind=StaffRole.Kind.NSO, country_id=ticket.country_id)
    return Q(kind=StaffRole.Kind.CSS)


def queue_agent_ids(ticket: Ticket) -> list[int]:
    return list(_active_roles().filter(queue_role_filter(ticket)).values_list("user_id", flat=True).distinct())


def assignable_user_ids(ticket: Ticket) -> QuerySet:
    """Everyone who may handle the ticket (and so be given it): its queue, the NSO supervising ambassadors,
    CSS staff."""
    scope = queue_role_filter(ticket) | Q(kind=StaffRole.Kind.CSS)
    if ticket.route == Route.AMBASSADORS:
        scope |= Q(kind=StaffRole.Kind.NSO, country_id=ticket.country_id)
    return _active_roles().filter(scope).values("user_id")


def region_has_ambassador(region_id: int | None) -> bool:
    if region_id is None:
        return False
    return _active_roles().filter(kind=StaffRole.Kind.AMBASSADOR, region_id=region_id).exists()


# --- Canned replies ---------------------------------------------------------------------------------------


def canned_for_agent(user: Any, queryset: QuerySet[CannedReply] | None = None) -> QuerySet[CannedReply]:
    """Canned replies an agent may use: those of their countries and those for every country."""
    queryset = CannedReply.objects.all() if queryset is None else queryset
    if is_css_staff(user):
        return queryset
    countries = set(nso_country_ids(user))
    if is_ambassador(user):
        countries |= {r.country_id for r in _ambassador_roles(user) if r.country_id is not None}
    return queryset.filter(Q(country=None) | Q(country_id__in=countries))


def _ambassador_roles(user: Any) -> list[StaffRole]:
    from twinning.staff.policies import active_staff_roles

    return [r for r in active_staff_roles(user) if r.kind == StaffRole.Kind.AMBASSADOR]


def can_edit_canned(user: Any, country_id: int | None) -> bool:
    """NSO staff keep their country's canned replies; CSS staff keep every one (and those for all countries)."""
    if not _logged_in(user):
        return False
    if is_css_staff(user):
        return True
    return country_id is not None and country_id in nso_country_ids(user)


def can_manage_canned(user: Any) -> bool:
    return _logged_in(user) and (is_css_staff(user) or bool(nso_country_ids(user)))


def canned_for_editor_or_404(user: Any, canned_id: Any) -> CannedReply:
    canned = get_or_404(CannedReply.objects.select_related("country", "category"), pk=canned_id)
    if not can_edit_canned(user, canned.country_id):
        raise Http404
    return canned
