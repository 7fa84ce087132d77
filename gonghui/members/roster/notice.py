"""新会员名单公示: the members newly admitted in a period, as a GB/T 9704-style .docx to post on a wall.

Layout from RULES.md §6: A4; margins top 37, bottom 35, left 28, right 26 mm; title 2号 方正小标宋简体;
body 3号 仿宋_GB2312 on a fixed 28.95 pt line pitch (22 lines in the 225 mm 版心); 成文日期 without
leading zeros, right-indented 4 characters; page numbers "— 1 —" in 4号 宋体, odd pages right and even
pages left, each 1 character in. A posted list is publishing personal information (PIPL 第五十五条,
RULES.md §8): only name, gender, department and a masked ID number, whatever the actor's role.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from gonghui.accounts.scope import ActorScope
from gonghui.core.docx_layout import (
    BODY_FONT,
    BODY_SIZE,
    LINE_PITCH,
    TABLE_SIZE,
    TITLE_FONT,
    TITLE_SIZE,
    add_page_numbers,
    repeat_as_header,
    set_up_page,
    set_up_styles,
    styled,
)
from gonghui.core.errors import DomainError
from gonghui.core.masking import mask_id_number
from gonghui.members.models import Membership, Person, StartKind
from gonghui.members.roster.export import cn_date
from gonghui.members.selectors import person_visible_for, spans_covering

CHAR = BODY_SIZE  # 1 字 = the width of one 3号 character

HEADER_DISTANCE = Mm(15)

PUBLICATION_WORKING_DAYS = 5
TABLE_HEADERS = ("序号", "姓名", "性别", "部门", "身份证号")
TABLE_WIDTHS = (Mm(14), Mm(30), Mm(16), Mm(44), Mm(52))  # 156 mm: the width of the 版心


def new_members(scope: ActorScope, *, start: dt.date, end: dt.date) -> list[Person]:
    """People newly admitted (新发展) with a start in [start, end] and still members on `end`, in stroke order."""
    admitted = Membership.objects.filter(
        union=scope.union, start_kind=StartKind.NEW, started_on__gte=start, started_on__lte=end
    )
    still_members = Membership.objects.filter(spans_covering(end), union=scope.union)
    return list(
        person_visible_for(scope)
        .filter(pk__in=admitted.values("person_id"))
        .filter(pk__in=still_members.values("person_id"))
        .select_related("department")
        .order_by("name_stroke_key", "id")
    )


def publication_end(first_day: dt.date, working_days: int = PUBLICATION_WORKING_DAYS) -> dt.date:
    """The last day of a posting that runs `working_days` weekdays from `first_day` (public holidays not known)."""
    day, counted = first_day, 0
    while True:
        if day.weekday() < 5:
            counted += 1
            if counted == working_days:
                return day
        day += dt.timedelta(days=1)


def write_new_member_notice(
    path: str | Path | IO[bytes], *, scope: ActorScope, start: dt.date, end: dt.date, signed_on: dt.date
) -> int:
    """The 新会员名单公示 of members admitted in [start, end], dated `signed_on`; returns the names listed."""
    scope.require("members.edit")
    if start > end:
        raise DomainError(f"起始日期{cn_date(start)}晚于截止日期{cn_date(end)}", field="start")
    people = new_members(scope, start=start, end=end)
    if not people:
        raise DomainError(f"{cn_date(start)}至{cn_date(end)}没有新发展的会员，无需公示")
    union_name = scope.union.name
    title = f"{union_name}新会员名单公示"

    document = Document()
    set_up_page(document, header_distance=HEADER_DISTANCE, line_grid=True)
    set_up_styles(document)
    document.core_properties.title = title
    document.core_properties.author = union_name
    document.core_properties.last_modified_by = union_name
    document.core_properties.comments = ""

    _title(document, title)
    _body(document, "")
    opening = (
        f"经本人自愿申请、所在工会小组讨论、工会委员会审议，拟接收以下{len(people)}名同志为工会会员。"
        f"现将名单予以公示，公示期为{cn_date(signed_on)}至{cn_date(publication_end(signed_on))}"
        f"（{PUBLICATION_WORKING_DAYS}个工作日）。公示期间，对名单中人员有不同意见的，"
        "请以书面或当面方式向工会委员会反映。"
    )
    _body(document, opening, first_line_indent=2)
    _body(document, "")
    _people_table(document, people)
    _body(document, "")
    date_text = cn_date(signed_on)
    # The issuer's name is centred over the date; the date stands 4 characters in from the right.
    name_indent = max(0.0, 4 + (_width(date_text) - _width(union_name)) / 2)
    _body(document, union_name, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent=name_indent)
    _body(document, date_text, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent=4)
    add_page_numbers(document)  # also puts the dash line 7 mm below the 版心
    document.save(str(path) if isinstance(path, Path) else path)
    return len(people)


def _width(text: str) -> float:
    """Width in 字: a Chinese character is one, a half-width digit or letter half of one."""
    return sum(0.5 if ord(char) < 0x2E80 else 1.0 for char in text)


# ---- layout ---------------------------------------------------------------------------------------


def _title(document: DocumentObject, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    paragraph.paragraph_format.line_spacing = LINE_PITCH
    styled(paragraph.add_run(text), TITLE_FONT, TITLE_SIZE)


def _body(
    document: DocumentObject,
    text: str,
    *,
    align: int | None = None,
    first_line_indent: float = 0,
    right_indent: float = 0,
) -> Paragraph:
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align  # type: ignore[assignment]
    if first_line_indent:
        paragraph.paragraph_format.first_line_indent = Pt(CHAR.pt * first_line_indent)
    if right_indent:
        paragraph.paragraph_format.right_indent = Pt(CHAR.pt * right_indent)
    if text:
        styled(paragraph.add_run(text), BODY_FONT, BODY_SIZE)
    return paragraph


def _people_table(document: DocumentObject, people: list[Person]) -> Table:
    table = document.add_table(rows=1, cols=len(TABLE_HEADERS))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cells(table.rows[0].cells, TABLE_HEADERS, bold=True)
    repeat_as_header(table)
    for number, person in enumerate(people, start=1):
        values = (
            str(number),
            person.name,
            person.get_gender_display(),
            person.department.name if person.department else "",
            mask_id_number(person.id_number),
        )
        _cells(table.add_row().cells, values)
    # A fixed layout takes the grid's widths; each cell repeats its own for other readers.
    for table_column, width in zip(table.columns, TABLE_WIDTHS, strict=True):
        table_column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, TABLE_WIDTHS, strict=True):
            cell.width = width
    return table


def _cells(cells: Sequence[_Cell], values: tuple[str, ...], *, bold: bool = False) -> None:
    for cell, value in zip(cells, values, strict=True):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        styled(paragraph.add_run(value), BODY_FONT, TABLE_SIZE, bold=bold)
