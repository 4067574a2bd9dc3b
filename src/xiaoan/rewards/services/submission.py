"""The public side: a member of the public submits a report with photos and gets
a ticket code; once the report is finished they may answer how satisfied they are."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Sequence
from typing import IO, Any

from django.conf import settings
from django.db import transaction

from xiaoan.areas.models import Area, User
from xiaoan.areas.roles import Permission
from xiaoan.areas.services import full_clean
from xiaoan.core import clock
from xiaoan.core.attachments import detect, store_attachment
from xiaoan.core.errors import InvalidTransitionError, UploadRejectedError, XiaoanError
from xiaoan.core.notifications import notify
from xiaoan.core.scoping import ancestor_paths
from xiaoan.core.versioning import set_history_user

from ..choices import CLOSED_STATES, Satisfaction
from ..models import RewardReport

#: no 0/O, 1/I/L: a code read out over the phone or copied by hand stays right
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
MAX_PHOTOS = 6
MOBILE = re.compile(r"^1[3-9]\d{9}$")
PUBLIC_REASON = "群众在线举报"


def new_code() -> str:
    """A ticket code: 10 characters from 31, about 2⁴⁹ possibilities, so guessing
    someone else's code is hopeless."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not RewardReport.objects.filter(code=code).exists():
            return code


def normalise_code(text: str) -> str:
    return re.sub(r"[\s-]", "", text or "").upper()


def check_photo(name: str, content: IO[bytes]) -> None:
    """Refuse a photo that is too large or whose content is not an image."""
    limit_mb = settings.XIAOAN_REPORT_PHOTO_MAX_MB
    content.seek(0, os.SEEK_END)
    size = content.tell()
    content.seek(0)
    if size > limit_mb * 1024 * 1024:
        raise UploadRejectedError(
            f"照片“{name}”大小 {size / 1048576:.1f} MB，超过上限 {limit_mb} MB，请压缩后再上传。"
        )
    head = content.read(8192)
    content.seek(0)
    if size and detect(head, name).kind != "image":
        raise UploadRejectedError(f"文件“{name}”不是图片；只接受 JPEG、PNG、GIF、WebP 照片。")


def handlers_of(area: Area, permission: str = Permission.HANDLE_REWARDS) -> list[User]:
    """Active users holding `permission` at the report's area or above it."""
    paths = [*ancestor_paths(area.path), area.path]
    users = User.objects.filter(is_active=True, area__path__in=paths).select_related("area")
    return [u for u in users if u.can(permission)]


@transaction.atomic
def do_submit_report(
    *,
    description: str,
    address: str,
    photos: Sequence[tuple[str, IO[bytes]]],
    consent: bool,
    phone: str = "",
    area: Area | None = None,
    reporter_name: str = "",
) -> RewardReport:
    """A public report (no login): checked, stored with its photos, and announced
    to the staff who handle rewards in its area. The area is the one picked on the
    form, else the city."""
    description, address, phone = description.strip(), address.strip(), phone.strip()
    reporter_name = reporter_name.strip()
    problems = []
    if len(reporter_name) > 30:
        problems.append(f"姓名最多 30 字（现有 {len(reporter_name)} 字）")
    if len(description) < 5:
        problems.append("请描述隐患情况（至少 5 个字）")
    elif len(description) > 2000:
        problems.append(f"隐患情况最多 2000 字（现有 {len(description)} 字）")
    if len(address) > 300:
        problems.append(f"详细地址最多 300 字（现有 {len(address)} 字）")
    if not address:
        problems.append("请填写隐患所在地址")
    if phone and not MOBILE.match(phone):
        problems.append("联系电话应为 11 位手机号码，或不填")
    if not consent:
        problems.append("请阅读并勾选同意告知事项")
    if not photos:
        problems.append("请至少上传 1 张现场照片")
    elif len(photos) > MAX_PHOTOS:
        problems.append(f"最多上传 {MAX_PHOTOS} 张照片（您选择了 {len(photos)} 张）")
    if problems:
        raise XiaoanError("；".join(problems) + "。")
    for name, content in photos:
        check_photo(name, content)
    city = Area.objects.filter(parent__isnull=True).order_by("pk").first()
    if city is None:
        raise XiaoanError("系统尚未设置城市区域，暂不能受理举报。")
    if area is not None and not area.is_within(city):
        raise XiaoanError("所选区域不在本市范围内。")
    report = RewardReport(
        code=new_code(),
        description=description,
        address=address,
        phone=phone,
        reporter_name=reporter_name,
        consented_at=clock.now(),
        area=area or city,
    )
    full_clean(report)
    set_history_user(report, None, reason=PUBLIC_REASON)
    report.save()
    for name, content in photos:
        store_attachment(content, name=name, acting_user=None, area=report.area, target=report)
    notify(
        handlers_of(report.area),
        title=f"新的有奖举报 {report.code}",
        body=f"{report.address}：{report.description[:60]}",
        link=f"/rewards/{report.pk}/",
        kind="reward_report",
    )
    return report


def find_by_code(code: str) -> RewardReport | None:
    """The report a ticket code belongs to, or None (the same answer for a wrong
    code and a missing one, so the status page reveals nothing else)."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        return None
    return RewardReport.objects.filter(code=code).first()


@transaction.atomic
def do_record_satisfaction(report: RewardReport, *, answer: str, note: str = "") -> RewardReport:
    """The reporter's one answer on how satisfied they are, once the report is finished."""
    report = RewardReport.objects.select_for_update().get(pk=report.pk)
    if report.state not in CLOSED_STATES:
        raise InvalidTransitionError("举报尚未办结，办结后才能评价。")
    if report.satisfaction:
        raise InvalidTransitionError("您已评价过，感谢您的反馈。")
    if answer not in Satisfaction.values:
        raise XiaoanError("请选择满意、基本满意或不满意。")
    report.satisfaction = answer
    report.satisfaction_note = note.strip()[:300]
    report.satisfaction_at = clock.now()
    report.version += 1
    report.updated_at = clock.now()
    set_history_user(report, None, reason="举报人评价")
    report.save()
    return report


def public_view(report: RewardReport) -> dict[str, Any]:
    """What the status page shows: this report's own status and outcome only."""
    from ..choices import PUBLIC_LABELS

    return {
        "code": report.code,
        "submitted": report.created_at,
        "status": PUBLIC_LABELS[report.state],
        "closed": report.state in CLOSED_STATES,
        "outcome": report.outcome,
        "satisfaction": report.get_satisfaction_display() if report.satisfaction else "",
    }
