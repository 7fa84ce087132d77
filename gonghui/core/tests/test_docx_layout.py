"""The GB/T 9704 .docx layout: runs per role with their fallback, the page-number footers, the grid."""

from __future__ import annotations

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Emu
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from gonghui.core import docx_layout
from gonghui.core.docx_layout import add_page_numbers, add_paragraph, set_up_page, set_up_styles, write_text


def _document() -> DocumentObject:
    document = Document()
    set_up_page(document, line_grid=True)
    set_up_styles(document)
    return document


def _run_properties(run: Run) -> dict[str, str | None]:
    rPr = run._element.rPr
    fonts = rPr.find(qn("w:rFonts"))
    language = rPr.find(qn("w:lang"))
    scale = rPr.find(qn("w:w"))
    return {
        "text": run.text,
        "ascii": fonts.get(qn("w:ascii")),
        "eastAsia": fonts.get(qn("w:eastAsia")),
        "size": rPr.find(qn("w:sz")).get(qn("w:val")),
        "bold": "b" if rPr.find(qn("w:b")) is not None else None,
        "scale": scale.get(qn("w:val")) if scale is not None else None,
        "lang": f"{language.get(qn('w:val'))}/{language.get(qn('w:eastAsia'))}",
    }


def _run(text: str, face: str, *, size: str = "32", bold: bool = False, scale: str | None = "98") -> dict:
    return {
        "text": text,
        "ascii": face,
        "eastAsia": face,
        "size": size,
        "bold": "b" if bold else None,
        "scale": scale,
        "lang": "zh-CN/zh-CN",
    }


def _runs(paragraph: Paragraph) -> list[dict[str, str | None]]:
    return [_run_properties(run) for run in paragraph.runs]


def test_body_text_puts_what_fandolfang_lacks_in_runs_naming_fangsong() -> None:
    paragraph = _document().add_paragraph()
    runs = write_text(paragraph, "会员王堃、李喆喆同志", "body")
    assert len(runs) == 5
    assert _runs(paragraph) == [
        _run("会员王", "仿宋_GB2312"),
        _run("堃", "仿宋"),
        _run("、李", "仿宋_GB2312"),
        _run("喆喆", "仿宋"),
        _run("同志", "仿宋_GB2312"),
    ]


def test_the_title_falls_back_to_bold_songti_at_its_own_size() -> None:
    paragraph = _document().add_paragraph()
    write_text(paragraph, "关于表彰刘犇同志的决定", "title")
    assert _runs(paragraph) == [
        _run("关于表彰刘", "方正小标宋简体", size="44", scale=None),
        _run("犇", "宋体", size="44", bold=True, scale=None),
        _run("同志的决定", "方正小标宋简体", size="44", scale=None),
    ]


def test_headings_use_their_faces_and_bold_is_configurable() -> None:
    document = _document()
    h1 = add_paragraph(document, "一、关心职工玥璟生活", "h1")
    h2 = add_paragraph(document, "（一）走访祎琤家庭", "h2", bold=True)
    h3 = add_paragraph(document, "1.慰问垚嫚同志", "h3")
    assert _runs(h1) == [_run("一、关心职工玥璟生活", "黑体")]  # 黑体 is a GBK face: one run
    assert _runs(h2) == [
        _run("（一）走访", "楷体_GB2312", bold=True),
        _run("祎琤", "楷体", bold=True),
        _run("家庭", "楷体_GB2312", bold=True),
    ]
    assert _runs(h3) == [
        _run("1.慰问", "仿宋_GB2312"),
        _run("垚嫚", "仿宋"),
        _run("同志", "仿宋_GB2312"),
    ]


def test_paragraph_layout_per_role() -> None:
    document = _document()
    title = add_paragraph(document, "工作总结", "title")
    body = add_paragraph(document, "正文。", "body")
    date = add_paragraph(document, "2024年12月31日", "date")
    signature = add_paragraph(document, "某某工会", "signature", over="2024年12月31日")

    def twips(chars: float) -> int:  # 1 字 of a full body line
        return Emu(round(docx_layout.CHAR_PITCH * chars)).twips

    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.paragraph_format.first_line_indent is None
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.paragraph_format.first_line_indent.twips == twips(2) == 632
    assert date.alignment == WD_ALIGN_PARAGRAPH.RIGHT and date.paragraph_format.right_indent.twips == twips(4)
    # "2024年12月31日" is 8 × ½ + 3 = 7 字 wide; the 4-字 signature is centred over it: 4 + 1.5 字 in.
    assert signature.paragraph_format.right_indent.twips == twips(5.5)
    assert add_paragraph(document, "某某工会", "signature").paragraph_format.right_indent.twips == twips(4)


def test_the_line_grid_is_22_lines_and_runs_are_scaled_to_28_characters() -> None:
    document = _document()
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:linePitch")) == "579"
    assert 28 * 16 * docx_layout.CHAR_SCALE / 100 <= docx_layout.TEXT_WIDTH.pt < 29 * 16 * 0.98
    theme_language = document.settings.element.find(qn("w:themeFontLang"))
    assert theme_language.get(qn("w:eastAsia")) == "zh-CN"


def _footer_xml(paragraph: Paragraph) -> dict[str, object]:
    pPr = paragraph._p.pPr
    indent = pPr.find(qn("w:ind"))
    runs = paragraph._p.findall(qn("w:r"))
    pieces: list[str] = []
    for run in runs:
        for child in run:
            if child.tag == qn("w:t"):
                pieces.append(child.text)
            elif child.tag == qn("w:fldChar"):
                pieces.append(f"<{child.get(qn('w:fldCharType'))}>")
            elif child.tag == qn("w:instrText"):
                pieces.append(f"[{child.text}]")
    fonts = {(r.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia"))) for r in runs}
    sizes = {r.find(qn("w:rPr")).find(qn("w:sz")).get(qn("w:val")) for r in runs}
    return {
        "jc": pPr.find(qn("w:jc")).get(qn("w:val")),
        "indent": {key.split("}")[1]: value for key, value in indent.attrib.items()},
        "snapToGrid": pPr.find(qn("w:snapToGrid")).get(qn("w:val")),
        "pieces": pieces,
        "fonts": fonts,
        "sizes": sizes,
    }


def test_page_numbers_right_on_odd_pages_and_left_on_even_pages() -> None:
    document = _document()
    add_page_numbers(document)
    settings = document.settings.element
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    section = document.sections[0]
    assert section.footer_distance.twips == docx_layout.PAGE_NUMBER_FOOTER_DISTANCE.twips
    field = ["— ", "<begin>", "[ PAGE ]", "<separate>", "1", "<end>", " —"]
    assert _footer_xml(section.footer.paragraphs[0]) == {
        "jc": "right",
        "indent": {"firstLine": "0", "right": "280"},
        "snapToGrid": "0",
        "pieces": field,
        "fonts": {"宋体"},
        "sizes": {"28"},
    }
    assert _footer_xml(section.even_page_footer.paragraphs[0]) == {
        "jc": "left",
        "indent": {"firstLine": "0", "left": "280"},
        "snapToGrid": "0",
        "pieces": field,
        "fonts": {"宋体"},
        "sizes": {"28"},
    }
    # CT_PPr's element order: pStyle, snapToGrid, spacing, ind, jc.
    order = [child.tag.split("}")[1] for child in section.footer.paragraphs[0]._p.pPr]
    assert order == ["pStyle", "snapToGrid", "spacing", "ind", "jc"]
