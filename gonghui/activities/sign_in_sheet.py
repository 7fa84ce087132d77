"""签到表: a session's printable sign-in sheet (.docx), names numbered in surname-stroke order.

Layout follows the 新会员名单公示 (gonghui/members/roster/notice.py): A4, GB/T 9704 margins, title 2号
方正小标宋简体, body 仿宋_GB2312 with the East Asian font named in rFonts w:eastAsia and the language set to
zh-CN. The table 序号 | 姓名 | 部门 | 签名 repeats its header row on every page. Only names and departments
are printed: a sheet lies on a table at the door, so no ID numbers and no phone numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from django.utils import timezone
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Mm
from docx.table import Table, _Cell

from gonghui.activities.models import ExpectedAttendee, Session
from gonghui.activities.wording import cn_date
from gonghui.core.docx_layout import (
    BODY_FONT,
    BODY_SIZE,
    LINE_PITCH,
    TABLE_SIZE,
    TITLE_FONT,
    TITLE_SIZE,
    repeat_as_header,
    set_up_page,
    set_up_styles,
    styled,
)

ROW_HEIGHT = Mm(10)  # room for a handwritten signature

TABLE_HEADERS = ("序号", "姓名", "部门", "签名")
TABLE_WIDTHS = (Mm(16), Mm(34), Mm(46), Mm(60))  # 156 mm: the width of the 版心


def sheet_title(session: Session) -> str:
    return f"{session.activity.display_title}签到表"


def when_and_where(session: Session) -> str:
    """时间：2026年5月20日 15:40—17:00　地点：学校体育馆 (the session's place, else the activity's)."""
    starts = timezone.localtime(session.starts_at)
    when = f"{cn_date(starts.date())} {starts:%H:%M}"
    if session.ends_at:
        when += f"—{timezone.localtime(session.ends_at):%H:%M}"
    label = "" if session.activity.sessions.count() <= 1 else f"（{session.label}）"
    place = session.place or session.activity.place
    return f"时间：{when}{label}" + (f"　地点：{place}" if place else "")


def write_sign_in_sheet(out: IO[bytes], *, session: Session, lines: Sequence[ExpectedAttendee]) -> None:
    """Write the sheet of `lines` (a frozen sheet, in number order) to `out`."""
    document = Document()
    set_up_page(document)
    set_up_styles(document)
    title = sheet_title(session)
    document.core_properties.title = title
    document.core_properties.author = session.activity.union.name
    document.core_properties.last_modified_by = session.activity.union.name
    document.core_properties.comments = ""

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    heading.paragraph_format.line_spacing = LINE_PITCH
    styled(heading.add_run(title), TITLE_FONT, TITLE_SIZE)
    info = document.add_paragraph()
    info.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styled(info.add_run(when_and_where(session)), BODY_FONT, BODY_SIZE)
    _table(document, lines)
    document.save(out)


def _table(document: DocumentObject, lines: Sequence[ExpectedAttendee]) -> Table:
    table = document.add_table(rows=1, cols=len(TABLE_HEADERS))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cells(table.rows[0].cells, TABLE_HEADERS, bold=True)
    repeat_as_header(table)
    for line in lines:
        department = line.person.department.name if line.person.department else ""
        row = table.add_row()
        row.height = ROW_HEIGHT
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        _cells(row.cells, (str(line.number), line.person.name, department, ""))
    for column, width in zip(table.columns, TABLE_WIDTHS, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, TABLE_WIDTHS, strict=True):
            cell.width = width
    return table


def _cells(cells: Sequence[_Cell], values: tuple[str, ...], *, bold: bool = False) -> None:
    for cell, value in zip(cells, values, strict=True):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if value:
            styled(paragraph.add_run(value), BODY_FONT, TABLE_SIZE, bold=bold)
