"""The PDF from LibreOffice: the expected pages, the text, page numbers, and CJK
fonts embedded (the official names mapped to free fonts, never a Latin fallback)."""

from __future__ import annotations

import re

import pytest

from xiaoan.briefings import fonts, pdf
from xiaoan.briefings.builder import build_monthly, monthly_period
from xiaoan.briefings.render import to_docx

from .pdfread import read_pdf

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not pdf.available(), reason="LibreOffice (soffice) is not installed: no PDF to check"
    ),
]


def test_the_march_briefing_as_pdf(demo, area):
    city = area("盘锦市")
    content = build_monthly(city, monthly_period(city, "2024-03"))
    document = read_pdf(pdf.to_pdf(to_docx(content)))

    # about a page and a half of text per section at 22 lines a page
    assert 4 <= document.pages <= 8
    text = document.text
    for expected in (
        "3月份行政办公会议重点工作情况通报",
        "（2024年3月4日）",
        "一、领导批示情况",
        "发现火灾隐患或违法行为27处",
        "（二）国家局及总队层面",
    ):
        assert expected in text.replace("\n", "")
    # one page number a page, "— n —"
    numbers = re.findall(r"— (\d+) —", text)
    assert numbers == [str(n) for n in range(1, document.pages + 1)]
    # every font that shows Chinese characters is a CJK font: no Latin fallback for them
    chinese = {
        font
        for font, chars in document.shown.items()
        if any("\u4e00" <= c <= "\u9fff" for c in chars)
    }
    assert chinese and all("CJK" in font for font in chinese), document.shown.keys()
    assert not [f for f in document.fonts if "DejaVu" in f]
    # Simplified Chinese faces, named as such: never the Japanese (or another regional) variant
    assert all(simplified(font) for font in chinese), chinese
    assert not [f for f in document.fonts if re.search(r"jp|kr|tc|hk", f.split("-")[0][-2:], re.I)]


def simplified(font: str) -> bool:
    """NotoSerifCJKsc-Regular…, FandolFang-Regular: the embedded name says the face."""
    family = font.split("+")[-1].split("-")[0]
    return family.lower().endswith("cjksc") or family.startswith("Fandol")


def test_the_official_names_map_to_simplified_chinese_fonts():
    """Each official font resolves to a Simplified Chinese face in the conversion's
    fontconfig, and no Japanese face is left to fall back to."""
    import shutil
    import subprocess

    if shutil.which("fc-match") is None:
        pytest.skip("fontconfig tools are not installed")
    env = {"FONTCONFIG_FILE": str(fonts.fontconfig_file()), "PATH": "/usr/bin:/bin"}
    for official in ("仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"):
        found = subprocess.run(
            ["fc-match", "-f", "%{family[0]}|%{postscriptname}", official],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        family, _, postscript = found.partition("|")
        assert family.endswith(" SC") or family.startswith(("Fandol", "AR PL UKai CN")), found
        assert "jp" not in postscript.lower(), found
    listed = subprocess.run(
        ["fc-list", "-f", "%{family[0]}|%{postscriptname}\n"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "CJK JP" not in listed and "CJKjp" not in listed


def test_no_soffice_is_a_clear_message(monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda _name: None)
    assert not pdf.available()
    with pytest.raises(pdf.PdfUnavailableError, match="未安装 LibreOffice"):
        pdf.to_pdf(b"not used")
