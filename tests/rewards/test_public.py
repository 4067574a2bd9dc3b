"""The public side: report without login, ticket code, status, satisfaction, and
what is refused (bad photos, too many submissions, missing consent)."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from tests.rewards.conftest import png_file, staff
from xiaoan.core.models import Attachment, Notification
from xiaoan.rewards import services
from xiaoan.rewards.choices import ReportState, Verdict
from xiaoan.rewards.models import RewardReport, SubmissionAttempt

pytestmark = pytest.mark.django_db


def code_on(response) -> str:
    page = response.content.decode()
    start = page.index('id="xa-ticket-code">') + len('id="xa-ticket-code">')
    return page[start : page.index("<", start)]


def test_anyone_reports_without_login_and_gets_a_ticket_code(public_post):
    client = Client()
    form = client.get("/report")
    assert form.status_code == 200
    assert "有奖举报火灾隐患" in form.content.decode()
    assert "联系电话只用于告知办理结果" in form.content.decode()

    response = public_post(
        client, phone="13812341234", photos=[png_file("a.png"), png_file("b.png")]
    )
    assert response.status_code == 302 and response["Location"] == "/report/done"
    done = client.get("/report/done")
    code = code_on(done)
    assert len(code) == 10 and set(code) <= set(services.CODE_ALPHABET)
    assert not set(code) & set("01OIL")

    report = RewardReport.objects.get(code=code)
    assert report.state == ReportState.SUBMITTED
    assert report.area.name == "盘锦市"  # no area picked: the city, until the office moves it
    assert report.phone == "13812341234"
    assert (
        Attachment.objects.filter(target_id=report.pk, target_type__model="rewardreport").count()
        == 2
    )
    assert report.history.first().history_change_reason == "群众在线举报"


def test_new_report_is_announced_to_who_handles_rewards(
    public_post, area, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        public_post(area=area("兴隆台区").pk)
    told = set(
        Notification.objects.filter(kind="reward_report").values_list(
            "recipient__username", flat=True
        )
    )
    assert {"office", "xifeng", "xinglongtai", "admin"} <= told
    assert not told & {"shuangtaizi", "leader", "auditor"}


def test_missing_fields_are_named_in_one_chinese_message(public_post):
    response = public_post(description="", address="", consent=None, photos=None, phone="12345")
    assert response.status_code == 400
    page = response.content.decode()
    for words in (
        "请描述隐患情况",
        "请填写隐患所在地址",
        "11 位手机号码",
        "请阅读并勾选同意告知事项",
        "请至少上传 1 张现场照片",
    ):
        assert words in page
    assert not RewardReport.objects.exists()
    too_long = public_post(description="电" * 2001)
    assert "隐患情况最多 2000 字（现有 2001 字）" in too_long.content.decode()


def test_non_image_and_oversized_photos_are_refused_by_content(public_post, settings):
    pdf = io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")
    pdf.name = "photo.jpg"  # the name says photo; the content says PDF
    response = public_post(photos=[pdf])
    assert response.status_code == 400
    assert "文件“photo.jpg”不是图片" in response.content.decode()

    exe = io.BytesIO(b"MZ" + b"\x00" * 100)
    exe.name = "photo.png"
    response = public_post(photos=[exe])
    assert "Windows 可执行程序" in response.content.decode()

    settings.XIAOAN_REPORT_PHOTO_MAX_MB = 1
    big = io.BytesIO(png_file().getvalue() + b"\x00" * (1024 * 1024 + 10))
    big.name = "big.png"
    response = public_post(photos=[big])
    assert response.status_code == 400
    assert "照片“big.png”大小 1.0 MB，超过上限 1 MB" in response.content.decode()

    response = public_post(photos=[png_file(f"{i}.png") for i in range(7)])
    assert "最多上传 6 张照片（您选择了 7 张）" in response.content.decode()
    assert not RewardReport.objects.exists()


def test_rate_limit_per_client_per_hour(public_post):
    for _ in range(5):
        assert public_post(ip="10.1.1.1").status_code == 302
    refused = public_post(ip="10.1.1.1")
    assert refused.status_code == 429
    assert "同一网络每小时最多提交 5 次举报" in refused.content.decode()
    assert RewardReport.objects.count() == 5
    # another client is not held back
    assert public_post(ip="10.1.1.2").status_code == 302


def test_rate_limit_per_day(public_post, settings):
    settings.XIAOAN_REPORT_LIMIT_PER_HOUR = 100
    settings.XIAOAN_REPORT_LIMIT_PER_DAY = 3
    for _ in range(3):
        assert public_post(ip="10.2.2.2").status_code == 302
    refused = public_post(ip="10.2.2.2")
    assert refused.status_code == 429
    assert "同一网络每天最多提交 3 次举报" in refused.content.decode()


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(public_post, settings):
    settings.XIAOAN_REPORT_LIMIT_PER_HOUR = 1
    # an untrusted client cannot dodge the limit by inventing addresses
    assert public_post(ip="10.3.3.3", HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 302
    assert public_post(ip="10.3.3.3", HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 429
    # behind the trusted proxy, each real client is counted on its own
    settings.XIAOAN_TRUSTED_PROXIES = ["10.9.9.9"]
    assert public_post(ip="10.9.9.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 7.7.7.7").status_code == 302
    assert public_post(ip="10.9.9.9", HTTP_X_FORWARDED_FOR="8.8.8.8").status_code == 302
    assert public_post(ip="10.9.9.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 7.7.7.7").status_code == 429
    assert set(SubmissionAttempt.objects.values_list("client", flat=True)) == {
        "10.3.3.3",
        "7.7.7.7",
        "8.8.8.8",
    }


def test_the_form_needs_its_csrf_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/report", {"description": "楼道堆物严重", "address": "某地", "consent": "on"}
    )
    assert response.status_code == 403
    assert not RewardReport.objects.exists()


def status(client: Client, code: str) -> str:
    return client.post("/report/status", {"code": code}).content.decode()


def test_status_page_shows_only_this_report(make_report):
    mine = make_report(description="我举报的：小区消防通道被占用")
    other = make_report(description="别人举报的：地下室住人", phone="13900000000")
    client = Client()
    assert client.get("/report/status").status_code == 200
    page = status(client, mine.code.lower()[:5] + " " + mine.code.lower()[5:])
    assert "已受理，正在核实" in page
    assert mine.code in page
    for secret in (other.code, "地下室住人", "13900000000", "我举报的"):
        assert secret not in page

    wrong = status(client, "ABCDEFGHJK")
    assert "没有找到这个受理编号" in wrong
    assert 'id="xa-status"' not in wrong


def test_satisfaction_is_asked_once_when_closed(make_report):
    report = make_report()
    client = Client()
    assert 'id="xa-satisfaction-form"' not in status(client, report.code)
    early = client.post("/report/status/satisfaction", {"code": report.code, "answer": "satisfied"})
    assert "举报尚未办结，办结后才能评价" in early.content.decode()

    services.do_verify_report(
        report, acting_user=staff("office"), verdict=Verdict.FALSE, note="现场未发现堆物"
    )
    page = status(client, report.code)
    assert "经核实不属实，办结" in page
    assert "经核实不属实：现场未发现堆物" in page
    assert 'id="xa-satisfaction-form"' in page

    answered = client.post(
        "/report/status/satisfaction", {"code": report.code, "answer": "basic", "note": "处理较快"}
    ).content.decode()
    assert "感谢您的评价" in answered
    assert 'id="xa-satisfaction-form"' not in answered
    report.refresh_from_db()
    assert (report.satisfaction, report.satisfaction_note) == ("basic", "处理较快")

    again = client.post(
        "/report/status/satisfaction", {"code": report.code, "answer": "unsatisfied"}
    )
    assert "您已评价过" in again.content.decode()
    report.refresh_from_db()
    assert report.satisfaction == "basic"
    assert report.history.first().history_change_reason == "举报人评价"


def test_too_many_wrong_codes_stop_the_lookups(make_report, settings):
    settings.XIAOAN_REPORT_LOOKUP_FAILURES_PER_HOUR = 3
    report = make_report()
    client = Client(REMOTE_ADDR="10.4.4.4")
    for guess in ("AAAAAAAAAA", "BBBBBBBBBB", "CCCCCCCCCC"):
        assert "没有找到这个受理编号" in status(client, guess)
    refused = client.post("/report/status", {"code": report.code})
    assert refused.status_code == 429
    assert "一小时内输错受理编号已达 3 次" in refused.content.decode()
    assert 'id="xa-status"' not in refused.content.decode()
    # another client with the right code is not held back
    assert "已受理，正在核实" in status(Client(REMOTE_ADDR="10.4.4.5"), report.code)
