"""The vocabulary of the activities demo: an activity to hold every year (`Spec`), its results, an honour
(`HonourSpec`) and one union's whole year (`Plan`). The schools' year is in `demo.py`, the firm's and the
bureau's in `demo_workplaces.py`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from gonghui.activities.models import Audience, EditionUnit, UnionRole

READING_KIND = "读书会"
PRIZE_PREFIX = "获奖："  # HonourSpec.among = "获奖：车工项目三等奖": the member who last won that prize


@dataclass(frozen=True)
class Result:
    level: str
    title: str
    winners: int = 0  # individual prizes name this many team members; 0 is a team result
    issuer: str = ""
    among: str = ""  # "男" or "女" for a men's or women's event


@dataclass(frozen=True)
class Spec:
    month: int
    day: int
    title: str
    kind: str
    audience: str = Audience.ALL_MEMBERS
    role: str = UnionRole.HOST
    turnout: float = 0.8
    start: dt.time = dt.time(15, 40)
    end: dt.time | None = dt.time(17, 30)
    place: str = ""
    sessions: int = 1
    every_days: int = 7
    session_word: str = "轮"  # weekly sessions are titled 第2轮, 第3轮 … (a course: 第2讲)
    signups: int = 0  # for audience "registered": how many members sign up
    signup_from: tuple[str, ...] = ()  # only members of these departments sign up (a lathe contest)
    series: str = ""
    edition_last_year: int | None = None
    edition_unit: str = EditionUnit.JIE
    edition_step: int = 0  # how far the 届/期 number moves a year when the series meets more than once
    hours: Decimal | None = None
    topic: str = ""
    trainer: str = ""
    co_organisers: str = ""
    budget: str | None = None
    description: str = ""
    effect: str = ""
    highlight: bool = False
    results: tuple[Result, ...] = ()
    retirees: bool = False
    family: int = 0
    guests: tuple[str, ...] = ()
    everywhere: bool = False  # also at the two primary schools
    departments: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class HonourSpec:
    years_ago: int
    month: int
    day: int
    title: str
    level: str
    issuer: str
    unit: str = ""  # a unit honour when set
    evidence: str = ""
    main_only: bool = False
    # Whom a person honour goes to: "女" a woman, "农民工" a migrant worker, "获奖：<result title>" the
    # member who last won that prize, else a member of the department of that name.
    among: str = ""


@dataclass(frozen=True)
class Plan:
    """One union's year of activities and its honours."""

    code: str
    specs: tuple[Spec, ...]
    honours: tuple[HonourSpec, ...]
    reference_size: int  # the sign-up numbers in `specs` are for a union of this many members
    care_notes: tuple[str, str]  # what the two model-worker visits of the year were about
    reading_kind: bool = False  # the reading circle is filed under the union's own kind 读书会
    signed_up_come: bool = False  # those signed up come at the spec's turnout, whatever their group's habits
