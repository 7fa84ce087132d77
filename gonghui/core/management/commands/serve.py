"""`gonghui serve`: the production web server (waitress + whitenoise)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gonghui.core.crypto import verify_field_keys
from gonghui.core.errors import KeyConfigurationError


def pending_migrations() -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


class Command(BaseCommand):
    help = "启动网站（waitress 生产服务器）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--no-worker", action="store_true", help="不在本进程处理后台任务（另行运行 gonghui jobs_worker）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pending = pending_migrations()
        if pending:
            raise CommandError(
                f"数据库尚未迁移（还有 {len(pending)} 个迁移未执行，如 {pending[0]}），拒绝启动。"
                "请先运行：gonghui manage migrate（或 gonghui demo）"
            )
        try:
            verify_field_keys()
        except KeyConfigurationError as exc:
            raise CommandError(str(exc)) from exc
        call_command("collectstatic", interactive=False, verbosity=0)
        from waitress import create_server  # type: ignore[import-untyped]

        from gonghui.wsgi import application

        host, port = options["host"], options["port"]
        try:
            server = create_server(
                application, host=host, port=port, threads=options["threads"], ident="gonghui"
            )
        except OSError as exc:
            raise CommandError(
                f"无法在 {host}:{port} 上启动网站：{exc.strerror or exc}（端口可能已被占用，可用 --port 换一个）"
            ) from exc
        # The worker starts only once the port is ours: a failed bind must not interrupt running jobs.
        if not options["no_worker"]:
            from gonghui.jobs.worker import start_worker_thread

            start_worker_thread()
            self.stdout.write("后台任务处理已启动")
        shown = "127.0.0.1" if host in {"0.0.0.0", "::"} else host
        self.stdout.write(f"网站地址：http://{shown}:{port}/   （Ctrl+C 停止）")
        server.run()
