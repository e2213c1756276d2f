"""Reads of the helpdesk: the agents' queue (filters, ordered by what is due first), a requester's tickets,
a ticket's page, the dashboard's figures (a fixed number of queries: aggregates, never one query per row),
and the words for who handles a ticket now and how late it is."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from .models import OPEN_STATUSES, CannedReply, Category, MessageKind, Route, Status, Ticket, TicketMessage

DASHBOARD_DAYS = 30


def handler_label(ticket: Ticket) -> Any:
    """Who handles the ticket now, in words: "the NSO of Greece", "the ambassadors of Attica"…"""
    if ticket.route == Route.AMBASSADORS and ticket.region_id and ticket.region is not None:
        return gettext_lazy("the ambassadors of %(region)s") % {"region": ticket.region.name}
    if ticket.route == Route.NSO and ticket.country_id and ticket.country is not None:
        return gettext_lazy("the NSO of %(country)s") % {"country": ticket.country.name}
    return gettext_lazy("the Central Support Service")


def _hours_words(delta: timedelta) -> str:
    hours = int(delta.total_seconds() // 3600)
    if hours >= 48:
        days = hours // 24
        return ngettext("%(n)s day", "%(n)s days", days) % {"n": days}
    if hours >= 1:
        return ngettext("%(n)s h", "%(n)s h", hours) % {"n": hours}
    minutes = max(1, int(delta.total_seconds() // 60))
    return ngettext("%(n)s min", "%(n)s min", minutes) % {"n": minutes}


def due_flags(ticket: Ticket, now: datetime | None = None) -> list[dict]:
    """The ticket's targets in words, with whether each is overdue ("first reply overdue by 3 h")."""
    now = now or timezone.now()
    flags = []
    if ticket.first_replied_at is None and ticket.first_reply_due and ticket.status in OPEN_STATUSES:
        late = now > ticket.first_reply_due
        delta = abs(now - ticket.first_reply_due)
        text = (_("First reply overdue by %(time)s") if late else _("First reply due in %(time)s")) % {
            "time": _hours_words(delta)
        }
        flags.append({"key": "first_reply", "due": ticket.first_reply_due, "overdue": late, "text": text})
    if ticket.resolved_at is None and ticket.resolution_due and ticket.status in OPEN_STATUSES:
        late = now > ticket.resolution_due
        delta = abs(now - ticket.resolution_due)
        text = (_("Resolution overdue by %(time)s") if late else _("Resolution due in %(time)s")) % {
            "time": _hours_words(delta)
        }
        flags.append({"key": "resolution", "due": ticket.resolution_due, "overdue": late, "text": text})
    return flags


# --- The queue ----------------------------------------------------------------------------------------------


def queue(agent: Any, filters: dict | None = None, *, now: datetime | None = None) -> QuerySet[Ticket]:
    """The tickets in the agent's scope, filtered, those due first first (then the newest)."""
    from . import policies

    filters = filters or {}
    now = now or timezone.now()
    qs = Ticket.objects.select_related("category", "country", "region", "assignee").filter(merged_into=None)
    status = filters.get("status") or ""
    if status == "active" or not status:
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status != "all":
        qs = qs.filter(status=status)
    if filters.get("category"):
        qs = qs.filter(category=filters["category"])
    if filters.get("priority"):
        qs = qs.filter(priority=filters["priority"])
    assignee = filters.get("assignee") or ""
    if assignee == "me":
        qs = qs.filter(assignee_id=agent.pk)
    elif assignee == "unassigned":
        qs = qs.filter(assignee=None)
    if filters.get("overdue"):
        # The first reply is due before the resolution: an open ticket is late when what it waits for next is.
        qs = qs.filter(status__in=OPEN_STATUSES, next_due__lt=now)
    q = " ".join((filters.get("q") or "").split())
    if q:
        number = q.lstrip("#")
        match = Q(subject__icontains=q) | Q(requester_email__iexact=q) | Q(requester_name__icontains=q)
        if number.isdigit() and len(number) < 12:
            match |= Q(pk=int(number))
        qs = qs.filter(match)
    # What is due next (the first reply until there is one, then the resolution), then the newest.
    return policies.tickets_for_agent(agent, qs).order_by(F("next_due").asc(nulls_last=True), "-created_at", "-pk")


def with_flags(tickets: list[Ticket], now: datetime | None = None) -> list[Ticket]:
    now = now or timezone.now()
    for ticket in tickets:
        ticket.flags = due_flags(ticket, now)  # type: ignore[attr-defined]
        ticket.overdue = any(f["overdue"] for f in ticket.flags)  # type: ignore[attr-defined]
    return tickets


def requester_tickets(user: Any) -> QuerySet[Ticket]:
    return (
        Ticket.objects.filter(requester_id=user.pk)
        .select_related("category", "country", "region")
        .order_by("-created_at", "-pk")
    )


def has_tickets(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and Ticket.objects.filter(requester_id=user.pk).exists()


def ticket_messages(ticket: Ticket, *, for_agent: bool) -> list[TicketMessage]:
    """The ticket's history: replies and changes for the requester, internal notes too for agents."""
    qs = TicketMessage.objects.filter(ticket=ticket).select_related("author")
    if not for_agent:
        qs = qs.exclude(kind=MessageKind.NOTE)
    return list(qs.order_by("created_at", "pk"))


def ticket_attachments(ticket: Ticket) -> list:
    from twinning.core.models import Attachment

    return list(
        Attachment.objects.filter(host="support.ticket", host_id=ticket.pk)
        .select_related("uploaded_by")
        .order_by("created_at", "pk")
    )


def previous_tickets(ticket: Ticket, agent: Any, *, limit: int = 10) -> list[Ticket]:
    """The same requester's other tickets the agent may see."""
    from . import policies

    qs = Ticket.objects.exclude(pk=ticket.pk).select_related("category")
    if ticket.requester_id:
        qs = qs.filter(requester_id=ticket.requester_id)
    else:
        qs = qs.filter(requester_email__iexact=ticket.requester_email)
    return list(policies.tickets_for_agent(agent, qs).order_by("-created_at")[:limit])


def canned_choices(agent: Any, ticket: Ticket | None = None) -> list[CannedReply]:
    from . import policies

    qs = policies.canned_for_agent(agent).select_related("country", "category")
    if ticket is not None:
        qs = qs.filter(Q(category=None) | Q(category_id=ticket.category_id))
    return list(qs.order_by("title", "pk")[:200])


def active_categories() -> list[Category]:
    return list(Category.objects.filter(active=True).order_by("position", "key"))


# --- Dashboard ----------------------------------------------------------------------------------------------


DASHBOARD_CACHE_SECONDS = 60


def dashboard(agent: Any, *, now: datetime | None = None, cached: bool = True) -> dict:
    """Figures of the agent's scope in a fixed number of queries: open, overdue, per agent, per category,
    average satisfaction and the share of questions the knowledge base answered (last 30 days).

    The figures depend only on the scope (every agent of the Greek NSO sees the same), so they are kept for a
    minute per scope: the queue is reloaded all day by every agent, and the figures scan the scope's tickets.
    """
    from . import policies

    if cached and now is None:
        key = "support:dashboard:" + policies.scope_key(agent) + ":" + (get_language() or "")
        figures = cache.get(key)
        if figures is None:
            figures = dashboard(agent, cached=False)
            cache.set(key, figures, DASHBOARD_CACHE_SECONDS)
        return figures
    now = now or timezone.now()
    since = now - timedelta(days=DASHBOARD_DAYS)
    scoped = policies.tickets_for_agent(agent, Ticket.objects.filter(merged_into=None))
    open_q = Q(status__in=OPEN_STATUSES)
    totals = scoped.aggregate(
        open=Count("pk", filter=open_q),
        unassigned=Count("pk", filter=open_q & Q(assignee=None)),
        overdue_first=Count("pk", filter=open_q & Q(first_replied_at=None, first_reply_due__lt=now)),
        overdue_resolution=Count("pk", filter=open_q & Q(resolved_at=None, resolution_due__lt=now)),
        satisfaction=Avg("satisfaction", filter=Q(rated_at__gte=since)),
        rated=Count("pk", filter=Q(rated_at__gte=since)),
        opened_recently=Count("pk", filter=Q(created_at__gte=since)),
        with_suggestions=Count("pk", filter=Q(created_at__gte=since, suggestions_shown=True)),
    )
    per_agent_rows = list(
        scoped.filter(open_q, assignee__isnull=False)
        .values("assignee_id", "assignee__first_name", "assignee__last_name", "assignee__email")
        .annotate(
            open=Count("pk"),
            overdue=Count(
                "pk",
                filter=Q(first_replied_at=None, first_reply_due__lt=now) | Q(resolved_at=None, resolution_due__lt=now),
            ),
        )  # fmt: skip
        .order_by("-open", "assignee_id")[:50]
    )
    per_agent = [
        {
            "name": f"{r['assignee__first_name']} {r['assignee__last_name']}".strip() or r["assignee__email"],
            "open": r["open"],
            "overdue": r["overdue"],
        }
        for r in per_agent_rows
    ]
    categories = {c.pk: c for c in Category.objects.all()}
    per_category = [
        {"category": categories.get(r["category_id"]), "open": r["open"], "overdue": r["overdue"]}
        for r in scoped.filter(open_q)
        .values("category_id")
        .annotate(
            open=Count("pk"),
            overdue=Count(
                "pk",
                filter=Q(first_replied_at=None, first_reply_due__lt=now) | Q(resolved_at=None, resolution_due__lt=now),
            ),
        )  # fmt: skip
        .order_by("category_id")
    ]
    per_category.sort(key=lambda row: (row["category"].position if row["category"] else 999, str(row["category"])))
    deflected = _deflected(since, agent)
    asked = totals["with_suggestions"]
    share = round(100 * deflected / (deflected + asked)) if (deflected + asked) else None
    return {
        **totals,
        "satisfaction": round(totals["satisfaction"], 1) if totals["satisfaction"] is not None else None,
        "per_agent": per_agent,
        "per_category": per_category,
        "deflected": deflected,
        "deflected_share": share,
        "days": DASHBOARD_DAYS,
    }


def _deflected(since: datetime, agent: Any) -> int:
    """Questions the knowledge base answered before a ticket was sent (the knowledge app counts them)."""
    from twinning.staff.policies import is_css_staff, nso_country_ids

    try:
        from twinning.knowledge.selectors import deflected_count
    except ImportError:  # pragma: no cover - the knowledge base is not installed
        return 0
    if is_css_staff(agent):
        return int(deflected_count(since))
    countries = sorted(nso_country_ids(agent))
    if len(countries) == 1:
        return int(deflected_count(since, country_id=countries[0]))
    return sum(int(deflected_count(since, country_id=c)) for c in countries)


def waiting_first_reply(agent: Any) -> tuple[int, datetime | None]:
    """For the staff card: open tickets in scope with no reply yet, and since when the oldest waits."""
    from django.db.models import Min

    from . import policies

    row = (
        policies.tickets_for_agent(agent, Ticket.objects.filter(merged_into=None))
        .filter(status__in=OPEN_STATUSES, first_replied_at=None)
        .aggregate(n=Count("pk"), oldest=Min("created_at"))
    )
    return row["n"], row["oldest"]


def badge_count(agent: Any) -> int:
    """Open tickets in the agent's scope that are unassigned or assigned to them (one query)."""
    from . import policies

    return (
        policies.tickets_for_agent(agent, Ticket.objects.filter(merged_into=None))
        .filter(Q(assignee=None) | Q(assignee_id=agent.pk), status__in=OPEN_STATUSES)
        .count()
    )


def closed_statuses() -> tuple[str, str]:
    return (Status.RESOLVED, Status.CLOSED)
