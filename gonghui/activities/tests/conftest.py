"""Fixtures for the activity tests: a school with thirty members in two groups, photos in a temp folder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from gonghui.members.models import Person
from gonghui.orgs.models import Union, UnionGroup
from gonghui.orgs.services import group_create, headcount_record
from gonghui.testing.factories import make_person, make_union

# Thirty names with different surnames and stroke counts; the sheet numbers them in stroke order.
THIRTY = (
    "王芳 方明 石磊 田静 史强 白雪 丁一 乙君 七巧 卜凡 于洋 马丽 "
    "万涛 刘洋 孙颖 朱琳 李娜 杨帆 吴迪 张伟 陈晨 林峰 周杰 郑爽 "
    "赵敏 胡歌 钱程 徐静 高远 龚俊"
).split()


@dataclass
class School:
    union: Union
    groups: list[UnionGroup]
    people: list[Person]  # in the order of THIRTY

    def by_name(self, name: str) -> Person:
        return next(p for p in self.people if p.name == name)

    @property
    def in_stroke_order(self) -> list[Person]:
        return sorted(self.people, key=lambda p: (p.name_stroke_key, p.pk))


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def build_school(code: str = "YZ", *, size: int = 30) -> School:
    union = make_union(code=code, name="清河县第一中学工会")
    headcount_record(actor=None, union=union, as_of=dt.date(2020, 1, 1), total=size + 5, women=size)
    groups = [group_create(actor=None, union=union, name=f"第{n}工会小组") for n in ("一", "二")]
    people = [
        make_person(
            union, name=name, group=groups[index % 2], joined_on=dt.date(2020, 9, 1), female=index % 3 != 0
        )
        for index, name in enumerate(THIRTY[:size])
    ]
    return School(union=union, groups=groups, people=people)


@pytest.fixture
def school(db: Any) -> School:
    return build_school()
