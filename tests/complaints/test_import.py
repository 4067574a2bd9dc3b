"""Importing 12345 exports: columns, bad rows, idempotence, the rejected workbook, the CLI."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from xiaoan.complaints.importers import ImportRefusedError, import_complaints
from xiaoan.complaints.models import Complaint
from xiaoan.core.clock import LOCAL_TZ
from xiaoan.core.errors import PermissionDeniedError

from .conftest import HEADER, csv_bytes, good_row, mixed_rows, xlsx_bytes

EXPECTED_ERRORS = [
    {
        "row": 4,
        "column": "来电时间",
        "reason": "无法识别的时间“昨天下午”，请写作 2024-02-25 09:30 或 2024/2/25 9:30:00",
    },
    {"row": 5, "column": "诉求内容", "reason": "诉求内容为空"},
    {"row": 6, "column": "工单编号", "reason": "工单编号为空"},
]


def check_mixed(result: Any) -> None:
    assert result.as_dict() == {
        "rows": 6,
        "imported": 3,
        "updated": 0,
        "rejected": 3,
        "errors": EXPECTED_ERRORS,
    }
    assert result.rows == result.imported + result.updated + result.rejected
    numbers = set(Complaint.objects.values_list("number", flat=True))
    assert numbers == {"GD001", "GD002", "GD005"}


@pytest.mark.parametrize(
    "make",
    [
        lambda rows: xlsx_bytes(rows),
        lambda rows: csv_bytes(rows),
        lambda rows: csv_bytes(rows, encoding="gbk"),
        lambda rows: b"\xef\xbb\xbf" + csv_bytes(rows),
    ],
    ids=["xlsx", "csv-utf8", "csv-gbk", "csv-utf8-bom"],
)
def test_mixed_good_and_bad_rows(make: Any, user: Any, local: Any) -> None:
    office = user("office")
    result = import_complaints(make(mixed_rows()), acting_user=office)
    check_mixed(result)
    first = Complaint.objects.get(number="GD001")
    assert first.received_at == local(2024, 2, 25, 9, 13)
    assert first.content.startswith("12号楼一单元楼道内")
    assert first.kind == "投诉" and first.channel == "电话" and first.urgency == "一般"
    assert first.handling_unit == "兴隆台区消防救援大队"
    # placed by its address (兴隆台区…惠宾社区…), classified by its content (电动车充电)
    assert first.area is not None and first.area.name == "惠宾社区"
    assert first.placed_by == "auto"
    assert first.fire_related is True and first.hazard_category == "ebike_indoor"
    assert first.classified_by == "auto"
    # 5 working days from Sunday 2024-02-25: 26, 27, 28, 29 Feb, 1 Mar
    assert first.due_at == dt.datetime.combine(dt.date(2024, 3, 1), dt.time.max, tzinfo=LOCAL_TZ)
    assert first.raw["工单编号"] == "GD001" and first.raw["受理渠道"] == "电话"
    assert Complaint.objects.get(number="GD002").received_at == local(2024, 2, 26, 8, 5)
    closed = Complaint.objects.get(number="GD005")
    assert closed.status == "已办结" and closed.reply == "已清理"
    # classified and placed as it is imported: one history entry
    assert closed.history.count() == 1
    assert closed.history.first().history_user == office  # type: ignore[union-attr]


def test_excel_dates_and_synonyms(user: Any, local: Any) -> None:
    header = ["工单号", "受理时间", "问题描述", "诉求地址", "处理单位", "办结时限", "办理结果"]
    rows = [
        [
            "A1",
            dt.datetime(2024, 2, 27, 14, 30),
            "楼道堆物",
            "惠宾社区",
            "兴隆街道",
            dt.date(2024, 3, 5),
            "已清理",
        ],
        ["A2", 45350.5, "消防通道堵塞", "", "", "", ""],
    ]
    result = import_complaints(xlsx_bytes(rows, header), acting_user=user("office"))
    assert (result.imported, result.rejected) == (2, 0), result.errors
    a1 = Complaint.objects.get(number="A1")
    assert a1.received_at == local(2024, 2, 27, 14, 30)
    assert a1.address == "惠宾社区" and a1.handling_unit == "兴隆街道" and a1.reply == "已清理"
    assert a1.due_at == dt.datetime.combine(dt.date(2024, 3, 5), dt.time.max, tzinfo=LOCAL_TZ)
    assert Complaint.objects.get(number="A2").received_at == local(2024, 2, 28, 12, 0)


def test_header_below_a_title_line(user: Any) -> None:
    data = "12345热线工单导出（2024年2月）\n".encode() + csv_bytes([good_row("T1")])
    result = import_complaints(data, acting_user=user("office"))
    assert result.imported == 1
    data = "标题\n".encode() + csv_bytes([good_row("T2", 来电时间="坏")])
    assert import_complaints(data, acting_user=user("office")).errors[0].row == 3


def test_missing_columns_are_refused_with_the_lists(user: Any) -> None:
    header = ["工单编号", "受理渠道", "标题", "备注"]
    with pytest.raises(ImportRefusedError) as caught:
        import_complaints(csv_bytes([["1", "电话", "x", ""]], header), acting_user=user("office"))
    error = caught.value
    assert error.details == {"missing": ["来电时间", "诉求内容"], "found": header}
    assert "来电时间（可用列名：来电时间、受理时间、登记时间" in error.message
    assert "找到的表头为：工单编号、受理渠道、标题、备注" in error.message
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "文件是空的"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "旧版 Excel"),
        (b"\x00\x01\x02", "无法读取"),
    ],
)
def test_unreadable_files_are_refused(data: bytes, reason: str, user: Any) -> None:
    with pytest.raises(ImportRefusedError, match=reason):
        import_complaints(data, acting_user=user("office"))


def test_reimport_updates_without_duplicates(user: Any, local: Any) -> None:
    office = user("office")
    import_complaints(xlsx_bytes(mixed_rows()), acting_user=office)
    again = import_complaints(xlsx_bytes(mixed_rows()), acting_user=office)
    assert (again.rows, again.imported, again.updated, again.rejected) == (6, 0, 3, 3)
    assert Complaint.objects.count() == 3
    assert Complaint.objects.get(number="GD001").history.count() == 1  # nothing changed

    newer = [
        good_row(
            "GD001",
            工单状态="已办结",
            回复内容="已劝离充电车辆并拆除飞线",
            办结时间="2024-02-27 16:00",
        ),
        good_row("GD006"),
    ]
    result = import_complaints(csv_bytes(newer, encoding="gbk"), acting_user=office)
    assert result.as_dict() == {"rows": 2, "imported": 1, "updated": 1, "rejected": 0, "errors": []}
    gd001 = Complaint.objects.get(number="GD001")
    assert gd001.status == "已办结" and gd001.reply == "已劝离充电车辆并拆除飞线"
    assert gd001.closed_at == local(2024, 2, 27, 16, 0)
    assert gd001.version == 2 and gd001.history.count() == 2
    assert Complaint.objects.count() == 4


def test_the_same_number_twice_in_one_file_is_one_order(user: Any) -> None:
    rows = [good_row("D1"), good_row("D1", 工单状态="已办结")]
    result = import_complaints(csv_bytes(rows), acting_user=user("office"))
    assert (result.imported, result.updated, result.rejected) == (1, 1, 0)
    assert Complaint.objects.get(number="D1").status == "已办结"


def test_rejected_workbook_holds_the_bad_rows_with_reasons(user: Any) -> None:
    result = import_complaints(xlsx_bytes(mixed_rows()), acting_user=user("office"))
    assert result.rejected_workbook is not None
    sheet = load_workbook(io.BytesIO(result.rejected_workbook)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [*HEADER, "错误原因"]
    assert [r[0] for r in rows[1:]] == ["GD003", "GD004", None]
    assert rows[1][1] == "昨天下午"
    assert rows[2][-1] == "诉求内容：诉求内容为空"
    assert rows[3][-1] == "工单编号：工单编号为空"
    # fixed and re-imported, the rejected rows import
    fixed = [list(r[:-1]) for r in rows[1:]]
    fixed[0][1] = "2024-02-25 10:00"
    fixed[1][HEADER.index("诉求内容")] = "补充的内容"
    fixed[2][0] = "GD007"
    again = import_complaints(xlsx_bytes(fixed), acting_user=user("office"))
    assert (again.imported, again.rejected) == (3, 0), again.errors
    assert (
        import_complaints(
            xlsx_bytes([good_row("OK")]), acting_user=user("office")
        ).rejected_workbook
        is None
    )


def test_brigade_may_not_import(user: Any) -> None:
    with pytest.raises(PermissionDeniedError):
        import_complaints(csv_bytes([good_row("X")]), acting_user=user("xinglongtai"))
    assert Complaint.objects.count() == 0


def test_an_order_of_another_area_is_not_updated_by_a_neighbour(user: Any, area: Any) -> None:
    from xiaoan.complaints.services import do_record_complaint

    admin = user("admin")
    complaint, _ = do_record_complaint(
        None,
        acting_user=admin,
        number="N1",
        received_at=dt.datetime(2024, 2, 25, tzinfo=LOCAL_TZ),
        content="x",
        area=area("双台子区"),
    )
    from xiaoan.complaints.importers import visible_to

    assert not visible_to(complaint, user("xinglongtai"))
    assert visible_to(complaint, user("shuangtaizi")) and visible_to(complaint, user("office"))
    complaint.area = None
    assert visible_to(complaint, user("office")) and not visible_to(complaint, user("shuangtaizi"))


def test_cli_json_output_is_exact(tmp_path: Any, db: Any) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes(mixed_rows(), encoding="gbk"))
    out = io.StringIO()
    call_command("import_complaints", str(path), "--json", stdout=out)
    assert json.loads(out.getvalue()) == {
        "rows": 6,
        "imported": 3,
        "updated": 0,
        "rejected": 3,
        "errors": EXPECTED_ERRORS,
    }
    assert list(json.loads(out.getvalue())) == ["rows", "imported", "updated", "rejected", "errors"]
    out = io.StringIO()
    call_command("import_complaints", str(path), "--json", stdout=out)
    assert json.loads(out.getvalue())["updated"] == 3


def test_cli_hyphenated_name(tmp_path: Any, db: Any, capsys: Any) -> None:
    from xiaoan.cli import main

    path = tmp_path / "export.xlsx"
    path.write_bytes(xlsx_bytes([good_row("C1")]))
    main(["import-complaints", str(path)])
    assert "共 1 行：新增 1，更新 0，未导入 0。" in capsys.readouterr().out
