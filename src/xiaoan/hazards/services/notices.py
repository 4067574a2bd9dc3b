"""Rectification notices (责令限期改正通知书): numbered per issuing organisation
and year, generated as an official Word document, then recorded as served."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import Max
from docx.enum.text import WD_ALIGN_PARAGRAPH

from xiaoan.areas.models import User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import check_permission
from xiaoan.core import clock
from xiaoan.core.attachments import store_attachment
from xiaoan.core.errors import InvalidTransitionError, XiaoanError
from xiaoan.core.officedoc import OfficialDocument, chinese_date
from xiaoan.core.versioning import apply_edit, set_history_user
from xiaoan.places.models import Place

from ..models import Hazard, RectificationNotice
from ..queries import OPEN_STATES

NOTICE_TITLE = "责令限期改正通知书"


def notice_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}消限字〔{year}〕第{sequence:04d}号"


def notice_document(notice: RectificationNotice, hazards: Sequence[Hazard]) -> bytes:
    """The notice as a GB/T 9704 Word document."""
    doc = OfficialDocument()
    doc.title(NOTICE_TITLE)
    doc.paragraph(notice.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.blank()
    doc.paragraph(
        f"{notice.place.responsible_person or notice.place.name}（{notice.place.name}）：",
        indent=False,
    )
    doc.paragraph(
        f"根据《中华人民共和国消防法》的规定，我单位于{chinese_date(hazards[0].found_on)}对你单位"
        f"（场所）{notice.place.address}进行消防监督检查，发现存在下列消防安全违法行为（火灾隐患）："
    )
    for number, hazard in enumerate(hazards, start=1):
        doc.paragraph(f"{number}.{hazard.get_category_display()}：{hazard.description}")
    doc.paragraph(
        f"责令你单位于{chinese_date(notice.deadline)}前改正上述违法行为（隐患）。"
        "改正期间应当采取确保消防安全的措施。逾期不改正的，将依法予以处罚。"
    )
    doc.paragraph("如不服本决定，可以依法申请行政复议或者提起行政诉讼。")
    doc.signature(notice.organisation.name, notice.issued_on)
    return doc.to_bytes()


@transaction.atomic
def do_issue_notice(
    *,
    acting_user: User,
    place: Place,
    hazards: Sequence[Hazard],
    deadline: dt.date,
    issued_on: dt.date | None = None,
) -> RectificationNotice:
    """Number, generate and store a notice for some of a place's open hazards."""
    check_permission(acting_user, Permission.ENFORCE, place.area)
    if not hazards:
        raise XiaoanError("请选择通知书涉及的隐患。")
    if any(h.place_id != place.pk for h in hazards):
        raise XiaoanError("所选隐患不属于该场所。")
    closed = [h for h in hazards if h.state not in OPEN_STATES]
    if closed:
        raise XiaoanError("已报告整改或已销号的隐患不再制发责令改正通知书。")
    day = issued_on or clock.today()
    if deadline <= day:
        raise XiaoanError("改正期限应晚于制发日期。")
    organisation = acting_user.organisation
    if organisation is None:
        raise XiaoanError("您的账户没有所属单位，不能制发文书。")
    prefix = organisation.short_name or organisation.name
    ordered = sorted(hazards, key=lambda h: (h.found_on, h.pk))
    for _attempt in range(3):
        last = RectificationNotice.objects.filter(
            organisation=organisation, year=day.year
        ).aggregate(n=Max("sequence"))["n"]
        sequence = (last or 0) + 1
        notice = RectificationNotice(
            number=notice_number(prefix, day.year, sequence),
            sequence=sequence,
            year=day.year,
            place=place,
            deadline=deadline,
            issued_on=day,
            organisation=organisation,
            issued_by=acting_user,
            area=place.area,
        )
        set_history_user(notice, acting_user)
        try:
            with transaction.atomic():
                notice.save()
        except IntegrityError:
            continue  # another notice took this number at the same moment
        break
    else:
        raise XiaoanError("文书编号分配冲突，请重试。")
    notice.hazards.set(ordered)
    content = notice_document(notice, ordered)
    notice.document = store_attachment(
        io.BytesIO(content),
        name=f"{notice.number}.docx",
        acting_user=acting_user,
        area=place.area,
        target=notice,
    )
    notice.save(update_fields=["document"])
    for hazard in ordered:
        if hazard.deadline is None or hazard.deadline > deadline:
            hazard.deadline = deadline
            set_history_user(hazard, acting_user, reason=f"责令限期改正：{notice.number}")
            hazard.save(update_fields=["deadline"])
    return notice


@transaction.atomic
def do_serve_notice(
    notice: RectificationNotice,
    *,
    acting_user: User,
    expected_version: int,
    served_on: dt.date,
    served_to: str,
) -> RectificationNotice:
    """Record that the notice was served, and on whom."""
    check_permission(acting_user, Permission.ENFORCE, notice.area)
    if notice.served_on is not None:
        raise InvalidTransitionError("通知书已送达。")
    if not served_to.strip():
        raise XiaoanError("请填写签收人。")
    if served_on < notice.issued_on:
        raise XiaoanError("送达日期不能早于制发日期。")
    return apply_edit(
        notice,
        {"served_on": served_on, "served_to": served_to.strip()},
        acting_user=acting_user,
        expected_version=expected_version,
        reason="送达",
    )
