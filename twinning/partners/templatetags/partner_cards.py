"""The result cards of the partner search, drawn in one pass.

The search shows 20 cards on every request; as an included template each card cost about 0.5 ms (a dozen
lookups, filters and translations per card), more than the search's SQL (docs/performance.md). The
markup lives here, in one format string, and every value goes through ``format_html``/``escape``.
"""

from __future__ import annotations

from django import template
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from twinning.core.html import format_html, reverse_pk
from twinning.core.templatetags.twinning import definition_items

register = template.Library()

_CARD = (
    '<article class="card partner-post" aria-labelledby="post-{pk}-title">'
    '<h3 id="post-{pk}-title"><a href="{url}">{title}</a></h3>'
    '<p class="post-meta">{meta} · <span title="{stamp}">{ago}</span></p>'
    "<p>{summary}</p>"
    '<dl class="post-facts">{facts}</dl>'
    "</article>"
)


def _meta(post) -> str:
    author = post.author
    parts = [author.get_full_name() or author.display_name]
    if post.country_id and post.country is not None:
        parts.append(post.country.name)
    if post.school_id and post.school is not None:
        parts.append(post.school.name)
    return " · ".join(parts)


@register.simple_tag
def post_cards(posts) -> SafeString:
    """Every post of the page as a card (``posts`` carry ``facts`` from ``selectors.with_facts``)."""
    labels = (
        ("subjects", _("Subjects"), "—"),
        ("age_bands", _("Pupils' age bands"), "—"),
        ("languages", _("Working languages"), "—"),
        ("countries_wanted", _("Partners wanted from"), _("any country")),
    )
    cards = []
    for post in posts:
        facts = getattr(post, "facts", {})
        cards.append(
            format_html(
                _CARD,
                pk=post.pk,
                url=reverse_pk("partners:post", post.pk),
                title=post.title,
                meta=_meta(post),
                stamp=date_format(localtime(post.created_at), "d/m/Y H:i"),
                ago=_("%(when)s ago") % {"when": timesince(post.created_at)},
                summary=Truncator(post.description).chars(240),
                facts=definition_items(
                    (label, ", ".join(facts.get(name) or []) or empty) for name, label, empty in labels
                ),
            )
        )
    return mark_safe("".join(cards))  # noqa: S308 - each card built by format_html


_PERSON = (
    '<li class="card"><h2 class="person-name"><a href="{url}">{name}</a></h2>'
    '<p class="post-meta">{meta}</p><dl class="post-facts">{facts}</dl>{state}</li>'
)


@register.simple_tag
def people_cards(rows) -> SafeString:
    """Every (person, contact state) of the people search as a card (``people_with_facts`` gave the facts,
    the page prefetched their schools)."""
    labels = (
        ("subjects", _("Subjects taught")),
        ("age_bands", _("Pupils' age bands")),
        ("languages", _("Working languages")),
    )
    states = {
        "contact": format_html('<p><span class="status status-validated">{}</span></p>', _("In your contacts")),
        "requested": format_html('<p><span class="status status-pending">{}</span></p>', _("Contact request sent")),
    }
    cards = []
    for person, state in rows:
        schools = ", ".join(m.school.name for m in person.school_memberships.all())
        country = person.country.name if person.country_id and person.country is not None else ""
        facts = getattr(person, "facts", {})
        cards.append(
            format_html(
                _PERSON,
                url=reverse_pk("accounts:person", person.pk),
                name=person.get_full_name() or person.display_name,
                meta=f"{country} · {schools}" if schools else country,
                facts=definition_items((label, ", ".join(facts[name])) for name, label in labels if facts.get(name)),
                state=states.get(state, ""),
            )
        )
    return mark_safe("".join(cards))  # noqa: S308 - each card built by format_html


_FACET_VALUE = '<li><a href="{url}"{current}>{label} <span class="facet-count">({count})</span>{chosen}</a></li>'


@register.simple_tag
def facet_lists(facets) -> SafeString:
    """The "In these results" lists (up to four facets of twelve values), in one pass: each value a link
    that narrows the search, or widens it again when already chosen."""
    titles = {
        "subjects": _("Subjects"),
        "languages": _("Working languages"),
        "age_bands": _("Pupils' age bands"),
        "countries_wanted": _("Partners wanted from"),
    }
    chosen = format_html('<span class="visually-hidden"> {}</span>', _("(chosen: select to remove)"))
    current = mark_safe(' aria-current="true" class="facet-selected"')
    out = []
    for facet in facets:
        if not facet.values:
            continue
        items = "".join(
            format_html(
                _FACET_VALUE,
                url=value.url,
                current=current if value.selected else "",
                label=value.label,
                count=value.count,
                chosen=chosen if value.selected else "",
            )
            for value in facet.values
        )
        out.append(format_html('<h3>{}</h3><ul class="plain">{}</ul>', titles.get(facet.name, ""), mark_safe(items)))  # noqa: S308
    return mark_safe("".join(out))  # noqa: S308 - each part built by format_html
