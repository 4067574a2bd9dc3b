"""Co-inspectors (排查人清单签字): who may be listed, the notification asking each
to sign, the sign page with its drawn signature, and completion — an inspection
counts for coverage only once every listed inspector has signed."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiaoan.areas.models import Area, Organisation, User
from xiaoan.areas.services import do_create_user
from xiaoan.core.errors import XiaoanError
from xiaoan.core.models import Attachment, Notification
from xiaoan.hazards.choices import InspectionKind
from xiaoan.hazards.models import Inspection
from xiaoan.hazards.queries import coverage
from xiaoan.hazards.services import do_record_inspection, do_sign_inspection
from xiaoan.hazards.services.inspectors import co_inspector_candidates
from xiaoan.places.models import Place

from .conftest import exactly, local, png_bytes

pytestmark = pytest.mark.django_db

GRID = "惠宾社区第一网格"


def drawn() -> str:
    """What the signature pad sends: the canvas as a PNG data URL."""
    return "data:image/png;base64," + base64.b64encode(png_bytes()).decode()


def make_user(username: str, role: str, area: str, organisation: str, **kwargs: Any) -> User:
    return do_create_user(
        acting_user=None,
        username=username,
        password="x",
        full_name=kwargs.pop("full_name", username),
        roles=[role],
        area=Area.objects.get(name=area),
        organisation=Organisation.objects.get(name=organisation),
        check_password_strength=False,
        **kwargs,
    )


@pytest.fixture
def township(db: Any) -> User:
    """An inspector of 兴隆街道, the township above 惠宾社区."""
    return make_user(
        "xl_street", "grid_worker", "兴隆街道", "兴隆街道办事处", full_name="兴隆街道专干"
    )


@pytest.fixture
def neighbour_community(db: Any) -> User:
    """A grid worker of 胜利社区 in the neighbouring district."""
    return make_user(
        "sl_grid", "grid_worker", "胜利社区", "胜利社区居民委员会", full_name="胜利社区网格员"
    )


@pytest.fixture
def grid_place(make_place: Any) -> Place:
    return make_place(
        "惠宾苑8号楼",
        area_name=GRID,
        property_company=Organisation.objects.get(name="盘锦惠宾物业服务有限公司"),
    )


# ----- who may be listed -----


def test_the_candidates_are_the_inspectors_of_the_community_township_and_brigade(
    grid_place, grid_worker, brigade, colleague, township, neighbour_community, client_as
):
    names = set(
        co_inspector_candidates(grid_place, lead=grid_worker).values_list("username", flat=True)
    )
    assert names == {"xinglongtai", "xlt_colleague", "xl_street"}
    # the office records the same place: the same people (never auditors, the property
    # manager, city leaders or the city's own staff), plus the grid worker of the grid
    office_names = set(
        co_inspector_candidates(grid_place, lead=User.objects.get(username="office")).values_list(
            "username", flat=True
        )
    )
    assert office_names == names | {"grid"}
    # the grid worker's form offers them, with a search box to narrow the list
    page = client_as("grid").get(f"/places/{grid_place.pk}/inspect/").content.decode()
    assert "查找检查人" in page and "data-xa-filter-input" in page
    assert "兴隆台大队队员" in page and "兴隆街道专干" in page
    offered = page.split("data-xa-filter>")[1].split("</fieldset>")[0]
    assert "兴隆台大队队员" in offered
    for absent in ("惠宾物业经理", "审计员", "市领导", "支队办公室", "胜利社区网格员"):
        assert absent not in offered


def test_the_service_refuses_a_co_inspector_of_a_neighbouring_area(
    grid_place, grid_worker, neighbour_community
):
    with pytest.raises(XiaoanError) as exc:
        do_record_inspection(
            acting_user=grid_worker,
            place=grid_place,
            kind=InspectionKind.GRID_CHECK,
            inspectors=[neighbour_community],
            no_hazard=True,
        )
    assert exc.value.message == (
        "检查人“胜利社区网格员”不属于该场所所在的社区、乡镇街道或大队，不能作为检查人。"
    )
    assert not Inspection.objects.filter(place=grid_place).exists()


def test_the_api_refuses_an_id_outside_the_candidates_without_naming_the_person(
    grid_place, api_as, neighbour_community, brigade
):
    api = api_as("grid")
    body = {"place_id": grid_place.pk, "kind": "grid_check", "no_hazard": True}
    refused = api.post(
        "/api/inspections",
        {**body, "inspector_ids": [neighbour_community.pk]},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "胜利" not in refused.content.decode()
    made = api.post(
        "/api/inspections", {**body, "inspector_ids": [brigade.pk]}, content_type="application/json"
    )
    assert made.status_code == 201, made.content
    assert made.json()["completed_at"] is None
    assert [s["inspector"] for s in made.json()["signatures"]] == ["惠宾社区网格员", "兴隆台大队"]


# ----- the notification and the sign page -----


def record(place: Place, lead: User, *others: User) -> Inspection:
    return do_record_inspection(
        acting_user=lead,
        place=place,
        kind=InspectionKind.GRID_CHECK,
        inspectors=list(others),
        no_hazard=True,
        at=local(2024, 3, 2),
    )


def test_each_co_inspector_is_asked_once_to_sign_with_a_link(
    grid_place, grid_worker, brigade, township, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        inspection = record(grid_place, grid_worker, brigade, township, brigade)
    with django_capture_on_commit_callbacks(execute=True):
        do_sign_inspection(inspection, acting_user=brigade)
    asked = Notification.objects.filter(kind="inspection_sign")
    assert sorted(asked.values_list("recipient__username", flat=True)) == [
        "xinglongtai",
        "xl_street",
    ]
    note = asked.get(recipient=brigade)
    assert note.title == "请签字确认"
    assert note.link == f"/inspections/{inspection.pk}/sign/"
    assert "惠宾社区网格员登记了2024年3月2日对“惠宾苑8号楼”的网格排查" in note.body


def test_the_sign_page_is_the_inspectors_own(
    grid_place, grid_worker, brigade, colleague, client_as, neighbour_brigade
):
    inspection = record(grid_place, grid_worker, brigade)
    url = f"/inspections/{inspection.pk}/sign/"
    page = client_as("xinglongtai").get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="xa-signature-pad"' in html and "signature-pad.js" in html
    # a colleague who sees the inspection but is not on the list, a neighbour, an auditor: 404
    for other in ("xlt_colleague", "shuangtaizi", "auditor"):
        assert client_as(other).get(url).status_code == 404
        assert client_as(other).post(url, {"signature": drawn()}).status_code == 404
    assert inspection.signatures.get(inspector=brigade).signed_at is None
    # the recorder, already signed, cannot sign again for someone else
    client_as("grid").post(url, {"signature": drawn()})
    assert inspection.signatures.get(inspector=brigade).signed_at is None


def test_a_drawn_signature_signs_and_is_kept_an_empty_pad_does_not(
    grid_place, grid_worker, brigade, client_as
):
    inspection = record(grid_place, grid_worker, brigade)
    url = f"/inspections/{inspection.pk}/sign/"
    client = client_as("xinglongtai")
    empty = client.post(url, {"signature": ""})
    assert "请在签名框内手写签名后再提交。" in empty.content.decode()
    wrong = client.post(
        url, {"signature": "data:image/png;base64," + base64.b64encode(b"MZ").decode()}
    )
    assert "签名图片格式不正确，请重新签名。" in wrong.content.decode()
    assert inspection.signatures.get(inspector=brigade).signed_at is None
    done = client.post(url, {"signature": drawn()}, follow=True)
    assert "已签字确认检查结果，检查人已全部签字，检查完成。" in done.content.decode()
    signature = inspection.signatures.get(inspector=brigade)
    assert signature.signed_at is not None
    image = Attachment.objects.get(pk=signature.image_id)
    assert image.mime_type == "image/png" and image.uploaded_by == brigade
    assert "您已于" in client.get(url).content.decode()


def test_the_detail_lists_who_has_and_has_not_signed(
    grid_place, grid_worker, brigade, township, client_as
):
    inspection = record(grid_place, grid_worker, brigade, township)
    do_sign_inspection(inspection, acting_user=brigade)
    html = client_as("xinglongtai").get(f"/inspections/{inspection.pk}/").content.decode()
    rows = html.split('id="xa-signatures"')[1].split("</ul>")[0]
    assert rows.count("已签字") == 2 and rows.count("未签字") == 1
    assert "兴隆街道专干" in rows.split("未签字")[0].rsplit("已签字", 1)[1]
    assert "待签字" in html and "还有 1 名检查人未签字" in html


# ----- completion -----


def covered(place: Place) -> bool:
    result = coverage(
        Place.objects.filter(pk=place.pk),
        area=place.area,
        start=dt.date(2024, 3, 1),
        end=dt.date(2024, 3, 31),
    )
    return result.inspected == 1


def test_complete_and_counted_only_after_the_last_signature(
    grid_place, grid_worker, brigade, township
):
    inspection = record(grid_place, grid_worker, brigade, township)
    assert inspection.completed_at is None and not covered(grid_place)
    do_sign_inspection(inspection, acting_user=township)
    inspection.refresh_from_db()
    assert inspection.completed_at is None and not covered(grid_place)
    do_sign_inspection(inspection, acting_user=brigade)
    inspection.refresh_from_db()
    assert inspection.completed_at is not None and covered(grid_place)
    last = inspection.signatures.get(inspector=brigade).signed_at
    assert inspection.completed_at == last


def test_an_inspection_recorded_alone_is_complete_at_once(grid_place, grid_worker):
    inspection = record(grid_place, grid_worker)
    assert inspection.completed_at is not None and covered(grid_place)


def test_signing_twice_is_still_refused(grid_place, grid_worker, brigade):
    inspection = record(grid_place, grid_worker, brigade)
    do_sign_inspection(inspection, acting_user=brigade)
    with pytest.raises(XiaoanError, match=exactly("您已签过字。")):
        do_sign_inspection(inspection, acting_user=brigade)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    plan=st.lists(
        st.tuples(
            st.integers(0, 2),  # which place
            st.sets(st.integers(0, 2)),  # the co-inspectors listed
            st.sets(st.integers(0, 2)),  # who of them signs
        ),
        min_size=1,
        max_size=5,
    )
)
def test_coverage_counts_exactly_the_fully_signed_inspections(
    plan, make_place, grid_worker, brigade, colleague, township
):
    team = [brigade, colleague, township]
    with transaction.atomic():
        places = [make_place(area_name=GRID) for _ in range(3)]
        complete_places = set()
        for at_place, listed, signing in plan:
            inspection = do_record_inspection(
                acting_user=grid_worker,
                place=places[at_place],
                kind=InspectionKind.GRID_CHECK,
                inspectors=[team[i] for i in sorted(listed)],
                no_hazard=True,
                at=local(2025, 6, 10),
            )
            for i in sorted(listed & signing):
                do_sign_inspection(inspection, acting_user=team[i])
            inspection.refresh_from_db()
            everyone_signed = all(s.signed_at for s in inspection.signatures.all())
            assert (inspection.completed_at is not None) == everyone_signed
            if everyone_signed:
                complete_places.add(at_place)
        result = coverage(
            Place.objects.filter(pk__in=[p.pk for p in places]),
            area=Area.objects.get(name=GRID),
            start=dt.date(2025, 6, 1),
            end=dt.date(2025, 6, 30),
        )
        assert result.inspected == len(complete_places)
        assert result.not_inspected is not None
        assert {p.pk for p in result.not_inspected} == {
            p.pk for i, p in enumerate(places) if i not in complete_places
        }
        transaction.set_rollback(True)
