"""The faces, their coverage and the project's fontconfig aliases (gonghui/core/fonts.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core import fonts
from gonghui.core.fonts import (
    FANDOL_FANG_TABLE,
    FANGSONG,
    FANGSONG_GB2312,
    HEITI,
    KAITI,
    KAITI_GB2312,
    SONGTI,
    XIAOBIAOSONG,
    covers,
    format_ranges,
    in_charset,
    parse_ranges,
    split_by_coverage,
    table_points,
)

RARE_NAME_CHARACTERS = "堃喆昇珺犇玥璟祎琤垚嫚"


def test_gb2312_is_taken_in_the_windows_mapping() -> None:
    # Chinese IMEs type — U+2014 and · U+00B7; Python's gb2312 codec knows only ― U+2015 and ・ U+30FB.
    assert in_charset("—", "gb2312") and in_charset("·", "gb2312")
    assert not in_charset("―", "gb2312") and not in_charset("・", "gb2312")
    assert in_charset("永", "gb2312") and in_charset("A", "gb2312") and in_charset("，", "gb2312")
    assert not in_charset("ⅰ", "gb2312")  # a GBK addition in GB2312's rows
    assert not in_charset("\x7f", "gbk") and not in_charset("€", "gbk")


def test_the_rare_name_characters_are_gbk_but_not_gb2312() -> None:
    for char in RARE_NAME_CHARACTERS:
        assert in_charset(char, "gbk") and not in_charset(char, "gb2312"), char


@given(st.sets(st.integers(min_value=0, max_value=0x2FFFF), max_size=200))
def test_ranges_round_trip(points: set[int]) -> None:
    assert parse_ranges(format_ranges(points)) == points


def test_the_fandolfang_table_holds_gb2312_but_not_the_rare_names() -> None:
    points = table_points(FANDOL_FANG_TABLE)
    assert len(points) == 10273
    assert all(ord(char) not in points for char in RARE_NAME_CHARACTERS)
    assert covers(FANGSONG_GB2312, "永") and covers(FANGSONG_GB2312, "—")
    assert not covers(FANGSONG_GB2312, "堃")
    assert not covers(FANGSONG_GB2312, "們")  # FandolFang has it, 仿宋_GB2312 on Windows does not
    assert covers(FANGSONG, "堃")


def test_text_is_split_into_runs_by_what_the_face_covers() -> None:
    assert split_by_coverage("王堃、李喆喆同志2024年", FANGSONG_GB2312, FANGSONG) == [
        ("王", FANGSONG_GB2312),
        ("堃", FANGSONG),
        ("、李", FANGSONG_GB2312),
        ("喆喆", FANGSONG),
        ("同志2024年", FANGSONG_GB2312),
    ]
    assert split_by_coverage("昇", FANGSONG_GB2312, FANGSONG) == [("昇", FANGSONG)]
    assert split_by_coverage("一、王堃", HEITI, None) == [("一、王堃", HEITI)]
    assert split_by_coverage("", FANGSONG_GB2312, FANGSONG) == []


def test_the_document_does_not_depend_on_the_fonts_installed(tmp_path: Path) -> None:
    """The same document.xml with no fonts at all (an empty fontconfig) as with the system's fonts."""
    script = (
        "import sys, zipfile\n"
        "from docx import Document\n"
        "from gonghui.core import docx_layout as L\n"
        "d = Document(); L.set_up_page(d, line_grid=True); L.set_up_styles(d); L.add_page_numbers(d)\n"
        f"for role in ('title', 'body', 'h1', 'h2', 'h3'): L.add_paragraph(d, '王{RARE_NAME_CHARACTERS}同志', role)\n"
        "d.save(sys.argv[1])\n"
        "print(zipfile.ZipFile(sys.argv[1]).read('word/document.xml').hex())\n"
    )
    empty = tmp_path / "empty.conf"
    empty.write_text('<?xml version="1.0"?><fontconfig></fontconfig>\n', encoding="utf-8")
    outputs = []
    for name, extra in (("with-fonts", {}), ("without-fonts", {"FONTCONFIG_FILE": str(empty)})):
        environment = {**os.environ, **extra}
        done = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / f"{name}.docx")],
            capture_output=True,
            text=True,
            check=True,
            env=environment,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]


# ---- against the fonts installed by scripts/system-packages.sh --------------------------------------------


def _installed(family: str, style: str = "Regular") -> Path:
    path = fonts.installed_font_file(family, style)
    if path is None:
        pytest.skip(f"未安装字体 {family} {style}（scripts/system-packages.sh）")
    pytest.importorskip("fontTools")
    return path


def test_the_committed_fandolfang_table_is_the_installed_fonts_cmap() -> None:
    assert fonts.font_cmap(_installed("FandolFang")) == table_points(FANDOL_FANG_TABLE)


@pytest.mark.parametrize(
    ("family", "style", "charset"),
    [
        ("Noto Serif CJK SC", "Regular", "gbk"),
        ("Noto Serif CJK SC", "Bold", "gb2312"),
        ("Noto Sans CJK SC", "Regular", "gbk"),
        ("LXGW WenKai", "Regular", "gbk"),
    ],
)
def test_the_faces_without_a_table_cover_their_windows_charset(family: str, style: str, charset: str) -> None:
    """Noto and WenKai have every GB2312 character and every GBK hanzi, the rare names included."""
    cmap = fonts.font_cmap(_installed(family, style), family)
    needed = {
        point
        for point in range(0x20, 0x10000)
        if in_charset(chr(point), "gb2312")
        or (charset == "gbk" and in_charset(chr(point), "gbk") and 0x4E00 <= point <= 0x9FFF)
    }
    assert sorted(needed - cmap) == []
    assert all(ord(char) in cmap for char in RARE_NAME_CHARACTERS)


@pytest.mark.parametrize(
    ("face", "expected"),
    [
        (FANGSONG_GB2312, '"FandolFang" "Regular"'),
        (FANGSONG, '"Noto Serif CJK SC" "Regular"'),
        (XIAOBIAOSONG, '"Noto Serif CJK SC" "Bold"'),
        (SONGTI, '"Noto Serif CJK SC" "Regular"'),
        (HEITI, '"Noto Sans CJK SC" "Regular"'),
        (KAITI_GB2312, '"LXGW WenKai" "Regular"'),
        (KAITI, '"LXGW WenKai" "Regular"'),
    ],
)
def test_the_project_fontconfig_maps_the_standard_faces_to_free_ones(face: str, expected: str) -> None:
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        pytest.skip("未安装 fontconfig（fc-match）")
    _installed("FandolFang")
    environment = {**os.environ, **fonts.fontconfig_environment()}
    found = subprocess.run([fc_match, face], capture_output=True, text=True, check=True, env=environment)
    assert found.stdout.split(":", 1)[1].strip() == expected
