"""The organisation page, and the page where officers keep it up to date."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.scope import ActorScope
from gonghui.orgs import services
from gonghui.orgs.forms import (
    CommitteeForm,
    DepartmentForm,
    GroupForm,
    HeadcountForm,
    ReelectForm,
    SchoolTermForm,
    SubUnionForm,
)
from gonghui.orgs.models import UnionKind
from gonghui.orgs.selectors import org_overview, school_terms_of
from gonghui.reports.periods import cn_date
from gonghui.web.access import union_view
from gonghui.web.action_forms import Action, action_forms_page


@union_view("orgs.view")
def overview(request: HttpRequest, scope: ActorScope) -> HttpResponse:
    return render(
        request,
        "orgs/overview.html",
        {"org": org_overview(scope, today=timezone.localdate()), "can_edit": scope.can("orgs.edit")},
    )


@union_view("orgs.edit")
def maintain(request: HttpRequest, scope: ActorScope) -> HttpResponse:
    """One page with a form for each kind of change to the organisation."""
    union, actor = scope.union, request.user

    def headcount(data: dict[str, Any]) -> str:
        record = services.headcount_record(actor=actor, union=union, **data)
        return (
            f"已登记{record.as_of.year}年{record.as_of.month}月{record.as_of.day}日职工人数{record.total}人"
        )

    def department(data: dict[str, Any]) -> str:
        return f"已新增部门「{services.department_create(actor=actor, union=union, name=data['name']).name}」"

    def sub_union(data: dict[str, Any]) -> str:
        created = services.sub_union_create(actor=actor, union=union, name=data["name"], kind=data["kind"])
        return f"已新增分工会「{created.name}」"

    def group(data: dict[str, Any]) -> str:
        created = services.group_create(actor=actor, union=union, **data)
        return f"已新增工会小组「{created.name}」"

    def committee(data: dict[str, Any]) -> str:
        return f"已设立{services.committee_establish(actor=actor, union=union, **data).name}"

    def reelect(data: dict[str, Any]) -> str:
        term = services.committee_reelect(actor=actor, **data)
        return f"{term}已开始，上一届的职务随之结束，请任命本届委员"

    def school_term(data: dict[str, Any]) -> str:
        term = services.school_term_set(actor=actor, union=union, **data)
        return f"已设定{term}：{cn_date(term.starts_on)}至{cn_date(term.ends_on)}"

    actions = {
        "headcount": Action("登记职工人数", HeadcountForm, headcount),
        "department": Action("新增部门", DepartmentForm, department),
        "sub_union": Action("新增分工会", SubUnionForm, sub_union),
        "group": Action("新增工会小组", partial(GroupForm, union=union), group),
        "committee": Action("设立委员会", CommitteeForm, committee),
        "reelect": Action("委员会换届", partial(ReelectForm, union=union), reelect),
    }
    is_school = union.kind == UnionKind.SCHOOL
    if is_school:
        actions["school_term"] = Action(
            "设定学期起止日期", partial(SchoolTermForm, today=timezone.localdate()), school_term
        )
    return action_forms_page(
        request,
        actions=actions,
        template="orgs/maintain.html",
        success_url=reverse("orgs:maintain", kwargs={"code": union.code}),
        context={"is_school": is_school, "school_terms": school_terms_of(scope) if is_school else []},
    )
