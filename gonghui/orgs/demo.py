"""Demo seeder: a county education federation with three school unions of different sizes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gonghui.core.demo import DemoContext
from gonghui.orgs import services
from gonghui.orgs.models import (
    Committee,
    CommitteeKind,
    Department,
    StaffHeadcount,
    Union,
    UnionGroup,
    UnionKind,
)

ORDER = 10

FEDERATION_CODE = "QHJY"


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


def _union(ctx: DemoContext, **fields: object) -> Union:
    existing = Union.objects.filter(code=fields["code"]).first()
    if existing is not None:
        return existing
    ctx.count("工会")
    return services.union_create(actor=None, **fields)  # type: ignore[arg-type]


def seed(ctx: DemoContext) -> None:
    federation = _union(
        ctx,
        name="清河县教育工会",
        code=FEDERATION_CODE,
        kind=UnionKind.FEDERATION,
        founded_on=dt.date(1984, 5, 1),
        province_code="130000",
        city_code="130500",
        county_code="130534",
        full_time_cadres=2,
        part_time_cadres=3,
        party_org_name="中共清河县教育局委员会",
        upper_union_name="清河县总工会",
    )
    unions = {FEDERATION_CODE: federation}
    rng = ctx.rng("orgs")
    for spec in SCHOOLS:
        union = _union(
            ctx,
            name=spec.name,
            code=spec.code,
            kind=UnionKind.SCHOOL,
            parent=federation,
            founded_on=spec.founded,
            province_code="130000",
            city_code="130500",
            county_code="130534",
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
    ctx.objects["unions"] = unions
    ctx.objects["schools"] = SCHOOLS


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
