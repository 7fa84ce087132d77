"""The roster out again: the member list as .xlsx in the import layout, and the blank template to fill in.

Both use roster.columns.COLUMNS, header for header and in that order, and write every value the way the
import parser reads it back (choice labels, real dates, numbers as text), so an exported roster imported
again changes nothing. ID numbers and phones are masked unless the actor may see them (RULES.md §8); the
importer matches a row with a masked ID by its 会员编号 and leaves masked cells alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from django.db.models import Min, TextChoices
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from gonghui.accounts.scope import ActorScope
from gonghui.core.idnumbers import IdType
from gonghui.members.models import (
    Education,
    EmploymentForm,
    Gender,
    Membership,
    Person,
    PoliticalStatus,
    WorkStatus,
)
from gonghui.members.roster.columns import COLUMNS, RosterColumn
from gonghui.members.selectors import may_see_private, person_list_for

SHEET_TITLE = "会员名册"
INSTRUCTIONS_TITLE = "填写说明"
TITLE_ROW = 1
HEADER_ROW = 2
FIRST_DATA_ROW = 3
# Rows of the blank template whose number columns are preformatted as text.
TEMPLATE_TEXT_ROWS = 2000

TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
YES, NO = "是", "否"

CHOICES: dict[str, type[TextChoices]] = {
    "gender": Gender,
    "id_type": IdType,
    "political_status": PoliticalStatus,
    "education": Education,
    "employment_form": EmploymentForm,
    "work_status": WorkStatus,
}
# Typed as numbers, Excel drops an ID's last three digits and a member number's leading zeros.
TEXT_FIELDS = frozenset({"member_no", "id_number", "phone"})
DATE_FIELDS = frozenset({"birth_date", "joined_on"})

# Column widths in Excel's units (one Chinese character is about two).
WIDTHS: dict[str, float] = {
    "member_no": 13,
    "name": 10,
    "gender": 6,
    "id_number": 22,
    "id_type": 12,
    "birth_date": 12,
    "ethnicity": 8,
    "political_status": 13,
    "education": 12,
    "department": 16,
    "post": 14,
    "employment_form": 10,
    "work_status": 10,
    "is_migrant_worker": 10,
    "joined_on": 12,
    "phone": 15,
    "group": 16,
    "notes": 24,
}

ACCEPTED: dict[str, str] = {
    "member_no": "系统生成的会员编号（字母和数字）",
    "name": "姓名；少数民族和外籍人员姓名中的间隔号写作“·”",
    "id_number": "18位公民身份号码，末位可为X；其他证件照证件填写",
    "birth_date": "日期",
    "ethnicity": "民族全称，如 汉族、回族、壮族",
    "department": "本工会已设的部门名称",
    "post": "文字",
    "is_migrant_worker": f"{YES}、{NO}",
    "joined_on": "日期",
    "phone": "11位手机号，或带区号的固定电话，如 010-12345678",
    "group": "本工会已设的工会小组名称",
    "notes": "文字",
}

GENERAL_NOTES = (
    "请在“会员名册”表第3行起每行填写一人；第2行是列名，请不要修改、删除或调换，也不要合并单元格。",
    "标“必填”的列必须填写，其他列可以留空。",
    "身份证号、手机和会员编号三列已设为文本格式（前2000行）。从别处粘贴时请选择“只粘贴数值”，"
    "否则18位号码的末3位会变成0。",
    "新会员的会员编号请留空，导入时由系统编号；修改已有会员时，请保留名册中的会员编号。",
    "从本系统导出的名册可以修改后再导入：带星号（*）的身份证号和手机视为没有修改，按会员编号找到本人。",
    "日期可写 2019-03-01、2019/3/1、2019.3 或 2019年3月1日。",
)

EXAMPLE: dict[str, Any] = {
    "member_no": "",
    "name": "张三",
    "gender": "男",
    "id_number": "110105198503120119",
    "id_type": IdType.RESIDENT.label,
    "birth_date": dt.date(1985, 3, 12),
    "ethnicity": "汉族",
    "political_status": PoliticalStatus.CPC.label,
    "education": Education.BACHELOR.label,
    "department": "语文组",
    "post": "教师",
    "employment_form": EmploymentForm.ESTABLISHED.label,
    "work_status": WorkStatus.AT_WORK.label,
    "is_migrant_worker": NO,
    "joined_on": dt.date(2019, 3, 1),
    "phone": "13800138000",
    "group": "第一工会小组",
    "notes": "",
}

_BOLD = Font(bold=True)
_TITLE_FONT = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="E8ECF1")
_CENTER = Alignment(horizontal="center", vertical="center")
_WRAP = Alignment(wrap_text=True, vertical="top")

Progress = Callable[[int, int], None]


def cn_date(day: dt.date) -> str:
    """A date written the Chinese way, without leading zeros: 2026年11月25日."""
    return f"{day.year}年{day.month}月{day.day}日"


def write_roster(
    path: str | Path | IO[bytes],
    *,
    scope: ActorScope,
    on: dt.date | None = None,
    progress: Progress | None = None,
) -> int:
    """The actor's visible current members (active or retained on `on`) in stroke order; returns the rows written."""
    scope.require("members.export")
    on = on or timezone.localdate()
    people = list(person_list_for(scope, sort="strokes", on=on))
    joined = _join_dates(scope, on)

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    _write_title(sheet, f"{scope.union.name}会员名册（截至{cn_date(on)}）")
    _write_header(sheet)
    for offset, person in enumerate(people):
        values = roster_values(
            person, joined_on=joined.get(person.pk), private=may_see_private(scope, person)
        )
        _write_row(sheet, FIRST_DATA_ROW + offset, values)
        if progress is not None and (offset + 1) % 500 == 0:
            progress(offset + 1, len(people))
    workbook.save(path)
    if progress is not None:
        progress(len(people), len(people))
    return len(people)


def _join_dates(scope: ActorScope, on: dt.date) -> dict[int, dt.date]:
    """Each person's join date in the scope's union: the start of their first span there, in one query."""
    rows = (
        Membership.objects.filter(union=scope.union, started_on__lte=on)
        .order_by()
        .values("person_id")
        .annotate(first=Min("started_on"))
    )
    return {row["person_id"]: row["first"] for row in rows}


def roster_values(person: Person, *, joined_on: dt.date | None, private: bool) -> dict[str, Any]:
    """One person's cells by field, as the import parser reads them back; masked unless `private`."""
    return {
        "member_no": person.member_no,
        "name": person.name,
        "gender": _label(Gender, person.gender),
        "id_number": person.id_number if private else person.id_number_masked,
        "id_type": _label(IdType, person.id_type),
        "birth_date": person.birth_date,
        "ethnicity": person.ethnicity,
        "political_status": _label(PoliticalStatus, person.political_status),
        "education": _label(Education, person.education),
        "department": person.department.name if person.department else "",
        "post": person.post,
        "employment_form": _label(EmploymentForm, person.employment_form),
        "work_status": _label(WorkStatus, person.work_status),
        "is_migrant_worker": YES if person.is_migrant_worker else NO,
        "joined_on": joined_on,
        "phone": (person.phone if private else person.phone_masked) or "",
        "group": person.group.name if person.group else "",
        "notes": person.notes,
    }


def _label(choices: type[TextChoices], value: str) -> str:
    if not value:
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def write_template(path: str | Path | IO[bytes]) -> None:
    """The blank roster: the title and header rows, number columns as text, and a 填写说明 sheet."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    _write_title(sheet, "会员名册")
    _write_header(sheet)
    last_row = FIRST_DATA_ROW + TEMPLATE_TEXT_ROWS - 1
    for index, column in enumerate(COLUMNS, start=1):
        if column.field in TEXT_FIELDS:
            for row in range(FIRST_DATA_ROW, last_row + 1):
                sheet.cell(row=row, column=index).number_format = TEXT_FORMAT
        elif column.field in DATE_FIELDS:
            for row in range(FIRST_DATA_ROW, last_row + 1):
                sheet.cell(row=row, column=index).number_format = DATE_FORMAT
        labels = _choice_labels(column)
        if labels:
            letter = get_column_letter(index)
            # A warning, not a stop: the parser also accepts the usual synonyms of each label.
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(labels) + '"',
                allow_blank=True,
                errorStyle="warning",
                error=f"请从下拉列表中选择：{'、'.join(labels)}",
                errorTitle=column.header,
            )
            validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}")
            sheet.add_data_validation(validation)
    _write_instructions(workbook.create_sheet(INSTRUCTIONS_TITLE))
    workbook.save(path)


def _choice_labels(column: RosterColumn) -> list[str]:
    if column.field == "is_migrant_worker":
        return [YES, NO]
    choices = CHOICES.get(column.field)
    return [str(label) for label in choices.labels] if choices else []


def accepted_values(column: RosterColumn) -> str:
    """What may be written in a column, for the instructions sheet."""
    labels = _choice_labels(column)
    if labels:
        return "、".join(labels)
    return ACCEPTED.get(column.field, "")


def _write_instructions(sheet: Worksheet) -> None:
    sheet.cell(row=1, column=1, value="会员名册填写说明").font = _TITLE_FONT
    row = 2
    for number, note in enumerate(GENERAL_NOTES, start=1):
        sheet.cell(row=row, column=1, value=f"{number}. {note}")
        row += 1
    row += 1
    for index, title in enumerate(("列名", "是否必填", "可填写的内容", "说明"), start=1):
        cell = sheet.cell(row=row, column=index, value=title)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
    for column in COLUMNS:
        row += 1
        sheet.cell(row=row, column=1, value=column.header)
        sheet.cell(row=row, column=2, value="必填" if column.required else "选填")
        sheet.cell(row=row, column=3, value=accepted_values(column)).alignment = _WRAP
        sheet.cell(row=row, column=4, value=column.note).alignment = _WRAP
    row += 2
    sheet.cell(row=row, column=1, value="填写示例（请填在“会员名册”表中，本页不会导入）").font = _BOLD
    row += 1
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=row, column=index, value=column.header)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
    _write_row(sheet, row + 1, EXAMPLE)
    for index, width in enumerate((14, 10, 40, 48), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _write_title(sheet: Worksheet, title: str) -> None:
    cell = sheet.cell(row=TITLE_ROW, column=1, value=title)
    cell.font = _TITLE_FONT
    cell.alignment = _CENTER
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=len(COLUMNS))
    sheet.row_dimensions[TITLE_ROW].height = 24


def _write_header(sheet: Worksheet) -> None:
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=column.header)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = _CENTER
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(column.field, 12)
    # Keep the title and header in view, and the member number and name beside every row.
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=3).coordinate


def _write_row(sheet: Worksheet, row: int, values: dict[str, Any]) -> None:
    for index, column in enumerate(COLUMNS, start=1):
        value = values[column.field]
        if value in (None, ""):
            if column.field in TEXT_FIELDS:
                sheet.cell(row=row, column=index).number_format = TEXT_FORMAT
            continue
        cell = sheet.cell(row=row, column=index, value=value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # text typed by a user, never a formula
        if column.field in TEXT_FIELDS:
            cell.number_format = TEXT_FORMAT
        elif column.field in DATE_FIELDS:
            cell.number_format = DATE_FORMAT
