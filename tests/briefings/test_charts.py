"""Charts: hazards by district from the records, the complaints trend when given,
drawn with a CJK font, placed in the Word file and served to the review page."""

from __future__ import annotations

import logging
import warnings

import pytest

from xiaoan.briefings import charts, pdf, services
from xiaoan.briefings.builder import build_monthly, monthly_period
from xiaoan.briefings.figures import ExternalFigures
from xiaoan.briefings.render import to_docx
from xiaoan.hazards.models import Hazard

from .conftest import read_docx

pytestmark = pytest.mark.django_db


def test_hazards_by_district_and_the_trend(demo, area):
    city = area("盘锦市")
    period = monthly_period(city, "2024-03")
    trend = ExternalFigures(complaints_trend=[("1月", 310), ("2月", 4490)])
    content = build_monthly(city, period, external=trend)
    by_district, line = content.charts
    assert by_district.labels == ["双台子区", "兴隆台区", "大洼区", "盘山县", "辽东湾新区"]
    xinglongtai = Hazard.objects.filter(
        area__path__startswith=area("兴隆台区").path,
        found_on__gte=period.start,
        found_on__lte=period.end,
    ).count()
    assert by_district.values[1] == xinglongtai
    assert (line.kind, line.values) == ("line", [310, 4490])
    assert by_district.title == "各县区发现火灾隐患数"
    # without trend data there is no trend chart; a county charts its townships
    assert len(build_monthly(city, period).charts) == 1
    (townships,) = build_monthly(area("兴隆台区"), period).charts
    assert townships.title == "各乡镇街道发现火灾隐患数"
    assert townships.labels == ["兴隆街道", "振兴街道", "渤海街道"]
    assert sum(townships.values) == xinglongtai
    document = read_docx(to_docx(content))
    assert len(document.inline_shapes) == 2


@pytest.mark.skipif(charts.cjk_font() is None, reason="no CJK font installed for matplotlib")
def test_chinese_labels_draw_with_a_cjk_font(demo, area, caplog):
    city = area("盘锦市")
    content = build_monthly(city, monthly_period(city, "2024-03"))
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING):
        warnings.simplefilter("always")
        png = charts.to_png(content.charts[0])
    assert png.startswith(b"\x89PNG")
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not missing and "missing from font" not in caplog.text


def test_the_review_page_shows_the_charts_and_scopes_them(
    demo, immediate, user, area, client_as, monkeypatch
):
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    briefing = services.do_start_briefing(
        acting_user=user("office"), area=area("盘锦市"), month="2024-03"
    )
    services.run_build(briefing.pk)
    services.do_export(briefing, acting_user=user("office"))
    client = client_as("zhanming")
    page = client.get(f"/briefings/{briefing.pk}/").content.decode()
    assert f'src="/briefings/{briefing.pk}/charts/0.png"' in page
    image = client.get(f"/briefings/{briefing.pk}/charts/0.png")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert client.get(f"/briefings/{briefing.pk}/versions/1/charts/0.png").status_code == 200
    assert client.get(f"/briefings/{briefing.pk}/charts/5.png").status_code == 404
    assert client_as("xinglongtai").get(f"/briefings/{briefing.pk}/charts/0.png").status_code == 404
