"""The work-summary benchmark's data: one school union with a year of everything a summary counts.

    from summary_data import build_summary_union, summary_case
    union = build_summary_union(members=5000, year=2025)

`build_summary_union` creates a school union with departments, groups, two headcounts and `members` people
whose membership history runs over the year and the year before (joins, transfers in and out, retirements,
a restoration, withdrawals, lapses, an expulsion, deaths), and a year of activities: about 60 activities
with about 150 sessions, attendance rows (members, retirees, family and guests), trainings with study hours,
results and honours. At 5,000 members the year has more than 20,000 records, most of them attendance.

It is fast and still valid data: people, spans and attendance are written with bulk_create, with the ID
numbers made by core.idnumbers, the keyed hash and name keys the services compute, and the encrypted
columns sealed by the model field (the same format as the bulk roster import); activities, sessions,
results and honours (a few hundred rows) go through the activity services. Audit rows are written only by
those services: the bulk rows have none, which nothing counted here reads.

`SummaryCase` holds the values every timed step of the benchmark shares (union, period, today), and
`raw_pass` is the baseline: one values_list read of the records the figures read.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

UNION_CODE = "SUMMARY"
UNION_NAME = "清河县实验中学工会"
OTHER_CODE = "SUMMARY-OTHER"  # the other side of transfers in and out; not in the benchmark's scope
OTHER_NAME = "清河县第二中学工会"
# Address codes that python-stdnum knows as current; not roster_import's nor the old figures benchmark's.
REGIONS = ("320102", "320104", "320105", "320106", "320111", "320113", "320114", "320115")
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华玉萍红玲芬燕彩春菊凤洁梅琳素云莲真环雪荣爱香月莺媛瑞"
    "凡佳嘉琼勤珍贞莉桂叶璐娅琦晶妍茜秋珊莎锦青倩婷婉娴瑾颖露瑶怡雁蓓仪荷丹蓉眉君琴蕊薇菁梦岚婕馨韵园艺卿"
    "聪澜纯悦昭冰爽茗羽希宁欣育滢筠柔竹凝晓欢枫芸菲寒伊亚宜可舒影思"
)
DEPARTMENTS = (
    "语文组", "数学组", "英语组", "物理组", "化学组", "生物组", "政史地组", "艺体组", "信息技术组",
    "教务处", "总务处", "后勤服务中心",
)  # fmt: skip
GROUPS_PER_DEPARTMENT = 2
# (employment form, weight); migrant workers only among contract and dispatched staff.
FORMS = (("established", 62), ("contract", 22), ("dispatched", 8), ("outsourced", 5), ("rehired_retiree", 3))
BATCH = 2000


# ---- membership histories --------------------------------------------------------------------------

# What happens to a person over the two years, with its share of the members (the rest stay active).
# "Y" is the benchmark's year, "P" the year before it (the 同比 year).
FATES = (
    ("new_Y", 0.035),
    ("new_P", 0.03),
    ("transfer_in_Y", 0.01),
    ("transfer_in_P", 0.008),
    ("transfer_out_Y", 0.008),
    ("transfer_out_P", 0.006),
    ("retire_Y", 0.02),
    ("retire_P", 0.018),
    ("retired_before", 0.03),
    ("unemployed_P_restored_Y", 0.004),
    ("unemployed_Y", 0.003),
    ("withdrew_Y", 0.003),
    ("withdrew_P", 0.003),
    ("lapsed_Y", 0.002),
    ("lapsed_P", 0.002),
    ("expelled_Y", 0.0005),
    ("died_Y", 0.002),
    ("died_P", 0.002),
    ("rejoined_Y", 0.002),
)


@dataclass
class Span:
    status: str
    started_on: dt.date
    start_kind: str
    ended_on: dt.date | None = None
    end_kind: str = ""
    end_reason: str = ""
    retained_reason: str = ""
    approved_on: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day < self.ended_on)


@dataclass
class PlannedPerson:
    n: int
    name: str
    gender: str
    birth: dt.date
    id_number: str
    employment_form: str
    migrant: bool
    retired: bool
    department: int
    group: int
    spans: list[Span]
    other_spans: list[Span]  # the same person's spans in the other union (the side of a transfer)

    def kind_on(self, day: dt.date) -> str | None:
        """How this person counts at a session on `day`, as services.attendee_kinds decides; None when
        the person is not a member of the union that day."""
        for span in self.spans:
            if span.covers(day):
                if span.status == "retained" and span.retained_reason == "retirement":
                    return "retiree"
                return "member"
        return None


def _day_in(rng: random.Random, year: int, *, last: dt.date | None = None) -> dt.date:
    first = dt.date(year, 1, 2)
    end = min(dt.date(year, 12, 28), last) if last else dt.date(year, 12, 28)
    return first + dt.timedelta(days=rng.randrange((end - first).days + 1))


def _pick(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    total = sum(weight for _, weight in choices)
    point = rng.randrange(total)
    for value, weight in choices:
        point -= weight
        if point < 0:
            return value
    return choices[-1][0]


def _fate(rng: random.Random) -> str:
    point = rng.random()
    for fate, share in FATES:
        point -= share
        if point < 0:
            return fate
    return "active"


def _history(fate: str, rng: random.Random, year: int, birth: dt.date) -> tuple[list[Span], list[Span]]:
    """The person's spans here and in the other union for a fate."""
    prev = year - 1
    earliest = max(dt.date(birth.year + 20, 9, 1), dt.date(1990, 9, 1))
    long_ago = earliest + dt.timedelta(days=rng.randrange(max((dt.date(prev - 2, 6, 30) - earliest).days, 1)))

    def new(day: dt.date) -> Span:
        return Span("active", day, "new", approved_on=day)

    def close(span: Span, day: dt.date, kind: str, reason: str = "") -> Span:
        span.ended_on, span.end_kind, span.end_reason = day, kind, reason
        return span

    def retained(day: dt.date, reason: str) -> Span:
        return Span("retained", day, "retained", retained_reason=reason)

    kind, _, when = fate.rpartition("_")
    year_of = {"Y": year, "P": prev}.get(when)
    if fate == "active":
        return [new(long_ago)], []
    if kind == "new" and year_of:
        return [new(_day_in(rng, year_of))], []
    if kind == "transfer_in" and year_of:
        day = _day_in(rng, year_of)
        return [Span("active", day, "transfer_in")], [
            close(new(long_ago), day, "transfer_out", f"转至{UNION_NAME}")
        ]
    if kind == "transfer_out" and year_of:
        day = _day_in(rng, year_of)
        return [close(new(long_ago), day, "transfer_out", f"转至{OTHER_NAME}")], [
            Span("active", day, "transfer_in")
        ]
    if kind == "retire" and year_of:
        day = _day_in(rng, year_of)
        return [close(new(long_ago), day, "retained", "退休"), retained(day, "retirement")], []
    if fate == "retired_before":
        day = long_ago + dt.timedelta(days=(dt.date(prev - 1, 12, 31) - long_ago).days // 2)
        return [close(new(long_ago), day, "retained", "退休"), retained(day, "retirement")], []
    if fate == "unemployed_P_restored_Y":
        lost, back = _day_in(rng, prev), _day_in(rng, year)
        return [
            close(new(long_ago), lost, "retained", "失业"),
            close(retained(lost, "unemployment"), back, "restored"),
            Span("active", back, "restored"),
        ], []
    if fate == "unemployed_Y":
        lost = _day_in(rng, year)
        return [close(new(long_ago), lost, "retained", "失业"), retained(lost, "unemployment")], []
    if kind in ("withdrew", "lapsed", "expelled", "died") and year_of:
        reason = {"withdrew": "本人申请", "lapsed": "连续六个月不交会费", "expelled": "严重违纪"}.get(
            kind, ""
        )
        return [close(new(long_ago), _day_in(rng, year_of), kind, reason)], []
    if fate == "rejoined_Y":
        left, back = _day_in(rng, prev), _day_in(rng, year)
        return [close(new(long_ago), left, "withdrew", "本人申请"), Span("active", back, "restored")], []
    raise ValueError(f"unknown fate {fate}")


def _plan_people(members: int, year: int, rng: random.Random) -> list[PlannedPerson]:
    from gonghui.core.idnumbers import make_id_number

    departments = len(DEPARTMENTS)
    people = []
    for n in range(members):
        birth = dt.date(1962, 1, 1) + dt.timedelta(days=n * 7919 % 13_000)
        female = rng.random() < 0.62
        seq = (n // 13_000) * 2 + (0 if female else 1)  # with the birth day, unique for 6 million people
        fate = _fate(rng)
        if fate.startswith("retire") and birth.year > 1968:
            fate = "active"  # only the older staff retire
        form = _pick(rng, FORMS)
        if fate == "unemployed_P_restored_Y" or fate == "unemployed_Y":
            form = "contract"
        spans, other = _history(fate, rng, year, birth)
        department = n % departments
        people.append(
            PlannedPerson(
                n=n,
                name=SURNAMES[n * 31 % len(SURNAMES)]
                + GIVEN[n * 7 % len(GIVEN)]
                + (GIVEN[(n * 13 + n // len(GIVEN)) % len(GIVEN)] if n % 3 else ""),
                gender="F" if female else "M",
                birth=birth,
                id_number=make_id_number(REGIONS[n % len(REGIONS)], birth, seq % 1000),
                employment_form=form,
                migrant=form in ("contract", "dispatched") and rng.random() < 0.12,
                retired=spans[-1].status == "retained" and spans[-1].retained_reason == "retirement",
                department=department,
                group=department * GROUPS_PER_DEPARTMENT + n // departments % GROUPS_PER_DEPARTMENT,
                spans=spans,
                other_spans=other,
            )
        )
    return people


# ---- writing ---------------------------------------------------------------------------------------


def _person_rows(
    people: list[PlannedPerson],
    union: Any,
    departments: list[Any],
    groups: list[Any],
    *,
    other: bool,
) -> Iterator[Any]:
    from gonghui.core.names import pinyin_initials, pinyin_key, stroke_key
    from gonghui.members.models import Person
    from gonghui.members.services import id_number_hash

    for seq, planned in enumerate(people, start=1):
        yield Person(
            union=union,
            name=planned.name,
            gender=planned.gender,
            birth_date=planned.birth,
            id_number=planned.id_number,  # EncryptedTextField seals it on the way in
            id_number_hash=id_number_hash(planned.id_number),
            phone=f"139{planned.n:08d}",
            department=None if other else departments[planned.department],
            group=None if other else groups[planned.group],
            employment_form=planned.employment_form,
            work_status="retired" if planned.retired and not other else "at_work",
            is_migrant_worker=planned.migrant,
            member_no=f"{union.code.upper()}{seq:05d}",
            name_stroke_key=stroke_key(planned.name),
            name_pinyin_key=pinyin_key(planned.name),
            name_initials=pinyin_initials(planned.name)[:20],
        )


def _span_rows(people: list[PlannedPerson], persons: list[Any], *, other: bool) -> Iterator[Any]:
    from gonghui.members.models import Membership

    for planned, person in zip(people, persons, strict=True):
        for span in planned.other_spans if other else planned.spans:
            yield Membership(
                union_id=person.union_id,
                person=person,
                status=span.status,
                started_on=span.started_on,
                start_kind=span.start_kind,
                approved_on=span.approved_on,
                retained_reason=span.retained_reason,
                ended_on=span.ended_on,
                end_kind=span.end_kind,
                end_reason=span.end_reason,
            )


def _write_people(
    union: Any, other_union: Any, people: list[PlannedPerson], departments: list[Any], groups: list[Any]
) -> list[Any]:
    from gonghui.members.models import Membership, Person
    from gonghui.orgs.models import Union

    persons = Person.objects.bulk_create(
        _person_rows(people, union, departments, groups, other=False), batch_size=BATCH
    )
    moved = [planned for planned in people if planned.other_spans]
    others = Person.objects.bulk_create(
        _person_rows(moved, other_union, [], [], other=True), batch_size=BATCH
    )
    Membership.objects.bulk_create(_span_rows(people, persons, other=False), batch_size=BATCH)
    Membership.objects.bulk_create(_span_rows(moved, others, other=True), batch_size=BATCH)
    Union.objects.filter(pk=union.pk).update(member_seq=len(persons))
    Union.objects.filter(pk=other_union.pk).update(member_seq=len(others))
    return persons


# ---- activities ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityPlan:
    title: str
    kind: str
    sessions: int
    turnout: float  # share of the members that day (all-staff) or the number of attendees (int-like > 1)
    audience: str = "registered"
    hours: Decimal | None = None
    every_days: int = 7
    retirees: int = 0
    family: int = 0
    guests: int = 0
    results: tuple[tuple[str, str, bool], ...] = ()  # (level, title, team)


KINDS = (
    ("文体活动", "culture_sports"),
    ("学习/培训", "study"),
    ("劳动竞赛/技能比武", "competition"),
    ("志愿/公益", "volunteer"),
    ("节日活动", "festival"),
    ("其他", "other"),
    ("读书会", "study"),
    ("三八节活动", "festival"),
)


def _activity_plans() -> list[ActivityPlan]:
    """About 60 activities with 150 sessions: three all-staff gatherings, trainings with study hours,
    competitions with results, and many small group activities."""
    plans = [
        ActivityPlan("新学期全体教职工大会", "其他", 1, 0.72, audience="all_members"),
        ActivityPlan(
            "迎新年教职工联欢会", "节日活动", 1, 0.7, audience="all_members", retirees=40, family=30
        ),
        ActivityPlan("三八节女教职工健步走", "三八节活动", 1, 0.6, audience="women"),
        ActivityPlan("重阳节退休教师座谈会", "节日活动", 1, 20, retirees=60),
    ]
    for n in range(1, 13):
        plans.append(
            ActivityPlan(
                f"第{n}期教师专业发展培训",
                "学习/培训",
                n % 3 + 3,
                140,
                hours=Decimal("2.0") if n % 2 else Decimal("1.5"),
            )
        )
    for n in range(1, 7):
        plans.append(ActivityPlan(f"读书分享会（{n}）", "读书会", 1, 45, hours=Decimal("2.0")))
    for n in range(1, 9):
        plans.append(
            ActivityPlan(
                f"教职工技能比武（项目{n}）",
                "劳动竞赛/技能比武",
                n % 3 + 1,
                60,
                every_days=1,
                results=(("unit", "一等奖", False), ("county" if n % 2 else "city", "团体第二名", True)),
            )
        )
    for n in range(1, 15):
        plans.append(
            ActivityPlan(
                f"教职工文体活动（{n}）",
                "文体活动",
                n % 4 + 2,
                110,
                family=6 if n % 5 == 0 else 0,
                results=(("district", "优秀组织奖", True),) if n % 4 == 0 else (),
            )
        )
    for n in range(1, 9):
        plans.append(ActivityPlan(f"志愿服务（{n}）", "志愿/公益", n % 3 + 1, 35, guests=3))
    for n in range(1, 9):
        plans.append(ActivityPlan(f"节日慰问活动（{n}）", "节日活动", 1, 90, family=4))
    return plans


def _activity_day(index: int, count: int, year: int) -> dt.date:
    """Spread the activities over the year, keeping clear of the year's last three weeks for repeats."""
    return dt.date(year, 1, 6) + dt.timedelta(days=index * 320 // count)


def _write_activities(
    union: Any, people: list[PlannedPerson], persons: list[Any], year: int, rng: random.Random
) -> None:
    from django.utils import timezone

    from gonghui.activities import services
    from gonghui.activities.models import ActivityKind, Attendance

    for name, category in KINDS[6:]:
        if not ActivityKind.objects.filter(union=union, name=name).exists():
            services.activity_kind_create(actor=None, union=union, name=name, category=category)
    plans = _activity_plans()
    attendance: list[Attendance] = []
    kinds_cache: dict[dt.date, tuple[list[int], list[int]]] = {}

    def pools(day: dt.date) -> tuple[list[int], list[int]]:
        """Indexes of the members and of the retirees on `day`."""
        if day not in kinds_cache:
            members, retirees = [], []
            for i, planned in enumerate(people):
                kind = planned.kind_on(day)
                if kind == "member":
                    members.append(i)
                elif kind == "retiree":
                    retirees.append(i)
            kinds_cache[day] = (members, retirees)
        return kinds_cache[day]

    for index, plan in enumerate(plans):
        first = _activity_day(index, len(plans), year)
        activity = services.activity_create(
            actor=None,
            union=union,
            kind=plan.kind,
            title=plan.title,
            starts_on=first,
            start_time=dt.time(15, 40),
            end_time=dt.time(17, 30),
            audience=plan.audience,
            training_hours=plan.hours,
            place="学校报告厅",
        )
        sessions = list(activity.sessions.all())
        for number in range(2, plan.sessions + 1):
            day = first + dt.timedelta(days=(number - 1) * plan.every_days)
            sessions.append(
                services.session_add(
                    actor=None,
                    activity=activity,
                    starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(15, 40))),
                    hours=Decimal("3.0") if plan.hours and number == plan.sessions else None,
                )
            )
        attendees_of_activity: list[int] = []
        for session in sessions:
            day = timezone.localtime(session.starts_at).date()
            members, retirees = pools(day)
            if plan.audience == "women":
                members = [i for i in members if people[i].gender == "F"]
            wanted = int(len(members) * plan.turnout) if plan.turnout <= 1 else int(plan.turnout)
            chosen = rng.sample(members, min(wanted, len(members)))
            chosen += rng.sample(retirees, min(plan.retirees, len(retirees)))
            attendees_of_activity.extend(chosen)
            for i in chosen:
                attendance.append(
                    Attendance(
                        union_id=union.pk,
                        session=session,
                        person=persons[i],
                        attendee_kind=people[i].kind_on(day) or "guest",
                        method="sheet_numbers",
                    )
                )
            for g in range(plan.family):
                attendance.append(
                    Attendance(
                        union_id=union.pk,
                        session=session,
                        guest_name=f"家属{GIVEN[(index * 7 + g) % len(GIVEN)]}{g + 1}",
                        attendee_kind="family",
                        method="pasted_names",
                    )
                )
            for g in range(plan.guests):
                attendance.append(
                    Attendance(
                        union_id=union.pk,
                        session=session,
                        guest_name=f"社区志愿者{g + 1}号",
                        attendee_kind="guest",
                        method="pasted_names",
                    )
                )
        for number, (level, title, team) in enumerate(plan.results):
            winners = [] if team else [persons[i] for i in attendees_of_activity[:2]]
            services.result_add(
                actor=None,
                activity=activity,
                level=level,
                title=title,
                is_team=team,
                persons=winners,
                issuer="" if level == "unit" else "县教育工会",
                awarded_on=None if number % 2 else first + dt.timedelta(days=3),
            )
    Attendance.objects.bulk_create(attendance, batch_size=BATCH)


def _write_honours(
    union: Any, people: list[PlannedPerson], persons: list[Any], year: int, rng: random.Random
) -> None:
    from gonghui.activities import services

    levels = ("unit", "unit", "district", "county", "city", "province", "national")
    titles = ("优秀工会会员", "师德标兵", "优秀班主任", "先进工作者", "五一劳动奖章", "劳动模范")
    units = ("语文教研组", "数学教研组", "后勤服务中心", "本校工会")
    for year_of, count in ((year, 40), (year - 1, 12)):
        day = dt.date(year_of, 12, 20)
        eligible = [i for i, planned in enumerate(people) if planned.kind_on(day) == "member"]
        for n in range(count):
            level = levels[n % len(levels)]
            awarded_on = dt.date(year_of, 1 + n % 12, 1 + n % 27)
            if n % 5 == 4:
                services.honour_add(
                    actor=None,
                    union=union,
                    title="先进集体",
                    level=level,
                    issuer="县教育局",
                    awarded_on=awarded_on,
                    unit_name=units[n % len(units)],
                )
                continue
            services.honour_add(
                actor=None,
                union=union,
                title=titles[n % len(titles)],
                level=level,
                issuer="县教育局" if level != "unit" else "本校",
                awarded_on=awarded_on,
                person=persons[rng.choice(eligible)],
            )


# ---- the builder -----------------------------------------------------------------------------------


def build_summary_union(*, members: int = 5000, year: int, seed: int = 1) -> Any:
    """A school union with `members` people, their membership over `year` and the year before, and a
    year of activities, trainings, results and honours; returns the Union. Call with Django set up."""
    from django.db import transaction

    from gonghui.orgs.services import department_create, group_create, headcount_record, union_create

    rng = random.Random(seed)
    people = _plan_people(members, year, rng)
    with transaction.atomic():
        union = union_create(actor=None, name=UNION_NAME, code=UNION_CODE, kind="school")
        other = union_create(actor=None, name=OTHER_NAME, code=OTHER_CODE, kind="school")
        departments = [
            department_create(actor=None, union=union, name=name, sort_order=n)
            for n, name in enumerate(DEPARTMENTS)
        ]
        groups = [
            group_create(
                actor=None,
                union=union,
                name=f"{DEPARTMENTS[n // GROUPS_PER_DEPARTMENT]}第{n % GROUPS_PER_DEPARTMENT + 1}小组",
                department=departments[n // GROUPS_PER_DEPARTMENT],
                sort_order=n,
                established_on=dt.date(year - 3 + n % 4, 9, 1) if n % 3 else None,
            )
            for n in range(len(DEPARTMENTS) * GROUPS_PER_DEPARTMENT)
        ]
        persons = _write_people(union, other, people, departments, groups)
        for year_of in (year - 1, year):
            day = dt.date(year_of, 9, 1)
            staff = [
                p
                for p in people
                if p.employment_form in ("established", "contract", "dispatched")
                and any(s.status == "active" and s.covers(day) for s in p.spans)
            ]
            women = sum(1 for p in staff if p.gender == "F")
            headcount_record(
                actor=None,
                union=union,
                as_of=day,
                total=len(staff) + len(staff) // 20 + 3,
                women=women + women // 25 + 1,
                migrant_workers=sum(1 for p in staff if p.migrant),
                dispatched=sum(1 for p in staff if p.employment_form == "dispatched"),
            )
        _write_activities(union, people, persons, year, rng)
        _write_honours(union, people, persons, year, rng)
    union.refresh_from_db()
    return union


def year_records(union: Any, year: int) -> dict[str, int]:
    """How many records of each kind the union has in `year` (spans: those that start or end in it, or
    are in force during it)."""
    from django.db.models import Q

    from gonghui.activities.models import Activity, Attendance, Honour, Result, Session
    from gonghui.members.models import Membership
    from gonghui.orgs.models import StaffHeadcount, UnionGroup

    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    counts = {
        "attendance": Attendance.objects.filter(union=union, session__starts_at__year=year).count(),
        "sessions": Session.objects.filter(union=union, starts_at__year=year).count(),
        "activities": Activity.objects.filter(union=union, starts_on__year=year).count(),
        "results": Result.objects.filter(union=union, activity__starts_on__year=year).count(),
        "honours": Honour.objects.filter(union=union, awarded_on__year=year).count(),
        "membership_spans": Membership.objects.filter(union=union, started_on__lte=last)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
        .count(),
        "headcounts": StaffHeadcount.objects.filter(union=union, as_of__year=year).count(),
        "groups": UnionGroup.objects.filter(union=union).count(),
    }
    counts["total"] = sum(counts.values())
    return counts


# ---- what every timed step shares --------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryCase:
    """The union, the period (the calendar year) and the day the benchmark is run "on" (after the year,
    so the whole year counts); every timed step reads these, never its own."""

    union: Any
    members: int
    year: int
    period: Any  # reports.periods.Period
    today: dt.date
    records: dict[str, int]

    @property
    def as_of(self) -> dt.date:
        return self.period.counted_end(self.today)

    @property
    def first_day(self) -> dt.date:
        """The first day the figures read: the start of the 同比 period."""
        return self.period.previous_year().start


def summary_case(*, members: int = 5000, year: int = 2025, seed: int = 1) -> SummaryCase:
    """Build the union and describe the case: the year `year`, counted on 15 January of the next."""
    from gonghui.reports.periods import year_period

    union = build_summary_union(members=members, year=year, seed=seed)
    return SummaryCase(
        union=union,
        members=members,
        year=year,
        period=year_period(year),
        today=dt.date(year + 1, 1, 15),
        records=year_records(union, year),
    )


def compute_figures(case: SummaryCase) -> list[Any]:
    """Every registered figure for the case, with its 同比 value: what the figures step times."""
    from gonghui.reports import registry

    return registry.compute(union=case.union, period=case.period, today=case.today)


def build_document(case: SummaryCase) -> str:
    """The whole work summary for the case, from the records to its text (figures, section writers' reads,
    不足 rules, plan, length), charts and file output excluded: what the document step times."""
    from gonghui.reports.summary.build import build
    from gonghui.reports.summary.render import to_markdown
    from gonghui.reports.summary.service import prepare_union

    prepared = prepare_union(case.union, period=case.period, as_of=case.today)
    document = build(prepared, signed_on=case.today)
    return to_markdown(document)


def write_docx_file(case: SummaryCase, path: Any) -> Any:
    """The same document written as the GB/T 9704 .docx (reported, not a target)."""
    from gonghui.reports.summary.run import write_summary
    from gonghui.reports.summary.service import prepare_union

    prepared = prepare_union(case.union, period=case.period, as_of=case.today)
    return write_summary(prepared, output=path, fmt="docx", signed_on=case.today)


# The columns the figures use, per model.
SPAN_COLUMNS = (
    "pk", "union_id", "held_by_id", "status", "start_kind", "started_on", "ended_on", "end_kind", "person_id",
    "person__name", "person__id_number_hash", "person__name_stroke_key", "person__gender",
    "person__employment_form", "person__is_migrant_worker",
)  # fmt: skip
ACTIVITY_COLUMNS = (
    "pk", "title", "edition", "edition_unit", "starts_on", "kind__name", "kind__category", "is_training",
    "union__name",
)  # fmt: skip
SESSION_COLUMNS = ("pk", "number", "title", "starts_at", "activity__title", "union__name")
ATTENDANCE_COLUMNS = (
    "pk", "session_id", "session__activity_id", "union_id", "person_id", "person__name", "guest_name",
    "person__id_number_hash", "person__name_stroke_key", "attendee_kind", "session__hours",
    "session__activity__training_hours", "session__activity__is_training", "session__activity__title",
    "session__starts_at",
)  # fmt: skip
HONOUR_COLUMNS = ("pk", "title", "level", "person__name", "unit_name", "awarded_on", "union__name")
RESULT_COLUMNS = (
    "pk",
    "level",
    "title",
    "awarded_on",
    "activity__starts_on",
    "activity__title",
    "union__name",
)
HEADCOUNT_COLUMNS = ("pk", "union_id", "as_of", "total", "women")
GROUP_COLUMNS = ("pk", "name", "union__name", "sort_order", "established_on", "created_at")


def raw_pass(case: SummaryCase) -> int:
    """The baseline: one values_list read, in no particular order, of the records the figures read for the
    period and its 同比 period (from the start of the year before to the counted end), with the columns
    they use — spans with the person fields, activities, sessions, attendance with the person and session
    fields, honours, results, headcounts and groups. Returns the number of rows read."""
    from django.db.models import Q
    from django.utils import timezone

    from gonghui.activities.models import Activity, Attendance, Honour, Result, Session
    from gonghui.members.models import Membership
    from gonghui.orgs.models import StaffHeadcount, UnionGroup

    unions = [case.union.pk]
    first, last = case.first_day, case.as_of
    # Sessions by local day, as an index range on the timestamp (no per-row date cast).
    since = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    until = timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min))
    reads = [
        Membership.objects.filter(Q(union_id__in=unions) | Q(held_by_id__in=unions), started_on__lte=last)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
        .values_list(*SPAN_COLUMNS),
        Activity.objects.filter(union_id__in=unions, starts_on__gte=first, starts_on__lte=last).values_list(
            *ACTIVITY_COLUMNS
        ),
        Session.objects.filter(union_id__in=unions, starts_at__gte=since, starts_at__lt=until).values_list(
            *SESSION_COLUMNS
        ),
        Attendance.objects.filter(
            union_id__in=unions, session__starts_at__gte=since, session__starts_at__lt=until
        ).values_list(*ATTENDANCE_COLUMNS),
        Honour.objects.filter(union_id__in=unions, awarded_on__gte=first, awarded_on__lte=last).values_list(
            *HONOUR_COLUMNS
        ),
        Result.objects.filter(union_id__in=unions).values_list(*RESULT_COLUMNS),
        StaffHeadcount.objects.filter(union_id__in=unions, as_of__lte=last).values_list(*HEADCOUNT_COLUMNS),
        UnionGroup.objects.filter(union_id__in=unions).values_list(*GROUP_COLUMNS),
    ]
    return sum(len(list(read.order_by())) for read in reads)
