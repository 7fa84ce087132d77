"""Member list, member file, register and edit: thin views over selectors and services."""

from __future__ import annotations

import datetime as dt
import io
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from gonghui.accounts.scope import ActorScope
from gonghui.core.errors import DomainError, InvalidInput
from gonghui.jobs.services import job_enqueue
from gonghui.members import selectors, services
from gonghui.members.forms import (
    PERSON_FIELDS,
    GroupLeaderForm,
    MembershipChangeForm,
    PersonForm,
    PostAppointForm,
    PostEndForm,
    RegisterForm,
)
from gonghui.members.roster.export import write_template
from gonghui.orgs.selectors import departments_of, groups_of, union_by_code
from gonghui.web.access import union_view
from gonghui.web.action_forms import Action, action_forms_page

PAGE_SIZE = 50


@union_view("members.view")
def member_list(request: HttpRequest, scope: ActorScope) -> HttpResponse:
    q = request.GET.get("q", "")
    sort = request.GET.get("sort", "strokes")
    if sort not in selectors.SORTS:
        sort = "strokes"
    department_id = _int(request.GET.get("department"))
    group_id = _int(request.GET.get("group"))
    status = request.GET.get("status", "current")
    people = selectors.person_list_for(
        scope,
        q=q,
        sort=sort,
        department_id=department_id,
        group_id=group_id,
        on=timezone.localdate() if status == "current" else None,
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    statuses = selectors.current_statuses([p.pk for p in page.object_list], timezone.localdate())
    rows = [
        {"person": p, "status": statuses.get(p.pk), "private": selectors.may_see_private(scope, p)}
        for p in page.object_list
    ]
    context: dict[str, Any] = {
        "page": page,
        "rows": rows,
        "q": q,
        "sort": sort,
        "status": status,
        "department_id": department_id,
        "group_id": group_id,
        "departments": departments_of(scope),
        "groups": groups_of(scope),
        "can_edit": scope.can("members.edit"),
        "can_export": scope.can("members.export"),
    }
    template = "members/_list_table.html" if request.headers.get("HX-Request") else "members/list.html"
    return render(request, template, context)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@union_view("members.view")
def member_detail(request: HttpRequest, scope: ActorScope, person_id: int) -> HttpResponse:
    person = selectors.person_get_for(scope, person_id)
    file = selectors.person_file(person)
    return render(
        request,
        "members/detail.html",
        {
            "file": file,
            "person": person,
            "private": selectors.may_see_private(scope, person),
            "can_edit": scope.can("members.edit"),
            "show_audit": scope.can("members.edit"),
        },
    )


@union_view("members.edit")
def member_create(request: HttpRequest, scope: ActorScope) -> HttpResponse:
    form = RegisterForm(request.POST or None, union=scope.union)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.person_register(
                actor=request.user,
                union=scope.union,
                birth=data.pop("birth_date") or None,
                gender=data.pop("gender") or None,
                **data,
            )
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        except DomainError as exc:
            form.add_service_errors({exc.field or "__all__": [exc.message]})
        else:
            messages.success(request, f"已登记会员{person.name}（会员编号{person.member_no}）")
            return redirect("members:detail", code=scope.union.code, person_id=person.pk)
    return render(request, "members/form.html", {"form": form, "title": "登记会员"})


@union_view("members.edit")
def member_edit(request: HttpRequest, scope: ActorScope, person_id: int) -> HttpResponse:
    person = selectors.person_get_for(scope, person_id)
    initial = {name: getattr(person, name) for name in PERSON_FIELDS}
    form = PersonForm(request.POST or None, union=scope.union, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {name: value for name, value in form.cleaned_data.items() if value != initial.get(name)}
        if "birth_date" in changes and not changes["birth_date"]:
            changes.pop("birth_date")
        if "gender" in changes and not changes["gender"]:
            changes.pop("gender")
        try:
            services.person_update(actor=request.user, person=person, **changes)
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        except DomainError as exc:
            form.add_service_errors({exc.field or "__all__": [exc.message]})
        else:
            messages.success(request, "已保存" if changes else "没有需要保存的修改")
            return redirect("members:detail", code=scope.union.code, person_id=person.pk)
    return render(
        request, "members/form.html", {"form": form, "title": f"修改{person.name}的档案", "person": person}
    )


@union_view("members.edit")
def membership_change(request: HttpRequest, scope: ActorScope, person_id: int) -> HttpResponse:
    person = selectors.person_get_for(scope, person_id)
    form = MembershipChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            done = _apply_membership_change(request, scope, person, data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, done)
            return redirect("members:detail", code=scope.union.code, person_id=person.pk)
    return render(request, "members/membership_change.html", {"form": form, "person": person})


def _apply_membership_change(
    request: HttpRequest, scope: ActorScope, person: Any, data: dict[str, Any]
) -> str:
    action, on = data["action"], data["on"]
    if action == "retain":
        if not data["retained_reason"]:
            raise DomainError("请选择保留会籍的原因", field="retained_reason")
        services.membership_retain(actor=request.user, person=person, on=on, reason=data["retained_reason"])
        return f"{person.name}已转为保留会籍"
    if action == "restore":
        services.membership_restore(actor=request.user, person=person, on=on)
        return f"{person.name}已恢复为在职会员"
    if action == "end":
        if not data["end_kind"]:
            raise DomainError("请选择终止方式", field="end_kind")
        services.membership_end(
            actor=request.user, person=person, on=on, kind=data["end_kind"], reason=data["reason"]
        )
        return f"{person.name}的会籍已终止"
    if action == "transfer":
        target = union_by_code(data["to_union_code"].strip())
        if target is None:
            raise DomainError(f"未找到简码为「{data['to_union_code']}」的工会", field="to_union_code")
        services.membership_transfer(
            actor=request.user, person=person, to_union=target, on=on, card_no=data["card_no"]
        )
        return f"{person.name}的会籍已转至{target.name}"
    services.membership_rejoin(actor=request.user, person=person, on=on, card_no=data["card_no"])
    return f"{person.name}已重新入会"


@union_view("members.edit")
def posts(request: HttpRequest, scope: ActorScope) -> HttpResponse:
    """Committee posts and group leaders: who holds what now, and forms to appoint and relieve."""
    union, actor = scope.union, request.user
    people = selectors.members_on(union, timezone.localdate())

    def leader(data: dict[str, Any]) -> str:
        services.group_leader_appoint(actor=actor, **data)
        return f"{data['person'].name}已任{data['group'].name}组长"

    def appoint(data: dict[str, Any]) -> str:
        return f"已任命：{services.post_appoint(actor=actor, **data)}"

    def relieve(data: dict[str, Any]) -> str:
        services.post_end(actor=actor, **data)
        return f"{data['post']}已离任"

    actions = {
        "leader": Action("任命小组长", partial(GroupLeaderForm, union=union, people=people), leader),
        "appoint": Action("任命委员会职务", partial(PostAppointForm, union=union, people=people), appoint),
        "end": Action("职务离任", partial(PostEndForm, union=union), relieve),
    }
    return action_forms_page(
        request,
        actions=actions,
        template="members/posts.html",
        success_url=reverse("members:posts", kwargs={"code": union.code}),
        context={"holders": selectors.post_holders(scope)},
    )


# ---- the roster out: export, blank template, new-member notice -----------------------------------------

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_POST
@union_view("members.export")
def member_export(request: HttpRequest, scope: ActorScope) -> HttpResponse:
    """Start the roster export; the job rebuilds the requester's scope, so masking follows their role."""
    today = timezone.localdate()
    try:
        job = job_enqueue(
            actor=request.user,
            union=scope.union,
            kind="members.roster_export",
            params={"on": today.isoformat()},
            title=f"导出{scope.union.name}会员名册",
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("members:list", code=scope.union.code)
    return redirect("jobs:detail", job_id=job.pk)


@require_GET
@union_view("members.export")
def member_template(request: HttpRequest, scope: ActorScope) -> HttpResponse:
    """The blank roster with its instructions sheet: small, so written on the spot."""
    buffer = io.BytesIO()
    write_template(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, "会员名册模板.xlsx") or "attachment"
    return response


@require_POST
@union_view("members.edit")
def member_notice(request: HttpRequest, scope: ActorScope) -> HttpResponse:
    """Start the 新会员名单公示 for members admitted between two dates, dated 成文日期."""
    dates: dict[str, dt.date] = {}
    for field, label in (("from", "起始日期"), ("to", "截止日期"), ("signed", "成文日期")):
        try:
            dates[field] = dt.date.fromisoformat(request.POST.get(field, "").strip())
        except ValueError:
            messages.error(request, f"请填写{label}（如 2026-11-25）")
            return redirect("members:list", code=scope.union.code)
    if dates["from"] > dates["to"]:
        messages.error(request, "起始日期不能晚于截止日期")
        return redirect("members:list", code=scope.union.code)
    try:
        job = job_enqueue(
            actor=request.user,
            union=scope.union,
            kind="members.new_member_notice",
            params={
                "start": dates["from"].isoformat(),
                "end": dates["to"].isoformat(),
                "signed_on": dates["signed"].isoformat(),
            },
            title=f"生成{scope.union.name}新会员名单公示",
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("members:list", code=scope.union.code)
    return redirect("jobs:detail", job_id=job.pk)
