"""The faces a GB/T 9704 document names, the free faces that stand in for them, and what each covers.

A document names the faces an officer's Windows PC has: the GB2312 faces 仿宋_GB2312, 楷体_GB2312 and
方正小标宋简体, and the GBK faces 仿宋, 楷体, 宋体 and 黑体. On Linux, LibreOffice renders them with free
faces through the project's fontconfig file (`fontdata/fonts.conf`, used only by the PDF renderer through
FONTCONFIG_FILE): 仿宋_GB2312 → FandolFang, 方正小标宋简体 → Noto Serif CJK SC Bold, 黑体 → Noto Sans CJK SC,
楷体_GB2312 and 楷体 → LXGW WenKai, and 宋体 and 仿宋 → Noto Serif CJK SC.

A character that a GB2312 face lacks (on Windows: outside GB2312; on Linux: outside FandolFang's cmap, e.g.
the name characters 堃喆昇珺犇玥璟祎琤垚嫚) goes in its own run naming the face's GBK fallback, so it is
drawn in a matching face on both systems (RULES.md §6.1, docs/adr/0008-fonts-and-pdf.md). What FandolFang
covers comes from a committed table, so a document is the same bytes on any machine, fonts or not.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

FONT_DATA = Path(__file__).with_name("fontdata")
FONTCONFIG_FILE = FONT_DATA / "fonts.conf"
FANDOL_FANG_TABLE = FONT_DATA / "FandolFang-Regular.cmap"

# The faces a document names (an officer's PC has them; Gonghui never ships them).
FANGSONG_GB2312 = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI_GB2312 = "楷体_GB2312"
FANGSONG = "仿宋"
KAITI = "楷体"
SONGTI = "宋体"

# The free families they map to in fontdata/fonts.conf.
FANDOL_FANG = "FandolFang"
NOTO_SERIF = "Noto Serif CJK SC"
NOTO_SANS = "Noto Sans CJK SC"
WENKAI = "LXGW WenKai"

Charset = Literal["gb2312", "gbk"]


@dataclass(frozen=True)
class Face:
    """A face as a document names it: the character set of the Windows font and its free stand-in."""

    name: str
    charset: Charset
    free: str
    # A committed cmap table of the free face when it does not cover the whole charset; None when it does
    # (checked against the installed fonts by gonghui/core/tests/test_fonts.py).
    table: Path | None = None


FACES: dict[str, Face] = {
    face.name: face
    for face in (
        Face(FANGSONG_GB2312, "gb2312", FANDOL_FANG, FANDOL_FANG_TABLE),
        Face(XIAOBIAOSONG, "gb2312", NOTO_SERIF),
        Face(KAITI_GB2312, "gb2312", WENKAI),
        Face(HEITI, "gbk", NOTO_SANS),
        Face(FANGSONG, "gbk", NOTO_SERIF),
        Face(KAITI, "gbk", WENKAI),
        Face(SONGTI, "gbk", NOTO_SERIF),
    )
}


def in_charset(char: str, charset: Charset) -> bool:
    """Whether a Windows font of `charset` has `char`, in Windows' own (CP936) Unicode mapping.

    GB2312 is taken as the GBK codes in GB2312's rows that GB2312 itself defines: Python's gb2312 codec
    maps A1AA and A1A4 to U+2015 and U+30FB, where Windows (and every Chinese IME) has — U+2014 and · U+00B7.
    """
    try:
        encoded = char.encode("gbk")
    except UnicodeEncodeError:
        return False
    if len(encoded) == 1:
        return encoded[0] < 0x7F  # ASCII; controls such as a tab are never drawn, DEL has no glyph
    if charset == "gbk":
        return True
    try:
        encoded.decode("gb2312")
    except UnicodeDecodeError:
        return False
    return True


def parse_ranges(text: str) -> frozenset[int]:
    """Code points from hex ranges ("4e00-4e05 4e08"), ignoring "#" comment lines."""
    points: set[int] = set()
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        for item in line.split():
            low, _, high = item.partition("-")
            points.update(range(int(low, 16), int(high or low, 16) + 1))
    return frozenset(points)


def format_ranges(points: Iterable[int], *, per_line: int = 12) -> str:
    """The inverse of parse_ranges: sorted hex ranges, `per_line` to a line."""
    ranges: list[list[int]] = []
    for point in sorted(set(points)):
        if ranges and point == ranges[-1][1] + 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    items = [f"{low:x}" if low == high else f"{low:x}-{high:x}" for low, high in ranges]
    return "".join(" ".join(items[i : i + per_line]) + "\n" for i in range(0, len(items), per_line))


@functools.cache
def table_points(table: Path) -> frozenset[int]:
    """The code points of a committed cmap table."""
    return parse_ranges(table.read_text(encoding="utf-8"))


def covers(face: str, char: str) -> bool:
    """Whether the named face has `char` both on Windows and in its free stand-in on Linux."""
    spec = FACES[face]
    if not in_charset(char, spec.charset):
        return False
    return spec.table is None or ord(char) in table_points(spec.table)


def split_by_coverage(text: str, face: str, fallback: str | None) -> list[tuple[str, str]]:
    """`text` as (piece, face) runs: characters `face` lacks go in runs naming `fallback`.

    Adjacent characters in the same face share a run; without a fallback the whole text is one run.
    """
    if fallback is None or not text:
        return [(text, face)] if text else []
    pieces: list[tuple[str, str]] = []
    for char in text:
        wanted = face if covers(face, char) else fallback
        if pieces and pieces[-1][1] == wanted:
            pieces[-1] = (pieces[-1][0] + char, wanted)
        else:
            pieces.append((char, wanted))
    return pieces


def fontconfig_environment() -> dict[str, str]:
    """The environment variables that make a child process see the project's font aliases."""
    return {"FONTCONFIG_FILE": str(FONTCONFIG_FILE)}


def installed_font_file(family: str, style: str = "Regular") -> Path | None:
    """The file fontconfig holds for exactly `family` (and `style`), or None (or no fontconfig)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    listed = subprocess.run(
        [fc_list, "-f", "%{file}\n", f"{family}:style={style}"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    return Path(sorted(listed)[0]) if listed else None


def font_cmap(path: Path, family: str | None = None) -> frozenset[int]:
    """The code points of a font file's best cmap (fontTools, a dev dependency); in a .ttc, `family`'s."""
    from fontTools.ttLib import TTCollection, TTFont

    if path.suffix.lower() == ".ttc":
        for font in TTCollection(str(path), lazy=True).fonts:
            if family is None or font["name"].getDebugName(1) == family:
                return frozenset(font.getBestCmap())
        raise LookupError(f"{path} 中没有字体“{family}”")
    return frozenset(TTFont(str(path), lazy=True).getBestCmap())


def write_table(font: Path, table: Path = FANDOL_FANG_TABLE) -> None:
    """Regenerate a committed cmap table from an installed font file."""
    header = (
        f"# {font.name}: the Unicode code points of its cmap, as hex ranges.\n"
        "# Generated by `python -m gonghui.core.fonts FONT_FILE`; checked against the installed font by\n"
        "# gonghui/core/tests/test_fonts.py.\n"
    )
    table.write_text(header + format_ranges(font_cmap(font)), encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover - a maintenance tool
    write_table(Path(sys.argv[1]))
