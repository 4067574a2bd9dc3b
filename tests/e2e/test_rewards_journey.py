"""有奖举报 in the browser: a member of the public reports a hazard with a photo on a
phone, without signing in, gets a ticket code and checks the status; the brigade finds
the report untrue, and the reporter sees the outcome and answers the satisfaction question."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, expect

from tests.e2e.conftest import Traffic
from tests.e2e.test_directives_journey import pinned_day, tiny_png  # noqa: F401 (autouse)
from tests.e2e.test_journeys import PHONE, no_horizontal_overflow, sign_in
from xiaoan.rewards.models import RewardReport, SmsMessage

pytestmark = pytest.mark.e2e

PHONE_375 = {**PHONE, "viewport": {"width": 375, "height": 740}}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


def test_public_report_on_a_phone_code_and_status(
    new_context: Callable[..., BrowserContext], traffic: Traffic, tmp_path: Path
) -> None:
    photo = tiny_png(tmp_path / "楼道电动车.png")

    # 群众: no sign-in, a small phone
    public = new_context(**PHONE_375).new_page()
    public.goto("/report")
    expect(public.get_by_role("heading", name="有奖举报火灾隐患")).to_be_visible()
    no_horizontal_overflow(public)
    public.get_by_label("隐患情况").fill("惠宾小区5号楼一单元楼道停放电动车3辆，晚上有人充电")
    public.get_by_label("详细地址").fill("兴隆台区惠宾小区5号楼一单元")
    public.get_by_label("所在区县或街道（可不选）").select_option(label="兴隆台区")
    public.get_by_label("现场照片（1—6 张）").set_input_files(photo)
    public.get_by_label("联系电话（可不填，用于告知结果和发放奖励）").fill("13812341234")
    # submitting without consent is refused with a message, and nothing is lost but the photo
    public.get_by_role("button", name="提交举报").tap()
    expect(public.locator("#xa-report-error")).to_contain_text("请阅读并勾选同意告知事项")
    expect(public.get_by_label("隐患情况")).to_have_value(re.compile("惠宾小区5号楼"))
    public.get_by_label("现场照片（1—6 张）").set_input_files(photo)
    public.locator("#xa-report-consent").check()
    public.get_by_role("button", name="提交举报").tap()

    expect(public.get_by_role("heading", name="举报已受理")).to_be_visible()
    code = public.locator("#xa-ticket-code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{10}", code), code
    no_horizontal_overflow(public)

    public.get_by_role("link", name="查询办理进度").tap()
    public.get_by_label("受理编号").fill(code.lower())
    public.get_by_role("button", name="查询").tap()
    expect(public.locator("#xa-status-label")).to_have_text("已受理，正在核实")
    expect(public.locator("#xa-satisfaction-form")).to_have_count(0)
    no_horizontal_overflow(public)

    # 兴隆台大队 finds it untrue on site
    report = RewardReport.objects.get(code=code)
    brigade = new_context(**DESKTOP).new_page()
    sign_in(brigade, "xinglongtai")
    brigade.goto(f"/rewards/{report.pk}/")
    # the phone is masked until the brigade asks to see it (the reveal is logged)
    expect(brigade.locator("#xa-reward-phone")).to_contain_text("138****1234")
    expect(brigade.locator("#xa-reward-phone")).not_to_contain_text("13812341234")
    brigade.locator("#xa-reward-phone").get_by_role("button", name="查看").click()
    expect(brigade.locator("#xa-reward-phone")).to_contain_text("13812341234")
    expect(brigade.locator("#xa-reward-phone")).to_contain_text("已记录本次查看")
    expect(brigade.locator("#xa-reward-photos")).to_contain_text("楼道电动车.png")
    form = brigade.locator("#xa-reward-actions form").first
    form.get_by_label("核实结论").select_option(label="不属实")
    form.get_by_label("核实情况（不属实或重复时必填，将告知举报人）").fill(
        "现场检查，电动车已移至室外车棚"
    )
    form.get_by_role("button", name="保存核实结论").click()
    expect(brigade.locator("#xa-reward-state")).to_have_text("经核实不属实")

    # the reporter checks again, sees the outcome and answers once
    public.get_by_label("受理编号").fill(code)
    public.get_by_role("button", name="查询").tap()
    expect(public.locator("#xa-status-label")).to_have_text("经核实不属实，办结")
    expect(public.locator("#xa-status-outcome")).to_contain_text("电动车已移至室外车棚")
    public.get_by_label("基本满意").check()
    public.get_by_role("button", name="提交评价").tap()
    expect(public.locator("#xa-status-satisfaction")).to_have_text("基本满意")
    expect(public.locator("#xa-satisfaction-form")).to_have_count(0)

    assert SmsMessage.objects.filter(report=report, text__contains="经核实不属实").exists()
    assert not traffic.page_errors
