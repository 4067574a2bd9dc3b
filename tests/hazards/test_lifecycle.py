"""The hazard lifecycle: found → rectifying → rectified → closed, rejection,
re-opening after a failed re-check; who may do what; history; overdue; GB 35181."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from xiaoan.core import clock
from xiaoan.core.errors import (
    InvalidTransitionError,
    PermissionDeniedError,
    UploadRejectedError,
    XiaoanError,
)
from xiaoan.core.models import Notification
from xiaoan.hazards import queries
from xiaoan.hazards.choices import HazardCategory, HazardState, Severity
from xiaoan.hazards.models import Hazard, Inspection, Rectification
from xiaoan.hazards.services import (
    allowed_actions,
    do_reopen,
    do_report_fixed,
    do_start_rectifying,
    do_update_hazard,
    do_verify,
)

from .conftest import exactly, local, photo

pytestmark = pytest.mark.django_db

S = HazardState


def reasons_and_users(hazard: Hazard) -> list[tuple[str | None, str | None, str]]:
    return [
        (h.history_change_reason, h.history_user.username if h.history_user else None, h.state)
        for h in hazard.history.order_by("history_date", "history_id")
    ]


# ----- legal transitions -----


def test_found_to_closed_through_every_step(hazard, brigade, colleague):
    assert hazard.state == S.FOUND
    assert (
        hazard.found_by == brigade
        and hazard.found_on == hazard.inspection.at.astimezone(clock.LOCAL_TZ).date()
    )
    hazard = do_start_rectifying(hazard, acting_user=brigade)
    assert hazard.state == S.RECTIFYING
    rectification = do_report_fixed(
        hazard, acting_user=brigade, text="电动车已清出大厅", photos=[photo(), photo("b.png")]
    )
    hazard.refresh_from_db()
    assert hazard.state == S.RECTIFIED and hazard.fixed_by == brigade
    assert rectification.reported_by == brigade and rectification.verdict == ""
    hazard = do_verify(hazard, acting_user=colleague, accept=True, note="现场核实")
    assert hazard.state == S.CLOSED
    assert hazard.closed_by == colleague and hazard.closed_on is not None
    rectification.refresh_from_db()
    assert rectification.verdict == "accepted" and rectification.verdict_note == "现场核实"


def test_a_fix_may_be_reported_straight_from_found(hazard, brigade):
    do_report_fixed(hazard, acting_user=brigade, text="当场整改", photos=[photo()])
    hazard.refresh_from_db()
    assert hazard.state == S.RECTIFIED


def test_reject_sends_the_hazard_back_with_a_reason_and_tells_the_fixer(
    hazard, brigade, colleague, django_capture_on_commit_callbacks
):
    do_report_fixed(hazard, acting_user=brigade, text="已清理", photos=[photo()])
    with pytest.raises(XiaoanError, match="验收不通过须写明原因"):
        do_verify(hazard, acting_user=colleague, accept=False, note="  ")
    with django_capture_on_commit_callbacks(execute=True):
        hazard = do_verify(hazard, acting_user=colleague, accept=False, note="楼道仍有电动车")
    assert hazard.state == S.RECTIFYING and hazard.closed_by is None
    latest = hazard.rectifications.get()
    assert latest.verdict == "rejected" and latest.verdict_note == "楼道仍有电动车"
    note = Notification.objects.get(recipient=brigade, title__contains="验收不通过")
    assert note.body == "楼道仍有电动车"
    # fixed again with new evidence, then accepted
    do_report_fixed(hazard, acting_user=brigade, text="再次清理", photos=[photo()])
    hazard = do_verify(hazard, acting_user=colleague, accept=True)
    assert hazard.state == S.CLOSED
    verdicts = list(hazard.rectifications.order_by("id").values_list("verdict", flat=True))
    assert verdicts == ["rejected", "accepted"]


def test_closed_is_reopened_then_rectified_and_closed_again(
    hazard, brigade, colleague, close_hazard
):
    hazard = close_hazard(hazard)
    with pytest.raises(XiaoanError, match="重新整改须写明复查情况"):
        do_reopen(hazard, acting_user=colleague, reason="")
    hazard = do_reopen(hazard, acting_user=colleague, reason="回头看发现电动车又停回大厅")
    assert hazard.state == S.REOPENED
    assert hazard.closed_by is None and hazard.closed_on is None
    do_report_fixed(hazard, acting_user=brigade, text="安装阻车装置", photos=[photo()])
    hazard.refresh_from_db()
    assert hazard.state == S.RECTIFIED
    hazard = do_verify(hazard, acting_user=colleague, accept=True)
    assert hazard.state == S.CLOSED and hazard.closed_by == colleague


def test_reopened_may_also_restart_rectifying(hazard, brigade, colleague, close_hazard):
    hazard = do_reopen(close_hazard(hazard), acting_user=colleague, reason="复查未通过")
    hazard = do_start_rectifying(hazard, acting_user=brigade)
    assert hazard.state == S.RECTIFYING


# ----- illegal transitions, with the messages a user reads -----


def test_verifying_an_unreported_hazard_is_refused(hazard, colleague):
    with pytest.raises(InvalidTransitionError) as exc:
        do_verify(hazard, acting_user=colleague, accept=True)
    assert exc.value.message == "隐患尚未报告整改完成，不能销号。"
    do_start_rectifying(hazard, acting_user=colleague)
    with pytest.raises(InvalidTransitionError, match=exactly("隐患尚未报告整改完成，不能销号。")):
        do_verify(hazard, acting_user=colleague, accept=True)
    hazard.refresh_from_db()
    assert hazard.state == S.RECTIFYING and hazard.closed_by is None


def test_reporting_a_fix_needs_text_and_photos(hazard, brigade):
    with pytest.raises(XiaoanError) as exc:
        do_report_fixed(hazard, acting_user=brigade, text="已整改")
    assert exc.value.message == "报告整改完成须上传整改后的照片或证明材料。"
    with pytest.raises(XiaoanError, match="请说明整改情况"):
        do_report_fixed(hazard, acting_user=brigade, text="   ", photos=[photo()])
    hazard.refresh_from_db()
    assert hazard.state == S.FOUND and hazard.fixed_by is None
    assert not Rectification.objects.filter(hazard=hazard).exists()


def test_a_fake_photo_is_refused_and_nothing_changes(hazard, brigade):
    with pytest.raises(UploadRejectedError, match="不被接受"):
        do_report_fixed(
            hazard,
            acting_user=brigade,
            text="已整改",
            photos=[photo(), ("x.png", io.BytesIO(b"not an image at all"))],
        )
    hazard.refresh_from_db()
    assert hazard.state == S.FOUND
    assert not Rectification.objects.filter(hazard=hazard).exists()


def test_reporting_again_while_awaiting_verification_is_refused(hazard, brigade):
    do_report_fixed(hazard, acting_user=brigade, text="已整改", photos=[photo()])
    with pytest.raises(InvalidTransitionError, match=exactly("已报告整改完成，等待验收。")):
        do_report_fixed(hazard, acting_user=brigade, text="又整改", photos=[photo()])


def test_reporting_a_fix_on_a_closed_hazard_is_refused(hazard, brigade, close_hazard):
    hazard = close_hazard(hazard)
    with pytest.raises(InvalidTransitionError, match=exactly("隐患已销号。")):
        do_report_fixed(hazard, acting_user=brigade, text="再整改", photos=[photo()])
    with pytest.raises(InvalidTransitionError, match=exactly("隐患已销号。")):
        do_verify(hazard, acting_user=brigade, accept=True)


def test_reopening_a_found_hazard_is_refused(hazard, colleague):
    with pytest.raises(InvalidTransitionError) as exc:
        do_reopen(hazard, acting_user=colleague, reason="复查未通过")
    assert exc.value.message == "只有已销号的隐患才能因复查未通过而重新整改。"


def test_other_illegal_moves_name_the_current_state(hazard, brigade, colleague, close_hazard):
    do_report_fixed(hazard, acting_user=brigade, text="已整改", photos=[photo()])
    with pytest.raises(
        InvalidTransitionError, match=exactly("隐患当前状态为“已整改待验收”，不能开始整改。")
    ):
        do_start_rectifying(hazard, acting_user=brigade)
    hazard = do_verify(hazard, acting_user=colleague, accept=True)
    with pytest.raises(
        InvalidTransitionError, match=exactly("隐患当前状态为“已销号”，不能验收不通过。")
    ):
        do_verify(hazard, acting_user=colleague, accept=False, note="x")


# ----- who may do what -----


def test_the_fixer_cannot_verify_but_a_colleague_can(hazard, brigade, colleague):
    do_report_fixed(hazard, acting_user=brigade, text="已整改", photos=[photo()])
    hazard.refresh_from_db()
    assert "verify" not in allowed_actions(hazard, brigade)
    assert "reject" not in allowed_actions(hazard, brigade)
    with pytest.raises(PermissionDeniedError) as exc:
        do_verify(hazard, acting_user=brigade, accept=True)
    assert exc.value.message == "验收人不能是报告整改的人：须由他人验收。"
    with pytest.raises(PermissionDeniedError, match="须由他人验收"):
        do_verify(hazard, acting_user=brigade, accept=False, note="自己退回")
    hazard.refresh_from_db()
    assert hazard.state == S.RECTIFIED
    assert allowed_actions(hazard, colleague) == ["verify", "reject"]
    hazard = do_verify(hazard, acting_user=colleague, accept=True)
    assert hazard.state == S.CLOSED and hazard.closed_by == colleague


def test_the_finder_may_verify_a_fix_someone_else_reported(hazard, brigade, property_manager):
    do_report_fixed(hazard, acting_user=property_manager, text="物业已清理", photos=[photo()])
    hazard = do_verify(hazard, acting_user=brigade, accept=True)
    assert hazard.state == S.CLOSED and hazard.fixed_by == property_manager


def test_a_property_manager_reports_fixes_but_cannot_verify(hazard, property_manager, colleague):
    hazard.refresh_from_db()
    assert allowed_actions(hazard, property_manager) == ["start", "report_fixed"]
    hazard = do_start_rectifying(hazard, acting_user=property_manager)
    do_report_fixed(hazard, acting_user=property_manager, text="物业已清理", photos=[photo()])
    hazard.refresh_from_db()
    assert hazard.state == S.RECTIFIED and hazard.fixed_by == property_manager
    assert allowed_actions(hazard, property_manager) == []
    with pytest.raises(PermissionDeniedError, match=exactly("您的角色无权验收销号。")):
        do_verify(hazard, acting_user=property_manager, accept=True)
    with pytest.raises(PermissionDeniedError, match=exactly("您的角色无权验收不通过。")):
        do_verify(hazard, acting_user=property_manager, accept=False, note="x")
    hazard = do_verify(hazard, acting_user=colleague, accept=True)
    with pytest.raises(PermissionDeniedError, match="无权复查未通过"):
        do_reopen(hazard, acting_user=property_manager, reason="x")


def test_the_auditor_can_do_nothing(hazard, auditor, brigade, colleague):
    assert allowed_actions(hazard, auditor) == []
    with pytest.raises(PermissionDeniedError, match="您的角色无权开始整改"):
        do_start_rectifying(hazard, acting_user=auditor)
    with pytest.raises(PermissionDeniedError, match="您的角色无权报告整改完成"):
        do_report_fixed(hazard, acting_user=auditor, text="x", photos=[photo()])
    with pytest.raises(PermissionDeniedError, match="无权修改隐患"):
        do_update_hazard(hazard, acting_user=auditor, expected_version=1, description="改")
    do_report_fixed(hazard, acting_user=brigade, text="已整改", photos=[photo()])
    hazard.refresh_from_db()
    assert allowed_actions(hazard, auditor) == []
    with pytest.raises(PermissionDeniedError, match="您的角色无权验收销号"):
        do_verify(hazard, acting_user=auditor, accept=True)
    with pytest.raises(PermissionDeniedError, match="您的角色无权验收不通过"):
        do_verify(hazard, acting_user=auditor, accept=False, note="x")
    hazard = do_verify(hazard, acting_user=colleague, accept=True)
    assert allowed_actions(hazard, auditor) == []
    with pytest.raises(PermissionDeniedError, match="无权复查未通过"):
        do_reopen(hazard, acting_user=auditor, reason="x")
    hazard.refresh_from_db()
    assert hazard.state == S.CLOSED


def test_a_neighbouring_brigade_cannot_touch_the_hazard(hazard, neighbour_brigade):
    with pytest.raises(PermissionDeniedError, match="只能在本辖区范围内操作"):
        do_start_rectifying(hazard, acting_user=neighbour_brigade)
    with pytest.raises(PermissionDeniedError, match="只能在本辖区范围内操作"):
        do_report_fixed(hazard, acting_user=neighbour_brigade, text="x", photos=[photo()])


def test_the_verifier_rule_holds_after_a_new_report(hazard, brigade, colleague):
    """Whoever reported the latest fix may not verify it, even if they rejected an earlier one."""
    do_report_fixed(hazard, acting_user=brigade, text="第一次", photos=[photo()])
    do_verify(hazard, acting_user=colleague, accept=False, note="未整改到位")
    do_report_fixed(hazard, acting_user=colleague, text="第二次", photos=[photo()])
    with pytest.raises(PermissionDeniedError, match="须由他人验收"):
        do_verify(hazard, acting_user=colleague, accept=True)
    hazard = do_verify(hazard, acting_user=brigade, accept=True)
    assert hazard.state == S.CLOSED


# ----- history -----


def test_every_transition_is_in_the_history_with_user_and_reason(hazard, brigade, colleague):
    do_start_rectifying(hazard, acting_user=brigade)
    do_report_fixed(hazard, acting_user=brigade, text="已整改", photos=[photo()])
    do_verify(hazard, acting_user=colleague, accept=False, note="照片看不清")
    do_report_fixed(hazard, acting_user=brigade, text="重拍照片", photos=[photo()])
    do_verify(hazard, acting_user=colleague, accept=True)
    do_reopen(hazard, acting_user=colleague, reason="回头看发现复发")
    do_report_fixed(hazard, acting_user=brigade, text="彻底整改", photos=[photo()])
    do_verify(hazard, acting_user=colleague, accept=True, note="通过")
    rows = reasons_and_users(hazard)
    assert rows[0][1:] == ("xinglongtai", S.FOUND)  # recorded by the finder
    assert rows[1:] == [
        ("开始整改", "xinglongtai", S.RECTIFYING),
        ("报告整改完成", "xinglongtai", S.RECTIFIED),
        ("验收不通过：照片看不清", "xlt_colleague", S.RECTIFYING),
        ("报告整改完成", "xinglongtai", S.RECTIFIED),
        ("验收销号", "xlt_colleague", S.CLOSED),
        ("复查未通过，重新整改：回头看发现复发", "xlt_colleague", S.REOPENED),
        ("报告整改完成", "xinglongtai", S.RECTIFIED),
        ("验收销号：通过", "xlt_colleague", S.CLOSED),
    ]
    hazard.refresh_from_db()
    assert hazard.version == len(rows)


def test_refused_moves_leave_no_history(hazard, colleague):
    before = hazard.history.count()
    with pytest.raises(InvalidTransitionError):
        do_verify(hazard, acting_user=colleague, accept=True)
    with pytest.raises(InvalidTransitionError):
        do_reopen(hazard, acting_user=colleague, reason="x")
    assert hazard.history.count() == before


# ----- overdue -----


def test_overdue_is_derived_from_the_deadline_and_today(settings, make_hazard, brigade, colleague):
    hazard = make_hazard(deadline=dt.date(2024, 3, 10), at=local(2024, 3, 4))
    settings.XIAOAN_TODAY = "2024-03-10"
    assert not queries.is_overdue(hazard)
    settings.XIAOAN_TODAY = "2024-03-11"
    assert queries.is_overdue(hazard)
    assert Hazard.objects.filter(queries.overdue_filter(), pk=hazard.pk).exists()
    assert queries.is_overdue(hazard, today=dt.date(2024, 3, 9)) is False
    hazard = do_start_rectifying(hazard, acting_user=brigade)
    assert queries.is_overdue(hazard)
    # awaiting verification or closed is no longer overdue
    do_report_fixed(hazard, acting_user=brigade, text="已整改", photos=[photo()])
    hazard.refresh_from_db()
    assert not queries.is_overdue(hazard)
    hazard = do_verify(hazard, acting_user=colleague, accept=True)
    assert not queries.is_overdue(hazard)
    assert not Hazard.objects.filter(queries.overdue_filter(), pk=hazard.pk).exists()
    # reopened after a failed re-check: overdue again (the deadline has passed)
    hazard = do_reopen(hazard, acting_user=colleague, reason="复发")
    assert queries.is_overdue(hazard)


def test_no_deadline_is_never_overdue(settings, make_hazard):
    hazard = make_hazard(at=local(2024, 3, 4))
    settings.XIAOAN_TODAY = "2030-01-01"
    assert hazard.deadline is None and not queries.is_overdue(hazard)


# ----- major hazards and GB 35181 -----


def test_a_major_hazard_needs_its_gb35181_element(place, make_hazard):
    before = Inspection.objects.count()
    with pytest.raises(XiaoanError) as exc:
        make_hazard(HazardCategory.ESCAPE_BLOCKED, severity=Severity.MAJOR, major_element="  ")
    assert exc.value.message == "重大火灾隐患须写明依据 GB 35181 判定的要素。"
    # the whole inspection is refused, not half-recorded
    assert Inspection.objects.count() == before


@pytest.mark.parametrize(
    ("at", "version"),
    [
        (local(2024, 3, 4), "2017"),
        (local(2025, 10, 31, 23, 30), "2017"),
        # 00:30 on 1 November in Panjin is still 31 October in UTC
        (local(2025, 11, 1, 0, 30), "2025"),
        (local(2026, 1, 5), "2025"),
    ],
)
def test_the_gb35181_version_follows_the_inspection_date(make_hazard, at, version):
    hazard = make_hazard(
        HazardCategory.ESCAPE_BLOCKED,
        at=at,
        severity=Severity.MAJOR,
        major_element="人员密集场所安全出口锁闭",
    )
    hazard.refresh_from_db()
    assert hazard.severity == Severity.MAJOR
    assert hazard.gb35181_version == version
    assert hazard.major_element == "人员密集场所安全出口锁闭"
    assert hazard.found_on == at.date()


def test_an_ordinary_hazard_has_no_gb35181_version(make_hazard):
    hazard = make_hazard(at=local(2025, 12, 1))
    assert hazard.severity == Severity.ORDINARY and hazard.gb35181_version == ""


def test_responsible_party_defaults_to_the_place(hazard, place):
    assert hazard.responsible_party == "张经理"
    assert hazard.responsible_organisation == place.property_company
    assert hazard.area == place.area


def test_hazard_edits_keep_history_and_refuse_stale_versions(hazard, brigade, colleague):
    from xiaoan.core.errors import StaleEditError

    edited = do_update_hazard(
        hazard, acting_user=brigade, expected_version=1, description="一楼大厅停放电动车3辆"
    )
    assert edited.version == 2 and edited.description == "一楼大厅停放电动车3辆"
    with pytest.raises(StaleEditError, match="已被他人修改"):
        do_update_hazard(hazard, acting_user=colleague, expected_version=1, description="旧版本")
    with pytest.raises(XiaoanError, match="不能修改的字段"):
        do_update_hazard(hazard, acting_user=brigade, expected_version=2, state=S.CLOSED)


def test_upgrading_to_major_by_edit_follows_the_same_rule(hazard, brigade):
    with pytest.raises(XiaoanError, match="GB 35181"):
        do_update_hazard(hazard, acting_user=brigade, expected_version=1, severity=Severity.MAJOR)
