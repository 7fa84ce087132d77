"""`gonghui stats --union CODE --period P [--today D] [--json]`: every figure, its 同比 value and definition."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, cast

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gonghui.reports import registry
from gonghui.reports.calendars import parse_period_for
from gonghui.reports.periods import Period, PeriodError, PeriodKind, cn_date


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--today 的值「{text}」不是 YYYY-MM-DD 格式的日期") from exc


def _find_union(code: str) -> registry.ScopeUnion:
    # Looked up by app label: reports imports no domain app.
    union_model = apps.get_model("orgs", "Union")
    union = union_model._default_manager.filter(code__iexact=code.strip()).first()
    if union is None:
        raise CommandError(f"未找到简码为「{code}」的工会")
    return cast(registry.ScopeUnion, union)


class Command(BaseCommand):
    help = "打印一个工会在某一统计期间的全部统计指标：数值、去年同期数和口径"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--union", required=True, help="工会简码；有下级工会的，统计含全部下级工会")
        parser.add_argument(
            "--period",
            required=True,
            help="统计期间：2025、2025H1、2025Q3、2024-2025（学年）、2024-2025-2（第二学期，按该工会的校历）"
            "或 2025-03-01..2025-06-30",
        )
        parser.add_argument("--today", type=_date, default=None, help="以哪一天为“今天”（默认今天）")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        union = _find_union(options["union"])
        try:
            period = parse_period_for(union, options["period"])  # a term takes the union's own term dates
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        today: dt.date = options["today"] or timezone.localdate()
        try:
            results = registry.compute(union=union, period=period, today=today)
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(_as_json(union, period, results), ensure_ascii=False, indent=2))
        else:
            self._write_text(union, period, today, results)

    def _write_text(
        self, union: registry.ScopeUnion, period: Period, today: dt.date, results: list[registry.FigureResult]
    ) -> None:
        notes = []
        if period.kind is PeriodKind.TERM:  # which dates the union's calendar gave the term
            notes.append(f"{cn_date(period.start)}至{cn_date(period.end)}")
        if not period.is_over(today):
            notes.append(f"截至{cn_date(period.counted_end(today))}")
        header = f"{union.name}　{period.label}" + (f"（{'，'.join(notes)}）" if notes else "")
        self.stdout.write(header)
        for result in results:
            figure = result.figure
            value = registry.display(figure, result.value)
            previous = registry.display(figure, result.previous)
            self.stdout.write(f"{figure.name}：{value}　去年同期：{previous}")
            self.stdout.write(f"    口径：{figure.definition}")
            for flag in result.flags:
                self.stdout.write(f"    提示：{flag}")


def _as_json(
    union: registry.ScopeUnion, period: Period, results: list[registry.FigureResult]
) -> dict[str, Any]:
    return {
        "union": {"code": union.code, "name": union.name},
        "period": {"label": period.label, "start": period.start.isoformat(), "end": period.end.isoformat()},
        "figures": [
            {
                "key": result.figure.key,
                "name": result.figure.name,
                "unit": result.figure.unit,
                "value": registry.format_value(result),
                "previous": registry.format_previous(result),
                "definition": result.figure.definition,
            }
            for result in results
        ],
    }
