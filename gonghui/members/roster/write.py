"""Writing a roster plan: new departments and groups, people, memberships and audit rows, in one go.

`write_plan` inserts and updates in batches inside the caller's transaction — `executemany` on SQLite,
`COPY … FROM STDIN` on PostgreSQL — outside the ORM, with exactly what `person_register` and
`person_update` store (test_import_reference compares every field, span and audit row). Why: docs/adr/0007.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.utils import timezone
from psycopg.copy import QueuedLibpqWriter

from gonghui.core.audit import actor_label
from gonghui.core.crypto import get_keyring
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.core.models import AuditEvent, AuditEventType
from gonghui.members.models import Membership, MembershipStatus, Person, StartKind
from gonghui.members.roster.derived import ID_LABEL, PHONE_LABEL, NameKeys, Sealer
from gonghui.members.roster.plan import BATCH, PlannedCreate, PlannedUpdate, RosterPlan
from gonghui.members.services import PERSON_AUDIT_FIELDS
from gonghui.orgs.models import Department, Union, UnionGroup
from gonghui.orgs.services import department_create, group_create

SQLITE_CACHE_KIB = 64 * 1024
# The key of a new person's audit event under which the snapshot of their first membership span is kept.
MEMBERSHIP_KEY = "membership"
Progress = Callable[[int, int, str], None]

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


def membership_snapshot(joined_on: dt.date) -> dict[str, Any]:
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
        self.sealer = Sealer(get_keyring())
        self._keys = NameKeys()
        self._span_json: dict[dt.date, str] = {}
        self._encode = json.JSONEncoder(ensure_ascii=False).encode

    def _date(self, value: dt.date | None) -> Any:
        if value is None or self.vendor != "sqlite":
            return value
        return value.isoformat()

    def _json(self, value: dict[str, Any] | None) -> str | None:
        # What JSONField stores, read back: json.dumps of the same dict (Chinese kept as it is, not escaped).
        return None if value is None else self._encode(value)

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
        self._insert(
            Person._meta.db_table, PERSON_COLUMNS, self._people(batch, person_ids, departments, groups)
        )
        self._insert(Membership._meta.db_table, MEMBERSHIP_COLUMNS[1:], self._spans(batch, person_ids))
        self._insert(AuditEvent._meta.db_table, AUDIT_COLUMNS, self._create_audits(batch, person_ids))

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

    def _spans(self, batch: Sequence[PlannedCreate], person_ids: list[int]) -> Iterator[tuple[Any, ...]]:
        """Each new person's open span, in MEMBERSHIP_COLUMNS order without the id (the database numbers it)."""
        union_id, now = self.union.pk, self.db_now
        for person_id, create in zip(person_ids, batch, strict=True):
            joined = self._date(create.joined_on)
            yield (now, now, union_id, person_id, "active", joined, "new", joined, "", "", None, None, "", "")  # fmt: skip

    def _create_audits(
        self, batch: Sequence[PlannedCreate], person_ids: list[int]
    ) -> Iterator[tuple[Any, ...]]:
        """One audit row per new person: `create` with the person's snapshot and, under "membership", the
        snapshot of the span that opened with them (ADR 0007: the two changes of one row, one event)."""
        created, span_json = AuditEventType.CREATE.value, self._span_json
        encode = self._encode
        for person_id, create in zip(person_ids, batch, strict=True):
            joined = span_json.get(create.joined_on)
            if joined is None:
                joined = span_json[create.joined_on] = encode(membership_snapshot(create.joined_on))
            person = encode(person_snapshot(create.values))
            after = f'{person[:-1]}, "{MEMBERSHIP_KEY}": {joined}}}'
            yield self._audit(created, "members.Person", person_id, create.values["name"], None, after)

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
