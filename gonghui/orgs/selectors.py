"""Reads of unions and their structure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet

from gonghui.accounts.scope import ActorScope
from gonghui.core.errors import NotFound
from gonghui.orgs.models import (
    Committee,
    CommitteeTerm,
    Department,
    SchoolTerm,
    StaffHeadcount,
    SubUnion,
    Union,
    UnionGroup,
)

# periods is a leaf module (it imports only core): the one definition of a school calendar.
from gonghui.reports.periods import SchoolCalendar, TermDates


def union_subtree(union: Union) -> QuerySet[Union]:
    """The union and every union below it, at any depth, in one query."""
    return Union.objects.filter(path__startswith=union.path)


def union_by_code(code: str) -> Union | None:
    """A union by its code, for naming the receiving union of a transfer (names are not private)."""
    return Union.objects.filter(code__iexact=code).first() if code else None


def headcount_on(union: Union, day: dt.date) -> StaffHeadcount | None:
    """The last headcount recorded on or before `day`."""
    return StaffHeadcount.objects.filter(union=union, as_of__lte=day).order_by("-as_of").first()


def school_calendar_for(union: Union) -> SchoolCalendar:
    """The union's school calendar: the term dates it has set (SchoolTerm); other terms follow the default
    rule of reports.periods. A union that has set none (not a school, or not yet) gets the default rule."""
    return SchoolCalendar.of(
        TermDates(term.first_year, term.number, term.starts_on, term.ends_on)
        for term in SchoolTerm.objects.filter(union=union)
    )


def school_terms_of(scope: ActorScope) -> list[SchoolTerm]:
    """The term dates the scope's union has set, latest school year first."""
    scope.require("orgs.view")
    return list(SchoolTerm.objects.filter(union=scope.union).order_by("-first_year", "number"))


@dataclass(frozen=True)
class TermWarning:
    term: CommitteeTerm
    days_left: int

    @property
    def message(self) -> str:
        committee = self.term.committee.name
        ends = f"{self.term.ends_on.year}年{self.term.ends_on.month}月{self.term.ends_on.day}日"
        if self.days_left < 0:
            return f"{committee}第{self.term.number}届任期已于{ends}届满，已超期{-self.days_left}天，请尽快组织换届"
        if self.days_left == 0:
            return f"{committee}第{self.term.number}届任期今天（{ends}）届满，请组织换届"
        return f"{committee}第{self.term.number}届任期将于{ends}届满，还有{self.days_left}天，请做好换届准备"


def committee_term_warnings(
    *, union: Union, today: dt.date, within_days: int | None = None
) -> list[TermWarning]:
    """Open terms that end within `within_days` (default GONGHUI_TERM_WARNING_DAYS) or are overdue."""
    within = settings.GONGHUI_TERM_WARNING_DAYS if within_days is None else within_days
    horizon = today + dt.timedelta(days=within)
    terms = (
        CommitteeTerm.objects.filter(union=union, closed_on__isnull=True, ends_on__lte=horizon)
        .select_related("committee")
        .order_by("ends_on")
    )
    return [TermWarning(term=term, days_left=(term.ends_on - today).days) for term in terms]


def departments_of(scope: ActorScope) -> QuerySet[Department]:
    scope.require("orgs.view")
    return Department.objects.filter(union=scope.union).order_by("sort_order", "name")


def groups_of(scope: ActorScope) -> QuerySet[UnionGroup]:
    scope.require("orgs.view")
    return UnionGroup.objects.filter(union=scope.union).order_by("sort_order", "name")


@dataclass(frozen=True)
class GroupRow:
    group: UnionGroup
    leader_name: str
    size: int


@dataclass(frozen=True)
class CommitteeRow:
    committee: Committee
    term: CommitteeTerm | None
    posts: list[Any]


@dataclass(frozen=True)
class OrgOverview:
    union: Union
    headcounts: list[StaffHeadcount]
    departments: list[Department]
    sub_unions: list[SubUnion]
    groups: list[GroupRow]
    committees: list[CommitteeRow]
    children: list[Union]
    warnings: list[TermWarning]
    school_terms: list[SchoolTerm]


def org_overview(scope: ActorScope, *, today: dt.date) -> OrgOverview:
    """The organisation page: structure, committees with their current term and posts, unions below."""
    scope.require("orgs.view")
    union = scope.union
    groups = (
        UnionGroup.objects.filter(union=union)
        .annotate(size=Count("people", distinct=True))
        .order_by("sort_order", "name")
    )
    # Leaders are dated records kept with the people (members.GroupLeadership), read through the reverse relation.
    leaders = dict(
        UnionGroup.objects.filter(union=union, leaderships__ended_on__isnull=True).values_list(
            "id", "leaderships__person__name"
        )
    )
    committees = []
    for committee in Committee.objects.filter(union=union).order_by("kind", "name"):
        term = committee.terms.filter(closed_on__isnull=True).first()
        posts = (
            list(term.posts.filter(ended_on__isnull=True).select_related("person").order_by("title", "id"))
            if term
            else []
        )
        committees.append(CommitteeRow(committee, term, posts))
    return OrgOverview(
        union=union,
        headcounts=list(StaffHeadcount.objects.filter(union=union).order_by("-as_of")[:10]),
        departments=list(Department.objects.filter(union=union).order_by("sort_order", "name")),
        sub_unions=list(SubUnion.objects.filter(union=union).order_by("name")),
        groups=[GroupRow(g, leaders.get(g.pk, ""), g.size) for g in groups],
        committees=committees,
        children=list(Union.objects.filter(parent=union).order_by("code")),
        warnings=committee_term_warnings(union=union, today=today),
        school_terms=list(SchoolTerm.objects.filter(union=union).order_by("-first_year", "number")[:6]),
    )


def department_get_for(scope: ActorScope, department_id: int) -> Department:
    """A department of the scope's union, or NotFound (also for another union's department)."""
    scope.require("orgs.view")
    department = Department.objects.filter(union=scope.union, pk=department_id).first()
    if department is None:
        raise NotFound()
    return department


def group_get_for(scope: ActorScope, group_id: int) -> UnionGroup:
    """A union group of the scope's union, or NotFound (also for another union's group)."""
    scope.require("orgs.view")
    group = UnionGroup.objects.filter(union=scope.union, pk=group_id).first()
    if group is None:
        raise NotFound()
    return group
