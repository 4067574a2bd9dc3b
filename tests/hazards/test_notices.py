"""Rectification notices: numbered, written as an official Word document, served."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from xiaoan.core.errors import InvalidTransitionError, PermissionDeniedError, XiaoanError
from xiaoan.hazards import services
from xiaoan.hazards.models import RectificationNotice
from xiaoan.places.services import do_register_place

pytestmark = pytest.mark.django_db


@pytest.fixture
def hotel(user, area):
    return do_register_place(
        acting_user=user("xinglongtai"),
        name="兴隆台区宜居主题酒店",
        address="兴隆台区振兴街 12 号",
        area=area("振兴社区"),
        kind="hotel",
        responsible_person="王某",
    )


@pytest.fixture
def hazards(hotel, user):
    inspection = services.do_record_inspection(
        acting_user=user("xinglongtai"),
        place=hotel,
        kind="unannounced",
        at=dt.datetime(2024, 2, 17, 2, 0, tzinfo=dt.UTC),
        hazards=[
            services.HazardSpec("escape_blocked", "二楼安全出口锁闭"),
            services.HazardSpec("facilities_broken", "应急照明灯损坏 6 盏"),
        ],
    )
    return list(inspection.hazards.order_by("pk"))


def read_docx(notice: RectificationNotice) -> list[str]:
    with notice.document.file.open("rb") as fh:
        return [p.text for p in Document(io.BytesIO(fh.read())).paragraphs]


def test_notice_is_numbered_written_and_served(hotel, hazards, user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.XIAOAN_TODAY = "2024-02-18"
    brigade = user("xinglongtai")
    notice = services.do_issue_notice(
        acting_user=brigade, place=hotel, hazards=hazards, deadline=dt.date(2024, 3, 3)
    )
    assert notice.number == "兴隆台大队消限字〔2024〕第0001号"
    text = read_docx(notice)
    assert text[0] == "责令限期改正通知书" and text[1] == notice.number
    assert "王某（兴隆台区宜居主题酒店）：" in text
    assert "1.疏散通道、安全出口堵塞或锁闭：二楼安全出口锁闭" in text
    assert "2.消防设施缺失或损坏：应急照明灯损坏 6 盏" in text
    assert any("于2024年3月3日前改正" in line for line in text)
    assert text[-2:] == ["兴隆台区消防救援大队", "2024年2月18日"]
    assert notice.document.kind == "word"
    for hazard in hazards:
        hazard.refresh_from_db()
        assert hazard.deadline == dt.date(2024, 3, 3)
    second = services.do_issue_notice(
        acting_user=brigade, place=hotel, hazards=hazards[:1], deadline=dt.date(2024, 3, 1)
    )
    assert second.number.endswith("第0002号")

    served = services.do_serve_notice(
        notice,
        acting_user=brigade,
        expected_version=notice.version,
        served_on=dt.date(2024, 2, 18),
        served_to="王某",
    )
    assert served.served_to == "王某"
    with pytest.raises(InvalidTransitionError, match="已送达"):
        services.do_serve_notice(
            served,
            acting_user=brigade,
            expected_version=served.version,
            served_on=dt.date(2024, 2, 19),
            served_to="王某",
        )


def test_notice_rules(hotel, hazards, user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.XIAOAN_TODAY = "2024-02-18"
    with pytest.raises(XiaoanError, match="改正期限应晚于制发日期"):
        services.do_issue_notice(
            acting_user=user("xinglongtai"),
            place=hotel,
            hazards=hazards,
            deadline=dt.date(2024, 2, 18),
        )
    with pytest.raises(XiaoanError, match="请选择"):
        services.do_issue_notice(
            acting_user=user("xinglongtai"), place=hotel, hazards=[], deadline=dt.date(2024, 3, 1)
        )
    with pytest.raises(PermissionDeniedError):
        services.do_issue_notice(
            acting_user=user("grid"), place=hotel, hazards=hazards, deadline=dt.date(2024, 3, 1)
        )


def test_notice_from_the_place_page(hotel, hazards, client_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.XIAOAN_TODAY = "2024-02-18"
    client = client_as("xinglongtai")
    page = client.get(f"/places/{hotel.pk}/").content.decode()
    assert "制发通知书（Word）" in page
    response = client.post(
        f"/places/{hotel.pk}/notices/",
        {"hazards": [h.pk for h in hazards], "deadline": "2024-03-03"},
        follow=True,
    )
    assert "已制发 兴隆台大队消限字〔2024〕第0001号" in response.content.decode()
    notice = RectificationNotice.objects.get()
    download = client.get(f"/api/attachments/{notice.document_id}/file")
    assert download.status_code == 200 and download["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    client.post(
        f"/places/{hotel.pk}/notices/{notice.pk}/serve/",
        {"version": notice.version, "served_on": "2024-02-18", "served_to": "王某"},
    )
    assert "已送达" in client.get(f"/places/{hotel.pk}/").content.decode()
