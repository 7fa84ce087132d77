"""Planning a roster import: every check that needs the database, for all rows at once.

`plan_roster` reads what the union already has (members.roster.known) and decides for every parsed row
whether it creates, updates or leaves a person alone, with every problem as an Issue. The rules are those of
`person_register` and `person_update` (members.services), which stay the reference: the same identity
derivation, the same messages, the same model field validators (run once per distinct value).

Most rows of a roster are plain: a new person with a valid resident ID number, known structure and nothing
to warn about. Those are decided a column at a time (`_plain_creates`): every condition under which the
row-by-row rules would say anything is checked for the whole column, and a row that meets any of them goes
the row-by-row way, so both ways give the same plan (test_import_reference checks it). Why: docs/adr/0007.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from gonghui.core.crypto import get_keyring
from gonghui.core.idnumbers import IdCheck, IdType, check_against_id
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.core.partial_dates import PartialDate
from gonghui.members.models import EmploymentForm, MembershipStatus, WorkStatus
from gonghui.members.roster.columns import BY_FIELD
from gonghui.members.roster.derived import IdHasher
from gonghui.members.roster.known import (
    VALIDATED,
    FieldRules,
    KnownPerson,
    active_elsewhere,
    choice_label,
    known_people,
)
from gonghui.members.roster.parsed import ERROR, WARNING, Column, Issue, ParsedRoster, SourceRow
from gonghui.members.services import OTHER_UNION_MESSAGE
from gonghui.members.validation import check_person_identity
from gonghui.orgs.models import Department, Union, UnionGroup

MASKED_ID_MESSAGE = "身份证号已隐去，无法匹配：请保留会员编号列或填写完整号码"
MASKED_PHONE_MESSAGE = "手机号已隐去，无法登记新会员：请填写完整号码或留空"
RETIRED_NEW_MESSAGE = "退休人员应办理保留会籍，不能登记为在职会员"
RETIRED_ACTIVE_MESSAGE = "在职会员退休时应办理保留会籍（会籍变动 → 保留会籍），不能只改在岗状态"
MIGRANT_MESSAGE = "农民工的用工性质应为合同或劳务派遣"
BATCH = 5000
# Document types whose number carries the birth date and sex (GB 11643 layout): both come from the number.
ID_TYPES_WITH_BIRTH = frozenset({IdType.RESIDENT, IdType.HMT_RESIDENCE, IdType.FOREIGN_PR})
MIGRANT_FORMS = frozenset({EmploymentForm.CONTRACT, EmploymentForm.DISPATCHED})

# Person attributes a roster row can set, in the order changes are listed; department and group are names.
ROW_FIELDS = (
    "name", "id_type", "id_number", "gender", "birth_date", "ethnicity", "political_status", "education",
    "department", "post", "employment_form", "work_status", "is_migrant_worker", "phone", "group", "notes",
)  # fmt: skip
# What a new person gets for a blank cell: person_register's defaults.
NEW_DEFAULTS: dict[str, Any] = {
    "ethnicity": "汉族",
    "political_status": "none",
    "education": "",
    "id_type": IdType.RESIDENT.value,
    "phone": "",
    "department": None,
    "group": None,
    "post": "",
    "employment_form": EmploymentForm.CONTRACT.value,
    "work_status": WorkStatus.AT_WORK.value,
    "is_migrant_worker": False,
    "notes": "",
}
PLAIN_FIELDS = (
    "ethnicity",
    "political_status",
    "education",
    "post",
    "employment_form",
    "work_status",
    "notes",
)


@dataclass
class Change:
    """One changed field of a row: the column's label and the value before and after, as shown to the actor."""

    label: str
    old: str
    new: str


@dataclass(slots=True)
class RowOutcome:
    row: int
    name: str
    action: str  # create | update | unchanged | skip
    member_no: str = ""
    changes: list[Change] = field(default_factory=list)


class PlannedCreate:
    """A new person: the row, their values and the day they join.

    `values` holds ROW_FIELDS plus id_number_hash and member_no ("" until numbered). For a plain row
    (`RosterPlanner._plain_creates`) it is made from the plan's columns when first read, so that a dry run,
    which never reads it, does not build a dict for each of 100,000 rows.
    """

    __slots__ = ("_source", "_values", "joined_on", "row")

    def __init__(
        self,
        row: int,
        values: dict[str, Any] | None,
        joined_on: dt.date,
        source: tuple[_PlainRows, int] | None = None,
    ) -> None:
        self.row = row
        self._values = values
        self.joined_on = joined_on
        self._source = source

    @property
    def values(self) -> dict[str, Any]:
        if self._values is None:
            assert self._source is not None
            table, k = self._source
            self._values = table.values(k)
            self._source = None
        return self._values

    @property
    def source(self) -> tuple[_PlainRows, int] | None:
        """The plan's columns and this row's index in them, while `values` has not been made."""
        return self._source

    def get(self, key: str) -> Any:
        """values[key], without making `values`."""
        if self._source is None:
            return self.values[key]
        table, k = self._source
        return table.get(key, k)

    def set(self, key: str, value: Any) -> None:
        """values[key] = value, without making `values` (key: a column of the plan, such as member_no)."""
        if self._source is None:
            self.values[key] = value
        else:
            table, k = self._source
            table.by_key[key][k] = value


class _PlainRows:
    """The columns that plain rows' values are made from, with defaults filled in."""

    def __init__(
        self, template: dict[str, Any], keys: list[str], columns: list[list[Any]], extra: dict[str, list[Any]]
    ) -> None:
        self.template = template
        self.keys = keys
        self.columns = columns
        self.extra = extra
        self.by_key: dict[str, list[Any]] = {**dict(zip(keys, columns, strict=True)), **extra}

    def get(self, key: str, k: int) -> Any:
        column = self.by_key.get(key)
        return self.template[key] if column is None else column[k]

    def values(self, k: int) -> dict[str, Any]:
        values = self.template.copy()
        for key, column in zip(self.keys, self.columns, strict=True):
            values[key] = column[k]
        for key, column in self.extra.items():
            values[key] = column[k]
        return values


@dataclass
class PlannedUpdate:
    row: int
    person: KnownPerson
    before: dict[str, Any]  # the changed ROW_FIELDS, old values (plaintext)
    after: dict[str, Any]  # the same keys, new values; id_number also sets id_number_hash


@dataclass
class RosterPlan:
    """What an import will do, row by row, and every problem found on the way."""

    taken_member_nos: set[str]  # member numbers already used in the union
    creates: list[PlannedCreate] = field(default_factory=list)
    updates: list[PlannedUpdate] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    new_departments: list[str] = field(default_factory=list)
    new_groups: list[str] = field(default_factory=list)
    absent: int = 0


Progress = Callable[[int, int, str], None]


_UNSEEN: Any = object()
_GENDER_BY_DIGIT = {str(digit): "M" if digit % 2 else "F" for digit in range(10)}


def _birth_of(digits: str) -> dt.date | None:
    """The birth date in digits 7–14 of a GB 11643 number (the parser has checked that it exists)."""
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def _masked(cell: str | None) -> bool:
    """A cell exported masked (1101**********002X, 138****8000): it stands for the stored value."""
    return bool(cell) and "*" in str(cell)


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class RosterPlanner:
    """Decides every row of a parsed roster against the union's data; `plan()` returns a RosterPlan."""

    plain_rows_at_once = True  # False sends every row the row-by-row way (the tests compare the two)

    def __init__(
        self,
        parsed: ParsedRoster,
        *,
        union: Union,
        today: dt.date,
        strict: bool = False,
        show_private: bool = False,
        progress: Progress | None = None,
    ) -> None:
        self.parsed = parsed
        self.union = union
        self.today = today
        self.strict = strict
        self.show_private = show_private
        self.progress = progress
        self.columns: dict[str, Column] = {c.field: c for c in parsed.columns if c.field}
        self.rules = FieldRules()
        self.hasher = IdHasher(get_keyring())

    def plan(self) -> RosterPlan:
        known = known_people(self.union)
        self.by_hash = {person.id_hash: person for person in known}
        self.by_no = {person.member_no: person for person in known}
        self.existing = {
            "department": set(Department.objects.filter(union=self.union).values_list("name", flat=True)),
            "group": set(UnionGroup.objects.filter(union=self.union).values_list("name", flat=True)),
        }
        self.announced: set[tuple[str, str]] = set()  # new (department|group, name) already warned about
        self.matched: dict[int, int] = {}  # person pk → the row that matched them
        self.file_member_nos: dict[str, int] = {}

        parsed = self.parsed
        count = len(parsed)
        hashes = self._hashes()
        fresh = sorted({h for h in hashes if h and h not in self.by_hash})
        self.elsewhere = active_elsewhere(self.union, fresh) if fresh else set()
        plain, table = self._plain_creates(hashes)
        names, member_nos = table.extra.get("name", []), table.extra.get("member_no", [])

        plan = RosterPlan(taken_member_nos=set(self.by_no))
        numbers = parsed.numbers
        for index in range(count):
            joined_on = plain[index]
            if joined_on is not None:
                member_no = member_nos[index]
                if member_no:
                    self.file_member_nos.setdefault(member_no, numbers[index])
                plan.creates.append(PlannedCreate(numbers[index], None, joined_on, (table, index)))
                plan.outcomes.append(RowOutcome(numbers[index], names[index], "create", member_no))
            else:
                self._plan_one(plan, parsed.row(index), hashes[index])
            if self.progress is not None and (index + 1) % BATCH == 0:
                self.progress(index + 1, count, f"正在校验 {index + 1}/{count} 行")
        for key, names in (("department", plan.new_departments), ("group", plan.new_groups)):
            seen: set[str] = set()
            # Plain creates name existing departments and groups only.
            planned = [c.values for c in plan.creates if c._values is not None] + [
                u.after for u in plan.updates
            ]
            for values in planned:
                value = values.get(key)
                if value and value not in self.existing[key] and value not in seen:
                    seen.add(value)
                    names.append(value)
        plan.absent = sum(1 for person in known if person.open_status and person.pk not in self.matched)
        return plan

    def _plan_one(self, plan: RosterPlan, row: SourceRow, hash_value: str) -> None:
        """One row decided by the row-by-row rules, its outcome and issues added to the plan."""
        issues = self._parser_issues(row) if row.issues else []
        planned = self._plan_row(row, hash_value, issues)
        errors = False
        for issue in issues:
            if issue.severity == ERROR:
                errors = True
                plan.errors.append(issue)
            else:
                plan.warnings.append(issue)
        name = str(row.values.get("name") or row.raw.get("name", ""))
        if errors or planned is None:
            plan.outcomes.append(RowOutcome(row.number, name, "skip", str(row.values.get("member_no") or "")))
        elif isinstance(planned, PlannedCreate):
            plan.creates.append(planned)
            plan.outcomes.append(RowOutcome(row.number, name, "create", planned.values["member_no"]))
        elif planned.after:
            plan.updates.append(planned)
            plan.outcomes.append(
                RowOutcome(row.number, name, "update", planned.person.member_no, self._changes(planned))
            )
        else:
            plan.outcomes.append(RowOutcome(row.number, name, "unchanged", planned.person.member_no))

    # a column at a time

    def _hashes(self) -> list[str]:
        """Each row's ID hash: "" when it has no number or the parser found an error in it."""
        parsed = self.parsed
        ids = parsed.values.get("id_number")
        if ids is None:
            return [""] * len(parsed)
        hashes = self.hasher.many(ids)
        for k, found in parsed.issues.items():
            if hashes[k] and self._has_error(found, "id_number"):
                hashes[k] = ""
        return hashes

    def _filled(self, key: str) -> list[Any] | None:
        """A column with NEW_DEFAULTS' value for blank cells, as `_plan_create` fills a new person."""
        column = self.parsed.values.get(key)
        if column is None:
            return None
        default = NEW_DEFAULTS[key]
        return [default if value is None or value == "" else value for value in column]

    def _plain_creates(self, hashes: list[str]) -> tuple[list[dt.date | None], _PlainRows]:
        """For each row, the day a plain new person joins (None for another row), and their values' columns.

        Plain: no parser issue, a resident ID number that matches nobody here or elsewhere, no 会员编号 of
        this union, nothing masked, every value valid for the model, existing department and group, a
        joining day after the birth date and not after today, and none of the cross-field rules of
        `_plan_create` broken. For such a row the row-by-row rules add no issue and give exactly these
        values; every other row (None) goes through them.
        """
        parsed = self.parsed
        count = len(parsed)
        plain: list[dt.date | None] = [None] * count
        none = _PlainRows({}, [], [], {})
        if (
            not self.plain_rows_at_once
            or not count
            or "id_number" not in parsed.values
            or "name" not in parsed.values
        ):
            return plain, none
        ok = [bool(h) and h not in self.by_hash and h not in self.elsewhere for h in hashes]
        for k in parsed.issues:
            ok[k] = False
        for key in ("id_number", "phone"):
            cells = parsed.raw.get(key)
            if cells is not None and "*" in "".join(cells):
                for k, cell in enumerate(cells):
                    if "*" in cell:
                        ok[k] = False
        ids: list[Any] = parsed.values["id_number"]
        names: list[Any] = parsed.values["name"]
        if "member_no" in parsed.values:
            member_nos = [str(value or "").strip() for value in parsed.values["member_no"]]
            bad_nos = self.rules.failing("member_no", set(member_nos) - {""})
            for k, member_no in enumerate(member_nos):
                if member_no and (member_no in self.by_no or member_no in bad_nos):
                    ok[k] = False
        else:
            member_nos = [""] * count
        for k, (number, name) in enumerate(zip(ids, names, strict=True)):
            if not name or number is None or len(number) != 18:
                ok[k] = False
        filled = {key: self._filled(key) for key in NEW_DEFAULTS}
        # Values that send a row the row-by-row way: another document type, a retiree, a new structure.
        unwanted: dict[str, Callable[[Any], bool]] = {
            "id_type": lambda value: value != IdType.RESIDENT,
            "work_status": lambda value: value == WorkStatus.RETIRED,
            "department": lambda value: bool(value) and value not in self.existing["department"],
            "group": lambda value: bool(value) and value not in self.existing["group"],
        }
        for key, is_unwanted in unwanted.items():
            self._exclude(ok, filled[key], {value for value in set(filled[key] or ()) if is_unwanted(value)})
        if (migrants := filled["is_migrant_worker"]) is not None and True in set(migrants):
            forms = filled["employment_form"] or [NEW_DEFAULTS["employment_form"]] * count
            for k, (migrant, form) in enumerate(zip(migrants, forms, strict=True)):
                if migrant and form not in MIGRANT_FORMS:
                    ok[k] = False
        for attname in VALIDATED:
            column = names if attname == "name" else filled[attname]
            if column is None:
                if self.rules.errors(attname, NEW_DEFAULTS[attname]):
                    return plain, none
                continue
            self._exclude(ok, column, self.rules.failing(attname, column))
        births: dict[str, dt.date | None] = {}
        born: list[dt.date | None] = [None] * count
        for k, number in enumerate(ids):
            if ok[k]:
                digits = number[6:14]
                birth = births.get(digits, _UNSEEN)
                if birth is _UNSEEN:
                    birth = births[digits] = _birth_of(digits)
                born[k] = birth
                if birth is None:
                    ok[k] = False
        joined = parsed.values.get("joined_on", [None] * count)
        today = self.today
        for k, (day, birth) in enumerate(zip(joined, born, strict=True)):
            if ok[k] and (day.__class__ is not dt.date or day > today or (birth is not None and day < birth)):
                ok[k] = False

        present = [key for key in NEW_DEFAULTS if filled[key] is not None]
        template = {key: NEW_DEFAULTS[key] for key in NEW_DEFAULTS if filled[key] is None}
        template.update(sub_union=None, is_new_employment_form=False, work_started_on=None)
        genders = [
            _GENDER_BY_DIGIT[number[16]] if plain else None for number, plain in zip(ids, ok, strict=True)
        ]
        extra = {
            "name": names,
            "id_number": ids,
            "id_number_hash": hashes,
            "gender": genders,
            "birth_date": born,
            "member_no": member_nos,
        }
        table = _PlainRows(template, present, [cast(list[Any], filled[key]) for key in present], extra)
        return [day if plain else None for day, plain in zip(joined, ok, strict=True)], table

    @staticmethod
    def _exclude(ok: list[bool], column: list[Any] | None, unwanted: set[Any]) -> None:
        """Mark the rows whose value in `column` is one of `unwanted` as not plain."""
        if column is None or not unwanted:
            return
        for k, value in enumerate(column):
            if value in unwanted:
                ok[k] = False

    # issues

    def _issue(
        self, issues: list[Issue], row: SourceRow, key: str, message: str, severity: str = ERROR
    ) -> None:
        column = self.columns.get(key)
        issues.append(
            Issue(
                row=row.number,
                header=column.header if column else "",
                value=row.raw.get(key, "") if column else "",
                message=message,
                severity=severity,
                column_index=column.index if column else None,
            )
        )

    def _on_column(self, issue: Issue, key: str) -> bool:
        column = self.columns.get(key)
        if column is None:
            return False
        if issue.column_index is not None:
            return issue.column_index == column.index
        return issue.header == column.header

    def _has_error(self, issues: Sequence[Issue], key: str) -> bool:
        if not issues:
            return False
        return any(issue.severity == ERROR and self._on_column(issue, key) for issue in issues)

    def _parser_issues(self, row: SourceRow) -> list[Issue]:
        """The parser's issues of the row, less those about masked cells, which stand for stored values."""
        masked = [key for key in ("id_number", "phone") if _masked(row.raw.get(key))]
        if not masked:
            return list(row.issues)
        return [issue for issue in row.issues if not any(self._on_column(issue, key) for key in masked)]

    # rows

    def _plan_row(
        self, row: SourceRow, hash_value: str, issues: list[Issue]
    ) -> PlannedCreate | PlannedUpdate | None:
        member_no = str(row.values.get("member_no") or "").strip()
        by_no = self.by_no.get(member_no) if member_no else None
        by_id = self.by_hash.get(hash_value) if hash_value else None
        id_masked = _masked(row.raw.get("id_number"))
        if id_masked and by_no is None:
            self._issue(issues, row, "id_number", MASKED_ID_MESSAGE)
            return None
        if by_id is not None and by_no is not None and by_id is not by_no:
            self._issue(
                issues,
                row,
                "member_no",
                f"会员编号「{member_no}」是本工会{by_no.values['name']}的编号，"
                f"而身份证号是{by_id.values['name']}（会员编号{by_id.member_no}）的：请核对是哪一位",
            )
            return None
        if by_id is not None and member_no and member_no != by_id.member_no:
            self._issue(
                issues,
                row,
                "member_no",
                f"会员编号不能修改：该身份证号的人员会员编号为{by_id.member_no}，本行的会员编号未导入",
                WARNING,
            )
        if not hash_value and not id_masked and not self._has_error(issues, "id_number"):
            if "id_number" not in self.columns:
                return None  # the parser reports the missing column once, for the whole file
            self._issue(issues, row, "id_number", "身份证号不能为空")
            return None
        person = by_id or by_no
        if person is None:
            return self._plan_create(row, hash_value, member_no, issues)
        first = self.matched.get(person.pk)
        if first is not None:
            if not any(issue.severity == ERROR for issue in issues):
                self._issue(issues, row, "id_number" if by_id else "member_no", f"与第{first}行是同一人")
            return None
        self.matched[person.pk] = row.number
        return self._plan_update(row, person, hash_value, issues)

    def _identity(
        self, row: SourceRow, issues: list[Issue], id_type: str, id_number: str
    ) -> tuple[str, dt.date | None]:
        """Gender and birth date as check_person_identity derives them; the parser has checked the number."""
        if id_type in ID_TYPES_WITH_BIRTH and len(id_number) == 18:
            # GB 11643: digits 7–14 are the birth date, the 17th is odd for men.
            birth = dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
            return ("M" if int(id_number[16]) % 2 else "F"), birth
        birth_cell = row.values.get("birth_date")
        check = check_person_identity(
            name=str(row.values.get("name") or ""),
            id_number=id_number,
            id_type=id_type,
            # check_person_identity reads a PartialDate only in its text form ("1985-03").
            birth=birth_cell.isoformat() if isinstance(birth_cell, PartialDate) else birth_cell,
            gender=row.values.get("gender"),
            today=self.today,
        )
        for key, messages in check.errors.items():
            if key in ("birth_date", "gender", "id_number") and not self._has_error(issues, key):
                for message in messages:
                    self._issue(issues, row, key, message)
        return check.gender, check.birth_date

    def _structure(self, row: SourceRow, issues: list[Issue], key: str, name: str) -> None:
        """A department or group the union does not have yet: created on import, or an error when strict."""
        if name in self.existing[key]:
            return
        what = "部门" if key == "department" else "工会小组"
        if self.strict:
            self._issue(issues, row, key, f"本工会没有名为「{name}」的{what}（严格模式下不新建{what}）")
        elif (key, name) not in self.announced:
            self.announced.add((key, name))
            self._issue(issues, row, key, f"本工会还没有名为「{name}」的{what}，导入时将新建", WARNING)

    def _check_fields(self, row: SourceRow, issues: list[Issue], values: dict[str, Any]) -> None:
        cache = self.rules.cache
        for attname in VALIDATED:
            if attname in values:
                value = values[attname]
                messages = cache.get((attname, value))
                if messages is None:
                    messages = self.rules.errors(attname, value)
                if messages and not self._has_error(issues, attname):
                    for message in messages:
                        self._issue(issues, row, attname, message)

    def _joined_on(self, row: SourceRow, issues: list[Issue], birth: dt.date | None) -> dt.date:
        value = row.values.get("joined_on")
        if self._has_error(issues, "joined_on"):
            return value if isinstance(value, dt.date) else self.today
        if value is None:
            self._issue(
                issues, row, "joined_on", f"未填入会时间，按今天（{_cn_date(self.today)}）登记", WARNING
            )
            return self.today
        if isinstance(value, PartialDate):
            if value.precision != "day":
                self._issue(
                    issues,
                    row,
                    "joined_on",
                    f"入会时间只写到{'月' if value.month else '年'}，按{_cn_date(value.first_day)}登记",
                    WARNING,
                )
            value = value.first_day
        if value > self.today:
            self._issue(issues, row, "joined_on", f"入会日期{value:%Y-%m-%d}晚于今天")
        elif birth and value < birth:
            self._issue(issues, row, "joined_on", "入会日期早于出生日期")
        return value

    def _plan_create(
        self, row: SourceRow, hash_value: str, member_no: str, issues: list[Issue]
    ) -> PlannedCreate | None:
        values = row.values
        if hash_value in self.elsewhere:
            self._issue(issues, row, "id_number", OTHER_UNION_MESSAGE)
        if _masked(row.raw.get("phone")):
            self._issue(issues, row, "phone", MASKED_PHONE_MESSAGE)
        new: dict[str, Any] = dict(NEW_DEFAULTS, name=str(values.get("name") or ""))
        for key, value in values.items():
            if key in NEW_DEFAULTS and value is not None and value != "":
                new[key] = value
        if not new["name"] and not self._has_error(issues, "name"):
            self._issue(issues, row, "name", "姓名不能为空")
        id_number = str(values.get("id_number") or "")
        gender, birth = self._identity(row, issues, new["id_type"], id_number) if hash_value else ("", None)
        new.update(gender=gender, birth_date=birth, id_number=id_number, id_number_hash=hash_value)
        new.update(sub_union=None, is_new_employment_form=False, work_started_on=None)
        if member_no:
            first = self.file_member_nos.setdefault(member_no, row.number)
            if first != row.number:
                self._issue(issues, row, "member_no", f"会员编号「{member_no}」与第{first}行重复")
            for message in self.rules.errors("member_no", member_no):
                self._issue(issues, row, "member_no", message)
        new["member_no"] = member_no
        if new["work_status"] == WorkStatus.RETIRED and not self._has_error(issues, "work_status"):
            self._issue(issues, row, "work_status", RETIRED_NEW_MESSAGE)
        if (
            new["is_migrant_worker"]
            and new["employment_form"] not in MIGRANT_FORMS
            and not self._has_error(issues, "is_migrant_worker")
        ):
            self._issue(issues, row, "is_migrant_worker", MIGRANT_MESSAGE)
        self._check_fields(row, issues, new)
        for key in ("department", "group"):
            if new[key] and new[key] not in self.existing[key]:
                self._structure(row, issues, key, new[key])
        joined_on = self._joined_on(row, issues, birth)
        if any(issue.severity == ERROR for issue in issues):
            return None
        return PlannedCreate(row.number, new, joined_on)

    def _plan_update(
        self, row: SourceRow, person: KnownPerson, hash_value: str, issues: list[Issue]
    ) -> PlannedUpdate | None:
        values, current = row.values, person.values
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}

        def consider(key: str, new: Any) -> None:
            if new != current[key]:
                before[key], after[key] = current[key], new

        if values.get("name"):
            consider("name", values["name"])
        id_type = str(values.get("id_type") or current["id_type"])
        consider("id_type", id_type)
        if hash_value and hash_value != person.id_hash:
            before["id_number"], after["id_number"] = person.decrypted("id_number"), values["id_number"]
            after["id_number_hash"] = hash_value
            gender, birth = self._identity(row, issues, id_type, str(values["id_number"]))
        elif id_type in ID_TYPES_WITH_BIRTH:
            gender, birth = current["gender"], current["birth_date"]
            if _masked(row.raw.get("id_number")):
                # The parser could not compare the cells with a masked number: compare with the stored one.
                stored = IdCheck(normalized="*", birth_date=birth, gender=gender)
                cell_gender = values.get("gender")
                for message in check_against_id(
                    stored, birth=values.get("birth_date"), gender=str(cell_gender) if cell_gender else None
                ):
                    self._issue(
                        issues, row, "gender" if message.startswith("性别") else "birth_date", message
                    )
        else:
            gender, birth = self._identity(row, issues, id_type, person.decrypted("id_number"))
        if gender:
            consider("gender", gender)
        if birth is not None or id_type not in ID_TYPES_WITH_BIRTH:
            consider("birth_date", birth)
        phone = values.get("phone")
        if phone and not _masked(row.raw.get("phone")):
            old_phone = person.decrypted("phone")
            if phone != old_phone:
                before["phone"], after["phone"] = old_phone, phone
        for key in PLAIN_FIELDS:
            value = values.get(key)
            if value is not None and value != "":
                consider(key, value)
        if values.get("is_migrant_worker") is not None:
            consider("is_migrant_worker", bool(values["is_migrant_worker"]))
        for key in ("department", "group"):
            name = values.get(key)
            if name:
                self._structure(row, issues, key, str(name))
                consider(key, name)

        if after.get("work_status") == WorkStatus.RETIRED and person.open_status == MembershipStatus.ACTIVE:
            self._issue(issues, row, "work_status", RETIRED_ACTIVE_MESSAGE)
        merged = {**current, **after}
        if (
            merged["is_migrant_worker"]
            and merged["employment_form"] not in MIGRANT_FORMS
            and not self._has_error(issues, "is_migrant_worker")
        ):
            self._issue(issues, row, "is_migrant_worker", MIGRANT_MESSAGE)
        self._check_fields(row, issues, after)
        if person.open_status is None:
            self._issue(issues, row, "", "此人在本工会的会籍已结束：只更新档案信息，不恢复会籍", WARNING)
        if any(issue.severity == ERROR for issue in issues):
            return None
        return PlannedUpdate(row.number, person, before, after)

    def _changes(self, planned: PlannedUpdate) -> list[Change]:
        changes = []
        for key in ROW_FIELDS:
            if key in planned.after:
                changes.append(
                    Change(
                        BY_FIELD[key].header,
                        self._shown(key, planned.before[key]),
                        self._shown(key, planned.after[key]),
                    )
                )
        return changes

    def _shown(self, key: str, value: Any) -> str:
        if key == "id_number":
            return str(value) if self.show_private else mask_id_number(value)
        if key == "phone":
            return str(value) if self.show_private else mask_phone(value)
        return choice_label(key, value)


def plan_roster(
    parsed: ParsedRoster,
    *,
    union: Union,
    today: dt.date,
    strict: bool = False,
    show_private: bool = False,
    progress: Progress | None = None,
) -> RosterPlan:
    """Every row of `parsed` decided against the union's data: creates, updates, outcomes and issues."""
    planner = RosterPlanner(
        parsed, union=union, today=today, strict=strict, show_private=show_private, progress=progress
    )
    return planner.plan()
