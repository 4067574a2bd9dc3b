"""The supervision desk (督办台) in the browser: from a meeting's item to a verified task.

Every journey runs against the live server with the demo city and its seed month
(`load_demo`), the clock pinned to the seed's day, 4 March 2024, through the
`settings` fixture: the live server runs in this process, so it reads the same
settings (the Makefile's e2e target leaves XIAOAN_TODAY empty).
"""

from __future__ import annotations

import datetime as dt
import re
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.e2e.test_journeys import PHONE, go, main, menu, no_horizontal_overflow, path_is, sign_in
from xiaoan.areas.models import Organisation, User
from xiaoan.demo.directives import on_day
from xiaoan.directives import queries, services
from xiaoan.directives.models import Campaign, Task

pytestmark = pytest.mark.e2e

DAY = "2024-03-04"
TODAY = dt.date.fromisoformat(DAY)
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PINNED_BANNER = "演示模式：系统日期固定为 2024年3月4日"

XINGLONGTAI = "兴隆台区消防救援大队"
SHUANGTAIZI = "双台子区消防救援大队"
DISPATCH_MEETING = "消防安全“除患攻坚”工作调度暨全市住宅小区消防安全综合治理动员部署会议"
CARPET = "开展辖区住宅小区全覆盖、地毯式排查"
CAMPAIGN = "全市消防安全集中除患攻坚大整治"


@pytest.fixture(autouse=True)
def pinned_day(settings: Any) -> None:
    """The seed's day, for the test and for the live server (same process)."""
    settings.XIAOAN_TODAY = DAY


def task_url() -> re.Pattern[str]:
    return re.compile(r"^https?://[^/]+/tasks/(\d+)/$")


def status(page: Page) -> Locator:
    return page.locator("#xa-task-status")


def alert(page: Page) -> Locator:
    return main(page).get_by_role("alert")


def open_inbox(page: Page) -> None:
    menu(page).get_by_role("link", name=re.compile(r"^通知")).click()
    expect(page).to_have_url(path_is("/inbox/"))
    expect(page.get_by_role("heading", name="通知", exact=True)).to_be_visible()


def notification(page: Page, title: str) -> Locator:
    return page.locator("#xa-notifications > li").filter(has=page.get_by_text(title, exact=True))


def tiny_png(path: Path) -> Path:
    """A real 2×2 red PNG (signature, IHDR, IDAT, IEND), checked by content on upload."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xd0\x21\x2a" * 2 for _ in range(2))
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return path


def post_transition(page: Page, action: str, url: str | None = None) -> None:
    """Posts a task transition from the page, with its CSRF token, as a crafted
    request would: to this task (the page's own address) unless `url` says otherwise."""
    page.evaluate(
        """([action, url]) => {
            const form = document.createElement('form');
            form.method = 'post';
            form.action = url || location.pathname + 'transition/';
            const token = document.querySelector('input[name=csrfmiddlewaretoken]').value;
            for (const [name, value] of [['csrfmiddlewaretoken', token], ['action', action]]) {
                const input = document.createElement('input');
                input.type = 'hidden';
                input.name = name;
                input.value = value;
                form.appendChild(input);
            }
            document.body.appendChild(form);
            form.submit();
        }""",
        [action, url],
    )


def make_overdue_task(title: str, lead: str) -> Task:
    """A task the detachment assigned on 26 February, due 1 March, never started."""
    with on_day("2024-02-26"):
        return services.do_create_task(
            acting_user=User.objects.get(username="office"),
            title=title,
            lead_organisation=Organisation.objects.get(name=lead),
            deadline=dt.date(2024, 3, 1),
        )


def test_meeting_item_becomes_a_task_reported_and_verified(
    new_context: Callable[..., BrowserContext], tmp_path: Path
) -> None:
    item_text = "组织专业人员带队检查。"
    photo = tiny_png(tmp_path / "现场检查照片.png")

    # 支队办公室: 会议与文件 → the 3月1日 dispatching meeting → 转为任务 on item 2.
    office = new_context(**DESKTOP).new_page()
    sign_in(office, "office")
    expect(office.get_by_text(PINNED_BANNER)).to_be_visible()
    go(office, "会议与文件")
    expect(office).to_have_url(path_is("/meetings/"))
    office.locator("#xa-meetings").get_by_role("link", name=f"3月1日 {DISPATCH_MEETING}").click()
    expect(office.get_by_role("heading", name=DISPATCH_MEETING)).to_be_visible()
    expect(main(office)).to_contain_text("2024年3月1日 · 市级")
    items = office.locator("#xa-items > li")
    expect(items).to_have_count(7)
    item = items.nth(1)
    expect(item).to_contain_text(item_text)
    expect(item).not_to_contain_text("任务：")
    meeting_url = office.url
    item.get_by_role("link", name="转为任务").click()

    # The form carries the item's text; the office picks the brigade, a deadline, a target.
    expect(office.get_by_role("heading", name="交办任务")).to_be_visible()
    expect(main(office).locator(".alert-secondary")).to_contain_text(f"第2项：{item_text}")
    expect(office.get_by_label("任务", exact=True)).to_have_value(item_text)
    office.get_by_label("牵头单位").select_option(label=XINGLONGTAI)
    office.get_by_label("期限").fill("2024-03-15")
    office.get_by_label("量化目标").fill("住宅小区 20 个")
    office.get_by_role("button", name="交办").click()

    expect(office).to_have_url(task_url())
    task_address = office.url
    expect(alert(office)).to_contain_text(f"已交办任务“{item_text}”，牵头单位已收到通知。")
    expect(office.get_by_role("heading", name=item_text)).to_be_visible()
    expect(status(office)).to_have_text("待办")
    details = main(office).locator("dl")
    expect(details).to_contain_text(XINGLONGTAI)
    expect(details).to_contain_text("盘锦市消防救援支队")
    expect(details).to_contain_text("2024年3月15日")
    expect(details.get_by_role("link", name=f"{DISPATCH_MEETING} 第2项")).to_be_visible()
    expect(office.locator("#xa-targets")).to_contain_text("0 / 20 个")

    # 兴隆台大队, in its own browser: the new task is in 通知.
    brigade = new_context(**DESKTOP).new_page()
    sign_in(brigade, "xinglongtai")
    expect(brigade.locator("#xa-unread")).to_be_visible()
    open_inbox(brigade)
    new_task = notification(brigade, f"新任务：{item_text}")
    expect(new_task).to_have_count(1)
    expect(new_task).to_contain_text("交办单位：盘锦市消防救援支队；期限：2024-03-15")
    new_task.get_by_role("button", name="查看").click()
    expect(brigade).to_have_url(task_address)
    expect(brigade.get_by_role("heading", name=item_text)).to_be_visible()
    expect(brigade.get_by_role("button", name="核验销号")).to_have_count(0)

    # It reports progress: words, 8 of 20 residential compounds, a photo.
    form = brigade.locator("#xa-progress-form")
    expect(form.get_by_label("日期")).to_have_value(DAY)
    form.get_by_label("进展", exact=True).fill(
        "已组织专业人员带队检查兴隆街道住宅小区8个，排查人清单已签字。"
    )
    form.get_by_label("住宅小区累计完成（个，目标 20）", exact=True).fill("8")
    form.get_by_label("照片或材料").set_input_files(photo)
    form.get_by_role("button", name="提交进展").click()

    expect(brigade).to_have_url(task_address)
    expect(alert(brigade)).to_have_text("已报告进展。")
    expect(status(brigade)).to_have_text("办理中")
    targets = brigade.locator("#xa-targets")
    expect(targets).to_contain_text("8 / 20 个")
    bar = targets.get_by_role("progressbar")
    expect(bar).to_have_attribute("aria-valuenow", "40")
    expect(bar).to_have_text("40%")
    expect(main(brigade)).to_contain_text("量化目标 · 完成 40%")
    timeline = brigade.locator("#xa-timeline")
    report = timeline.locator("li").filter(has_text=f"进展报告（{XINGLONGTAI}）")
    expect(report).to_have_count(1)
    expect(report).to_contain_text("排查人清单已签字")
    expect(report).to_contain_text("住宅小区累计完成 8个")
    photo_link = report.get_by_role("link", name="📎 现场检查照片.png")
    expect(photo_link).to_be_visible()
    download = brigade.request.get(photo_link.get_attribute("href") or "")
    assert download.status == 200 and download.body() == photo.read_bytes()

    # 报完成: done, waiting for the office; the brigade cannot verify its own task.
    actions = brigade.locator("#xa-task-actions")
    expect(actions.get_by_role("button", name="核验销号")).to_have_count(0)
    actions.get_by_role("button", name="报完成").click()
    # 8 of 20: allowed, but the brigade is told the target is not met, and the page says so
    expect(alert(brigade)).to_have_text(
        ["已报完成。", "注意：量化目标尚未完成（住宅小区 8/20 个）。"]
    )
    expect(brigade.locator("#xa-target-warning")).to_contain_text("住宅小区 8/20 个")
    expect(main(brigade)).to_contain_text("量化目标 · 完成 40%")
    expect(status(brigade)).to_have_text("已完成（待核验）")
    expect(actions.get_by_role("button")).to_have_count(0)
    expect(brigade.get_by_role("button", name="核验销号")).to_have_count(0)

    # 支队办公室 is told, opens the task, verifies it: 已销号.
    open_inbox(office)
    done = notification(office, f"任务报完成，待核验：{item_text}")
    expect(done).to_contain_text(f"牵头单位：{XINGLONGTAI}")
    done.get_by_role("button", name="查看").click()
    expect(office).to_have_url(task_address)
    expect(status(office)).to_have_text("已完成（待核验）")
    office.locator("#xa-task-actions").get_by_role("button", name="核验销号").click()
    expect(alert(office)).to_have_text(
        ["已核验销号。", "注意：量化目标尚未完成（住宅小区 8/20 个）。"]
    )
    expect(status(office)).to_have_text("已销号")
    expect(office.locator("#xa-task-actions").get_by_role("button", name="核验销号")).to_have_count(
        0
    )
    expect(office.locator("#xa-chase-form")).to_have_count(0)

    # The meeting's item now links to its closed task.
    office.locator("dl").get_by_role("link", name=f"{DISPATCH_MEETING} 第2项").click()
    expect(office).to_have_url(meeting_url)
    expect(items.nth(1).get_by_role("link", name=f"任务：{item_text}（已销号）")).to_be_visible()

    # And the brigade hears that it was closed.
    open_inbox(brigade)
    expect(notification(brigade, f"任务核验销号：{item_text}")).to_have_count(1)


def test_brigade_sees_only_its_own_tasks_and_cannot_skip_verification(page: Page) -> None:
    own = make_overdue_task("核查兴隆街道沿街门店电动自行车违规充电隐患", XINGLONGTAI)
    neighbours = make_overdue_task("核查胜利街道沿街门店电动自行车违规充电隐患", SHUANGTAIZI)
    brigade = User.objects.get(username="xinglongtai")
    expected_overdue = set(
        Task.objects.restrict(brigade)
        .filter(queries.overdue_filter(TODAY))
        .values_list("title", flat=True)
    )
    assert expected_overdue == {own.title}

    sign_in(page, "xinglongtai")

    # A 双台子区 task, typed into the address bar: it does not exist for 兴隆台.
    response = page.goto(f"/tasks/{neighbours.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="记录不存在或无权访问")).to_be_visible()
    expect(main(page)).not_to_contain_text(neighbours.title)

    # 督办任务: my area's tasks only, and one of them overdue.
    page.goto("/")
    go(page, "督办任务")
    expect(page).to_have_url(path_is("/tasks/"))
    table = page.locator("#xa-task-table")
    expect(table.get_by_role("link", name=CARPET)).to_be_visible()
    expect(table).not_to_contain_text(SHUANGTAIZI)
    expect(table).not_to_contain_text(neighbours.title)
    expect(page.locator("#xa-overdue-link")).to_have_text("逾期任务 1 项")

    # The 逾期 filter: only the overdue task of my area, marked in red.
    page.get_by_label("逾期", exact=True).check()
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"[?&]overdue=true(&|$)"))
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(len(expected_overdue))
    row = rows.filter(has=page.get_by_role("link", name=own.title, exact=True))
    expect(row).to_have_count(1)
    expect(row).to_have_class(re.compile(r"\btable-danger\b"))
    badge = row.locator(".badge.text-bg-danger")
    expect(badge).to_have_text("逾期")
    assert badge.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(220, 53, 69)"
    expect(row).to_contain_text(XINGLONGTAI)
    expect(row).to_contain_text("2024-03-01")
    for other in ("双台子", "盘山", CARPET):
        expect(table).not_to_contain_text(other)

    # The overdue task: the brigade may start it or report it done, never verify it.
    row.get_by_role("link", name=own.title).click()
    task_address = page.url
    expect(status(page)).to_have_text("待办")
    expect(main(page).locator("dl")).to_contain_text("已逾期")
    actions = page.locator("#xa-task-actions")
    expect(actions.get_by_role("button", name="开始办理")).to_be_visible()
    expect(actions.get_by_role("button", name="报完成")).to_be_visible()
    expect(actions.get_by_role("button", name="核验销号")).to_have_count(0)

    # A crafted 核验销号 on a task not yet reported done is refused, in words.
    post_transition(page, "verify")
    expect(page).to_have_url(task_address)
    expect(alert(page)).to_have_text("任务尚未报完成，不能销号。")
    expect(status(page)).to_have_text("待办")

    # Reported done, it still cannot close it itself: that is the office's check.
    actions.get_by_role("button", name="报完成").click()
    expect(alert(page)).to_have_text("已报完成。")
    expect(status(page)).to_have_text("已完成（待核验）")
    expect(actions.get_by_role("button")).to_have_count(0)
    post_transition(page, "verify")
    expect(page).to_have_url(task_address)
    expect(alert(page)).to_have_text("不能核验本单位承办的任务：须由交办单位对账销号。")
    expect(status(page)).to_have_text("已完成（待核验）")
    own.refresh_from_db()
    assert own.status == "done"

    # A crafted transition on the neighbour's task finds nothing either.
    response_status: list[int] = []
    page.on(
        "response", lambda r: response_status.append(r.status) if "/transition/" in r.url else None
    )
    post_transition(page, "complete", f"/tasks/{neighbours.pk}/transition/")
    expect(page.get_by_role("heading", name="记录不存在或无权访问")).to_be_visible()
    assert response_status == [404]
    neighbours.refresh_from_db()
    assert neighbours.status == "open"


def test_follow_up_instruction_is_indented_under_the_one_it_follows(page: Page) -> None:
    sign_in(page, "office")
    go(page, "批示")
    expect(page).to_have_url(path_is("/instructions/"))
    expect(page.get_by_role("heading", name="领导批示")).to_be_visible()

    tree = page.locator("#xa-instruction-tree > li")
    expect(tree).to_have_count(4)
    parent = tree.filter(has=page.get_by_role("link", name="2月25日 炳森书记", exact=True))
    follow_up = tree.filter(has=page.get_by_role("link", name="2月26日 占明副市长", exact=True))
    other = tree.filter(has=page.get_by_role("link", name="2月27日 占明副市长", exact=True))
    # in date order, the follow-up right under what it follows
    order = [t.split("\n")[0] for t in tree.all_inner_texts()]
    at = next(i for i, text in enumerate(order) if "2月25日 炳森书记" in text)
    assert "2月26日 占明副市长" in order[at + 1], order
    expect(parent).to_have_class(re.compile(r"\bxa-depth-0\b"))
    expect(parent).not_to_contain_text("└")
    expect(follow_up).to_have_class(re.compile(r"\bxa-depth-1\b"))
    expect(follow_up).to_contain_text("└")
    expect(follow_up.locator(".badge").first).to_have_text("跟批")
    # 占明's own instruction of 2/27 follows nothing: not indented.
    expect(other).to_have_class(re.compile(r"\bxa-depth-0\b"))
    expect(other.locator(".badge").first).to_have_text("批示")
    boxes = [row.get_by_role("link").bounding_box() for row in (parent, follow_up, other)]
    assert all(boxes), boxes
    parent_x, follow_x, other_x = (box["x"] for box in boxes if box)
    assert follow_x > parent_x + 8, (parent_x, follow_x)
    assert abs(other_x - parent_x) < 1, (parent_x, other_x)

    # The follow-up: its words, what it follows, and the chain with itself in bold.
    follow_up.get_by_role("link").click()
    expect(
        page.get_by_role("heading", name=re.compile(r"^2024年2月26日 占明副市长跟批"))
    ).to_be_visible()
    expect(main(page).locator("blockquote")).to_contain_text(
        "请希锋同志阅，并认真按照炳森书记指示要求抓好落实"
    )
    expect(main(page).locator("dl")).to_contain_text("希锋")
    expect(
        main(page).locator("dl").get_by_role("link", name="2月25日 炳森书记批示")
    ).to_be_visible()
    expect(page.get_by_text("批示链", exact=True)).to_be_visible()
    chain = page.locator("#xa-chain > li")
    expect(chain).to_have_count(2)
    expect(chain.nth(0).get_by_role("link", name="2月25日 炳森书记批示")).to_be_visible()
    expect(chain.nth(1)).to_have_text("└ 2月26日 占明副市长跟批")
    expect(chain.nth(1).locator("strong")).to_have_text("2月26日 占明副市长跟批")
    expect(chain.nth(1).get_by_role("link")).to_have_count(0)
    first_text = chain.nth(0).get_by_role("link").bounding_box()
    second_text = chain.nth(1).locator("strong").bounding_box()
    assert first_text and second_text
    assert second_text["x"] > first_text["x"] + 8, (first_text, second_text)
    # the task it gave rise to
    expect(main(page).locator("#xa-task-table")).to_contain_text(
        "对标炳森书记批示查找问题，将居民住宅与九小场所一并作为除患攻坚防范重点"
    )

    # Up the chain: 炳森书记's instruction shows the same chain, itself in bold.
    chain.nth(0).get_by_role("link").click()
    expect(
        page.get_by_role("heading", name=re.compile(r"^2024年2月25日 炳森书记批示"))
    ).to_be_visible()
    expect(main(page).locator("dl")).not_to_contain_text("所跟批示")
    chain = page.locator("#xa-chain > li")
    expect(chain).to_have_count(2)
    expect(chain.nth(0).locator("strong")).to_have_text("2月25日 炳森书记批示")
    expect(chain.nth(1).get_by_role("link", name="2月26日 占明副市长跟批")).to_be_visible()


def test_campaign_shows_its_phases_and_the_days_left(page: Page) -> None:
    campaign = Campaign.objects.get(name=CAMPAIGN)
    phases = list(campaign.phases.order_by("number"))
    current = next(p for p in phases if p.start <= TODAY <= p.end)
    days_left = (current.end - TODAY).days
    assert (current.name, days_left) == ("集中攻坚", 16)  # the seed: 2月26日—3月20日

    sign_in(page, "xinglongtai")
    go(page, "专项行动")
    expect(page).to_have_url(path_is("/campaigns/"))
    card = page.locator("#xa-campaigns section").filter(
        has=page.get_by_role("link", name=CAMPAIGN, exact=True)
    )
    expect(card).to_contain_text(
        f"当前：{current.name}（至 {current.end.month}月{current.end.day}日，剩 {days_left} 天）"
    )
    card.get_by_role("link", name=CAMPAIGN, exact=True).click()

    expect(page.get_by_role("heading", name=CAMPAIGN, exact=True)).to_be_visible()
    expect(main(page)).to_contain_text("2024年2月1日 — 2024年3月31日")
    items = page.locator("#xa-phases > li")
    expect(items).to_have_count(len(phases))
    for index, phase in enumerate(phases):
        item = items.nth(index)
        expect(item).to_contain_text(
            f"{phase.name}：{phase.start.month}月{phase.start.day}日—{phase.end.month}月{phase.end.day}日"
        )
        if phase == current:
            expect(item).to_contain_text(f"当前阶段，剩 {days_left} 天")
            expect(item).to_have_class(re.compile(r"\bfw-bold\b"))
        else:
            expect(item).not_to_contain_text("当前阶段")
            expect(item).not_to_have_class(re.compile(r"\bfw-bold\b"))

    # The timeline: the current phase in red, today's mark inside it.
    timeline = page.locator("#xa-phase-timeline")
    bars = timeline.locator("[title]:not([title='今天'])")
    expect(bars).to_have_count(len(phases))
    for phase in phases:
        bar = timeline.locator(f"[title='{phase.name}']")
        expect(bar).to_have_text(phase.name)
        if phase == current:
            expect(bar).to_have_class(re.compile(r"\bbg-danger\b"))
        else:
            expect(bar).not_to_have_class(re.compile(r"\bbg-danger\b"))
    today_box = timeline.locator("[title='今天']").bounding_box()
    current_box = timeline.locator(f"[title='{current.name}']").bounding_box()
    assert today_box and current_box
    assert current_box["x"] <= today_box["x"] <= current_box["x"] + current_box["width"]

    # The brigade's activity in this campaign is listed.
    expect(page.locator("#xa-activities")).to_contain_text("“小手拉大手”消防安全进校园")


def test_office_chases_the_lead_brigade(new_context: Callable[..., BrowserContext]) -> None:
    note = "请于3月8日前报送排查清单签字扫描件。"
    office = new_context(**DESKTOP).new_page()
    sign_in(office, "office")
    go(office, "督办任务")
    office.get_by_label("牵头单位").select_option(label=XINGLONGTAI)
    office.get_by_role("button", name="筛选").click()
    expect(office).to_have_url(re.compile(r"[?&]lead=\d+(&|$)"))
    table = office.locator("#xa-task-table")
    rows = table.locator("tbody tr")
    led = Task.objects.filter(lead_organisation__name=XINGLONGTAI).count()
    expect(rows).to_have_count(led)
    for lead in rows.locator("td:nth-child(2)").all_inner_texts():
        assert lead == XINGLONGTAI, lead
    table.get_by_role("link", name=CARPET, exact=True).click()
    expect(office.get_by_role("heading", name=CARPET)).to_be_visible()
    expect(status(office)).to_have_text("办理中")
    expect(main(office).locator("dl")).to_contain_text(XINGLONGTAI)
    task_address = office.url

    chase = office.locator("#xa-chase-form")
    chase.get_by_label("方式").select_option(label="系统通知")
    chase.get_by_label("督办内容").fill(note)
    chase.get_by_role("button", name="督办牵头单位").click()
    expect(alert(office)).to_have_text(f"已督办 {XINGLONGTAI}，对方已收到通知。")
    entry = office.locator("#xa-timeline li").filter(has_text=f"督办 {XINGLONGTAI}（系统通知）")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(note)
    expect(entry).to_contain_text("支队办公室")

    # The brigade: an unread 督办 in 通知, which leads to the task.
    brigade = new_context(**DESKTOP).new_page()
    sign_in(brigade, "xinglongtai")
    open_inbox(brigade)
    chased = notification(brigade, f"督办：{CARPET}")
    expect(chased).to_have_count(1)
    expect(chased).to_contain_text(note)
    expect(chased).to_have_class(re.compile(r"\blist-group-item-warning\b"))
    chased.get_by_role("button", name="查看").click()
    expect(brigade).to_have_url(task_address)
    expect(brigade.locator("#xa-timeline")).to_contain_text(note)
    expect(brigade.locator("#xa-chase-form")).to_have_count(0)
    # opened, it is read
    open_inbox(brigade)
    expect(notification(brigade, f"督办：{CARPET}")).not_to_have_class(
        re.compile(r"\blist-group-item-warning\b")
    )


def test_brigade_reports_progress_on_a_phone(new_context: Callable[..., BrowserContext]) -> None:
    text = "3月4日再排查兴隆街道住宅小区5个，发现隐患7处，当场整改5处。"
    page = new_context(**PHONE).new_page()
    sign_in(page, "xinglongtai")
    expect(page.get_by_text(PINNED_BANNER)).to_be_visible()
    no_horizontal_overflow(page)

    toggler = page.get_by_role("button", name="展开菜单")
    toggler.tap()
    menu(page).get_by_role("link", name="督办任务", exact=True).tap()
    expect(page).to_have_url(path_is("/tasks/"))
    expect(page.get_by_role("heading", name="督办任务")).to_be_visible()
    no_horizontal_overflow(page)

    link = page.locator("#xa-task-table").get_by_role("link", name=CARPET, exact=True)
    link.scroll_into_view_if_needed()
    link.tap()
    expect(page.get_by_role("heading", name=CARPET)).to_be_visible()
    no_horizontal_overflow(page)

    form = page.locator("#xa-progress-form")
    form.scroll_into_view_if_needed()
    box = form.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    expect(form.get_by_label("日期")).to_have_value(DAY)
    form.get_by_label("进展", exact=True).fill(text)
    form.get_by_role("button", name="提交进展").tap()

    expect(alert(page)).to_have_text("已报告进展。")
    report = page.locator("#xa-timeline li").filter(has_text=text)
    expect(report).to_have_count(1)
    expect(report).to_contain_text(f"进展报告（{XINGLONGTAI}）")
    expect(report).to_contain_text("2024-03-04")
    no_horizontal_overflow(page)
