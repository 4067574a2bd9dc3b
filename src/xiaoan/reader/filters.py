"""Filter set of the readings list (page and export)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, FilterLookup

from xiaoan.core.filtering import BoundedFilterSchema


class ReadingFilter(BoundedFilterSchema):
    q: Annotated[
        str | None,
        FilterLookup(["title__icontains", "source_name__icontains", "note__icontains"]),
        Field(description="标题、来源文件或备注包含"),
    ] = None
    created_from: Annotated[
        dt.date | None, FilterLookup("created_at__date__gte"), Field(description="识别日期起")
    ] = None
    created_to: Annotated[
        dt.date | None, FilterLookup("created_at__date__lte"), Field(description="识别日期止")
    ] = None
