"""The organisation page, and the page where officers keep it up to date."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gonghui.accounts.scope import ActorScope
from gonghui.core.errors import DomainError
from gonghui.orgs import services
from gonghui.orgs.forms import (
    CommitteeForm,
    DepartmentForm,
    GroupForm,
    HeadcountForm,
    ReelectForm,
    SubUnionForm,
)
from gonghui.orgs.selectors import org_overview
from gonghui.web.access import union_view


@union_view("orgs.view")
def overview(request: HttpRequest, scope: ActorScope) -> HttpResponse:
    return render(
        request,
        "orgs/overview.html",
        {"org": org_overview(scope, today=timezone.localdate()), "can_edit": scope.can("orgs.edit")},
    )


FORMS: dict[str, tuple[type[forms.Form], str]] = {
    "headcount": (HeadcountForm, "登记职工人数"),
    "department": (DepartmentForm, "新增部门"),
    "sub_union": (SubUnionForm, "新增分工会"),
    "group": (GroupForm, "新增工会小组"),
    "committee": (CommitteeForm, "设立委员会"),
    "reelect": (ReelectForm, "委员会换届"),
}
NEEDS_UNION = {"group", "reelect"}


def _form(action: str, union: Any, data: Any = None) -> forms.Form:
    form_class, _title = FORMS[action]
    kwargs = {"union": union} if action in NEEDS_UNION else {}
    return form_class(data, prefix=action, **kwargs)


@union_view("orgs.edit")
def maintain(request: HttpRequest, scope: ActorScope) -> HttpResponse:
    """One page with a form for each kind of change to the organisation."""
    forms_by_action = {action: _form(action, scope.union) for action in FORMS}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in FORMS:
            raise Http404("未知的操作")
        form = _form(action, scope.union, request.POST)
        forms_by_action[action] = form
        if form.is_valid():
            try:
                done = _apply(action, scope, request.user, form.cleaned_data)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, done)
                return redirect("orgs:maintain", code=scope.union.code)
    sections = [(action, FORMS[action][1], form) for action, form in forms_by_action.items()]
    return render(request, "orgs/maintain.html", {"sections": sections})


def _apply(action: str, scope: ActorScope, actor: Any, data: dict[str, Any]) -> str:
    union = scope.union
    if action == "headcount":
        record = services.headcount_record(actor=actor, union=union, **data)
        return f"已登记{record.as_of:%Y年%m月%d日}职工人数{record.total}人"
    if action == "department":
        return f"已新增部门「{services.department_create(actor=actor, union=union, name=data['name']).name}」"
    if action == "sub_union":
        created = services.sub_union_create(actor=actor, union=union, name=data["name"], kind=data["kind"])
        return f"已新增分工会「{created.name}」"
    if action == "group":
        group = services.group_create(
            actor=actor,
            union=union,
            name=data["name"],
            sub_union=data["sub_union"],
            established_on=data["established_on"],
        )
        return f"已新增工会小组「{group.name}」"
    if action == "committee":
        committee = services.committee_establish(
            actor=actor,
            union=union,
            kind=data["kind"],
            name=data["name"],
            established_on=data["established_on"],
            term_years=data["term_years"],
            first_term_number=data["first_term_number"],
        )
        return f"已设立{committee.name}"
    term = services.committee_reelect(actor=actor, committee=data["committee"], elected_on=data["elected_on"])
    return f"{term}已开始，上一届的职务随之结束，请任命本届委员"
