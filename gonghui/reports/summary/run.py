"""One summary run, the same for the CLI and the web job: prepare, build, convert, write the files."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from gonghui.reports.periods import Period
from gonghui.reports.registry import ScopeUnion
from gonghui.reports.summary.build import Prepared, build, prepare
from gonghui.reports.summary.context import Thresholds
from gonghui.reports.summary.document import SummaryDocument
from gonghui.reports.summary.render import to_markdown, write_docx
from gonghui.reports.summary.sheet import write_summary_figures

FORMATS = ("docx", "md", "pdf")
SCRIPTS = ("hans", "hant")


class SummaryRunError(ValueError):
    """A run that cannot go ahead, with a Chinese message for the officer."""


@dataclass(frozen=True)
class Written:
    document: SummaryDocument
    path: Path
    figures_path: Path


@cache
def _s2t() -> Callable[[str], str]:
    # s2t, never s2tw/s2twp: the Taiwan-phrase variants rewrite vocabulary (计划 → 計畫, 文件 → 檔案).
    from opencc import OpenCC

    return OpenCC("s2t").convert


def to_traditional(document: SummaryDocument) -> SummaryDocument:
    """The document in Traditional characters; person names stay as they are."""
    return document.converted(_s2t())


def figures_path_for(path: Path) -> Path:
    """report.docx → report.figures.xlsx beside it."""
    return path.with_name(f"{path.stem}.figures.xlsx")


def prepare_for(
    union: ScopeUnion,
    *,
    union_kind: str,
    period: Period,
    as_of: dt.date,
    thresholds: Thresholds | None = None,
) -> Prepared:
    return prepare(union, union_kind=union_kind, period=period, as_of=as_of, thresholds=thresholds)


def write_summary(
    prepared: Prepared,
    *,
    output: Path,
    fmt: str,
    signed_on: dt.date,
    script: str = "hans",
    length: str = "standard",
    chosen_gaps: tuple[str, ...] = (),
    heading_bold: bool = False,
) -> Written:
    """Build the document and write it as `fmt` to `output`, with its figure sheet beside it."""
    if fmt not in FORMATS:
        raise SummaryRunError(f"输出格式「{fmt}」无效，可选：docx、md、pdf")
    if script not in SCRIPTS:
        raise SummaryRunError(f"字形「{script}」无效，可选：hans（简体）、hant（繁体）")
    document = build(prepared, signed_on=signed_on, length=length, chosen_gaps=chosen_gaps)
    shown = to_traditional(document) if script == "hant" else document
    output.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "md":
        output.write_text(to_markdown(shown), encoding="utf-8")
    elif fmt == "docx":
        write_docx(shown, output, heading_bold=heading_bold)
    else:
        from gonghui.core.pdf import render_pdf

        with tempfile.TemporaryDirectory(prefix="gonghui-summary-") as scratch:
            docx_path = Path(scratch) / f"{output.stem}.docx"
            write_docx(shown, docx_path, heading_bold=heading_bold)
            render_pdf(docx_path, output)
    figures = write_summary_figures(
        figures_path_for(output), document, union_name=prepared.context.union.name
    )
    return Written(document=document, path=output, figures_path=figures)
