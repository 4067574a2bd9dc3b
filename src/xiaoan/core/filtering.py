"""Helpers for the filter sets that list pages and the API share."""

from __future__ import annotations

from typing import Any, TypeVar

from ninja import FilterSchema
from pydantic import ValidationError as PydanticValidationError
from pydantic import field_validator

from xiaoan.core.inputs import check_number

F = TypeVar("F", bound=FilterSchema)


class BoundedFilterSchema(FilterSchema):
    """The base of every filter set: an id or number beyond what the database
    holds is refused (422 in the API, a message on a page), not a 500."""

    @field_validator("*", mode="after")
    @classmethod
    def _bound_integers(cls, value: Any) -> Any:
        return check_number(value)


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
