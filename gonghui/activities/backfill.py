"""Back-fill: past activities with their attendance, imported from a spreadsheet of one row per attendance.

Columns: 活动名称, 活动类型, 日期, 开始时间 (optional), 地点, 姓名, 部门 (optional, tells namesakes apart),
参加者类别 (会员/退休人员/家属/来宾, default 会员), 学时 (optional). Title rows above the header and blank
rows are tolerated; the file is read with the roster importer's reader (.xlsx, .xls, .csv in any encoding).

Like the roster import, every row is checked first and nothing is written while any row has an error;
each problem names its Excel row and column. Then, in one transaction, rows are grouped by (名称, 日期)
into activities (reusing one with that title starting that day) and by (名称, 日期, 开始时间) into sessions,
and attendance is recorded through the attendance services with method 表格导入, so audit rows are kept.
Attendance already recorded (a second run of the same file) is skipped and counted as 已存在.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction

from gonghui.accounts.scope import ActorScope
from gonghui.activities import services
from gonghui.activities.models import Activity, Attendance, AttendanceMethod, AttendeeKind, Session
from gonghui.core.names import normalize_person_name
from gonghui.core.partial_dates import PartialDateError, parse_full_date
from gonghui.core.text import collapse_spaces, to_halfwidth
from gonghui.members.models import Person
from gonghui.members.roster.parsed import ERROR, WARNING, Issue
from gonghui.members.roster.reading import RosterFileError, Sheet, cell_text, is_blank, read_sheets
from gonghui.members.selectors import people_in_lists
from gonghui.orgs.models import Union

HEADERS: dict[str, str] = {
    "活动名称": "title",
    "活动类型": "kind",
    "日期": "date",
    "活动日期": "date",
    "开始时间": "time",
    "时间": "time",
    "地点": "place",
    "活动地点": "place",
    "姓名": "name",
    "部门": "department",
    "参加者类别": "attendee",
    "类别": "attendee",
    "学时": "hours",
}
FIELD_HEADERS = {"title": "活动名称", "kind": "活动类型", "date": "日期", "name": "姓名"}
REQUIRED = ("title", "kind", "date", "name")
ATTENDEE_KINDS = {kind.label: kind.value for kind in AttendeeKind}
HEADER_SEARCH_ROWS = 20
# A session whose start time the file does not give starts at midnight of its day ("时间不详").
UNKNOWN_TIME = dt.time(0, 0)

_HEADER_NOISE = re.compile(r"[\s*:：]+")
_TRAILING_NOTE = re.compile(r"[(（【\[][^()（）【】\[\]]*[)）】\]]$")
_TIME = re.compile(r"(\d{1,2})\s*[:.点时]\s*(\d{1,2})?\s*分?(?::\d{1,2})?")


@dataclass
class BackfillRow:
    number: int  # Excel row number
    title: str
    kind: str
    day: dt.date
    time: dt.time | None
    place: str
    name: str
    department: str
    attendee: str  # an AttendeeKind value
    hours: Decimal | None
    person: Person | None = None


@dataclass
class BackfillReport:
    dry_run: bool
    rows: int = 0  # attendance rows read
    activities_created: int = 0
    activities_reused: int = 0
    sessions_created: int = 0
    sessions_reused: int = 0
    attendance_added: int = 0
    attendance_existing: int = 0  # already recorded (已存在): skipped
    issues: list[Issue] = field(default_factory=list)
    file_error: str = ""
    written: bool = False

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors

    @property
    def sessions(self) -> int:
        return self.sessions_created + self.sessions_reused


def _header_key(cell: Any) -> str:
    if cell.__class__ is not str:
        return ""
    key = _HEADER_NOISE.sub("", to_halfwidth(cell))
    return key if key in HEADERS else _TRAILING_NOTE.sub("", key)


def _find_header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    """The header row (index into sheet.cells) and field → column, from the first rows naming ≥3 fields."""
    for r, row in enumerate(sheet.cells[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for c, cell in enumerate(row):
            found = HEADERS.get(_header_key(cell))
            if found is not None and found not in columns:
                columns[found] = c
        if len(columns) >= 3:
            return r, columns
    return None


def parse_time(cell: Any) -> dt.time:
    """14:30, 14：30, 14点30, a time cell, or an Excel time fraction (0.5 = 12:00); ValueError otherwise."""
    if isinstance(cell, dt.datetime):
        return cell.time().replace(second=0, microsecond=0)
    if isinstance(cell, dt.time):
        return cell.replace(second=0, microsecond=0)
    if isinstance(cell, int | float) and not isinstance(cell, bool) and 0 <= cell < 1:
        minutes = round(cell * 24 * 60)
        return dt.time(minutes // 60 % 24, minutes % 60)
    match = _TIME.fullmatch(to_halfwidth(cell_text(cell)).strip())
    if match is None:
        raise ValueError("无法识别的时间：请写成14:30这样的时、分")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise ValueError("时间超出范围：请写成14:30这样的时、分")
    return dt.time(hour, minute)


def parse_hours(cell: Any) -> Decimal:
    try:
        hours = Decimal(to_halfwidth(cell_text(cell)).strip())
    except InvalidOperation as exc:
        raise ValueError("学时应为数字，如2或1.5") from exc
    if not hours.is_finite() or hours <= 0 or hours >= 1000:
        raise ValueError("学时应大于0、小于1000")
    return hours.quantize(Decimal("0.1"))


class _Reader:
    """Reads the sheet's data rows into BackfillRows, collecting an Issue for every bad cell."""

    def __init__(self, union: Union, sheet: Sheet, header: int, columns: dict[str, int]) -> None:
        self.sheet = sheet
        self.header = header
        self.columns = columns
        self.headers = {f: cell_text(sheet.cells[header][c]).strip() for f, c in columns.items()}
        self.issues: list[Issue] = []
        self.kinds = [name for name, _ in services.kind_choices(union)]
        self.count = 0  # data rows read (blank rows not counted)

    def excel_row(self, r: int) -> int:
        return self.sheet.first_row + r + 1

    def add(self, number: int, name: str, value: Any, message: str, severity: str = ERROR) -> None:
        self.issues.append(
            Issue(
                row=number,
                header=self.headers.get(name, FIELD_HEADERS.get(name, "")),
                value=cell_text(value) if value is not None else "",
                message=message,
                severity=severity,
                column_index=(self.sheet.first_col + self.columns[name]) if name in self.columns else None,
            )
        )

    def cell(self, row: Sequence[Any], name: str) -> Any:
        c = self.columns.get(name)
        return None if c is None or c >= len(row) else row[c]

    def text(self, row: Sequence[Any], name: str) -> str:
        return collapse_spaces(cell_text(self.cell(row, name)).strip())

    def rows(self) -> list[BackfillRow]:
        found: list[BackfillRow] = []
        for r in range(self.header + 1, len(self.sheet.cells)):
            row = self.sheet.cells[r]
            if all(is_blank(cell) for cell in row):
                continue
            self.count += 1
            parsed = self.row(self.excel_row(r), row)
            if parsed is not None:
                found.append(parsed)
        return found

    def row(self, number: int, row: Sequence[Any]) -> BackfillRow | None:
        before = len(self.issues)
        title = self.text(row, "title")
        if not title:
            self.add(number, "title", "", "请填写活动名称")
        kind = self.text(row, "kind")
        if not kind:
            self.add(number, "kind", "", f"请填写活动类型，可用的有：{'、'.join(self.kinds)}")
        elif kind not in self.kinds:
            self.add(number, "kind", kind, f"未知的活动类型：可用的有{'、'.join(self.kinds)}")
        day: dt.date | None = None
        raw_date = self.cell(row, "date")
        try:
            day = parse_full_date(raw_date)
        except PartialDateError as exc:
            self.add(number, "date", raw_date, str(exc) if not is_blank(raw_date) else "请填写日期")
        time: dt.time | None = None
        raw_time = self.cell(row, "time")
        if not is_blank(raw_time):
            try:
                time = parse_time(raw_time)
            except ValueError as exc:
                self.add(number, "time", raw_time, str(exc))
        hours: Decimal | None = None
        raw_hours = self.cell(row, "hours")
        if not is_blank(raw_hours):
            try:
                hours = parse_hours(raw_hours)
            except ValueError as exc:
                self.add(number, "hours", raw_hours, str(exc))
        attendee_text = self.text(row, "attendee") or AttendeeKind.MEMBER.label
        attendee = ATTENDEE_KINDS.get(attendee_text)
        if attendee is None:
            self.add(number, "attendee", attendee_text, f"参加者类别应为{'、'.join(ATTENDEE_KINDS)}之一")
        name = normalize_person_name(cell_text(self.cell(row, "name")))
        if not name:
            label = attendee_text if attendee and attendee != AttendeeKind.MEMBER else "参加者"
            self.add(number, "name", "", f"请填写{label}的姓名")
        if len(self.issues) > before or day is None or attendee is None:
            return None
        return BackfillRow(
            number=number,
            title=title,
            kind=kind,
            day=day,
            time=time,
            place=self.text(row, "place"),
            name=name,
            department=self.text(row, "department"),
            attendee=attendee,
            hours=hours,
        )


def _match_people(union: Union, rows: list[BackfillRow], issues: list[Issue], header: str) -> None:
    """Link each 会员/退休人员 row to the person of the union's lists that day; report unknown and namesakes."""
    by_day: dict[dt.date, list[BackfillRow]] = defaultdict(list)
    for row in rows:
        if row.attendee in (AttendeeKind.MEMBER, AttendeeKind.RETIREE):
            by_day[row.day].append(row)
    for day, day_rows in by_day.items():
        people: dict[str, list[Person]] = defaultdict(list)
        names = {row.name for row in day_rows}
        for person in (
            people_in_lists(union, day).filter(name__in=names).select_related("department", "group")
        ):
            people[person.name].append(person)
        for row in day_rows:
            candidates = people.get(row.name, [])
            if row.department and len(candidates) > 1:
                candidates = [
                    p
                    for p in candidates
                    if row.department
                    in {p.department.name if p.department else "", p.group.name if p.group else ""}
                ]
            if len(candidates) == 1:
                row.person = candidates[0]
            elif not candidates and row.attendee == AttendeeKind.RETIREE:
                continue  # a retiree not on the roster is recorded by name
            elif not candidates:
                where = f"部门「{row.department}」中" if row.department and people.get(row.name) else ""
                issues.append(
                    Issue(
                        row=row.number,
                        header=header,
                        value=row.name,
                        message=f"{where}没有此人：{row.day.isoformat()}不在本工会名册中，请核对姓名",
                    )
                )
            else:
                issues.append(
                    Issue(row=row.number, header=header, value=row.name, message="有重名：请填写部门")
                )


def _check_groups(rows: list[BackfillRow], issues: list[Issue], kind_header: str) -> None:
    """The rows of one activity must agree on its type."""
    kinds: dict[tuple[str, dt.date], str] = {}
    for row in rows:
        first = kinds.setdefault((row.title, row.day), row.kind)
        if row.kind != first:
            issues.append(
                Issue(
                    row=row.number,
                    header=kind_header,
                    value=row.kind,
                    message=f"同一活动「{row.title}」的活动类型前面填的是「{first}」，请统一",
                )
            )


def read_backfill(union: Union, path: Path) -> tuple[list[BackfillRow], list[Issue], str, int]:
    """The valid rows, every problem, a message when the file cannot be read at all, and the rows read."""
    try:
        for sheet in read_sheets(path):
            found = _find_header(sheet)
            if found is None:
                continue
            header, columns = found
            missing = [FIELD_HEADERS[f] for f in REQUIRED if f not in columns]
            if missing:
                return [], [], f"表头缺少列：{'、'.join(missing)}", 0
            reader = _Reader(union, sheet, header, columns)
            rows = reader.rows()
            issues = reader.issues
            _check_groups(rows, issues, reader.headers["kind"])
            _match_people(union, rows, issues, reader.headers["name"])
            return rows, issues, "", reader.count
    except RosterFileError as exc:
        return [], [], str(exc), 0
    return [], [], "找不到表头：需要一行写有“活动名称、活动类型、日期、姓名”等列名", 0


def _session_for(
    *, scope: ActorScope, activity: Activity, rows: list[BackfillRow], report: BackfillReport
) -> Session:
    first = rows[0]
    starts_at = services._local(first.day, first.time or UNKNOWN_TIME)
    existing = Session.objects.filter(activity=activity, starts_at=starts_at).order_by("number").first()
    if existing is None and first.time is None:
        existing = Session.objects.filter(activity=activity).order_by("number").first()
    if existing is not None:
        report.sessions_reused += 1
        return existing
    report.sessions_created += 1
    hours = next((row.hours for row in rows if row.hours is not None), None)
    place = next((row.place for row in rows if row.place), "")
    return services.session_add(
        actor=scope.user,
        activity=activity,
        starts_at=starts_at,
        place=place if place != activity.place else "",
        hours=hours,
    )


def _write(scope: ActorScope, rows: list[BackfillRow], report: BackfillReport) -> None:
    union = scope.union
    by_activity: dict[tuple[str, dt.date], dict[dt.time | None, list[BackfillRow]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for row in rows:
        by_activity[(row.title, row.day)][row.time].append(row)
    for (title, day), sessions in by_activity.items():
        activity = Activity.objects.filter(union=union, title=title, starts_on=day).first()
        if activity is None:
            first = next(iter(sessions.values()))[0]
            place = next((row.place for group in sessions.values() for row in group if row.place), "")
            activity = services.activity_create(
                actor=scope.user, union=union, kind=first.kind, title=title, starts_on=day, place=place
            )
            report.activities_created += 1
        else:
            report.activities_reused += 1
        for _time, session_rows in sorted(sessions.items(), key=lambda item: item[0] or UNKNOWN_TIME):
            session = _session_for(scope=scope, activity=activity, rows=session_rows, report=report)
            _attend(scope, session, session_rows, report)


def _attend(scope: ActorScope, session: Session, rows: list[BackfillRow], report: BackfillReport) -> None:
    present = set(
        Attendance.objects.filter(session=session, person__isnull=False).values_list("person_id", flat=True)
    )
    guests = set(
        Attendance.objects.filter(session=session, person__isnull=True).values_list(
            "attendee_kind", "guest_name"
        )
    )
    add: dict[int, Person] = {}
    add_guests: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row.person is not None:
            if row.person.pk in present or row.person.pk in add:
                report.attendance_existing += 1
                _existing(report, row, session)
            else:
                add[row.person.pk] = row.person
        else:
            kind = AttendeeKind.GUEST if row.attendee == AttendeeKind.MEMBER else row.attendee
            if (kind, row.name) in guests or row.name in add_guests[kind]:
                report.attendance_existing += 1
                _existing(report, row, session)
            else:
                add_guests[kind].append(row.name)
    if add:
        services._apply(
            actor=scope.user,
            session=session,
            add=list(add.values()),
            remove=[],
            method=AttendanceMethod.IMPORT,
        )
        report.attendance_added += len(add)
    for kind, names in add_guests.items():
        for name in names:  # one by one: a name may hold spaces, which the pasted-list splitter would cut
            services.attendance_add_guests(
                actor=scope.user, session=session, kind=kind, names=name, method=AttendanceMethod.IMPORT
            )
        report.attendance_added += len(names)


def _existing(report: BackfillReport, row: BackfillRow, session: Session) -> None:
    report.issues.append(
        Issue(
            row=row.number,
            header="",
            value=row.name,
            message=f"已存在：{row.name}在{session}的出席记录已有，跳过",
            severity=WARNING,
        )
    )


def backfill_import(*, scope: ActorScope, path: Path, dry_run: bool) -> BackfillReport:
    """Check the file and, unless `dry_run` or any row has an error, import it in one transaction.

    A dry run goes through the same writes and rolls them back, so its counts are the import's.
    """
    report = BackfillReport(dry_run=dry_run)
    rows, issues, file_error, report.rows = read_backfill(scope.union, path)
    report.issues = issues
    report.file_error = file_error
    if not report.ok:
        return report
    with transaction.atomic():
        _write(scope, rows, report)
        if dry_run:
            transaction.set_rollback(True)
        else:
            report.written = True
    report.issues.sort(key=lambda issue: (issue.row, issue.column_index or 0))
    return report
