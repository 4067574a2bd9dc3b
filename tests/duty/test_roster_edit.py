"""Correcting a roster entry (值班安排): its edit page, linked from its day, and PATCH /api/duty/{id}."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.edits import edit, form_values
from xiaoan.areas.models import Organisation, User
from xiaoan.duty import services
from xiaoan.duty.choices import DutyRole
from xiaoan.duty.models import DutyShift

pytestmark = pytest.mark.django_db

UNIT = "兴隆台区消防救援大队"


@pytest.fixture
def shift(db: object) -> DutyShift:
    return services.do_assign_shift(
        acting_user=User.objects.get(username="xinglongtai"),
        organisation=Organisation.objects.get(name=UNIT),
        date=dt.date(2024, 3, 8),
        role=DutyRole.OFFICER,
        person="刘洋",
        phone="13800000001",
    )


def url(shift: DutyShift) -> str:
    return f"/duty/shifts/{shift.pk}/edit/"


def day_cell(client, shift: DutyShift) -> str:
    return client.get(
        "/duty/day/", {"org": shift.organisation_id, "date": f"{shift.date:%Y-%m-%d}"}
    ).content.decode()


def test_the_brigade_corrects_a_name_and_the_history_says_who_and_why(client_as, shift):
    brigade = client_as("xinglongtai")
    assert f'href="{url(shift)}"' in day_cell(brigade, shift)
    response = edit(brigade, url(shift), reason="姓名录错", person="刘阳")
    assert response.status_code == 302
    assert response["Location"] == f"/duty/?org={shift.organisation_id}&month=2024-03"
    shift.refresh_from_db()
    assert shift.person == "刘阳" and shift.phone == "13800000001" and shift.version == 2
    entry = shift.history.first()
    assert entry.history_user.username == "xinglongtai"
    assert entry.history_change_reason == "姓名录错"


def test_moving_to_another_day_opens_that_month(client_as, shift):
    response = edit(client_as("xinglongtai"), url(shift), reason="调班", date="2024-04-01")
    assert response["Location"].endswith("month=2024-04")
    shift.refresh_from_db()
    assert shift.date == dt.date(2024, 4, 1)


def test_the_same_person_twice_in_a_role_is_refused(client_as, shift):
    services.do_assign_shift(
        acting_user=User.objects.get(username="xinglongtai"),
        organisation=shift.organisation,
        date=shift.date,
        role=DutyRole.LEADER,
        person="刘洋",
    )
    response = edit(client_as("xinglongtai"), url(shift), role=DutyRole.LEADER)
    assert response.status_code == 200
    assert "不能重复安排" in response.content.decode()
    shift.refresh_from_db()
    assert shift.role == DutyRole.OFFICER


def test_a_stale_version_is_refused(client_as, api_as, shift):
    brigade = client_as("xinglongtai")
    data = form_values(brigade.get(url(shift)))
    first = api_as("office").patch(
        f"/api/duty/{shift.pk}", {"version": 1, "phone": "13900000000", "reason": "换号"}
    )
    assert first.status_code == 200 and first.json()["version"] == 2
    response = brigade.post(url(shift), data | {"person": "别人", "reason": "更正"})
    assert response.status_code == 200 and "已被他人修改" in response.content.decode()
    stale = api_as("xinglongtai").patch(f"/api/duty/{shift.pk}", {"version": 1, "person": "x"})
    assert stale.status_code == 409
    shift.refresh_from_db()
    assert shift.person == "刘洋" and shift.phone == "13900000000"
    assert shift.history.first().history_change_reason == "换号"


def test_the_reason_is_required(client_as, shift):
    response = edit(client_as("xinglongtai"), url(shift), reason="", person="刘阳")
    assert "请填写修改原因" in response.content.decode()
    shift.refresh_from_db()
    assert shift.person == "刘洋"


def test_the_neighbour_gets_404(client_as, api_as, shift):
    assert client_as("shuangtaizi").get(url(shift)).status_code == 404
    response = api_as("shuangtaizi").patch(f"/api/duty/{shift.pk}", {"version": 1, "person": "x"})
    assert response.status_code == 404


def test_a_read_only_role_gets_no_link_and_is_refused(client_as, api_as, shift):
    auditor = client_as("auditor")
    cell = day_cell(auditor, shift)
    assert "刘洋" in cell and url(shift) not in cell
    response = auditor.get(url(shift), follow=True)
    assert "无权安排值班" in response.content.decode()
    api = api_as("auditor").patch(f"/api/duty/{shift.pk}", {"version": 1, "person": "x"})
    assert api.status_code == 403
    shift.refresh_from_db()
    assert shift.person == "刘洋" and shift.version == 1
