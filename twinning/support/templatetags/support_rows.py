"""The staff queue's rows, drawn in one pass (30 on every request: as a template loop with an include per row
they cost more than the page's SQL; docs/performance.md). The markup is one format string; every value goes
through ``format_html``."""

from __future__ import annotations

from django import template
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from twinning.core.html import format_html, format_html_join, reverse_pk
from twinning.support.models import Status

register = template.Library()

_STATUS_CLASS = {
    Status.RESOLVED: "status-validated",
    Status.CLOSED: "status-validated",
    Status.WAITING: "status-pending",
}

_ROW = (
    "<tr>"
    '<td data-label="{l_ticket}"><a href="{url}">{reference} {subject}</a>'
    "<br><small>{category} · {handler}</small></td>"
    '<td data-label="{l_requester}">{requester}{unverified}</td>'
    '<td data-label="{l_status}"><span class="status {status_class}">{status}</span></td>'
    '<td data-label="{l_priority}">{priority}</td>'
    '<td data-label="{l_agent}">{agent}</td>'
    '<td data-label="{l_due}">{flags}</td>'
    "</tr>"
)


@register.simple_tag
def queue_rows(tickets) -> SafeString:
    """The queue's table rows for ``tickets`` (given their ``flags`` and ``handler`` by the view)."""
    labels = {
        "l_ticket": _("Ticket"),
        "l_requester": _("Requester"),
        "l_status": _("Status"),
        "l_priority": _("Priority"),
        "l_agent": _("Agent"),
        "l_due": _("Due"),
    }
    unverified = format_html(' <span class="status status-rejected">{}</span>', _("Sender not verified"))
    # Found once for the page, not per row: the date format.
    when_format = get_format("SHORT_DATETIME_FORMAT")
    rows = []
    for t in tickets:
        flags = getattr(t, "flags", None) or []
        due = (
            format_html_join(
                mark_safe("<br>"),  # noqa: S308 - a constant
                '<span class="{}" title="{}">{}</span>',
                (
                    (
                        "overdue" if flag["overdue"] else "",
                        dateformat.format(localtime(flag["due"]), when_format),
                        flag["text"],
                    )
                    for flag in flags
                ),
            )  # fmt: skip
            if flags
            else "–"
        )
        rows.append(
            format_html(
                _ROW,
                url=reverse_pk("support:staff_ticket", t.pk),
                reference=t.reference,
                subject=t.subject,
                category=t.category.name,
                handler=capfirst(str(getattr(t, "handler", ""))),
                requester=t.requester_name or t.requester_email,
                unverified="" if t.email_verified else unverified,
                status_class=_STATUS_CLASS.get(t.status, "status-registered"),
                status=t.get_status_display(),
                priority=t.get_priority_display(),
                agent=t.assignee.display_name if t.assignee_id and t.assignee else "–",
                flags=due,
                **labels,
            )
        )
    return format_html_join("", "{}", ((row,) for row in rows))
