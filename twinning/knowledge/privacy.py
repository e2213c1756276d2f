"""A person's votes on help articles and their "this answered my question" in their data download; on
erasure both are made anonymous (the counts of the articles and the deflection figures stay true, nothing
points to the person any more). Visitors' rows carry only a hashed session key, which leads to nobody."""

from __future__ import annotations

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from twinning.core import privacy as core_privacy

from .models import Deflection, Vote


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_knowledge(user) -> dict[str, list[dict]]:
    votes = Vote.objects.filter(user=user).select_related("article").order_by("created_at", "pk")
    deflections = Deflection.objects.filter(user=user).select_related("article").order_by("created_at", "pk")
    return {
        "votes": [{"article": str(v.article), "helpful": v.helpful, "at": _iso(v.created_at)} for v in votes],
        "answered_my_question": [{"article": str(d.article), "at": _iso(d.created_at)} for d in deflections],
    }


def erase_knowledge(user) -> None:
    # A key of its own per row (the votes of one visitor are unique per article): "erased:<id>".
    Vote.objects.filter(user=user).update(
        user=None, voter_key=Concat(Value("erased:"), Cast("pk", output_field=CharField()))
    )
    Deflection.objects.filter(user=user).update(user=None, voter_key="")


core_privacy.register_exporter("knowledge", export_knowledge, position=95)
core_privacy.register_eraser("knowledge", erase_knowledge)
