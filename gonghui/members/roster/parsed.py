"""What the parser hands the importer: the sheet's rows as Excel numbers them, each cell normalised, with
every problem the file alone can show (the importer adds the ones that need the database)."""

from __future__ import annotations

from collections.abc import Sequence
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
    """The person rows of a roster, a column per field (rows are indexed 0…n-1 in file order).

    Kept as columns, not as an object per row: a 100,000-row file is 1.7 million cells, and the importer
    works a column at a time. `row(k)` and `rows` give the same data as SourceRow objects, built on demand.
    """

    path: Path
    sheet_name: str
    header_row: int  # Excel row number of the header
    columns: list[Column]
    numbers: list[int] = field(default_factory=list)  # Excel row number of each person row
    # field → each row's normalised value: None when the cell is blank or unusable (see `blanks`).
    values: dict[str, list[Any]] = field(default_factory=dict)
    # field → each row's cell as typed (as text).
    raw: dict[str, Sequence[str]] = field(default_factory=dict)
    # field → the rows whose cell is blank (absent from SourceRow.values and .raw).
    blanks: dict[str, frozenset[int]] = field(default_factory=dict)
    issues: dict[int, list[Issue]] = field(default_factory=dict)  # row index → its problems, by column
    unknown_headers: list[str] = field(default_factory=list)
    file_issues: list[Issue] = field(default_factory=list)  # problems with the file as a whole
    # Excel rows below the header that were read as notes, totals, section titles or a repeated header,
    # not as people (blank rows are not listed).
    ignored_rows: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.numbers)

    def row(self, k: int) -> SourceRow:
        """Row k as a SourceRow: its values and cells without the blank ones, and its issues."""
        values: dict[str, Any] = {}
        raw: dict[str, str] = {}
        for name, column in self.values.items():
            if k not in self.blanks[name]:
                values[name] = column[k]
                raw[name] = self.raw[name][k]
        return SourceRow(self.numbers[k], values, raw, list(self.issues.get(k, ())))

    @property
    def rows(self) -> list[SourceRow]:
        return [self.row(k) for k in range(len(self.numbers))]

    def release(self) -> None:
        """Drop the cells once the importer's plan holds what it needs."""
        self.values, self.raw, self.blanks, self.issues = {}, {}, {}, {}
