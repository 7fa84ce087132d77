"""`gonghui export members --union CODE -o FILE [--as USERNAME]`: the roster, its blank template, or the notice.

    --template                                    the blank roster with its 填写说明 sheet
    --notice --from D --to D [--signed D]         新会员名单公示 (.docx) of members admitted from D to D

Without --as the export runs as the system operator `gonghui-system` with the officer's view (full ID
numbers); with --as it runs with that user's role in the union, masked as the web page would show it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gonghui.accounts.models import Role
from gonghui.accounts.scope import ActorScope, scope_for
from gonghui.core.errors import DomainError, NotFound
from gonghui.members.roster.export import write_roster, write_template
from gonghui.members.roster.importer import system_user
from gonghui.members.roster.notice import write_new_member_notice
from gonghui.orgs.models import Union

USAGE_ERROR = 2


def system_scope(union: Union) -> ActorScope:
    """An officer's scope for the role-less system operator: whoever runs commands holds the data and keys."""
    return ActorScope(
        user=system_user(),
        union=union,
        roles=frozenset({Role.OFFICER.value}),
        group_ids=frozenset(),
        person_id=None,
        via_federation=None,
    )


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"「{text}」不是 YYYY-MM-DD 格式的日期", returncode=USAGE_ERROR) from exc


class Command(BaseCommand):
    help = "导出会员名册（Excel）、空白名册模板，或新会员名单公示（Word）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["members"], help="导出什么：members（会员）")
        parser.add_argument("--union", help="工会简码（导出空白模板时可不填）")
        parser.add_argument("-o", "--output", required=True, help="写入的文件（.xlsx；公示为 .docx）")
        parser.add_argument(
            "--as",
            dest="username",
            help="以该用户在本工会的角色导出（决定身份证号和手机是否隐去）；默认为系统操作员，不隐去",
        )
        parser.add_argument("--on", help="名册截至哪一天（YYYY-MM-DD，默认今天）")
        parser.add_argument("--template", action="store_true", help="导出空白名册模板（含填写说明）")
        parser.add_argument("--notice", action="store_true", help="生成新会员名单公示（Word）")
        parser.add_argument("--from", dest="start", help="公示名单：入会日期从（YYYY-MM-DD）")
        parser.add_argument("--to", dest="end", help="公示名单：入会日期至（YYYY-MM-DD）")
        parser.add_argument("--signed", help="公示的成文日期（YYYY-MM-DD，默认今天）")

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        if options["template"] and options["notice"]:
            raise CommandError("--template 和 --notice 只能选一个", returncode=USAGE_ERROR)
        if options["template"]:
            write_template(output)
            self.stdout.write(f"已导出空白名册模板到 {output}")
            return
        scope = self._scope(options["union"], options["username"])
        try:
            if options["notice"]:
                self._notice(scope, output, options)
            else:
                on = _date(options["on"]) if options["on"] else timezone.localdate()
                count = write_roster(output, scope=scope, on=on)
                self.stdout.write(f"已导出{count}人到 {output}")
        except NotFound as exc:
            who = f"用户「{options['username']}」" if options["username"] else "系统操作员"
            raise CommandError(f"{who}无权执行这项导出", returncode=USAGE_ERROR) from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def _scope(self, code: str | None, username: str | None) -> ActorScope:
        if not code:
            raise CommandError("请用 --union 指定工会简码", returncode=USAGE_ERROR)
        union = Union.objects.filter(code__iexact=code.strip()).first()
        if union is None:
            raise CommandError(f"未找到简码为「{code}」的工会", returncode=USAGE_ERROR)
        if not username:
            return system_scope(union)
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"未找到用户「{username}」", returncode=USAGE_ERROR)
        try:
            return scope_for(user, union)
        except NotFound as exc:
            raise CommandError(f"用户「{username}」在该工会没有角色", returncode=USAGE_ERROR) from exc

    def _notice(self, scope: ActorScope, output: Path, options: dict[str, Any]) -> None:
        if not options["start"] or not options["end"]:
            raise CommandError("生成公示须用 --from 和 --to 指定入会日期范围", returncode=USAGE_ERROR)
        signed_on = _date(options["signed"]) if options["signed"] else timezone.localdate()
        count = write_new_member_notice(
            output,
            scope=scope,
            start=_date(options["start"]),
            end=_date(options["end"]),
            signed_on=signed_on,
        )
        self.stdout.write(f"已生成新会员名单公示（{count}人）到 {output}")
