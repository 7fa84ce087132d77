"""Writing a roster plan: new departments and groups, people, memberships and audit rows, in one go.

`write_plan` inserts and updates inside the caller's transaction — `COPY … FROM STDIN` on PostgreSQL,
multi-row INSERTs run by a second thread on SQLite — outside the ORM, with exactly what `person_register`
and `person_update` store (test_import_reference compares every field, span and update event). The people an
import creates are audited by one event for the file (`trail.py`). Why and how fast: docs/adr/0007.
"""

from __future__ import annotations

import datetime as dt
import json
import queue
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from itertools import chain, islice
from operator import itemgetter
from typing import Any

from django.db import connection
from django.utils import timezone
from psycopg.copy import QueuedLibpqWriter

from gonghui.core.audit import actor_label
from gonghui.core.crypto import get_keyring
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.core.models import AuditEvent, AuditEventType
from gonghui.members.models import Membership, Person
from gonghui.members.roster.derived import ID_LABEL, PHONE_LABEL, NameKeys, Sealer
from gonghui.members.roster.plan import BATCH, PlannedCreate, PlannedUpdate, RosterPlan
from gonghui.members.roster.trail import RosterSource, record_import
from gonghui.orgs.models import Department, Union, UnionGroup
from gonghui.orgs.services import department_create, group_create

SQLITE_CACHE_KIB = 64 * 1024
SWITCH_INTERVAL = 0.0002  # seconds; Python's default is 0.005
Progress = Callable[[int, int, str], None]
# What a new person's row sets (PlannedCreate.values' keys that the insert and the snapshot read).
CREATE_FIELDS = (
    "name", "gender", "birth_date", "ethnicity", "political_status", "education", "id_type", "id_number",
    "id_number_hash", "phone", "department", "group", "post", "employment_form", "work_status",
    "is_migrant_worker", "member_no", "notes",
)  # fmt: skip
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
# A new person's row on SQLite, staged (_Writer._create_staged): what differs from person to person, the
# number of their profile (the values of PROFILE_COLUMNS, which many people share) and their joining day.
STAGE, PROFILES = "roster_import_people", "roster_import_profiles"
PROFILE_COLUMNS = (
    "gender", "ethnicity", "political_status", "education", "id_type", "department_id", "group_id", "post",
    "employment_form", "work_status", "is_migrant_worker", "notes",
)  # fmt: skip
STAGED_COLUMNS = (
    "id", "name", "birth_date", "id_number", "id_number_hash", "phone", "member_no", "name_stroke_key",
    "name_pinyin_key", "name_initials", "profile", "joined_on",
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


def _chunks(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _BackgroundInserts:
    """Statements on SQLite run by a second thread, while this one makes the next rows.

    Rows are bound into temporary tables without indexes or constraints (`stage`: multi-row INSERTs of
    as many rows as SQLite takes parameters for), and moved into their tables by `INSERT … SELECT`
    statements (`run`), which SQLite executes in C with the GIL released: the tables' indexes and
    constraints are filled and checked there, while this thread encrypts and keys the next batch. (The
    same rows bound straight into an indexed table take half as long again: SQLite then interleaves
    binding with seven index inserts a row.) The thread uses the same connection, inside the same
    transaction; nothing else may use the connection until `finish()`, except under `lock` (progress
    reports that write a job's row). `finish()` drops the temporary tables and raises the thread's error.
    """

    MAX_ROWS = 1000

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.lock = threading.Lock()
        self.queue: queue.Queue[tuple[str, Sequence[Any]] | None] = queue.Queue(maxsize=8)
        self.error: BaseException | None = None
        self.statements: dict[tuple[str, int], str] = {}
        self.temporary: list[str] = []
        self.limit = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        self.thread = threading.Thread(target=self._run, name="roster-import-inserts", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        cursor = self.raw.cursor()
        try:
            while (item := self.queue.get()) is not None:
                if self.error is None:
                    try:
                        with self.lock:
                            cursor.execute(*item)
                    except BaseException as exc:  # handed to the other thread by finish()
                        self.error = exc
        finally:
            cursor.close()

    def run(self, sql: str, params: Sequence[Any] = ()) -> None:
        if self.error is not None:
            self.finish()
        self.queue.put((sql, params))

    def temporary_table(self, name: str, columns: Sequence[str]) -> None:
        self.temporary.append(name)
        self.run(f'CREATE TEMP TABLE "{name}" ({", ".join(columns)})')

    def stage(self, name: str, width: int, rows: Iterable[tuple[Any, ...]]) -> None:
        """Bind rows into the temporary table `name` (of `width` columns)."""
        per_statement = max(1, min(self.MAX_ROWS, self.limit // width))
        rows = iter(rows)
        while chunk := list(islice(rows, per_statement)):
            key = (name, len(chunk))
            sql = self.statements.get(key)
            if sql is None:
                one = "(" + ", ".join(["?"] * width) + ")"
                sql = self.statements[key] = f'INSERT INTO temp."{name}" VALUES ' + ", ".join(
                    [one] * len(chunk)
                )
            self.run(sql, list(chain.from_iterable(chunk)))

    def finish(self) -> None:
        if self.thread.is_alive():
            for name in self.temporary:
                self.queue.put((f'DROP TABLE temp."{name}"', ()))
            self.queue.put(None)
            self.thread.join()
        if self.error is not None:
            with connection.wrap_database_errors:  # as Django's own cursor would raise it
                raise self.error


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
        self._date_texts: dict[dt.date, str] = {}
        self._inserts: _BackgroundInserts | None = None
        self._encode = json.JSONEncoder(ensure_ascii=False).encode

    def _date(self, value: dt.date | None) -> Any:
        if value is None or self.vendor != "sqlite":
            return value
        return value.isoformat()

    def _json(self, value: dict[str, Any] | None) -> str | None:
        # What JSONField stores, read back: json.dumps of the same dict (Chinese kept as it is, not escaped).
        return None if value is None else self._encode(value)

    def _insert(self, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> None:
        """Insert rows: COPY on PostgreSQL, executemany on SQLite (new people on SQLite: `_create_staged`).

        On PostgreSQL a queued writer hands the data to a worker thread, so this thread goes on making the
        next rows (encryption, name keys) while the server is indexing the last ones.
        """
        quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                raw = cursor.cursor
                statement = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
                with raw.copy(statement, writer=QueuedLibpqWriter(raw)) as copy:
                    for row in rows:
                        copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) VALUES ({marks})",
                    list(rows),
                )

    def _reserve_ids(self, table: str, count: int) -> list[int]:
        """Primary keys for `count` new rows, so that memberships and audit rows can name them."""
        if count == 0:
            return []
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                # Drawn one by one (other sessions may draw meanwhile), read back as one array.
                cursor.execute(
                    "SELECT array_agg(v ORDER BY v) FROM (SELECT nextval(pg_get_serial_sequence(%s, 'id')) AS v "
                    "FROM generate_series(1, %s)) AS drawn",
                    [table, count],
                )
                drawn: list[int] = cursor.fetchone()[0]
                return drawn
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
        unnumbered = [create for create in plan.creates if not create.get("member_no")]
        if not unnumbered:
            return
        taken = plan.taken_member_nos | {create.get("member_no") for create in plan.creates}
        seq = Union.objects.select_for_update().values_list("member_seq", flat=True).get(pk=self.union.pk)
        prefix = self.union.code.upper()
        for create in unnumbered:
            seq += 1
            while f"{prefix}{seq:05d}" in taken:
                seq += 1
            create.set("member_no", f"{prefix}{seq:05d}")
        Union.objects.filter(pk=self.union.pk).update(member_seq=seq)
        self.union.member_seq = seq
        numbers = {create.row: create.get("member_no") for create in unnumbered}
        for outcome in plan.outcomes:
            if outcome.row in numbers:
                outcome.member_no = numbers[outcome.row]

    def write(self, plan: RosterPlan, source: RosterSource) -> None:
        with self._page_cache():
            created = self._write(plan)
        record_import(
            union_id=self.union.pk,
            actor=self.actor,
            source=source,
            created=created,
            updated=len(plan.updates),
            new_departments=plan.new_departments,
            new_groups=plan.new_groups,
        )

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

    def _write(self, plan: RosterPlan) -> list[int]:
        """People, spans and update events; the ids of the people created."""
        departments, groups = self._structure(plan)
        self._number(plan)
        total = len(plan.creates) + len(plan.updates)
        with self._background_inserts():
            created = self._create(plan.creates, total, departments, groups)
        done = len(plan.creates)
        for updates in _chunks(plan.updates):
            self._update(updates, departments, groups)
            done += len(updates)
            self._progress(done, total)
        return created

    def _progress(self, done: int, total: int) -> None:
        if self.progress is None:
            return
        if self._inserts is None:
            self.progress(done, total, f"正在写入 {done}/{total} 人")
            return
        # The callback may write to the database (a job's progress): not while the other thread does.
        with self._inserts.lock:
            self.progress(done, total, f"正在写入 {done}/{total} 人")

    @contextmanager
    def _background_inserts(self) -> Iterator[None]:
        if self.vendor != "sqlite":
            yield
            return
        connection.ensure_connection()
        self._inserts = _BackgroundInserts(connection.connection)
        interval = sys.getswitchinterval()
        # The inserting thread needs the GIL for a moment between statements; by default it would wait
        # up to 5 ms for this thread to hand it over, hundreds of times.
        sys.setswitchinterval(SWITCH_INTERVAL)
        inserts = self._inserts
        try:
            yield
        except BaseException:
            if inserts.thread.is_alive():  # already failing: stop the thread, keep this error
                inserts.queue.put(None)
                inserts.thread.join()
            raise
        else:
            inserts.finish()
        finally:
            self._inserts = None
            sys.setswitchinterval(interval)

    def _audit(
        self, event_type: str, label: str, object_id: int, text: str, before: str | None, after: str | None
    ) -> tuple[Any, ...]:
        """An audit row as audit_record writes it, in AUDIT_COLUMNS order; before and after as JSON text."""
        return (
            self.union.pk, self.actor_id, self.actor_label, self.db_now, event_type, label, str(object_id),
            text[:200], before, after,
        )  # fmt: skip

    def _create(
        self, creates: list[PlannedCreate], total: int, departments: dict[str, int], groups: dict[str, int]
    ) -> list[int]:
        """New people, then their spans; the people's ids. Their audit is the import's event (trail.py).

        On PostgreSQL the people go in as one COPY per batch (the progress callback, which may query the
        database, runs between two), their spans, made on the way, as one COPY after them. On SQLite
        see `_create_staged`.
        """
        person_ids = self._reserve_ids(Person._meta.db_table, len(creates))
        if self._inserts is not None:
            self._create_staged(self._inserts, creates, person_ids, total, departments, groups)
            return person_ids
        spans: list[tuple[Any, ...]] = []

        def people(start: int, stop: int) -> Iterator[tuple[Any, ...]]:
            for first in range(start, stop, BATCH):
                batch, ids = creates[first : first + BATCH], person_ids[first : first + BATCH]
                yield from self._people(self._columns(batch), ids, departments, groups)
                spans.extend(self._spans(batch, ids))

        for start in range(0, len(creates), BATCH):
            stop = min(start + BATCH, len(creates))
            self._insert(Person._meta.db_table, PERSON_COLUMNS, people(start, stop))
            self._progress(stop, total)
        self._insert(Membership._meta.db_table, MEMBERSHIP_COLUMNS[1:], spans)
        return person_ids

    def _create_staged(
        self,
        inserts: _BackgroundInserts,
        creates: list[PlannedCreate],
        person_ids: list[int],
        total: int,
        departments: dict[str, int],
        groups: dict[str, int],
    ) -> None:
        """New people and their spans on SQLite: a batch at a time staged, then moved in by the other thread.

        A staged row holds what differs from person to person (STAGED_COLUMNS) and the number of its
        *profile*, the combination of values that many people share (PROFILE_COLUMNS: gender, ethnicity,
        department, …), kept once in a second temporary table: a third of the values to bind. One
        `INSERT … SELECT` joins the two into members_person in the staged order (CROSS JOIN and rowid: the
        stage scanned as it was filled, in id order, no sort), with the columns every new person has alike
        (times, union, the empty ones) as parameters; a second makes each person's open span from the
        same staged rows (their id and joining day); then the stage is emptied for the next batch.
        """
        quote = connection.ops.quote_name
        inserts.temporary_table(STAGE, STAGED_COLUMNS)
        inserts.temporary_table(PROFILES, ("profile INTEGER PRIMARY KEY", *PROFILE_COLUMNS))
        constant = {
            "created_at": "%s", "updated_at": "%s", "union_id": "%s", "sub_union_id": "NULL",
            "is_new_employment_form": "0", "work_started_on": "NULL",
        }  # fmt: skip
        selected = [
            constant.get(column) or (f"p.{column}" if column in PROFILE_COLUMNS else f"s.{column}")
            for column in PERSON_COLUMNS
        ]
        move_people = (
            f"INSERT INTO {quote(Person._meta.db_table)} ({', '.join(map(quote, PERSON_COLUMNS))}) "
            f"SELECT {', '.join(selected)} FROM temp.{STAGE} AS s CROSS JOIN temp.{PROFILES} AS p USING (profile) "
            "ORDER BY s.rowid"
        ).replace("%s", "?")
        open_spans = (
            f"INSERT INTO {quote(Membership._meta.db_table)} ({', '.join(map(quote, MEMBERSHIP_COLUMNS[1:]))}) "
            "SELECT ?, ?, ?, s.id, 'active', s.joined_on, 'new', s.joined_on, '', '', NULL, NULL, '', '' "
            f"FROM temp.{STAGE} AS s ORDER BY s.rowid"
        )
        now, union_id = self.db_now, self.union.pk
        profiles: dict[tuple[Any, ...], int] = {}
        for first in range(0, len(creates), BATCH):
            batch, ids = creates[first : first + BATCH], person_ids[first : first + BATCH]
            known = len(profiles)
            rows = list(self._staged_people(self._columns(batch), batch, ids, departments, groups, profiles))
            if len(profiles) > known:
                fresh = [(number, *values) for values, number in profiles.items() if number >= known]
                inserts.stage(PROFILES, 1 + len(PROFILE_COLUMNS), fresh)
            inserts.stage(STAGE, len(STAGED_COLUMNS), rows)
            inserts.run(move_people, (now, now, union_id))
            inserts.run(open_spans, (now, now, union_id))
            inserts.run(f"DELETE FROM temp.{STAGE}")  # without WHERE: SQLite empties the table at once
            self._progress(first + len(batch), total)  # safe here: the progress callback waits for the thread

    def _staged_people(
        self,
        columns: dict[str, list[Any]],
        batch: Sequence[PlannedCreate],
        ids: list[int],
        departments: dict[str, int],
        groups: dict[str, int],
        profiles: dict[tuple[Any, ...], int],
    ) -> Iterator[tuple[Any, ...]]:
        """A batch's rows in STAGED_COLUMNS order; new combinations of PROFILE_COLUMNS numbered in `profiles`."""
        seal, keys, date = self.sealer.seal_many, self._keys, self._sqlite_date
        id_label, phone_label = ID_LABEL.encode(), PHONE_LABEL.encode()
        c = columns
        shared = zip(
            c["gender"], c["ethnicity"], c["political_status"], c["education"], c["id_type"],
            [departments[name] if name else None for name in c["department"]],
            [groups[name] if name else None for name in c["group"]], c["post"], c["employment_form"],
            c["work_status"], map(bool, c["is_migrant_worker"]), c["notes"], strict=True,
        )  # fmt: skip
        rows = zip(
            ids, c["name"], c["birth_date"], seal(c["id_number"], id_label), c["id_number_hash"],
            seal(c["phone"], phone_label), c["member_no"], batch, shared, strict=True,
        )  # fmt: skip
        for person_id, name, birth, id_cipher, id_hash, phone_cipher, member_no, create, profile in rows:
            number = profiles.get(profile)
            if number is None:
                number = profiles[profile] = len(profiles)
            yield (
                person_id, name, date(birth), id_cipher, id_hash, phone_cipher, member_no, *keys(name), number,
                date(create.joined_on),
            )  # fmt: skip

    def _sqlite_date(self, value: dt.date | None) -> str | None:
        """A date as SQLite stores it, each distinct date formatted once (a roster has a few thousand)."""
        if value is None:
            return None
        text = self._date_texts.get(value)
        if text is None:
            text = self._date_texts[value] = value.isoformat()
        return text

    def _columns(self, batch: Sequence[PlannedCreate]) -> dict[str, list[Any]]:
        """The batch's values a column per field; plain rows' straight from the plan's columns."""
        count = len(batch)
        sources = [create.source for create in batch]
        table = sources[0][0] if sources and sources[0] is not None else None
        if table is None or any(source is None or source[0] is not table for source in sources):
            return {key: [create.values[key] for create in batch] for key in CREATE_FIELDS}
        rows = [source[1] for source in sources if source is not None]
        pick = itemgetter(*rows) if count > 1 else (lambda column: (column[rows[0]],))
        columns: dict[str, list[Any]] = {}
        for key in CREATE_FIELDS:
            column = table.by_key.get(key)
            columns[key] = [table.template[key]] * count if column is None else list(pick(column))
        return columns

    def _people(
        self,
        columns: dict[str, list[Any]],
        ids: list[int],
        departments: dict[str, int],
        groups: dict[str, int],
    ) -> Iterator[tuple[Any, ...]]:
        union_id, now, seal = self.union.pk, self.db_now, self.sealer.seal_many
        id_label, phone_label = ID_LABEL.encode(), PHONE_LABEL.encode()
        c = columns
        rows = zip(
            ids, c["name"], c["gender"], map(self._date, c["birth_date"]), c["ethnicity"], c["political_status"],
            c["education"], c["id_type"], seal(c["id_number"], id_label),
            c["id_number_hash"], seal(c["phone"], phone_label),
            [departments[name] if name else None for name in c["department"]],
            [groups[name] if name else None for name in c["group"]], c["post"], c["employment_form"],
            c["work_status"], map(bool, c["is_migrant_worker"]), c["member_no"], c["notes"],
            map(self._keys, c["name"]), strict=True,
        )  # fmt: skip
        for (
            person_id, name, gender, birth, ethnicity, political, education, id_type, id_cipher, id_hash,
            phone_cipher, department_id, group_id, post, form, work, migrant, member_no, notes, keys,
        ) in rows:  # fmt: skip
            yield (
                person_id, now, now, union_id, name, gender, birth, ethnicity, political, education, id_type,
                id_cipher, id_hash, phone_cipher, department_id, None, group_id, post, form, work, migrant,
                False, None, member_no, notes, *keys,
            )  # fmt: skip

    def _spans(self, batch: Sequence[PlannedCreate], person_ids: list[int]) -> Iterator[tuple[Any, ...]]:
        """Each new person's open span, in MEMBERSHIP_COLUMNS order without the id (the database numbers it)."""
        union_id, now = self.union.pk, self.db_now
        for person_id, create in zip(person_ids, batch, strict=True):
            joined = self._date(create.joined_on)
            yield (now, now, union_id, person_id, "active", joined, "new", joined, "", "", None, None, "", "")  # fmt: skip

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


@contextmanager
def checkpoint_afterwards() -> Iterator[None]:
    """Around an import's transaction on SQLite in WAL mode: no checkpoint at its commit, one right after.

    With the default `wal_autocheckpoint` the commit of a large import copies the whole WAL back into the
    database file before returning (a quarter of a second for 100,000 people). The commit is already
    complete, as durable as any commit under `synchronous=NORMAL`, once its frames are in the WAL; so
    here the automatic checkpoint is off for the commit and a thread with its own connection runs a
    passive one afterwards. Should that thread not get to it (the process ends first), the next commit's
    automatic checkpoint copies the frames instead; readers see the same data either way.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
        cursor.execute("PRAGMA wal_autocheckpoint")
        previous = int(cursor.fetchone()[0])
    if mode != "wal":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint = 0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA wal_autocheckpoint = {previous}")
        name = str(connection.settings_dict["NAME"])
        threading.Thread(
            target=_checkpoint, args=(name,), name="roster-import-checkpoint", daemon=True
        ).start()


def _checkpoint(database: str) -> None:
    try:
        with closing(sqlite3.connect(database, timeout=30)) as other:
            other.execute("PRAGMA wal_checkpoint(PASSIVE)")
    except sqlite3.Error:  # only sooner than SQLite's own checkpoint at the next commit: nothing is lost
        pass


def write_plan(
    plan: RosterPlan, *, union: Union, actor: Any, source: RosterSource, progress: Progress | None = None
) -> None:
    """Write a plan's new departments and groups, people, memberships and audit; call inside atomic()."""
    _Writer(union=union, actor=actor, progress=progress).write(plan, source)
