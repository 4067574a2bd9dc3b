"""Places carry a copy of their area's path, kept by save(), so that scoping and
coverage need no join to the areas."""

from __future__ import annotations

from typing import Any

import pytest

from xiaoan.areas.models import Area
from xiaoan.places.models import Place

pytestmark = pytest.mark.django_db


def test_a_registered_place_carries_its_areas_path(make_place: Any) -> None:
    place = make_place("惠宾小区")
    assert place.area_path == Area.objects.get(name="惠宾社区").path
    Place.objects.filter(pk=place.pk).update(area_path="")
    place.refresh_from_db()
    place.save()
    assert Place.objects.get(pk=place.pk).area_path == place.area.path


def test_scoping_uses_the_copy(make_place: Any, brigade: Any, neighbour_brigade: Any) -> None:
    ours = make_place("惠宾小区")
    theirs = make_place(
        "胜利小区", "胜利社区", address="双台子区胜利路1号", acting_user=neighbour_brigade
    )
    assert list(Place.objects.restrict(brigade)) == [ours]
    assert list(Place.objects.restrict(neighbour_brigade)) == [theirs]
