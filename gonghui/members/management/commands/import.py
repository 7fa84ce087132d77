"""`gonghui import members FILE --union CODE [--dry-run] [--only-valid] [--strict] [--map 列名=字段 …]
[--as USERNAME] [--json] [--simplified]`: a thin shell over members.roster.importer.RosterImporter.

Exit status: 0 when the file is valid (dry run) or was imported; 1 when errors block the import and nothing
was written; 2 for a usage error (no such file, union or user, a bad --map).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any, TextIO, cast

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gonghui.core.errors import DomainError, NotFound
from gonghui.members.roster.error_book import error_book_path, write_error_book
from gonghui.members.roster.importer import (
    EXIT_OK,
    EXIT_USAGE,
    ImportReport,
    RosterImporter,
    field_for,
    import_scope,
    system_user,
)
from gonghui.orgs.models import Union

# Listing every changed row of a 100,000-row file helps nobody on a terminal; --json has them all.
MAX_LISTED = 500


def _usage(message: str) -> CommandError:
    return CommandError(message, returncode=EXIT_USAGE)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise _usage(f"--today 的值「{text}」不是 YYYY-MM-DD 格式的日期") from exc


def _mapping(items: list[str]) -> dict[str, str | None]:
    """--map 列名=字段 (字段: a field key, our header, or 忽略 / empty to drop the column)."""
    mapping: dict[str, str | None] = {}
    for item in items:
        header, sep, target = item.partition("=")
        header, target = header.strip(), target.strip()
        if not sep or not header:
            raise _usage(f"--map 的值「{item}」应写成 列名=字段，例如 --map 工号=会员编号")
        if target in ("", "忽略"):
            mapping[header] = None
            continue
        found = field_for(target)
        if found is None:
            raise _usage(f"--map 的值「{item}」中的「{target}」不是花名册的字段")
        mapping[header] = found
    return mapping


class _Progress:
    """A bar redrawn in place on a terminal; elsewhere one line per stage (读取, 校验, 写入) and a last line."""

    WIDTH = 30
    INTERVAL = 0.2

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.stage = ""
        self.drawn = 0.0

    def __call__(self, done: int, total: int, message: str = "") -> None:
        stage = message.split(" ")[0]
        if self.tty:
            now = time.monotonic()
            if stage == self.stage and done < total and now - self.drawn < self.INTERVAL:
                return
            self.drawn = now
            filled = self.WIDTH * done // total if total else self.WIDTH
            bar = "█" * filled + "░" * (self.WIDTH - filled)
            self.stream.write(f"\r{bar} {message}\033[K")
        elif stage != self.stage:
            self.stream.write(message + "\n")
        self.stage = stage
        self.stream.flush()

    def finish(self, text: str) -> None:
        self.stream.write(("\r" if self.tty else "") + text + ("\033[K\n" if self.tty else "\n"))
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "导入会员名册（.xlsx、.xls 或 .csv）：先检查整个文件，全部无误才写入（--only-valid 只导入无误的行）"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["members"], help="导入什么：members（会员名册）")
        parser.add_argument("file", help="名册文件")
        parser.add_argument("--union", required=True, help="工会简码")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument("--only-valid", action="store_true", help="导入无误的行，跳过有错误的行")
        parser.add_argument(
            "--strict", action="store_true", help="名册中的部门或工会小组在本工会不存在时报错，而不是新建"
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="列名=字段",
            help="指定列的含义，如 --map 工号=会员编号；字段写“忽略”则不导入该列。可重复；会为本工会保存",
        )
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            help="以哪个用户的身份导入（决定是否隐去证件号和手机）",
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出导入报告")
        parser.add_argument("--simplified", action="store_true", help="部门和工会小组名称中的繁体字转为简体")
        parser.add_argument("--today", type=_date, default=None, help="以哪一天为“今天”（默认今天）")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise _usage(f"找不到文件「{path}」")
        code = options["union"].strip()
        union = Union.objects.filter(code__iexact=code).first()
        if union is None:
            raise _usage(f"未找到简码为「{code}」的工会")
        actor = self._actor(options["as_user"], union)
        # The wrapper's own write() adds a newline to everything; the bar needs the bare stream.
        progress = _Progress(cast(TextIO, getattr(self.stderr, "_out", sys.stderr)))
        try:
            importer = RosterImporter(
                union=union,
                actor=actor,
                only_valid=options["only_valid"],
                strict=options["strict"],
                mapping_overrides=_mapping(options["map"]),
                to_simplified=options["simplified"],
                progress=progress,
                today=options["today"],
            )
            report = importer.run(path, dry_run=options["dry_run"])
        except DomainError as exc:
            raise _usage(str(exc)) from exc
        progress.finish("检查完成" if report.dry_run or not report.written else "导入完成")
        book = None
        if report.errors or report.warnings:
            book = write_error_book(
                path,
                sheet_name=report.sheet_name,
                header_row=report.header_row,
                issues=[*report.errors, *report.warnings],
                rows=len(report.rows),
                target=error_book_path(path),
            )
        if options["json"]:
            data = report.to_dict()
            data["error_book"] = str(book) if book else None
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self._write_text(report, book)
        if report.exit_status != EXIT_OK:
            raise SystemExit(report.exit_status)

    def _actor(self, username: str | None, union: Union) -> Any:
        if not username:
            return system_user()
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise _usage(f"未找到用户「{username}」")
        try:
            import_scope(user, union)
        except NotFound as exc:
            raise _usage(
                f"用户「{username}」在{union.name}没有导入会员名册的权限（需要工会干部角色）"
            ) from exc
        return user

    def _write_text(self, report: ImportReport, book: Path | None) -> None:
        out = self.stdout
        if report.errors:
            out.write(f"错误（{len(report.errors)}处）：")
            for issue in report.errors:
                out.write(f"  {issue}" if issue.row > 0 else f"  {issue.message}")
        if report.warnings:
            out.write(f"提示（{len(report.warnings)}处）：")
            for issue in report.warnings:
                out.write(f"  {issue}" if issue.row > 0 else f"  {issue.message}")
        updated = [outcome for outcome in report.rows if outcome.action == "update"]
        if updated:
            out.write("修改：" if report.written else "将修改：")
            for outcome in updated[:MAX_LISTED]:
                changes = "；".join(
                    f"{c.label} {c.old or '（空）'} → {c.new or '（空）'}" for c in outcome.changes
                )
                out.write(f"  第{outcome.row}行 {outcome.name}（{outcome.member_no}）：{changes}")
            if len(updated) > MAX_LISTED:
                out.write(f"  ……另有{len(updated) - MAX_LISTED}行，完整清单请用 --json 输出")
        skipped = [outcome.row for outcome in report.rows if outcome.action == "skip"]
        if skipped and report.only_valid and report.exit_status == EXIT_OK:
            shown = "、".join(str(row) for row in skipped[:MAX_LISTED])
            more = f"等{len(skipped)}行" if len(skipped) > MAX_LISTED else ""
            out.write(f"跳过的行（有错误，未导入）：第{shown}行{more}")
        for line in report.summary_lines():
            out.write(line)
        if book is not None:
            out.write(f"错误和提示已标在：{book}")
