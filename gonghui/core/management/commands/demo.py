"""`gonghui demo`: create the data dir, migrate, build the demo union(s), then serve."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from gonghui.core.crypto import verify_field_keys
from gonghui.core.demo import DemoContext, run_seeders
from gonghui.core.errors import KeyConfigurationError


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--today 的值「{text}」不是 YYYY-MM-DD 格式的日期") from exc


class Command(BaseCommand):
    help = (
        "生成示范数据（清河县总工会，所属教育工会及三所学校工会、一家企业工会和一个机关工会），然后启动网站"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="只生成数据，不启动网站")
        parser.add_argument("--today", type=_date, default=None, help="以哪一天为“今天”（默认今天）")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子，相同种子生成相同数据")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        from django.utils import timezone

        call_command("migrate", interactive=False, verbosity=0)
        try:
            verify_field_keys()
        except KeyConfigurationError as exc:
            raise CommandError(str(exc)) from exc
        today = options["today"] or timezone.localdate()
        ctx = DemoContext(today=today, seed=options["seed"], out=self.stdout.write)
        with transaction.atomic():
            run_seeders(ctx)
        if ctx.created:
            made = "，".join(f"{what}{n}" for what, n in ctx.created.items())
            self.stdout.write(f"示范数据已生成（以{today:%Y-%m-%d}为今天，种子{options['seed']}）：{made}")
        else:
            self.stdout.write("示范数据已齐全，本次未新增记录")
        for line in ctx.objects.get("logins", []):
            self.stdout.write(line)
        for note in ctx.objects.get("notes", []):
            self.stdout.write(note)
        shown = "127.0.0.1" if options["host"] in {"0.0.0.0", "::"} else options["host"]
        self.stdout.write(f"登录地址：http://{shown}:{options['port']}/login/")
        if not options["no_serve"]:
            call_command("serve", host=options["host"], port=options["port"])
