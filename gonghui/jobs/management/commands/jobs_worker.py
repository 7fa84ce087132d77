"""`gonghui jobs_worker [--once]`: run background jobs in a process of their own (use with `serve --no-worker`)."""

from __future__ import annotations

import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gonghui.jobs.worker import run_queued_jobs, work_until_stopped


class Command(BaseCommand):
    help = "处理后台任务（与 gonghui serve --no-worker 搭配；同一数据库只应运行一个任务处理进程）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="处理完当前排队的任务后退出（不回收中断的任务，可在网站运行时使用）",
        )
        parser.add_argument(
            "--poll-interval", type=float, default=1.0, help="空闲时每隔几秒检查一次（默认 1）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            ran = run_queued_jobs()
            self.stdout.write(f"已处理 {ran} 个后台任务")
            return
        self.stdout.write("后台任务处理已启动（Ctrl+C 停止）")
        stop_event = threading.Event()
        try:
            work_until_stopped(stop_event, poll_interval=options["poll_interval"])
        except KeyboardInterrupt:
            stop_event.set()
            self.stdout.write("后台任务处理已停止")
