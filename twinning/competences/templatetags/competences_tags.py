"""Levels in words and the charts of the reports: horizontal bars drawn in one ``format_html`` pass
(an SVG with a title and a description naming every value; the page's table holds the same data)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..scoring import level_code as _code
from ..scoring import percent_of_scale

register = template.Library()

LEVEL_NAMES = {
    1: lambda: pgettext("DigCompEdu level", "Newcomer"),
    2: lambda: pgettext("DigCompEdu level", "Explorer"),
    3: lambda: pgettext("DigCompEdu level", "Integrator"),
    4: lambda: pgettext("DigCompEdu level", "Expert"),
    5: lambda: pgettext("DigCompEdu level", "Leader"),
    6: lambda: pgettext("DigCompEdu level", "Pioneer"),
}


@register.filter
def level_code(level) -> str:
    return _code(int(level)) if level else ""


@register.filter
def level_name(level) -> str:
    return LEVEL_NAMES[int(level)]() if level in LEVEL_NAMES else ""


@register.filter
def scale_percent(mean) -> str:
    return f"{percent_of_scale(float(mean)):.0f}"


@register.filter
def signed(value) -> str:
    if value is None:
        return ""
    rounded = round(float(value))
    return f"+{rounded}" if rounded > 0 else str(rounded).replace("-", "−")


LABEL, WIDTH, ROW = 230, 300, 26


@register.simple_tag
def bar_chart(title: str, rows: list[tuple[str, float | None, float | None]], *, before_label="", now_label=""):
    """``rows``: (label, earlier %, current %), either may be None. Two thin bars per row when compared."""
    compared = any(r[1] is not None for r in rows)
    step = ROW * (2 if compared else 1) + 8
    height = step * len(rows) + (24 if compared else 0)
    parts = []
    described = []
    for index, (label, earlier, now) in enumerate(rows):
        y = index * step
        parts.append(format_html('<text x="0" y="{}">{}</text>', y + 17, label[:34]))
        offset = 0
        if compared and earlier is not None:
            parts.append(
                format_html(
                    '<rect class="bar-before" x="{}" y="{}" width="{}" height="{}"></rect>'
                    '<text x="{}" y="{}">{}%</text>',
                    LABEL,
                    y + 2,
                    round(WIDTH * max(earlier, 0) / 100),
                    ROW - 6,
                    LABEL + round(WIDTH * max(earlier, 0) / 100) + 4,
                    y + 17,
                    round(earlier),
                )
            )
            offset = ROW
        if now is not None:
            parts.append(
                format_html(
                    '<rect class="bar-now" x="{}" y="{}" width="{}" height="{}"></rect><text x="{}" y="{}">{}%</text>',
                    LABEL,
                    y + offset + 2,
                    round(WIDTH * max(now, 0) / 100),
                    ROW - 6,
                    LABEL + round(WIDTH * max(now, 0) / 100) + 4,
                    y + offset + 17,
                    round(now),
                )
            )
        values = [
            f"{before_label} {round(earlier)}%" if earlier is not None else "",
            f"{now_label} {round(now)}%" if now is not None else "",
        ]
        described.append(f"{label}: " + ", ".join(v for v in values if v))
    if compared:
        y = step * len(rows)
        parts.append(
            format_html(
                '<rect class="bar-before" x="0" y="{}" width="14" height="14"></rect>'
                '<text x="20" y="{}">{}</text><rect class="bar-now" x="160" y="{}" width="14" '
                'height="14"></rect><text x="180" y="{}">{}</text>',
                y + 4,
                y + 16,
                before_label,
                y + 4,
                y + 16,
                now_label,
            )
        )
    return format_html(
        '<svg class="level-chart" role="img" viewBox="0 0 {} {}" aria-label="{}">'
        "<title>{}</title><desc>{}</desc>{}</svg>",
        LABEL + WIDTH + 50,
        height,
        title,
        title,
        "; ".join(described),
        format_html_join("", "{}", ((p,) for p in parts)),
    )


@register.simple_tag
def area_chart(areas, earlier):
    """A personal report's areas as % of the scale, with the earlier phase beside them when compared."""
    rows = [
        (f"{a.number}. {a.name}", percent_of_scale(a.before) if a.before is not None else None, a.percent)
        for a in areas
    ]
    title = _("Your level per area, as %% of the scale") % {}
    return bar_chart(title, rows, before_label=_("before"), now_label=_("now"))


@register.filter
def count_or_few(n) -> str:
    """A count of respondents, or "fewer than 5" (a small count alone says who answered in a small group)."""
    return str(n) if n >= 5 or n == 0 else _("fewer than 5")
