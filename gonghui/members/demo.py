"""Demo seeder: the people of the demo unions — three schools, a machinery firm and a bureau — with
retirees, transfers, leavers, group leaders and committee posts."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from gonghui.core.demo import DemoContext
from gonghui.core.idnumbers import make_id_number
from gonghui.members import services
from gonghui.members.models import (
    CommitteePost,
    Education,
    EmploymentForm,
    EndKind,
    GroupLeadership,
    Membership,
    MembershipStatus,
    Person,
    PoliticalStatus,
    PostTitle,
    RetainedReason,
    StartKind,
)
from gonghui.members.roster.samples import write_messy_sample
from gonghui.orgs.demo import WORKPLACES, WorkplaceSpec
from gonghui.orgs.models import Committee, CommitteeKind, CommitteeTerm, Department, Union, UnionGroup

ORDER = 20

# Members actually registered per school; the headcounts (orgs.demo) are the denominators.
ACTIVE_TARGET = {"QHYZ": 284, "QHSX": 103, "QHCG": 45}
RETIREES = {"QHYZ": 9, "QHSX": 4, "QHCG": 2}
NEW_THIS_YEAR = {"QHYZ": 8, "QHSX": 4, "QHCG": 3}
NEW_LAST_YEAR = {"QHYZ": 10, "QHSX": 5, "QHCG": 2}
HOME_REGION = "130534"
OTHER_REGIONS = ("130500", "130502", "130503", "130581", "130582", "131102", "370102", "410102", "130102")
MOBILE_PREFIXES = ("138", "139", "135", "136", "150", "151", "158", "186", "187", "188", "199", "177")
RARE_GIVEN_NAMES = ("堃", "喆", "玥", "子玥", "昇", "珺", "犇", "璟", "祎", "琤", "垚", "嫚")
LOGISTICS = {"后勤", "总务处"}
# A firm's or a bureau's union chair is usually one of its managers, not a hand picked at random.
CHAIR_FROM: dict[str, set[str]] = {"QHHT": {"人事专员", "行政文员"}, "QHRS": {"主任", "副主任"}}


@dataclass
class Draft:
    name: str
    gender: str
    birth: dt.date
    id_number: str
    phone: str
    department: Department
    group: UnionGroup
    employment_form: str
    is_migrant_worker: bool
    political_status: str
    education: str
    post: str
    work_started_on: dt.date
    joined_on: dt.date
    join_kind: str


def seed(ctx: DemoContext) -> None:
    unions: dict[str, Union] = ctx.objects["unions"]
    used_ids: set[str] = set()
    drafts: dict[str, list[Draft]] = {}
    for code in ACTIVE_TARGET:
        drafts[code] = _drafts(ctx, unions[code], used_ids)
    for code, union in ((c, unions[c]) for c in ACTIVE_TARGET):
        for draft in drafts[code]:
            _register(ctx, union, draft)
    _life_events(ctx, unions, drafts)
    for code in ACTIVE_TARGET:
        _leaders_and_posts(ctx, unions[code])
    # The firm and the bureau come after the schools, so the schools' people stay as they were.
    for spec in WORKPLACES:
        union, workforce = unions[spec.code], WORKFORCES[spec.code]
        staff = _workplace_drafts(ctx, union, spec, workforce, used_ids)
        for draft in staff:
            _register(ctx, union, draft)
        _workplace_events(ctx, union, workforce, staff)
        _leaders_and_posts(ctx, union)
    _sample_roster(ctx, unions["QHCG"])


def _sample_roster(ctx: DemoContext, union: Union) -> None:
    """A messy roster in the data dir for officers to try the import on (three rows have errors)."""
    path = Path(settings.DATA_DIR) / "示例花名册（3行有错误）.xlsx"
    if not path.exists():
        write_messy_sample(path, union_name=union.name, seed=ctx.seed)
    ctx.objects.setdefault("notes", []).append(
        f'示例花名册：{path}\n  试一试：gonghui import members "{path}" --union {union.code} --dry-run'
    )


def _drafts(ctx: DemoContext, union: Union, used_ids: set[str]) -> list[Draft]:
    rng = ctx.rng(f"people:{union.code}")
    today = ctx.today
    departments = list(Department.objects.filter(union=union).order_by("sort_order"))
    groups = list(UnionGroup.objects.filter(union=union).order_by("sort_order"))
    women_share = {"QHYZ": 0.58, "QHSX": 0.74, "QHCG": 0.66}[union.code]
    code = union.code
    total = ACTIVE_TARGET[code] + RETIREES[code] + 4  # + leavers and transfers
    drafts: list[Draft] = []
    for index in range(total):
        female = rng.random() < women_share
        name = person_name(ctx, rng, female=female)
        if index % 37 == 5:
            name = name[0] + RARE_GIVEN_NAMES[(index // 37) % len(RARE_GIVEN_NAMES)]
        retiree = index < RETIREES[code]
        if retiree:
            birth = dt.date(
                today.year - 60 if not female else today.year - 55, rng.randint(1, 12), rng.randint(1, 28)
            )
            birth = birth.replace(year=birth.year - rng.randint(0, 1))
        else:
            birth = dt.date(
                rng.randint(today.year - 58, today.year - 23), rng.randint(1, 12), rng.randint(1, 28)
            )
        region = HOME_REGION if rng.random() < 0.7 else rng.choice(OTHER_REGIONS)
        while True:
            seq = rng.randrange(0, 500) * 2 + (0 if female else 1)
            id_number = make_id_number(region, birth, seq)
            if id_number not in used_ids:
                used_ids.add(id_number)
                break
        department = departments[index % len(departments)]
        group = groups[departments.index(department) % len(groups)]
        logistics = department.name in LOGISTICS
        form = EmploymentForm.ESTABLISHED
        if logistics and rng.random() < 0.6:
            form = rng.choice([EmploymentForm.CONTRACT, EmploymentForm.DISPATCHED])
        elif rng.random() < 0.06:
            form = EmploymentForm.CONTRACT
        work_started = dt.date(birth.year + rng.randint(21, 24), 8, 28)
        work_started = min(work_started, today - dt.timedelta(days=30))
        new_index = index - RETIREES[code]
        if 0 <= new_index < NEW_THIS_YEAR[code]:
            joined = dt.date(today.year, 1, 1) + dt.timedelta(
                days=rng.randint(10, max(11, (today - dt.date(today.year, 1, 1)).days - 5))
            )
            work_started = min(work_started, joined)
        elif NEW_THIS_YEAR[code] <= new_index < NEW_THIS_YEAR[code] + NEW_LAST_YEAR[code]:
            joined = dt.date(today.year - 1, rng.randint(1, 12), rng.randint(1, 28))
            work_started = min(work_started, joined)
        else:
            joined = max(
                work_started + dt.timedelta(days=rng.randint(20, 200)), union.founded_on or work_started
            )
            joined = min(joined, dt.date(today.year - 2, 12, 31))
        drafts.append(
            Draft(
                name=name,
                gender="F" if female else "M",
                birth=birth,
                id_number=id_number,
                phone=rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(0, 10**8):08d}",
                department=department,
                group=group,
                employment_form=form,
                is_migrant_worker=form in (EmploymentForm.CONTRACT, EmploymentForm.DISPATCHED)
                and logistics
                and rng.random() < 0.5,
                political_status=_weighted(
                    rng,
                    [
                        (PoliticalStatus.CPC, 38),
                        (PoliticalStatus.NONE, 50),
                        (PoliticalStatus.CYL, 8),
                        (PoliticalStatus.DEMOCRATIC_PARTY, 4),
                    ],
                ),
                education=Education.SECONDARY
                if logistics
                else _weighted(
                    rng, [(Education.BACHELOR, 70), (Education.MASTER, 18), (Education.COLLEGE, 12)]
                ),
                post="后勤服务" if logistics else ("教师" if "组" in department.name else "职员"),
                work_started_on=work_started,
                joined_on=joined,
                join_kind=StartKind.NEW,
            )
        )
    return drafts


def _weighted(rng: random.Random, choices: list[tuple[str, int]]) -> str:
    return rng.choices([value for value, _ in choices], weights=[weight for _, weight in choices])[0]


def _register(ctx: DemoContext, union: Union, draft: Draft) -> Person:
    person = Person.objects.filter(
        union=union, id_number_hash=services.id_number_hash(draft.id_number)
    ).first()
    if person is not None:
        return person
    ctx.count("人员")
    return services.person_register(
        actor=None,
        union=union,
        name=draft.name,
        id_number=draft.id_number,
        gender=draft.gender,
        birth=draft.birth,
        phone=draft.phone,
        department=draft.department,
        group=draft.group,
        employment_form=draft.employment_form,
        is_migrant_worker=draft.is_migrant_worker,
        political_status=draft.political_status,
        education=draft.education,
        post=draft.post,
        work_started_on=draft.work_started_on,
        joined_on=draft.joined_on,
        join_kind=draft.join_kind,
        card_no=f"{union.code}-{draft.joined_on.year}-{draft.id_number[-4:]}",
        today=ctx.today,
    )


def _person(union: Union, draft: Draft) -> Person:
    return Person.objects.get(union=union, id_number_hash=services.id_number_hash(draft.id_number))


def _open(person: Person) -> Membership | None:
    return Membership.objects.filter(person=person, ended_on__isnull=True).first()


def _joined(person: Person) -> dt.date:
    span = _open(person)
    assert span is not None, f"{person} has no open membership"
    return span.started_on


def _life_events(ctx: DemoContext, unions: dict[str, Union], drafts: dict[str, list[Draft]]) -> None:
    today = ctx.today
    for code, union in ((c, unions[c]) for c in ACTIVE_TARGET):
        rng = ctx.rng(f"events:{code}")
        for draft in drafts[code][: RETIREES[code]]:
            person = _person(union, draft)
            span = _open(person)
            if span is not None and span.status == MembershipStatus.ACTIVE:
                retire_year = draft.birth.year + (55 if draft.gender == "F" else 60)
                on = max(dt.date(retire_year, draft.birth.month, draft.birth.day), span.started_on)
                on = min(on, today - dt.timedelta(days=rng.randint(5, 200)))
                services.membership_retain(actor=None, person=person, on=on, reason=RetainedReason.RETIREMENT)
                ctx.count("保留会籍")
        tail = drafts[code][-4:]
        ended = (
            (tail[0], EndKind.WITHDREW, "本人申请退会，工会小组讨论同意"),
            (tail[1], EndKind.DIED, "因病去世"),
        )
        for draft, kind, reason in ended:
            person = _person(union, draft)
            span = _open(person)
            if span is not None:
                on = max(span.started_on, today - dt.timedelta(days=rng.randint(40, 300)))
                services.membership_end(actor=None, person=person, on=on, kind=kind, reason=reason)
                ctx.count("会籍终止")
    # Two teachers of the middle school moved to the primary school last year: 会籍接转.
    source, target = unions["QHYZ"], unions["QHSX"]
    for draft in drafts["QHYZ"][-2:]:
        person = _person(source, draft)
        span = _open(person)
        if span is not None and span.status == MembershipStatus.ACTIVE:
            on = max(span.started_on, dt.date(today.year - 1, 9, 1))
            services.membership_transfer(
                actor=None,
                person=person,
                to_union=target,
                on=on,
                card_no=f"{target.code}-{on.year}-{draft.id_number[-4:]}",
            )
            ctx.count("会籍接转")


def _holding(posts: set[str]) -> Callable[[Person], bool]:
    return lambda person: person.post in posts


def _leaders_and_posts(ctx: DemoContext, union: Union) -> None:
    active = list(
        Person.objects.filter(
            union=union, memberships__status=MembershipStatus.ACTIVE, memberships__ended_on__isnull=True
        )
        .exclude(department__name__in=LOGISTICS)
        .order_by("name_stroke_key", "id")
    )
    rng = ctx.rng(f"posts:{union.code}")
    for group in UnionGroup.objects.filter(union=union):
        if GroupLeadership.objects.filter(group=group).exists():
            continue
        candidates = [p for p in active if p.group_id == group.pk]
        if candidates:
            leader = candidates[rng.randrange(len(candidates))]
            services.group_leader_appoint(
                actor=None,
                group=group,
                person=leader,
                on=max(_joined(leader), ctx.today - dt.timedelta(days=700)),
            )
            ctx.count("小组长")
    active = [p for p in active if p.employment_form != EmploymentForm.DISPATCHED]  # posts go to own staff
    chosen: set[int] = set()

    def pick(predicate: Callable[[Person], bool] | None = None) -> Person:
        pool = [p for p in active if p.pk not in chosen and (predicate is None or predicate(p))]
        pool = pool or [p for p in active if p.pk not in chosen]
        person = pool[rng.randrange(len(pool))]
        chosen.add(person.pk)
        return person

    plans: dict[str, list[PostTitle]] = {
        CommitteeKind.UNION_COMMITTEE: [PostTitle.CHAIR, PostTitle.VICE_CHAIR]
        + [PostTitle.MEMBER] * (5 if len(active) > 150 else 3),
        CommitteeKind.WOMEN: [PostTitle.DIRECTOR] + [PostTitle.MEMBER] * 2,
        CommitteeKind.FUNDS_AUDIT: [PostTitle.DIRECTOR] + [PostTitle.MEMBER] * 2,
        CommitteeKind.DISPUTE_MEDIATION: [PostTitle.DIRECTOR] + [PostTitle.MEMBER] * 2,
        CommitteeKind.LABOUR_LAW_SUPERVISION: [PostTitle.DIRECTOR] + [PostTitle.MEMBER] * 2,
        CommitteeKind.LABOUR_PROTECTION: [PostTitle.DIRECTOR] + [PostTitle.MEMBER] * 2,
    }
    for committee in Committee.objects.filter(union=union):
        term = CommitteeTerm.objects.filter(committee=committee, closed_on__isnull=True).first()
        if term is None or CommitteePost.objects.filter(term=term).exists():
            continue
        for title in plans.get(committee.kind, []):
            women_only = committee.kind == CommitteeKind.WOMEN
            chair_posts = CHAIR_FROM.get(union.code, set()) if title == PostTitle.CHAIR else set()
            if chair_posts:
                person = pick(_holding(chair_posts))
            else:
                person = pick((lambda p: p.gender == "F") if women_only else None)
            services.post_appoint(
                actor=None,
                term=term,
                person=person,
                title=title,
                started_on=max(term.started_on, _joined(person)),
            )
            ctx.count("委员会职务")


# ---- the machinery firm and the bureau --------------------------------------------------------------

# Faker's zh_CN names do not follow the gender it is asked for (name_male() gives 秀兰 as readily as 伟),
# so the demo's people take a Faker surname and a given name from these lists.
MALE_GIVEN_NAMES = (
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "飞", "鑫",
    "波", "宇", "浩", "凯", "健", "俊", "帅", "旭", "龙", "建国", "建军", "志强", "志刚", "海涛",
    "晓东", "国庆", "振华", "文博", "子豪", "浩然", "俊杰", "建平", "永刚", "春生", "德明", "立新",
)  # fmt: skip
FEMALE_GIVEN_NAMES = (
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "婷", "雪", "琳", "倩", "颖", "慧",
    "洁", "琴", "萍", "秀英", "秀兰", "桂芳", "丽娟", "丽华", "玉兰", "海燕", "晓燕", "雅婷", "欣怡",
    "梦瑶", "佳怡", "淑珍", "春梅", "美玲", "秀珍", "金凤", "红梅", "晓丽", "丹丹", "桂英",
)  # fmt: skip


def person_name(ctx: DemoContext, rng: random.Random, *, female: bool) -> str:
    return ctx.faker.last_name() + rng.choice(FEMALE_GIVEN_NAMES if female else MALE_GIVEN_NAMES)


@dataclass(frozen=True)
class DepartmentProfile:
    """Who works in one department: how many, in which posts, and how they are employed."""

    name: str
    weight: int
    posts: tuple[str, ...]
    women: float
    migrant: float  # share of 农民工 among those on contract or dispatched
    dispatched: float
    contract: float  # share on contract (the rest 在编) — a firm has everyone on contract
    education: tuple[tuple[str, int], ...]
    cpc: int  # weight of 中共党员 against 群众 (100 − cpc − 6) and 共青团员 (6)


@dataclass(frozen=True)
class Workforce:
    active: int
    retirees: int
    new_this_year: int
    new_last_year: int
    ages: tuple[int, int]
    women_retire_at: int  # 女工人50岁, 女干部55岁
    home_share: float  # born in 清河县
    regions: tuple[str, ...]  # where the others come from
    departments: tuple[DepartmentProfile, ...]
    leavers: tuple[tuple[str, str], ...]  # (end kind, reason), the last people drafted


SHOP = ((Education.SECONDARY, 55), (Education.JUNIOR, 28), (Education.COLLEGE, 17))
OFFICE = ((Education.BACHELOR, 50), (Education.COLLEGE, 42), (Education.MASTER, 8))
CIVIL = ((Education.BACHELOR, 66), (Education.MASTER, 16), (Education.COLLEGE, 18))

WORKFORCES: dict[str, Workforce] = {
    "QHHT": Workforce(
        active=166,
        retirees=4,
        new_this_year=15,
        new_last_year=12,
        ages=(20, 58),
        women_retire_at=50,
        home_share=0.55,
        regions=("130535", "130533", "130532", "130531", "130529", "130530", "371581", "371526", "130581"),
        departments=(
            DepartmentProfile(
                "金工车间", 55, ("车工", "数控车工", "铣工", "磨工", "钳工"), 0.12, 0.6, 0.06, 1, SHOP, 10
            ),
            DepartmentProfile(
                "装配车间", 45, ("装配钳工", "装配工", "电焊工", "起重工"), 0.18, 0.6, 0.12, 1, SHOP, 8
            ),
            DepartmentProfile(
                "铸造车间",
                35,
                ("造型工", "浇注工", "熔炼工", "铸件清理工"),
                0.06,
                0.7,
                0.14,
                1,
                ((Education.JUNIOR, 45), (Education.SECONDARY, 45), (Education.COLLEGE, 10)),
                6,
            ),
            DepartmentProfile(
                "质检部",
                15,
                ("质检员", "计量员", "理化分析员"),
                0.55,
                0.15,
                0.0,
                1,
                ((Education.COLLEGE, 50), (Education.BACHELOR, 30), (Education.SECONDARY, 20)),
                20,
            ),
            DepartmentProfile(
                "销售部", 14, ("销售业务员", "售后服务工程师", "销售内勤"), 0.35, 0.2, 0.0, 1, OFFICE, 15
            ),
            DepartmentProfile(
                "综合办公室",
                16,
                ("行政文员", "会计", "出纳", "人事专员", "司机"),
                0.6,
                0.05,
                0.1,
                1,
                OFFICE,
                35,
            ),
        ),
        leavers=(
            (EndKind.WITHDREW, "离职到外地务工，本人申请退会"),
            (EndKind.WITHDREW, "劳动合同期满不再续签，本人申请退会"),
            (EndKind.LAPSED, "离职后连续六个月未交纳会费、未参加工会组织生活，经工会小组联系未回复"),
        ),
    ),
    "QHRS": Workforce(
        active=68,
        retirees=3,
        new_this_year=3,
        new_last_year=2,
        ages=(24, 59),
        women_retire_at=55,
        home_share=0.75,
        regions=("130500", "130503", "130535", "130533", "130581", "130102", "370102"),
        departments=(
            DepartmentProfile(
                "办公室", 11, ("科员", "副主任", "主任", "驾驶员"), 0.5, 0.0, 0.2, 0.15, CIVIL, 70
            ),
            DepartmentProfile("政策法规科", 6, ("科长", "副科长", "科员"), 0.5, 0.0, 0.0, 0.0, CIVIL, 75),
            DepartmentProfile(
                "就业促进科", 10, ("科长", "科员", "窗口经办员"), 0.55, 0.0, 0.0, 0.3, CIVIL, 60
            ),
            DepartmentProfile(
                "职业能力建设科", 7, ("科长", "科员", "职业技能鉴定员"), 0.45, 0.0, 0.0, 0.15, CIVIL, 60
            ),
            DepartmentProfile(
                "劳动关系科", 7, ("科长", "科员", "劳动争议调解员"), 0.45, 0.0, 0.0, 0.0, CIVIL, 70
            ),
            DepartmentProfile(
                "社会保险科", 12, ("科长", "科员", "窗口经办员"), 0.6, 0.0, 0.0, 0.3, CIVIL, 60
            ),
            DepartmentProfile("劳动保障监察大队", 9, ("大队长", "监察员"), 0.3, 0.0, 0.0, 0.0, CIVIL, 70),
            DepartmentProfile("信息中心", 6, ("工程师", "技术员"), 0.35, 0.0, 0.0, 0.3, CIVIL, 45),
        ),
        leavers=((EndKind.DIED, "因病去世"),),
    ),
}


def _workplace_drafts(
    ctx: DemoContext, union: Union, spec: WorkplaceSpec, workforce: Workforce, used_ids: set[str]
) -> list[Draft]:
    rng = ctx.rng(f"people:{union.code}")
    today = ctx.today
    departments = {d.name: d for d in Department.objects.filter(union=union)}
    groups = {g.name: g for g in UnionGroup.objects.filter(union=union)}
    group_of = {name: groups[group] for group, worked_in in spec.groups for name in worked_in}
    slots = [profile for profile in workforce.departments for _ in range(profile.weight)]
    rng.shuffle(slots)
    total = workforce.active + workforce.retirees + len(workforce.leavers)
    founded = union.founded_on or dt.date(today.year - 10, 1, 1)
    drafts: list[Draft] = []
    for index in range(total):
        profile = slots[index % len(slots)]
        female = rng.random() < profile.women
        name = person_name(ctx, rng, female=female)
        retiree = index < workforce.retirees
        if retiree:
            age = workforce.women_retire_at if female else 60
            birth = dt.date(today.year - age - rng.randint(0, 1), rng.randint(1, 12), rng.randint(1, 28))
        else:
            low, high = workforce.ages
            birth = dt.date(today.year - rng.randint(low, high), rng.randint(1, 12), rng.randint(1, 28))
        region = HOME_REGION if rng.random() < workforce.home_share else rng.choice(workforce.regions)
        while True:
            id_number = make_id_number(region, birth, rng.randrange(0, 500) * 2 + (0 if female else 1))
            if id_number not in used_ids:
                used_ids.add(id_number)
                break
        roll = rng.random()
        if roll < profile.dispatched:
            form = EmploymentForm.DISPATCHED
        elif roll < profile.dispatched + profile.contract:
            form = EmploymentForm.CONTRACT
        else:
            form = EmploymentForm.ESTABLISHED
        # 农民工: rural household registration; more likely among those from other counties.
        migrant = rng.random() < profile.migrant * (1.3 if region != HOME_REGION else 0.8)
        education = _weighted(rng, list(profile.education))
        post = profile.posts[rng.randrange(len(profile.posts))]
        if post in ("司机", "驾驶员"):
            education = Education.SECONDARY
        work_started = min(dt.date(birth.year + rng.randint(18, 23), rng.randint(3, 9), 1), today)
        new_index = index - workforce.retirees
        if 0 <= new_index < workforce.new_this_year:
            joined = dt.date(today.year, 1, 1) + dt.timedelta(
                days=rng.randint(10, max(11, (today - dt.date(today.year, 1, 1)).days - 5))
            )
        elif 0 <= new_index - workforce.new_this_year < workforce.new_last_year:
            joined = dt.date(today.year - 1, rng.randint(1, 12), rng.randint(1, 28))
        else:
            joined = max(work_started, founded) + dt.timedelta(days=rng.randint(30, 900))
            joined = min(joined, dt.date(today.year - 2, 12, 31))
        work_started = min(work_started, joined)
        drafts.append(
            Draft(
                name=name,
                gender="F" if female else "M",
                birth=birth,
                id_number=id_number,
                phone=rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(0, 10**8):08d}",
                department=departments[profile.name],
                group=group_of[profile.name],
                employment_form=form,
                is_migrant_worker=migrant and form != EmploymentForm.ESTABLISHED,
                political_status=_weighted(
                    rng,
                    [
                        (PoliticalStatus.CPC, profile.cpc),
                        (PoliticalStatus.CYL, 6),
                        (PoliticalStatus.NONE, max(0, 94 - profile.cpc)),
                    ],
                ),
                education=education,
                post=post,
                work_started_on=work_started,
                joined_on=joined,
                join_kind=StartKind.NEW,
            )
        )
    return drafts


def _workplace_events(ctx: DemoContext, union: Union, workforce: Workforce, drafts: list[Draft]) -> None:
    rng = ctx.rng(f"events:{union.code}")
    for draft in drafts[: workforce.retirees]:
        person = _person(union, draft)
        span = _open(person)
        if span is not None and span.status == MembershipStatus.ACTIVE:
            age = 60 if draft.gender == "M" else workforce.women_retire_at
            on = min(
                dt.date(draft.birth.year + age, draft.birth.month, draft.birth.day),
                ctx.today - dt.timedelta(days=rng.randint(5, 200)),
            )
            on = max(on, span.started_on)
            services.membership_retain(actor=None, person=person, on=on, reason=RetainedReason.RETIREMENT)
            ctx.count("保留会籍")
    leaving = drafts[len(drafts) - len(workforce.leavers) :] if workforce.leavers else []
    for draft, (kind, reason) in zip(leaving, workforce.leavers, strict=True):
        person = _person(union, draft)
        span = _open(person)
        if span is not None:
            on = max(span.started_on, ctx.today - dt.timedelta(days=rng.randint(30, 320)))
            services.membership_end(actor=None, person=person, on=on, kind=kind, reason=reason)
            ctx.count("会籍终止")
