"""Levels in words and the charts of the reports: horizontal bars drawn in one ``format_html`` pass
(an SVG with a title and a description naming every value; the page's table holds the same data)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from twinning.core.html import format_html, format_html_join

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


WIDTH, BAR, GAP, LABEL_HEIGHT = 360, 16, 4, 20  # in the SVG's units: bars under their label, phone-wide


def _bar(kind: str, y: int, percent: float):
    width = round(WIDTH * min(max(percent, 0), 100) / 100)
    return format_html(
        '<rect class="{}" x="0" y="{}" width="{}" height="{}"></rect><text x="{}" y="{}">{}%</text>',
        kind, y, width, BAR, width + 4, y + BAR - 3, round(percent),
    )  # fmt: skip


@register.simple_tag
def bar_chart(title: str, rows: list[tuple[str, float | None, float | None]], *, before_label="", now_label=""):
    """``rows``: (label, earlier %, current %), either may be None. Each row: its label, then one bar, or two
    (earlier in grey, current in blue) when compared; the description names every value."""
    compared = any(r[1] is not None for r in rows)
    bars = 2 if compared else 1
    step = LABEL_HEIGHT + bars * (BAR + GAP) + 10
    parts = []
    described = []
    for index, (label, earlier, now) in enumerate(rows):
        y = index * step
        parts.append(format_html('<text x="0" y="{}">{}</text>', y + 14, label))
        y += LABEL_HEIGHT
        if compared and earlier is not None:
            parts.append(_bar("bar-before", y, earlier))
        if now is not None:
            parts.append(_bar("bar-now", y + (BAR + GAP if compared else 0), now))
        values = [
            f"{before_label} {round(earlier)}%" if earlier is not None else "",
            f"{now_label} {round(now)}%" if now is not None else "",
        ]
        described.append(f"{label}: " + ", ".join(v for v in values if v))
    height = step * len(rows)
    if compared:
        parts.append(
            format_html(
                '<rect class="bar-before" x="0" y="{}" width="14" height="14"></rect><text x="20" y="{}">{}</text>'
                '<rect class="bar-now" x="160" y="{}" width="14" height="14"></rect><text x="180" y="{}">{}</text>',
                height, height + 12, before_label, height, height + 12, now_label,
            )
        )  # fmt: skip
        height += 24
    return format_html(
        '<svg class="level-chart" role="img" viewBox="0 0 {} {}" aria-label="{}">'
        "<title>{}</title><desc>{}</desc>{}</svg>",
        WIDTH + 48, height, title, title, "; ".join(described), format_html_join("", "{}", ((p,) for p in parts)),
    )  # fmt: skip


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
