"""Pagination without COUNT(*): fetch one row more than a page to know whether a next page exists.

Counting millions of rows on every list page is the slow part at European scale; the lists show
"previous / next" instead of a total.
"""

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict


@dataclass
class Page:
    items: list[Any]
    number: int
    has_next: bool
    has_previous: bool
    query: QueryDict

    def _url(self, number: int) -> str:
        q = self.query.copy()
        q["page"] = str(number)
        return "?" + q.urlencode()

    @property
    def next_url(self) -> str:
        return self._url(self.number + 1)

    @property
    def previous_url(self) -> str:
        return self._url(self.number - 1)


def page_number(query: QueryDict) -> int:
    try:
        return max(1, min(int(query.get("page", "1")), 10_000))
    except (TypeError, ValueError):
        return 1


def paginate(queryset, query: QueryDict, *, per_page: int = 25) -> Page:
    number = page_number(query)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return Page(
        items=rows[:per_page],
        number=number,
        has_next=len(rows) > per_page,
        has_previous=number > 1,
        query=query,
    )
