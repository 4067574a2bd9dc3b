"""A PDF of a Word document, through LibreOffice when it is installed.

`soffice` is looked up, never assumed: without it `to_pdf` says so and the
briefing is exported as Word only. The official font names are mapped to free
Simplified Chinese fonts by the fontconfig file `fonts.fontconfig_file()`
gives (see `fonts`); each conversion gets its own
LibreOffice profile and home in a temporary directory, since two conversions
sharing a profile block or fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from xiaoan.core.errors import XiaoanError

from . import fonts

TIMEOUT_SECONDS = 120


class PdfUnavailableError(XiaoanError):
    """LibreOffice is not installed, or the conversion failed."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return soffice() is not None


def to_pdf(docx: bytes) -> bytes:
    program = soffice()
    if program is None:
        raise PdfUnavailableError("服务器未安装 LibreOffice，暂不能生成 PDF；Word 文件已生成。")
    with tempfile.TemporaryDirectory(prefix="xiaoan-pdf-") as tmp:
        work = Path(tmp)
        source = work / "briefing.docx"
        source.write_bytes(docx)
        env = {
            **os.environ,
            "HOME": str(work / "home"),
            "FONTCONFIG_FILE": str(fonts.fontconfig_file()),
        }
        command = [
            program,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            subprocess.run(
                command, env=env, capture_output=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise PdfUnavailableError("生成 PDF 超时，请稍后重试；Word 文件已生成。") from exc
        target = work / "briefing.pdf"
        if not target.exists():
            raise PdfUnavailableError("生成 PDF 失败；Word 文件已生成。")
        return target.read_bytes()
