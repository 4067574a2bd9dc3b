"""The fonts a briefing's PDF is set in: Simplified Chinese faces, never the
Japanese or other regional variants.

The .docx keeps the official font names (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312,
宋体); `fonts.conf` maps them to free fonts in an explicit order (FandolFang or
FandolSong where installed, else Noto Serif CJK SC / Noto Sans CJK SC) and
rejects the JP, KR, TC and HK faces, so no character can fall back to them.

Debian's Noto CJK fonts come as collections (.ttc) whose faces share one CFF
table, named after the Japanese face; LibreOffice embeds a font under that
name, so a PDF set in the SC face would still list "NotoSerifCJKjp-…". To have
the PDF name what it uses, the SC faces are copied once into standalone fonts
whose CFF name is the SC face's own (the glyphs are untouched), kept under
the data directory, and the collections themselves are left out of the
conversion's fonts.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from html import escape
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

FONTS_CONF = Path(__file__).with_name("fonts.conf")
#: the Simplified Chinese families whose faces are copied out of their collections
SC_FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC")
#: the weights the briefing uses (body and headings, the bold title)
STYLES = ("-Regular", "-Bold")


def cache_dir() -> Path:
    return Path(settings.DATA_DIR) / "cache" / "fonts"


def fontconfig_file() -> Path:
    """The fontconfig file for a conversion: the package's rules, plus the SC
    faces as standalone fonts when they can be made (else the rules alone)."""
    try:
        faces = collection_faces()
        if not faces:
            return FONTS_CONF
        target = cache_dir()
        target.mkdir(parents=True, exist_ok=True)
        # a collection is left out only when its SC face has its own copy
        made = {file for file, index, name in faces if standalone(file, index, name, target)}
        if not made:
            return FONTS_CONF
        return write_config(target, sorted(made))
    except (OSError, subprocess.SubprocessError, ValueError, ImportError):
        logger.exception("Simplified Chinese fonts could not be prepared; using the plain mapping")
        return FONTS_CONF


def collection_faces() -> list[tuple[str, int, str]]:
    """(file, face index, PostScript name) of the SC faces that live in a collection."""
    program = shutil.which("fc-list")
    if program is None:
        return []
    faces = []
    for family in SC_FAMILIES:
        out = subprocess.run(
            [program, "-f", "%{file}|%{index}|%{postscriptname}\\n", f":family={family}"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        ).stdout
        for line in out.splitlines():
            file, _, rest = line.partition("|")
            index, _, name = rest.partition("|")
            if file.lower().endswith(".ttc") and name.endswith(STYLES):
                faces.append((file, int(index), name))
    return faces


def cff_name(cff: bytes) -> str:
    """The first name of a CFF table's Name INDEX."""
    header_size = cff[2]
    count = int.from_bytes(cff[header_size : header_size + 2], "big")
    if count == 0:
        raise ValueError("CFF without a name")
    off_size = cff[header_size + 2]
    offsets = header_size + 3
    first = int.from_bytes(cff[offsets : offsets + off_size], "big")
    second = int.from_bytes(cff[offsets + off_size : offsets + 2 * off_size], "big")
    data = offsets + (count + 1) * off_size - 1
    return cff[data + first : data + second].decode("ascii")


def standalone(file: str, index: int, name: str, target: Path) -> Path | None:
    """The face `index` of the collection as its own font named `name`, made once."""
    path = target / f"{name}.otf"
    if path.exists():
        return path
    from fontTools.ttLib import TTCollection
    from fontTools.ttLib.tables.DefaultTable import DefaultTable

    collection = TTCollection(file, lazy=True)
    font = collection.fonts[index]
    if "CFF " not in font.reader:
        return None
    # the raw tables are copied as they are; nothing is recompiled
    font.recalcBBoxes = False
    font.recalcTimestamp = False
    raw = font.reader["CFF "]
    shared = cff_name(raw).split("-")[0]  # NotoSerifCJKjp
    own = name.split("-")[0]  # NotoSerifCJKsc
    if shared != own:
        if len(shared) != len(own):
            return None  # a rename would move every offset of the table
        table = DefaultTable("CFF ")
        table.data = raw.replace(shared.encode("ascii"), own.encode("ascii"))
        font["CFF "] = table
    handle, tmp = tempfile.mkstemp(dir=target, suffix=".part")
    os.close(handle)
    try:
        font.save(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def write_config(target: Path, collections: list[str]) -> Path:
    rejected = "\n".join(f"      <glob>{escape(f)}</glob>" for f in collections)
    text = f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<!-- made for the briefing's PDF: the package's rules, the SC faces as their own fonts -->
<fontconfig>
  <include ignore_missing="yes">{escape(str(FONTS_CONF))}</include>
  <dir>{escape(str(target))}</dir>
  <cachedir>{escape(str(target / "fontconfig"))}</cachedir>
  <selectfont>
    <rejectfont>
{rejected}
    </rejectfont>
  </selectfont>
</fontconfig>
"""
    path = target / "fonts.conf"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        handle, tmp = tempfile.mkstemp(dir=target, suffix=".part")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    return path
