"""Correcting an announced visit (迎检): its edit page and the PATCH with a reason."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.edits import edit, form_values
from xiaoan.areas.models import Area, User
from xiaoan.duty import services
from xiaoan.duty.models import UpcomingInspection

pytestmark = pytest.mark.django_db


def announce(username: str, area: str) -> UpcomingInspection:
    return services.do_announce_inspection(
        acting_user=User.objects.get(username=username),
        title="省消防安全委员会督导组检查",
        inspecting_body="省消安委督导组",
        area=Area.objects.get(name=area),
        starts_on=dt.date(2024, 3, 18),
        ends_on=dt.date(2024, 3, 20),
    )


@pytest.fixture
def visit(db: object) -> UpcomingInspection:
    return announce("xinglongtai", "兴隆台区")


def url(visit: UpcomingInspection) -> str:
    return f"/upcoming-inspections/{visit.pk}/edit/"


def test_the_brigade_corrects_the_dates_and_the_history_says_who_and_why(client_as, visit):
    brigade = client_as("xinglongtai")
    detail = brigade.get(f"/upcoming-inspections/{visit.pk}/").content.decode()
    assert f'href="{url(visit)}"' in detail
    response = edit(
        brigade, url(visit), reason="督导组推迟一天", starts_on="2024-03-19", ends_on="2024-03-21"
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.starts_on, visit.ends_on) == (dt.date(2024, 3, 19), dt.date(2024, 3, 21))
    entry = visit.history.first()
    assert entry.history_user.username == "xinglongtai"
    assert entry.history_change_reason == "督导组推迟一天"
    assert "督导组推迟一天" in brigade.get(f"/upcoming-inspections/{visit.pk}/").content.decode()


def test_an_end_before_the_start_is_refused_on_its_field(client_as, visit):
    response = edit(client_as("xinglongtai"), url(visit), ends_on="2024-03-01")
    assert response.status_code == 200 and "结束日期早于开始日期" in response.content.decode()
    visit.refresh_from_db()
    assert visit.ends_on == dt.date(2024, 3, 20)


def test_a_stale_version_is_refused(client_as, api_as, visit):
    brigade = client_as("xinglongtai")
    data = form_values(brigade.get(url(visit)))
    first = api_as("office").patch(
        f"/api/upcoming-inspections/{visit.pk}",
        {"version": 1, "location": "兴隆台区各街道", "reason": "按通知更正"},
    )
    assert first.status_code == 200 and first.json()["version"] == 2
    response = brigade.post(url(visit), data | {"focus": "电动自行车", "reason": "补充"})
    assert response.status_code == 200 and "已被他人修改" in response.content.decode()
    stale = api_as("xinglongtai").patch(
        f"/api/upcoming-inspections/{visit.pk}", {"version": 1, "focus": "x"}
    )
    assert stale.status_code == 409
    visit.refresh_from_db()
    assert visit.focus == "" and visit.location == "兴隆台区各街道"
    entry = visit.history.first()
    assert entry.history_change_reason == "按通知更正" and entry.history_user.username == "office"


def test_the_reason_is_required(client_as, visit):
    response = edit(client_as("xinglongtai"), url(visit), reason="", location="x")
    assert "请填写修改原因" in response.content.decode()
    visit.refresh_from_db()
    assert visit.version == 1


def test_the_neighbour_gets_404(client_as, api_as, visit):
    assert client_as("shuangtaizi").get(url(visit)).status_code == 404
    response = api_as("shuangtaizi").patch(
        f"/api/upcoming-inspections/{visit.pk}", {"version": 1, "focus": "x"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("username", ["auditor", "xinglongtai"])
def test_who_may_only_read_gets_no_link_and_is_refused(client_as, api_as, username):
    # the city's visit: the district brigade sees it to prepare, but may not change it
    city = announce("office", "盘锦市")
    reader = client_as(username)
    detail = reader.get(f"/upcoming-inspections/{city.pk}/")
    assert detail.status_code == 200 and url(city) not in detail.content.decode()
    response = reader.get(url(city), follow=True)
    assert "无权修改此迎检" in response.content.decode()
    api = api_as(username).patch(
        f"/api/upcoming-inspections/{city.pk}", {"version": 1, "focus": "x"}
    )
    assert api.status_code == 403
    city.refresh_from_db()
    assert city.focus == "" and city.version == 1
