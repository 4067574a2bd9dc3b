"""12345 orders in the browser: imported from a platform export, dispatched to a
brigade, converted into a hazard at a place, and linked both ways.

The live server runs with the database task backend, so the upload waits in the
queue until the worker (`xiaoan worker --once`, run here) works it, while the
import page polls its progress. The clock is pinned to 4 March 2024.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import BrowserContext, expect

from tests.complaints.conftest import HEADER, good_row, xlsx_bytes
from tests.e2e.conftest import Traffic
from tests.e2e.test_directives_journey import DESKTOP, pinned_day  # noqa: F401 (autouse)
from tests.e2e.test_hazards_journey import PHONE_375
from tests.e2e.test_journeys import go, main, no_horizontal_overflow, path_is, sign_in
from xiaoan.areas.models import Area
from xiaoan.complaints.models import Complaint, ImportJob
from xiaoan.hazards.models import Hazard
from xiaoan.places.choices import PlaceKind
from xiaoan.places.services import do_register_place

pytestmark = pytest.mark.e2e

BRIGADE = "兴隆台区消防救援大队"
NUMBER = "GD2024030300017"
CONTENT = "惠宾苑8号楼二单元楼道堆放大量纸箱和旧家具，堵塞疏散通道，多次反映无人处理。"


def export_file(tmp_path: Path) -> Path:
    """A small platform export: the order of this journey and one more."""
    rows = [
        good_row(
            NUMBER,
            来电时间="2024-03-03 10:12:00",
            事发地址="兴隆台区惠宾街惠宾苑8号楼",
            工单标题="楼道堆物堵塞通道",
            诉求内容=CONTENT,
            办理时限="5个工作日",
        ),
        good_row("GD2024030300018", 来电时间="2024-03-03 11:40:00"),
    ]
    path = tmp_path / "12345工单导出-3月3日.xlsx"
    path.write_bytes(xlsx_bytes(rows, HEADER))
    return path


def test_office_imports_dispatches_brigade_converts_to_hazard(
    new_context: Callable[..., BrowserContext], traffic: Traffic, tmp_path: Path
) -> None:
    place = do_register_place(
        acting_user=None,
        name="惠宾苑8号楼",
        address="兴隆台区惠宾街惠宾苑8号楼",
        area=Area.objects.get(name="惠宾社区第一网格"),
        kind=PlaceKind.HIGH_RISE,
    )

    # 支队办公室: 12345 工单 → 导入, the export uploaded.
    office = new_context(**DESKTOP).new_page()
    sign_in(office, "office")
    go(office, "12345 工单")
    expect(office).to_have_url(path_is("/complaints/"))
    main(office).get_by_role("link", name="导入 12345 导出文件").click()
    expect(office.get_by_role("heading", name="导入 12345 工单")).to_be_visible()
    office.get_by_label("12345 导出文件").set_input_files(export_file(tmp_path))
    office.get_by_role("button", name="上传并导入").click()

    # The job page: queued, polling; the worker works it; the bar reaches 100%.
    expect(office).to_have_url(re.compile(r"/complaints/imports/\d+/$"))
    expect(office.get_by_role("heading", name="导入：12345工单导出-3月3日.xlsx")).to_be_visible()
    progress = office.locator("#xa-import-progress")
    expect(progress).to_contain_text("排队中")
    expect(progress).to_have_attribute("hx-trigger", "every 1s")
    call_command("worker", once=True)
    expect(progress).to_contain_text("已完成", timeout=15_000)
    expect(office.get_by_role("progressbar", name="导入进度")).to_have_attribute(
        "aria-valuenow", "100"
    )
    expect(progress).to_contain_text("共 2 行：新增 2，更新 0，未导入 0。")
    job = ImportJob.objects.get()
    assert (job.status, job.imported, job.imported_by.username) == ("done", 2, "office")

    # The imported order, from the list; still 待分派.
    main(office).get_by_role("link", name="工单列表").click()
    # the demo's 12345 history fills the first pages: search for the order
    main(office).get_by_label("关键词").fill(NUMBER)
    main(office).get_by_role("button", name="筛选").click()
    table = office.locator("#xa-complaints")
    expect(table).to_contain_text(NUMBER)
    table.get_by_role("link", name=NUMBER).click()
    complaint = Complaint.objects.get(number=NUMBER)
    expect(office).to_have_url(path_is(f"/complaints/{complaint.pk}/"))
    expect(office.locator("#xa-handling-state")).to_have_text("待分派")
    expect(main(office)).to_contain_text(CONTENT)

    # Dispatched to 兴隆台大队 with the default 5 working days: Monday 4 March → 11 March.
    form = office.locator("#xa-dispatch-form")
    form.get_by_label("承办单位").select_option(label=f"{BRIGADE}（兴隆台区）")
    expect(form.get_by_label("办理时限（工作日）")).to_have_value("5")
    form.get_by_label("分派意见").fill("请核实现场，属实的登记隐患。")
    form.get_by_role("button", name="分派").click()
    expect(main(office).get_by_role("alert")).to_have_text(
        f"已分派给{BRIGADE}，办理期限 2024-03-11。"
    )
    expect(office.locator("#xa-handling-state")).to_have_text("已分派")
    expect(office.locator("#xa-handling-unit")).to_have_text(BRIGADE)
    expect(office.locator("#xa-handling-deadline")).to_contain_text("2024年3月11日")
    expect(office.locator("#xa-handling-deadline")).to_contain_text("还剩 5 个工作日")

    # 兴隆台大队 on a phone: its inbox names the order; it opens it and converts it.
    brigade = new_context(**PHONE_375).new_page()
    sign_in(brigade, "xinglongtai")
    brigade.goto("/inbox/")
    expect(main(brigade)).to_contain_text(f"12345 工单待办理：{NUMBER}")
    brigade.goto(f"/complaints/{complaint.pk}/")
    expect(brigade.locator("#xa-handling-state")).to_have_text("已分派")
    no_horizontal_overflow(brigade)
    brigade.locator("#xa-complaint-hazard").get_by_role("link", name="转为隐患").tap()
    expect(brigade).to_have_url(path_is(f"/complaints/{complaint.pk}/convert/"))
    no_horizontal_overflow(brigade)
    convert = brigade.locator("#xa-convert-form")
    convert.get_by_label("查找场所").fill("惠宾苑8号")
    places = convert.get_by_label("已登记的场所")
    expect(places.locator("option")).to_have_count(2)  # "none" and the one match
    places.select_option(label="惠宾苑8号楼（兴隆台区惠宾街惠宾苑8号楼）")
    convert.get_by_label("隐患类别").select_option(label="楼道堆放杂物")
    expect(convert.get_by_label("隐患描述")).to_have_value(CONTENT)
    convert.get_by_label("整改期限").fill("2024-03-08")
    convert.get_by_role("button", name="登记隐患").tap()

    # Back on the order: linked to its hazard, which links back to the order.
    expect(brigade).to_have_url(path_is(f"/complaints/{complaint.pk}/"))
    expect(main(brigade).get_by_role("alert")).to_have_text(
        "已转为隐患：惠宾苑8号楼，楼道堆放杂物。"
    )
    link = brigade.locator("#xa-complaint-hazard").get_by_role("link")
    expect(link).to_have_text("楼道堆放杂物 · 惠宾苑8号楼")
    hazard = Hazard.objects.get(place=place)
    link.tap()
    expect(brigade).to_have_url(path_is(f"/hazards/{hazard.pk}/"))
    expect(brigade.locator("#xa-hazard-state")).to_have_text("待整改")
    sources = brigade.locator("#xa-hazard-sources")
    expect(sources).to_contain_text(NUMBER)
    no_horizontal_overflow(brigade)
    sources.get_by_role("link", name=NUMBER).tap()
    expect(brigade).to_have_url(path_is(f"/complaints/{complaint.pk}/"))
    expect(
        brigade.locator("#xa-complaint-hazard").get_by_role("link", name="转为隐患")
    ).to_have_count(0)

    # The office sees the same link, and the history names both steps.
    office.reload()
    expect(office.locator("#xa-complaint-hazard")).to_contain_text("惠宾苑8号楼")
    history = office.locator("#history")
    expect(history).to_contain_text(f"分派给{BRIGADE}")
    expect(history).to_contain_text("转为隐患（惠宾苑8号楼）")
    assert hazard.found_by.username == "xinglongtai" and hazard.category == "clutter"
    assert not traffic.page_errors and not traffic.console_errors
