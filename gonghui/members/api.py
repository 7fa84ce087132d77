"""Member endpoints: the roster, one member's file, registration and changes; thin over selectors and services.

ID numbers and phones are masked unless `may_see_private` says this caller needs them for this person.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination
from pydantic import ConfigDict, Field, model_validator

from gonghui.accounts.scope import ActorScope, scope_for
from gonghui.core.errors import InvalidInput, NotFound
from gonghui.core.idnumbers import IdType
from gonghui.members.models import (
    Education,
    EmploymentForm,
    Gender,
    Membership,
    MembershipStatus,
    Person,
    PoliticalStatus,
    WorkStatus,
)
from gonghui.members.selectors import (
    current_statuses,
    may_see_private,
    person_file,
    person_get_for,
    person_list_for,
)
from gonghui.members.services import person_register, person_update
from gonghui.orgs.selectors import department_get_for, group_get_for

router = Router(tags=["会员"])

MEMBER_PAGES = PageNumberPagination(page_size=50, max_page_size=200)
NO_MEMBERSHIP_LABEL = "无有效会籍"


class MemberFilters(Schema):
    q: str = Field("", description="姓名、拼音首字母、部门或小组名称")
    sort: Literal["strokes", "pinyin", "-strokes", "-pinyin"] = Field(
        "strokes", description="strokes 姓氏笔画，pinyin 拼音；前加 - 为倒序"
    )
    department_id: int | None = None
    group_id: int | None = None
    status: Literal["current", "all"] = Field(
        "current", description="current 今天在册（在职会员与保留会籍），all 含已离会人员"
    )


class MembershipSpanOut(Schema):
    status: str
    status_label: str
    started_on: dt.date
    start_kind: str
    start_kind_label: str
    approved_on: dt.date | None
    card_no: str
    retained_reason: str
    retained_reason_label: str
    held_by: str | None
    ended_on: dt.date | None
    end_kind: str
    end_kind_label: str
    end_reason: str


class MemberRow(Schema):
    id: int
    member_no: str
    name: str
    gender: str
    gender_label: str
    birth_date: dt.date | None
    department_id: int | None
    department: str | None
    group_id: int | None
    group: str | None
    post: str
    employment_form: str
    employment_form_label: str
    work_status: str
    work_status_label: str
    membership_status: str | None
    membership_status_label: str
    id_number: str = Field(description="无权查看时为脱敏值，如 1101**********002X")
    phone: str = Field(description="无权查看时为脱敏值，如 138****8000")
    masked: bool = Field(description="证件号码和电话是否已脱敏")


class MemberDetail(MemberRow):
    id_type: str
    id_type_label: str
    ethnicity: str
    political_status: str
    political_status_label: str
    education: str
    education_label: str
    sub_union: str | None
    is_migrant_worker: bool
    is_new_employment_form: bool
    work_started_on: dt.date | None
    notes: str
    memberships: list[MembershipSpanOut]


class MemberPage(Schema):
    count: int
    items: list[MemberRow]


class MemberCreateIn(Schema):
    model_config = ConfigDict(use_enum_values=True)

    name: str = Field(max_length=50)
    id_number: str
    id_type: IdType = IdType.RESIDENT
    gender: Gender | None = Field(None, description="可不填：居民身份证号中已含性别")
    birth_date: dt.date | None = Field(None, description="可不填：居民身份证号中已含出生日期")
    phone: str = ""
    ethnicity: str = Field("汉族", max_length=20)
    political_status: PoliticalStatus = PoliticalStatus.NONE
    education: Education | Literal[""] = ""
    department_id: int | None = None
    group_id: int | None = None
    post: str = Field("", max_length=50)
    employment_form: EmploymentForm = EmploymentForm.CONTRACT
    work_status: WorkStatus = WorkStatus.AT_WORK
    is_migrant_worker: bool = False
    is_new_employment_form: bool = False
    work_started_on: dt.date | None = None
    joined_on: dt.date
    join_kind: Literal["new", "transfer_in", "restored"] = Field(
        "new", description="new 新发展，transfer_in 转入，restored 恢复"
    )
    card_no: str = Field("", max_length=32)
    notes: str = ""


# Fields a PATCH may set to null; every other field needs a value when it is sent.
NULLABLE_CHANGES = frozenset({"birth_date", "work_started_on", "department_id", "group_id"})


class MemberChangeIn(Schema):
    """Only the fields sent are changed."""

    model_config = ConfigDict(use_enum_values=True)

    name: str | None = Field(None, max_length=50)
    id_number: str | None = None
    id_type: IdType | None = None
    gender: Gender | None = None
    birth_date: dt.date | None = None
    phone: str | None = None
    ethnicity: str | None = Field(None, max_length=20)
    political_status: PoliticalStatus | None = None
    education: Education | Literal[""] | None = None
    department_id: int | None = None
    group_id: int | None = None
    post: str | None = Field(None, max_length=50)
    employment_form: EmploymentForm | None = None
    work_status: WorkStatus | None = None
    is_migrant_worker: bool | None = None
    is_new_employment_form: bool | None = None
    work_started_on: dt.date | None = None
    notes: str | None = None

    @model_validator(mode="after")
    def _refuse_null_for_required_fields(self) -> MemberChangeIn:
        emptied = sorted(
            name for name in self.model_fields_set - NULLABLE_CHANGES if getattr(self, name) is None
        )
        if emptied:
            raise ValueError(f"以下字段不能为空：{'、'.join(emptied)}")
        return self


@router.get("/unions/{code}/members", response=MemberPage, summary="会员名册（分页）")
def member_list(
    request: HttpRequest,
    code: str,
    filters: Query[MemberFilters],
    pages: Query[PageNumberPagination.Input],
) -> MemberPage:
    scope = scope_for(request.user, code)
    today = timezone.localdate()
    people = person_list_for(
        scope,
        q=filters.q,
        sort=filters.sort,
        department_id=filters.department_id,
        group_id=filters.group_id,
        on=today if filters.status == "current" else None,
    )
    page = MEMBER_PAGES.paginate_queryset(people, pages, request)
    rows: list[Person] = list(page["items"])
    statuses = current_statuses([person.pk for person in rows], today)
    return MemberPage(
        count=page["count"], items=[_member_row(scope, person, statuses.get(person.pk)) for person in rows]
    )


@router.get("/unions/{code}/members/{person_id}", response=MemberDetail, summary="会员档案")
def member_detail(request: HttpRequest, code: str, person_id: int) -> MemberDetail:
    scope = scope_for(request.user, code)
    return _member_detail(scope, person_get_for(scope, person_id))


@router.post("/unions/{code}/members", response={201: MemberDetail}, summary="登记新会员")
def member_create(request: HttpRequest, code: str, payload: MemberCreateIn) -> Status[MemberDetail]:
    scope = scope_for(request.user, code)
    scope.require("members.edit")
    fields = payload.model_dump(exclude={"department_id", "group_id", "birth_date"})
    person = person_register(
        actor=request.user,
        union=scope.union,
        birth=payload.birth_date,
        **_structure(scope, payload.model_dump(include={"department_id", "group_id"})),
        **fields,
    )
    return Status(201, _member_detail(scope, person_get_for(scope, person.pk)))


@router.patch("/unions/{code}/members/{person_id}", response=MemberDetail, summary="修改会员档案")
def member_change(request: HttpRequest, code: str, person_id: int, payload: MemberChangeIn) -> MemberDetail:
    scope = scope_for(request.user, code)
    scope.require("members.edit")
    person = person_get_for(scope, person_id)
    changes = payload.model_dump(exclude_unset=True)
    references = {key: changes.pop(key) for key in ("department_id", "group_id") if key in changes}
    person_update(actor=request.user, person=person, **_structure(scope, references), **changes)
    return _member_detail(scope, person_get_for(scope, person_id))


def _structure(scope: ActorScope, references: dict[str, int | None]) -> dict[str, Any]:
    """{"department_id": 3} → {"department": <Department>}, looked up inside the scope's union only."""
    lookups = {
        "department_id": ("department", department_get_for, "部门"),
        "group_id": ("group", group_get_for, "工会小组"),
    }
    resolved: dict[str, Model | None] = {}
    errors: dict[str, list[str]] = {}
    for key, value in references.items():
        name, get_for, label = lookups[key]
        if value is None:
            resolved[name] = None
            continue
        try:
            resolved[name] = get_for(scope, value)
        except NotFound:
            errors[key] = [f"本工会没有编号为{value}的{label}"]
    if errors:
        raise InvalidInput(errors)
    return resolved


def _member_row(scope: ActorScope, person: Person, span: Membership | None) -> MemberRow:
    return MemberRow(**_row_fields(scope, person, span))


def _row_fields(scope: ActorScope, person: Person, span: Membership | None) -> dict[str, Any]:
    private = may_see_private(scope, person)
    return {
        "id": person.pk,
        "member_no": person.member_no,
        "name": person.name,
        "gender": person.gender,
        "gender_label": person.get_gender_display(),
        "birth_date": person.birth_date,
        "department_id": person.department_id,
        "department": person.department.name if person.department else None,
        "group_id": person.group_id,
        "group": person.group.name if person.group else None,
        "post": person.post,
        "employment_form": person.employment_form,
        "employment_form_label": person.get_employment_form_display(),
        "work_status": person.work_status,
        "work_status_label": person.get_work_status_display(),
        "membership_status": span.status if span else None,
        "membership_status_label": MembershipStatus(span.status).label if span else NO_MEMBERSHIP_LABEL,
        "id_number": person.id_number if private else person.id_number_masked,
        "phone": person.phone if private else person.phone_masked,
        "masked": not private,
    }


def _member_detail(scope: ActorScope, person: Person) -> MemberDetail:
    spans = person_file(person).memberships
    today = timezone.localdate()
    current = next((span for span in spans if span.covers(today)), None)
    return MemberDetail(
        **_row_fields(scope, person, current),
        id_type=person.id_type,
        id_type_label=person.get_id_type_display(),
        ethnicity=person.ethnicity,
        political_status=person.political_status,
        political_status_label=person.get_political_status_display(),
        education=person.education,
        education_label=person.get_education_display(),
        sub_union=person.sub_union.name if person.sub_union else None,
        is_migrant_worker=person.is_migrant_worker,
        is_new_employment_form=person.is_new_employment_form,
        work_started_on=person.work_started_on,
        notes=person.notes,
        memberships=[_span_out(span) for span in spans],
    )


def _span_out(span: Membership) -> MembershipSpanOut:
    return MembershipSpanOut(
        status=span.status,
        status_label=span.get_status_display(),
        started_on=span.started_on,
        start_kind=span.start_kind,
        start_kind_label=span.get_start_kind_display(),
        approved_on=span.approved_on,
        card_no=span.card_no,
        retained_reason=span.retained_reason,
        retained_reason_label=span.get_retained_reason_display(),
        held_by=span.held_by.name if span.held_by else None,
        ended_on=span.ended_on,
        end_kind=span.end_kind,
        end_kind_label=span.get_end_kind_display(),
        end_reason=span.end_reason,
    )
