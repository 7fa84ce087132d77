"""The official document layout (GB/T 9704) for every .docx Gonghui writes: page, fonts, language.

Runs name the standard faces (方正小标宋简体, 仿宋_GB2312) so a document is right on an officer's PC, with
the East Asian font in rFonts w:eastAsia and the language zh-CN so free CJK fonts never render Japanese
glyph forms. Documents (the new-member notice, the sign-in sheet, later the work summary) share this.
"""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.font import CT_RPr
from docx.shared import Length, Mm, Pt
from docx.table import Table
from docx.text.run import Run

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
LANGUAGE = "zh-CN"
TITLE_SIZE = Pt(22)  # 2号
BODY_SIZE = Pt(16)  # 3号
TABLE_SIZE = Pt(14)  # 4号
LINE_PITCH = Pt(28.95)  # 22 lines in the 225 mm 版心
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, BOTTOM, LEFT, RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)


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
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = BODY_SIZE
    east_asian(normal.element.get_or_add_rPr(), BODY_FONT)
    paragraph_format = normal.paragraph_format
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = LINE_PITCH


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
