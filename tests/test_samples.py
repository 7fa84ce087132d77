"""The demo's summaries: docs/samples is current, and every demo union's annual and half-year summary
follows the writing and number rules (WRITING.md) on realistic records."""

import re
from pathlib import Path

import pytest
from docx import Document

from gonghui.core.demo import DemoContext, run_seeders
from gonghui.core.pdf import render_pdf
from gonghui.orgs.models import Union
from gonghui.reports.summary.build import build
from gonghui.reports.summary.document import NUMBER
from gonghui.reports.summary.render import to_markdown
from gonghui.reports.summary.samples import (
    SAMPLE_KINDS,
    SAMPLE_SEED,
    SAMPLE_TODAY,
    demo_periods,
    signed_for,
    write_samples,
)
from gonghui.reports.summary.service import prepare_union
from gonghui.reports.wording import approx_value
from gonghui.testing import pdfcheck

SAMPLES = Path(__file__).resolve().parent.parent / "docs" / "samples"
BANNED = ("数据显示", "该工会", "系统统计", "根据记录", "取得良好效果", "100.0%", "None")
NOTHING = re.compile(r"(?<![\d.])(0[次人项个]|1人次)")
TOTAL = re.compile(r"共(\d+)([项次人个])，其中([^。；]*)")


def _check_rules(document) -> None:
    text = to_markdown(document)
    for banned in BANNED:
        assert banned not in text, (document.title, banned)
    assert not NOTHING.search(text), (document.title, NOTHING.search(text))
    assert not re.search(r"[\u4e00-\u9fff][,;:()?!][\u4e00-\u9fff]", text), document.title
    sentences = [s for s in re.split(r"(?<=[。：])", text) if len(s) > 8]
    assert len(sentences) == len(set(sentences)), document.title
    for total, unit, parts in TOTAL.findall(text):
        listed = [int(n) for n in re.findall(rf"(\d+){unit}", parts)]
        assert sum(listed) == int(total), (document.title, total, parts)
    for span in document.spans():
        if span.kind == NUMBER:
            fact = document.facts[span.fact]
            approx = approx_value(span.text)
            assert approx or span.text == fact.written, (document.title, span)
    h1 = [line for line in text.splitlines() if line.startswith("## ")]
    numerals = "一二三四五六七八九十"
    assert [line[3] for line in h1] == list(numerals[: len(h1)]), document.title


@pytest.mark.django_db
def test_the_demo_summaries_are_current_and_follow_the_writing_rules(tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    run_seeders(DemoContext(today=SAMPLE_TODAY, seed=SAMPLE_SEED, out=lambda _text: None))

    fresh = write_samples(tmp_path / "samples", SAMPLE_TODAY)
    assert {p.name for p in fresh} == {p.name for p in SAMPLES.iterdir() if p.suffix in (".md", ".docx")}
    for path in fresh:
        committed = SAMPLES / path.name
        if path.suffix == ".md":
            assert path.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8"), (
                f"{committed} is out of date: run `make samples`"
            )
        else:
            texts = [[p.text for p in Document(str(f)).paragraphs] for f in (path, committed)]
            assert texts[0] == texts[1], f"{committed} is out of date: run `make samples`"

    unions = Union.objects.filter(kind__in=SAMPLE_KINDS).order_by("code")
    assert unions.count() >= 3
    for union in unions:
        for period in demo_periods(SAMPLE_TODAY):
            prepared = prepare_union(union, period=period, as_of=SAMPLE_TODAY)
            _check_rules(build(prepared, signed_on=signed_for(period)))


EXPECTED_FAMILIES = {"FandolFang", "NotoSerifCJK", "NotoSansCJK", "LXGWWenKai"}


@pdfcheck.requires_soffice
@pytest.mark.slow
def test_the_school_sample_renders_to_an_official_pdf(tmp_path):
    """The committed school sample through LibreOffice: only the free faces, 22 lines on every full page,
    page numbers right on odd and left on even pages, and every paragraph's text back out of the PDF."""
    pdf = tmp_path / "school.pdf"
    render_pdf(SAMPLES / "school-2025.docx", pdf)
    assert pdfcheck.font_families(pdf) <= EXPECTED_FAMILIES
    assert pdfcheck.glyph_forms_not_sc(pdf) == []
    pages = pdfcheck.page_count(pdf)
    assert pages >= 3
    assert [pdfcheck.body_line_count(pdf, page) for page in range(2, pages)] == [22] * (pages - 2)
    for page in range(1, pages + 1):
        number = pdfcheck.page_number(pdf, page)
        assert number is not None and number.text == f"— {page} —"
        assert number.side == ("right" if page % 2 else "left")
    flat = re.sub(r"—\d+—", "", "".join(pdfcheck.all_text(pdf).split()))  # page numbers out of the text
    for paragraph in Document(str(SAMPLES / "school-2025.docx")).paragraphs:
        assert "".join(paragraph.text.split()) in flat
