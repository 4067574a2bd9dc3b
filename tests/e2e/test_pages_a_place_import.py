"""导入场所 and 导出 Excel: the brigade uploads a real .xlsx of places (written
here with openpyxl) and sees every row accounted for; then it exports the list
it is looking at and the workbook holds the same places, row for row."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.test_account_security_journey import warm_up
from tests.e2e.test_directives_journey import pinned_day  # noqa: F401 (autouse)
from tests.e2e.test_hazards_journey import DESKTOP, GRID_AREA, register_place
from tests.e2e.test_journeys import main, path_is, sign_in
from xiaoan.places.models import Place

pytestmark = pytest.mark.e2e

HEADER = ["名称", "地址", "区域", "类型", "负责人", "联系电话", "风险等级", "纬度", "经度"]
EXISTING = ("惠宾苑60号楼", "兴隆台区惠宾街惠宾苑60号楼")
ROWS = [
    [
        "惠宾苑61号楼",
        "兴隆台区惠宾街惠宾苑61号楼",
        GRID_AREA,
        "高层住宅",
        "李主任",
        "0427-2861061",
        "高",
        41.1261,
        122.0761,
    ],
    [
        "惠宾便民超市",
        "兴隆台区惠宾街88号",
        "惠宾社区",
        "小商店",
        "赵老板",
        "13904271234",
        "中",
        None,
        None,
    ],
    [*EXISTING, GRID_AREA, "高层住宅", "", "", "", None, None],
    ["胜利小区5号楼", "双台子区胜利街5号", "胜利社区", "住宅小区", "", "", "", None, None],
    ["惠宾苑62号楼", "兴隆台区惠宾街惠宾苑62号楼", GRID_AREA, "写字楼", "", "", "", None, None],
]


def places_file(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    book.save(path)
    return path


def list_names(page: Page) -> list[str]:
    return page.locator("#xa-place-list > li > div > a").all_inner_texts()


def test_brigade_imports_places_then_exports_what_the_list_shows(
    new_context: Callable[..., BrowserContext], tmp_path: Path
) -> None:
    register_place(*EXISTING)
    source = places_file(tmp_path / "惠宾社区场所.xlsx")
    page = new_context(**DESKTOP).new_page()
    warm_up(page)
    sign_in(page, "xinglongtai")
    page.goto("/places/")
    main(page).get_by_role("link", name="导入场所").click()
    expect(page).to_have_url(path_is("/places/import/"))
    expect(page.get_by_role("heading", name="从 Excel 导入场所")).to_be_visible()

    page.get_by_label("Excel 文件").set_input_files(source)
    page.get_by_role("button", name="导入").click()
    expect(page.locator("#xa-import-summary")).to_have_text(
        "共 5 行：新建 2 处，重复 1 处（未新建），有误 2 行（未导入）。"
    )
    expect(page.locator("#xa-import-duplicates")).to_have_text(f"第4行：{EXISTING[0]}（已登记）")
    errors = page.locator("#xa-import-errors tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.nth(0).locator("td")).to_have_text(
        ["5", "区域", "“胜利社区”不是您辖区内的区域名称或代码"]
    )
    expect(errors.nth(1)).to_contain_text("“写字楼”不是场所类型")
    created = Place.objects.get(name="惠宾苑61号楼")
    assert (created.area.name, created.kind, created.risk_level) == (GRID_AREA, "high_rise", "high")
    assert Place.objects.filter(name="惠宾便民超市", kind="small_shop").exists()
    assert not Place.objects.filter(name__in=["胜利小区5号楼", "惠宾苑62号楼"]).exists()
    assert Place.objects.filter(name=EXISTING[0]).count() == 1

    # The list, searched for 惠宾苑6: the new and the existing place.
    page.goto("/places/")
    page.get_by_label("名称或地址").fill("惠宾苑6")
    page.get_by_role("button", name="查找").click()
    expect(page.locator("#xa-place-list")).to_contain_text("惠宾苑61号楼")
    shown = list_names(page)
    assert {"惠宾苑60号楼", "惠宾苑61号楼"} <= set(shown)

    # 导出 Excel exports that same list.
    with page.expect_download() as info:
        main(page).get_by_role("link", name="导出 Excel").click()
    download = info.value
    assert download.suggested_filename == "场所-20240304.xlsx"
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert [r[0] for r in rows[1:]] == shown
    new = next(r for r in rows if r[0] == "惠宾苑61号楼")
    assert list(new[:7]) == [
        "惠宾苑61号楼",
        "兴隆台区惠宾街惠宾苑61号楼",
        GRID_AREA,
        "高层住宅",
        "李主任",
        "0427-2861061",
        "高",
    ]
    assert float(new[7]) == pytest.approx(41.1261) and float(new[8]) == pytest.approx(122.0761)

    # Filtered by type: only the shop.
    page.get_by_label("名称或地址").fill("惠宾")
    page.get_by_label("类型").select_option(label="小商店")
    page.get_by_role("button", name="查找").click()
    shown = list_names(page)
    assert "惠宾便民超市" in shown
    with page.expect_download() as info:
        main(page).get_by_role("link", name="导出 Excel").click()
    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))[1:]
    assert [r[0] for r in rows] == shown and {r[3] for r in rows} == {"小商店"}


def test_a_file_without_the_required_columns_is_refused_and_a_property_manager_cannot_import(
    new_context: Callable[..., BrowserContext], tmp_path: Path
) -> None:
    book = Workbook()
    book.active.append(["场所", "位置"])
    book.active.append(["惠宾苑63号楼", "惠宾街"])
    book.save(tmp_path / "wrong.xlsx")
    not_excel = tmp_path / "places.xlsx"
    not_excel.write_text("名称,地址\n", encoding="utf-8")

    page = new_context(**DESKTOP).new_page()
    warm_up(page)
    sign_in(page, "xinglongtai")
    page.goto("/places/import/")
    page.get_by_label("Excel 文件").set_input_files(tmp_path / "wrong.xlsx")
    page.get_by_role("button", name="导入").click()
    expect(page.locator("#xa-import-error")).to_have_text(
        "缺少必需的列：名称、地址、区域、类型。表头中找到：场所、位置。"
    )
    page.get_by_label("Excel 文件").set_input_files(not_excel)
    page.get_by_role("button", name="导入").click()
    expect(page.locator("#xa-import-error")).to_have_text(
        "无法读取文件：请上传 .xlsx 格式的 Excel 表格。"
    )
    assert not Place.objects.filter(name="惠宾苑63号楼").exists()

    grid = new_context(**DESKTOP).new_page()
    sign_in(grid, "property")
    grid.goto("/places/import/")
    expect(grid).to_have_url(path_is("/places/"))
    expect(main(grid).get_by_role("alert")).to_contain_text("您的角色无权导入场所。")
