"""Charts of a briefing as PNG images: bars of hazards by district, a line of the
12345 complaints trend. matplotlib with the Agg backend (no display) and a CJK
font, so the Chinese labels render instead of empty boxes."""

from __future__ import annotations

import io
from functools import lru_cache

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from .content import Chart

#: tried in order; the first installed one is used
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Source Han Sans SC",
    "SimHei",
    "WenQuanYi Zen Hei",
)
RED = "#c62828"


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def to_png(chart: Chart) -> bytes:
    """The chart at print size (150 mm wide), 200 dpi."""
    figure = Figure(figsize=(5.9, 3.2), dpi=200)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    family = cjk_font() or "sans-serif"
    small = FontProperties(family=family, size=8)
    positions = list(range(len(chart.labels)))
    if chart.kind == "line":
        axes.plot(positions, chart.values, color=RED, marker="o")
    else:
        bars = axes.bar(positions, chart.values, color=RED)
        axes.bar_label(bars, fontsize=8)
    axes.set_xticks(positions, chart.labels, fontproperties=small)
    axes.set_title(chart.title, fontproperties=FontProperties(family=family, size=11))
    axes.set_ylabel(chart.unit, fontproperties=small)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
