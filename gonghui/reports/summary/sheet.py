"""The summary's figure sheet: every number the document uses, its value, how the text writes it, what it
means, and the records behind it.

Written in openpyxl's write-only mode: a union's summary can list tens of thousands of records (every
attendance behind a 人次), and streaming them halves the time of the ordinary workbook.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from gonghui.reports.periods import cn_date
from gonghui.reports.sheets import HEADER_FILL, RECORD_LABELS
from gonghui.reports.summary.document import SummaryDocument

KIND_REGISTRY = "统计指标"
KIND_DETAIL = "明细数"
WRAP = Alignment(wrap_text=True, vertical="top")


def _columns(sheet: WriteOnlyWorksheet, widths: Sequence[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _header(sheet: WriteOnlyWorksheet, titles: Sequence[str]) -> None:
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cells.append(cell)
    sheet.append(cells)


def write_summary_figures(path: Path, document: SummaryDocument, *, union_name: str) -> Path:
    """Two sheets: 文中数字 (one row a number used) and 明细 (one row a record behind it)."""
    book = Workbook(write_only=True)
    sheet: Any = book.create_sheet("文中数字")
    _columns(sheet, (30, 26, 8, 10, 12, 10, 60, 30, 8))
    sheet.freeze_panes = "A4"
    title = WriteOnlyCell(
        sheet, value=f"{union_name} {document.period_label}工作总结所用数字（截至{cn_date(document.as_of)}）"
    )
    title.font = Font(bold=True, size=13)
    sheet.append([title])
    sheet.append([])
    _header(sheet, ["代码", "名称", "单位", "数值", "文中写法", "类别", "口径", "期间", "记录数"])
    records = {key: fact.record_list() for key, fact in document.facts.items()}
    for key, fact in document.facts.items():
        definition = WriteOnlyCell(sheet, value=fact.definition)
        definition.alignment = WRAP
        value = fact.value
        sheet.append(
            [
                fact.key,
                fact.name,
                fact.unit,
                value if isinstance(value, int) else str(value),
                fact.written,
                KIND_REGISTRY if fact.from_registry else KIND_DETAIL,
                definition,
                document.counted_before if key.endswith("@去年同期") else document.counted,
                len(records[key]),
            ]
        )
    details: Any = book.create_sheet("明细")
    _columns(details, (30, 26, 14, 10, 40))
    details.freeze_panes = "A2"
    _header(details, ["代码", "名称", "记录类型", "记录编号", "记录"])
    for key, fact in document.facts.items():
        for record in records[key]:
            details.append(
                [fact.key, fact.name, RECORD_LABELS.get(record.model, record.model), record.pk, record.text]
            )
    book.save(path)
    return path
