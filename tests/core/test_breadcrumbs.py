"""Breadcrumbs on record pages: 首页 › the record's area › its list › the record."""

from __future__ import annotations

import re
from typing import Any

import pytest

from xiaoan.complaints.models import Complaint
from xiaoan.demo.loader import load_demo
from xiaoan.directives.models import Document, Instruction, Meeting, Task
from xiaoan.duty.models import Incident
from xiaoan.hazards.models import Hazard
from xiaoan.places.models import Place

pytestmark = pytest.mark.django_db


def trail(page: str) -> list[str]:
    """The crumbs' texts, in order."""
    nav = re.search(r'<nav aria-label="位置".*?</nav>', page, re.S)
    assert nav, "the page has no breadcrumbs"
    items = re.findall(r"<li.*?</li>", nav.group(0), re.S)
    return [re.sub(r"<[^>]+>", "", li).strip() for li in items]


def open_page(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def demo(db: Any, settings: Any) -> None:
    settings.XIAOAN_TODAY = "2024-03-04"
    load_demo()


def test_record_pages_show_area_list_and_record(demo: None, client_as: Any, user: Any) -> None:
    office = client_as("office")

    place = Place.objects.restrict(user("xinglongtai")).select_related("area").first()
    assert place is not None
    page = open_page(client_as("xinglongtai"), f"/places/{place.pk}/")
    assert trail(page) == ["首页", place.area.name, "场所", place.name]
    assert f'<a href="/areas/{place.area.pk}/">{place.area.name}</a>' in page
    assert f'aria-current="page">{place.name}</li>' in page

    task = Task.objects.select_related("area").order_by("pk").first()
    assert task is not None
    assert trail(open_page(office, f"/tasks/{task.pk}/")) == [
        "首页",
        task.area.name,
        "督办任务",
        task.title,
    ]

    instruction = Instruction.objects.select_related("area").order_by("pk").first()
    assert instruction is not None
    page = open_page(office, f"/instructions/{instruction.pk}/")
    assert trail(page)[:3] == ["首页", instruction.area.name, "领导批示"]

    # a hazard's trail passes through its place
    hazard = Hazard.objects.select_related("place", "area").order_by("pk").first()
    assert hazard is not None
    assert trail(open_page(office, f"/hazards/{hazard.pk}/")) == [
        "首页",
        hazard.area.name,
        "火灾隐患",
        hazard.place.name,
        hazard.get_category_display(),
    ]

    order = Complaint.objects.select_related("area").filter(area__isnull=False).first()
    assert order is not None
    page = open_page(office, f"/complaints/{order.pk}/")
    assert trail(page) == ["首页", order.area.name, "12345 工单", order.number]

    incident = Incident.objects.select_related("area").order_by("pk").first()
    assert incident is not None
    page = open_page(office, f"/incidents/{incident.pk}/")
    assert trail(page)[:3] == ["首页", incident.area.name, "紧急信息"]

    meeting = Meeting.objects.select_related("area").order_by("pk").first()
    document = Document.objects.select_related("area").order_by("pk").first()
    assert meeting is not None and document is not None
    page = open_page(office, f"/meetings/{meeting.pk}/")
    assert trail(page) == ["首页", meeting.area.name, "会议与文件", str(meeting)]
    page = open_page(office, f"/documents/{document.pk}/")
    assert trail(page)[:3] == ["首页", document.area.name, "会议与文件"]
