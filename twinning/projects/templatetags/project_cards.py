"""The public gallery's cards, drawn in one pass (20 on every request: as template loops each cost about
as much as the page's SQL; docs/performance.md). The markup is one format string; every value goes
through ``format_html``."""

from __future__ import annotations

from django import template
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from twinning.core.html import format_html, format_html_join, reverse_pk
from twinning.core.templatetags.twinning import definition_items, hints

register = template.Library()

_CARD = (
    '<li class="project-card card">'
    '<h2 class="project-card-title"><a href="{url}">{title}</a></h2>'
    '<p class="latest-meta"><span class="status status-project-{status}">{status_label}</span> {scope}{when}</p>'
    "<p>{summary}</p>"
    '<dl class="project-facts">{facts}</dl>'
    "</li>"
)


@register.simple_tag
def gallery_cards(cards) -> SafeString:
    """``selectors.gallery_cards`` as the gallery's list items."""
    on_esep = _("on ESEP")
    labels = (_("Schools"), _("Subjects"), _("Languages"), _("Pupils' age bands"))
    out = []
    for card in cards:
        project = card.project
        schools = "; ".join(
            f"{school} ({country}, {on_esep})" if esep else f"{school} ({country})"
            for school, country, esep in card.schools
        )
        when = ""
        if project.activated_at:
            when = " · " + date_format(localtime(project.activated_at), "SHORT_DATE_FORMAT")
        out.append(
            format_html(
                _CARD,
                url=reverse_pk("projects:detail", project.pk),
                title=project.title,
                status=project.status,
                status_label=project.status_label,
                scope=project.scope_label,
                when=when,
                summary=Truncator(project.summary).chars(240),
                facts=definition_items(
                    zip(labels, (schools, card.subjects, card.languages, card.age_bands), strict=True)
                ),
            )
        )
    return mark_safe("".join(out))  # noqa: S308 - each card built by format_html


_APPROVAL_ROW = (
    "<tr>"
    '<td data-label=""><input type="checkbox" class="pick-approval" name="approvals" value="{pk}" id="pick-{pk}"'
    '{checked}><label for="pick-{pk}" class="visually-hidden">{select}</label></td>'
    '<td data-label="{project_label}"><a href="{url}">{title}</a><br><small>{scope} · {country}</small></td>'
    '<td data-label="{founders_label}">{founders}</td>'
    '<td data-label="{approvals_label}">{approvals}</td>'
    '<td data-label="{check_label}">{hints}</td>'
    '<td data-label="{waiting_label}">{waited}<br><small>{since}</small></td>'
    "</tr>"
)


def _lines(items) -> SafeString:
    return format_html_join(mark_safe("<br>"), "{}", ((item,) for item in items))


@register.simple_tag
def approval_rows(rows, selected) -> SafeString:
    """The NSO approval queue's table rows (``selectors.approval_rows``), ``selected`` ticked again after a
    refused decision."""
    labels = {
        "project_label": _("Project"),
        "founders_label": _("Founders"),
        "approvals_label": _("Approvals"),
        "check_label": _("What to check"),
        "waiting_label": _("Waiting"),
    }
    out = []
    for row in rows:
        approval, project = row.approval, row.approval.project
        days = row.waited.days
        out.append(
            format_html(
                _APPROVAL_ROW,
                pk=approval.pk,
                checked=mark_safe(" checked") if approval.pk in selected else "",
                select=_("Select %(title)s") % {"title": project.title},
                url=reverse_pk("projects:detail", project.pk),
                title=project.title,
                scope=project.scope_label,
                country=row.country,
                founders=_lines(row.founders),
                approvals=_lines(row.approvals),
                hints=hints(row.hints, "<br>"),
                waited=ngettext("%(days)s day", "%(days)s days", days) % {"days": days},
                since=date_format(localtime(approval.created_at), "SHORT_DATE_FORMAT"),
                **labels,
            )
        )
    return mark_safe("".join(out))  # noqa: S308 - each row built by format_html
