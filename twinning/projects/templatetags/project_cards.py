"""The public gallery's cards, drawn in one pass (20 on every request: as template loops each cost about
as much as the page's SQL; docs/performance.md). The markup is one format string; every value goes
through ``format_html``."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

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
                url=reverse("projects:detail", args=[project.pk]),
                title=project.title,
                status=project.status,
                status_label=project.status_label,
                scope=project.scope_label,
                when=when,
                summary=Truncator(project.summary).chars(240),
                facts=format_html_join(
                    "",
                    "<dt>{}</dt><dd>{}</dd>",
                    zip(labels, (schools, card.subjects, card.languages, card.age_bands), strict=True),
                ),
            )
        )
    return mark_safe("".join(out))  # noqa: S308 - each card built by format_html
