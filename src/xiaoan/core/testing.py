"""Test helpers shared by every app's tests.

`assert_query_count` pins the number of database queries of a page or an
endpoint, so that an N+1 regression fails the suite; every list page and list
endpoint has such a test.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections
from django.test.utils import CaptureQueriesContext


class QueryCountError(AssertionError):
    pass


@contextmanager
def assert_query_count(expected: int, *, using: str = "default") -> Iterator[CaptureQueriesContext]:
    """Fail unless exactly `expected` queries run inside the block (savepoints
    excluded, since they depend on how the test wraps transactions)."""
    with CaptureQueriesContext(connections[using]) as context:
        yield context
    queries = [q["sql"] for q in context.captured_queries if not is_savepoint(q["sql"])]
    if len(queries) != expected:
        listing = "\n".join(f"  {i + 1}. {sql}" for i, sql in enumerate(queries))
        raise QueryCountError(f"expected {expected} queries, ran {len(queries)}:\n{listing}")


def is_savepoint(sql: str) -> bool:
    head = sql.lstrip().upper()
    return head.startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT"))


def get_with_query_count(client: Any, url: str, expected: int, **kwargs: Any) -> Any:
    """GET `url` with `client`, asserting the number of queries it takes."""
    with assert_query_count(expected):
        response = client.get(url, **kwargs)
    return response
