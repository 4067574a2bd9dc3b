"""Excel exports of the reward reports and the payout ledger; the reporter's
name and phone are masked unless a role that handles rewards asked for them
(`clear`, checked and logged by the view)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse

from xiaoan.core import clock
from xiaoan.core.exports import xlsx_response
from xiaoan.core.personal import shown

from .models import RewardPayout, RewardReport

REPORT_HEADERS = [
    "受理编号",
    "提交时间",
    "区域",
    "地址",
    "隐患描述",
    "举报人",
    "联系电话",
    "状态",
    "核实结论",
    "关联隐患",
    "奖励金额（元）",
    "定奖说明",
    "满意度",
]
PAYOUT_HEADERS = [
    "发放时间",
    "受理编号",
    "区域",
    "金额（元）",
    "发放方式",
    "凭证号",
    "经办人",
    "定奖人",
    "审批人",
    "联系电话",
    "备注",
]


def local(value: Any) -> Any:
    return value.astimezone(clock.LOCAL_TZ).replace(tzinfo=None) if value else None


def export_reports(
    reports: QuerySet[RewardReport], user: Any, *, clear: bool = False
) -> FileResponse:
    def rows() -> Iterator[list[Any]]:
        for r in reports.select_related("area").order_by("-created_at", "-id").iterator(2000):
            yield [
                r.code,
                local(r.created_at),
                r.area.name,
                r.address,
                r.description,
                shown(r.reporter_name, "name", clear),
                shown(r.phone, "phone", clear),
                r.get_state_display(),
                r.get_verdict_display() if r.verdict else "",
                r.hazard_id or "",
                r.amount,
                r.reward_reason,
                r.get_satisfaction_display() if r.satisfaction else "",
            ]

    return xlsx_response(
        "有奖举报", REPORT_HEADERS, rows(), f"有奖举报-{clock.today():%Y%m%d}.xlsx"
    )


def export_payouts(
    payouts: QuerySet[RewardPayout], user: Any, *, clear: bool = False
) -> FileResponse:
    def rows() -> Iterator[list[Any]]:
        qs = payouts.select_related(
            "report", "report__area", "paid_by", "report__decided_by", "report__approved_by"
        )
        for p in qs.order_by("-paid_at", "-id").iterator(2000):
            yield [
                local(p.paid_at),
                p.report.code,
                p.report.area.name,
                p.amount,
                p.get_method_display(),
                p.reference,
                str(p.paid_by),
                str(p.report.decided_by or ""),
                str(p.report.approved_by or ""),
                shown(p.report.phone, "phone", clear),
                p.note,
            ]

    return xlsx_response(
        "奖励发放台账", PAYOUT_HEADERS, rows(), f"奖励发放台账-{clock.today():%Y%m%d}.xlsx"
    )
