"""Writes to unions and their structure; each service owns its transaction and writes an audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gonghui.core.audit import audit_record, snapshot
from gonghui.core.errors import DomainError
from gonghui.core.models import AuditEventType
from gonghui.orgs.models import (
    Committee,
    CommitteeKind,
    CommitteeTerm,
    Department,
    SchoolTerm,
    StaffHeadcount,
    SubUnion,
    SubUnionKind,
    Union,
    UnionGroup,
    UnionKind,
    add_years,
)

SCHOOL_TERM_AUDIT_FIELDS = ["first_year", "number", "starts_on", "ends_on"]

UNION_AUDIT_FIELDS = [
    "name",
    "code",
    "kind",
    "parent",
    "founded_on",
    "province_code",
    "city_code",
    "county_code",
    "full_time_cadres",
    "part_time_cadres",
    "party_org_name",
    "upper_union_name",
]


def _clean(obj: Any, *, exclude: list[str] | None = None) -> None:
    """full_clean with the first message turned into a DomainError naming the field."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            field, errors = next(iter(exc.error_dict.items()))
            label = obj._meta.get_field(field).verbose_name if field != "__all__" else ""
            message = errors[0].messages[0]
            raise DomainError(f"{label}：{message}" if label else message, field=field) from exc
        raise DomainError(exc.messages[0]) from exc


def _set_path(union: Union) -> None:
    prefix = union.parent.path if union.parent_id and union.parent else "/"
    union.path = f"{prefix}{union.pk}/"


@transaction.atomic
def union_create(
    *,
    actor: Any,
    name: str,
    code: str,
    kind: UnionKind | str,
    parent: Union | None = None,
    founded_on: dt.date | None = None,
    province_code: str = "",
    city_code: str = "",
    county_code: str = "",
    full_time_cadres: int = 0,
    part_time_cadres: int = 0,
    party_org_name: str = "",
    upper_union_name: str = "",
) -> Union:
    """Create a union, under `parent` when it has one in the system."""
    if Union.objects.filter(code__iexact=code).exists():
        raise DomainError(f"简码「{code}」已被其他工会使用", field="code")
    union = Union(
        name=name.strip(),
        code=code,
        kind=kind,
        parent=parent,
        founded_on=founded_on,
        province_code=province_code,
        city_code=city_code,
        county_code=county_code,
        full_time_cadres=full_time_cadres,
        part_time_cadres=part_time_cadres,
        party_org_name=party_org_name,
        upper_union_name=upper_union_name,
    )
    _clean(union, exclude=["path"])
    union.save()
    _set_path(union)
    union.save(update_fields=["path"])
    audit_record(
        actor=actor,
        event_type=AuditEventType.CREATE,
        obj=union,
        union_id=union.pk,
        after=snapshot(union, UNION_AUDIT_FIELDS),
    )
    return union


@transaction.atomic
def union_update(*, actor: Any, union: Union, **changes: Any) -> Union:
    """Change a union's fields; moving it under another parent re-roots its whole subtree."""
    union = Union.objects.select_for_update().get(pk=union.pk)
    before = snapshot(union, UNION_AUDIT_FIELDS)
    unknown = set(changes) - set(UNION_AUDIT_FIELDS)
    if unknown:
        raise DomainError(f"不能修改字段：{'、'.join(sorted(unknown))}")
    old_path = union.path
    for key, value in changes.items():
        setattr(union, key, value)
    if "parent" in changes and union.parent is not None and union.parent.path.startswith(old_path):
        raise DomainError("上级工会不能是本工会或其下级工会", field="parent")
    if "code" in changes and Union.objects.filter(code__iexact=union.code).exclude(pk=union.pk).exists():
        raise DomainError(f"简码「{union.code}」已被其他工会使用", field="code")
    _clean(union, exclude=["path"])
    _set_path(union)
    union.save()
    if union.path != old_path:
        for descendant in Union.objects.filter(path__startswith=old_path).exclude(pk=union.pk):
            descendant.path = union.path + descendant.path[len(old_path) :]
            descendant.save(update_fields=["path"])
    audit_record(
        actor=actor,
        event_type=AuditEventType.UPDATE,
        obj=union,
        union_id=union.pk,
        before=before,
        after=snapshot(union, UNION_AUDIT_FIELDS),
    )
    return union


@transaction.atomic
def headcount_record(
    *,
    actor: Any,
    union: Union,
    as_of: dt.date,
    total: int,
    women: int = 0,
    migrant_workers: int = 0,
    dispatched: int = 0,
    note: str = "",
) -> StaffHeadcount:
    """Record (or correct) the staff headcount on a date."""
    for label, value in (("女职工", women), ("农民工", migrant_workers), ("劳务派遣", dispatched)):
        if value > total:
            raise DomainError(f"{label}人数{value}不能超过职工总数{total}")
    existing = StaffHeadcount.objects.filter(union=union, as_of=as_of).first()
    fields = ["as_of", "total", "women", "migrant_workers", "dispatched", "note"]
    before = snapshot(existing, fields) if existing else None
    headcount = existing or StaffHeadcount(union=union, as_of=as_of, total=total)
    headcount.total, headcount.women = total, women
    headcount.migrant_workers, headcount.dispatched, headcount.note = migrant_workers, dispatched, note
    _clean(headcount)
    headcount.save()
    audit_record(
        actor=actor,
        event_type=AuditEventType.HEADCOUNT,
        obj=headcount,
        union_id=union.pk,
        before=before,
        after=snapshot(headcount, fields),
    )
    return headcount


def _named_create(model: type[Any], *, actor: Any, union: Union, name: str, what: str, **fields: Any) -> Any:
    name = name.strip()
    if not name:
        raise DomainError(f"{what}名称不能为空", field="name")
    if model.objects.filter(union=union, name=name).exists():
        raise DomainError(f"本工会已有名为「{name}」的{what}", field="name")
    obj = model(union=union, name=name, **fields)
    _clean(obj)
    obj.save()
    audit_record(
        actor=actor,
        event_type=AuditEventType.CREATE,
        obj=obj,
        union_id=union.pk,
        after=snapshot(obj, ["name", *fields]),
    )
    return obj


@transaction.atomic
def department_create(*, actor: Any, union: Union, name: str, sort_order: int = 0) -> Department:
    """Create a department of the union."""
    return _named_create(Department, actor=actor, union=union, name=name, what="部门", sort_order=sort_order)


@transaction.atomic
def sub_union_create(
    *,
    actor: Any,
    union: Union,
    name: str,
    kind: SubUnionKind | str = SubUnionKind.BRANCH,
    department: Department | None = None,
) -> SubUnion:
    """Create a 分工会/部门工会 inside the union."""
    _same_union(union, department)
    return _named_create(
        SubUnion, actor=actor, union=union, name=name, what="分工会", kind=kind, department=department
    )


@transaction.atomic
def group_create(
    *,
    actor: Any,
    union: Union,
    name: str,
    sub_union: SubUnion | None = None,
    department: Department | None = None,
    sort_order: int = 0,
    established_on: dt.date | None = None,
) -> UnionGroup:
    """Create a 工会小组."""
    _same_union(union, sub_union, department)
    return _named_create(
        UnionGroup,
        actor=actor,
        union=union,
        name=name,
        what="工会小组",
        sub_union=sub_union,
        department=department,
        sort_order=sort_order,
        established_on=established_on,
    )


def _same_union(union: Union, *objs: Any) -> None:
    for obj in objs:
        if obj is not None and obj.union_id != union.pk:
            raise DomainError(f"「{obj}」不属于本工会")


@transaction.atomic
def committee_establish(
    *,
    actor: Any,
    union: Union,
    kind: CommitteeKind | str,
    established_on: dt.date,
    term_years: int = 5,
    name: str = "",
    first_term_started_on: dt.date | None = None,
    first_term_number: int = 1,
) -> Committee:
    """Establish a committee and open its first term (第N届, counted from `first_term_number`)."""
    if term_years not in (3, 5):
        raise DomainError("委员会每届任期应为3年或5年（《工会法》第十六条）", field="term_years")
    kind = CommitteeKind(kind)
    if kind != CommitteeKind.OTHER and Committee.objects.filter(union=union, kind=kind).exists():
        raise DomainError(f"本工会已设立{kind.label}", field="kind")
    committee = _named_create(
        Committee,
        actor=actor,
        union=union,
        name=name or kind.label,
        what="委员会",
        kind=kind,
        established_on=established_on,
        term_years=term_years,
    )
    started = first_term_started_on or established_on
    _term_open(
        actor=actor, committee=committee, number=first_term_number, started_on=started, elected_on=started
    )
    return committee


def _term_open(
    *, actor: Any, committee: Committee, number: int, started_on: dt.date, elected_on: dt.date | None
) -> CommitteeTerm:
    term = CommitteeTerm(
        union_id=committee.union_id,
        committee=committee,
        number=number,
        started_on=started_on,
        ends_on=add_years(started_on, committee.term_years),
        elected_on=elected_on,
    )
    _clean(term)
    term.save()
    audit_record(
        actor=actor,
        event_type=AuditEventType.TERM,
        obj=term,
        union_id=committee.union_id,
        after=snapshot(term, ["number", "started_on", "ends_on", "elected_on"]),
    )
    return term


@transaction.atomic
def committee_reelect(*, actor: Any, committee: Committee, elected_on: dt.date) -> CommitteeTerm:
    """换届: close the open term on the election day and open the next one; open posts end with it."""
    current = (
        CommitteeTerm.objects.select_for_update().filter(committee=committee, closed_on__isnull=True).first()
    )
    number = 1
    if current is not None:
        if elected_on < current.started_on:
            raise DomainError(
                f"换届日期{elected_on:%Y-%m-%d}早于本届任期开始日期{current.started_on:%Y-%m-%d}",
                field="elected_on",
            )
        before = snapshot(current, ["closed_on"])
        current.closed_on = elected_on
        current.save(update_fields=["closed_on", "updated_at"])
        for post in current.posts.filter(ended_on__isnull=True):
            post.ended_on = elected_on
            post.save(update_fields=["ended_on", "updated_at"])
            audit_record(
                actor=actor,
                event_type=AuditEventType.POST,
                obj=post,
                union_id=committee.union_id,
                before={"ended_on": None},
                after={"ended_on": elected_on.isoformat()},
            )
        audit_record(
            actor=actor,
            event_type=AuditEventType.TERM,
            obj=current,
            union_id=committee.union_id,
            before=before,
            after=snapshot(current, ["closed_on"]),
        )
        number = current.number + 1
    return _term_open(
        actor=actor, committee=committee, number=number, started_on=elected_on, elected_on=elected_on
    )


@transaction.atomic
def school_term_set(
    *, actor: Any, union: Union, first_year: int, number: int, starts_on: dt.date, ends_on: dt.date
) -> SchoolTerm:
    """Set (or correct) the dates of one term of a school union's school year; term statistics use them."""
    if union.kind != UnionKind.SCHOOL:
        raise DomainError("只有学校工会可以设定学期起止日期")
    existing = (
        SchoolTerm.objects.select_for_update()
        .filter(union=union, first_year=first_year, number=number)
        .first()
    )
    before = snapshot(existing, SCHOOL_TERM_AUDIT_FIELDS) if existing else None
    term = existing or SchoolTerm(union=union, first_year=first_year, number=number)
    term.starts_on, term.ends_on = starts_on, ends_on
    _clean(term)
    term.save()
    audit_record(
        actor=actor,
        event_type=AuditEventType.UPDATE if existing else AuditEventType.CREATE,
        obj=term,
        union_id=union.pk,
        before=before,
        after=snapshot(term, SCHOOL_TERM_AUDIT_FIELDS),
    )
    return term
