"""Membership figures for the registry: members, 入会率, joins and departures, groups.

Each figure costs a fixed number of queries (one, or two for a rate) whatever the number of members: it
reads ids and names with `values_list`, never whole models, and never the encrypted columns. Computed
together, the figures of a period and of its 同比 period share one read of the spans in force over both
(with the person fields) and derive every count from it; the rates share the headcounts of their period.
Across a subtree a person is counted once, by the keyed hash of the ID number (a transfer makes a second
row).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import NamedTuple

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from gonghui.members.models import (
    STAFF_EMPLOYMENT_FORMS,
    EndKind,
    Gender,
    Membership,
    MembershipStatus,
    StartKind,
)
from gonghui.orgs.models import StaffHeadcount, Union, UnionGroup
from gonghui.reports.numbers import rate
from gonghui.reports.periods import cn_date
from gonghui.reports.registry import Figure, FigureQuery, FigureValue, RecordRef

PERSON = "members.Person"
HEADCOUNT = "orgs.StaffHeadcount"
GROUP = "orgs.UnionGroup"

PERIOD_END = "期末（期间尚未结束的，截至今天）"
IN_PERIOD = "期初至期末（期间尚未结束的，截至今天）"
ONCE = "含下级工会时，同一人按证件号码只计一次"
BOTH_SIDES = "在统计范围内的两个工会之间接转的，转出、转入两边各计一次"
STAFF = "用工性质为在编、合同或劳务派遣（退休人员已转为保留会籍，不在其中）"
LEFT_OUT = "未登记职工人数或登记的人数少于会员数的工会不计入分子和分母，并逐一提示"
ROUNDING = "按四舍五入保留一位小数，两数不相等时不显示为100.0%"
CHARTER = "《中国工会章程》第六条至第八条"


class SpanRow(NamedTuple):
    """A span of membership with the person fields the figures use (never the encrypted columns)."""

    pk: int
    union_id: int
    held_by_id: int | None
    status: str
    started_on: dt.date
    start_kind: str
    ended_on: dt.date | None
    end_kind: str
    person_id: int
    name: str
    id_hash: str
    stroke: str
    gender: str
    employment_form: str
    migrant: bool

    @property
    def identity(self) -> str:
        """The person across the unions counted: the ID hash (a transfer makes a second record)."""
        return self.id_hash or f"#{self.person_id}"

    def covers(self, day: dt.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on > day)


def _spans(query: FigureQuery) -> list[SpanRow]:
    """Every span of the scope (or held by a union in it) that is in force on some day of `reach`, with the
    person fields: one query for the period and its 同比 period, from which every membership figure of both
    is derived. A span counted on any day from `start` to `as_of` is in force on some day of it."""

    def load(first: dt.date, last: dt.date) -> list[SpanRow]:
        rows = (
            Membership.objects.filter(Q(union_id__in=query.unions) | Q(held_by_id__in=query.unions))
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first), started_on__lte=last)
            .order_by()
            .values_list(
                "pk",
                "union_id",
                "held_by_id",
                "status",
                "started_on",
                "start_kind",
                "ended_on",
                "end_kind",
                "person_id",
                "person__name",
                "person__id_number_hash",
                "person__name_stroke_key",
                "person__gender",
                "person__employment_form",
                "person__is_migrant_worker",
            )
        )
        return sorted(map(SpanRow._make, rows))  # in the order the spans were entered

    return query.shared_across("members.spans", load)


@dataclass
class _PeriodSpans:
    """The spans of one query's period, sorted out in one pass for the figures that count them."""

    active: list[SpanRow] = field(default_factory=list)  # active in the scope on `as_of`
    retained: list[SpanRow] = field(default_factory=list)  # retained on `as_of`, in or held by the scope
    started: dict[str, list[SpanRow]] = field(default_factory=dict)  # by start kind, from start to as_of
    ended: dict[str, list[SpanRow]] = field(default_factory=dict)  # by end kind, from start to as_of


def _period_spans(query: FigureQuery) -> _PeriodSpans:
    def load() -> _PeriodSpans:
        found = _PeriodSpans()
        unions = set(query.unions)
        start, as_of = query.start, query.as_of
        for span in _spans(query):
            in_scope = span.union_id in unions
            if span.covers(as_of):
                if span.status == MembershipStatus.ACTIVE:
                    if in_scope:
                        found.active.append(span)
                elif in_scope or span.held_by_id in unions:
                    found.retained.append(span)
            if not in_scope:
                continue
            if start <= span.started_on <= as_of:
                found.started.setdefault(span.start_kind, []).append(span)
            if span.ended_on is not None and start <= span.ended_on <= as_of:
                found.ended.setdefault(span.end_kind, []).append(span)
        return found

    return query.shared("members.period_spans", load)


def active_spans(query: FigureQuery) -> list[SpanRow]:
    """The active members' spans in the scope on `as_of` (在职会员: a person transferred inside the scope
    may have two; count by `identity`). Read with every membership figure, once per computation: other
    apps' figures over the active members (会员参与率) use these rows."""
    return _period_spans(query).active


def _dedupe(query: FigureQuery, rows: Iterable[SpanRow]) -> list[RecordRef]:
    """Spans → each person once (by ID hash: a transfer inside a subtree makes a second row), in stroke
    order."""
    seen: set[str] = set()
    kept: list[tuple[str, int, str]] = []
    for row in rows:
        identity = row.identity
        if identity not in seen:
            seen.add(identity)
            kept.append((row.stroke, row.person_id, row.name))
    kept.sort()
    return [query.record(PERSON, pk, name) for _, pk, name in kept]


def _count(query: FigureQuery, rows: Iterable[SpanRow]) -> FigureValue:
    records = _dedupe(query, rows)
    return FigureValue(value=len(records), records=records)


def _started(start_kind: str) -> Callable[[FigureQuery], FigureValue]:
    def compute(query: FigureQuery) -> FigureValue:
        return _count(query, _period_spans(query).started.get(start_kind, []))

    return compute


def _ended(end_kind: str) -> Callable[[FigureQuery], FigureValue]:
    def compute(query: FigureQuery) -> FigureValue:
        return _count(query, _period_spans(query).ended.get(end_kind, []))

    return compute


def members_active(query: FigureQuery) -> FigureValue:
    """在职会员数: persons with an active span on the counted end."""
    return _count(query, active_spans(query))


def members_retained(query: FigureQuery) -> FigureValue:
    """保留会籍会员: retained spans on the counted end, in the scope or held by a union in it."""
    return _count(query, _period_spans(query).retained)


def members_women(query: FigureQuery) -> FigureValue:
    """女会员: active members who are women."""
    return _count(query, (row for row in active_spans(query) if row.gender == Gender.FEMALE))


def members_migrant(query: FigureQuery) -> FigureValue:
    """农民工会员: active members marked as migrant workers."""
    return _count(query, (row for row in active_spans(query) if row.migrant))


def union_groups(query: FigureQuery) -> FigureValue:
    """工会小组: groups of the unions in scope set up on or before the counted end (entry date if unknown)."""

    def load(first: dt.date, last: dt.date) -> list[tuple[int, str, str, dt.date]]:
        rows = (
            UnionGroup.objects.filter(union_id__in=query.unions)
            .filter(Q(established_on__lte=last) | Q(established_on__isnull=True, created_at__date__lte=last))
            .order_by("union__path", "sort_order", "name")
            .values_list("pk", "name", "union__name", "established_on", "created_at")
        )
        return [
            (pk, name, union_name, established_on or timezone.localtime(created_at).date())
            for pk, name, union_name, established_on, created_at in rows
        ]

    records = [
        RecordRef(GROUP, pk, f"{union_name}{name}" if query.is_subtree else name)
        for pk, name, union_name, since in query.shared_across("members.groups", load)
        if since <= query.as_of
    ]
    return FigureValue(value=len(records), records=records)


@dataclass(frozen=True)
class _Headcount:
    union_id: int
    union_name: str
    pk: int | None
    as_of: dt.date | None
    total: int
    women: int


def _headcounts(query: FigureQuery) -> list[_Headcount]:
    """Each union in scope with its last headcount on or before the counted end, in one query shared by
    the two rates."""
    return query.shared("members.headcounts", lambda: _read_headcounts(query))


def _read_headcounts(query: FigureQuery) -> list[_Headcount]:
    latest = StaffHeadcount.objects.filter(union_id=OuterRef("pk"), as_of__lte=query.as_of).order_by("-as_of")
    rows = (
        Union.objects.filter(pk__in=query.unions)
        .order_by("path")
        .annotate(
            hc_id=Subquery(latest.values("pk")[:1]),
            hc_as_of=Subquery(latest.values("as_of")[:1]),
            hc_total=Subquery(latest.values("total")[:1]),
            hc_women=Subquery(latest.values("women")[:1]),
        )
        .values_list("pk", "name", "hc_id", "hc_as_of", "hc_total", "hc_women")
    )
    return [
        _Headcount(
            union_id=pk, union_name=name, pk=hc_id, as_of=hc_as_of, total=hc_total or 0, women=hc_women or 0
        )
        for pk, name, hc_id, hc_as_of, hc_total, hc_women in rows
    ]


def _staff_rate(query: FigureQuery, *, women: bool) -> FigureValue:
    """入会率 or 女职工入会率 as a ratio of sums over the unions whose headcount can be used."""
    what, members_word, rate_name = (
        ("女职工", "女会员", "女职工入会率") if women else ("职工", "在职会员", "入会率")
    )
    # No filter on Person.work_status: it is today's value, and would drop from last year's rate a member
    # who retired since. Retirement closes the active span (保留会籍), so no retiree has one on `as_of`.
    by_stroke = query.shared(
        "members.active_by_stroke", lambda: sorted(active_spans(query), key=attrgetter("stroke", "person_id"))
    )
    rows = [
        row
        for row in by_stroke
        if row.employment_form in STAFF_EMPLOYMENT_FORMS and (not women or row.gender == Gender.FEMALE)
    ]
    people_by_union: dict[int, list[RecordRef]] = {}
    seen: set[str] = set()
    for row in rows:
        identity = row.id_hash or f"#{row.person_id}"
        if identity not in seen:
            seen.add(identity)
            people_by_union.setdefault(row.union_id, []).append(query.record(PERSON, row.person_id, row.name))

    numerator = denominator = 0
    people: list[RecordRef] = []
    counts: list[RecordRef] = []
    flags: list[str] = []
    left_out = f"，该工会暂未计入{rate_name}" if query.is_subtree else ""
    for headcount in _headcounts(query):
        members = people_by_union.get(headcount.union_id, [])
        staff = headcount.women if women else headcount.total
        if headcount.pk is None or headcount.as_of is None:
            if query.is_subtree and not members:
                continue  # a federation office with no members of its own leaves nothing out
            flags.append(
                f"{headcount.union_name}尚未登记职工人数（{cn_date(query.as_of)}及以前），"
                + (f"该工会暂未计入{rate_name}" if query.is_subtree else f"无法计算{rate_name}")
            )
            continue
        if len(members) > staff:
            flags.append(
                f"{headcount.union_name}{what}人数（截至{cn_date(headcount.as_of)}为{staff}人）"
                f"少于{members_word}数{len(members)}人，请更新职工人数{left_out}"
            )
            continue
        numerator += len(members)
        denominator += staff
        people.extend(members)
        counts.append(
            RecordRef(
                HEADCOUNT, headcount.pk, f"{headcount.union_name}{cn_date(headcount.as_of)}{what}{staff}人"
            )
        )
    if counts and denominator == 0:
        flags.append(f"登记的{what}人数为0，无法计算{rate_name}")
    result = rate(numerator, denominator)
    return FigureValue(value=result.value, records=people + counts, flags=flags)


def members_rate(query: FigureQuery) -> FigureValue:
    """入会率: active staff members ÷ the summed last headcounts, in percent."""
    return _staff_rate(query, women=False)


def members_women_rate(query: FigureQuery) -> FigureValue:
    """女职工入会率: active women staff members ÷ the summed last headcounts of women."""
    return _staff_rate(query, women=True)


FIGURES = [
    Figure(
        key="members.active",
        name="在职会员数",
        unit="人",
        definition=f"{PERIOD_END}会籍状态为在职会员的人数，不含保留会籍会员；{ONCE}。",
        compute=members_active,
        order=100,
    ),
    Figure(
        key="members.rate",
        name="入会率",
        unit="%",
        definition=(
            f"{PERIOD_END}在职会员中{STAFF}的人数，除以各工会在该日及以前最后一次登记的职工总数之和"
            f"（含劳务派遣，不含退休、返聘、外包和实习人员），乘以100%；{ROUNDING}；{LEFT_OUT}。"
        ),
        source="入会率 = 会员人数 ÷ 职工人数 × 100%（全国总工会统计口径）",
        compute=members_rate,
        order=110,
    ),
    Figure(
        key="members.new",
        name="新发展会员",
        unit="人",
        definition=f"{IN_PERIOD}新发展入会的人数，以入会日期计，不含转入和恢复会籍；{ONCE}。",
        source="《中国工会章程》第二条",
        compute=_started(StartKind.NEW),
        order=120,
    ),
    Figure(
        key="members.transfer_in",
        name="转入会员",
        unit="人",
        definition=f"{IN_PERIOD}从其他工会接转入会籍的人数；{BOTH_SIDES}。",
        source="《中国工会章程》第五条",
        compute=_started(StartKind.TRANSFER_IN),
        order=130,
    ),
    Figure(
        key="members.transfer_out",
        name="转出会员",
        unit="人",
        definition=f"{IN_PERIOD}会籍接转到其他工会的人数；{BOTH_SIDES}。",
        source="《中国工会章程》第五条",
        compute=_ended(EndKind.TRANSFER_OUT),
        order=140,
    ),
    Figure(
        key="members.restored",
        name="恢复会籍",
        unit="人",
        definition=f"{IN_PERIOD}恢复会籍的人数，含保留会籍后恢复为在职会员和退会后重新恢复会籍的；{ONCE}。",
        compute=_started(StartKind.RESTORED),
        order=150,
    ),
    Figure(
        key="members.ended_withdrew",
        name="本人退会",
        unit="人",
        definition=f"{IN_PERIOD}本人申请退会的人数；{ONCE}。",
        source=CHARTER,
        compute=_ended(EndKind.WITHDREW),
        order=160,
    ),
    Figure(
        key="members.ended_lapsed",
        name="视为自动退会",
        unit="人",
        definition=f"{IN_PERIOD}按章程视为自动退会的人数；{ONCE}。",
        source=CHARTER,
        compute=_ended(EndKind.LAPSED),
        order=170,
    ),
    Figure(
        key="members.ended_expelled",
        name="开除会籍",
        unit="人",
        definition=f"{IN_PERIOD}被开除会籍的人数；{ONCE}。",
        source=CHARTER,
        compute=_ended(EndKind.EXPELLED),
        order=180,
    ),
    Figure(
        key="members.ended_died",
        name="去世会员",
        unit="人",
        definition=f"{IN_PERIOD}因去世终止会籍的人数；{ONCE}。",
        compute=_ended(EndKind.DIED),
        order=190,
    ),
    Figure(
        key="members.retained",
        name="保留会籍会员",
        unit="人",
        definition=(
            f"{PERIOD_END}会籍状态为保留会籍（退休、失业、单位关闭或破产）的人数，"
            f"含会籍保留在本工会的原下级单位会员；{ONCE}。"
        ),
        source=CHARTER,
        compute=members_retained,
        order=200,
    ),
    Figure(
        key="members.women",
        name="女会员",
        unit="人",
        definition=f"{PERIOD_END}在职会员中的女性人数；{ONCE}。",
        compute=members_women,
        order=210,
    ),
    Figure(
        key="members.women_rate",
        name="女职工入会率",
        unit="%",
        definition=(
            f"{PERIOD_END}女性在职会员中{STAFF}的人数，除以各工会在该日及以前最后一次登记的女职工人数之和，"
            f"乘以100%；{ROUNDING}；{LEFT_OUT}。"
        ),
        source="入会率 = 会员人数 ÷ 职工人数 × 100%（全国总工会统计口径）",
        compute=members_women_rate,
        order=220,
    ),
    Figure(
        key="members.migrant",
        name="农民工会员",
        unit="人",
        definition=f"{PERIOD_END}在职会员中登记为农民工的人数；{ONCE}。",
        compute=members_migrant,
        order=230,
    ),
    Figure(
        key="members.groups",
        name="工会小组",
        unit="个",
        definition=f"{PERIOD_END}统计范围内各工会已建立的工会小组个数，以录入系统的日期计。",
        compute=union_groups,
        order=240,
    ),
]
