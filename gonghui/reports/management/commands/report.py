"""`gonghui report summary --union CODE --period P -o FILE [...]`: the work summary from the records.

    --as-of YYYY-MM-DD        count up to this day (default today); nothing later is written as done
    --signed-on YYYY-MM-DD    the 成文日期 on the document (default: the last day of the period)
    --format docx|md|pdf      default from the output's suffix
    --script hans|hant        Simplified (default) or Traditional (OpenCC s2t; names unchanged)
    --length short|standard|full
    --gap KEY                 a softer 存在的不足 item to include (repeatable; listed when offered)
    --heading-bold            （一） headings in bold 楷体

Before writing, the checklist (things that would read as a breach of rules) and the 存在的不足 items found
are printed to standard error; the figure sheet `<stem>.figures.xlsx` is written beside the output.
Exit codes: 0 written; 1 the document could not be produced (e.g. LibreOffice missing for PDF); 2 usage.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gonghui.core.errors import DomainError
from gonghui.reports.periods import PeriodError, cn_date
from gonghui.reports.summary.build import LENGTHS, SummaryOptionError
from gonghui.reports.summary.run import FORMATS, SCRIPTS, SummaryRunError, write_summary
from gonghui.reports.summary.service import (
    find_union,
    period_for,
    prepare_union,
    settings_for,
    thresholds_for,
)

USAGE_ERROR = 2


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(
            f"{option} 的值「{text}」不是 YYYY-MM-DD 格式的日期", returncode=USAGE_ERROR
        ) from exc


class Command(BaseCommand):
    help = "根据记录生成工作总结（Word、Markdown 或 PDF），并在旁边写出所用数字的指标表"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["summary"], help="生成什么：summary（工作总结）")
        parser.add_argument("--union", required=True, help="工会简码")
        parser.add_argument(
            "--period", required=True, help="期间：2025、2025H1、2024-2025（学年）、2024-2025-2（学期）等"
        )
        parser.add_argument("--as-of", dest="as_of", help="统计截至哪一天（YYYY-MM-DD，默认今天）")
        parser.add_argument("--signed-on", dest="signed_on", help="成文日期（YYYY-MM-DD，默认期末）")
        parser.add_argument("--format", dest="fmt", choices=FORMATS, help="输出格式（默认按文件后缀）")
        parser.add_argument("--script", choices=SCRIPTS, default="hans", help="hans 简体（默认）或 hant 繁体")
        parser.add_argument("--length", choices=LENGTHS, default="standard", help="篇幅")
        parser.add_argument("--gap", action="append", default=[], help="选入一项可选的不足（可多次）")
        parser.add_argument("--heading-bold", action="store_true", help="二级标题加粗")
        parser.add_argument("-o", "--output", required=True, help="写入的文件")

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        fmt = options["fmt"] or output.suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise CommandError(
                f"无法从文件名「{output.name}」判断输出格式，请用 --format 指定 docx、md 或 pdf",
                returncode=USAGE_ERROR,
            )
        try:
            union = find_union(options["union"])
            period = period_for(union, options["period"])
        except (DomainError, PeriodError) as exc:
            raise CommandError(str(exc), returncode=USAGE_ERROR) from exc
        as_of = _date(options["as_of"], "--as-of") if options["as_of"] else timezone.localdate()
        signed_on = _date(options["signed_on"], "--signed-on") if options["signed_on"] else period.end
        try:
            prepared = prepare_union(union, period=period, as_of=as_of, thresholds=thresholds_for(union))
        except PeriodError as exc:
            raise CommandError(str(exc), returncode=USAGE_ERROR) from exc
        self._review(prepared.review, options["gap"])
        try:
            written = write_summary(
                prepared,
                output=output,
                fmt=fmt,
                signed_on=signed_on,
                script=options["script"],
                length=options["length"],
                chosen_gaps=tuple(options["gap"]),
                heading_bold=options["heading_bold"] or settings_for(union).heading_bold,
            )
        except (SummaryOptionError, SummaryRunError) as exc:
            raise CommandError(str(exc), returncode=USAGE_ERROR) from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        document = written.document
        self.stdout.write(
            f"已生成{document.title}（{document.body_length()}字，截至{cn_date(document.as_of)}）到 {written.path}\n"
            f"所用数字{len(document.facts)}项，见 {written.figures_path}"
        )

    def _review(self, review: Any, chosen: list[str]) -> None:
        err = self.stderr
        if review.checklist:
            err.write("生成前请核对（以下事项不会写入总结）：")
            for item in review.checklist:
                err.write(f"  - {item.text}")
        if review.qualifying:
            err.write("“存在的不足”将写入：")
            for finding in review.qualifying[:4]:
                err.write(f"  - {finding.label}")
        if review.softer:
            err.write("可选的不足（用 --gap 代码 选入）：")
            for finding in review.softer:
                mark = "（已选）" if finding.key in chosen else ""
                err.write(f"  - {finding.key}：{finding.label}{mark}")
        if not review.qualifying and not chosen:
            err.write("没有达到阈值的不足项，总结中不写“存在的不足”一节。")
