"""The duty roster (calendar and Excel import) and the daily dispatch (missing
submissions, the compiled summary as Word), scoped by area."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from openpyxl import Workbook

from tests.zipbombs import MB, bomb_xlsx
from xiaoan.areas.models import Area, Organisation
from xiaoan.core.errors import PermissionDeniedError, XiaoanError
from xiaoan.directives.importers import ImportRefusedError
from xiaoan.duty import queries, services
from xiaoan.duty.importers import import_roster
from xiaoan.duty.models import DutyShift

pytestmark = pytest.mark.django_db

UNITS = ["兴隆台区消防救援大队", "双台子区消防救援大队", "盘锦市住房和城乡建设局"]


def workbook(*rows: list[object]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["日期", "单位", "岗位", "姓名", "电话"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def period(user):
    return services.do_create_dispatch_period(
        acting_user=user("office"),
        title="全国两会期间安全稳定",
        area=Area.objects.get(name="盘锦市"),
        start_date=dt.date(2024, 3, 3),
        organisations=[Organisation.objects.get(name=n) for n in UNITS],
    )


def submit(period, user, username: str, day: str, text: str = "辖区安全平稳"):
    member = user(username)
    return services.do_submit_status(
        period,
        acting_user=member,
        organisation=member.organisation,
        date=dt.date.fromisoformat(day),
        status="stable",
        content=text,
    )


def test_missing_submissions_are_listed_and_late_ones_flagged(at, period, user, client_as):
    at("2024-03-04 14:30")
    submit(period, user, "xinglongtai", "2024-03-04")
    at("2024-03-04 15:20")
    submit(period, user, "zhujian", "2024-03-04", "建筑工地动火作业已全面检查")
    day = dt.date(2024, 3, 4)
    assert [o.name for o in queries.missing_submissions(period, day)] == ["双台子区消防救援大队"]
    summary = queries.dispatch_day(period, day, user("office"))
    assert [s.organisation.name for s in summary.late()] == ["盘锦市住房和城乡建设局"]
    page = client_as("office").get(f"/dispatches/{period.pk}/?day=2024-03-04").content.decode()
    assert "截至 15:00 未报送" in page and "<strong>双台子区消防救援大队</strong>" in page
    assert 'id="xa-missing-count">1<' in page and "迟报" in page
    # a brigade sees its own submission and its own gap, not the neighbour's
    mine = queries.dispatch_day(period, day, user("shuangtaizi"))
    assert mine.submissions == [] and [o.name for o in mine.missing] == ["双台子区消防救援大队"]
    # the day before: nothing submitted, everyone missing; before the period: nothing due
    assert len(queries.missing_submissions(period, dt.date(2024, 3, 3))) == 3
    assert queries.missing_submissions(period, dt.date(2024, 3, 2)) == []


def test_the_days_summary_downloads_as_a_word_document(at, period, user, client_as):
    at("2024-03-04 14:00")
    submit(period, user, "xinglongtai", "2024-03-04", "惠宾社区高层住宅电动车集中整治")
    response = client_as("office").get(f"/dispatches/{period.pk}/?day=2024-03-04&format=docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "全国两会期间安全稳定每日调度情况汇总" in text
    assert "应报送单位3个，已报送1个，未报送2个" in text
    assert "惠宾社区高层住宅电动车集中整治" in text
    assert "未报送：盘锦市住房和城乡建设局、双台子区消防救援大队。" in text
    assert "2024年3月4日" in text


def test_submitting_for_another_unit_or_a_future_day_is_refused(at, period, user):
    at("2024-03-04 10:00")
    with pytest.raises(PermissionDeniedError, match="只能在本辖区范围内操作"):
        services.do_submit_status(
            period,
            acting_user=user("xinglongtai"),
            organisation=Organisation.objects.get(name="双台子区消防救援大队"),
            date=dt.date(2024, 3, 4),
            status="stable",
            content="x",
        )
    with pytest.raises(PermissionDeniedError, match="只能报送本单位"):
        services.do_submit_status(
            period,
            acting_user=user("office"),
            organisation=Organisation.objects.get(name="双台子区消防救援大队"),
            date=dt.date(2024, 3, 4),
            status="stable",
            content="x",
        )
    with pytest.raises(XiaoanError, match="今天以后"):
        submit(period, user, "xinglongtai", "2024-03-05")
    # submitting twice the same day updates the one row, with history
    first = submit(period, user, "xinglongtai", "2024-03-04", "平稳")
    second = submit(period, user, "xinglongtai", "2024-03-04", "发生一起厨房火灾，已扑灭")
    assert first.pk == second.pk and second.version == 2


def test_submit_through_the_page_and_the_api(at, period, client_as, api_as):
    at("2024-03-04 14:00")
    response = client_as("xinglongtai").post(
        f"/dispatches/{period.pk}/submit/",
        {"day": "2024-03-04", "status": "attention", "content": "惠宾社区停电，已安排巡查"},
        follow=True,
    )
    assert "安全情况已报送" in response.content.decode()
    api = api_as("zhujian")
    created = api.post(
        f"/api/dispatches/{period.pk}/submissions",
        {"date": "2024-03-04", "status": "stable", "content": "平稳"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    day = api_as("office").get(f"/api/dispatches/{period.pk}/days/2024-03-04").json()
    assert [m["name"] for m in day["missing"]] == ["双台子区消防救援大队"]
    listed = api_as("shuangtaizi").get("/api/dispatches/submissions", period=period.pk).json()
    assert listed["count"] == 0


def test_roster_import_reports_every_bad_row_and_imports_nothing(user):
    office = user("office")
    result = import_roster(
        workbook(
            ["2024-03-03", "盘锦市消防救援支队", "带班领导", "曹希锋", "0427-1"],
            ["2024-3-32", "盘锦市消防救援支队", "值班员", "张伟", ""],
            ["2024-03-04", "不存在的单位", "值班员", "李娜", ""],
            ["2024-03-04", "支队", "厨师", "王强", ""],
            ["2024-03-05", "兴隆台区消防救援大队", "驾驶员", "", ""],
        ),
        acting_user=office,
    )
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "日期"),
        (4, "单位"),
        (5, "岗位"),
        (6, "姓名"),
    ]
    assert "“2024-3-32”不是日期" in result.errors[0].reason
    assert "找不到单位“不存在的单位”" in result.errors[1].reason
    assert "岗位“厨师”不认识" in result.errors[2].reason
    assert DutyShift.objects.count() == 0


def test_roster_import_of_clean_rows_and_outside_the_area(user, client_as):
    result = import_roster(
        workbook(
            ["2024-03-03", "盘锦市消防救援支队", "带班领导", "曹希锋", "0427-1"],
            [dt.datetime(2024, 3, 3), "支队", "值班员", "张伟", ""],
        ),
        acting_user=user("office"),
    )
    assert (result.errors, result.created) == ([], 2)
    shift = DutyShift.objects.get(person="张伟")
    assert shift.history.first().history_user.username == "office"
    # a county brigade cannot put people on another county's roster
    refused = import_roster(
        workbook(["2024-03-03", "双台子区消防救援大队", "值班员", "赵六", ""]),
        acting_user=user("xinglongtai"),
    )
    assert refused.errors[0].column == "单位" and "不在您的辖区内" in refused.errors[0].reason
    # the page reports rows with row number, column and reason
    upload = io.BytesIO(workbook(["昨天", "支队", "值班员", "钱七", ""]))
    upload.name = "roster.xlsx"
    page = client_as("office").post("/duty/import/", {"file": upload}).content.decode()
    assert "第 2 行，日期：“昨天”不是日期" in page


def test_roster_calendar_is_edited_in_place(at, client_as, api_as, user):
    at("2024-03-04 09:00")
    browser = client_as("xinglongtai")
    org = Organisation.objects.get(name="兴隆台区消防救援大队")
    page = browser.get(f"/duty/?org={org.pk}&month=2024-03").content.decode()
    assert 'id="xa-day-2024-03-31"' in page and "2024年3月" in page
    cell = browser.post(
        "/duty/day/",
        {
            "org": org.pk,
            "date": "2024-03-05",
            "role": "leader",
            "person": "刘大队长",
            "phone": "139",
        },
        headers={"HX-Request": "true"},
    ).content.decode()
    assert cell.startswith('<div id="xa-day-2024-03-05"') and "带班领导：刘大队长" in cell
    again = browser.post(
        "/duty/day/", {"org": org.pk, "date": "2024-03-05", "role": "leader", "person": "刘大队长"}
    ).content.decode()
    assert "已排为带班领导，无需重复安排" in again
    shift = DutyShift.objects.get(person="刘大队长")
    # the neighbour cannot see or remove it
    assert client_as("shuangtaizi").post(f"/duty/shifts/{shift.pk}/remove/").status_code == 404
    assert api_as("shuangtaizi").get(f"/api/duty/{shift.pk}").status_code == 404
    other = Organisation.objects.get(name="双台子区消防救援大队")
    assert browser.get(f"/duty/?org={other.pk}").status_code == 404
    # removing keeps the history
    cell = browser.post(f"/duty/shifts/{shift.pk}/remove/").content.decode()
    assert "刘大队长" not in cell
    assert DutyShift.history.filter(person="刘大队长", history_type="-").count() == 1
    listed = api_as("office").get("/api/duty", organisation=org.pk).json()
    assert listed["count"] == 0


def test_roster_texts_beyond_the_limits_are_reported_and_nothing_is_imported(user):
    result = import_roster(
        workbook(
            ["2024-03-03", "盘锦市消防救援支队", "带班领导", "曹希锋", "0427-1"],
            ["2024-03-03", "盘锦市消防救援支队", "值班员", "张" * 51, ""],
            ["2024-03-03", "盘锦市消防救援支队", "值班员", "张伟", "1" * 51],
        ),
        acting_user=user("office"),
    )
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (3, "姓名", "内容超过 50 字"),
        (4, "电话", "内容超过 50 字"),
    ]
    assert DutyShift.objects.count() == 0


def test_roster_zip_bomb_is_refused_before_it_is_read(user):
    bomb = bomb_xlsx(
        ["日期", "单位", "岗位", "姓名", "电话"],
        ["2024-03-03", "盘锦市消防救援支队", "带班领导", None, None],
        huge_column=3,
        size=30 * MB,
    )
    with pytest.raises(ImportRefusedError, match="疑似压缩炸弹，已拒绝读取"):
        import_roster(bomb, acting_user=user("office"))
    assert DutyShift.objects.count() == 0
