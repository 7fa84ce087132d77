"""Demo: every demo union's annual and half-year work summary, written into the data dir."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from gonghui.core.demo import DemoContext
from gonghui.reports.summary.samples import write_demo_summaries

ORDER = 90


def seed(ctx: DemoContext) -> None:
    directory = Path(settings.DATA_DIR) / "工作总结"
    directory.mkdir(parents=True, exist_ok=True)
    written = write_demo_summaries(directory, ctx.today)
    ctx.objects.setdefault("notes", []).append(
        f"工作总结示例（{len(written)}份，含所用数字表）：{directory}\n"
        f"  重新生成：gonghui report summary --union QHYZ --period {ctx.today.year - 1} -o 总结.docx"
    )
