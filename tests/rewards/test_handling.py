"""Staff handling: verify, decide by the rules (severity, first reporter only),
approve by someone else, pay into the ledger; the reporter is told by SMS."""

from __future__ import annotations

import io
import json
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.rewards.conftest import PHONE, staff
from xiaoan.core.errors import InvalidTransitionError, PermissionDeniedError, XiaoanError
from xiaoan.hazards.choices import HazardCategory, Severity
from xiaoan.hazards.models import Hazard
from xiaoan.places.choices import PlaceKind
from xiaoan.places.services import do_register_place
from xiaoan.rewards import services, sms
from xiaoan.rewards.choices import PayoutMethod, ReportState, SmsStatus, Verdict
from xiaoan.rewards.models import RewardPayout, SmsMessage

pytestmark = pytest.mark.django_db


def verified(report, hazard=None, by="xinglongtai"):
    return services.do_verify_report(
        report, acting_user=staff(by), verdict=Verdict.TRUE, hazard=hazard, note="现场属实"
    )


def public_status(code: str) -> str:
    return Client().post("/report/status", {"code": code}).content.decode()


def test_reward_follows_the_severity_of_the_linked_hazard(make_report, make_hazard, rules):
    ordinary = services.do_decide_reward(
        verified(make_report(), make_hazard(Severity.ORDINARY)), acting_user=staff("xinglongtai")
    )
    major = services.do_decide_reward(
        verified(make_report(), make_hazard(Severity.MAJOR)), acting_user=staff("xinglongtai")
    )
    assert (ordinary.state, ordinary.amount) == (ReportState.DECIDED, Decimal("200.00"))
    assert (major.state, major.amount) == (ReportState.DECIDED, Decimal("1000.00"))
    assert major.reward_reason == "按盘锦市奖励标准：重大火灾隐患 1000.00 元"
    # without a linked hazard the decider names the severity
    unlinked = services.do_decide_reward(
        verified(make_report()), acting_user=staff("xinglongtai"), severity=Severity.MAJOR
    )
    assert unlinked.amount == Decimal("1000.00")


def test_a_district_rule_overrides_the_citys(make_report, rules, area):
    services.do_create_rule(
        acting_user=staff("office"),
        area=area("兴隆台区"),
        severity=Severity.ORDINARY,
        amount=Decimal("300"),
    )
    here = services.do_decide_reward(
        verified(make_report("兴隆台区")), acting_user=staff("office"), severity=Severity.ORDINARY
    )
    there = services.do_decide_reward(
        verified(make_report("双台子区"), by="shuangtaizi"),
        acting_user=staff("office"),
        severity=Severity.ORDINARY,
    )
    assert (here.amount, there.amount) == (Decimal("300.00"), Decimal("200.00"))


def test_no_rule_is_a_clear_refusal(make_report):
    report = verified(make_report())
    with pytest.raises(XiaoanError, match="尚未设置“一般隐患”的奖励标准"):
        services.do_decide_reward(report, acting_user=staff("office"), severity=Severity.ORDINARY)


def test_only_the_first_reporter_of_a_hazard_is_rewarded(make_report, make_hazard, rules):
    hazard = make_hazard(Severity.MAJOR)
    first = make_report(description="惠宾小区楼道电动车充电，第一位举报")
    second = make_report(description="惠宾小区楼道电动车充电，第二位举报")
    # the later report happens to be verified and decided first
    later = services.do_decide_reward(verified(second, hazard), acting_user=staff("xinglongtai"))
    assert later.state == ReportState.DECIDED and later.amount == Decimal("1000.00")
    services.do_approve_reward(later, acting_user=staff("office"))
    earlier = services.do_decide_reward(verified(first, hazard), acting_user=staff("xinglongtai"))
    # one reward per hazard: the one already approved stands
    assert earlier.state == ReportState.NO_REWARD and earlier.amount == Decimal("0")
    assert services.FIRST_ONLY in earlier.reward_reason
    assert second.code in earlier.reward_reason  # staff see which report was first

    third = make_report(description="同一隐患，第三位举报")
    refused = services.do_decide_reward(verified(third, hazard), acting_user=staff("xinglongtai"))
    assert refused.state == ReportState.NO_REWARD
    page = public_status(third.code)
    assert "该隐患此前已有人举报，按规定只奖励首位举报人" in page
    assert second.code not in page and first.code not in page  # the reporter sees no other ticket


def test_first_in_time_wins_when_none_is_decided_yet(make_report, make_hazard, rules):
    hazard = make_hazard()
    first, second = make_report(), make_report()
    verified(second, hazard)
    verified(first, hazard)
    assert (
        services.do_decide_reward(second, acting_user=staff("office")).state
        == ReportState.NO_REWARD
    )
    assert services.do_decide_reward(first, acting_user=staff("office")).amount == Decimal("200.00")


def test_approval_needs_another_user_with_the_approving_role(make_report, rules):
    report = services.do_decide_reward(
        verified(make_report()), acting_user=staff("office"), severity=Severity.ORDINARY
    )
    with pytest.raises(PermissionDeniedError, match="奖励须由定奖人以外的人审批"):
        services.do_approve_reward(report, acting_user=staff("office"))
    with pytest.raises(PermissionDeniedError, match="您的角色无权审批通过"):
        services.do_approve_reward(report, acting_user=staff("xinglongtai"))
    approved = services.do_approve_reward(report, acting_user=staff("xifeng"))
    assert approved.state == ReportState.APPROVED
    assert approved.approved_by.username == "xifeng"
    assert services.allowed_actions(approved, staff("xinglongtai")) == ["pay"]


def test_approval_through_the_api_by_the_decider_is_403(
    make_report, rules, api_as, django_capture_on_commit_callbacks
):
    report = verified(make_report())
    office = api_as("office")
    with django_capture_on_commit_callbacks(execute=True):
        decided = office.post(
            f"/api/reward-reports/{report.pk}/decide",
            {"severity": "ordinary"},
            content_type="application/json",
        )
    assert decided.status_code == 200, decided.content
    assert decided.json()["state"] == "decided"
    assert "approve" not in decided.json()["allowed_actions"]
    refused = office.post(f"/api/reward-reports/{report.pk}/approve")
    assert refused.status_code == 403
    assert refused.json()["error"]["message"] == "奖励须由定奖人以外的人审批。"
    assert (
        api_as("xifeng").post(f"/api/reward-reports/{report.pk}/approve").json()["state"]
        == "approved"
    )


def test_steps_out_of_order_are_refused(make_report, rules):
    report = make_report()
    with pytest.raises(InvalidTransitionError, match="举报当前状态为“待核实”，不能定奖"):
        services.do_decide_reward(report, acting_user=staff("office"), severity=Severity.ORDINARY)
    with pytest.raises(InvalidTransitionError, match="不能登记发放"):
        services.do_pay_reward(report, acting_user=staff("office"), method="cash", reference="R1")


def approved_report(make_report, phone=PHONE):
    report = services.do_decide_reward(
        verified(make_report(phone=phone)),
        acting_user=staff("xinglongtai"),
        severity=Severity.MAJOR,
    )
    return services.do_approve_reward(report, acting_user=staff("office"))


def test_payout_goes_into_the_ledger_and_its_export(
    make_report, rules, client_as, django_capture_on_commit_callbacks
):
    report = approved_report(make_report)
    with django_capture_on_commit_callbacks(execute=True):
        payout = services.do_pay_reward(
            report,
            acting_user=staff("xinglongtai"),
            method=PayoutMethod.WECHAT,
            reference="WX20240304001",
        )
    report.refresh_from_db()
    assert report.state == ReportState.PAID
    assert (payout.amount, payout.paid_by.username) == (Decimal("1000.00"), "xinglongtai")

    page = client_as("office").get("/rewards/ledger/").content.decode()
    assert "WX20240304001" in page and report.code in page
    assert 'id="xa-ledger-total">1000.00<' in page

    response = client_as("office").get("/rewards/ledger/export/")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("发放时间", "受理编号", "区域", "金额（元）", "发放方式", "凭证号")
    assert rows[1][1:6] == (report.code, "兴隆台区", 1000, "微信", "WX20240304001")
    # masked unless the clear values are asked for (and that export is logged)
    assert rows[1][9] == "138****1234"
    response = client_as("office").get("/rewards/ledger/export/?personal=1")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert list(sheet.iter_rows(values_only=True))[1][9] == PHONE

    # the reporter was told by text message, through the development gateway
    texts = list(SmsMessage.objects.filter(report=report).values_list("text", "status", "phone"))
    assert (
        f"您的消防隐患举报（编号 {report.code}）经核实属实，奖励 1000.00 元已通过微信发放。感谢您的举报！",
        SmsStatus.RECORDED,
        PHONE,
    ) in texts
    assert "奖励已发放，办结" in public_status(report.code)
    detail = client_as("xinglongtai").get(f"/rewards/{report.pk}/").content.decode()
    assert 'id="xa-reward-sms"' in detail and "已通过微信发放" in detail
    assert (
        'id="xa-reward-sms"'
        not in client_as("leader").get(f"/rewards/{report.pk}/").content.decode()
    )
    # the ledger's export masks the phone for roles that do not handle rewards
    masked = client_as("leader").get("/rewards/ledger/export/")
    rows = list(
        load_workbook(io.BytesIO(b"".join(masked.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert rows[1][9] == "138****1234"

    api = client_as("office").get("/api/reward-payouts").json()
    assert api["count"] == 1 and api["items"][0]["reference"] == "WX20240304001"


def test_paying_needs_a_reference(make_report, rules):
    report = approved_report(make_report)
    with pytest.raises(XiaoanError, match="请填写发放凭证号"):
        services.do_pay_reward(report, acting_user=staff("office"), method="bank", reference=" ")
    assert not RewardPayout.objects.exists()


def test_verdicts_false_and_duplicate_finish_the_report_and_tell_the_reporter(
    make_report, django_capture_on_commit_callbacks
):
    original = make_report()
    copy = make_report()
    with django_capture_on_commit_callbacks(execute=True):
        dup = services.do_verify_report(
            copy,
            acting_user=staff("office"),
            verdict=Verdict.DUPLICATE,
            duplicate_of=original,
            note="与此前举报为同一处",
        )
    assert dup.state == ReportState.DUPLICATE
    assert SmsMessage.objects.get(report=copy).text.startswith(
        f"您的消防隐患举报（编号 {copy.code}）经核实为重复举报"
    )
    with pytest.raises(XiaoanError, match="晚于本举报"):
        services.do_verify_report(
            original,
            acting_user=staff("office"),
            verdict=Verdict.DUPLICATE,
            duplicate_of=copy,
            note="x",
        )
    with pytest.raises(XiaoanError, match="请写明核实情况"):
        services.do_verify_report(original, acting_user=staff("office"), verdict=Verdict.FALSE)


def test_no_text_without_a_phone(make_report, django_capture_on_commit_callbacks):
    report = make_report(phone="")
    with django_capture_on_commit_callbacks(execute=True):
        services.do_verify_report(
            report, acting_user=staff("office"), verdict=Verdict.FALSE, note="不属实"
        )
    assert not SmsMessage.objects.exists()


class BrokenGateway:
    name = "broken"

    def send(self, phone, text):
        raise OSError("connection refused")


def test_a_gateway_failure_is_recorded_and_the_decision_stands(
    make_report, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(sms.notifier, "gateway", BrokenGateway())
    report = make_report()
    with django_capture_on_commit_callbacks(execute=True):
        services.do_verify_report(
            report, acting_user=staff("office"), verdict=Verdict.FALSE, note="不属实"
        )
    message = SmsMessage.objects.get(report=report)
    assert (message.status, message.gateway) == (SmsStatus.FAILED, "broken")
    assert "connection refused" in message.error
    report.refresh_from_db()
    assert report.state == ReportState.REJECTED


def test_http_gateway_posts_the_message(settings):
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(
                (
                    self.headers["Authorization"],
                    json.loads(self.rfile.read(int(self.headers["Content-Length"]))),
                )
            )
            body = (
                b'{"code": 0}' if len(received) == 1 else b'{"code": 40001, "message": "bad sign"}'
            )
            self.send_response(200)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings.XIAOAN_SMS_GATEWAY = "http"
        settings.XIAOAN_SMS_URL = f"http://127.0.0.1:{server.server_port}/send"
        settings.XIAOAN_SMS_API_KEY = "k1"
        gateway = sms.configured_gateway()
        assert gateway.send(PHONE, "您的举报已办结") == SmsStatus.SENT
        assert received[0] == (
            "Bearer k1",
            {"phone": PHONE, "sign": "盘锦消防", "content": "您的举报已办结"},
        )
        with pytest.raises(RuntimeError, match="code=40001"):
            gateway.send(PHONE, "第二条")
    finally:
        server.shutdown()


def test_verifying_can_record_the_hazard_through_the_hazard_desk(
    make_report, client_as, rules, area
):
    report = make_report()
    place = do_register_place(
        acting_user=staff("xinglongtai"),
        name="惠宾小区5号楼",
        address="兴隆台区惠宾小区5号楼",
        area=area("惠宾社区"),
        kind=PlaceKind.HIGH_RISE,
    )
    response = client_as("xinglongtai").post(
        f"/rewards/{report.pk}/verify/",
        {
            "verdict": "true",
            "note": "现场属实",
            "place": place.pk,
            "category": HazardCategory.CLUTTER,
            "severity": "ordinary",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    hazard = Hazard.objects.get(pk=report.hazard_id)
    assert (hazard.place, hazard.category, hazard.found_by.username) == (
        place,
        HazardCategory.CLUTTER,
        "xinglongtai",
    )
    assert hazard.inspection.notes.startswith(f"核查有奖举报 {report.code}")

    page = client_as("xinglongtai").get(f"/rewards/{report.pk}/").content.decode()
    assert "属实" in page and f"#{hazard.pk}" in page
    assert "兴隆台大队" in page  # the history names who verified
    client_as("xinglongtai").post(f"/rewards/{report.pk}/decide/")
    report.refresh_from_db()
    assert report.amount == Decimal("200.00")


def test_a_bad_verify_form_is_a_message_not_an_error(make_report, client_as):
    report = make_report()
    client = client_as("xinglongtai")
    response = client.post(
        f"/rewards/{report.pk}/verify/",
        {"verdict": "true", "place": 999999, "category": "clutter"},
        follow=True,
    )
    assert response.status_code == 404  # a place the user cannot see does not exist
    response = client.post(f"/rewards/{report.pk}/verify/", {"verdict": "maybe"}, follow=True)
    assert "核实信息填写有误" in response.content.decode()
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_rules_page_edits_with_version_and_history(rules, client_as):
    rule = rules[Severity.MAJOR]
    office = client_as("office")
    office.post(
        "/rewards/rules/save/",
        {"rule": rule.pk, "version": rule.version, "amount": "1500", "note": "2024年标准"},
    )
    stale = office.post(
        "/rewards/rules/save/",
        {"rule": rule.pk, "version": rule.version, "amount": "9", "note": ""},
        follow=True,
    )
    assert "已被他人修改" in stale.content.decode()
    rule.refresh_from_db()
    assert rule.amount == Decimal("1500.00")
    bad = office.post(
        "/rewards/rules/save/",
        {"rule": rule.pk, "version": rule.version, "amount": "一千"},
        follow=True,
    )
    assert "奖励金额“一千”不是数字" in bad.content.decode()
    refused = client_as("xinglongtai").post(
        "/rewards/rules/save/",
        {"rule": rule.pk, "version": rule.version, "amount": "1"},
        follow=True,
    )
    assert "您的角色无权执行此操作" in refused.content.decode()
    page = office.get("/rewards/rules/").content.decode()
    assert "1500.00" in page and "支队办公室" in page
