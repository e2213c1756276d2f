"""Numbers the domains' rules read, declared by each app and edited by CSS staff (``/staff/rules/``).

The domain brief says that where a value differs by country or year, or is not public, it is data that
staff edit, with a default, never a constant in code. An app declares each of its numbers once, from its
``AppConfig.ready()``:

    register_rule("partners.post_days_default", _("Days a partner-finding post stays open"),
                  default=60, minimum=1, maximum=365, unit=_("days"))

and reads it where the rule applies: ``rule("partners.post_days_default")``. Values are cached (one
cache read per rule and request); a change made through ``staff.services.rule_set`` is seen at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import models

_CACHE_VERSION_KEY = "platform_rules_version"


@dataclass(frozen=True)
class Rule:
    key: str
    label: Any  # lazy translation
    default: int
    minimum: int = 0
    maximum: int | None = None
    unit: Any = ""
    help_text: Any = ""
    per_country: bool = False  # each NSO may set its country's own value (``/staff/rules/country/``)


_RULES: dict[str, Rule] = {}


def register_rule(
    key: str,
    label,
    *,
    default: int,
    minimum: int = 0,
    maximum: int | None = None,
    unit="",
    help_text="",
    per_country: bool = False,
) -> Rule:
    if default < minimum or (maximum is not None and default > maximum):
        raise ValueError(f"the default of {key} is outside its bounds")
    _RULES[key] = Rule(key, label, default, minimum, maximum, unit, help_text, per_country)
    return _RULES[key]


def declared(key: str) -> Rule:
    try:
        return _RULES[key]
    except KeyError:
        raise LookupError(f"no rule {key!r} is declared (core.rules.register_rule)") from None


def rules() -> list[Rule]:
    return sorted(_RULES.values(), key=lambda r: r.key)


def _cache_key(key: str, country_id: int | None = None) -> str:
    version = cache.get_or_set(_CACHE_VERSION_KEY, 1, None)
    return f"rule:v{version}:{key}:{country_id or ''}"


def rule(key: str, country_id: int | None = None) -> int:
    """The value in force: for a rule declared per country, the country's own value when its NSO set one;
    else the one CSS staff set for the platform; else the declared default."""
    from .models import PlatformRule

    declared_rule = declared(key)
    country_id = country_id if declared_rule.per_country else None
    cache_key = _cache_key(key, country_id)
    value = cache.get(cache_key)
    if value is None:
        rows = dict(
            PlatformRule.objects.filter(key=key)
            .filter(models.Q(country__isnull=True) | models.Q(country_id=country_id))
            .values_list("country_id", "value")
        )
        value = rows.get(country_id) if country_id is not None and country_id in rows else rows.get(None)
        value = declared_rule.default if value is None else value
        cache.set(cache_key, value, 600)
    return value


def country_values(country_id: int) -> dict[str, int]:
    """A country's own values of the rules declared per country (only those its NSO set)."""
    from .models import PlatformRule

    keys = [r.key for r in _RULES.values() if r.per_country]
    return dict(PlatformRule.objects.filter(key__in=keys, country_id=country_id).values_list("key", "value"))


def values() -> dict[str, int]:
    """Every declared rule's value in force (one query), for the staff page."""
    from .models import PlatformRule

    stored = dict(PlatformRule.objects.filter(key__in=list(_RULES), country__isnull=True).values_list("key", "value"))
    return {key: stored.get(key, r.default) for key, r in _RULES.items()}


def rules_changed() -> None:
    try:
        cache.incr(_CACHE_VERSION_KEY)
    except ValueError:
        cache.set(_CACHE_VERSION_KEY, 2, None)


def snapshot() -> dict[str, Rule]:
    return dict(_RULES)


def restore(saved: dict[str, Rule]) -> None:
    _RULES.clear()
    _RULES.update(saved)
