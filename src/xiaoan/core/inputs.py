"""Text coming in through the API: cleaned once, limited by field.

Two layers, so no endpoint has to remember either:

* `CleaningParser` is the API's parser: every string in a JSON body, a query
  string or a form loses its control characters and unpaired surrogates
  (`core.text.clean_text`) before any schema sees it; an empty query parameter
  counts as left out, as it does on the list pages.
* `InputSchema` is the base of every input schema: each text field is held to
  a length limit (NAME_MAX for names, titles and numbers, TEXT_MAX for the
  rest, or the field's own `max_length`), refused with "内容超过 N 字" naming
  the field, and the limit is written into the OpenAPI schema. `SourceText`
  marks a field that holds a whole pasted document.
* `PatchSchema` is the base of partial edits: a field left out is not changed,
  and `null` is refused (the column cannot hold it) unless the field is listed
  in `nullable`, where it clears the value.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from decimal import Decimal
from typing import Annotated, Any, ClassVar

from annotated_types import MaxLen
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja import Schema
from ninja.parser import Parser
from ninja.schema import DjangoGetter
from pydantic import (
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from xiaoan.core.text import NAME_MAX, SOURCE_TEXT_MAX, TEXT_MAX, clean_text

#: a field holding a whole pasted source text (a briefing for the reader)
SourceText = Annotated[str, Field(max_length=SOURCE_TEXT_MAX)]
#: a name or title, limited explicitly
NameText = Annotated[str, Field(max_length=NAME_MAX)]

#: a time of day in local time (Asia/Shanghai), "15:00" or "15:00:00"; JSON Schema's
#: "time" format would demand a zone offset, which local times do not carry
LocalTime = Annotated[
    dt.time,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$",
            "description": "北京时间的时刻 HH:MM 或 HH:MM:SS",
        }
    ),
]

#: field names (or endings) that hold a name-like short text
NAME_LIKE = (
    "name",
    "title",
    "number",
    "code",
    "username",
    "host",
    "issuer",
    "location",
    "address",
    "person",
    "contact",
    "phone",
)


def clean_value(value: Any) -> Any:
    """`value` with every string in it cleaned, through lists and objects."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [clean_value(v) for v in value]
    if isinstance(value, dict):
        return {clean_value(k): clean_value(v) for k, v in value.items()}
    return value


class CleaningParser(Parser):
    """ninja's JSON parser, cleaning every string it hands on."""

    def parse_body(self, request: HttpRequest) -> Any:
        return clean_value(json.loads(request.body))

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        parsed: dict[str, Any] = clean_value(super().parse_querydict(data, list_fields, request))
        if data is request.GET:
            # an empty query parameter (`?date_from=`) means "not given", as on the list pages
            parsed = {
                key: [v for v in value if v != ""] if isinstance(value, list) else value
                for key, value in parsed.items()
                if value != ""
            }
        return parsed


def text_limit(name: str) -> int:
    """The default length limit of a text field called `name`."""
    lowered = name.lower()
    if any(lowered == part or lowered.endswith("_" + part) for part in NAME_LIKE):
        return NAME_MAX
    return TEXT_MAX


def declared_limit(schema: type[Schema], name: str) -> int:
    field = schema.model_fields.get(name)
    if field is not None:
        for meta in field.metadata:
            if isinstance(meta, MaxLen):
                return int(meta.max_length)
    return text_limit(name)


def _too_long(limit: int) -> PydanticCustomError:
    return PydanticCustomError("text_too_long", "内容超过 {max_length} 字", {"max_length": limit})


def check_length(value: Any, limit: int) -> Any:
    if isinstance(value, str):
        if len(value) > limit:
            raise _too_long(limit)
        return clean_text(value)
    if isinstance(value, list):
        return [check_length(v, limit) for v in value]
    return value


#: the range of a database integer (a signed 64-bit BIGINT), for ids and counts
INT_MIN, INT_MAX = -(2**63), 2**63 - 1


def check_number(value: Any) -> Any:
    """Refuse what no column can hold or no clock can compare (a 500 deeper down
    otherwise): integers beyond 64 bits, NaN and infinities, times with a zone."""
    if isinstance(value, int) and not isinstance(value, bool) and not INT_MIN <= value <= INT_MAX:
        raise PydanticCustomError("int_out_of_range", "数值超出范围")
    if isinstance(value, float | Decimal) and not math.isfinite(value):
        raise PydanticCustomError("not_finite", "应为有限的数字")
    if isinstance(value, dt.time) and value.tzinfo is not None:
        raise PydanticCustomError("time_with_zone", "时刻不带时区（HH:MM，北京时间）")
    if isinstance(value, list):
        return [check_number(v) for v in value]
    return value


def _document_limits(schema: dict[str, Any], cls: type[Any]) -> None:
    """Write each text field's limit into the JSON schema as maxLength."""
    for name, prop in schema.get("properties", {}).items():
        limit = declared_limit(cls, name)
        for candidate in [prop, *prop.get("anyOf", [])]:
            if candidate.get("type") == "string" and "format" not in candidate:
                candidate.setdefault("maxLength", limit)
            items = candidate.get("items")
            if isinstance(items, dict) and items.get("type") == "string":
                items.setdefault("maxLength", limit)


class InputSchema(Schema):
    """Base of the API's input schemas: every text field cleaned and length-limited."""

    model_config = ConfigDict(json_schema_extra=_document_limits)

    @model_validator(mode="before")
    @classmethod
    def _require_object(cls, data: Any) -> Any:
        # ninja's schemas read attributes from anything; a body of `[1, 2]`, `42`
        # or `null` would otherwise pass as an object with every default
        given = data._obj if isinstance(data, DjangoGetter) else data
        if not isinstance(given, dict | cls):
            raise PydanticCustomError("not_an_object", "应为 JSON 对象")
        return data

    @field_validator("*", mode="before")
    @classmethod
    def _limit_text(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name is None:
            return value
        return check_length(value, declared_limit(cls, info.field_name))

    @field_validator("*", mode="after")
    @classmethod
    def _bound_integers(cls, value: Any) -> Any:
        return check_number(value)


def _document_patch(schema: dict[str, Any], cls: type[Any]) -> None:
    """Document limits, and drop `null` from the fields a patch may not clear."""
    _document_limits(schema, cls)
    for name, prop in schema.get("properties", {}).items():
        options = prop.get("anyOf")
        if name in cls.nullable or not options:
            continue
        kept = [o for o in options if o.get("type") != "null"]
        if len(kept) == 1:
            prop.pop("anyOf")
            prop.update(kept[0])
        else:
            prop["anyOf"] = kept
        if prop.get("default", "") is None:
            prop.pop("default")


class PatchSchema(InputSchema):
    """Base of the API's partial edits (PATCH): leave a field out to keep it."""

    #: fields that `null` clears; any other field refuses `null`
    nullable: ClassVar[frozenset[str]] = frozenset()

    model_config = ConfigDict(json_schema_extra=_document_patch)

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_null(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.nullable:
            raise PydanticCustomError("not_nullable", "不能为空（不修改请省略该字段）")
        return value
