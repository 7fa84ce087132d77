"""A multi-page GB/T 9704 document through docx_layout, rendered by LibreOffice with the free fonts.

Checked in the PDF: only the free faces the aliases give (Simplified Chinese glyph forms), 22 body lines
of 28 characters on a full page, every input character back out of pdftotext, and the page numbers
"— n —" right on odd pages and left on even ones, 7 mm below the 版心.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn

from gonghui.core import docx_layout, pdf
from gonghui.core.docx_layout import Role, add_page_numbers, add_paragraph, set_up_page, set_up_styles, styled
from gonghui.core.pdf import PdfError, PdfUnavailable, render_pdf
from gonghui.testing import pdfcheck

pytestmark = [pdfcheck.requires_soffice, pytest.mark.slow]

NAMES = "堃喆昇珺犇玥璟祎琤垚嫚"
# Simplified Chinese forms that differ from the Japanese ones in Noto CJK: 直关会度 (title), 治引牢根 (h1).
TITLE = "某某市直属机关工会2024年度工作总结"
PUNCTUATED = (
    "今年以来，校工会在校党委和上级工会的领导下，围绕学校中心工作，团结带领广大教职工开展了丰富多彩的"
    "活动，全年共组织活动36次，参与教职工1280人次。会员王堃、李喆、张昇、赵珺、刘犇、陈玥、杨璟、"
    "黄祎、周琤、吴垚、郑嫚等同志表现突出，被评为“优秀工会积极分子”。"
)
# No punctuation and no Latin: every full line of it holds exactly 28 characters.
PLAIN = (
    "工会组织会员开展读书活动王堃李喆张昇赵珺刘犇陈玥杨璟黄祎周琤吴垚郑嫚等青年教师踊跃参加"
    "各部门工会小组按月开展集体学习并把学习成果转化为推动学校发展的实际行动"
) * 30
PARAGRAPHS: list[tuple[str, Role]] = [
    (TITLE, "title"),
    ("", "body"),
    ("一、坚持政治引领，筑牢思想根基", "h1"),
    ("（一）加强理论学习，提升履职能力", "h2"),
    ("1.组织专题培训，覆盖全体会员", "h3"),
    (PUNCTUATED, "body"),
    (PUNCTUATED, "body"),
    ("二、关心职工生活，玥璟同志牵头", "h1"),
    ("（二）关心祎琤等青年教师成长", "h2"),
    (PLAIN, "body"),
    ("2.走访慰问垚嫚等困难职工", "h3"),
    (PUNCTUATED, "body"),
    ("", "body"),
    ("某某市直属机关工会委员会", "signature"),
    ("2024年12月31日", "date"),
]
EXPECTED_FAMILIES = {"FandolFang", "NotoSerifCJK", "NotoSansCJK", "LXGWWenKai"}


@dataclass(frozen=True)
class Rendered:
    summary: Path
    japanese: Path
    seconds: float


def _summary(path: Path) -> None:
    document = Document()
    set_up_page(document, line_grid=True)
    set_up_styles(document)
    add_page_numbers(document)
    for text, role in PARAGRAPHS:
        over = "2024年12月31日" if role == "signature" else ""
        add_paragraph(document, text, role, bold=role in ("h2", "h3") or None, over=over)
    document.save(path)


def _japanese(path: Path) -> None:
    """A control for the glyph check: Noto Serif CJK JP with the language Japanese draws Japanese forms."""
    document: DocumentObject = Document()
    set_up_styles(document)
    run = styled(document.add_paragraph().add_run("工会直属机关"), "Noto Serif CJK JP", docx_layout.BODY_SIZE)
    run._element.rPr.find(qn("w:lang")).set(qn("w:eastAsia"), "ja-JP")
    document.save(path)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """Both documents rendered at the same time (each call has its own LibreOffice profile)."""
    folder = tmp_path_factory.mktemp("pdf")
    jobs: list[tuple[Callable[[Path], None], Path]] = [
        (_summary, folder / "summary.docx"),
        (_japanese, folder / "japanese.docx"),
    ]
    for build, path in jobs:
        build(path)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(render_pdf, path, path.with_suffix(".pdf")) for _, path in jobs]
        for future in futures:
            future.result()
    return Rendered(folder / "summary.pdf", folder / "japanese.pdf", time.monotonic() - started)


def test_only_the_free_faces_the_aliases_name_are_used(rendered: Rendered) -> None:
    names = pdfcheck.font_names(rendered.summary)
    assert pdfcheck.font_families(rendered.summary) == EXPECTED_FAMILIES, names
    assert not [name for name in names if re.search(r"DejaVu|Droid|Liberation|OpenSymbol|WenQuanYi", name)]
    assert any(name.startswith("NotoSerifCJK") and "-Bold" in name for name in names)  # the title


def test_every_noto_glyph_is_the_simplified_chinese_form(rendered: Rendered) -> None:
    assert pdfcheck.glyph_forms_not_sc(rendered.summary) == []
    # The check can fail: Japanese text in the JP face is caught.
    assert pdfcheck.glyph_forms_not_sc(rendered.japanese) != []


def test_the_rare_name_characters_come_from_the_fallback_face(rendered: Rendered) -> None:
    glyphs = pdfcheck.embedded_glyphs(rendered.summary)
    fandol = {char for name, chars in glyphs.items() if name.startswith("FandolFang") for char in chars}
    noto_serif = {
        char
        for name, chars in glyphs.items()
        if name.startswith("NotoSerifCJK") and "-Regular" in name
        for char in chars
    }
    assert set(NAMES) <= noto_serif
    assert not set(NAMES) & fandol
    assert "工" in fandol


def test_a_full_page_has_22_lines_of_28_characters(rendered: Rendered) -> None:
    pages = pdfcheck.page_count(rendered.summary)
    lines = {page: pdfcheck.body_lines(rendered.summary, page) for page in range(1, pages + 1)}
    assert pages >= 4
    assert max(len(page_lines) for page_lines in lines.values()) == 22
    full = [page for page, page_lines in lines.items() if [len(line) for line in page_lines] == [28] * 22]
    assert full, {page: [len(line) for line in page_lines] for page, page_lines in lines.items()}
    every_line = [line for page_lines in lines.values() for line in page_lines]
    assert PLAIN[:26] in every_line  # its first line, 2 characters in


def test_every_character_comes_back_out_of_the_pdf(rendered: Rendered) -> None:
    pages = pdfcheck.page_count(rendered.summary)
    text = "".join("".join(pdfcheck.body_lines(rendered.summary, page)) for page in range(1, pages + 1))
    text = re.sub(r"\s", "", text)
    position = 0
    for paragraph, _ in PARAGRAPHS:
        found = text.find(paragraph, position)
        assert found >= 0, paragraph[:20]
        position = found + len(paragraph)
    assert position == len(text)
    for char in NAMES:
        assert text.count(char) == sum(paragraph.count(char) for paragraph, _ in PARAGRAPHS), char


def test_page_numbers_right_on_odd_pages_left_on_even_pages(rendered: Rendered) -> None:
    for page in range(1, pdfcheck.page_count(rendered.summary) + 1):
        number = pdfcheck.page_number(rendered.summary, page)
        assert number is not None, page
        assert number.text == f"— {page} —"
        assert number.side == ("right" if page % 2 else "left"), page
        assert 13 <= number.indent <= 15  # 1 字 of 4号
        assert 6.5 <= number.below_body_mm <= 7.5, number


def test_two_renders_at_once_take_seconds(rendered: Rendered) -> None:
    assert rendered.seconds < 60


def test_a_render_that_overruns_its_timeout_is_stopped(tmp_path: Path) -> None:
    source = tmp_path / "a.docx"
    _japanese(source)
    with pytest.raises(PdfError, match="超过 0 秒"):
        render_pdf(source, tmp_path / "a.pdf", timeout=0)
    assert not (tmp_path / "a.pdf").exists()


def test_a_missing_document_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PdfError, match="找不到文件"):
        render_pdf(tmp_path / "none.docx", tmp_path / "none.pdf")


def test_without_libreoffice_the_error_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "soffice_path", lambda: None)
    with pytest.raises(PdfUnavailable) as raised:
        render_pdf(tmp_path / "a.docx", tmp_path / "a.pdf")
    assert "LibreOffice" in raised.value.message and "scripts/system-packages.sh" in raised.value.message
