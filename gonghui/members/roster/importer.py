"""One roster importer, two doors: `gonghui import members` and the web upload job both call RosterImporter.

The whole file is checked first — the parser's issues and those that need the database, every one with its
row, column, value and reason — and only then written, in one transaction: all of it or, by default, nothing
when any row has an error (`only_valid` writes the good rows and reports the others as skipped). Rows match
people of the union by ID number (through the keyed hash) or by 会员编号; people of the union who are not in
the file are only counted. How it is made fast: members.roster.plan, members.roster.write and docs/adr/0007.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gonghui.accounts.scope import ActorScope, scope_for
from gonghui.core.errors import DomainError
from gonghui.members.models import RosterMapping
from gonghui.members.roster.columns import BY_FIELD
from gonghui.members.roster.derived import load_name_tables
from gonghui.members.roster.parsed import ERROR, Issue, ParsedRoster
from gonghui.members.roster.parsing import (
    RosterFileError,
    RosterMappingError,
    collector_paused,
    parse_roster,
)
from gonghui.members.roster.plan import Change, RosterPlan, RowOutcome, plan_roster
from gonghui.members.roster.trail import RosterSource
from gonghui.members.roster.write import checkpoint_afterwards, write_plan
from gonghui.orgs.models import Union

SYSTEM_USERNAME = "gonghui-system"
EXIT_OK, EXIT_BLOCKED, EXIT_USAGE = 0, 1, 2
ACTIONS = ("create", "update", "unchanged", "skip")

Progress = Callable[[int, int, str], None]

__all__ = [
    "EXIT_BLOCKED",
    "EXIT_OK",
    "EXIT_USAGE",
    "SYSTEM_USERNAME",
    "Change",
    "ImportCounts",
    "ImportReport",
    "RosterImporter",
    "RowOutcome",
    "field_for",
    "import_scope",
    "system_user",
]


def system_user() -> Any:
    """The account that imports run as when no user is named: no password, no role, so it sees masked values."""
    user, created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"first_name": "系统"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _is_person(actor: Any) -> bool:
    return (
        actor is not None
        and getattr(actor, "is_authenticated", False)
        and actor.get_username() != SYSTEM_USERNAME
    )


def import_scope(actor: Any, union: Union) -> ActorScope | None:
    """The actor's scope when it may import into `union` (members.edit); None for the system account.

    Raises NotFound for a user without that right: the same answer as for a union they cannot see.
    """
    if not _is_person(actor):
        return None
    scope = scope_for(actor, union)
    scope.require("members.edit")
    return scope


def field_for(name: str) -> str | None:
    """The roster field a --map target names: a field key (member_no) or our header (会员编号); None if neither."""
    name = name.strip()
    if name in BY_FIELD:
        return name
    for key, column in BY_FIELD.items():
        if name == column.header:
            return key
    return None


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    absent: int = 0  # people of the union with a current membership who are not in the file: never touched


@dataclass
class ImportReport:
    """What an import found and did; `to_dict()` is its JSON form (CLI --json, the web job's summary)."""

    file_name: str
    sheet_name: str
    header_row: int
    mapping: dict[str, str | None]  # the file's header → the field it was read as (None: ignored)
    unknown_headers: list[str]
    ignored_rows: list[int]  # rows below the header read as notes, totals or titles, not as people
    errors: list[Issue]
    warnings: list[Issue]
    rows: list[RowOutcome]
    counts: ImportCounts
    new_departments: list[str]
    new_groups: list[str]
    dry_run: bool
    only_valid: bool
    written: bool
    exit_status: int

    def to_dict(self) -> dict[str, Any]:
        def issue(item: Issue) -> dict[str, Any]:
            return {**asdict(item), "text": str(item)}

        return {
            "file_name": self.file_name,
            "sheet_name": self.sheet_name,
            "header_row": self.header_row,
            "mapping": dict(self.mapping),
            "unknown_headers": list(self.unknown_headers),
            "ignored_rows": list(self.ignored_rows),
            "errors": [issue(item) for item in self.errors],
            "warnings": [issue(item) for item in self.warnings],
            "rows": [
                {
                    "row": outcome.row,
                    "name": outcome.name,
                    "action": outcome.action,
                    "member_no": outcome.member_no,
                    "changes": [asdict(change) for change in outcome.changes],
                }
                for outcome in self.rows
            ],
            "counts": asdict(self.counts),
            "new_departments": list(self.new_departments),
            "new_groups": list(self.new_groups),
            "dry_run": self.dry_run,
            "only_valid": self.only_valid,
            "written": self.written,
            "exit_status": self.exit_status,
        }

    def summary_lines(self) -> list[str]:
        """The outcome in Chinese, for the end of the CLI output and the job page."""
        counts = self.counts
        total = counts.created + counts.updated + counts.unchanged + counts.skipped
        absent = f"本工会另有{counts.absent}名会员不在文件中（未作任何改动）。"
        lines: list[str] = []
        if self.exit_status != EXIT_OK:
            lines.append(f"发现{len(self.errors)}处错误，未导入任何数据：请改正后重新导入。")
            lines.append(
                f"共{total}行，其中{counts.skipped}行有错误；其余各行可新增{counts.created}人、"
                f"更新{counts.updated}人，{counts.unchanged}人没有变化。{absent}"
            )
        else:
            will = "将" if self.dry_run else ""
            lines.append(
                f"共{total}行：{will}新增{counts.created}人，{will}更新{counts.updated}人，"
                f"{counts.unchanged}人没有变化，跳过{counts.skipped}行；{absent}"
            )
        made = "已" if self.written else "导入时将"
        if self.new_departments:
            lines.append(f"{made}新建部门：{'、'.join(self.new_departments)}。")
        if self.new_groups:
            lines.append(f"{made}新建工会小组：{'、'.join(self.new_groups)}。")
        if self.exit_status == EXIT_OK:
            if self.dry_run:
                lines.append("这是试运行，没有写入任何数据。")
            elif counts.skipped:
                lines.append(f"已导入无误的行；有错误的{counts.skipped}行已跳过。")
            else:
                lines.append("已导入。")
        return lines


class RosterImporter:
    """Checks a roster file against a union and imports it: `run(path, dry_run=…)` → ImportReport."""

    def __init__(
        self,
        *,
        union: Union,
        actor: Any,
        only_valid: bool = False,
        strict: bool = False,
        mapping_overrides: dict[str, str | None] | None = None,
        to_simplified: bool = False,
        progress: Progress | None = None,
        today: dt.date | None = None,
    ) -> None:
        self.union = union
        self.actor = actor
        self.only_valid = only_valid
        self.strict = strict
        self.mapping_overrides: dict[str, str | None] = {}
        for header, target in (mapping_overrides or {}).items():
            found = field_for(target) if target and target.strip() not in ("", "忽略") else None
            if target and target.strip() not in ("", "忽略") and found is None:
                raise DomainError(f"列名对应「{header}={target}」中的「{target}」不是花名册的字段")
            self.mapping_overrides[header.strip()] = found
        self.to_simplified = to_simplified
        self.progress = progress
        self.today = today or timezone.localdate()
        scope = import_scope(actor, union)
        self.show_private = bool(scope and not scope.is_federation_view and scope.can("members.view_private"))

    def _report_progress(self, done: int, total: int, message: str) -> None:
        if self.progress is not None:
            self.progress(done, total, message)

    def mapping(self) -> dict[str, str | None]:
        """The union's saved header → field mapping with this run's overrides on top."""
        saved: dict[str, str | None] = {
            header: field_name or None
            for header, field_name in RosterMapping.objects.filter(union=self.union).values_list(
                "header", "field"
            )
        }
        return {**saved, **self.mapping_overrides}

    def run(self, path: str | Path, *, dry_run: bool) -> ImportReport:
        with collector_paused():
            return self._run(Path(path), dry_run=dry_run)

    def _run(self, path: Path, *, dry_run: bool) -> ImportReport:
        self._report_progress(0, 1, "正在读取文件")
        if not dry_run:  # the other core is idle while calamine reads: load what the write will need
            threading.Thread(target=load_name_tables, name="roster-import-tables", daemon=True).start()
        mapping = {header: target or "" for header, target in self.mapping().items()}
        try:
            parsed = parse_roster(
                path, mapping=mapping or None, to_simplified=self.to_simplified, today=self.today
            )
        except RosterMappingError as exc:
            raise DomainError(str(exc)) from exc
        except RosterFileError as exc:
            problem = Issue(row=0, header="", value="", message=str(exc))
            return self._report(path, None, None, [problem], [], dry_run=dry_run, written=False)
        file_errors = [issue for issue in parsed.file_issues if issue.severity == ERROR]
        file_warnings = [issue for issue in parsed.file_issues if issue.severity != ERROR]
        if not len(parsed) and not file_errors:
            file_errors.append(
                Issue(
                    row=parsed.header_row, header="", value="", message="表头下面没有数据行，没有可导入的内容"
                )
            )
        if dry_run:
            plan = self._plan(parsed)
            return self._report(path, parsed, plan, file_errors, file_warnings, dry_run=True, written=False)
        with checkpoint_afterwards(), transaction.atomic():
            # Checked and written under one lock of the union: what was checked is what gets written.
            Union.objects.select_for_update().filter(pk=self.union.pk).first()
            plan = self._plan(parsed)
            if self._blocked(plan, file_errors):
                return self._report(
                    path, parsed, plan, file_errors, file_warnings, dry_run=False, written=False
                )
            parsed.release()  # the plan holds what gets written; the file's cells need not stay in memory
            write_plan(
                plan,
                union=self.union,
                actor=self.actor,
                source=RosterSource.of(path),
                progress=self.progress,
            )
            self._save_mapping(parsed)
        self._report_progress(1, 1, "导入完成")
        return self._report(path, parsed, plan, file_errors, file_warnings, dry_run=False, written=True)

    def _plan(self, parsed: ParsedRoster) -> RosterPlan:
        return plan_roster(
            parsed,
            union=self.union,
            today=self.today,
            strict=self.strict,
            show_private=self.show_private,
            progress=self.progress,
        )

    def _blocked(self, plan: RosterPlan | None, file_errors: list[Issue]) -> bool:
        if file_errors or plan is None:
            return True
        if not plan.errors:
            return False
        return not (self.only_valid and (plan.creates or plan.updates or _unchanged(plan)))

    def _save_mapping(self, parsed: ParsedRoster) -> None:
        """The mapping this file was read with, kept for the union's next import."""
        wanted = {column.header: column.field or "" for column in parsed.columns if column.field}
        wanted.update(
            {header: "" for header, target in self.mapping_overrides.items() if not target and header}
        )
        saved = {mapping.header: mapping for mapping in RosterMapping.objects.filter(union=self.union)}
        for header, field_name in wanted.items():
            existing = saved.get(header)
            if existing is None:
                RosterMapping.objects.create(union=self.union, header=header[:100], field=field_name)
            elif existing.field != field_name:
                existing.field = field_name
                existing.save(update_fields=["field", "updated_at"])

    def _report(
        self,
        path: Path,
        parsed: ParsedRoster | None,
        plan: RosterPlan | None,
        file_errors: list[Issue],
        file_warnings: list[Issue],
        *,
        dry_run: bool,
        written: bool,
    ) -> ImportReport:
        outcomes = plan.outcomes if plan else []
        tally = {action: 0 for action in ACTIONS}
        for outcome in outcomes:
            tally[outcome.action] += 1
        counts = ImportCounts(
            created=tally["create"],
            updated=tally["update"],
            unchanged=tally["unchanged"],
            skipped=tally["skip"],
            absent=plan.absent if plan else 0,
        )
        blocked = self._blocked(plan, file_errors)
        return ImportReport(
            file_name=path.name,
            sheet_name=parsed.sheet_name if parsed else "",
            header_row=parsed.header_row if parsed else 0,
            mapping={column.header: column.field for column in parsed.columns} if parsed else {},
            unknown_headers=list(parsed.unknown_headers) if parsed else [],
            ignored_rows=list(parsed.ignored_rows) if parsed else [],
            errors=file_errors + (plan.errors if plan else []),
            warnings=file_warnings + (plan.warnings if plan else []),
            rows=outcomes,
            counts=counts,
            new_departments=plan.new_departments if plan else [],
            new_groups=plan.new_groups if plan else [],
            dry_run=dry_run,
            only_valid=self.only_valid,
            written=written,
            exit_status=EXIT_BLOCKED if blocked else EXIT_OK,
        )


def _unchanged(plan: RosterPlan) -> bool:
    return any(outcome.action == "unchanged" for outcome in plan.outcomes)
