"""Moving a row one place up or down among its siblings (pages of a group, modules, activities, quiz slots,
rubric criteria, questionnaire items…): the siblings are locked, swapped and renumbered 0, 1, 2… so that
ties or gaps left by earlier removals never stick. Call inside a transaction."""

from __future__ import annotations

from django.db.models import QuerySet


def move(siblings: QuerySet, item, *, up: bool, field: str = "position") -> list | None:
    """Swap ``item`` with its neighbour in ``siblings`` (which include it) and renumber them; the rows in their
    new order, or ``None`` when nothing moved (already first or last, or not among the siblings)."""
    rows = list(siblings.select_for_update().order_by(field, "pk"))
    index = next((i for i, row in enumerate(rows) if row.pk == item.pk), None)
    if index is None:
        return None
    other = index - 1 if up else index + 1
    if not 0 <= other < len(rows):
        return None
    rows[index], rows[other] = rows[other], rows[index]
    changed = []
    for position, row in enumerate(rows):
        if getattr(row, field) != position:
            setattr(row, field, position)
            changed.append(row)
    siblings.model.objects.bulk_update(changed, [field])
    return rows
