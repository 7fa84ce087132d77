"""The summary's figure sheet: every number the document uses, its value, how the text writes it, what it
means, and the records behind it."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from gonghui.reports.periods import cn_date
from gonghui.reports.sheets import RECORD_LABELS, header_row
from gonghui.reports.summary.document import SummaryDocument

KIND_REGISTRY = "统计指标"
KIND_DETAIL = "明细数"


def write_summary_figures(path: Path, document: SummaryDocument, *, union_name: str) -> Path:
    """Two sheets: 文中数字 (one row a number used) and 明细 (one row a record behind it)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "文中数字"
    sheet.append([f"{union_name} {document.period_label}工作总结所用数字（截至{cn_date(document.as_of)}）"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    header_row(
        sheet,
        ["代码", "名称", "单位", "数值", "文中写法", "类别", "口径", "记录数"],
        (30, 26, 8, 10, 12, 10, 60, 8),
        row=3,
    )
    for fact in document.facts.values():
        value = fact.value
        sheet.append(
            [
                fact.key,
                fact.name,
                fact.unit,
                str(value) if not isinstance(value, int) else value,
                fact.written,
                KIND_REGISTRY if fact.from_registry else KIND_DETAIL,
                fact.definition,
                len(fact.records),
            ]
        )
        sheet.cell(row=sheet.max_row, column=7).alignment = Alignment(wrap_text=True, vertical="top")
    details = book.create_sheet("明细")
    header_row(details, ["代码", "名称", "记录类型", "记录编号", "记录"], (30, 26, 14, 10, 40), row=1)
    for fact in document.facts.values():
        for record in fact.records:
            details.append(
                [fact.key, fact.name, RECORD_LABELS.get(record.model, record.model), record.pk, record.text]
            )
    book.save(path)
    return path
