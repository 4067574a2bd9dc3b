"""Just enough of a PDF reader to check LibreOffice's output: the pages, the fonts
it embedded, and the text (decoded through each font's ToUnicode map)."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
FONT_REF = re.compile(rb"/(F\d+)\s+(\d+)\s+0\s+R")
SHOW = re.compile(rb"/(F\d+)\s+[\d.]+\s+Tf|\[(.*?)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj", re.S)
HEX = re.compile(rb"<([0-9A-Fa-f]*)>")


@dataclass
class Font:
    base: str
    two_byte: bool
    cmap: dict[int, str] = field(default_factory=dict)


@dataclass
class Pdf:
    pages: int
    fonts: list[str]
    text: str
    #: the characters each font showed, by its base name
    shown: dict[str, set[str]] = field(default_factory=dict)


def parse_cmap(data: bytes) -> dict[int, str]:
    cmap: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        pairs = HEX.findall(block)
        for src, dst in zip(pairs[::2], pairs[1::2], strict=False):
            cmap[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        values = HEX.findall(block)
        for lo, hi, dst in zip(values[::3], values[1::3], values[2::3], strict=False):
            start = int(dst, 16)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                cmap[code] = chr(start + offset)
    return cmap


def read_pdf(data: bytes) -> Pdf:
    objects = {int(n): body for n, body in OBJECT.findall(data)}

    def stream(body: bytes) -> bytes:
        match = STREAM.search(body)
        if match is None:
            return b""
        raw = match.group(1)
        return zlib.decompress(raw) if b"/FlateDecode" in body else raw

    fonts: dict[int, Font] = {}
    for number, body in objects.items():
        if b"/Type/Font" in body.replace(b" ", b"") and b"/BaseFont" in body:
            base = re.search(rb"/BaseFont\s*/([^\s/<>\[\]]+)", body)
            assert base is not None
            font = Font(base.group(1).decode(), b"/Type0" in body.replace(b" ", b""))
            to_unicode = re.search(rb"/ToUnicode\s+(\d+)\s+0\s+R", body)
            if to_unicode:
                font.cmap = parse_cmap(stream(objects[int(to_unicode.group(1))]))
            fonts[number] = font
    names = {
        name.decode(): fonts[int(ref)]
        for body in objects.values()
        for name, ref in FONT_REF.findall(body)
        if int(ref) in fonts
    }
    pages = [b for b in objects.values() if re.search(rb"/Type\s*/Page(?!s)", b)]
    text = []
    shown: dict[str, set[str]] = {}
    for page in pages:
        for ref in re.findall(rb"/Contents\s+(\d+)\s+0\s+R", page):
            current: Font | None = None
            for match in SHOW.finditer(stream(objects[int(ref)])):
                if match.group(1):
                    current = names.get(match.group(1).decode())
                    continue
                hexes = (
                    HEX.findall(match.group(2)) if match.group(2) is not None else [match.group(3)]
                )
                for chunk in hexes:
                    raw = bytes.fromhex(chunk.decode())
                    if current is None:
                        continue
                    width = 2 if current.two_byte else 1
                    for i in range(0, len(raw), width):
                        char = current.cmap.get(int.from_bytes(raw[i : i + width], "big"), "")
                        text.append(char)
                        shown.setdefault(current.base, set()).add(char)
            text.append("\n")
    return Pdf(len(pages), sorted({f.base for f in fonts.values()}), "".join(text), shown)
