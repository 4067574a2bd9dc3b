"""`xiaoan briefing --month 2024-03 [--area CODE] [--from --to] --out F.docx [--pdf F.pdf]`."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from xiaoan.briefings import pdf

from .conftest import docx_text
from .pdfread import read_pdf

pytestmark = pytest.mark.django_db


def test_the_city_month_to_word(demo, tmp_path, capsys):
    out = tmp_path / "3月通报.docx"
    call_command("briefing", "--month", "2024-03", "--out", str(out))
    text = docx_text(out.read_bytes())
    assert text.startswith("3月份行政办公会议重点工作情况通报\n（2024年3月4日）\n一、领导批示情况")
    assert "发现火灾隐患或违法行为27处" in text
    printed = capsys.readouterr().out
    assert "盘锦市，2024-02-01—2024-03-04" in printed


def test_a_county_and_a_given_period(demo, tmp_path):
    out = tmp_path / "county.docx"
    call_command(
        "briefing",
        "--month",
        "2024-03",
        "--area",
        "211103",
        "--from",
        "2024-03-01",
        "--to",
        "2024-03-04",
        "--out",
        str(out),
    )
    text = docx_text(out.read_bytes())
    assert "（2024年3月4日）" in text
    assert "一、领导批示情况\n本期无领导批示。" in text  # the instructions were in February
    assert "（四）3月1日" not in text and "（一）3月1日" in text


def test_bad_arguments_are_chinese_errors(db, tmp_path):
    out = str(tmp_path / "x.docx")
    with pytest.raises(CommandError, match="区域代码“999”不存在"):
        call_command("briefing", "--month", "2024-03", "--area", "999", "--out", out)
    with pytest.raises(CommandError, match="月份“2024/03”格式不对"):
        call_command("briefing", "--month", "2024/03", "--out", out)
    with pytest.raises(CommandError, match="日期“3月1日”格式不对"):
        call_command("briefing", "--month", "2024-03", "--from", "3月1日", "--out", out)


@pytest.mark.skipif(not pdf.available(), reason="LibreOffice (soffice) is not installed")
def test_word_and_pdf(demo, tmp_path):
    out, pdf_out = tmp_path / "m.docx", tmp_path / "m.pdf"
    call_command("briefing", "--month", "2024-03", "--out", str(out), "--pdf", str(pdf_out))
    assert "3月份行政办公会议重点工作情况通报" in read_pdf(pdf_out.read_bytes()).text


def test_pdf_without_libreoffice_says_so(demo, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    out = tmp_path / "m.docx"
    with pytest.raises(CommandError, match="未安装 LibreOffice"):
        call_command("briefing", "--month", "2024-03", "--out", str(out), "--pdf", "x.pdf")
    assert out.exists()  # the Word file is written first
