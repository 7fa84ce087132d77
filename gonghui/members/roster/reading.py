"""Reading a roster file as it comes (.xlsx, .xls, .csv, or tab-separated text saved as .xls) into a grid.

Workbooks are read with calamine, once; vertical merges (部门 over a block of people) are filled down
into every row of the merge. Text files are decoded as UTF-8 (with or without BOM), GB18030 (which
covers GBK) or UTF-16, and their delimiter is sniffed.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

SUPPORTED_SUFFIXES = (".xlsx", ".xls", ".csv")


class RosterFileError(ValueError):
    """The file cannot be read as a roster at all; the message says why, in Chinese."""


def cell_text(cell: Any) -> str:
    """The cell as the user sees it in Excel: 43525 not 43525.0, dates as 2019-03-01."""
    if cell.__class__ is str:
        return cell
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        if cell.is_integer():
            # Excel shows at most 15 significant digits: 440305198506151234 typed in becomes 440305198506151000.
            return str(int(Decimal(f"{cell:.15g}"))) if abs(cell) >= 1e15 else str(int(cell))
        return repr(cell)
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(sep=" ")
    if isinstance(cell, dt.date | dt.time):
        return cell.isoformat()
    return str(cell)


def is_blank(cell: Any) -> bool:
    return cell is None or (cell.__class__ is str and not cell.strip())


@dataclass
class Sheet:
    """One worksheet's used area, as rows of cells, with what its merged cells tell."""

    name: str
    cells: list[list[Any]]  # the used area, every row padded to the same width
    first_row: int  # 0-based sheet row of cells[0]
    first_col: int
    # Horizontal merges: (row, first column, last column) in `cells` coordinates.
    spans: list[tuple[int, int, int]] = field(default_factory=list)
    # Rows → columns whose value was filled down from a vertical merge above.
    filled: dict[int, set[int]] = field(default_factory=dict)


_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _make_sheet(
    name: str, cells: list[list[Any]], start: tuple[int, int], merges: Sequence[tuple[tuple[int, int], ...]]
) -> Sheet:
    sheet = Sheet(name=name, cells=cells, first_row=start[0], first_col=start[1])
    height = len(cells)
    width = len(cells[0]) if cells else 0
    for (top, left), (bottom, right) in merges:
        r1, c1, r2, c2 = top - start[0], left - start[1], bottom - start[0], right - start[1]
        if not (0 <= r1 < height and 0 <= c1 < width):
            continue
        if c2 > c1:
            sheet.spans.append((r1, c1, min(c2, width - 1)))
        value = cells[r1][c1]
        if r2 <= r1 or is_blank(value):
            continue
        # A vertical merge (部门 over a block of people) holds its value in the top cell only.
        for r in range(r1 + 1, min(r2, height - 1) + 1):
            if is_blank(cells[r][c1]):
                cells[r][c1] = value
                sheet.filled.setdefault(r, set()).add(c1)
    return sheet


def _workbook_sheets(path: Path, data: bytes) -> Iterator[Sheet]:
    from python_calamine import (
        CalamineError,
        CalamineWorkbook,
        PasswordError,
        SheetTypeEnum,
        SheetVisibleEnum,
    )

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        metadata = workbook.sheets_metadata
    except PasswordError as exc:
        raise RosterFileError(f"文件「{path.name}」设置了密码：请在Excel中取消密码后再导入") from exc
    except (CalamineError, ValueError, OSError) as exc:
        raise RosterFileError(
            f"文件「{path.name}」已损坏或不是Excel文件，无法读取：请用Excel打开后另存为.xlsx再导入"
        ) from exc
    worksheets = [i for i, meta in enumerate(metadata) if meta.typ == SheetTypeEnum.WorkSheet]
    # Visible sheets first: a hidden first sheet is usually a lookup list, not the roster.
    worksheets.sort(key=lambda i: metadata[i].visible != SheetVisibleEnum.Visible)
    for index in worksheets:
        try:
            sheet = workbook.get_sheet_by_index(index)
            cells = sheet.to_python()
            merges = sheet.merged_cell_ranges or []
        except (CalamineError, ValueError) as exc:
            raise RosterFileError(
                f"文件「{path.name}」的工作表「{metadata[index].name}」已损坏，无法读取：请用Excel打开后另存为.xlsx再导入"
            ) from exc
        yield _make_sheet(metadata[index].name, cells, sheet.start or (0, 0), merges)


def _decode(path: Path, data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode 文本"
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise RosterFileError(
            f"无法识别文件「{path.name}」的文字编码：请在Excel中另存为“CSV UTF-8（逗号分隔）”或.xlsx后再导入"
        ) from exc


def _text_sheet(path: Path, data: bytes) -> Sheet:
    text = _decode(path, data)
    head = text[:2000].lstrip().lower()
    if "\x00" in text:
        raise RosterFileError(f"文件「{path.name}」不是电子表格，无法读取：请上传 .xlsx、.xls 或 .csv 文件")
    if head.startswith(("<!doctype html", "<html", "<table", "<?xml", "<meta")) or "<table" in head:
        raise RosterFileError(
            f"文件「{path.name}」实际上是网页（HTML）格式，只是扩展名为{path.suffix}：请用Excel打开后另存为.xlsx再导入"
        )
    sample = text[:20000].splitlines()[:30]
    counts = {delimiter: sum(line.count(delimiter) for line in sample) for delimiter in (",", "\t", ";")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    rows: list[list[Any]] = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    width = max((len(row) for row in rows), default=0)
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    return Sheet(name=path.stem, cells=rows, first_row=0, first_col=0)


def read_sheets(path: Path) -> Iterator[Sheet]:
    """The file's worksheets, visible ones first, each read only when asked for; RosterFileError if unreadable."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = path.suffix or "（无扩展名）"
        raise RosterFileError(f"不支持的文件类型「{shown}」：请上传 .xlsx、.xls 或 .csv 文件")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RosterFileError(f"无法打开文件「{path.name}」：{exc.strerror or exc}") from exc
    if not data.strip():
        raise RosterFileError(f"文件「{path.name}」是空的")
    # Go by the content: people rename files, and many systems export tab-separated text as ".xls".
    if data.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
        yield from _workbook_sheets(path, data)
    else:
        yield _text_sheet(path, data)
