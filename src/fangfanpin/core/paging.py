"""Pages of a list that counts its rows only as far as a limit beyond the page asked for."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


class BoundedPaginator(Paginator):
    """Count rows only up to `limit` past the end of the page asked for; all of them when `limit` is None.

    Past the bound the total is not known, only that it is larger (`exact` is False): there is a next page
    to go to, and going there moves the bound along, so paging never ends early.
    """

    def __init__(self, queryset: QuerySet[Any], per_page: int, *, asked: Any, limit: int | None) -> None:
        super().__init__(queryset, per_page)
        self.queryset = queryset
        self.limit = limit
        try:
            self.asked = max(int(asked), 1)
        except (TypeError, ValueError):
            self.asked = 1

    def asked_page(self) -> Page:
        """The page asked for; the last one when it asked past the end."""
        return self.get_page(self.asked)

    @cached_property
    def bound(self) -> int | None:
        """How many rows are counted at most: those up to the end of the page asked for, and `limit` more."""
        return None if self.limit is None else self.asked * self.per_page + self.limit

    @cached_property
    def count(self) -> int:
        if self.bound is None:
            return self.queryset.count()
        # Order does not change a count; without it the database may stop at the bound in any index order.
        return self.queryset.order_by()[: self.bound + 1].count()

    @property
    def exact(self) -> bool:
        return self.bound is None or self.count <= self.bound
