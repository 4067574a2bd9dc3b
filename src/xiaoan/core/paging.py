"""Paging of long lists over large tables."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db.models import Model, QuerySet
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

M = TypeVar("M", bound=Model)


class IdsFirst(Generic[M]):
    """A sorted queryset whose pages are cut from its ids first.

    Sorting whole rows makes the database read every matching row from the
    table before it can skip to the page; sorting the ids (and the sort keys)
    can often be answered from an index alone. The page's rows, with their
    related rows, are then loaded by id: one more query, on fifty ids.

    Both Django's Paginator and django-ninja's pagination accept it in place
    of the queryset (they ask for `count()` or `len()` and a slice).

    The total is counted in a query of its own. Counting it in the same pass
    as the ids (`COUNT(*) OVER ()`) saves a scan, but PostgreSQL then still
    costs an index walk in sort order as if the first rows could stop it, and
    picks that walk for a first page: a hundred times slower.
    """

    def __init__(self, queryset: QuerySet[M]) -> None:
        self.queryset = queryset
        self.total: int | None = None

    def count(self) -> int:
        if self.total is None:
            self.total = self.queryset.count()
        return self.total

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[M]:
        return iter(self.queryset)

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = list(self.queryset.values_list("pk", flat=True)[index])
        rows = {row.pk: row for row in self.queryset.order_by().filter(pk__in=ids)}
        return [rows[pk] for pk in ids if pk in rows]


#: the largest offset a list accepts: far beyond any table, well inside every database's integers
OFFSET_MAX = 2**31 - 1


class BoundedPagination(LimitOffsetPagination):
    """ninja's limit/offset paging with an upper bound on the offset, so a huge
    offset is a 422 rather than an integer overflow in the database driver."""

    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE,
            ge=1,
            le=settings.NINJA_PAGINATION_MAX_LIMIT,
            description="每页条数",
        )
        offset: int = Field(0, ge=0, le=OFFSET_MAX, description="跳过的条数")
