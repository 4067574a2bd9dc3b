"""The annual task list comes in from Excel and the task list goes out to Excel."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from xiaoan.areas import services as area_services
from xiaoan.areas.models import Organisation
from xiaoan.core.errors import PermissionDeniedError
from xiaoan.core.models import Notification
from xiaoan.core.testing import assert_query_count
from xiaoan.directives import exports, importers
from xiaoan.directives.importers import (
    ALL_OR_NOTHING,
    CLEAN_ROWS_ONLY,
    ImportRefusedError,
    import_tasks,
    parse_deadline,
    parse_targets,
)
from xiaoan.directives.models import Task

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.directives.import_test_urls")]

HEADER = ["序号", "工作任务", "责任单位", "配合单位", "量化目标", "完成时限", "备注"]


def xlsx(rows: list[list[Any]], header: list[str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def read_xlsx(data: bytes) -> list[tuple[Any, ...]]:
    workbook = load_workbook(io.BytesIO(data))
    return [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


@pytest.fixture
def mixed_file(make_task) -> bytes:
    """Five clean rows and five bad ones (rows 4, 5, 6, 7 and 10), and an empty row 9."""
    make_task("学校消防安全专项检查", lead="盘锦市教育局", deadline=None)
    return xlsx(
        [
            # row 2: clean — full names, two co-units, two targets, text date
            [
                1,
                "新建市政消火栓和消防水鹤",
                "盘锦市住房和城乡建设局",
                "应急、盘锦市公安局",
                "市政消火栓100个；消防水鹤5个",
                "2024-06-30",
                "纳入民生实事",
            ],
            # row 3: clean — short name, Chinese number, Chinese date
            [2, "消防宣传进社区", "兴隆台大队", None, "宣传活动二十场", "2024年3月31日", None],
            # row 4: a date that does not exist
            [3, "老旧小区消防设施改造", "住建", None, None, "2024-02-30", None],
            # row 5: a unit nobody knows
            [4, "电动自行车集中充电设施建设", "盘锦市新能源局", None, None, None, None],
            # row 6: no title
            [5, None, "应急", None, None, "2024/5/1", None],
            # row 7: the same task for the same unit as row 2 (short name this time)
            [6, "新建市政消火栓和消防水鹤", "住建", None, None, None, None],
            # row 8: clean — an Excel date cell
            [7, "高层建筑消防安全评估", "应急", "综合执法", None, dt.datetime(2024, 9, 1), None],
            # row 9: wholly empty, skipped
            [None, None, None, None, None, None, None],
            # row 10: already in the system
            [9, "学校消防安全专项检查", "教育", None, None, None, None],
            # row 11: clean — year end
            [10, "消防救援队站建设", "盘锦市消防救援支队", None, "消防站2座", "2024年底", None],
            # row 12: clean — month and day only, the year comes from the import
            [11, "“三合一”场所整治", "兴隆台大队", None, "三合一场所50家", "3月31日", None],
        ]
    )


BAD = {4: "完成时限", 5: "责任单位", 6: "工作任务", 7: "工作任务", 10: "工作任务"}


def test_all_or_nothing_imports_nothing_and_reports_every_bad_row(office, mixed_file):
    before = Task.objects.count()
    result = import_tasks(mixed_file, acting_user=office, year=2024)
    assert result.mode == ALL_OR_NOTHING
    assert Task.objects.count() == before
    assert (result.rows, result.imported, result.rejected) == (10, 0, 10)
    assert result.rejected_workbook is None
    assert {e.row: e.column for e in result.errors} == BAD
    reasons = {e.row: e.reason for e in result.errors}
    assert "不存在" in reasons[4] and "2024-02-30" in reasons[4]
    assert "未找到单位“盘锦市新能源局”" in reasons[5]
    assert reasons[6] == "任务名称为空"
    assert "与第 2 行重复" in reasons[7]
    assert "已有" in reasons[10] and "同名任务" in reasons[10]
    assert all(e.as_dict().keys() == {"row", "column", "reason"} for e in result.errors)


def test_clean_rows_only_imports_the_clean_rows(
    office, mixed_file, organisation, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = import_tasks(mixed_file, acting_user=office, mode=CLEAN_ROWS_ONLY, year=2024)
    assert (result.rows, result.imported, result.rejected) == (10, 5, 5)
    assert result.bad_rows == [4, 5, 6, 7, 10]

    hydrants = Task.objects.get(title="新建市政消火栓和消防水鹤")
    assert hydrants.lead_organisation == organisation("盘锦市住房和城乡建设局")
    assert hydrants.assigning_organisation == office.organisation
    assert hydrants.deadline == dt.date(2024, 6, 30)
    assert hydrants.description == "纳入民生实事"
    assert {o.name for o in hydrants.co_organisations.all()} == {"盘锦市应急管理局", "盘锦市公安局"}
    assert [(t.subject, t.quantity, t.unit) for t in hydrants.targets.all()] == [
        ("市政消火栓", Decimal(100), "个"),
        ("消防水鹤", Decimal(5), "个"),
    ]
    record = hydrants.history.earliest("history_date")
    assert record.history_user.username == "office"
    assert Notification.objects.filter(
        recipient=user("zhujian"), title="新任务：新建市政消火栓和消防水鹤"
    ).exists()

    publicity = Task.objects.get(title="消防宣传进社区")
    assert publicity.lead_organisation == organisation("兴隆台区消防救援大队")
    assert publicity.deadline == dt.date(2024, 3, 31)
    assert [(t.subject, t.quantity, t.unit) for t in publicity.targets.all()] == [
        ("宣传活动", Decimal(20), "场")
    ]
    assert Task.objects.get(title="高层建筑消防安全评估").deadline == dt.date(2024, 9, 1)
    assert Task.objects.get(title="消防救援队站建设").deadline == dt.date(2024, 12, 31)
    assert Task.objects.get(title="“三合一”场所整治").deadline == dt.date(2024, 3, 31)
    assert not Task.objects.filter(title="老旧小区消防设施改造").exists()
    assert Task.objects.filter(title="新建市政消火栓和消防水鹤").count() == 1
    assert [t.title for t in result.tasks] == [
        "新建市政消火栓和消防水鹤",
        "消防宣传进社区",
        "高层建筑消防安全评估",
        "消防救援队站建设",
        "“三合一”场所整治",
    ]

    rejected = read_xlsx(result.rejected_workbook)
    assert rejected[0] == (*HEADER, "错误原因")
    assert [row[1] for row in rejected[1:]] == [
        "老旧小区消防设施改造",
        "电动自行车集中充电设施建设",
        None,
        "新建市政消火栓和消防水鹤",
        "学校消防安全专项检查",
    ]
    assert rejected[1][5] == "2024-02-30"
    assert rejected[1][-1].startswith("完成时限：日期“2024-02-30”不存在")
    assert rejected[2][-1].startswith("责任单位：未找到单位")
    assert rejected[3][-1] == "工作任务：任务名称为空"


def test_the_rejected_rows_fixed_import_cleanly(office, mixed_file):
    first = import_tasks(mixed_file, acting_user=office, mode=CLEAN_ROWS_ONLY, year=2024)
    rows = read_xlsx(first.rejected_workbook)
    header, fixed = list(rows[0]), [list(r) for r in rows[1:3]]
    fixed[0][5] = "2024-02-29"
    fixed[1][2] = "住建"
    second = import_tasks(xlsx(fixed, header), acting_user=office, year=2024)
    assert (second.rows, second.imported, second.rejected) == (2, 2, 0)
    assert second.errors == []
    assert Task.objects.get(title="老旧小区消防设施改造").deadline == dt.date(2024, 2, 29)


def test_importing_the_same_file_twice_imports_nothing_the_second_time(office):
    data = xlsx([[1, "消防宣传进社区", "兴隆台大队", None, None, None, None]])
    assert import_tasks(data, acting_user=office).imported == 1
    again = import_tasks(data, acting_user=office, mode=CLEAN_ROWS_ONLY)
    assert (again.imported, again.rejected) == (0, 1)
    assert "已有" in again.errors[0].reason


def test_a_file_without_the_lead_unit_column_is_refused(office):
    data = xlsx([["消防宣传", "2024-03-31"]], header=["任务", "期限", "说明"])
    with pytest.raises(ImportRefusedError) as refused:
        import_tasks(data, acting_user=office)
    message = refused.value.message
    assert "缺少必需的列：牵头单位" in message
    assert "责任单位" in message  # the accepted names
    assert "第一行的表头为：任务、期限、说明" in message
    assert refused.value.details == {"missing": ["牵头单位"], "found": ["任务", "期限", "说明"]}


def test_a_file_that_is_not_a_workbook_is_refused(office):
    with pytest.raises(ImportRefusedError, match=r"\.xlsx"):
        import_tasks(b"not a workbook", acting_user=office)


def test_a_brigade_cannot_import(user):
    data = xlsx([[1, "消防宣传进社区", "兴隆台大队", None, None, None, None]])
    with pytest.raises(PermissionDeniedError, match="无权导入"):
        import_tasks(data, acting_user=user("xinglongtai"))
    assert not Task.objects.filter(title="消防宣传进社区").exists()


def test_a_unit_outside_the_users_area_is_unknown(user):
    district_office = area_services.do_create_user(
        acting_user=None,
        username="office_xlt",
        password="Xiaoan@2024",
        full_name="兴隆台区办公室",
        roles=["detachment_office"],
        area=user("xinglongtai").area,
        organisation=user("xinglongtai").organisation,
    )
    data = xlsx(
        [
            [1, "惠宾社区高层住宅排查", "兴隆台大队", "兴隆街道", None, None, None],
            [2, "胜利街道九小场所排查", "双台子区消防救援大队", None, None, None, None],
            [3, "全市消火栓普查", "盘锦市住房和城乡建设局", None, None, None, None],
            [4, "惠宾社区消防通道整治", "兴隆台大队", "胜利街道", None, None, None],
        ]
    )
    result = import_tasks(data, acting_user=district_office, mode=CLEAN_ROWS_ONLY)
    assert (result.imported, result.rejected) == (1, 3)
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "责任单位"),
        (4, "责任单位"),
        (5, "配合单位"),
    ]
    assert all("未找到单位" in e.reason for e in result.errors)
    assert not Task.objects.filter(lead_organisation__name="双台子区消防救援大队").exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-31", dt.date(2024, 3, 31)),
        ("2024/3/31", dt.date(2024, 3, 31)),
        ("2024年3月31日", dt.date(2024, 3, 31)),
        ("3月31日", dt.date(2025, 3, 31)),
        ("6月底前", dt.date(2025, 6, 30)),
        ("2024年底", dt.date(2024, 12, 31)),
        ("年底", dt.date(2025, 12, 31)),
        ("二〇二四年十月一日", dt.date(2024, 10, 1)),
        ("三季度", dt.date(2025, 9, 30)),
        ("长期", None),
        (None, None),
        (45382, dt.date(2024, 3, 31)),
        (dt.datetime(2024, 3, 31), dt.date(2024, 3, 31)),
    ],
)
def test_deadlines(text, expected):
    assert parse_deadline(text, 2025) == expected


@pytest.mark.parametrize("text", ["下周", "2024-13-01", "2023-02-29", "1999年1月1日"])
def test_bad_deadlines(text):
    with pytest.raises(ValueError, match=text):
        parse_deadline(text, 2024)


def test_targets():
    specs = parse_targets("市政消火栓100个；消防水鹤5座\n培训一百零五人次；100家三合一场所", 2024)
    assert [(s.subject, s.quantity, s.unit) for s in specs] == [
        ("市政消火栓", 100, "个"),
        ("消防水鹤", 5, "座"),
        ("培训", 105, "人次"),
        ("三合一场所", 100, "家"),
    ]
    for bad, reason in (
        ("微型消防站20", "缺少单位"),
        ("消防站建设", "无法识别"),
        ("水鹤0个", "大于 0"),
    ):
        with pytest.raises(ValueError, match=reason):
            parse_targets(bad)


# ----- the pages -----


def upload(data: bytes, name: str = "任务清单.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=exports.XLSX_CONTENT_TYPE)


def test_import_page_all_or_nothing(client_as, mixed_file):
    client = client_as("office")
    page = client.get("/tasks/import/")
    assert page.status_code == 200
    assert "导入任务清单" in page.content.decode()
    before = Task.objects.count()
    response = client.post(
        "/tasks/import/", {"file": upload(mixed_file), "mode": ALL_OR_NOTHING, "year": 2024}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert Task.objects.count() == before
    assert '已导入 <strong class="text-success">0</strong> 行' in html
    assert "一行也没有导入" in html
    for row, column in BAD.items():
        assert f"<td>第 {row} 行</td><td>{column}</td>" in html
    assert client.get("/tasks/import/rejected/").status_code == 404


def test_import_page_clean_rows_offers_the_rejected_rows(client_as, mixed_file):
    client = client_as("office")
    response = client.post(
        "/tasks/import/", {"file": upload(mixed_file), "mode": CLEAN_ROWS_ONLY, "year": 2024}
    )
    html = response.content.decode()
    assert "已导入 5 项任务" in html
    assert 'href="/tasks/import/rejected/"' in html
    download = client.get("/tasks/import/rejected/")
    assert download.status_code == 200
    assert download["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert quote("任务清单-未导入的行-") in download["Content-Disposition"]
    rows = read_xlsx(b"".join(download.streaming_content))
    assert rows[0][-1] == "错误原因"
    assert len(rows) == 6
    # another user's session has nothing to download
    assert client_as("admin").get("/tasks/import/rejected/").status_code == 404


def test_import_page_refuses_a_file_without_required_columns(client_as):
    data = xlsx([["消防宣传", "2024-03-31"]], header=["任务", "期限"])
    response = client_as("office").post(
        "/tasks/import/", {"file": upload(data), "mode": ALL_OR_NOTHING, "year": 2024}
    )
    html = response.content.decode()
    assert 'id="xa-import-refused"' in html
    assert "缺少必需的列：牵头单位" in html and "第一行的表头为：任务、期限" in html


def test_import_page_refuses_a_brigade(client_as):
    client = client_as("xinglongtai")
    page = client.get("/tasks/import/", follow=True)
    assert "无权导入任务清单" in page.content.decode()
    data = xlsx([[1, "消防宣传进社区", "兴隆台大队", None, None, None, None]])
    response = client.post(
        "/tasks/import/", {"file": upload(data), "mode": ALL_OR_NOTHING, "year": 2024}
    )
    assert response.status_code == 302
    assert not Task.objects.filter(title="消防宣传进社区").exists()
    assert client.get("/tasks/import/rejected/").status_code == 302


def test_import_template_can_be_downloaded(client_as):
    response = client_as("office").get("/tasks/import/template.xlsx")
    rows = read_xlsx(b"".join(response.streaming_content))
    assert rows[0] == ("任务", "牵头单位", "配合单位", "目标", "期限", "说明")


# ----- the export -----


@pytest.fixture
def listed(make_task):
    return {
        "hydrants": make_task(
            "兴隆台消火栓建设",
            deadline=dt.date(2020, 1, 1),
            co_organisations=[
                Organisation.objects.get(name="兴隆街道办事处"),
                Organisation.objects.get(name="惠宾社区居民委员会"),
            ],
        ),
        "publicity": make_task("兴隆台宣传", deadline=None),
        "neighbour": make_task("双台子排查", lead="双台子区消防救援大队"),
        "city": make_task("住建局普查", lead="盘锦市住房和城乡建设局"),
    }


def exported(response: Any) -> list[tuple[Any, ...]]:
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    return read_xlsx(b"".join(response.streaming_content))


def test_export_contains_exactly_the_filtered_tasks(client_as, listed, organisation, settings):
    settings.XIAOAN_TODAY = "2024-03-04"
    lead = organisation("兴隆台区消防救援大队").pk
    response = client_as("office").get("/tasks/export.xlsx", {"lead": lead})
    assert response["Content-Disposition"] == (
        "attachment; filename=\"tasks-20240304.xlsx\"; filename*=UTF-8''"
        + quote("任务清单-20240304.xlsx")
    )
    rows = exported(response)
    assert rows[0] == ("任务", "状态", "牵头单位", "配合单位", "期限", "逾期", "来源", "区域")
    assert rows[1:] == [
        (
            "兴隆台消火栓建设",
            "待办",
            "兴隆台区消防救援大队",
            "兴隆街道办事处、惠宾社区居民委员会",
            dt.datetime(2020, 1, 1),
            "是",
            None,
            "兴隆台区",
        ),
        ("兴隆台宣传", "待办", "兴隆台区消防救援大队", None, None, "否", None, "兴隆台区"),
    ]
    everything = exported(client_as("office").get("/tasks/export.xlsx"))
    assert {r[0] for r in everything[1:]} == {t.title for t in listed.values()}
    searched = exported(client_as("office").get("/tasks/export.xlsx", {"q": "普查"}))
    assert [r[0] for r in searched[1:]] == ["住建局普查"]


def test_export_never_shows_a_neighbours_tasks(client_as, listed, organisation):
    titles = {r[0] for r in exported(client_as("xinglongtai").get("/tasks/export.xlsx"))[1:]}
    assert titles == {"兴隆台消火栓建设", "兴隆台宣传"}
    neighbour = organisation("双台子区消防救援大队").pk
    rows = exported(client_as("xinglongtai").get("/tasks/export.xlsx", {"lead": neighbour}))
    assert rows[1:] == []


def test_export_with_a_bad_filter_goes_back_to_the_list(client_as, listed):
    response = client_as("office").get("/tasks/export.xlsx", {"lead": "abc"})
    assert response.status_code == 302
    assert response["Location"].startswith("/tasks/?")


def test_export_reads_the_tasks_in_a_fixed_number_of_queries(listed, make_task):
    for number in range(20):
        make_task(
            f"批量任务{number}", co_organisations=[Organisation.objects.get(name="兴隆街道办事处")]
        )
    out = io.BytesIO()
    with assert_query_count(2):  # the tasks with their relations, then the co-units
        count = exports.write_tasks_xlsx(Task.objects.order_by("id"), out)
    assert count == 24
    assert len(read_xlsx(out.getvalue())) == 25


def test_importers_columns_are_documented_on_the_page(client_as):
    html = client_as("office").get("/tasks/import/").content.decode()
    for column in importers.COLUMNS:
        assert "、".join(column.names) in html
