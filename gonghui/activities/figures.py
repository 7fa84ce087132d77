"""Activity, training and honour figures for the registry.

Each costs a fixed number of queries whatever the number of activities or attendees. The attendance, the
activities, the sessions, the honours and the results are each read once per computation, for the period
and its 同比 period together (`FigureQuery.shared_across`), and each period keeps its own rows; the active
members are the membership figures' own (`members.figures.active_spans`). Every person and person-time
count is derived from the attendance rows, through `activities.counting`.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter, itemgetter
from typing import TypeVar

from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from gonghui.activities.counting import (
    AttendanceRow,
    attendance_rows,
    day_range,
    distinct_attendees,
    in_period,
    study_hours,
)
from gonghui.activities.models import (
    LEVEL_RANK,
    Activity,
    ActivityCategory,
    Attendance,
    AttendeeKind,
    Honour,
    Level,
    Result,
    Session,
)
from gonghui.activities.wording import cn_date, cn_number, hours_text
from gonghui.members.figures import active_spans
from gonghui.reports.numbers import rate
from gonghui.reports.registry import Figure, FigureQuery, FigureValue, RecordRef

PERSON = "members.Person"
ACTIVITY = "activities.Activity"
SESSION = "activities.Session"
ATTENDANCE = "activities.Attendance"
HONOUR = "activities.Honour"
RESULT = "activities.Result"

IN_PERIOD = "期初至期末（期间尚未结束的，截至今天）"
BY_SESSION_DAY = "按场次举行的日期计"
ONCE = "同一人参加多场只计一次，含下级工会时同一人按证件号码只计一次"
MEMBERS_ONLY = "只计参加时为本工会会员（在职或保留会籍，退休人员除外）的出席记录"
ALL_ATTENDEES = "含会员、退休人员、家属和来宾；未登记在册的按所在工会、身份和姓名计"
CATEGORY_ORDER = {value: index for index, value in enumerate(ActivityCategory.values)}
R = TypeVar("R")


def _union_prefix(query: FigureQuery, union_name: str) -> str:
    return f"{union_name} " if query.is_subtree else ""


# ---- shared reads -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ActivityRow:
    pk: int
    title: str
    edition: int | None
    edition_unit: str
    starts_on: dt.date
    kind: str
    category: str
    is_training: bool
    union_name: str

    @property
    def display_title(self) -> str:
        label = f"第{cn_number(self.edition)}{self.edition_unit}" if self.edition else ""
        return self.title if not label or label in self.title else f"{self.title}（{label}）"


def _in_period(query: FigureQuery, rows: list[R], day: Callable[[R], dt.date]) -> list[R]:
    """Those of `rows` (read for every day of `reach`, in date order) dated in the query's own period."""
    if query.reach == (query.start, query.as_of):
        return rows
    return rows[bisect_left(rows, query.start, key=day) : bisect_right(rows, query.as_of, key=day)]


def _activities(query: FigureQuery) -> list[_ActivityRow]:
    """The activities that started in the period, in date order: one query for both periods, shared."""

    def load(first: dt.date, last: dt.date) -> list[_ActivityRow]:
        rows = (
            Activity.objects.filter(union_id__in=query.unions, starts_on__gte=first, starts_on__lte=last)
            .order_by("starts_on", "pk")
            .values_list(
                "pk",
                "title",
                "edition",
                "edition_unit",
                "starts_on",
                "kind__name",
                "kind__category",
                "is_training",
                "union__name",
            )
        )
        return [_ActivityRow(*row) for row in rows]

    rows = query.shared_across("activities.activities", load)
    return query.shared("activities.activities", lambda: _in_period(query, rows, attrgetter("starts_on")))


def _attendance(query: FigureQuery) -> list[AttendanceRow]:
    """Attendance at the sessions held in the period, in date order: one query for both periods, shared."""

    def load(first: dt.date, last: dt.date) -> list[AttendanceRow]:
        return attendance_rows(Attendance.objects.filter(in_period(first, last), union_id__in=query.unions))

    rows = query.shared_across("activities.attendance", load)
    return query.shared("activities.attendance", lambda: _in_period(query, rows, attrgetter("day")))


def _attendance_refs(query: FigureQuery) -> list[RecordRef]:
    """The record of each row of `_attendance` (same order), made once for the two 人次 figures."""

    def load() -> list[RecordRef]:
        suffixes: dict[int, str] = {}  # one text per session: " 2025年3月8日 三八节健步走"
        refs = []
        for row in _attendance(query):
            suffix = suffixes.get(row.session_id)
            if suffix is None:
                suffix = suffixes[row.session_id] = f" {cn_date(row.day)} {row.activity_title}"
            refs.append(RecordRef(ATTENDANCE, row.attendance_id, row.name + suffix))
        return refs

    return query.shared("activities.attendance_refs", load)


def _activity_ref(query: FigureQuery, row: _ActivityRow, prefix: str = "") -> RecordRef:
    text = f"{prefix}{_union_prefix(query, row.union_name)}{cn_date(row.starts_on)} {row.display_title}"
    return RecordRef(ACTIVITY, row.pk, text)


def _person_ref(query: FigureQuery, row: AttendanceRow, suffix: str = "") -> RecordRef:
    if row.person_id is not None:
        return query.record(PERSON, row.person_id, f"{row.name}{suffix}")
    return query.record(ATTENDANCE, row.attendance_id, f"{row.name}（未登记在册）{suffix}")


# ---- activities -------------------------------------------------------------------------------------


def activities_count(query: FigureQuery) -> FigureValue:
    """开展活动: activities that started in the period."""
    records = [_activity_ref(query, row) for row in _activities(query)]
    return FigureValue(value=len(records), records=records)


def activities_by_kind(query: FigureQuery) -> FigureValue:
    """各类活动: the same total, its records grouped by category and kind."""
    rows = sorted(
        _activities(query), key=lambda r: (CATEGORY_ORDER.get(r.category, 99), r.kind, r.starts_on, r.pk)
    )
    records = [
        _activity_ref(query, row, prefix=f"【{ActivityCategory(row.category).label}·{row.kind}】")
        for row in rows
    ]
    return FigureValue(value=len(records), records=records)


def kind_breakdown(query: FigureQuery) -> list[tuple[str, str, int]]:
    """(category label, kind name, number of activities) for a document's sentence, from the shared rows."""
    counts: dict[tuple[str, str], int] = {}
    for row in _activities(query):
        counts[(row.category, row.kind)] = counts.get((row.category, row.kind), 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (CATEGORY_ORDER.get(item[0][0], 99), item[0][1]))
    return [(ActivityCategory(category).label, kind, n) for (category, kind), n in ordered]


def activities_trainings(query: FigureQuery) -> FigureValue:
    """学习培训: activities marked as study or training that started in the period."""
    records = [_activity_ref(query, row) for row in _activities(query) if row.is_training]
    return FigureValue(value=len(records), records=records)


def activities_sessions(query: FigureQuery) -> FigureValue:
    """活动场次: sessions held in the period."""

    def load(first: dt.date, last: dt.date) -> list[tuple[int, dt.date, str]]:
        since, until = day_range(first, last)
        rows = (
            Session.objects.filter(union_id__in=query.unions, starts_at__gte=since, starts_at__lt=until)
            .order_by("starts_at", "pk")
            .values_list("pk", "number", "title", "starts_at", "activity__title", "union__name")
        )
        sessions = []
        for pk, number, title, starts_at, activity_title, union_name in rows:
            day = timezone.localtime(starts_at).date()
            label = title or f"第{number}场"
            text = f"{_union_prefix(query, union_name)}{cn_date(day)} {activity_title} {label}"
            sessions.append((pk, day, text))
        return sessions

    rows = _in_period(query, query.shared_across("activities.sessions", load), itemgetter(1))
    records = [RecordRef(SESSION, pk, text) for pk, _, text in rows]
    return FigureValue(value=len(records), records=records)


def activities_persons(query: FigureQuery) -> FigureValue:
    """参加活动会员人数: distinct members who attended."""
    member = AttendeeKind.MEMBER.value
    rows = distinct_attendees(row for row in _attendance(query) if row.kind == member)
    return FigureValue(value=len(rows), records=[_person_ref(query, row) for row in rows])


def activities_person_times(query: FigureQuery) -> FigureValue:
    """参加活动会员人次: members' attendance rows."""
    member = AttendeeKind.MEMBER.value
    records = [
        ref
        for row, ref in zip(_attendance(query), _attendance_refs(query), strict=True)
        if row.kind == member
    ]
    return FigureValue(value=len(records), records=records)


def activities_persons_all(query: FigureQuery) -> FigureValue:
    """参加活动总人数: every distinct attendee, members, retirees, family and guests."""
    rows = distinct_attendees(_attendance(query))
    return FigureValue(value=len(rows), records=[_person_ref(query, row) for row in rows])


def activities_person_times_all(query: FigureQuery) -> FigureValue:
    """参加活动总人次: every attendance row."""
    records = list(_attendance_refs(query))
    return FigureValue(value=len(records), records=records)


def activities_participation_rate(query: FigureQuery) -> FigureValue:
    """会员参与率: active members on the counted end who attended at least once in the period ÷ active members."""
    took_part = {row.identity: row for row in _attendance(query) if row.person_id is not None}
    seen: set[str] = set()
    participants: list[AttendanceRow] = []
    denominator = 0
    for active in active_spans(query):
        if active.identity in seen:
            continue
        seen.add(active.identity)
        denominator += 1
        if active.identity in took_part:
            participants.append(took_part[active.identity])
    participants.sort(key=lambda row: (row.stroke, row.name, row.attendance_id))
    result = rate(len(participants), denominator)
    flags = [] if denominator else [f"{cn_date(query.as_of)}没有在职会员，无法计算参与率"]
    return FigureValue(
        value=result.value, records=[_person_ref(query, row) for row in participants], flags=flags
    )


def activities_study_hours(query: FigureQuery) -> FigureValue:
    """会员学习学时: study hours members earned at trainings held in the period."""
    found = study_hours(_attendance(query))
    total = sum((hours for _, hours in found.values()), Decimal("0.0"))
    people = sorted(found.values(), key=lambda item: (item[0].stroke, item[0].name))
    records = [_person_ref(query, row, f" {hours_text(hours)}学时") for row, hours in people]
    return FigureValue(value=total, records=records)


# ---- honours and results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _HonourRow:
    pk: int
    title: str
    level: str
    person_name: str | None
    unit_name: str
    awarded_on: dt.date
    union_name: str

    @property
    def awardee(self) -> str:
        return self.person_name or self.unit_name


def _honours(query: FigureQuery) -> list[_HonourRow]:
    """The honours awarded in the period, in date order: one query for both periods, shared."""

    def load(first: dt.date, last: dt.date) -> list[_HonourRow]:
        rows = (
            Honour.objects.filter(union_id__in=query.unions, awarded_on__gte=first, awarded_on__lte=last)
            .order_by("awarded_on", "pk")
            .values_list("pk", "title", "level", "person__name", "unit_name", "awarded_on", "union__name")
        )
        return [_HonourRow(*row) for row in rows]

    rows = query.shared_across("activities.honours", load)
    return query.shared("activities.honours", lambda: _in_period(query, rows, attrgetter("awarded_on")))


def _honour_ref(query: FigureQuery, row: _HonourRow, prefix: str = "") -> RecordRef:
    text = (
        f"{prefix}{_union_prefix(query, row.union_name)}{row.awardee} {Level(row.level).label}{row.title}"
        f"（{cn_date(row.awarded_on)}）"
    )
    return RecordRef(HONOUR, row.pk, text)


def honours_count(query: FigureQuery) -> FigureValue:
    """获得荣誉: honours awarded in the period, to persons and to units."""
    records = [_honour_ref(query, row) for row in _honours(query)]
    return FigureValue(value=len(records), records=records)


def honours_by_level(query: FigureQuery) -> FigureValue:
    """各级荣誉: the same total, its records grouped from the highest level down."""
    rows = sorted(_honours(query), key=lambda r: (-LEVEL_RANK[r.level], r.level, r.awarded_on, r.pk))
    records = [_honour_ref(query, row, prefix=f"【{Level(row.level).label}】") for row in rows]
    return FigureValue(value=len(records), records=records)


def level_breakdown(query: FigureQuery) -> list[tuple[str, int]]:
    """(level label, number of honours), highest level first, from the shared rows."""
    counts: dict[str, int] = {}
    for row in _honours(query):
        counts[row.level] = counts.get(row.level, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: -LEVEL_RANK[item[0]])
    return [(Level(level).label, n) for level, n in ordered]


def activities_higher_results(query: FigureQuery) -> FigureValue:
    """上级比赛获奖: places and prizes at 区/县 level or above, dated by the award (or the activity)."""

    def load(first: dt.date, last: dt.date) -> list[tuple[int, str, str, dt.date, str, str]]:
        return list(
            Result.objects.annotate(day=Coalesce(F("awarded_on"), F("activity__starts_on")))
            .filter(union_id__in=query.unions, day__gte=first, day__lte=last)
            .exclude(level=Level.UNIT)
            .order_by("day", "pk")
            .values_list("pk", "level", "title", "day", "activity__title", "union__name")
        )

    rows = _in_period(query, query.shared_across("activities.results", load), itemgetter(3))
    records = [
        RecordRef(
            RESULT,
            pk,
            f"{_union_prefix(query, union_name)}{activity_title} {Level(level).label}{title}（{cn_date(day)}）",
        )
        for pk, level, title, day, activity_title, union_name in rows
    ]
    return FigureValue(value=len(records), records=records)


FIGURES = [
    Figure(
        key="activities.count",
        name="开展活动",
        unit="次",
        definition=f"{IN_PERIOD}开始的活动个数，含工会主办、承办、协办和组队参加上级的活动；以活动开始日期计。",
        compute=activities_count,
        order=300,
    ),
    Figure(
        key="activities.by_kind",
        name="各类活动",
        unit="次",
        definition=f"{IN_PERIOD}开始的活动个数，按文体活动、学习/培训、劳动竞赛/技能比武、志愿/公益、节日活动和其他分类列出。",
        compute=activities_by_kind,
        order=305,
    ),
    Figure(
        key="activities.sessions",
        name="活动场次",
        unit="次",
        definition=f"{IN_PERIOD}举行的活动场次数；一项活动分几轮、几次课举行的，每轮、每次课各计一场。",
        compute=activities_sessions,
        order=310,
    ),
    Figure(
        key="activities.persons",
        name="参加活动会员人数",
        unit="人",
        definition=f"{IN_PERIOD}参加过活动的会员人数，{BY_SESSION_DAY}；{MEMBERS_ONLY}；{ONCE}。",
        compute=activities_persons,
        order=320,
    ),
    Figure(
        key="activities.person_times",
        name="参加活动会员人次",
        unit="人次",
        definition=f"{IN_PERIOD}各场次会员出席人数之和，{BY_SESSION_DAY}；{MEMBERS_ONLY}。",
        compute=activities_person_times,
        order=330,
    ),
    Figure(
        key="activities.persons_all",
        name="参加活动总人数",
        unit="人",
        definition=f"{IN_PERIOD}参加过活动的人数，{BY_SESSION_DAY}；{ALL_ATTENDEES}；{ONCE}。",
        compute=activities_persons_all,
        order=340,
    ),
    Figure(
        key="activities.person_times_all",
        name="参加活动总人次",
        unit="人次",
        definition=f"{IN_PERIOD}各场次出席人数之和，{BY_SESSION_DAY}；{ALL_ATTENDEES}。",
        compute=activities_person_times_all,
        order=350,
    ),
    Figure(
        key="activities.participation_rate",
        name="会员活动参与率",
        unit="%",
        definition=(
            "期末（期间尚未结束的，截至今天）的在职会员中，期间内至少参加过一场活动的人数，除以该日在职会员数，"
            "乘以100%；在职会员的口径与“在职会员数”相同；按四舍五入保留一位小数，两数不相等时不显示为100.0%。"
        ),
        compute=activities_participation_rate,
        order=360,
    ),
    Figure(
        key="activities.trainings",
        name="学习培训",
        unit="次",
        definition=f"{IN_PERIOD}开始的、标为学习/培训的活动个数（专题培训、学习会、读书会等）。",
        compute=activities_trainings,
        order=370,
    ),
    Figure(
        key="activities.study_hours",
        name="会员学习学时",
        unit="学时",
        definition=(
            f"{IN_PERIOD}会员出席学习/培训场次所得学时之和：每次出席按该场的学时计，该场未填的按活动的每场学时计；"
            f"{MEMBERS_ONLY}。明细列出每人的学时。"
        ),
        compute=activities_study_hours,
        order=380,
    ),
    Figure(
        key="activities.higher_results",
        name="上级比赛获奖",
        unit="项",
        definition=(
            f"{IN_PERIOD}在区（县）级及以上比赛、活动中获得的名次和奖项数，团体奖和个人奖各计一项；"
            "以获奖日期计，未填的以活动日期计。"
        ),
        compute=activities_higher_results,
        order=390,
    ),
    Figure(
        key="honours.count",
        name="获得荣誉",
        unit="项",
        definition=f"{IN_PERIOD}本工会会员个人和集体获得的荣誉称号数，以授予日期计。",
        compute=honours_count,
        order=400,
    ),
    Figure(
        key="honours.by_level",
        name="各级荣誉",
        unit="项",
        definition=f"{IN_PERIOD}获得的荣誉称号数，按全国、省级、市级、区县级和本单位由高到低列出。",
        compute=honours_by_level,
        order=410,
    ),
]
