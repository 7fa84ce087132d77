"""Demo seeder: a year and a bit of activities for each school (the whole previous year and this year to
date, plus a few weeks ahead for sign-up), with sessions, sign-ups, attendance that varies by group,
series and editions, results at county level, trainings with study hours, honours and model workers.

Everything goes through the services. Activities are looked up by (union, title, date) and honours by
(union, title, date, awardee) before anything is created, so a second run creates nothing twice.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from gonghui.activities import services
from gonghui.activities.demo_specs import PRIZE_PREFIX, READING_KIND, HonourSpec, Plan, Result, Spec
from gonghui.activities.demo_workplaces import WORKPLACE_PLANS
from gonghui.activities.model_workers import model_worker_honours
from gonghui.activities.models import (
    Activity,
    ActivityCategory,
    ActivityKind,
    Attendance,
    AttendeeKind,
    Audience,
    EditionUnit,
    Honour,
    Level,
    ModelWorkerCareLog,
    RegistrationVia,
    Session,
    UnionRole,
)
from gonghui.activities.models import Result as ResultRecord
from gonghui.core.demo import DemoContext
from gonghui.members.models import MembershipStatus, Person
from gonghui.members.selectors import members_on
from gonghui.orgs.models import Department, Union, UnionGroup

ORDER = 40

MAIN = "QHYZ"
SCHOOLS = ("QHYZ", "QHSX", "QHCG")
AHEAD_DAYS = 30  # activities this far ahead are created for sign-up, without attendance


SPECS: tuple[Spec, ...] = (
    Spec(
        1,
        9,
        "迎新年教职工趣味运动会",
        "文体活动",
        turnout=0.78,
        place="学校操场",
        budget="3000",
        description="设置托球跑、夹球接力、跳大绳、定点投篮等项目，以工会小组为单位组队参赛。",
        effect="教职工在寒假前放松身心，各小组之间加深了了解。",
        everywhere=True,
    ),
    Spec(
        1,
        17,
        "新春教职工联欢会",
        "节日活动",
        turnout=0.86,
        start=dt.time(14, 30),
        place="学校报告厅",
        budget="5000",
        description="各教研组自编自演节目，穿插抽奖和猜灯谜。",
    ),
    Spec(
        3,
        8,
        "三八节女教职工健步走",
        "节日活动",
        audience=Audience.WOMEN,
        turnout=0.82,
        start=dt.time(8, 30),
        end=dt.time(11, 30),
        place="城北湿地公园",
        co_organisers="女职委",
        budget="2000",
        description="沿湿地公园环线健步走约六公里，终点合影并发放节日慰问品。",
        effect="女教职工反映活动安排贴心，既锻炼了身体又过了一个有意义的节日。",
        highlight=True,
        everywhere=True,
    ),
    Spec(
        4,
        15,
        "师德师风专题培训",
        "学习/培训",
        turnout=0.93,
        place="学校报告厅",
        hours=Decimal("3.0"),
        topic="新时代中小学教师职业行为十项准则",
        trainer="县教师发展中心讲师",
        co_organisers="教务处",
        description="集中学习准则原文和近年师德失范典型案例，分组讨论并撰写学习体会。",
        everywhere=True,
    ),
    Spec(
        4,
        23,
        "读书分享会",
        READING_KIND,
        audience=Audience.REGISTERED,
        signups=36,
        turnout=0.85,
        place="学校图书馆",
        series="读书会",
        edition_last_year=7,
        edition_unit=EditionUnit.QI,
        hours=Decimal("2.0"),
        topic="世界读书日·我最喜欢的一本教育书",
        trainer="语文组教师",
        description="六位教师分享阅读心得，图书馆同时展出新到馆的教育类图书。",
    ),
    Spec(
        4,
        25,
        "组队参加县教职工运动会",
        "文体活动",
        audience=Audience.REGISTERED,
        role=UnionRole.TEAM,
        signups=24,
        turnout=0.96,
        start=dt.time(8, 0),
        end=dt.time(17, 0),
        place="县体育场",
        sessions=2,
        every_days=1,
        series="县教职工运动会",
        edition_last_year=12,
        budget="6000",
        description="学校工会组队参加县教育系统教职工运动会，赛前利用课后时间集训两周。",
        results=(
            Result(Level.COUNTY, "团体第二名", issuer="县教育工会"),
            Result(Level.COUNTY, "男子100米第一名", winners=1, issuer="县教育工会", among="男"),
            Result(Level.COUNTY, "女子一分钟跳绳第三名", winners=1, issuer="县教育工会", among="女"),
        ),
        highlight=True,
        everywhere=True,
    ),
    Spec(
        5,
        12,
        "五一劳动技能比武（课件制作）",
        "劳动竞赛/技能比武",
        audience=Audience.REGISTERED,
        signups=30,
        turnout=0.97,
        place="信息技术楼机房",
        co_organisers="教务处",
        description="现场抽题，九十分钟内完成一节课的多媒体课件，评委按内容、技术和创意打分。",
        results=(
            Result(Level.UNIT, "一等奖", winners=2),
            Result(Level.UNIT, "二等奖", winners=4),
        ),
    ),
    Spec(
        5,
        20,
        "教职工气排球赛",
        "文体活动",
        audience=Audience.REGISTERED,
        signups=40,
        turnout=0.9,
        place="学校体育馆",
        sessions=3,
        budget="1500",
        description="以工会小组为单位组队，循环赛三轮。",
        results=(Result(Level.UNIT, "冠军", winners=6),),
    ),
    Spec(
        6,
        18,
        "端午节包粽子亲子活动",
        "节日活动",
        turnout=0.55,
        start=dt.time(9, 0),
        end=dt.time(11, 30),
        place="学校食堂",
        family=9,
        budget="1200",
        description="教职工带孩子一起包粽子，讲端午节的由来。",
    ),
    Spec(
        9,
        9,
        "教师节表彰暨新老教师联谊会",
        "节日活动",
        turnout=0.92,
        place="学校报告厅",
        description="表彰本学年优秀班主任和师德标兵，新入职教师与指导教师结对。",
        everywhere=True,
    ),
    Spec(
        9,
        25,
        "工会法专题学习会",
        "学习/培训",
        turnout=0.87,
        start=dt.time(16, 0),
        place="学校会议室",
        hours=Decimal("2.0"),
        topic="《中华人民共和国工会法》和教职工代表大会制度",
        trainer="工会主席",
    ),
    Spec(
        10,
        11,
        "重阳节退休教师座谈会",
        "节日活动",
        audience=Audience.REGISTERED,
        turnout=0.9,
        start=dt.time(9, 30),
        end=dt.time(11, 30),
        place="学校会议室",
        retirees=True,
        guests=("县教育工会代表",),
        budget="2500",
        description="邀请退休教师回校座谈，通报学校发展情况，为八十岁以上老教师送上慰问品。",
        effect="退休教师对学校的变化赞不绝口，表示愿意继续为学校发展建言献策。",
        everywhere=True,
    ),
    Spec(
        10,
        20,
        "园丁杯羽毛球赛",
        "文体活动",
        audience=Audience.REGISTERED,
        signups=32,
        turnout=0.92,
        place="学校体育馆",
        sessions=4,
        series="园丁杯",
        edition_last_year=5,
        budget="1800",
        description="男女单打和混合双打三个项目，淘汰赛四轮。",
        results=(
            Result(Level.UNIT, "男子单打第一名", winners=1, among="男"),
            Result(Level.UNIT, "女子单打第一名", winners=1, among="女"),
            Result(Level.UNIT, "混合双打第一名", winners=2),
        ),
    ),
    Spec(
        11,
        8,
        "志愿服务进社区义务辅导",
        "志愿/公益",
        audience=Audience.REGISTERED,
        signups=18,
        turnout=0.9,
        start=dt.time(9, 0),
        end=dt.time(11, 0),
        place="城关社区活动中心",
        sessions=3,
        co_organisers="团委",
        description="教师志愿者周六上午为社区学生义务辅导作业。",
    ),
    Spec(
        11,
        20,
        "读书分享会",
        READING_KIND,
        audience=Audience.REGISTERED,
        signups=30,
        turnout=0.83,
        place="学校图书馆",
        series="读书会",
        edition_last_year=8,
        edition_unit=EditionUnit.QI,
        hours=Decimal("2.0"),
        topic="整本书阅读在课堂上的实践",
        trainer="语文组教师",
    ),
    Spec(
        12,
        10,
        "教职工心理健康讲座",
        "学习/培训",
        turnout=0.74,
        start=dt.time(16, 0),
        place="学校报告厅",
        hours=Decimal("1.5"),
        topic="教师职业倦怠的识别与调适",
        trainer="县医院心理科医生",
    ),
)

EDITION_STEP = {READING_KIND: 2}  # two reading sessions a year: the 期 number moves by two


SCHOOL_CARE_NOTES = ("春节前走访慰问，送去慰问信和慰问品", "五一前座谈，听取对学校工会工作的意见和建议")


def school_plans() -> tuple[Plan, ...]:
    """一中 holds every activity of SPECS; the two primary schools the ones marked `everywhere`."""
    return tuple(
        Plan(
            code=code,
            specs=tuple(spec for spec in SPECS if code == MAIN or spec.everywhere),
            honours=tuple(honour for honour in HONOURS if code == MAIN or not honour.main_only),
            reference_size=284,  # 一中's members: the sign-up numbers are for 一中
            care_notes=SCHOOL_CARE_NOTES,
            reading_kind=code == MAIN,
        )
        for code in SCHOOLS
    )


def seed(ctx: DemoContext) -> None:
    unions: dict[str, Union] = ctx.objects["unions"]
    # The schools first, then the firm and the bureau: each has its own random stream, and the faker
    # names of family members are drawn in this order.
    for plan in (*school_plans(), *WORKPLACE_PLANS):
        union = unions[plan.code]
        rng = ctx.rng(f"activities:{plan.code}")
        _reading_kind(ctx, union, plan)
        factors = _group_factors(union, rng)
        reluctant = _reluctant(ctx, union, rng)
        for year in (ctx.today.year - 1, ctx.today.year):
            for spec in plan.specs:
                day = dt.date(year, spec.month, spec.day)
                if day > ctx.today + dt.timedelta(days=AHEAD_DAYS):
                    continue
                _activity(ctx, union, plan, spec, day, rng, factors, reluctant)
        _honours(ctx, union, rng, plan)


def _reading_kind(ctx: DemoContext, union: Union, plan: Plan) -> None:
    if plan.reading_kind and not ActivityKind.objects.filter(union=union, name=READING_KIND).exists():
        services.activity_kind_create(
            actor=None, union=union, name=READING_KIND, category=ActivityCategory.STUDY
        )
        ctx.count("活动类型")


def _reluctant(ctx: DemoContext, union: Union, rng: random.Random) -> set[int]:
    """About one member in eight rarely comes to anything: the participation rate is not 100%."""
    people = members_on(union, ctx.today).values_list("pk", flat=True)
    return {pk for pk in people if rng.random() < 0.12}


def _group_factors(union: Union, rng: random.Random) -> dict[int | None, float]:
    """Some groups turn out more than others, every time: the participation page should show it."""
    factors: dict[int | None, float] = {None: 0.8}
    for group in UnionGroup.objects.filter(union=union).order_by("sort_order", "pk"):
        factors[group.pk] = rng.uniform(0.5, 1.12)
    return factors


def _edition(spec: Spec, year: int, today: dt.date) -> int | None:
    if spec.edition_last_year is None:
        return None
    step = spec.edition_step or EDITION_STEP.get(spec.kind, 1)
    return spec.edition_last_year + (year - (today.year - 1)) * step


def _activity(
    ctx: DemoContext,
    union: Union,
    plan: Plan,
    spec: Spec,
    day: dt.date,
    rng: random.Random,
    factors: dict[int | None, float],
    reluctant: set[int],
) -> None:
    if Activity.objects.filter(union=union, title=spec.title, starts_on=day).exists():
        return
    kind = spec.kind if (spec.kind != READING_KIND or plan.reading_kind) else "学习/培训"
    departments = list(Department.objects.filter(union=union, name__in=spec.departments))
    last_day = (
        day + dt.timedelta(days=spec.every_days * (spec.sessions - 1)) if spec.every_days == 1 else None
    )
    activity = services.activity_create(
        actor=None,
        union=union,
        kind=kind,
        title=spec.title,
        starts_on=day,
        ends_on=last_day if last_day and spec.sessions > 1 else None,
        start_time=spec.start,
        end_time=spec.end,
        role=spec.role,
        audience=spec.audience,
        series=spec.series,
        edition=_edition(spec, day.year, ctx.today),
        edition_unit=spec.edition_unit,
        departments=departments,
        co_organisers=spec.co_organisers,
        place=spec.place,
        planned_budget=spec.budget,
        description=spec.description,
        effect_note=spec.effect if day <= ctx.today else "",
        is_highlight=spec.highlight,
        is_training=spec.hours is not None,
        training_topic=spec.topic,
        trainer=spec.trainer,
        training_hours=spec.hours,
    )
    ctx.count("活动")
    session = activity.sessions.get(number=1)
    sessions = [session]
    for index in range(1, spec.sessions):
        sessions.append(
            services.session_add(
                actor=None,
                activity=activity,
                starts_at=session.starts_at + dt.timedelta(days=spec.every_days * index),
                ends_at=session.ends_at + dt.timedelta(days=spec.every_days * index)
                if session.ends_at
                else None,
                title=f"第{index + 1}{spec.session_word}" if spec.every_days == 7 else "",
            )
        )
    ctx.count("活动场次", len(sessions))
    if spec.audience == Audience.REGISTERED:
        _sign_up(ctx, union, activity, spec, day, rng, plan.reference_size)
    for current in sessions:
        if current.day > ctx.today:
            continue
        _attend(ctx, current, spec, rng, factors, reluctant, plan.signed_up_come)
    if day <= ctx.today:
        _results(ctx, activity, spec, rng)


def _sign_up(
    ctx: DemoContext,
    union: Union,
    activity: Activity,
    spec: Spec,
    day: dt.date,
    rng: random.Random,
    reference_size: int,
) -> None:
    signed_on = min(day - dt.timedelta(days=7), ctx.today)
    if spec.retirees:
        pool = list(members_on(union, signed_on, statuses=(MembershipStatus.RETAINED,)))
    else:
        members = members_on(union, signed_on)
        if spec.signup_from:
            members = members.filter(department__name__in=spec.signup_from)
        pool = list(members)
        rng.shuffle(pool)
        wanted = (
            round(spec.signups * (len(pool) / reference_size) ** 0.5)
            if not spec.signup_from
            else spec.signups
        )
        pool = pool[: min(len(pool), wanted or 1)]
    upcoming = day > ctx.today
    for index, person in enumerate(pool):
        if upcoming and index % 3 != 0:
            continue  # ahead of time only a third have signed up, by themselves on 我的活动
        services.registration_add(
            actor=None,
            activity=activity,
            person=person,
            via=RegistrationVia.SELF if upcoming else RegistrationVia.OFFICER,
            today=signed_on,
        )
    ctx.count("报名", len(pool) if not upcoming else len(pool[::3]))


def _attend(
    ctx: DemoContext,
    session: Session,
    spec: Spec,
    rng: random.Random,
    factors: dict[int | None, float],
    reluctant: set[int],
    signed_up_come: bool,
) -> None:
    sheet = services.session_expected_freeze(actor=None, session=session)
    # Those who signed up for a contest or a course come whatever their group's habits are.
    keen = signed_up_come and spec.audience == Audience.REGISTERED
    groups = dict(
        Person.objects.filter(pk__in=[line.person_id for line in sheet]).values_list("pk", "group_id")
    )
    absent = []
    for line in sheet:
        chance = min(0.98, spec.turnout * factors.get(groups.get(line.person_id), 0.8))
        if keen:
            chance = spec.turnout
        elif line.person_id in reluctant:
            chance *= 0.08
        if rng.random() >= chance:
            absent.append(line.number)
    change = services.attendance_record_all_except(actor=None, session=session, numbers=absent)
    ctx.count("出席记录", len(change.added))
    if spec.family:
        names = "、".join(ctx.faker.name() for _ in range(spec.family))
        services.attendance_add_guests(actor=None, session=session, kind=AttendeeKind.FAMILY, names=names)
        ctx.count("出席记录", spec.family)
    if spec.guests:
        services.attendance_add_guests(
            actor=None, session=session, kind=AttendeeKind.GUEST, names="、".join(spec.guests)
        )
        ctx.count("出席记录", len(spec.guests))


def _results(ctx: DemoContext, activity: Activity, spec: Spec, rng: random.Random) -> None:
    if not spec.results:
        return
    present = sorted(
        set(
            Attendance.objects.filter(session__activity=activity, person__isnull=False).values_list(
                "person_id", flat=True
            )
        )
    )
    people = {p.pk: p for p in Person.objects.filter(pk__in=present)}
    won: set[int] = set()
    for result in spec.results:
        # One prize a person in each activity; a men's or women's event goes to a man or a woman.
        pool = [pk for pk in present if pk not in won and _is_among(people[pk], result.among)]
        chosen = [people[pk] for pk in rng.sample(pool, min(result.winners, len(pool)))]
        won.update(person.pk for person in chosen)
        if result.winners and not chosen:
            continue
        services.result_add(
            actor=None,
            activity=activity,
            level=result.level,
            title=result.title,
            is_team=result.winners == 0,
            persons=chosen,
            issuer=result.issuer,
        )
        ctx.count("比赛成绩")


HONOURS: tuple[HonourSpec, ...] = (
    HonourSpec(
        3, 4, 28, "五一劳动奖章", Level.PROVINCE, "省总工会", evidence="省总工会表彰决定", main_only=True
    ),
    HonourSpec(1, 4, 28, "先进工作者", Level.CITY, "市人民政府", evidence="市政府表彰决定", main_only=True),
    HonourSpec(1, 12, 20, "优秀工会干部", Level.COUNTY, "县教育工会", evidence="县教育工会年度表彰通报"),
    HonourSpec(0, 3, 6, "三八红旗手", Level.CITY, "市妇女联合会", main_only=True, among="女"),
    HonourSpec(
        0, 5, 1, "先进教工之家", Level.COUNTY, "县教育工会", unit="本校工会", evidence="县教育工会命名通报"
    ),
    HonourSpec(0, 9, 9, "师德标兵", Level.COUNTY, "县教育局"),
    HonourSpec(0, 9, 9, "优秀班主任", Level.UNIT, "本校", main_only=True),
    HonourSpec(1, 9, 9, "优秀班主任", Level.UNIT, "本校", main_only=True),
)


def _honours(ctx: DemoContext, union: Union, rng: random.Random, plan: Plan) -> None:
    people = list(members_on(union, ctx.today).select_related("department"))
    for spec in plan.honours:
        day = dt.date(ctx.today.year - spec.years_ago, spec.month, spec.day)
        if day > ctx.today:
            continue
        among = [p for p in people if _is_among(p, spec.among)]
        person = (
            None if spec.unit else _prize_winner(union, spec.among, day) or among[rng.randrange(len(among))]
        )
        existing = Honour.objects.filter(union=union, title=spec.title, awarded_on=day)
        if existing.exists():
            continue
        services.honour_add(
            actor=None,
            union=union,
            title=spec.title,
            level=spec.level,
            issuer=spec.issuer,
            awarded_on=day,
            person=person,
            unit_name=spec.unit,
            evidence=spec.evidence,
        )
        ctx.count("荣誉")
    workers = model_worker_honours(union.pk).values_list("person_id", flat=True).distinct()
    for person in Person.objects.filter(pk__in=list(workers)).order_by("name_stroke_key", "pk"):
        for on, note in zip(
            (dt.date(ctx.today.year - 1, 1, 20), dt.date(ctx.today.year, 4, 30)), plan.care_notes, strict=True
        ):
            if on > ctx.today or ModelWorkerCareLog.objects.filter(person=person, on=on).exists():
                continue
            services.model_worker_care_log_add(actor=None, union=union, person=person, on=on, note=note)
            ctx.count("劳模关怀记录")


def _prize_winner(union: Union, among: str, day: dt.date) -> Person | None:
    """For among="获奖：<result>": the last member to have won that result before `day` (a 技术能手 title
    goes to the worker who won the city contest)."""
    if not among.startswith(PRIZE_PREFIX):
        return None
    result = (
        ResultRecord.objects.filter(
            activity__union=union, title=among.removeprefix(PRIZE_PREFIX), activity__starts_on__lte=day
        )
        .order_by("-activity__starts_on")
        .first()
    )
    winner = result.persons.order_by("pk").first() if result else None
    return winner if winner is not None and members_on(union, day).filter(pk=winner.pk).exists() else None


def _is_among(person: Person, among: str) -> bool:
    """Whether a person is among those named: "" everyone, "女"/"男" by gender, "农民工", or a department."""
    if not among:
        return True
    if among in ("女", "男"):
        return person.gender == ("F" if among == "女" else "M")
    if among == "农民工":
        return person.is_migrant_worker
    if among.startswith(PRIZE_PREFIX):
        return True  # falls back to anyone when the prize winner has left
    return person.department is not None and person.department.name == among
