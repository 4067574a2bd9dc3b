"""Fixtures for hazard elimination: places, inspections and hazards built
through the services, with real PNG bytes as photos."""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zlib
from collections.abc import Sequence
from typing import Any

import pytest

from xiaoan.areas.models import Area, Organisation, User
from xiaoan.areas.services import do_create_user
from xiaoan.core import clock
from xiaoan.hazards.choices import HazardCategory, InspectionKind
from xiaoan.hazards.models import Hazard, Inspection
from xiaoan.hazards.services import (
    HazardSpec,
    do_record_inspection,
    do_report_fixed,
    do_verify,
)
from xiaoan.places.choices import PlaceKind
from xiaoan.places.models import Place
from xiaoan.places.services import do_register_place


def png_bytes() -> bytes:
    """A valid 1x1 red PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1x1, 8-bit RGB
    pixels = zlib.compress(b"\x00\xff\x00\x00")  # filter byte + one RGB pixel
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def photo(name: str = "after.png") -> tuple[str, io.BytesIO]:
    return name, io.BytesIO(png_bytes())


def exactly(message: str) -> str:
    """A `pytest.raises(match=…)` pattern for exactly this message."""
    return f"^{re.escape(message)}$"


def local(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A moment in Asia/Shanghai, as an inspector would write it."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=clock.LOCAL_TZ)


def _user(username: str) -> User:
    return User.objects.select_related("area", "organisation").get(username=username)


@pytest.fixture
def photos() -> Any:
    """`photos(n)`: n PNG photos as (name, file) pairs."""
    return lambda n=1: [photo(f"photo{i}.png") for i in range(1, n + 1)]


@pytest.fixture
def brigade(db: Any) -> User:
    """兴隆台区消防救援大队: inspect, verify_hazards, enforce."""
    return _user("xinglongtai")


@pytest.fixture
def colleague(db: Any) -> User:
    """A second member of 兴隆台区消防救援大队."""
    return do_create_user(
        acting_user=None,
        username="xlt_colleague",
        password="x",
        full_name="兴隆台大队队员",
        roles=["brigade"],
        area=Area.objects.get(name="兴隆台区"),
        organisation=Organisation.objects.get(name="兴隆台区消防救援大队"),
        check_password_strength=False,
    )


@pytest.fixture
def neighbour_brigade(db: Any) -> User:
    return _user("shuangtaizi")


@pytest.fixture
def grid_worker(db: Any) -> User:
    return _user("grid")


@pytest.fixture
def property_manager(db: Any) -> User:
    return _user("property")


@pytest.fixture
def auditor(db: Any) -> User:
    return _user("auditor")


@pytest.fixture
def office(db: Any) -> User:
    return _user("office")


@pytest.fixture
def make_place(brigade: User) -> Any:
    """`make_place(name, area_name="惠宾社区", ...)`: a place registered by the brigade."""
    counter = iter(range(1, 1000))

    def make(
        name: str | None = None,
        area_name: str = "惠宾社区",
        *,
        address: str | None = None,
        kind: str = PlaceKind.RESIDENTIAL,
        acting_user: User | None = None,
        **kwargs: Any,
    ) -> Place:
        n = next(counter)
        return do_register_place(
            acting_user=acting_user or brigade,
            name=name or f"测试场所{n}",
            address=address or f"兴隆台区测试路{n}号",
            area=Area.objects.get(name=area_name),
            kind=kind,
            **kwargs,
        )

    return make


@pytest.fixture
def place(make_place: Any) -> Place:
    """惠宾小区 in 惠宾社区, managed by 惠宾物业."""
    return make_place(
        "惠宾小区",
        address="兴隆台区惠宾街1号",
        responsible_person="张经理",
        property_company=Organisation.objects.get(name="盘锦惠宾物业服务有限公司"),
    )


@pytest.fixture
def inspect(brigade: User) -> Any:
    """`inspect(place, *categories, at=..., acting_user=..., inspectors=...)`: an inspection
    that found one hazard per category, or "no hazard" when no category is given."""

    def record(
        place: Place,
        *categories: str,
        at: dt.datetime | None = None,
        acting_user: User | None = None,
        inspectors: Sequence[User] = (),
        kind: str = InspectionKind.BRIGADE,
        specs: Sequence[HazardSpec] = (),
        **kwargs: Any,
    ) -> Inspection:
        hazards = list(specs) or [
            HazardSpec(category=c, description=f"发现{HazardCategory(c).label}") for c in categories
        ]
        return do_record_inspection(
            acting_user=acting_user or brigade,
            place=place,
            kind=kind,
            inspectors=inspectors,
            at=at,
            hazards=hazards,
            no_hazard=not hazards,
            **kwargs,
        )

    return record


@pytest.fixture
def make_hazard(place: Place, inspect: Any) -> Any:
    """`make_hazard(category=ebike_indoor, place=惠宾小区, **HazardSpec fields)`: one found hazard."""

    def make(
        category: str = HazardCategory.EBIKE_INDOOR,
        *,
        at_place: Place | None = None,
        at: dt.datetime | None = None,
        acting_user: User | None = None,
        **spec: Any,
    ) -> Hazard:
        spec.setdefault("description", "一楼大厅停放电动自行车并充电")
        inspection = inspect(
            at_place or place,
            at=at,
            acting_user=acting_user,
            specs=[HazardSpec(category=category, **spec)],
        )
        return inspection.hazards.get()

    return make


@pytest.fixture
def hazard(make_hazard: Any) -> Hazard:
    return make_hazard(deadline=dt.date(2024, 3, 31))


@pytest.fixture
def close_hazard(brigade: User, colleague: User) -> Any:
    """`close_hazard(hazard)`: the brigade reports the fix, a colleague verifies it."""

    def close(hazard: Hazard, fixer: User | None = None, verifier: User | None = None) -> Hazard:
        do_report_fixed(hazard, acting_user=fixer or brigade, text="已清理", photos=[photo()])
        return do_verify(hazard, acting_user=verifier or colleague, accept=True)

    return close
