"""The bulk path of the roster import: every check that needs the database, for all rows at once, and one write.

`plan_roster` reads the union's people, departments, groups and open spans in a handful of queries and
decides for every parsed row whether it creates, updates or leaves a person alone, with every problem as an
Issue. `write_plan` then inserts and updates in batches — `executemany` on SQLite, `COPY … FROM STDIN` on
PostgreSQL — with the audit rows of the same changes, inside the caller's transaction.

The rules are those of `person_register` and `person_update` (members.services), which stay the reference:
the same identity derivation, the same messages, the same model field validators (run once per distinct
value), the same ciphertext format, keyed hash, name keys and audit snapshots. Why and how: docs/adr/0007.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, cast

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import connection, models
from django.utils import timezone
from psycopg.copy import QueuedLibpqWriter

from gonghui.core.audit import actor_label
from gonghui.core.crypto import PREFIX, Keyring, get_keyring
from gonghui.core.idnumbers import IdCheck, IdType, check_against_id
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.core.models import AuditEvent, AuditEventType
from gonghui.core.names import PINYIN_KEY_MAX_LENGTH, SURNAME_READINGS, split_surname, stroke_key
from gonghui.core.names import _pinyin as _pinyin_of_part
from gonghui.core.partial_dates import PartialDate
from gonghui.members.models import (
    EmploymentForm,
    Membership,
    MembershipStatus,
    Person,
    StartKind,
    WorkStatus,
)
from gonghui.members.roster.columns import BY_FIELD
from gonghui.members.roster.parsed import ERROR, WARNING, Column, Issue, ParsedRoster, SourceRow
from gonghui.members.services import OTHER_UNION_MESSAGE, PERSON_AUDIT_FIELDS
from gonghui.members.validation import check_person_identity
from gonghui.orgs.models import Department, Union, UnionGroup
from gonghui.orgs.services import department_create, group_create

MASKED_ID_MESSAGE = "身份证号已隐去，无法匹配：请保留会员编号列或填写完整号码"
MASKED_PHONE_MESSAGE = "手机号已隐去，无法登记新会员：请填写完整号码或留空"
RETIRED_NEW_MESSAGE = "退休人员应办理保留会籍，不能登记为在职会员"
RETIRED_ACTIVE_MESSAGE = "在职会员退休时应办理保留会籍（会籍变动 → 保留会籍），不能只改在岗状态"
MIGRANT_MESSAGE = "农民工的用工性质应为合同或劳务派遣"
ID_LABEL = "members.Person.id_number"
PHONE_LABEL = "members.Person.phone"
BATCH = 5000
SQLITE_CACHE_KIB = 64 * 1024
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


@dataclass
class RowOutcome:
    row: int
    name: str
    action: str  # create | update | unchanged | skip
    member_no: str = ""
    changes: list[Change] = field(default_factory=list)


@dataclass(slots=True)
class KnownPerson:
    """A person already in the union, as the plan needs them; private values stay encrypted until needed."""

    pk: int
    member_no: str
    id_hash: str
    id_cipher: str
    phone_cipher: str
    values: dict[str, Any]  # ROW_FIELDS except id_number and phone; department and group as names
    open_status: str | None

    def decrypted(self, key: str) -> str:
        cipher = self.id_cipher if key == "id_number" else self.phone_cipher
        label = ID_LABEL if key == "id_number" else PHONE_LABEL
        return get_keyring().decrypt(cipher, label=label) if cipher else ""


@dataclass
class PlannedCreate:
    row: int
    values: dict[str, Any]  # ROW_FIELDS plus id_number_hash and member_no ("" until numbered)
    joined_on: dt.date


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


# ---- reading what the union already has ------------------------------------------------------------


_KNOWN_FIELDS = (
    "pk", "member_no", "id_number_hash", "name", "id_type", "gender", "birth_date", "ethnicity",
    "political_status", "education", "department_id", "post", "employment_form", "work_status",
    "is_migrant_worker", "group_id", "notes",
)  # fmt: skip


def _known_people(union: Union) -> list[KnownPerson]:
    """The union's people in three queries; ID numbers and phones are fetched as ciphertext, not decrypted."""
    departments = dict(Department.objects.filter(union=union).values_list("pk", "name"))
    groups = dict(UnionGroup.objects.filter(union=union).values_list("pk", "name"))
    open_spans = dict(
        Membership.objects.filter(union=union, ended_on__isnull=True).values_list("person_id", "status")
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, id_number, phone FROM members_person WHERE union_id = %s", [union.pk])
        ciphers = {
            pk: (id_cipher or "", phone_cipher or "") for pk, id_cipher, phone_cipher in cursor.fetchall()
        }
    people = []
    for row in Person.objects.filter(union=union).order_by().values_list(*_KNOWN_FIELDS):
        values = dict(zip(_KNOWN_FIELDS[3:], row[3:], strict=True))
        values["department"] = departments.get(values.pop("department_id"))
        values["group"] = groups.get(values.pop("group_id"))
        id_cipher, phone_cipher = ciphers[row[0]]
        people.append(
            KnownPerson(row[0], row[1], row[2], id_cipher, phone_cipher, values, open_spans.get(row[0]))
        )
    return people


def _active_elsewhere(union: Union, hashes: Sequence[str]) -> set[str]:
    """Which of these ID hashes have an open active membership in another union; nothing else of it is read.

    One query for the whole file: the hashes go in as one array (PostgreSQL) or one JSON text (SQLite),
    not as 100,000 bound parameters.
    """
    param: Any
    if connection.vendor == "postgresql":
        condition, param = "p.id_number_hash = ANY(%s::text[])", list(hashes)
    else:
        condition, param = "p.id_number_hash IN (SELECT value FROM json_each(%s))", json.dumps(list(hashes))
    sql = (
        "SELECT DISTINCT p.id_number_hash FROM members_person p "
        "JOIN members_membership m ON m.person_id = p.id "
        f"WHERE {condition} AND m.status = %s AND m.ended_on IS NULL AND m.union_id <> %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [param, MembershipStatus.ACTIVE.value, union.pk])
        return {row[0] for row in cursor.fetchall()}


class IdHasher:
    """services.id_number_hash with the HMAC key schedule done once: the same digest, a third of the time."""

    def __init__(self, keyring: Keyring) -> None:
        # Keyring.keyed_hash is HMAC-SHA256 over "purpose:value"; the prefix is hashed once and copied.
        self._prefix = hmac.new(keyring.hash_key, b"id_number:", hashlib.sha256)

    def __call__(self, id_number: str) -> str:
        digest = self._prefix.copy()
        digest.update(id_number.strip().upper().encode())
        return digest.hexdigest()


# ---- model validators, once per distinct value -------------------------------------------------------

_VALIDATED = ("name", "ethnicity", "political_status", "education", "post", "employment_form", "work_status")


class _FieldRules:
    """Person's model field validators (max_length, choices, blank), run once per distinct value.

    A value that passes a plain CharField's own checks (length, no NUL, not blank unless allowed) is let
    through without the call; anything else goes to the field's clean(), which gives the message.
    """

    _PLAIN = (MaxLengthValidator, ProhibitNullCharactersValidator)

    def __init__(self) -> None:
        self.cache: dict[tuple[str, Any], list[str]] = {}
        self.plain: dict[str, tuple[int, bool]] = {}
        for attname in _VALIDATED:
            model_field = cast(models.Field, Person._meta.get_field(attname))
            if not model_field.choices and all(isinstance(v, self._PLAIN) for v in model_field.validators):
                self.plain[attname] = (model_field.max_length or 0, model_field.blank)

    def errors(self, attname: str, value: Any) -> list[str]:
        key = (attname, value)
        found = self.cache.get(key)
        if found is not None:
            return found
        plain = self.plain.get(attname)
        if plain is not None and value.__class__ is str and len(value) <= plain[0] and "\x00" not in value:
            if value or plain[1]:
                self.cache[key] = found = []
                return found
        model_field = cast(models.Field, Person._meta.get_field(attname))
        try:
            model_field.clean(value, None)
            found = []
        except ValidationError as exc:
            found = [f"{model_field.verbose_name}：{message}" for message in exc.messages]
        self.cache[key] = found
        return found


def _choice_label(attname: str, value: Any) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    if attname in ("department", "group"):
        return str(value)
    choices = dict(cast(models.Field, Person._meta.get_field(attname)).choices or [])
    return str(choices.get(value, value))


# ---- planning ------------------------------------------------------------------------------------------


def _masked(cell: str | None) -> bool:
    """A cell exported masked (1101**********002X, 138****8000): it stands for the stored value."""
    return bool(cell) and "*" in str(cell)


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class RosterPlanner:
    """Decides every row of a parsed roster against the union's data; `plan()` returns a RosterPlan."""

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
        self.rules = _FieldRules()
        self.hasher = IdHasher(get_keyring())

    def plan(self) -> RosterPlan:
        known = _known_people(self.union)
        self.by_hash = {person.id_hash: person for person in known}
        self.by_no = {person.member_no: person for person in known}
        self.existing = {
            "department": set(Department.objects.filter(union=self.union).values_list("name", flat=True)),
            "group": set(UnionGroup.objects.filter(union=self.union).values_list("name", flat=True)),
        }
        self.announced: set[tuple[str, str]] = set()  # new (department|group, name) already warned about
        self.matched: dict[int, int] = {}  # person pk → the row that matched them
        self.file_member_nos: dict[str, int] = {}

        rows = self.parsed.rows
        hashes = [self._row_hash(row) for row in rows]
        fresh = sorted({h for h in hashes if h and h not in self.by_hash})
        self.elsewhere = _active_elsewhere(self.union, fresh) if fresh else set()

        plan = RosterPlan(taken_member_nos=set(self.by_no))
        for index, (row, hash_value) in enumerate(zip(rows, hashes, strict=True)):
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
                plan.outcomes.append(
                    RowOutcome(row.number, name, "skip", str(row.values.get("member_no") or ""))
                )
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
            if self.progress is not None and (index + 1) % BATCH == 0:
                self.progress(index + 1, len(rows), f"正在校验 {index + 1}/{len(rows)} 行")
        for key, names in (("department", plan.new_departments), ("group", plan.new_groups)):
            seen: set[str] = set()
            for values in [c.values for c in plan.creates] + [u.after for u in plan.updates]:
                value = values.get(key)
                if value and value not in self.existing[key] and value not in seen:
                    seen.add(value)
                    names.append(value)
        plan.absent = sum(1 for person in known if person.open_status and person.pk not in self.matched)
        return plan

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

    def _row_hash(self, row: SourceRow) -> str:
        number = row.values.get("id_number")
        if not number or (row.issues and self._has_error(row.issues, "id_number")):
            return ""
        return self.hasher(number)

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
        for attname in _VALIDATED:
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
        return _choice_label(key, value)


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


# ---- writing -------------------------------------------------------------------------------------------


class _NameKeys:
    """core.names' stroke_key, pinyin_key and pinyin_initials (cut to 20, as the services store it) of a name.

    The pinyin of each surname and each given name is computed once: a 100,000-row roster has some 80,000
    different names but fewer than 20,000 different parts, and pypinyin costs about 12 µs a call. The steps
    are core.names._syllables' own; test_import_reference checks that the keys agree for awkward names.
    """

    def __init__(self) -> None:
        self.parts: dict[str, list[str]] = {}
        self.names: dict[str, tuple[str, str, str]] = {}

    def _part(self, text: str) -> list[str]:
        found = self.parts.get(text)
        if found is None:
            found = self.parts[text] = _pinyin_of_part(text)
        return found

    def __call__(self, name: str) -> tuple[str, str, str]:
        keys = self.names.get(name)
        if keys is None:
            family, given = split_surname(name.strip())
            reading = SURNAME_READINGS.get(family)
            syllables = [*(reading if reading is not None else self._part(family)), *self._part(given)]
            keys = (
                stroke_key(name),
                " ".join(syllables)[:PINYIN_KEY_MAX_LENGTH],
                "".join(syllable[0] for syllable in syllables)[:20],
            )
            self.names[name] = keys
        return keys


class _Sealer:
    """Keyring.encrypt's format (g1:<version>:<base64(nonce ‖ ciphertext+tag)>) with one AESGCM object."""

    def __init__(self, keyring: Keyring) -> None:
        version = keyring.active_version
        self._aead = AESGCM(keyring.keys[version])
        self._prefix = f"{PREFIX}:{version}:"

    def seal(self, plaintext: str, label: bytes) -> str:
        if not plaintext:
            return ""
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, plaintext.encode("utf-8"), label)
        return self._prefix + base64.b64encode(nonce + sealed).decode("ascii")


# Column order of the inserts; _check_columns makes sure they are every concrete field of the model.
PERSON_COLUMNS = (
    "id", "created_at", "updated_at", "union_id", "name", "gender", "birth_date", "ethnicity",
    "political_status", "education", "id_type", "id_number", "id_number_hash", "phone", "department_id",
    "sub_union_id", "group_id", "post", "employment_form", "work_status", "is_migrant_worker",
    "is_new_employment_form", "work_started_on", "member_no", "notes", "name_stroke_key", "name_pinyin_key",
    "name_initials",
)  # fmt: skip
MEMBERSHIP_COLUMNS = (
    "id", "created_at", "updated_at", "union_id", "person_id", "status", "started_on", "start_kind",
    "approved_on", "card_no", "retained_reason", "held_by_id", "ended_on", "end_kind", "end_reason",
)  # fmt: skip
AUDIT_COLUMNS = (
    "union_id", "actor_id", "actor_label", "at", "event_type", "object_type", "object_id", "object_repr",
    "before", "after",
)  # fmt: skip


def _check_columns(model: Any, columns: Sequence[str], *, generated: Sequence[str] = ()) -> None:
    expected = {f.column for f in model._meta.concrete_fields} - set(generated)
    if expected != set(columns):
        missing = sorted(expected - set(columns))
        extra = sorted(set(columns) - expected)
        raise RuntimeError(f"bulk import columns of {model._meta.label} are out of date: {missing=} {extra=}")


def _snapshot_value(key: str, value: Any) -> Any:
    if key == "id_number":
        return mask_id_number(value)
    if key == "phone":
        return mask_phone(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def person_snapshot(values: dict[str, Any]) -> dict[str, Any]:
    """services._person_snapshot of a new person given by its values (department and group as names)."""
    data = {key: values[key] for key in PERSON_AUDIT_FIELDS}
    for key in ("birth_date", "work_started_on"):
        if data[key] is not None:
            data[key] = data[key].isoformat()
    data["id_number"] = mask_id_number(values["id_number"])
    data["phone"] = mask_phone(values["phone"])
    return data


def _membership_snapshot(joined_on: dt.date) -> dict[str, Any]:
    return {
        "status": MembershipStatus.ACTIVE.value,
        "started_on": joined_on.isoformat(),
        "start_kind": StartKind.NEW.value,
        "approved_on": joined_on.isoformat(),
        "card_no": "",
        "retained_reason": "",
        "held_by": None,
        "ended_on": None,
        "end_kind": "",
        "end_reason": "",
    }


def _chunks(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Writer:
    """Writes a plan in batches inside the caller's transaction; the audit rows go with the changes."""

    def __init__(self, *, union: Union, actor: Any, progress: Progress | None) -> None:
        _check_columns(Person, PERSON_COLUMNS)
        _check_columns(Membership, MEMBERSHIP_COLUMNS)
        _check_columns(AuditEvent, AUDIT_COLUMNS, generated=("id",))
        self.union = union
        self.actor = actor
        self.progress = progress
        self.vendor = connection.vendor
        if self.vendor not in ("sqlite", "postgresql"):
            raise RuntimeError(f"the bulk roster import supports SQLite and PostgreSQL, not {self.vendor}")
        user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
        self.actor_id = user.pk if user is not None else None
        self.actor_label = actor_label(actor)
        self.now = timezone.now()
        self.db_now: Any = (
            connection.ops.adapt_datetimefield_value(self.now) if self.vendor == "sqlite" else self.now
        )
        self.sealer = _Sealer(get_keyring())
        self._keys = _NameKeys()
        self._span_json: dict[dt.date, str | None] = {}

    def _date(self, value: dt.date | None) -> Any:
        if value is None or self.vendor != "sqlite":
            return value
        return value.isoformat()

    def _json(self, value: dict[str, Any] | None) -> str | None:
        # What JSONField stores: json.dumps with its defaults (the field has no encoder).
        return None if value is None else json.dumps(value)

    def _insert(self, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
        """Insert rows as they are produced: executemany on SQLite, COPY on PostgreSQL.

        On PostgreSQL a queued writer hands the data to a worker thread, so this thread goes on making the
        next rows (encryption, name keys, audit JSON) while the server is indexing the last ones.
        """
        quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                raw = cursor.cursor
                statement = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
                with raw.copy(statement, writer=QueuedLibpqWriter(raw)) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                # sqlite3 takes any iterable here and draws the rows one by one.
                cursor.executemany(
                    f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({marks})",
                    rows,  # type: ignore[arg-type]
                )

    def _reserve_ids(self, table: str, count: int) -> list[int]:
        """Primary keys for `count` new rows, so that memberships and audit rows can name them."""
        if count == 0:
            return []
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, count],
                )
                return [row[0] for row in cursor.fetchall()]
            # The write lock is ours (BEGIN IMMEDIATE); AUTOINCREMENT never reuses an id, so neither do we.
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
            highest = cursor.fetchone()[0]
            cursor.execute("SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = %s", [table])
            highest = max(highest, cursor.fetchone()[0])
        return list(range(highest + 1, highest + 1 + count))

    def _structure(self, plan: RosterPlan) -> tuple[dict[str, int], dict[str, int]]:
        for name in plan.new_departments:
            department_create(actor=self.actor, union=self.union, name=name)
        for name in plan.new_groups:
            group_create(actor=self.actor, union=self.union, name=name)
        departments = {
            name: pk for pk, name in Department.objects.filter(union=self.union).values_list("pk", "name")
        }
        groups = {
            name: pk for pk, name in UnionGroup.objects.filter(union=self.union).values_list("pk", "name")
        }
        return departments, groups

    def _number(self, plan: RosterPlan) -> None:
        """Member numbers for new people without one, UNION_CODE + 5 digits, with one UPDATE of member_seq."""
        unnumbered = [create for create in plan.creates if not create.values["member_no"]]
        if not unnumbered:
            return
        taken = plan.taken_member_nos | {create.values["member_no"] for create in plan.creates}
        seq = Union.objects.select_for_update().values_list("member_seq", flat=True).get(pk=self.union.pk)
        prefix = self.union.code.upper()
        for create in unnumbered:
            seq += 1
            while f"{prefix}{seq:05d}" in taken:
                seq += 1
            create.values["member_no"] = f"{prefix}{seq:05d}"
        Union.objects.filter(pk=self.union.pk).update(member_seq=seq)
        self.union.member_seq = seq
        numbers = {create.row: create.values["member_no"] for create in unnumbered}
        for outcome in plan.outcomes:
            if outcome.row in numbers:
                outcome.member_no = numbers[outcome.row]

    def write(self, plan: RosterPlan) -> None:
        with self._page_cache():
            self._write(plan)

    @contextmanager
    def _page_cache(self) -> Iterator[None]:
        """On SQLite, a page cache that holds the indexes being filled (Person has ten), for this write only.

        The default 2 MB cache makes every insert into the ID-hash and name-key indexes a page reload;
        with the indexes in memory a 100,000-person insert takes less than half the time.
        """
        if self.vendor != "sqlite":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            previous = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(previous)}")

    def _write(self, plan: RosterPlan) -> None:
        departments, groups = self._structure(plan)
        self._number(plan)
        total = len(plan.creates) + len(plan.updates)
        done = 0
        for batch in _chunks(plan.creates):
            self._create(batch, departments, groups)
            done += len(batch)
            if self.progress is not None:
                self.progress(done, total, f"正在写入 {done}/{total} 人")
        for batch in _chunks(plan.updates):
            self._update(batch, departments, groups)
            done += len(batch)
            if self.progress is not None:
                self.progress(done, total, f"正在写入 {done}/{total} 人")

    def _audit(
        self, event_type: str, label: str, object_id: int, text: str, before: str | None, after: str | None
    ) -> tuple[Any, ...]:
        """An audit row as audit_record writes it, in AUDIT_COLUMNS order; before and after as JSON text."""
        return (
            self.union.pk, self.actor_id, self.actor_label, self.db_now, event_type, label, str(object_id),
            text[:200], before, after,
        )  # fmt: skip

    def _create(
        self, batch: Sequence[PlannedCreate], departments: dict[str, int], groups: dict[str, int]
    ) -> None:
        person_ids = self._reserve_ids(Person._meta.db_table, len(batch))
        span_ids = self._reserve_ids(Membership._meta.db_table, len(batch))
        self._insert(
            Person._meta.db_table, PERSON_COLUMNS, self._people(batch, person_ids, departments, groups)
        )
        self._insert(Membership._meta.db_table, MEMBERSHIP_COLUMNS, self._spans(batch, person_ids, span_ids))
        self._insert(
            AuditEvent._meta.db_table, AUDIT_COLUMNS, self._create_audits(batch, person_ids, span_ids)
        )

    def _people(
        self,
        batch: Sequence[PlannedCreate],
        ids: list[int],
        departments: dict[str, int],
        groups: dict[str, int],
    ) -> Iterator[tuple[Any, ...]]:
        union_id, now, seal = self.union.pk, self.db_now, self.sealer.seal
        id_label, phone_label = ID_LABEL.encode(), PHONE_LABEL.encode()
        for person_id, create in zip(ids, batch, strict=True):
            v = create.values
            name = v["name"]
            department_id = departments[v["department"]] if v["department"] else None
            group_id = groups[v["group"]] if v["group"] else None
            yield (
                person_id, now, now, union_id, name, v["gender"], self._date(v["birth_date"]), v["ethnicity"],
                v["political_status"], v["education"], v["id_type"], seal(v["id_number"], id_label),
                v["id_number_hash"], seal(v["phone"], phone_label), department_id, None, group_id, v["post"],
                v["employment_form"], v["work_status"], bool(v["is_migrant_worker"]), False, None,
                v["member_no"], v["notes"], *self._keys(name),
            )  # fmt: skip

    def _spans(
        self, batch: Sequence[PlannedCreate], person_ids: list[int], span_ids: list[int]
    ) -> Iterator[tuple[Any, ...]]:
        union_id, now = self.union.pk, self.db_now
        for person_id, span_id, create in zip(person_ids, span_ids, batch, strict=True):
            joined = self._date(create.joined_on)
            yield (span_id, now, now, union_id, person_id, "active", joined, "new", joined, "", "", None, None, "", "")  # fmt: skip

    def _create_audits(
        self, batch: Sequence[PlannedCreate], person_ids: list[int], span_ids: list[int]
    ) -> Iterator[tuple[Any, ...]]:
        created, membership = AuditEventType.CREATE.value, AuditEventType.MEMBERSHIP.value
        for person_id, span_id, create in zip(person_ids, span_ids, batch, strict=True):
            name = create.values["name"]
            yield self._audit(
                created, "members.Person", person_id, name, None, self._json(person_snapshot(create.values))
            )
            span_json = self._span_json.get(create.joined_on)
            if span_json is None:
                span_json = self._span_json[create.joined_on] = self._json(
                    _membership_snapshot(create.joined_on)
                )
            span_text = f"{name} {MembershipStatus.ACTIVE.label} {create.joined_on:%Y-%m-%d}—至今"
            yield self._audit(membership, "members.Membership", span_id, span_text, None, span_json)

    def _assignments(
        self, update: PlannedUpdate, departments: dict[str, int], groups: dict[str, int]
    ) -> tuple[tuple[str, ...], list[Any]]:
        """The columns an update sets and their values (ciphertext, hash and name keys included)."""
        columns: list[str] = []
        params: list[Any] = []
        for key, value in update.after.items():
            if key == "name":
                columns += ["name", "name_stroke_key", "name_pinyin_key", "name_initials"]
                params += [value, *self._keys(value)]
            elif key in ("id_number", "phone"):
                columns.append(key)
                params.append(
                    self.sealer.seal(value, (ID_LABEL if key == "id_number" else PHONE_LABEL).encode())
                )
            elif key in ("department", "group"):
                columns.append(f"{key}_id")
                params.append((departments if key == "department" else groups)[value] if value else None)
            else:
                columns.append(key)
                params.append(self._date(value) if key == "birth_date" else value)
        return (*columns, "updated_at"), [*params, self.db_now, update.person.pk]

    def _update(
        self, batch: Sequence[PlannedUpdate], departments: dict[str, int], groups: dict[str, int]
    ) -> None:
        by_columns: dict[tuple[str, ...], list[list[Any]]] = {}
        audits = []
        for update in batch:
            columns, params = self._assignments(update, departments, groups)
            by_columns.setdefault(columns, []).append(params)
            before = {key: _snapshot_value(key, value) for key, value in update.before.items()}
            after = {key: _snapshot_value(key, update.after[key]) for key in update.before}
            changed = sorted(key for key in before if before[key] != after[key])
            if changed:  # as person_update: a change invisible in the masked snapshot writes no audit row
                name = update.after.get("name", update.person.values["name"])
                audits.append(
                    self._audit(
                        AuditEventType.UPDATE.value,
                        "members.Person",
                        update.person.pk,
                        name,
                        self._json({key: before[key] for key in changed}),
                        self._json({key: after[key] for key in changed}),
                    )
                )
        with connection.cursor() as cursor:
            for names, rows in by_columns.items():
                assignments = ", ".join(f"{connection.ops.quote_name(name)} = %s" for name in names)
                cursor.executemany(f"UPDATE members_person SET {assignments} WHERE id = %s", rows)
        self._insert(AuditEvent._meta.db_table, AUDIT_COLUMNS, audits)


def write_plan(plan: RosterPlan, *, union: Union, actor: Any, progress: Progress | None = None) -> None:
    """Write a plan's new departments and groups, people, memberships and audit rows; call inside atomic()."""
    _Writer(union=union, actor=actor, progress=progress).write(plan)
