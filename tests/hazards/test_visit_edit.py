"""Correcting a supervision visit (督导检查): its edit page and PATCH /api/supervision-visits/{id}."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.edits import edit, form_values
from xiaoan.areas.models import Area, User
from xiaoan.hazards.models import SupervisionVisit
from xiaoan.hazards.services import do_record_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(db: object) -> SupervisionVisit:
    return do_record_visit(
        acting_user=User.objects.get(username="xinglongtai"),
        date=dt.date(2024, 3, 12),
        leader_name="王队",
        leader_title="大队长",
        title="惠宾街道夜查",
        area=Area.objects.get(name="兴隆台区"),
    )


def url(visit: SupervisionVisit) -> str:
    return f"/supervision-visits/{visit.pk}/edit/"


def test_the_brigade_corrects_a_visit_and_the_history_says_who_and_why(client_as, visit):
    brigade = client_as("xinglongtai")
    detail = brigade.get(f"/supervision-visits/{visit.pk}/").content.decode()
    assert f'href="{url(visit)}"' in detail
    response = edit(
        brigade, url(visit), reason="按督查记录表更正", date="2024-03-13", unannounced="on"
    )
    assert response.status_code == 302
    assert response["Location"] == f"/supervision-visits/{visit.pk}/"
    visit.refresh_from_db()
    assert visit.date == dt.date(2024, 3, 13) and visit.unannounced and visit.version == 2
    assert visit.leader_name == "王队"
    entry = visit.history.first()
    assert entry.history_user.username == "xinglongtai"
    assert entry.history_change_reason == "按督查记录表更正"
    page = brigade.get(f"/supervision-visits/{visit.pk}/").content.decode()
    assert "按督查记录表更正" in page and "四不两直" in page


def test_a_blank_leader_is_refused_on_its_field(client_as, visit):
    response = edit(client_as("xinglongtai"), url(visit), leader_name="")
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    visit.refresh_from_db()
    assert visit.leader_name == "王队"


def test_a_stale_version_is_refused(client_as, api_as, visit):
    brigade = client_as("xinglongtai")
    data = form_values(brigade.get(url(visit)))
    first = api_as("office").patch(
        f"/api/supervision-visits/{visit.pk}",
        {"version": 1, "notes": "检查 5 处", "reason": "补录情况"},
    )
    assert first.status_code == 200 and first.json()["version"] == 2
    response = brigade.post(url(visit), data | {"title": "改名", "reason": "更正"})
    assert response.status_code == 200 and "已被他人修改" in response.content.decode()
    stale = api_as("xinglongtai").patch(
        f"/api/supervision-visits/{visit.pk}", {"version": 1, "title": "又改"}
    )
    assert stale.status_code == 409
    visit.refresh_from_db()
    assert visit.title == "惠宾街道夜查" and visit.notes == "检查 5 处"
    entry = visit.history.first()
    assert entry.history_change_reason == "补录情况" and entry.history_user.username == "office"


def test_the_reason_is_required(client_as, visit):
    response = edit(client_as("xinglongtai"), url(visit), reason="", title="改名")
    assert "请填写修改原因" in response.content.decode()
    visit.refresh_from_db()
    assert visit.version == 1


def test_the_neighbour_gets_404(client_as, api_as, visit):
    assert client_as("shuangtaizi").get(url(visit)).status_code == 404
    response = api_as("shuangtaizi").patch(
        f"/api/supervision-visits/{visit.pk}", {"version": 1, "title": "x"}
    )
    assert response.status_code == 404


def test_a_read_only_role_gets_no_link_and_is_refused(client_as, api_as, visit):
    auditor = client_as("auditor")
    detail = auditor.get(f"/supervision-visits/{visit.pk}/")
    assert detail.status_code == 200 and url(visit) not in detail.content.decode()
    response = auditor.get(url(visit), follow=True)
    assert "无权修改此督导检查记录" in response.content.decode()
    api = api_as("auditor").patch(
        f"/api/supervision-visits/{visit.pk}", {"version": 1, "title": "x"}
    )
    assert api.status_code == 403
    visit.refresh_from_db()
    assert visit.title == "惠宾街道夜查" and visit.version == 1
