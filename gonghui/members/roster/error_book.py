"""The roster back with its problems marked: a 错误/提示 column on the right, bad cells filled and commented.

An .xlsx is opened and annotated in place (its formatting kept) and saved under a new name; a .csv or .xls,
or an .xlsx too large to load whole, is copied row for row into a new .xlsx with the same marks.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gonghui.members.roster.parsed import ERROR, Issue

COLUMN_TITLE = "错误/提示"
AUTHOR = "工会系统"
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")  # Excel's own "bad" red
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")  # and its "neutral" yellow
# Loading a whole workbook with openpyxl costs about 10 kB per row; past this the marks go into a copy.
LARGE_ROWS = 20_000
_WRAP = Alignment(wrap_text=True, vertical="top")
_BOLD = Font(bold=True)


def error_book_path(source: Path) -> Path:
    """`名册.xlsx` → `名册.错误.xlsx`, beside it."""
    return source.with_name(f"{source.stem}.错误.xlsx")


def _note(issue: Issue) -> str:
    kind = "错误" if issue.severity == ERROR else "提示"
    where = f"{issue.header}「{issue.value}」" if issue.header else ""
    return f"{kind}：{where}{'：' if where else ''}{issue.message}"


class _Marks:
    """The issues by row and by cell, with the fill each one gets (an error outranks a warning)."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.by_row: dict[int, list[Issue]] = defaultdict(list)
        self.by_cell: dict[tuple[int, int], list[Issue]] = defaultdict(list)
        for issue in issues:
            if issue.row <= 0:
                continue
            self.by_row[issue.row].append(issue)
            if issue.column_index is not None:
                self.by_cell[(issue.row, issue.column_index)].append(issue)

    @staticmethod
    def fill(issues: list[Issue]) -> PatternFill:
        return ERROR_FILL if any(issue.severity == ERROR for issue in issues) else WARNING_FILL

    @staticmethod
    def text(issues: list[Issue]) -> str:
        return "\n".join(_note(issue) for issue in issues)

    @staticmethod
    def comment(issues: list[Issue]) -> Comment:
        text = "\n".join(issue.message for issue in issues)
        comment = Comment(text, AUTHOR)
        comment.width = 300
        comment.height = 40 + 20 * len(issues)
        return comment


def write_error_book(
    source: Path,
    *,
    sheet_name: str,
    header_row: int,
    issues: Iterable[Issue],
    rows: int = 0,
    target: Path | None = None,
) -> Path:
    """Write the marked copy of `source` (errors red, warnings yellow) and return its path."""
    target = target or error_book_path(source)
    marks = _Marks(issues)
    if source.suffix.lower() in (".xlsx", ".xlsm") and rows <= LARGE_ROWS:
        _annotate_workbook(source, target, sheet_name, header_row, marks)
    else:
        _copy_with_marks(_source_rows(source, sheet_name), target, sheet_name, header_row, marks)
    return target


def _annotate_workbook(source: Path, target: Path, sheet_name: str, header_row: int, marks: _Marks) -> None:
    workbook = load_workbook(source)
    sheet: Worksheet = workbook[sheet_name] if sheet_name in workbook.sheetnames else workbook.worksheets[0]
    column = sheet.max_column + 1
    title = sheet.cell(row=max(header_row, 1), column=column, value=COLUMN_TITLE)
    title.font = _BOLD
    for row, row_issues in marks.by_row.items():
        cell = sheet.cell(row=row, column=column)
        cell.value = (
            marks.text(row_issues) if row != header_row else f"{COLUMN_TITLE}\n{marks.text(row_issues)}"
        )
        cell.fill = marks.fill(row_issues)
        cell.alignment = _WRAP
    for (row, index), cell_issues in marks.by_cell.items():
        cell = sheet.cell(row=row, column=index + 1)
        cell.fill = marks.fill(cell_issues)
        cell.comment = marks.comment(cell_issues)
    sheet.column_dimensions[title.column_letter].width = 60
    workbook.save(target)


def _source_rows(source: Path, sheet_name: str) -> Iterator[list[Any]]:
    if source.suffix.lower() == ".csv":
        yield from _csv_rows(source)
        return
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(source))
    names = workbook.sheet_names
    sheet = workbook.get_sheet_by_name(sheet_name) if sheet_name in names else workbook.get_sheet_by_index(0)
    yield from sheet.to_python()


def _csv_rows(source: Path) -> Iterator[list[Any]]:
    raw = source.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = raw.decode("utf-8", errors="replace")
    yield from csv.reader(text.splitlines())


def _copy_with_marks(
    rows: Iterator[list[Any]], target: Path, sheet_name: str, header_row: int, marks: _Marks
) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name or "Sheet1")
    width = 0
    buffered: list[list[Any]] = []
    # The widest row decides where the 错误/提示 column goes; rosters are narrow, so buffer the rows.
    for values in rows:
        buffered.append(values)
        width = max(width, len(values))
    sheet.column_dimensions[get_column_letter(width + 1)].width = 60
    for number, values in enumerate(buffered, start=1):
        cells: list[Any] = []
        for index, value in enumerate(values):
            cell_issues = marks.by_cell.get((number, index))
            if cell_issues:
                cell = WriteOnlyCell(sheet, value=value)
                cell.fill = marks.fill(cell_issues)
                cell.comment = marks.comment(cell_issues)
                cells.append(cell)
            else:
                cells.append(value)
        cells.extend([None] * (width - len(values)))
        row_issues = marks.by_row.get(number)
        if number == header_row:
            title = WriteOnlyCell(sheet, value=COLUMN_TITLE)
            title.font = _BOLD
            cells.append(title)
        elif row_issues:
            note = WriteOnlyCell(sheet, value=marks.text(row_issues))
            note.fill = marks.fill(row_issues)
            note.alignment = _WRAP
            cells.append(note)
        sheet.append(cells)
    workbook.save(target)
