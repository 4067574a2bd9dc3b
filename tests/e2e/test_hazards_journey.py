"""Hazard elimination in the browser: found on a phone, fixed, verified and closed.

Every journey runs against the live server with the demo city, the clock pinned to
the seed's day, 4 March 2024 (the `pinned_day` autouse fixture of the supervision
desk's journeys, imported here). Each test registers the places it needs itself,
through the services, so that none depends on the demo's hazards.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.e2e.conftest import Traffic
from tests.e2e.test_directives_journey import pinned_day, tiny_png  # noqa: F401 (autouse)
from tests.e2e.test_journeys import PHONE, go, main, menu, no_horizontal_overflow, path_is, sign_in
from xiaoan.areas.models import Area, Organisation, User
from xiaoan.areas.services import do_create_user
from xiaoan.demo.city import DEMO_PASSWORD
from xiaoan.directives.models import Campaign
from xiaoan.hazards import services
from xiaoan.hazards.choices import HazardState, InspectionResult
from xiaoan.hazards.models import Hazard, Inspection
from xiaoan.places.choices import PlaceKind
from xiaoan.places.models import Place
from xiaoan.places.services import do_register_place

pytestmark = pytest.mark.e2e

#: a small phone: 375 × 740 CSS pixels, touch
PHONE_375 = {**PHONE, "viewport": {"width": 375, "height": 740}}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}

GRID_AREA = "惠宾社区第一网格"
PROPERTY_COMPANY = "盘锦惠宾物业服务有限公司"
XINGLONGTAI = "兴隆台区消防救援大队"
#: the campaign whose phase 自查自改 (3月1日—3月8日) is the latest current one on 4 March
HOUSING_CAMPAIGN = "全市住宅小区消防安全综合治理"


def register_place(name: str, address: str) -> Place:
    """A high-rise in the grid worker's grid, managed by 惠宾物业."""
    return do_register_place(
        acting_user=None,
        name=name,
        address=address,
        area=Area.objects.get(name=GRID_AREA),
        kind=PlaceKind.HIGH_RISE,
        responsible_person="王经理",
        contact="0427-2860000",
        property_company=Organisation.objects.get(name=PROPERTY_COMPANY),
    )


def record_hazard(place: Place, category: str, description: str) -> Hazard:
    """兴隆台大队 finds one hazard at the place (through the services)."""
    inspection = services.do_record_inspection(
        acting_user=User.objects.get(username="xinglongtai"),
        place=place,
        kind="brigade",
        hazards=[
            services.HazardSpec(
                category=category, description=description, deadline=dt.date(2024, 3, 11)
            )
        ],
    )
    return inspection.hazards.get()


def hazard_url() -> re.Pattern[str]:
    return re.compile(r"^https?://[^/]+/hazards/(\d+)/$")


def state(page: Page) -> Locator:
    return page.locator("#xa-hazard-state")


def alert(page: Page) -> Locator:
    return main(page).get_by_role("alert")


def actions(page: Page) -> Locator:
    return page.locator("#xa-hazard-actions")


def fix_form(page: Page) -> Locator:
    return page.locator("#xa-fix-form")


def open_menu(page: Page, label: str) -> None:
    """On a phone: unfold the menu, tap an entry."""
    page.get_by_role("button", name="展开菜单").tap()
    menu(page).get_by_role("link", name=label, exact=True).tap()


def post_move(page: Page, action: str) -> None:
    """Posts a lifecycle move of this hazard with the page's CSRF token, as a
    crafted request would (the page offers no such button)."""
    page.evaluate(
        """(action) => {
            const form = document.createElement('form');
            form.method = 'post';
            form.action = location.pathname + 'move/';
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
        action,
    )


def test_grid_finds_on_a_phone_property_fixes_brigade_closes(
    new_context: Callable[..., BrowserContext], traffic: Traffic, tmp_path: Path
) -> None:
    place = register_place("惠宾苑12号楼", "兴隆台区惠宾街惠宾苑12号楼")
    description = "1单元一楼楼道停放电动自行车4辆，其中2辆正在充电。"
    found_photo = tiny_png(tmp_path / "楼道停放电动车.png")
    after_photo = tiny_png(tmp_path / "整改后楼道.png")
    fix_text = "电动自行车已全部清出楼道，小区东侧设集中充电棚。"

    # 网格员, on a small phone: 场所 from the folded menu, then the place by its name.
    grid = new_context(**PHONE_375).new_page()
    sign_in(grid, "grid")
    expect(grid).to_have_url(path_is("/"))
    no_horizontal_overflow(grid)
    open_menu(grid, "场所")
    expect(grid).to_have_url(path_is("/places/"))
    expect(grid.get_by_role("heading", name="场所", exact=True)).to_be_visible()
    grid.get_by_label("名称或地址").fill("惠宾苑12号")
    grid.get_by_role("button", name="查找").tap()
    expect(grid).to_have_url(re.compile(r"/places/\?q="))
    places = grid.locator("#xa-place-list > li")
    expect(places).to_have_count(1)
    expect(places).to_contain_text(f"高层住宅 · {GRID_AREA} · {place.address}")
    no_horizontal_overflow(grid)
    places.get_by_role("link", name="检查", exact=True).tap()

    # The inspection form: a hazard ticked, described, given a deadline and a photo.
    expect(grid).to_have_url(path_is(f"/places/{place.pk}/inspect/"))
    expect(grid.get_by_role("heading", name=f"检查：{place.name}")).to_be_visible()
    no_horizontal_overflow(grid)
    form = grid.locator("#xa-inspection-form")
    form.get_by_label("检查类型").select_option(label="网格排查")
    category = form.get_by_label("电动车违规停放充电", exact=True)
    category.tap()
    expect(category).to_be_checked()
    form.get_by_label("隐患描述").fill(description)
    form.get_by_label("整改期限").fill("2024-03-11")
    form.get_by_label("现场照片").set_input_files(found_photo)
    submit = form.get_by_role("button", name="提交并签字")
    submit.scroll_into_view_if_needed()
    box = submit.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    submit.tap()

    # The inspection: 发现隐患, the hazard 待整改, signed by the grid worker.
    expect(grid).to_have_url(re.compile(r"^https?://[^/]+/inspections/\d+/$"))
    expect(alert(grid)).to_have_text("已登记检查：发现隐患 1 处。")
    expect(grid.locator("#xa-inspection-result")).to_have_text("发现隐患")
    found = grid.locator("#xa-inspection-hazards > li")
    expect(found).to_have_count(1)
    expect(found.get_by_role("link", name="电动车违规停放充电")).to_be_visible()
    expect(found.locator(".badge")).to_have_text("待整改")
    expect(found).to_contain_text("1单元一楼楼道停放电动自行车4辆")
    expect(grid.locator("#xa-signatures")).to_contain_text("惠宾社区网格员")
    expect(grid.locator("#xa-signatures")).to_contain_text("已签字")
    no_horizontal_overflow(grid)
    found.get_by_role("link", name="电动车违规停放充电").tap()
    expect(grid).to_have_url(hazard_url())
    address = grid.url
    expect(state(grid)).to_have_text("待整改")
    expect(main(grid).locator("dl")).to_contain_text("2024年3月11日")
    expect(grid.locator("#xa-hazard-photos")).to_contain_text("📷 楼道停放电动车.png")
    no_horizontal_overflow(grid)
    hazard = Hazard.objects.get(place=place)
    assert hazard.found_by.username == "grid" and hazard.state == HazardState.FOUND

    # 惠宾物业, on its phone: 隐患 from the menu, the place's hazard, the fix reported.
    prop = new_context(**PHONE_375).new_page()
    sign_in(prop, "property")
    open_menu(prop, "隐患")
    expect(prop).to_have_url(path_is("/hazards/"))
    expect(prop.get_by_role("heading", name="火灾隐患")).to_be_visible()
    no_horizontal_overflow(prop)
    link = prop.locator("#xa-hazard-table").get_by_role("link", name=place.name, exact=True)
    link.scroll_into_view_if_needed()
    link.tap()
    expect(prop).to_have_url(address)
    expect(prop.get_by_role("heading", name="电动车违规停放充电")).to_be_visible()
    expect(state(prop)).to_have_text("待整改")
    expect(main(prop)).to_contain_text(description)
    expect(prop.get_by_role("button", name="验收销号")).to_have_count(0)
    expect(prop.locator("#xa-rectifications")).to_have_text("尚未报告整改")
    expect(main(prop).locator(".card-header", has_text="报告整改完成")).to_be_visible()
    no_horizontal_overflow(prop)
    fix_form(prop).get_by_label("整改情况").fill(fix_text)
    fix_form(prop).get_by_label("整改后照片或证明材料（必传）").set_input_files(after_photo)
    fix_form(prop).get_by_role("button", name="提交整改情况").tap()

    expect(prop).to_have_url(address)
    expect(alert(prop)).to_have_text("已报告整改完成，等待验收。")
    expect(state(prop)).to_have_text("已整改待验收")
    expect(prop.get_by_role("button", name="验收销号")).to_have_count(0)
    expect(fix_form(prop)).to_have_count(0)
    record = prop.locator("#xa-rectifications > li")
    expect(record).to_have_count(1)
    expect(record).to_contain_text(f"3月4日 惠宾物业经理：{fix_text}")
    expect(record.get_by_role("link", name="📷 整改后楼道.png")).to_be_visible()
    no_horizontal_overflow(prop)

    # 兴隆台大队, at its desk: the after-photo in 整改记录, 验收销号, 已销号.
    brigade = new_context(**DESKTOP).new_page()
    sign_in(brigade, "xinglongtai")
    brigade.goto(address)
    expect(state(brigade)).to_have_text("已整改待验收")
    record = brigade.locator("#xa-rectifications > li")
    expect(record).to_contain_text(fix_text)
    photo_link = record.get_by_role("link", name="📷 整改后楼道.png")
    expect(photo_link).to_be_visible()
    download = brigade.request.get(photo_link.get_attribute("href") or "")
    assert download.status == 200 and download.body() == after_photo.read_bytes()
    actions(brigade).get_by_role("button", name="验收销号").click()

    expect(brigade).to_have_url(address)
    expect(alert(brigade)).to_have_text("已验收销号。")
    expect(state(brigade)).to_have_text("已销号")
    expect(record.locator(".badge")).to_have_text("验收通过")
    expect(main(brigade).locator("dl")).to_contain_text("2024年3月4日 · 验收人 兴隆台大队")
    expect(actions(brigade).get_by_role("button", name="验收销号")).to_have_count(0)

    # 隐患, filtered by 已销号: the hazard is there, and only closed ones are.
    go(brigade, "隐患")
    expect(brigade).to_have_url(path_is("/hazards/"))
    brigade.get_by_label("状态").select_option(label="已销号")
    brigade.get_by_role("button", name="筛选").click()
    expect(brigade).to_have_url(re.compile(r"[?&]state=closed(&|$)"))
    table = brigade.locator("#xa-hazard-table")
    row = table.locator("tbody tr").filter(
        has=brigade.get_by_role("link", name=place.name, exact=True)
    )
    expect(row).to_have_count(1)
    expect(row).to_contain_text("电动车违规停放充电")
    expect(row).to_contain_text("已销号")
    for text in table.locator("tbody td:last-child").all_inner_texts():
        assert text.strip() == "已销号", text
    hazard.refresh_from_db()
    assert hazard.state == HazardState.CLOSED
    assert (hazard.fixed_by.username, hazard.closed_by.username) == ("property", "xinglongtai")
    assert traffic.page_errors == [] and traffic.console_errors == []


def test_who_reported_the_fix_cannot_verify_it(
    new_context: Callable[..., BrowserContext], tmp_path: Path
) -> None:
    place = register_place("惠宾苑15号楼", "兴隆台区惠宾街惠宾苑15号楼")
    brigade_user = User.objects.get(username="xinglongtai")
    colleague = do_create_user(
        acting_user=None,
        username="xlt_yanshou",
        password=DEMO_PASSWORD,
        full_name="兴隆台大队验收员",
        roles=["brigade"],
        area=brigade_user.area,
        organisation=brigade_user.organisation,
    )
    after_photo = tiny_png(tmp_path / "杂物已清理.png")

    # 兴隆台大队 inspects the place, records a hazard, and fixes it itself.
    page = new_context(**DESKTOP).new_page()
    sign_in(page, "xinglongtai")
    page.goto(f"/places/{place.pk}/")
    expect(page.get_by_role("heading", name=place.name)).to_be_visible()
    page.get_by_role("link", name="开始检查").click()
    form = page.locator("#xa-inspection-form")
    form.get_by_label("检查类型").select_option(label="大队检查")
    form.get_by_label("楼道堆放杂物", exact=True).check()
    form.get_by_label("隐患描述").fill("3单元楼道堆放废旧家具、纸箱。")
    form.get_by_label("整改期限").fill("2024-03-08")
    form.get_by_role("button", name="提交并签字").click()
    expect(alert(page)).to_have_text("已登记检查：发现隐患 1 处。")
    page.locator("#xa-inspection-hazards").get_by_role("link", name="楼道堆放杂物").click()
    expect(page).to_have_url(hazard_url())
    address = page.url
    expect(state(page)).to_have_text("待整改")

    fix_form(page).get_by_label("整改情况").fill("已当场督促清理，杂物全部清运。")
    fix_form(page).get_by_label("整改后照片或证明材料（必传）").set_input_files(after_photo)
    fix_form(page).get_by_role("button", name="提交整改情况").click()
    expect(alert(page)).to_have_text("已报告整改完成，等待验收。")
    expect(state(page)).to_have_text("已整改待验收")
    expect(page.locator("#xa-rectifications")).to_contain_text("📷 杂物已清理.png")
    # it may verify hazards, but not this one: no 验收销号, no 验收不通过
    expect(actions(page).get_by_role("button", name="验收销号")).to_have_count(0)
    expect(actions(page).get_by_role("button", name="验收不通过")).to_have_count(0)

    # A crafted 验收销号 is refused, in words, and nothing changes.
    post_move(page, "verify")
    expect(page).to_have_url(address)
    expect(alert(page)).to_have_text("验收人不能是报告整改的人：须由他人验收。")
    expect(state(page)).to_have_text("已整改待验收")
    hazard = Hazard.objects.get(place=place)
    assert hazard.state == HazardState.RECTIFIED and hazard.closed_by is None

    # A colleague of the same brigade verifies it.
    other = new_context(**DESKTOP).new_page()
    sign_in(other, colleague.username)
    other.goto(address)
    expect(state(other)).to_have_text("已整改待验收")
    actions(other).get_by_role("button", name="验收销号").click()
    expect(alert(other)).to_have_text("已验收销号。")
    expect(state(other)).to_have_text("已销号")
    expect(main(other).locator("dl")).to_contain_text("验收人 兴隆台大队验收员")
    hazard.refresh_from_db()
    assert hazard.state == HazardState.CLOSED
    assert (hazard.fixed_by_id, hazard.closed_by_id) == (brigade_user.pk, colleague.pk)


def test_a_fix_without_a_photo_is_refused(
    new_context: Callable[..., BrowserContext], tmp_path: Path
) -> None:
    place = register_place("惠宾苑16号楼", "兴隆台区惠宾街惠宾苑16号楼")
    hazard = record_hazard(place, "fire_door", "2单元常闭式防火门被木楔固定呈常开状态。")

    page = new_context(**PHONE_375).new_page()
    posted: list[str] = []
    page.on("request", lambda r: posted.append(r.url) if r.method == "POST" else None)
    sign_in(page, "property")
    page.goto(f"/hazards/{hazard.pk}/")
    expect(state(page)).to_have_text("待整改")
    form = fix_form(page)
    form.get_by_label("整改情况").fill("已拔除木楔，防火门恢复常闭。")
    upload = form.get_by_label("整改后照片或证明材料（必传）")

    # The browser itself asks for the photo first: nothing is sent.
    form.get_by_role("button", name="提交整改情况").tap()
    assert upload.evaluate("el => el.validity.valueMissing") is True
    expect(page).to_have_url(path_is(f"/hazards/{hazard.pk}/"))
    expect(alert(page)).to_have_count(0)

    # Sent anyway (a browser that does not check, or a crafted request): refused.
    upload.evaluate("el => el.removeAttribute('required')")
    form.get_by_role("button", name="提交整改情况").tap()
    expect(alert(page)).to_have_text("请填写整改情况并上传整改后的照片或证明材料。")
    expect(page).to_have_url(path_is(f"/hazards/{hazard.pk}/"))
    expect(state(page)).to_have_text("待整改")
    expect(page.locator("#xa-rectifications")).to_have_text("尚未报告整改")
    expect(fix_form(page)).to_be_visible()
    no_horizontal_overflow(page)
    hazard.refresh_from_db()
    assert hazard.state == HazardState.FOUND and not hazard.rectifications.exists()
    # only the second attempt reached the server
    assert [urlsplit(url).path for url in posted if "/fix/" in url] == [
        f"/hazards/{hazard.pk}/fix/"
    ]


def test_neighbouring_brigade_cannot_open_the_hazard(page: Page) -> None:
    place = register_place("惠宾苑17号楼", "兴隆台区惠宾街惠宾苑17号楼")
    hazard = record_hazard(place, "fire_lane", "小区北门消防车道被私家车占用。")
    assert hazard.inspection is not None

    sign_in(page, "shuangtaizi")
    for url in (
        f"/hazards/{hazard.pk}/",
        f"/inspections/{hazard.inspection.pk}/",
        f"/places/{place.pk}/",
    ):
        response = page.goto(url)
        assert response is not None and response.status == 404, url
        expect(page.get_by_role("heading", name="记录不存在或无权访问")).to_be_visible()
        expect(main(page)).not_to_contain_text(place.name)

    # Nor is it in its hazard list, searched by the place's name.
    go(page, "隐患")
    page.get_by_label("描述或场所").fill(place.name)
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("#xa-hazard-table tbody")).to_have_text("没有符合条件的隐患")


def expected_coverage(area: Area, campaign: Campaign) -> tuple[int, int]:
    """Places in the area and how many had an inspection with a result in the
    campaign's phase 自查自改 (3月1日—3月8日), counted here without the app's query."""
    places = Place.objects.filter(area__path__startswith=area.path)
    inspected = (
        Inspection.objects.filter(
            place__in=places,
            campaign=campaign,
            at__date__gte=dt.date(2024, 3, 1),
            at__date__lte=dt.date(2024, 3, 8),
            result__in=[InspectionResult.HAZARDS_FOUND, InspectionResult.NO_HAZARD],
            completed_at__isnull=False,  # every listed inspector has signed
        )
        .values("place")
        .distinct()
        .count()
    )
    return places.count(), inspected


def coverage_text(area: Area, in_scope: int, inspected: int) -> str:
    percent = round(inspected * 100 / in_scope, 1) if in_scope else 0.0
    return (
        f"{area.name}：3月1日—3月8日，应检查场所 {in_scope} 处，已检查 {inspected} 处，"
        f"覆盖率 {percent}%（{HOUSING_CAMPAIGN} · 自查自改）"
    )


def test_coverage_lists_the_places_not_yet_inspected(page: Page) -> None:
    grid_area = Area.objects.get(name=GRID_AREA)
    campaign = Campaign.objects.get(name=HOUSING_CAMPAIGN)
    done = register_place("惠宾苑18号楼", "兴隆台区惠宾街惠宾苑18号楼")
    todo = register_place("惠宾苑19号楼", "兴隆台区惠宾街惠宾苑19号楼")
    services.do_record_inspection(
        acting_user=User.objects.get(username="grid"),
        place=done,
        kind="grid_check",
        campaign=campaign,
        no_hazard=True,
    )
    in_scope, inspected = expected_coverage(grid_area, campaign)
    assert in_scope >= 2 and inspected >= 1

    sign_in(page, "grid")
    go(page, "覆盖率")
    expect(page).to_have_url(path_is("/coverage/"))
    expect(page.get_by_role("heading", name="检查覆盖率")).to_be_visible()
    expect(page.locator("#xa-coverage-total")).to_have_text(
        coverage_text(grid_area, in_scope, inspected)
    )
    percent = round(inspected * 100 / in_scope, 1)
    row = page.locator("#xa-coverage-by-area tbody tr").filter(has_text=GRID_AREA)
    expect(row).to_have_count(1)
    expect(row.get_by_role("progressbar")).to_have_attribute("aria-valuenow", str(percent))
    expect(row.get_by_role("progressbar")).to_have_text(f"{percent}%")

    missing = page.locator("#xa-not-inspected > li")
    expect(missing.filter(has_text=done.name)).to_have_count(0)
    waiting = missing.filter(has=page.get_by_role("link", name=todo.name, exact=True))
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text(GRID_AREA)

    # 检查 on the place not yet inspected: the form; nothing found, in the campaign.
    waiting.get_by_role("link", name="检查", exact=True).click()
    expect(page).to_have_url(path_is(f"/places/{todo.pk}/inspect/"))
    expect(page.get_by_role("heading", name=f"检查：{todo.name}")).to_be_visible()
    form = page.locator("#xa-inspection-form")
    form.get_by_label("检查类型").select_option(label="网格排查")
    form.get_by_label("专项行动").select_option(label=HOUSING_CAMPAIGN)
    form.get_by_label("未发现隐患").check()
    form.get_by_role("button", name="提交并签字").click()
    expect(alert(page)).to_have_text("已登记检查：未发现隐患。")
    expect(page.locator("#xa-inspection-result")).to_have_text("未发现隐患")

    # Back on 覆盖率: one more inspected, and the place is no longer listed.
    go(page, "覆盖率")
    assert expected_coverage(grid_area, campaign) == (in_scope, inspected + 1)
    expect(page.locator("#xa-coverage-total")).to_have_text(
        coverage_text(grid_area, in_scope, inspected + 1)
    )
    expect(
        page.locator("#xa-not-inspected").get_by_role("link", name=todo.name, exact=True)
    ).to_have_count(0)
