"""Correcting an inspection before anyone else signs it (`/inspections/<id>/edit/`)."""

from __future__ import annotations

from typing import Any

import pytest

from xiaoan.areas.models import Area, Organisation, User
from xiaoan.areas.services import do_create_user
from xiaoan.core.errors import InvalidTransitionError, StaleEditError
from xiaoan.core.models import Notification
from xiaoan.hazards.choices import InspectionKind
from xiaoan.hazards.models import Inspection
from xiaoan.hazards.services import do_record_inspection, do_sign_inspection
from xiaoan.hazards.services.inspection_edit import SIGNED_MESSAGE, do_edit_inspection

from .conftest import local

pytestmark = pytest.mark.django_db

GRID = "惠宾社区第一网格"


@pytest.fixture
def township(db: Any) -> User:
    return do_create_user(
        acting_user=None,
        username="xl_street",
        password="x",
        full_name="兴隆街道专干",
        roles=["grid_worker"],
        area=Area.objects.get(name="兴隆街道"),
        organisation=Organisation.objects.get(name="兴隆街道办事处"),
        check_password_strength=False,
    )


@pytest.fixture
def inspection(make_place: Any, grid_worker: User, brigade: User) -> Inspection:
    """A grid check of 惠宾苑9号楼 by the grid worker with the brigade, not yet signed."""
    return do_record_inspection(
        acting_user=grid_worker,
        place=make_place("惠宾苑9号楼", area_name=GRID),
        kind=InspectionKind.GRID_CHECK,
        inspectors=[brigade],
        no_hazard=True,
        notes="楼道畅通",
        at=local(2024, 3, 2, 9, 30),
    )


def form_data(inspection: Inspection, **changes: Any) -> dict[str, Any]:
    data = {
        "version": inspection.version,
        "at": "2024-03-02T09:30",
        "kind": inspection.kind,
        "notes": inspection.notes,
        "co_inspectors": [u.pk for u in inspection.co_inspectors],
        "reason": "补录随同检查的街道专干",
    }
    return data | changes


def test_the_edit_page_saves_notes_and_co_inspectors_with_history(
    inspection, client_as, brigade, township, django_capture_on_commit_callbacks
):
    url = f"/inspections/{inspection.pk}/edit/"
    client = client_as("grid")
    assert "修改" in client.get(f"/inspections/{inspection.pk}/").content.decode()
    page = client.get(url).content.decode()
    assert "修改原因" in page and "兴隆街道专干" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            form_data(
                inspection, notes="楼道畅通，消火栓完好", co_inspectors=[brigade.pk, township.pk]
            ),
        )
    assert response.status_code == 302 and response.url == f"/inspections/{inspection.pk}/"
    inspection.refresh_from_db()
    assert inspection.notes == "楼道畅通，消火栓完好"
    assert {u.username for u in inspection.co_inspectors} == {"xinglongtai", "xl_street"}
    assert inspection.version == 2 and inspection.completed_at is None
    entry = inspection.history.latest("history_date")
    assert entry.history_user.username == "grid"
    assert entry.history_change_reason == "补录随同检查的街道专干；增加检查人：兴隆街道专干"
    # only the one added is asked to sign: nobody is asked twice
    asked = Notification.objects.filter(
        kind="inspection_sign", link=f"/inspections/{inspection.pk}/sign/"
    )
    assert list(asked.values_list("recipient__username", flat=True)) == ["xl_street"]


def test_an_unchanged_time_is_not_a_change(inspection, client_as):
    client_as("grid").post(f"/inspections/{inspection.pk}/edit/", form_data(inspection))
    inspection.refresh_from_db()
    assert inspection.version == 1 and inspection.at == local(2024, 3, 2, 9, 30)


def test_removing_the_last_unsigned_inspector_completes_the_inspection(inspection, grid_worker):
    done = do_edit_inspection(
        inspection,
        {"co_inspectors": frozenset()},
        acting_user=grid_worker,
        expected_version=1,
        reason="大队监督员未到场",
    )
    assert done.completed_at is not None and not done.co_inspectors
    assert done.history.latest("history_date").history_change_reason == (
        "大队监督员未到场；去掉检查人：兴隆台大队"
    )


def test_a_stale_version_is_refused_and_nothing_changes(inspection, client_as, grid_worker):
    do_edit_inspection(
        inspection,
        {"notes": "第一次更正"},
        acting_user=grid_worker,
        expected_version=1,
        reason="更正",
    )
    response = client_as("grid").post(
        f"/inspections/{inspection.pk}/edit/", form_data(inspection, notes="第二次更正", version=1)
    )
    assert "该记录已被他人修改" in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.notes == "第一次更正" and inspection.version == 2
    with pytest.raises(StaleEditError):
        do_edit_inspection(
            inspection, {"notes": "x"}, acting_user=grid_worker, expected_version=1, reason="r"
        )


def test_once_a_co_inspector_has_signed_the_edit_is_refused(inspection, client_as, brigade):
    do_sign_inspection(inspection, acting_user=brigade)
    client = client_as("grid")
    assert (
        f"/inspections/{inspection.pk}/edit/"
        not in client.get(f"/inspections/{inspection.pk}/").content.decode()
    )
    refused = client.post(
        f"/inspections/{inspection.pk}/edit/", form_data(inspection, notes="改"), follow=True
    )
    assert SIGNED_MESSAGE in refused.content.decode()
    with pytest.raises(InvalidTransitionError, match=SIGNED_MESSAGE):
        do_edit_inspection(
            inspection,
            {"notes": "改"},
            acting_user=inspection.created_by,
            expected_version=inspection.version + 1,
            reason="r",
        )
    inspection.refresh_from_db()
    assert inspection.notes == "楼道畅通"


def test_the_neighbour_gets_404(inspection, client_as):
    assert client_as("shuangtaizi").get(f"/inspections/{inspection.pk}/edit/").status_code == 404
    assert (
        client_as("shuangtaizi")
        .post(f"/inspections/{inspection.pk}/edit/", form_data(inspection, notes="改"))
        .status_code
        == 404
    )


@pytest.mark.parametrize("username", ["auditor", "xinglongtai"])
def test_a_read_only_role_or_a_co_inspector_gets_no_link_and_is_refused(
    inspection, client_as, username
):
    client = client_as(username)
    detail = client.get(f"/inspections/{inspection.pk}/").content.decode()
    assert f"/inspections/{inspection.pk}/edit/" not in detail
    refused = client.post(
        f"/inspections/{inspection.pk}/edit/", form_data(inspection, notes="改"), follow=True
    )
    assert "只有登记此次检查的检查人可以修改。" in refused.content.decode()
    inspection.refresh_from_db()
    assert inspection.notes == "楼道畅通" and inspection.version == 1
