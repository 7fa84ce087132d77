"""Checks on a rendered PDF for the tests: fonts used, text, body lines and page numbers per page.

Built on poppler-utils (pdffonts, pdftotext; installed by scripts/system-packages.sh). Coordinates are PDF
points from the top-left corner of the page, as `pdftotext -bbox` gives them. The layout figures (版心,
page-number line) are GB/T 9704's, from gonghui.core.docx_layout.

`glyph_forms_not_sc` looks inside the PDF: LibreOffice names every subset of a Noto CJK collection after
the collection's shared CFF data ("NotoSerifCJKjp-Regular-VKana"), so the name cannot tell Simplified
Chinese glyphs from Japanese ones; the glyph ids it embeds can.
"""

from __future__ import annotations

import functools
import html
import os
import re
import shutil
import subprocess
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest

from gonghui.core import docx_layout
from gonghui.core.fonts import installed_font_file
from gonghui.core.pdf import soffice_path

MM = 72 / 25.4  # points in a millimetre
BODY_TOP = docx_layout.TOP.mm * MM
BODY_BOTTOM = (docx_layout.PAGE_HEIGHT.mm - docx_layout.BOTTOM.mm) * MM
BODY_LEFT = docx_layout.LEFT.mm * MM
BODY_RIGHT = (docx_layout.PAGE_WIDTH.mm - docx_layout.RIGHT.mm) * MM
SAME_LINE = 6.0  # points: words whose vertical centres are closer than this share a line

# Skipped only where LibreOffice is missing, and never in CI (CI=true), where system-packages installs it.
requires_soffice = pytest.mark.skipif(
    soffice_path() is None and not os.environ.get("CI"),
    reason="未安装 LibreOffice（soffice），跳过 PDF 渲染测试；运行 scripts/system-packages.sh 安装",
)


class PdfToolMissing(RuntimeError):
    """poppler-utils (pdffonts, pdftotext) is not installed."""


@dataclass(frozen=True)
class Word:
    """A word of `pdftotext -bbox`: its text and box in points."""

    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float

    @property
    def y_centre(self) -> float:
        return (self.y_min + self.y_max) / 2


@dataclass(frozen=True)
class PageNumber:
    """The page-number line of a page: its text and where it stands against the 版心."""

    text: str
    x_min: float
    x_max: float
    y_centre: float

    @property
    def side(self) -> Literal["left", "right", "centre"]:
        """Which edge of the 版心 the number keeps to."""
        left_gap, right_gap = self.x_min - BODY_LEFT, BODY_RIGHT - self.x_max
        if abs(left_gap - right_gap) < 20:
            return "centre"
        return "left" if left_gap < right_gap else "right"

    @property
    def indent(self) -> float:
        """Its distance from the edge it keeps to, in points (1 字 of 4号 is 14 pt)."""
        return self.x_min - BODY_LEFT if self.side == "left" else BODY_RIGHT - self.x_max

    @property
    def below_body_mm(self) -> float:
        """How far below the 版心 the line's middle (where the em dashes are drawn) stands, in mm."""
        return (self.y_centre - BODY_BOTTOM) / MM


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise PdfToolMissing(f"找不到 {name}：请运行 scripts/system-packages.sh 安装 poppler-utils")
    return found


def _run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def font_names(pdf: Path) -> list[str]:
    """The names of the fonts in a PDF (pdffonts), subset prefixes ("BAAAAA+") stripped, in order."""
    lines = _run(_tool("pdffonts"), str(pdf)).splitlines()[2:]
    names = [re.sub(r"^[A-Z]{6}\+", "", line.split()[0]) for line in lines if line.strip()]
    return list(dict.fromkeys(names))


def font_families(pdf: Path) -> set[str]:
    """The families of the fonts in a PDF: names without the style ("FandolFang", "LXGWWenKai").

    A Noto CJK collection's subsets all carry its shared CFF name ("NotoSerifCJKjp-…" for the SC face too),
    so its region tag is dropped ("NotoSerifCJK"); `glyph_forms_not_sc` checks the glyphs themselves.
    """
    families = {name.split("-")[0] for name in font_names(pdf)}
    return {re.sub(r"^(Noto(?:Serif|Sans)CJK)(?:jp|kr|sc|tc|hk)$", r"\1", family) for family in families}


def page_count(pdf: Path) -> int:
    """The number of pages (pdfinfo)."""
    info = _run(_tool("pdfinfo"), str(pdf))
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]


def page_text(pdf: Path, page: int, *, layout: bool = True) -> str:
    """The text of one page (1-based), by pdftotext, in its layout unless layout=False."""
    options = ["-layout"] if layout else []
    return _run(_tool("pdftotext"), *options, "-f", str(page), "-l", str(page), str(pdf), "-")


def all_text(pdf: Path) -> str:
    """The text of the whole PDF in reading order (pdftotext, no layout)."""
    return _run(_tool("pdftotext"), str(pdf), "-")


def page_words(pdf: Path, page: int) -> list[Word]:
    """The words of one page with their boxes (pdftotext -bbox)."""
    out = _run(_tool("pdftotext"), "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-")
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
    return [
        Word(html.unescape(text), float(x0), float(y0), float(x1), float(y1))
        for x0, y0, x1, y1, text in re.findall(pattern, out)
    ]


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into lines by their vertical centres, top to bottom, each left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.y_centre, w.x_min)):
        if lines and abs(lines[-1][0].y_centre - word.y_centre) < SAME_LINE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.x_min) for line in lines]


def body_lines(pdf: Path, page: int) -> list[str]:
    """The text lines inside the 版心 of a page (the page number below it left out)."""
    words = [w for w in page_words(pdf, page) if w.y_centre < BODY_BOTTOM]
    return ["".join(w.text for w in line) for line in _lines(words)]


def body_line_count(pdf: Path, page: int) -> int:
    """How many text lines the 版心 of a page holds."""
    return len(body_lines(pdf, page))


def page_number(pdf: Path, page: int) -> PageNumber | None:
    """The page-number line below the 版心 of a page, or None."""
    words = [w for w in page_words(pdf, page) if w.y_centre > BODY_BOTTOM]
    if not words:
        return None
    line = _lines(words)[0]
    return PageNumber(
        text=" ".join(w.text for w in line),
        x_min=min(w.x_min for w in line),
        x_max=max(w.x_max for w in line),
        y_centre=sum(w.y_centre for w in line) / len(line),
    )


# ---- glyph forms ---------------------------------------------------------------------------------------


def _objects(data: bytes) -> Iterator[tuple[int, bytes, bytes | None]]:
    """(number, dictionary, decoded stream or None) of each object of a PDF without object streams.

    Enough for LibreOffice's PDFs (plain objects, Flate streams); not a general PDF parser.
    """
    header = re.compile(rb"(\d+) 0 obj")
    position = 0
    while (match := header.search(data, position)) is not None:
        number, start = int(match.group(1)), match.end()
        end = data.find(b"endobj", start)
        stream_at = data.find(b"stream", start)
        if stream_at < 0 or stream_at > end:
            yield number, data[start:end], None
            position = end + 6
            continue
        dictionary = data[start:stream_at]
        payload_start = stream_at + 6 + (2 if data[stream_at + 6 : stream_at + 8] == b"\r\n" else 1)
        payload_end = data.index(b"endstream", payload_start)
        payload = data[payload_start:payload_end]
        if b"/FlateDecode" in dictionary:
            payload = zlib.decompressobj().decompress(payload)
        yield number, dictionary, payload
        position = data.index(b"endobj", payload_end) + 6


def _to_unicode(cmap: bytes) -> dict[int, str]:
    """Character code → text, from a ToUnicode CMap's bfchar and bfrange sections."""
    codes: dict[int, str] = {}
    for section in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", section):
            codes[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for section in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, text in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", section
        ):
            first = int(text, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                codes[code] = chr(first + offset)
    return codes


def embedded_glyphs(pdf: Path) -> dict[str, dict[str, set[int]]]:
    """For each Type 1 font LibreOffice embedded: character → the CIDs of the glyphs that draw it."""
    objects = {number: (dictionary, stream) for number, dictionary, stream in _objects(pdf.read_bytes())}
    result: dict[str, dict[str, set[int]]] = {}
    for dictionary, _ in objects.values():
        if b"/Type/Font" not in dictionary or b"/ToUnicode" not in dictionary:
            continue
        name = re.search(rb"/BaseFont/(?:[A-Z]{6}\+)?([^/\s]+)", dictionary).group(1).decode()  # type: ignore[union-attr]
        descriptor = objects[int(re.search(rb"/FontDescriptor (\d+)", dictionary).group(1))][0]  # type: ignore[union-attr]
        program = re.search(rb"/FontFile (\d+)", descriptor)
        if program is None:
            continue
        to_unicode = objects[int(re.search(rb"/ToUnicode (\d+)", dictionary).group(1))][1] or b""  # type: ignore[union-attr]
        font_program = objects[int(program.group(1))][1] or b""
        glyph_names = {
            int(code): int(cid) for code, cid in re.findall(rb"dup (\d+) /cid(\d+) put", font_program)
        }
        glyphs = result.setdefault(name, {})
        for code, text in _to_unicode(to_unicode).items():
            if code in glyph_names and len(text) == 1:
                glyphs.setdefault(text, set()).add(glyph_names[code])
    return result


@functools.cache
def _sc_cids(family: str, style: str) -> dict[int, int]:
    """Code point → CID in the Simplified Chinese face of an installed Noto CJK collection."""
    path = installed_font_file(family, style)
    if path is None:
        raise PdfToolMissing(f"找不到已安装的字体 {family} {style}")
    from fontTools.ttLib import TTCollection

    for font in TTCollection(str(path), lazy=True).fonts:
        if font["name"].getDebugName(1) == family:
            return {point: int(glyph.removeprefix("cid")) for point, glyph in font.getBestCmap().items()}
    raise PdfToolMissing(f"{path} 中没有 {family}")


def glyph_forms_not_sc(pdf: Path) -> list[str]:
    """Characters drawn from a Noto CJK collection with a glyph other than the Simplified Chinese one.

    Empty when every Noto glyph in the PDF is the SC face's (no Japanese, Korean or traditional forms).
    """
    wrong: list[str] = []
    for name, glyphs in embedded_glyphs(pdf).items():
        match = re.match(r"Noto(Serif|Sans)CJK\w*-(\w+?)(?:-|$)", name)
        if match is None:
            continue
        kind, style = match.groups()
        expected = _sc_cids(f"Noto {kind} CJK SC", style)
        wrong += [f"{char}（{name}）" for char, cids in glyphs.items() if cids != {expected.get(ord(char))}]
    return sorted(wrong)
