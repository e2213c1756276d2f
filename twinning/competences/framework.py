"""The framework as data: the version new reflections use, its areas, competences and items, and new
versions when staff change the wording. Version 1 is the platform's own text (``framework_data``), written
to the database the first time it is needed (so a fresh database, a test database or a flushed one always
has it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from twinning.core.services import audit_record

from . import framework_data
from .models import Area, Competence, FrameworkVersion, Item


def _load_first() -> FrameworkVersion:
    try:
        with transaction.atomic():
            version = FrameworkVersion.objects.create(number=1, note="")
            competences: dict[str, Competence] = {}
            for data in framework_data.AREAS:
                area = Area.objects.create(
                    version=version,
                    number=data["number"],
                    name_en=data["name_en"],
                    name_el=data["name_el"],
                    description_en=data.get("description_en", ""),
                    description_el=data.get("description_el", ""),
                )
                for comp in data["competences"]:
                    competences[comp["code"]] = Competence.objects.create(
                        version=version, area=area, code=comp["code"], name_en=comp["name_en"], name_el=comp["name_el"]
                    )
            Item.objects.bulk_create(
                Item(
                    version=version,
                    competence=competences[data["competence"]],
                    area_number=competences[data["competence"]].area.number,
                    code=data["code"],
                    position=position,
                    prompt_en=data["prompt_en"],
                    prompt_el=data["prompt_el"],
                    statements_en=list(data["statements_en"]),
                    statements_el=list(data["statements_el"]),
                )
                for position, data in enumerate(framework_data.ITEMS, start=1)
            )
            return version
    except IntegrityError:  # loaded at the same moment by another request
        return FrameworkVersion.objects.get(number=1)


def current() -> FrameworkVersion:
    """The newest version: the one new reflections are given on."""
    version = FrameworkVersion.objects.order_by("-number").first()
    return version if version is not None else _load_first()


@dataclass
class Framework:
    version: FrameworkVersion
    areas: list[Area]
    items: list[Item]  # in order, each with ``competence`` and its ``area`` loaded

    def items_of_area(self, number: int) -> list[Item]:
        return [i for i in self.items if i.area_number == number]

    def competences(self) -> list[Competence]:
        seen: dict[int, Competence] = {}
        for item in self.items:
            seen.setdefault(item.competence_id, item.competence)
        return list(seen.values())


def framework(version: FrameworkVersion | None = None) -> Framework:
    """A version's areas and items (two queries)."""
    version = version or current()
    areas = list(Area.objects.filter(version=version).order_by("number"))
    items = list(Item.objects.filter(version=version).select_related("competence__area").order_by("position"))
    return Framework(version=version, areas=areas, items=items)


WORDING = ("prompt_en", "prompt_el", "statements_en", "statements_el")


@transaction.atomic
def version_create(*, actor: Any, edits: dict[str, dict], note: str) -> FrameworkVersion:
    """A new version with ``edits`` ({item code: {field: value}}, fields among ``WORDING``) applied to a copy
    of the current one; answers already given keep theirs. Audited."""
    base = framework(current())
    latest = FrameworkVersion.objects.select_for_update().order_by("-number").first()
    number = (latest.number if latest else 0) + 1
    version = FrameworkVersion.objects.create(number=number, note=note[:300], created_by=actor)
    areas = {}
    for area in base.areas:
        areas[area.number] = Area.objects.create(
            version=version, number=area.number, name_en=area.name_en, name_el=area.name_el,
            description_en=area.description_en, description_el=area.description_el,
        )  # fmt: skip
    competences = {}
    for comp in base.competences():
        competences[comp.code] = Competence.objects.create(
            version=version, area=areas[comp.area.number], code=comp.code,
            name_en=comp.name_en, name_el=comp.name_el,
        )  # fmt: skip
    rows = []
    for item in base.items:
        values = {field: getattr(item, field) for field in WORDING}
        values.update({k: v for k, v in edits.get(item.code, {}).items() if k in WORDING})
        rows.append(
            Item(version=version, competence=competences[item.competence.code], area_number=item.area_number,
                 code=item.code, position=item.position, **values)
        )  # fmt: skip
    Item.objects.bulk_create(rows)
    audit_record(
        actor=actor, action="competences.version_created", target=version,
        data={"number": number, "items": sorted(edits), "note": note[:300]},
    )  # fmt: skip
    return version
