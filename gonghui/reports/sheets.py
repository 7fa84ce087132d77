"""The figure sheet (.xlsx): every figure with its value, definition and period, and the records behind it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from gonghui.reports.periods import Period, cn_date
from gonghui.reports.registry import FigureResult, format_previous, format_value

HEADER_FILL = PatternFill("solid", fgColor="F0F1F4")
RECORD_LABELS = {
    "members.Person": "人员",
    "orgs.StaffHeadcount": "职工人数记录",
    "orgs.UnionGroup": "工会小组",
    "activities.Activity": "活动",
    "activities.Session": "活动场次",
    "activities.Attendance": "出席记录",
    "activities.Result": "比赛成绩",
    "activities.Honour": "荣誉",
}


def header_row(sheet: Worksheet, titles: Sequence[str], widths: Sequence[int], *, row: int = 1) -> None:
    """Append a bold, shaded header row with column widths, and freeze the panes below it."""
    sheet.append(list(titles))
    for index, width in enumerate(widths, start=1):
        cell = sheet.cell(row=row, column=index)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = f"A{row + 1}"


def write_figure_sheet(
    path: Path,
    *,
    union_name: str,
    period: Period,
    as_of: str,
    results: list[FigureResult],
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Write the two sheets: 指标 (one row a figure) and 明细 (one row per record counted)."""
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = "指标"
    summary.append([f"{union_name} {period.label}指标表（截至{as_of}）"])
    summary["A1"].font = Font(bold=True, size=13)
    summary.append([])
    header_row(
        summary,
        ["指标代码", "指标名称", "单位", "本期", "去年同期", "口径", "期间", "提示"],
        (22, 16, 6, 10, 10, 60, 26, 40),
        row=3,
    )
    period_text = f"{cn_date(period.start)}至{cn_date(period.end)}"
    for result in results:
        figure = result.figure
        summary.append(
            [
                figure.key,
                figure.name,
                figure.unit,
                format_value(result),
                format_previous(result),
                figure.definition,
                period_text,
                "；".join(result.flags),
            ]
        )
        summary.cell(row=summary.max_row, column=6).alignment = Alignment(wrap_text=True, vertical="top")

    details = book.create_sheet("明细")
    header_row(details, ["指标代码", "指标名称", "记录类型", "记录编号", "记录"], (22, 16, 14, 10, 30))
    for done, result in enumerate(results, start=1):
        for record in result.records:
            details.append(
                [
                    result.figure.key,
                    result.figure.name,
                    RECORD_LABELS.get(record.model, record.model),
                    record.pk,
                    record.text,
                ]
            )
        if progress is not None:
            progress(done, len(results))
    book.save(path)
    return path
