"""Helpers for the filter sets that list pages and the API share."""

from __future__ import annotations

from typing import Any, TypeVar

from ninja import FilterSchema
from pydantic import ValidationError as PydanticValidationError

F = TypeVar("F", bound=FilterSchema)


def parse_filter(schema: type[F], params: Any) -> tuple[F, str | None]:
    """Build a filter from query parameters (e.g. request.GET) for a list page;
    on bad input return an empty filter and a Chinese message."""
    values = {k: v for k, v in params.items() if k in schema.model_fields and v not in ("", None)}
    try:
        return schema(**values), None
    except PydanticValidationError as exc:
        fields = "、".join(
            str(schema.model_fields[str(e["loc"][0])].description or e["loc"][0])
            for e in exc.errors()
            if e.get("loc")
        )
        return schema(), f"筛选条件有误：{fields}"
