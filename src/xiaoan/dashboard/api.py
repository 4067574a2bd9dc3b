"""/api/dashboard: the dashboard's figures, charts and ranking as JSON."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from xiaoan.core.errors import XiaoanError
from xiaoan.core.views import actor
from xiaoan.places.choices import PlaceKind

from .board import area_in_scope, build_dashboard, chosen_period
from .figures import hazards_in
from .fishbone import build_fishbone, kinds_with_hazards

router = Router(tags=["看板"])


@router.get("/dashboard", summary="看板：关键指标、图表与排名")
def dashboard(
    request: HttpRequest,
    area: int | None = None,
    period: str | None = None,
    start: str | None = None,
    end: str | None = None,
) -> dict[str, Any]:
    """period：week/month/phase/range（range 时用 start、end，YYYY-MM-DD）。
    area：本辖区内的区域 id，默认为本人所属区域。每个数字都附有对应清单的链接（link）。"""
    chosen = area_in_scope(actor(request), area)
    params = {"period": period, "start": start, "end": end}
    board = build_dashboard(actor(request), chosen, chosen_period(actor(request), params))
    return board.as_dict()


@router.get("/dashboard/fishbone", summary="场所类型隐患鱼骨图数据")
def fishbone(
    request: HttpRequest,
    kind: str | None = None,
    area: int | None = None,
    period: str | None = None,
    start: str | None = None,
    end: str | None = None,
) -> dict[str, Any]:
    user = actor(request)
    chosen = area_in_scope(actor(request), area)
    span = chosen_period(user, {"period": period, "start": start, "end": end})
    hazards = hazards_in(user, chosen)
    if kind is not None and kind not in PlaceKind.values:
        raise XiaoanError(f"场所类型“{kind}”不存在。")
    kinds = [kind] if kind else [code for code, _, _ in kinds_with_hazards(hazards, span)]
    return {
        "area": {"id": chosen.pk, "name": chosen.name},
        "start": span.start.isoformat(),
        "end": span.end.isoformat(),
        "diagrams": [build_fishbone(hazards, chosen, k, span).as_dict() for k in kinds],
    }
