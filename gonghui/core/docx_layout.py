"""The official document layout (GB/T 9704) for every .docx Gonghui writes: page, fonts, language.

Runs name the standard faces (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312) so a document is right on an
officer's PC, with the East Asian font in rFonts w:eastAsia and the language zh-CN so free CJK fonts never
render Japanese glyph forms. `write_text` splits text by role into runs, so a character the role's face
lacks (a rare name character) names a GBK fallback face (gonghui/core/fonts.py); `add_page_numbers` puts
"— 1 —" in the footers; the line grid gives 22 lines of 28 characters. Documents (the new-member notice,
the sign-in sheet, the work summary) share this; gonghui/core/pdf.py renders them with free fonts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.shared import Emu, Length, Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from gonghui.core import fonts

TITLE_FONT = fonts.XIAOBIAOSONG
BODY_FONT = fonts.FANGSONG_GB2312
HEADING_1_FONT = fonts.HEITI
HEADING_2_FONT = fonts.KAITI_GB2312
PAGE_NUMBER_FONT = fonts.SONGTI
LANGUAGE = "zh-CN"
TITLE_SIZE = Pt(22)  # 2号
BODY_SIZE = Pt(16)  # 3号
TABLE_SIZE = Pt(14)  # 4号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
LINE_PITCH = Pt(28.95)  # 22 lines in the 225 mm 版心
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, BOTTOM, LEFT, RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
TEXT_WIDTH = Emu(PAGE_WIDTH - LEFT - RIGHT)  # the 版心: 156 mm
CHARS_PER_LINE = 28
# 28 characters of 3号 (16 pt) to a line need a pitch of at most 442.2 / 28 ≈ 15.79 pt, and 29 must not fit:
# 3号 runs are drawn at 98 % width (w:w, 15.68 pt) and justified, so a full line is spread to exactly 28.
# (Word's character grid, docGrid linesAndChars, gives every character two cells in LibreOffice when the
# pitch is under the font size; condensed spacing, w:spacing, skips the last character of each run in
# LibreOffice, so lines split into runs by rare name characters hold 27. Scaling has neither problem.)
CHAR_SCALE = 98
CHAR_PITCH = Emu(TEXT_WIDTH // CHARS_PER_LINE)  # 1 字 of a full body line: ≈ 15.79 pt
# The footer's distance from the page's bottom edge that puts the page number's dash line 7 mm below the
# 版心 (GB/T 9704 §7.5), measured in LibreOffice's PDF (gonghui/core/tests/test_pdf_rendering.py).
PAGE_NUMBER_FOOTER_DISTANCE = Mm(25)

Role = Literal["title", "body", "h1", "h2", "h3", "signature", "date"]


@dataclass(frozen=True)
class TextRole:
    """How a role's text is set: the face, size and weight, and the GBK face for what the face lacks."""

    face: str
    size: Length
    fallback: str | None
    bold: bool = False
    fallback_bold: bool = False
    scale: int | None = CHAR_SCALE  # per cent width: 28 characters to a line (3号 roles)


# GB/T 9704 §7.3: the title 2号小标宋; body 3号仿宋; headings 一、 黑体, （一） 楷体, 1. 仿宋, all 3号. The
# standard asks for no bold; write_text(…, bold=True) gives the common 楷体/仿宋 bold headings.
ROLES: dict[str, TextRole] = {
    # 宋体 bold: on Linux the same Noto Serif CJK SC Bold as the title; on Windows SimSun, made bold.
    "title": TextRole(TITLE_FONT, TITLE_SIZE, fonts.SONGTI, fallback_bold=True, scale=None),
    "body": TextRole(BODY_FONT, BODY_SIZE, fonts.FANGSONG),
    "h1": TextRole(HEADING_1_FONT, BODY_SIZE, None),  # 黑体 is a GBK face; Noto Sans CJK SC covers GBK
    "h2": TextRole(HEADING_2_FONT, BODY_SIZE, fonts.KAITI),
    "h3": TextRole(BODY_FONT, BODY_SIZE, fonts.FANGSONG),
    "signature": TextRole(BODY_FONT, BODY_SIZE, fonts.FANGSONG),
    "date": TextRole(BODY_FONT, BODY_SIZE, fonts.FANGSONG),
}


def set_up_page(
    document: DocumentObject,
    *,
    header_distance: Length | None = None,
    footer_distance: Length | None = None,
    line_grid: bool = False,
) -> None:
    """A4 with the standard's margins; optionally the header/footer distances and a 22-line grid."""
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    if header_distance is not None:
        section.header_distance = header_distance
    if footer_distance is not None:
        section.footer_distance = footer_distance
    if line_grid:
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            section._sectPr.append(grid)
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(round(LINE_PITCH.pt * 20)))


def set_up_styles(document: DocumentObject) -> None:
    """Body text 3号仿宋 at a fixed line pitch, in Chinese, with the template's theme fonts removed."""
    # The default template's theme fonts would win over any font named below; drop them.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for fonts in defaults.iter(qn("w:rFonts")):
            for attribute in list(fonts.attrib):
                if attribute.lower().endswith("theme"):
                    del fonts.attrib[attribute]
            for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
                fonts.set(qn(attribute), BODY_FONT)
        for language in defaults.iter(qn("w:lang")):
            language.set(qn("w:val"), LANGUAGE)
            language.set(qn("w:eastAsia"), LANGUAGE)
    # The default template says its theme's East Asian language is Japanese.
    theme_language = document.settings.element.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.set(qn("w:eastAsia"), LANGUAGE)
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = BODY_SIZE
    east_asian(normal.element.get_or_add_rPr(), BODY_FONT)
    paragraph_format = normal.paragraph_format
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = LINE_PITCH
    # Every full page holds its 22 lines: no line is pushed over to keep two lines of a paragraph together.
    paragraph_format.widow_control = False


def east_asian(rPr: CT_RPr, font: str) -> None:
    """Name the font for Chinese text (w:eastAsia) and mark the text as Simplified Chinese."""
    rPr.get_or_add_rFonts().set(qn("w:eastAsia"), font)
    language = rPr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rPr.append(language)
    language.set(qn("w:val"), LANGUAGE)
    language.set(qn("w:eastAsia"), LANGUAGE)


def styled(run: Run, font: str, size: Length, *, bold: bool = False) -> Run:
    """A run in the named face and size, its Chinese text in that face too."""
    run.font.name = font
    run.font.size = size
    if bold:
        run.font.bold = True
    east_asian(run._element.get_or_add_rPr(), font)
    return run


def repeat_as_header(table: Table) -> None:
    """The table's first row is repeated at the top of every page of a long list."""
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(header)


def write_text(
    paragraph: Paragraph, text: str, role: Role = "body", *, bold: bool | None = None
) -> list[Run]:
    """Append `text` to `paragraph` in the role's face and size, as runs split by what the face covers.

    A character the role's face lacks (fonts.covers: outside GB2312, or outside FandolFang) goes in a run
    naming the role's GBK fallback face. `bold` overrides the role's weight (h2/h3 headings in bold).
    """
    spec = ROLES[role]
    weight = spec.bold if bold is None else bold
    runs = []
    for piece, face in fonts.split_by_coverage(text, spec.face, spec.fallback):
        fallback_weight = face != spec.face and spec.fallback_bold
        run = styled(paragraph.add_run(piece), face, spec.size, bold=weight or fallback_weight)
        if spec.scale is not None:
            scale_width(run, spec.scale)
        runs.append(run)
    return runs


def scale_width(run: Run, percent: int) -> None:
    """Draw the run's characters at `percent` of their width (w:w, 字符缩放)."""
    rPr = run._element.get_or_add_rPr()
    scale = rPr.find(qn("w:w"))
    if scale is None:
        scale = OxmlElement("w:w")
        # CT_RPr's order: w comes after the fonts, weight, colour and spacing, before kern, position and size.
        rPr.insert_element_before(scale, "w:kern", "w:position", "w:sz", "w:szCs", "w:u", "w:lang")
    scale.set(qn("w:val"), str(percent))


def add_paragraph(
    document: DocumentObject, text: str, role: Role = "body", *, bold: bool | None = None, over: str = ""
) -> Paragraph:
    """A paragraph of `text` laid out for its role (GB/T 9704 §7.3).

    The title is centred; body text and headings are justified and start 2 characters in; the date (成文日期) stands 4
    characters in from the right; a signature (署名) is centred over the text `over` (the date), or
    4 characters in from the right without it.
    """
    paragraph = document.add_paragraph()
    layout = paragraph.paragraph_format
    if role == "title":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        layout.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        layout.line_spacing = LINE_PITCH
    elif role in ("date", "signature"):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        chars = 4.0
        if role == "signature" and over:
            chars += max(0.0, (text_width(over) - text_width(text)) / 2)
        layout.right_indent = Emu(round(CHAR_PITCH * chars))
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        layout.first_line_indent = Emu(CHAR_PITCH * 2)
    write_text(paragraph, text, role, bold=bold)
    return paragraph


def text_width(text: str) -> float:
    """The width of `text` in 字: half a character for ASCII, one for anything else."""
    return sum(0.5 if ord(char) < 0x80 else 1.0 for char in text)


def add_page_numbers(document: DocumentObject) -> None:
    """Page numbers "— 1 —" in 4号 宋体 (GB/T 9704 §7.5): odd pages right, even pages left, 1 字 in.

    Sets w:evenAndOddHeaders and fills the section's default (odd) and even footers with a PAGE field;
    the footer distance puts the dash line 7 mm below the 版心.
    """
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    section.footer_distance = PAGE_NUMBER_FOOTER_DISTANCE
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)


def _page_number(paragraph: Paragraph, *, odd: bool) -> None:
    """One footer's page number: a PAGE field between em dashes, off the line grid."""
    off_grid(paragraph)
    layout = paragraph.paragraph_format
    layout.line_spacing_rule = WD_LINE_SPACING.SINGLE
    layout.first_line_indent = Pt(0)
    if odd:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        layout.right_indent = PAGE_NUMBER_SIZE
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        layout.left_indent = PAGE_NUMBER_SIZE

    def run(text: str = "") -> Run:
        return styled(paragraph.add_run(text), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)

    run("— ")
    _field_char(run(), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    run()._element.append(instruction)
    _field_char(run(), "separate")
    run("1")
    _field_char(run(), "end")
    run(" —")


def off_grid(paragraph: Paragraph) -> None:
    """Take a paragraph off the document grid (w:snapToGrid 0), e.g. a footer or a table's cells."""
    pPr = paragraph._p.get_or_add_pPr()
    snap = pPr.find(qn("w:snapToGrid"))
    if snap is None:
        snap = OxmlElement("w:snapToGrid")
        # CT_PPr's order: snapToGrid comes before spacing, ind and jc.
        pPr.insert_element_before(snap, "w:spacing", "w:ind", "w:contextualSpacing", "w:jc", "w:rPr")
    snap.set(qn("w:val"), "0")


def _field_char(run: Run, kind: str) -> None:
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), kind)
    run._element.append(mark)
