"""`gonghui manage summary_samples DIR`: regenerate docs/samples from a fresh demo (see `make samples`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gonghui.core.demo import DemoContext, run_seeders
from gonghui.reports.summary.samples import SAMPLE_SEED, SAMPLE_TODAY, write_samples


class Command(BaseCommand):
    help = "在空数据库上生成示范数据，并把每类工会的年度总结样稿写入指定目录"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="写入的目录，如 docs/samples")

    def handle(self, *args: Any, **options: Any) -> None:
        run_seeders(DemoContext(today=SAMPLE_TODAY, seed=SAMPLE_SEED, out=lambda _text: None))
        for path in write_samples(Path(options["directory"]), SAMPLE_TODAY):
            self.stdout.write(f"已写入 {path}")
