"""Reflections for tests: answered through the services (``answered``), or written directly with given
levels (``row``: fast, for report datasets)."""

from __future__ import annotations

from django.utils import timezone

from twinning.competences import framework, scoring, services
from twinning.competences.models import Answer, Item, Phase, Reflection, Role


def answer_all(reflection, level=3, levels=None):
    items = list(Item.objects.filter(version_id=reflection.version_id).order_by("position"))
    chosen = {item.pk: (levels[i] if levels else level) for i, item in enumerate(items)}
    services.answers_save(reflection=reflection, levels=chosen)
    return items


def answered(person, *, level=3, levels=None, anonymous=False, invitation=None):
    """A completed reflection through the services (free-standing unless ``invitation``)."""
    reflection = services.reflection_start(person=person, anonymous=anonymous, invitation=invitation)
    answer_all(reflection, level, levels)
    return services.reflection_complete(reflection=reflection)


def row(*, cycle, phase, level, role=Role.TRAINEE, group=None, region=None, person=None, key="", anonymous=False,
        answers=False):  # fmt: skip
    """A completed reflection written directly: every item at ``level`` (an int, or a function of the area
    number), scores as the services compute them."""
    version = framework.current()
    items = list(Item.objects.filter(version=version).order_by("position"))
    levels = [(i, level(i.area_number) if callable(level) else level) for i in items]
    fields = scoring.scores((i.area_number, lv) for i, lv in levels)
    reflection = Reflection.objects.create(
        version=version, person=None if anonymous else person, anonymous=anonymous, phase=phase, role=role,
        cycle=cycle, group=group, region=region, country_id=cycle.course.country_id,
        pseudonym="" if anonymous else (key or (scoring.pseudonym(person.pk, cycle.pk, role) if person else "")),
        started_at=None if anonymous else timezone.now(), completed_at=timezone.now(), answered=len(items), **fields,
    )  # fmt: skip
    if answers:
        Answer.objects.bulk_create(Answer(reflection=reflection, item=i, level=lv) for i, lv in levels)
    return reflection


BEFORE, AFTER = Phase.BEFORE, Phase.AFTER
