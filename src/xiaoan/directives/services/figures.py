"""Recording the key figures of the report or document an instruction was made on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from xiaoan.areas.models import User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission
from xiaoan.core.errors import XiaoanError

from ..models import Document, Instruction, SourceFigure
from .common import save_new


@dataclass(frozen=True)
class FigureSpec:
    """One figure as the source states it: the words before the number, the
    number and its unit, the day it counts up to (or the days it covers) and
    its change against last year (`basis="yoy"`) or the period before ("mom")."""

    label: str
    count: Decimal | int | float
    unit: str = ""
    as_of: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    change_pct: Decimal | int | float | None = None
    basis: str = ""


@transaction.atomic
def do_record_source_figures(
    *,
    acting_user: User | None,
    figures: Sequence[FigureSpec],
    instruction: Instruction | None = None,
    document: Document | None = None,
) -> list[SourceFigure]:
    """Keep `figures` with the instruction (or document) they come from,
    numbered after any it already has."""
    if (instruction is None) == (document is None):
        raise XiaoanError("统计数据须指明所属的批示或文件（二者选一）。")
    source = instruction if instruction is not None else document
    assert source is not None
    check_permission(acting_user, Permission.ASSIGN_TASKS, source.area)
    last = source.source_figures.aggregate(n=Max("number"))["n"] or 0
    created = []
    for n, spec in enumerate(figures, start=last + 1):
        if not spec.label.strip():
            raise XiaoanError(f"第{n}项统计数据缺少“统计项”。")
        if (spec.period_start is None) != (spec.period_end is None):
            raise XiaoanError(f"第{n}项统计数据的统计起止日期须同时填写。")
        created.append(
            save_new(
                SourceFigure(
                    instruction=instruction,
                    document=document,
                    number=n,
                    label=spec.label.strip(),
                    count=Decimal(str(spec.count)),
                    unit=spec.unit,
                    as_of=spec.as_of,
                    period_start=spec.period_start,
                    period_end=spec.period_end,
                    change_pct=None if spec.change_pct is None else Decimal(str(spec.change_pct)),
                    basis=spec.basis,
                    area=source.area,
                ),
                acting_user,
            )
        )
    return created
