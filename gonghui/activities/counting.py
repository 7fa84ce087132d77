"""Counting people at activities: the one definition of 人 and 人次 that the figures and the pages share.

人次 (person-times) is the number of attendance rows; 人 (persons) the number of distinct attendees.
A person is one identity across the unions counted — the keyed hash of the ID number, since a transfer
makes a second record. A guest without a record is one identity per union, kind and name.
"Members only" counts the rows whose attendee was a member on the day of the session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from typing import NamedTuple

from django.db.models import Case, DecimalField, F, Q, QuerySet, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from gonghui.activities.models import Attendance, AttendeeKind
from gonghui.members.models import Membership, MembershipStatus
from gonghui.members.selectors import spans_covering
from gonghui.reports.numbers import Rate, rate

ZERO_HOURS = Decimal("0.0")


class AttendanceRow(NamedTuple):
    """One attendance with what every count needs, made by `attendance_rows` only. A tuple, and its
    identity worked out once: a year of a large union makes tens of thousands of them per computation."""

    attendance_id: int
    session_id: int
    activity_id: int
    union_id: int
    person_id: int | None
    name: str
    id_hash: str
    stroke: str
    kind: str
    hours: Decimal | None  # study hours this row earns (training activities only), else None
    activity_title: str
    day: dt.date
    identity: str  # see attendee_identity

    @property
    def is_member(self) -> bool:
        return self.kind == MEMBER


MEMBER = AttendeeKind.MEMBER.value


def attendee_identity(person_id: int | None, id_hash: str, union_id: int, kind: str, name: str) -> str:
    """Who an attendance row counts as: a person by the ID hash (the same across the unions counted),
    a guest without a record by union, kind and name."""
    if person_id is not None:
        return id_hash or f"#{person_id}"
    return f"guest:{union_id}:{kind}:{name}"


def hours_expression() -> Case:
    """The study hours one attendance earns: the session's own, else the activity's per-session hours,
    and only when the activity is a training."""
    return Case(
        When(
            session__activity__is_training=True,
            then=Coalesce(F("session__hours"), F("session__activity__training_hours")),
        ),
        default=None,
        output_field=DecimalField(max_digits=4, decimal_places=1),
    )


def day_range(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The moments from the first instant of local day `start` to the first instant after local day `end`:
    `since <= moment < until` is `start <= local date of moment <= end`, and can use an index."""
    since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    until = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    return since, until


def in_period(start: dt.date, end: dt.date) -> Q:
    """Attendance at sessions held from `start` to `end` (both included, local dates)."""
    since, until = day_range(start, end)
    return Q(session__starts_at__gte=since, session__starts_at__lt=until)


# Attendance rows in date order, then by session, then by name (stroke order).
SORT_KEY = attrgetter("day", "session_id", "stroke", "attendance_id")


def attendance_rows(attendances: QuerySet[Attendance]) -> list[AttendanceRow]:
    """The rows behind every count, in one query (no whole models, no encrypted columns)."""
    values = (
        attendances.order_by()
        .annotate(earned=hours_expression())
        .values_list(
            "pk",
            "session_id",
            "session__activity_id",
            "union_id",
            "person_id",
            "person__name",
            "guest_name",
            "person__id_number_hash",
            "person__name_stroke_key",
            "attendee_kind",
            "earned",
            "session__activity__title",
            "session__starts_at",
        )
    )
    rows: list[AttendanceRow] = []
    append = rows.append
    zone = timezone.get_current_timezone()
    days: dict[int, dt.date] = {}  # each session's local day, worked out once
    for (
        pk,
        session_id,
        activity_id,
        union_id,
        person_id,
        name,
        guest,
        id_hash,
        stroke,
        kind,
        hours,
        title,
        at,
    ) in values:
        day = days.get(session_id)
        if day is None:
            day = days[session_id] = at.astimezone(zone).date()
        if person_id is None:
            name = guest
        id_hash = id_hash or ""
        identity = attendee_identity(person_id, id_hash, union_id, kind, name)
        append(
            AttendanceRow(
                pk,
                session_id,
                activity_id,
                union_id,
                person_id,
                name,
                id_hash,
                stroke or "",
                kind,
                hours,
                title,
                day,
                identity,
            )
        )
    rows.sort(key=SORT_KEY)
    return rows


def distinct_attendees(rows: Iterable[AttendanceRow]) -> list[AttendanceRow]:
    """Each identity once (its first row), in stroke order."""
    first: dict[str, AttendanceRow] = {}
    for row in rows:
        first.setdefault(row.identity, row)
    return sorted(
        first.values(), key=lambda row: (row.person_id is None, row.stroke, row.name, row.attendance_id)
    )


@dataclass(frozen=True)
class Totals:
    """人 and 人次, members only and all attendees, with the split of all attendees by kind."""

    persons: int
    person_times: int
    persons_all: int
    person_times_all: int
    persons_by_kind: dict[str, int]


def totals(rows: Sequence[AttendanceRow]) -> Totals:
    members = [row for row in rows if row.is_member]
    everyone = distinct_attendees(rows)
    by_kind: dict[str, int] = {}
    for row in everyone:
        by_kind[row.kind] = by_kind.get(row.kind, 0) + 1
    return Totals(
        persons=len(distinct_attendees(members)),
        person_times=len(members),
        persons_all=len(everyone),
        person_times_all=len(rows),
        persons_by_kind=by_kind,
    )


def study_hours(rows: Iterable[AttendanceRow]) -> dict[str, tuple[AttendanceRow, Decimal]]:
    """identity → (a row naming the person, total study hours), for members' attendance at trainings."""
    found: dict[str, tuple[AttendanceRow, Decimal]] = {}
    for row in rows:
        if row.hours is None or not row.is_member:
            continue
        first, total = found.get(row.identity, (row, ZERO_HOURS))
        found[row.identity] = (first, total + row.hours)
    return found


# ---- participation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActiveRow:
    person_id: int
    id_hash: str
    group: str
    department: str

    @property
    def identity(self) -> str:
        return self.id_hash or f"#{self.person_id}"


def active_rows(union_ids: Sequence[int], as_of: dt.date) -> list[ActiveRow]:
    """Active members on `as_of` (the members figures' definition: an active span covering the day),
    with their current group and department, in one query."""
    values = (
        Membership.objects.filter(
            spans_covering(as_of), union_id__in=union_ids, status=MembershipStatus.ACTIVE
        )
        .order_by()
        .values_list("person_id", "person__id_number_hash", "person__group__name", "person__department__name")
    )
    return [ActiveRow(pid, id_hash or "", group or "", dept or "") for pid, id_hash, group, dept in values]


@dataclass(frozen=True)
class ParticipationRow:
    """One group (or department): its active members, how many of them took part, and the rate."""

    label: str
    members: int
    participants: int

    @property
    def rate(self) -> Rate:
        return rate(self.participants, self.members)


def participation(
    actives: Sequence[ActiveRow], rows: Iterable[AttendanceRow], *, by: str
) -> list[ParticipationRow]:
    """Participation per group or department: active members on the day counting stops who attended
    at least one session in the period, ÷ active members; lowest rate first."""
    if by not in ("group", "department"):
        raise ValueError("by must be group or department")
    took_part = {row.identity for row in rows if row.person_id is not None}
    counts: dict[str, list[int]] = {}
    seen: set[str] = set()
    for active in actives:
        if active.identity in seen:
            continue
        seen.add(active.identity)
        label = (active.group if by == "group" else active.department) or (
            "未分小组" if by == "group" else "未填部门"
        )
        entry = counts.setdefault(label, [0, 0])
        entry[0] += 1
        entry[1] += active.identity in took_part
    result = [ParticipationRow(label, members, part) for label, (members, part) in counts.items()]
    return sorted(result, key=lambda r: (r.participants * 1000 // r.members if r.members else 0, r.label))
