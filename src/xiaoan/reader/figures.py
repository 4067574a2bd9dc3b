"""The figures quoted in an instruction's paragraph (the report it was made on),
kept with the instruction as its source figures."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from xiaoan.areas.models import User
from xiaoan.core.errors import XiaoanError
from xiaoan.directives import services as directives
from xiaoan.directives.models import FigureBasis, Instruction

from .fields import _accepted, _date, _text


def _within(inner: Any, outer: Any) -> bool:
    spans = [s for s in (inner, outer) if isinstance(s, list | tuple) and len(s) >= 2]
    return len(spans) == 2 and int(outer[0]) <= int(inner[0]) and int(inner[1]) <= int(outer[1])


def attach_figures(
    proposals: dict[str, Any], span: Any, instruction: Instruction, acting_user: User | None
) -> set[int]:
    """Statistics quoted in the instruction's paragraph (the report it was made on)
    are kept with it as its source figures; returns their indexes."""
    found = [
        (index, stat)
        for index, stat in _accepted(proposals.get("statistics", []))
        if _within(stat.get("span"), span)
    ]
    specs = []
    for index, stat in found:
        where = f"第{index + 1}项统计数据"
        try:
            count = Decimal(str(stat.get("count")))
            change = stat.get("change_pct")
            change_pct = None if change in (None, "") else Decimal(str(change))
        except InvalidOperation:
            raise XiaoanError(f"{where}的数量或增减幅度不是数字。") from None
        basis = stat.get("basis") or ""
        specs.append(
            directives.FigureSpec(
                label=_text(stat.get("text"), where, "统计项")[:200],
                count=count,
                unit=str(stat.get("unit") or "")[:20],
                as_of=_date(stat.get("as_of"), where, required=False),
                change_pct=change_pct,
                basis=basis if basis in FigureBasis.values else "",
            )
        )
    if specs:
        directives.do_record_source_figures(
            acting_user=acting_user, instruction=instruction, figures=specs
        )
    return {index for index, _ in found}
