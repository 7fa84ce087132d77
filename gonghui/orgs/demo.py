"""Demo seeder: 清河县总工会 with the county education union and its three schools, a machinery firm's
union and a bureau's 机关工会 — one demo union of each kind a work summary is written for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gonghui.core.demo import DemoContext
from gonghui.orgs import services
from gonghui.orgs.models import (
    Committee,
    CommitteeKind,
    Department,
    SchoolTerm,
    StaffHeadcount,
    Union,
    UnionGroup,
    UnionKind,
)

ORDER = 10

COUNTY_CODE = "QHZGH"
FEDERATION_CODE = "QHJY"
REGION = {"province_code": "130000", "city_code": "130500", "county_code": "130534"}


@dataclass(frozen=True)
class SchoolSpec:
    code: str
    name: str
    party_org: str
    staff_last_year: int
    staff_now: int
    women_share: float
    departments: tuple[str, ...]
    groups: int
    founded: dt.date
    term_age_days: int  # how long ago the current union-committee term began


SCHOOLS = (
    SchoolSpec(
        code="QHYZ",
        name="清河县第一中学工会",
        party_org="中共清河县第一中学委员会",
        staff_last_year=296,
        staff_now=302,
        women_share=0.58,
        departments=(
            "语文组",
            "数学组",
            "英语组",
            "物理组",
            "化学组",
            "生物组",
            "政治组",
            "历史组",
            "地理组",
            "体育组",
            "艺术组",
            "信息技术组",
            "办公室",
            "教务处",
            "政教处",
            "总务处",
        ),
        groups=8,
        founded=dt.date(1985, 9, 1),
        term_age_days=5 * 365 - 40,
    ),
    SchoolSpec(
        code="QHSX",
        name="清河县实验小学工会",
        party_org="中共清河县实验小学支部委员会",
        staff_last_year=118,
        staff_now=121,
        women_share=0.74,
        departments=("语文组", "数学组", "英语组", "综合组", "体育组", "办公室", "后勤"),
        groups=5,
        founded=dt.date(1992, 3, 15),
        term_age_days=2 * 365 + 70,
    ),
    SchoolSpec(
        code="QHCG",
        name="清河县城关镇中心小学工会",
        party_org="中共清河县城关镇中心小学支部委员会",
        staff_last_year=58,
        staff_now=61,
        women_share=0.66,
        departments=("语文组", "数学组", "综合组", "后勤"),
        groups=3,
        founded=dt.date(2003, 9, 1),
        term_age_days=3 * 365 + 120,
    ),
)


@dataclass(frozen=True)
class WorkplaceSpec:
    """A union outside education, directly under 清河县总工会: a firm's union or a bureau's 机关工会."""

    code: str
    name: str
    kind: str
    party_org: str
    founded: dt.date
    staff_last_year: int
    staff_now: int
    women_share: float
    migrant_share: float
    dispatched_share: float
    departments: tuple[str, ...]
    groups: tuple[tuple[str, tuple[str, ...]], ...]  # (小组, the departments its members work in)
    committees: tuple[tuple[str, int, int], ...]  # (committee kind, years a term, days since this term began)
    term_number: int
    cadres: tuple[int, int]  # 专职, 兼职
    headcount_note: str


WORKPLACES = (
    WorkplaceSpec(
        code="QHHT",
        name="清河县恒通机械制造有限公司工会",
        kind=UnionKind.ENTERPRISE,
        party_org="中共清河县恒通机械制造有限公司支部委员会",
        founded=dt.date(2008, 5, 20),
        staff_last_year=172,
        staff_now=180,
        women_share=0.28,
        migrant_share=0.55,
        dispatched_share=0.11,
        departments=("金工车间", "装配车间", "铸造车间", "质检部", "销售部", "综合办公室"),
        groups=(
            ("金工车间工会小组", ("金工车间",)),
            ("装配车间工会小组", ("装配车间",)),
            ("铸造车间工会小组", ("铸造车间",)),
            ("质检部工会小组", ("质检部",)),
            ("销售部工会小组", ("销售部",)),
            ("综合办公室工会小组", ("综合办公室",)),
        ),
        committees=(
            (CommitteeKind.UNION_COMMITTEE, 5, 3 * 365 + 45),
            (CommitteeKind.WOMEN, 5, 3 * 365 + 45),
            (CommitteeKind.FUNDS_AUDIT, 5, 3 * 365 + 45),
            (CommitteeKind.DISPUTE_MEDIATION, 3, 420),
            (CommitteeKind.LABOUR_PROTECTION, 3, 420),
        ),
        term_number=4,
        cadres=(1, 6),
        headcount_note="人力资源部年初报数，含劳务派遣",
    ),
    WorkplaceSpec(
        code="QHRS",
        name="清河县人力资源和社会保障局机关工会",
        kind=UnionKind.ORGAN,
        party_org="中共清河县人力资源和社会保障局党组",
        founded=dt.date(2011, 3, 18),
        staff_last_year=68,
        staff_now=71,
        women_share=0.56,
        migrant_share=0.0,
        dispatched_share=0.03,
        departments=(
            "办公室",
            "政策法规科",
            "就业促进科",
            "职业能力建设科",
            "劳动关系科",
            "社会保险科",
            "劳动保障监察大队",
            "信息中心",
        ),
        groups=(
            ("第一工会小组", ("办公室", "政策法规科")),
            ("第二工会小组", ("就业促进科", "职业能力建设科")),
            ("第三工会小组", ("劳动关系科", "劳动保障监察大队")),
            ("第四工会小组", ("社会保险科", "信息中心")),
        ),
        committees=(
            (CommitteeKind.UNION_COMMITTEE, 3, 2 * 365 + 100),
            (CommitteeKind.WOMEN, 3, 2 * 365 + 100),
            (CommitteeKind.FUNDS_AUDIT, 3, 2 * 365 + 100),
        ),
        term_number=5,
        cadres=(0, 5),
        headcount_note="局人事科年初报数",
    ),
)


def _union(ctx: DemoContext, **fields: object) -> Union:
    existing = Union.objects.filter(code=fields["code"]).first()
    if existing is not None:
        return existing
    ctx.count("工会")
    return services.union_create(actor=None, **fields)  # type: ignore[arg-type]


def seed(ctx: DemoContext) -> None:
    county = _union(
        ctx,
        name="清河县总工会",
        code=COUNTY_CODE,
        kind=UnionKind.FEDERATION,
        founded_on=dt.date(1950, 10, 1),
        **REGION,
        full_time_cadres=9,
        part_time_cadres=4,
        party_org_name="中共清河县委员会",
        upper_union_name="邢台市总工会",
    )
    federation = _union(
        ctx,
        name="清河县教育工会",
        code=FEDERATION_CODE,
        kind=UnionKind.FEDERATION,
        parent=county,
        founded_on=dt.date(1984, 5, 1),
        **REGION,
        full_time_cadres=2,
        part_time_cadres=3,
        party_org_name="中共清河县教育局委员会",
    )
    if federation.parent_id is None:  # a data dir built before 清河县总工会 was in the demo
        federation = services.union_update(actor=None, union=federation, parent=county, upper_union_name="")
        ctx.count("工会隶属调整")
    unions = {COUNTY_CODE: county, FEDERATION_CODE: federation}
    rng = ctx.rng("orgs")
    for spec in SCHOOLS:
        union = _union(
            ctx,
            name=spec.name,
            code=spec.code,
            kind=UnionKind.SCHOOL,
            parent=federation,
            founded_on=spec.founded,
            **REGION,
            full_time_cadres=1 if spec.staff_now >= 200 else 0,
            part_time_cadres=5 if spec.staff_now >= 200 else 3,
            party_org_name=spec.party_org,
        )
        unions[spec.code] = union
        _headcounts(ctx, union, spec)
        for index, name in enumerate(spec.departments):
            if not Department.objects.filter(union=union, name=name).exists():
                services.department_create(actor=None, union=union, name=name, sort_order=index)
                ctx.count("部门")
        for number in range(1, spec.groups + 1):
            name = f"第{'一二三四五六七八九十'[number - 1]}工会小组"
            if not UnionGroup.objects.filter(union=union, name=name).exists():
                services.group_create(
                    actor=None,
                    union=union,
                    name=name,
                    sort_order=number,
                    established_on=max(spec.founded, ctx.today - dt.timedelta(days=365 * 6)),
                )
                ctx.count("工会小组")
        _committees(ctx, union, spec, rng.randint(0, 1))
        _school_terms(ctx, union, spec)
    for workplace in WORKPLACES:
        unions[workplace.code] = _workplace(ctx, county, workplace)
    ctx.objects["unions"] = unions
    ctx.objects["schools"] = SCHOOLS
    ctx.objects["workplaces"] = WORKPLACES


def school_year_of(day: dt.date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def _weekday_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _weekday_on_or_before(day: dt.date, weekday: int) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


def demo_term_dates(code: str, first_year: int) -> tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date]]:
    """Real-looking term dates: 第一学期 from the first weekday of September to a Friday late in January,
    第二学期 from a Monday after the Spring Festival to a Friday in early July; the middle school (高中)
    keeps its pupils a week longer in winter and starts again a week earlier."""
    high_school = code == "QHYZ"
    monday, friday = 0, 4
    first_start = _weekday_on_or_after(dt.date(first_year, 9, 1), monday)  # 1 September, or the Monday after
    if dt.date(first_year, 9, 1).weekday() < 5:
        first_start = dt.date(first_year, 9, 1)
    first_end = _weekday_on_or_before(dt.date(first_year + 1, 1, 30 if high_school else 23), friday)
    second_start = _weekday_on_or_after(dt.date(first_year + 1, 2, 18 if high_school else 25), monday)
    second_end = _weekday_on_or_before(dt.date(first_year + 1, 7, 10), friday)
    return (first_start, first_end), (second_start, second_end)


def _school_terms(ctx: DemoContext, union: Union, spec: SchoolSpec) -> None:
    """The school's calendar for the current and the previous school year."""
    current = school_year_of(ctx.today)
    for first_year in (current - 1, current):
        for number, (starts_on, ends_on) in enumerate(demo_term_dates(spec.code, first_year), start=1):
            if SchoolTerm.objects.filter(union=union, first_year=first_year, number=number).exists():
                continue
            services.school_term_set(
                actor=None,
                union=union,
                first_year=first_year,
                number=number,
                starts_on=starts_on,
                ends_on=ends_on,
            )
            ctx.count("学期")


def _workplace(ctx: DemoContext, county: Union, spec: WorkplaceSpec) -> Union:
    union = _union(
        ctx,
        name=spec.name,
        code=spec.code,
        kind=spec.kind,
        parent=county,
        founded_on=spec.founded,
        **REGION,
        full_time_cadres=spec.cadres[0],
        part_time_cadres=spec.cadres[1],
        party_org_name=spec.party_org,
        upper_union_name=county.name,
    )
    last_year, this_year = dt.date(ctx.today.year - 1, 1, 1), dt.date(ctx.today.year, 1, 1)
    for as_of, total in ((last_year, spec.staff_last_year), (this_year, spec.staff_now)):
        if not StaffHeadcount.objects.filter(union=union, as_of=as_of).exists():
            services.headcount_record(
                actor=None,
                union=union,
                as_of=as_of,
                total=total,
                women=round(total * spec.women_share),
                migrant_workers=round(total * spec.migrant_share),
                dispatched=max(1, round(total * spec.dispatched_share)),
                note=spec.headcount_note,
            )
            ctx.count("职工人数记录")
    departments = {}
    for index, name in enumerate(spec.departments):
        department = Department.objects.filter(union=union, name=name).first()
        if department is None:
            department = services.department_create(actor=None, union=union, name=name, sort_order=index)
            ctx.count("部门")
        departments[name] = department
    for index, (name, worked_in) in enumerate(spec.groups, start=1):
        if not UnionGroup.objects.filter(union=union, name=name).exists():
            services.group_create(
                actor=None,
                union=union,
                name=name,
                department=departments[worked_in[0]] if len(worked_in) == 1 else None,
                sort_order=index,
                established_on=max(spec.founded, dt.date(ctx.today.year - 8, 3, 1)),
            )
            ctx.count("工会小组")
    for kind, years, age_days in spec.committees:
        if Committee.objects.filter(union=union, kind=kind).exists():
            continue
        started = ctx.today - dt.timedelta(days=age_days)
        services.committee_establish(
            actor=None,
            union=union,
            kind=kind,
            established_on=started,
            term_years=years,
            first_term_started_on=started,
            first_term_number=spec.term_number if kind == CommitteeKind.UNION_COMMITTEE else 1,
        )
        ctx.count("委员会")
    return union


def _headcounts(ctx: DemoContext, union: Union, spec: SchoolSpec) -> None:
    last_year = dt.date(ctx.today.year - 1, 1, 1)
    this_year = dt.date(ctx.today.year, 1, 1)
    for as_of, total in ((last_year, spec.staff_last_year), (this_year, spec.staff_now)):
        if StaffHeadcount.objects.filter(union=union, as_of=as_of).exists():
            continue
        services.headcount_record(
            actor=None,
            union=union,
            as_of=as_of,
            total=total,
            women=round(total * min(0.95, spec.women_share + 0.06)),  # members and non-member staff
            migrant_workers=max(1, total // 60),
            dispatched=max(1, total // 40),
            note="人事部门年初报数",
        )
        ctx.count("职工人数记录")


def _committees(ctx: DemoContext, union: Union, spec: SchoolSpec, flip: int) -> None:
    started = ctx.today - dt.timedelta(days=spec.term_age_days)
    kinds = [
        (CommitteeKind.UNION_COMMITTEE, 5 if spec.staff_now >= 100 else 3, started),
        (CommitteeKind.WOMEN, 5 if spec.staff_now >= 100 else 3, started),
        (CommitteeKind.FUNDS_AUDIT, 5 if spec.staff_now >= 100 else 3, started),
    ]
    if spec.staff_now >= 200:
        side = ctx.today - dt.timedelta(days=600 + flip)
        kinds.append((CommitteeKind.DISPUTE_MEDIATION, 3, side))
        kinds.append((CommitteeKind.LABOUR_LAW_SUPERVISION, 3, side))
    for kind, years, started in kinds:
        if Committee.objects.filter(union=union, kind=kind).exists():
            continue
        services.committee_establish(
            actor=None,
            union=union,
            kind=kind,
            established_on=started,
            term_years=years,
            first_term_started_on=started,
            first_term_number=3 if kind == CommitteeKind.UNION_COMMITTEE else 1,
        )
        ctx.count("委员会")
