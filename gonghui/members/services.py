"""Writes to people, their membership history and their posts; each owns its transaction and audits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from gonghui.core.audit import audit_record, snapshot
from gonghui.core.crypto import get_keyring
from gonghui.core.errors import DomainError, InvalidInput
from gonghui.core.idnumbers import IdType
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.core.models import AuditEventType
from gonghui.core.names import pinyin_initials, pinyin_key, stroke_key
from gonghui.core.partial_dates import PartialDate
from gonghui.members.models import (
    CommitteePost,
    EmploymentForm,
    EndKind,
    GroupLeadership,
    Membership,
    MembershipStatus,
    Person,
    PostTitle,
    RetainedReason,
    StartKind,
    WorkStatus,
)
from gonghui.members.validation import check_person_identity
from gonghui.orgs.models import CommitteeTerm, Department, SubUnion, Union, UnionGroup

OTHER_UNION_MESSAGE = "已在其他工会有有效会籍，需办理会籍接转"

PERSON_AUDIT_FIELDS = [
    "name",
    "gender",
    "birth_date",
    "ethnicity",
    "political_status",
    "education",
    "id_type",
    "department",
    "sub_union",
    "group",
    "post",
    "employment_form",
    "work_status",
    "is_migrant_worker",
    "is_new_employment_form",
    "work_started_on",
    "member_no",
    "notes",
]
EDITABLE_FIELDS = frozenset(PERSON_AUDIT_FIELDS) - {"member_no"} | {"id_number", "phone"}
MEMBERSHIP_AUDIT_FIELDS = [
    "status",
    "started_on",
    "start_kind",
    "approved_on",
    "card_no",
    "retained_reason",
    "held_by",
    "ended_on",
    "end_kind",
    "end_reason",
]


def id_number_hash(id_number: str) -> str:
    """The keyed hash that finds a person by ID number, in this union or (for transfers) another."""
    return get_keyring().keyed_hash(id_number.strip().upper(), purpose="id_number")


def _person_snapshot(person: Person) -> dict[str, Any]:
    data = snapshot(person, PERSON_AUDIT_FIELDS)
    # Audit rows keep private values masked: the log must not become a plaintext copy of them.
    data["id_number"] = mask_id_number(person.id_number)
    data["phone"] = mask_phone(person.phone)
    return data


def _set_name_keys(person: Person) -> None:
    person.name_stroke_key = stroke_key(person.name)
    person.name_pinyin_key = pinyin_key(person.name)
    person.name_initials = pinyin_initials(person.name)[:20]


def _check_structure(union: Union, **objs: Any) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    labels = {"department": "部门", "sub_union": "分工会", "group": "工会小组"}
    for key, obj in objs.items():
        if obj is not None and obj.union_id != union.pk:
            errors.setdefault(key, []).append(f"{labels[key]}「{obj}」不属于本工会")
    return errors


def _active_elsewhere(union: Union, hash_value: str) -> bool:
    return (
        Membership.objects.filter(
            person__id_number_hash=hash_value, status=MembershipStatus.ACTIVE, ended_on__isnull=True
        )
        .exclude(union=union)
        .exists()
    )


def _next_member_no(union: Union) -> str:
    Union.objects.filter(pk=union.pk).update(member_seq=F("member_seq") + 1)
    seq = Union.objects.values_list("member_seq", flat=True).get(pk=union.pk)
    return f"{union.code.upper()}{seq:05d}"


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


@transaction.atomic
def person_register(
    *,
    actor: Any,
    union: Union,
    name: str,
    id_number: str,
    joined_on: dt.date,
    id_type: str = IdType.RESIDENT,
    gender: str | None = None,
    birth: PartialDate | dt.date | str | None = None,
    phone: str = "",
    ethnicity: str = "汉族",
    political_status: str = "none",
    education: str = "",
    department: Department | None = None,
    sub_union: SubUnion | None = None,
    group: UnionGroup | None = None,
    post: str = "",
    employment_form: str = EmploymentForm.CONTRACT,
    work_status: str = WorkStatus.AT_WORK,
    is_migrant_worker: bool = False,
    is_new_employment_form: bool = False,
    work_started_on: dt.date | None = None,
    notes: str = "",
    join_kind: str = StartKind.NEW,
    approved_on: dt.date | None = None,
    card_no: str = "",
    member_no: str = "",
    today: dt.date | None = None,
) -> Person:
    """Register a person as a member of `union` (新发展, 转入 or 恢复), with the first span of membership."""
    today = _today(today)
    check = check_person_identity(
        name=name, id_number=id_number, id_type=id_type, birth=birth, gender=gender, phone=phone, today=today
    )
    errors = dict(check.errors)
    errors.update(_check_structure(union, department=department, sub_union=sub_union, group=group))
    if join_kind not in (StartKind.NEW, StartKind.TRANSFER_IN, StartKind.RESTORED):
        errors.setdefault("join_kind", []).append("入会方式应为新发展、转入或恢复")
    if joined_on > today:
        errors.setdefault("joined_on", []).append(f"入会日期{joined_on:%Y-%m-%d}晚于今天")
    if check.birth_date and joined_on < check.birth_date:
        errors.setdefault("joined_on", []).append("入会日期早于出生日期")
    if approved_on and approved_on > joined_on:
        errors.setdefault("approved_on", []).append("批准日期不能晚于入会日期")
    if work_status == WorkStatus.RETIRED:
        errors.setdefault("work_status", []).append("退休人员应办理保留会籍，不能登记为在职会员")
    if is_migrant_worker and employment_form not in (EmploymentForm.CONTRACT, EmploymentForm.DISPATCHED):
        errors.setdefault("is_migrant_worker", []).append("农民工的用工性质应为合同或劳务派遣")
    hash_value = id_number_hash(check.id_number) if check.id_number else ""
    if hash_value and "id_number" not in errors:
        existing = Person.objects.filter(union=union, id_number_hash=hash_value).first()
        if existing is not None:
            errors.setdefault("id_number", []).append(
                f"本工会已有证件号码为{mask_id_number(check.id_number)}的人员（{existing.name}，会员编号{existing.member_no}）"
            )
        elif _active_elsewhere(union, hash_value):
            errors.setdefault("id_number", []).append(OTHER_UNION_MESSAGE)
    if member_no and Person.objects.filter(union=union, member_no=member_no).exists():
        errors.setdefault("member_no", []).append(f"会员编号「{member_no}」已被使用")
    if errors:
        raise InvalidInput(errors)

    person = Person(
        union=union,
        name=check.name,
        gender=check.gender,
        birth_date=check.birth_date,
        ethnicity=ethnicity,
        political_status=political_status,
        education=education,
        id_type=id_type,
        id_number=check.id_number,
        id_number_hash=hash_value,
        phone=check.phone,
        department=department,
        sub_union=sub_union,
        group=group,
        post=post,
        employment_form=employment_form,
        work_status=work_status,
        is_migrant_worker=is_migrant_worker,
        is_new_employment_form=is_new_employment_form,
        work_started_on=work_started_on,
        notes=notes,
        member_no=member_no or _next_member_no(union),
    )
    _set_name_keys(person)
    _full_clean(person)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:  # a concurrent registration of the same person won the race
        raise DomainError(
            f"本工会已有证件号码为{mask_id_number(check.id_number)}的人员", field="id_number"
        ) from exc
    audit_record(
        actor=actor,
        event_type=AuditEventType.CREATE,
        obj=person,
        union_id=union.pk,
        after=_person_snapshot(person),
    )
    _open_span(
        actor=actor,
        person=person,
        status=MembershipStatus.ACTIVE,
        started_on=joined_on,
        start_kind=join_kind,
        approved_on=approved_on or (joined_on if join_kind == StartKind.NEW else None),
        card_no=card_no,
    )
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, today: dt.date | None = None, **changes: Any) -> Person:
    """Change a person's file; identity fields are re-checked and the ID hash follows the number."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise DomainError(f"不能修改字段：{'、'.join(sorted(unknown))}")
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = _person_snapshot(person)
    identity_keys = {"name", "id_number", "id_type", "gender", "birth_date", "phone"}
    errors: dict[str, list[str]] = {}
    if identity_keys & set(changes):
        check = check_person_identity(
            name=changes.get("name", person.name),
            id_number=changes.get("id_number", person.id_number),
            id_type=changes.get("id_type", person.id_type),
            birth=changes.get("birth_date", person.birth_date),
            gender=changes.get("gender", person.gender),
            phone=changes.get("phone", person.phone),
            today=_today(today),
        )
        errors.update(check.errors)
        if check.ok:
            changes.update(
                name=check.name,
                id_number=check.id_number,
                phone=check.phone,
                gender=check.gender,
                birth_date=check.birth_date,
            )
            new_hash = id_number_hash(check.id_number)
            if new_hash != person.id_number_hash:
                if (
                    Person.objects.filter(union=person.union_id, id_number_hash=new_hash)
                    .exclude(pk=person.pk)
                    .exists()
                ):
                    errors.setdefault("id_number", []).append(
                        f"本工会已有证件号码为{mask_id_number(check.id_number)}的人员"
                    )
                person.id_number_hash = new_hash
    errors.update(
        _check_structure(
            person.union,
            **{key: changes[key] for key in ("department", "sub_union", "group") if key in changes},
        )
    )
    if changes.get("work_status") == WorkStatus.RETIRED and _open_span_of(person, MembershipStatus.ACTIVE):
        errors.setdefault("work_status", []).append(
            "在职会员退休时应办理保留会籍（会籍变动 → 保留会籍），不能只改在岗状态"
        )
    form = changes.get("employment_form", person.employment_form)
    if changes.get("is_migrant_worker", person.is_migrant_worker) and form not in (
        EmploymentForm.CONTRACT,
        EmploymentForm.DISPATCHED,
    ):
        errors.setdefault("is_migrant_worker", []).append("农民工的用工性质应为合同或劳务派遣")
    if errors:
        raise InvalidInput(errors)
    for key, value in changes.items():
        setattr(person, key, value)
    _set_name_keys(person)
    _full_clean(person)
    person.save()
    after = _person_snapshot(person)
    if after != before:
        audit_record(
            actor=actor,
            event_type=AuditEventType.UPDATE,
            obj=person,
            union_id=person.union_id,
            before=before,
            after=after,
        )
    return person


def _label(field: str) -> str:
    return str(getattr(Person._meta.get_field(field), "verbose_name", field))


def _full_clean(person: Person) -> None:
    """Model rules (choices, lengths) for callers that did not go through a form; messages per field."""
    try:
        person.full_clean(
            exclude=["id_number", "phone", "union"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        errors = {
            field: [f"{_label(field)}：{message}" for message in messages]
            if field != "__all__"
            else list(messages)
            for field, messages in exc.message_dict.items()
        }
        raise InvalidInput(errors) from exc


def _open_span_of(person: Person, status: str | None = None) -> Membership | None:
    spans = Membership.objects.select_for_update().filter(person=person, ended_on__isnull=True)
    if status is not None:
        spans = spans.filter(status=status)
    return spans.first()


def _open_span(
    *,
    actor: Any,
    person: Person,
    status: str,
    started_on: dt.date,
    start_kind: str,
    approved_on: dt.date | None = None,
    card_no: str = "",
    retained_reason: str = "",
    held_by: Union | None = None,
) -> Membership:
    span = Membership(
        union_id=person.union_id,
        person=person,
        status=status,
        started_on=started_on,
        start_kind=start_kind,
        approved_on=approved_on,
        card_no=card_no,
        retained_reason=retained_reason,
        held_by=held_by,
    )
    span.full_clean()
    span.save()
    audit_record(
        actor=actor,
        event_type=AuditEventType.MEMBERSHIP,
        obj=span,
        union_id=person.union_id,
        after=snapshot(span, MEMBERSHIP_AUDIT_FIELDS),
    )
    return span


def _close_span(*, actor: Any, span: Membership, on: dt.date, end_kind: str, reason: str = "") -> None:
    if on < span.started_on:
        raise DomainError(
            f"变动日期{on:%Y-%m-%d}早于当前会籍开始日期{span.started_on:%Y-%m-%d}，日期顺序不对", field="on"
        )
    before = snapshot(span, MEMBERSHIP_AUDIT_FIELDS)
    span.ended_on, span.end_kind, span.end_reason = on, end_kind, reason
    span.save(update_fields=["ended_on", "end_kind", "end_reason", "updated_at"])
    audit_record(
        actor=actor,
        event_type=AuditEventType.MEMBERSHIP,
        obj=span,
        union_id=span.union_id,
        before=before,
        after=snapshot(span, MEMBERSHIP_AUDIT_FIELDS),
    )


def _require_open(person: Person, status: str | None = None) -> Membership:
    span = _open_span_of(person, None)
    if span is None:
        raise DomainError(f"{person.name}目前没有有效会籍")
    if status is not None and span.status != status:
        raise DomainError(f"{person.name}目前的会籍状态是“{span.get_status_display()}”，不能办理此项变动")
    return span


@transaction.atomic
def membership_retain(
    *, actor: Any, person: Person, on: dt.date, reason: str, held_by: Union | None = None
) -> Membership:
    """保留会籍 on retirement or unemployment (no dues, no vote); on closure the union above may hold it."""
    reason = RetainedReason(reason)
    span = _require_open(person, MembershipStatus.ACTIVE)
    if held_by is not None and reason != RetainedReason.UNIT_CLOSED:
        raise DomainError("只有原单位关闭或破产时，会籍才保留在上级工会", field="held_by")
    _close_span(actor=actor, span=span, on=on, end_kind=EndKind.RETAINED, reason=reason.label)
    if reason == RetainedReason.RETIREMENT and person.work_status != WorkStatus.RETIRED:
        before = _person_snapshot(person)
        person.work_status = WorkStatus.RETIRED
        person.save(update_fields=["work_status", "updated_at"])
        audit_record(
            actor=actor,
            event_type=AuditEventType.UPDATE,
            obj=person,
            union_id=person.union_id,
            before=before,
            after=_person_snapshot(person),
        )
    return _open_span(
        actor=actor,
        person=person,
        status=MembershipStatus.RETAINED,
        started_on=on,
        start_kind=StartKind.RETAINED,
        retained_reason=reason,
        held_by=held_by,
    )


@transaction.atomic
def membership_restore(*, actor: Any, person: Person, on: dt.date) -> Membership:
    """Return a retained member to active membership (e.g. re-employed after unemployment)."""
    span = _require_open(person, MembershipStatus.RETAINED)
    person.refresh_from_db()
    if person.work_status == WorkStatus.RETIRED:
        raise DomainError(
            "该会员的在岗状态为退休，保留会籍期间不能恢复为在职会员；如已重新就业，请先修改在岗状态",
            field="work_status",
        )
    _close_span(actor=actor, span=span, on=on, end_kind=EndKind.RESTORED)
    return _open_span(
        actor=actor,
        person=person,
        status=MembershipStatus.ACTIVE,
        started_on=on,
        start_kind=StartKind.RESTORED,
    )


ENDING_KINDS = (EndKind.WITHDREW, EndKind.LAPSED, EndKind.EXPELLED, EndKind.DIED)


@transaction.atomic
def membership_end(*, actor: Any, person: Person, on: dt.date, kind: str, reason: str = "") -> Membership:
    """End membership (本人退会, 视为自动退会, 开除会籍, 去世): from `on` the person is in no list."""
    end_kind = EndKind(kind)
    if end_kind not in ENDING_KINDS:
        raise DomainError("结束方式应为本人退会、视为自动退会、开除会籍或去世", field="kind")
    if end_kind in (EndKind.LAPSED, EndKind.EXPELLED) and not reason.strip():
        raise DomainError(f"{end_kind.label}须写明原因", field="reason")
    span = _require_open(person)
    _close_span(actor=actor, span=span, on=on, end_kind=end_kind, reason=reason.strip())
    return span


@transaction.atomic
def membership_rejoin(
    *, actor: Any, person: Person, on: dt.date, approved_on: dt.date | None = None, card_no: str = ""
) -> Membership:
    """恢复会籍 for a person of this union whose membership had ended."""
    if _open_span_of(person) is not None:
        raise DomainError(f"{person.name}目前已有有效会籍")
    last = Membership.objects.filter(person=person).order_by("-ended_on").first()
    if last is not None and last.ended_on and on < last.ended_on:
        raise DomainError(f"恢复日期{on:%Y-%m-%d}早于上次会籍结束日期{last.ended_on:%Y-%m-%d}", field="on")
    if _active_elsewhere(person.union, person.id_number_hash):
        raise DomainError(OTHER_UNION_MESSAGE, field="id_number")
    return _open_span(
        actor=actor,
        person=person,
        status=MembershipStatus.ACTIVE,
        started_on=on,
        start_kind=StartKind.RESTORED,
        approved_on=approved_on,
        card_no=card_no,
    )


@transaction.atomic
def membership_transfer(
    *, actor: Any, person: Person, to_union: Union, on: dt.date, card_no: str = ""
) -> Person:
    """会籍接转: close the membership here (转出) and open it in `to_union` (转入) on the same day.

    The receiving union gets its own person record, linked to this one only by the keyed ID hash; it
    learns nothing of the sending union's data beyond the person's own identity fields.
    """
    if to_union.pk == person.union_id:
        raise DomainError("转入工会与转出工会相同", field="to_union")
    span = _require_open(person, MembershipStatus.ACTIVE)
    _close_span(actor=actor, span=span, on=on, end_kind=EndKind.TRANSFER_OUT, reason=f"转至{to_union.name}")
    receiving = Person.objects.filter(union=to_union, id_number_hash=person.id_number_hash).first()
    if receiving is None:
        receiving = Person(
            union=to_union,
            name=person.name,
            gender=person.gender,
            birth_date=person.birth_date,
            ethnicity=person.ethnicity,
            political_status=person.political_status,
            education=person.education,
            id_type=person.id_type,
            id_number=person.id_number,
            id_number_hash=person.id_number_hash,
            phone=person.phone,
            employment_form=person.employment_form,
            work_status=WorkStatus.AT_WORK,
            is_migrant_worker=person.is_migrant_worker,
            is_new_employment_form=person.is_new_employment_form,
            work_started_on=person.work_started_on,
            member_no=_next_member_no(to_union),
        )
        _set_name_keys(receiving)
        receiving.save()
        audit_record(
            actor=actor,
            event_type=AuditEventType.TRANSFER_IN,
            obj=receiving,
            union_id=to_union.pk,
            after=_person_snapshot(receiving),
        )
    elif _open_span_of(receiving) is not None:
        raise DomainError(f"{to_union.name}已有该人员的有效会籍", field="to_union")
    audit_record(
        actor=actor,
        event_type=AuditEventType.TRANSFER_OUT,
        obj=person,
        union_id=person.union_id,
        before={"union": person.union.name},
        after={"union": to_union.name},
    )
    _open_span(
        actor=actor,
        person=receiving,
        status=MembershipStatus.ACTIVE,
        started_on=on,
        start_kind=StartKind.TRANSFER_IN,
        card_no=card_no,
    )
    return receiving


@transaction.atomic
def group_leader_appoint(*, actor: Any, group: UnionGroup, person: Person, on: dt.date) -> GroupLeadership:
    """Make `person` the group's leader from `on`; the previous leader's service ends that day."""
    if person.union_id != group.union_id:
        raise DomainError(f"{person.name}不是本工会人员", field="person")
    current = GroupLeadership.objects.select_for_update().filter(group=group, ended_on__isnull=True).first()
    if current is not None:
        if current.person_id == person.pk:
            return current
        if on < current.started_on:
            raise DomainError("任职日期早于现任组长的任职日期", field="on")
        current.ended_on = on
        current.save(update_fields=["ended_on", "updated_at"])
        audit_record(
            actor=actor,
            event_type=AuditEventType.POST,
            obj=current,
            union_id=group.union_id,
            before={"ended_on": None},
            after={"ended_on": on.isoformat()},
        )
    leadership = GroupLeadership.objects.create(
        union_id=group.union_id, group=group, person=person, started_on=on
    )
    audit_record(
        actor=actor,
        event_type=AuditEventType.POST,
        obj=leadership,
        union_id=group.union_id,
        after=snapshot(leadership, ["group", "person", "started_on"]),
    )
    return leadership


@transaction.atomic
def post_appoint(
    *, actor: Any, term: CommitteeTerm, person: Person, title: str, started_on: dt.date, duty: str = ""
) -> CommitteePost:
    """Appoint a person to a post in a committee term."""
    title = PostTitle(title)
    if person.union_id != term.union_id:
        raise DomainError(f"{person.name}不是本工会人员", field="person")
    if term.closed_on is not None:
        raise DomainError(f"{term}已换届，不能再任命", field="term")
    if not (term.started_on <= started_on < term.ends_on):
        raise DomainError(
            f"任职日期{started_on:%Y-%m-%d}不在{term}任期（{term.started_on:%Y-%m-%d}至{term.ends_on:%Y-%m-%d}）内",
            field="started_on",
        )
    if (
        title == PostTitle.CHAIR
        and CommitteePost.objects.filter(term=term, title=title, ended_on__isnull=True).exists()
    ):
        raise DomainError(f"{term}已有在任的{title.label}", field="title")
    if CommitteePost.objects.filter(term=term, person=person, ended_on__isnull=True).exists():
        raise DomainError(f"{person.name}已在{term}任职", field="person")
    post = CommitteePost(
        union_id=term.union_id, term=term, person=person, title=title, started_on=started_on, duty=duty
    )
    post.full_clean()
    post.save()
    audit_record(
        actor=actor,
        event_type=AuditEventType.POST,
        obj=post,
        union_id=term.union_id,
        after=snapshot(post, ["term", "person", "title", "duty", "started_on"]),
    )
    return post


@transaction.atomic
def post_end(*, actor: Any, post: CommitteePost, on: dt.date) -> CommitteePost:
    """End a person's service in a post."""
    if post.ended_on is not None:
        raise DomainError("该职务已离任")
    if on < post.started_on:
        raise DomainError("离任日期早于任职日期", field="on")
    post.ended_on = on
    post.save(update_fields=["ended_on", "updated_at"])
    audit_record(
        actor=actor,
        event_type=AuditEventType.POST,
        obj=post,
        union_id=post.union_id,
        before={"ended_on": None},
        after={"ended_on": on.isoformat()},
    )
    return post
