"""Demo seeder: the people of the demo schools, with retirees, transfers, leavers and committee posts."""

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
        name = ctx.faker.name_female() if female else ctx.faker.name_male()
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
    chosen: set[int] = set()

    def pick(predicate: Callable[[Person], bool] | None = None) -> Person:
        pool = [p for p in active if p.pk not in chosen and (predicate is None or predicate(p))]
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
    }
    for committee in Committee.objects.filter(union=union):
        term = CommitteeTerm.objects.filter(committee=committee, closed_on__isnull=True).first()
        if term is None or CommitteePost.objects.filter(term=term).exists():
            continue
        for title in plans.get(committee.kind, []):
            women_only = committee.kind == CommitteeKind.WOMEN
            person = pick((lambda p: p.gender == "F") if women_only else None)
            services.post_appoint(
                actor=None,
                term=term,
                person=person,
                title=title,
                started_on=max(term.started_on, _joined(person)),
            )
            ctx.count("委员会职务")
