"""Test data builders: unions and people created through the real services."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from gonghui.core.idnumbers import make_id_number
from gonghui.members.models import Person
from gonghui.members.services import person_register
from gonghui.orgs.models import Union, UnionKind
from gonghui.orgs.services import union_create

_seq = itertools.count(1)


def make_union(
    *,
    code: str | None = None,
    name: str | None = None,
    parent: Union | None = None,
    kind: str = UnionKind.SCHOOL,
    **fields: Any,
) -> Union:
    n = next(_seq)
    return union_create(
        actor=None,
        name=name or f"测试学校{n}工会",
        code=code or f"T{n:04d}",
        kind=kind,
        parent=parent,
        **fields,
    )


def make_id(*, birth: dt.date = dt.date(1985, 3, 12), female: bool = False, region: str = "110105") -> str:
    n = next(_seq)
    return make_id_number(region, birth, (n * 2 % 998) + (0 if female else 1))


def make_person(
    union: Union,
    *,
    name: str = "王芳",
    female: bool = True,
    birth: dt.date = dt.date(1985, 3, 12),
    joined_on: dt.date = dt.date(2010, 9, 1),
    today: dt.date = dt.date(2026, 11, 25),
    **fields: Any,
) -> Person:
    id_number = fields.pop("id_number", None) or make_id(birth=birth, female=female)
    return person_register(
        actor=None, union=union, name=name, id_number=id_number, joined_on=joined_on, today=today, **fields
    )
