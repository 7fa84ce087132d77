"""What the parser hands the importer: the sheet's rows as Excel numbers them, each cell normalised, with
every problem the file alone can show (the importer adds the ones that need the database)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ERROR = "error"
WARNING = "warning"


@dataclass
class Issue:
    """One problem, printed as 第{row}行 {header}「{value}」：{message}."""

    row: int  # the row number as Excel shows it (title rows counted)
    header: str  # the column's header as written in the file ("" for a whole-row problem)
    value: str  # the cell as the user typed it
    message: str  # Chinese: what is wrong and what to do
    severity: str = ERROR
    column_index: int | None = None  # 0-based column in the sheet, to mark the cell in the error workbook

    def __str__(self) -> str:
        where = f" {self.header}「{self.value}」" if self.header else ""
        return f"第{self.row}行{where}：{self.message}"


@dataclass
class Column:
    index: int  # 0-based position in the sheet
    header: str  # as written in the file
    field: str | None  # a key of roster.columns.BY_FIELD, or None when unknown / ignored (序号)


@dataclass
class SourceRow:
    number: int  # Excel row number
    values: dict[str, Any]  # field → normalised value (str, date, PartialDate, bool, None); absent when blank
    raw: dict[str, str]  # field → the cell as typed (for messages and "unchanged" checks)
    issues: list[Issue] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(issue.severity == ERROR for issue in self.issues)


@dataclass
class ParsedRoster:
    path: Path
    sheet_name: str
    header_row: int  # Excel row number of the header
    columns: list[Column]
    rows: list[SourceRow]
    unknown_headers: list[str] = field(default_factory=list)
    file_issues: list[Issue] = field(default_factory=list)  # problems with the file as a whole
    # Excel rows below the header that were read as notes, totals, section titles or a repeated header,
    # not as people (blank rows are not listed).
    ignored_rows: list[int] = field(default_factory=list)
