"""Fixtures for reward reports: public submissions through the real form, reward
rules and hazards made through the services, real PNG bytes as photos."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from tests.hazards.conftest import png_bytes
from xiaoan.areas.models import Area, User
from xiaoan.hazards.choices import HazardCategory, InspectionKind, Severity
from xiaoan.hazards.models import Hazard
from xiaoan.hazards.services import HazardSpec, do_record_inspection
from xiaoan.places.choices import PlaceKind
from xiaoan.places.services import do_register_place
from xiaoan.rewards import services
from xiaoan.rewards.models import RewardReport, RewardRule

PHONE = "13812341234"
MASKED = "138****1234"


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def png_file(name: str = "现场.png") -> io.BytesIO:
    f = io.BytesIO(png_bytes())
    f.name = name
    return f


@pytest.fixture
def public_post() -> Any:
    """`public_post(client=None, ip="10.0.0.1", **fields)`: the public form as a browser
    without login sends it (one photo and consent unless given)."""

    def post(client: Client | None = None, ip: str = "10.0.0.1", **fields: Any) -> Any:
        data: dict[str, Any] = {
            "description": "小区3号楼1单元楼道停放电动车并飞线充电",
            "address": "兴隆台区惠宾街道惠宾小区3号楼",
            "consent": "on",
            "photos": [png_file()],
        }
        meta = {k: v for k, v in fields.items() if k.startswith("HTTP_")}
        data.update({k: v for k, v in fields.items() if k not in meta})
        data = {k: v for k, v in data.items() if v is not None}
        return (client or Client()).post("/report", data, REMOTE_ADDR=ip, **meta)

    return post


@pytest.fixture
def make_report(db: Any) -> Any:
    """`make_report(area_name="兴隆台区", phone=PHONE, **kw)`: a report through the service."""

    def make(area_name: str | None = "兴隆台区", phone: str = PHONE, **kwargs: Any) -> RewardReport:
        kwargs.setdefault("description", "楼道堆放大量纸箱杂物，堵塞疏散通道")
        kwargs.setdefault("address", "兴隆台区惠宾小区5号楼")
        return services.do_submit_report(
            phone=phone,
            area=Area.objects.get(name=area_name) if area_name else None,
            photos=[("p.png", png_file())],
            consent=True,
            **kwargs,
        )

    return make


@pytest.fixture
def rules(db: Any) -> dict[str, RewardRule]:
    """The city's standard: 200 yuan for an ordinary hazard, 1000 for a major one."""
    city = Area.objects.get(name="盘锦市")
    return {
        Severity.ORDINARY: services.do_create_rule(
            acting_user=None, area=city, severity=Severity.ORDINARY, amount=Decimal("200")
        ),
        Severity.MAJOR: services.do_create_rule(
            acting_user=None, area=city, severity=Severity.MAJOR, amount=Decimal("1000")
        ),
    }


@pytest.fixture
def make_hazard(db: Any) -> Any:
    """`make_hazard(severity)`: a hazard at a new place in 惠宾社区, found by the brigade."""
    counter = iter(range(1, 100))

    def make(severity: str = Severity.ORDINARY) -> Hazard:
        brigade = User.objects.select_related("area", "organisation").get(username="xinglongtai")
        place = do_register_place(
            acting_user=brigade,
            name=f"举报测试场所{next(counter)}",
            address="兴隆台区惠宾小区",
            area=Area.objects.get(name="惠宾社区"),
            kind=PlaceKind.RESIDENTIAL,
        )
        inspection = do_record_inspection(
            acting_user=brigade,
            place=place,
            kind=InspectionKind.BRIGADE,
            hazards=[
                HazardSpec(
                    category=HazardCategory.EBIKE_INDOOR,
                    description="电动车进楼充电",
                    severity=severity,
                    major_element="人员密集场所疏散通道堵塞" if severity == Severity.MAJOR else "",
                )
            ],
        )
        return inspection.hazards.get()

    return make


def staff(username: str) -> User:
    return User.objects.select_related("area", "organisation").get(username=username)
