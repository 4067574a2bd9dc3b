"""Downloads of the duty desk: the day's compiled dispatch summary as a Word
document in the official format (GB/T 9704)."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH

from xiaoan.core import clock
from xiaoan.core.officedoc import KAITI, OfficialDocument, chinese_date

from .choices import SafetyStatus
from .queries import DispatchDay


def dispatch_summary_docx(day: DispatchDay, issuer: str) -> bytes:
    """一、报送概况 二、各单位情况 三、未报送/迟报单位 — as the leaders read it at the call."""
    doc = OfficialDocument()
    doc.title(f"{day.period.title}每日调度情况汇总")
    doc.paragraph(
        f"（{chinese_date(day.day)}）", font=KAITI, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False
    )
    doc.blank()
    expected = day.expected_count
    attention = [s for s in day.submissions if s.status != SafetyStatus.STABLE]
    doc.heading("一、报送概况")
    due = day.due.astimezone(clock.LOCAL_TZ)
    doc.paragraph(
        f"应报送单位{expected}个，已报送{len(day.submissions)}个，"
        f"未报送{len(day.missing)}个；{due:%H:%M}后报送{len(day.late())}个。"
        f"报告有情况的单位{len(attention)}个。"
    )
    doc.heading("二、各单位情况")
    for number, item in enumerate(day.submissions, start=1):
        doc.paragraph(
            f"{number}.{item.organisation.short_name or item.organisation.name}："
            f"{item.get_status_display()}。{item.content}"
        )
    if not day.submissions:
        doc.paragraph("无。")
    doc.heading("三、未报送和迟报单位")
    names = "、".join(o.name for o in day.missing) or "无"
    late = "、".join(s.organisation.name for s in day.late()) or "无"
    doc.paragraph(f"未报送：{names}。")
    doc.paragraph(f"迟报：{late}。")
    doc.signature(issuer, day.day)
    return doc.to_bytes()
