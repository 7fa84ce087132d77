"""Named personas for permission stories: officers, members and a federation officer of two schools."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from gonghui.accounts.services import role_grant
from gonghui.members.models import Person
from gonghui.members.services import group_leader_appoint
from gonghui.orgs.models import Department, Union, UnionGroup, UnionKind
from gonghui.orgs.services import department_create, group_create, headcount_record
from gonghui.testing.factories import make_person, make_union


@dataclass
class Personas:
    federation: Union
    a: Union
    b: Union
    dept_a: Department
    group_a: UnionGroup
    group_a2: UnionGroup
    dept_b: Department
    group_b: UnionGroup
    people_a: list[Person]
    person_b: Person
    officer_a: Any
    member_a: Any
    leader_a: Any
    finance_a: Any
    care_a: Any
    officer_b: Any
    federation_officer: Any


def _user(username: str) -> Any:
    return get_user_model().objects.create_user(username=username, password="pw-" + username)


def build_personas() -> Personas:
    """Union A (three people in two groups) and union B (one person), both under a federation."""
    federation = make_union(code="FED", name="清河县教育工会", kind=UnionKind.FEDERATION)
    a = make_union(code="SCHA", name="甲校工会", parent=federation)
    b = make_union(code="SCHB", name="乙校工会", parent=federation)
    headcount_record(actor=None, union=a, as_of=dt.date(2026, 1, 1), total=4, women=3)
    headcount_record(actor=None, union=b, as_of=dt.date(2026, 1, 1), total=2, women=1)
    dept_a = department_create(actor=None, union=a, name="语文组")
    group_a = group_create(actor=None, union=a, name="第一工会小组")
    group_a2 = group_create(actor=None, union=a, name="第二工会小组")
    dept_b = department_create(actor=None, union=b, name="数学组")
    group_b = group_create(actor=None, union=b, name="乙校第一小组")
    people_a = [
        make_person(a, name="王芳", department=dept_a, group=group_a, phone="13800138000"),
        make_person(a, name="方明", female=False, group=group_a),
        make_person(a, name="石磊", female=False, group=group_a2),
    ]
    person_b = make_person(b, name="乙校教师", department=dept_b, group=group_b, phone="13900139000")
    personas = Personas(
        federation=federation,
        a=a,
        b=b,
        dept_a=dept_a,
        group_a=group_a,
        group_a2=group_a2,
        dept_b=dept_b,
        group_b=group_b,
        people_a=people_a,
        person_b=person_b,
        officer_a=_user("officer_a"),
        member_a=_user("member_a"),
        leader_a=_user("leader_a"),
        finance_a=_user("finance_a"),
        care_a=_user("care_a"),
        officer_b=_user("officer_b"),
        federation_officer=_user("fed"),
    )
    role_grant(actor=None, user=personas.officer_a, union=a, role="officer")
    role_grant(actor=None, user=personas.member_a, union=a, role="member", person=people_a[1])
    group_leader_appoint(actor=None, group=group_a, person=people_a[0], on=dt.date(2024, 9, 1))
    role_grant(actor=None, user=personas.leader_a, union=a, role="group_leader", person=people_a[0])
    role_grant(actor=None, user=personas.finance_a, union=a, role="finance")
    role_grant(actor=None, user=personas.care_a, union=a, role="care")
    role_grant(actor=None, user=personas.officer_b, union=b, role="officer")
    role_grant(actor=None, user=personas.federation_officer, union=federation, role="federation")
    return personas
