"""The briefing pages: start one and watch it build, review and edit the draft,
export numbered versions, open an earlier one; roles and areas."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from xiaoan.briefings import pdf, services
from xiaoan.briefings.models import Briefing, BriefingVersion

from .conftest import docx_text

pytestmark = pytest.mark.django_db


def start(client: Any, capture: Any, **data: Any) -> Any:
    with capture(execute=True):
        return client.post("/briefings/new/", data)


@pytest.fixture
def no_pdf(monkeypatch: Any) -> None:
    """Exports in these tests skip LibreOffice (its own test checks the PDF)."""
    monkeypatch.setattr(pdf, "soffice", lambda: None)


@pytest.fixture
def march(demo, immediate, client_as, area, django_capture_on_commit_callbacks) -> Briefing:
    client = client_as("office")
    response = start(
        client,
        django_capture_on_commit_callbacks,
        kind="monthly",
        area=area("盘锦市").pk,
        month="2024-03",
    )
    briefing = Briefing.objects.get()
    assert response.status_code == 302 and response.url == f"/briefings/{briefing.pk}/"
    return briefing


def test_building_from_the_page_runs_in_the_background_with_progress(march, client_as):
    assert march.status == "done" and march.percent == 100
    assert (march.steps_done, march.steps_total) == (5, 5)
    assert march.title == "3月份行政办公会议重点工作情况通报"
    from xiaoan.core.models import Notification

    note = Notification.objects.get(recipient__username="office")
    assert note.title == "已生成：3月份行政办公会议重点工作情况通报"
    assert note.link == f"/briefings/{march.pk}/"
    progress = client_as("office").get(f"/briefings/{march.pk}/progress/")
    assert progress["HX-Refresh"] == "true"
    page = client_as("office").get(f"/briefings/{march.pk}/").content.decode()
    assert "3月份行政办公会议重点工作情况通报" in page
    assert "（2024年3月4日）" in page
    assert "发现火灾隐患或违法行为27处" in page
    assert "导出 Word" in page


def test_a_pending_build_shows_a_polling_progress_bar(demo, client_as, area, user):
    briefing = services.do_start_briefing(
        acting_user=user("office"), area=area("盘锦市"), month="2024-03"
    )  # the worker has not run it
    page = client_as("office").get(f"/briefings/{briefing.pk}/").content.decode()
    assert f'hx-get="/briefings/{briefing.pk}/progress/"' in page and "排队中" in page


def test_edit_a_section_then_export_numbered_versions(march, client_as, no_pdf, user):
    client = client_as("office")
    form = client.get(f"/briefings/{march.pk}/?edit=meetings").content.decode()
    assert 'name="text"' in form and "（一）2月22日" in form
    client.post(
        f"/briefings/{march.pk}/edit/",
        {"version": march.version, "key": "meetings", "text": "（一）市里开了会。\n1.抓落实。"},
    )
    march.refresh_from_db()
    assert march.edits == {"meetings": "（一）市里开了会。\n1.抓落实。"}
    page = client.get(f"/briefings/{march.pk}/").content.decode()
    assert "市里开了会。" in page and "已修改" in page and "2月22日，省、市" not in page

    response = client.post(f"/briefings/{march.pk}/export/", follow=True)
    assert "已导出第 1 版" in response.content.decode()
    first = BriefingVersion.objects.get(briefing=march, number=1)
    assert first.exported_by == user("office") and first.pdf_message.startswith("服务器未安装")
    word = client.get(f"/briefings/{march.pk}/versions/1/docx/")
    assert word.status_code == 200
    assert "（一）市里开了会。" in docx_text(b"".join(word.streaming_content))

    # a second edit and export: version 2; version 1 keeps its text
    march.refresh_from_db()
    client.post(
        f"/briefings/{march.pk}/edit/", {"version": march.version, "key": "meetings", "text": ""}
    )
    client.post(f"/briefings/{march.pk}/export/")
    second = BriefingVersion.objects.get(briefing=march, number=2)
    assert "2月22日，省、市" in docx_text(second.docx.open("rb").read())

    # a leader opens the earlier version
    leader = client_as("zhanming")
    old = leader.get(f"/briefings/{march.pk}/versions/1/").content.decode()
    assert "市里开了会。" in old and "第 1 版" in old
    detail = leader.get(f"/briefings/{march.pk}/").content.decode()
    assert "第 2 版" in detail and "第 1 版" in detail
    assert "导出 Word" not in detail and "?edit=" not in detail
    # the edits are in the history
    assert "修改“二、有关会议情况”" in detail


def test_a_stale_edit_is_refused_and_the_first_stays(march, client_as):
    client = client_as("office")
    version = march.version
    client.post(
        f"/briefings/{march.pk}/edit/", {"version": version, "key": "title", "text": "第一个标题"}
    )
    response = client.post(
        f"/briefings/{march.pk}/edit/",
        {"version": version, "key": "title", "text": "第二个标题"},
        follow=True,
    )
    assert "已被他人修改" in response.content.decode()
    march.refresh_from_db()
    assert march.draft().title == "第一个标题"


def test_roles_without_the_permission_cannot_build_edit_or_export(march, client_as, no_pdf):
    leader = client_as("zhanming")
    response = leader.get("/briefings/new/", follow=True)
    assert "无权编制通报" in response.content.decode()
    response = leader.post(
        f"/briefings/{march.pk}/edit/",
        {"version": march.version, "key": "title", "text": "领导改的"},
        follow=True,
    )
    assert "您的角色无权执行此操作" in response.content.decode()
    leader.post(f"/briefings/{march.pk}/export/")
    march.refresh_from_db()
    assert march.edits == {} and not march.versions.exists()


def test_a_neighbouring_county_gets_404(
    demo, immediate, client_as, area, no_pdf, django_capture_on_commit_callbacks, user
):
    briefing = services.do_start_briefing(
        acting_user=user("admin"), area=area("双台子区"), month="2024-03"
    )
    services.run_build(briefing.pk)
    services.do_export(briefing, acting_user=user("admin"))
    neighbour = client_as("xinglongtai")
    for url in (
        f"/briefings/{briefing.pk}/",
        f"/briefings/{briefing.pk}/progress/",
        f"/briefings/{briefing.pk}/versions/1/",
        f"/briefings/{briefing.pk}/versions/1/docx/",
    ):
        assert neighbour.get(url).status_code == 404, url
    assert neighbour.post(f"/briefings/{briefing.pk}/export/").status_code == 404
    assert "双台子区" not in neighbour.get("/briefings/").content.decode()
    # the county itself sees it
    assert client_as("shuangtaizi").get(f"/briefings/{briefing.pk}/versions/1/").status_code == 200


def test_a_compiler_cannot_build_for_an_area_outside_its_own(demo, user, area):
    from xiaoan.core.errors import PermissionDeniedError

    county_office = user("xinglongtai")
    with pytest.raises(PermissionDeniedError):
        services.do_start_briefing(
            acting_user=county_office, area=area("兴隆台区"), month="2024-03"
        )


def test_special_report_from_the_page(
    demo, immediate, client_as, django_capture_on_commit_callbacks, area
):
    from xiaoan.directives.models import Phase

    phase = Phase.objects.get(campaign__name="全市住宅小区消防安全综合治理", number=1)
    response = start(
        client_as("office"),
        django_capture_on_commit_callbacks,
        kind="special",
        area=area("盘锦市").pk,
        subject="phase",
        phase=phase.pk,
    )
    briefing = Briefing.objects.get()
    assert response.status_code == 302
    assert briefing.kind == "special" and briefing.status == "done"
    assert (briefing.start, briefing.end) == (phase.start, phase.end.replace(day=4))
    assert briefing.title == "关于全市住宅小区消防安全综合治理自查自改阶段工作情况的专报"


def test_bad_input_is_a_chinese_message(demo, client_as, area):
    client = client_as("office")
    page = client.post(
        "/briefings/new/", {"kind": "monthly", "area": area("盘锦市").pk, "month": "2024-3"}
    ).content.decode()
    assert "月份应为 2024-03 这样的年-月。" in page
    page = client.post(
        "/briefings/new/",
        {"kind": "special", "area": area("盘锦市").pk, "subject": "complaints"},
    ).content.decode()
    assert "请填写专报的“起止日期”。" in page
    page = client.post(
        "/briefings/new/",
        {
            "kind": "monthly",
            "area": area("盘锦市").pk,
            "month": "2024-03",
            "start": "2024-03-05",
            "end": "2024-03-01",
        },
    ).content.decode()
    assert "晚于截止日期" in page
    assert not Briefing.objects.exists()


def test_list_filters_and_exports_to_excel(march, client_as):
    client = client_as("office")
    page = client.get("/briefings/?kind=special").content.decode()
    assert "还没有通报" in page
    assert "类型“x”不存在" in client.get("/briefings/?kind=x").content.decode()
    response = client.get("/briefings/?format=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("编号", "类型", "标题")
    assert rows[1][1:3] == ("月度通报", "3月份行政办公会议重点工作情况通报")
