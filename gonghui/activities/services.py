"""Writes to activities, sessions, sign-up, attendance, results, photos and honours.

Each service owns its transaction and writes its audit events in it. A batch of attendance (a whole
sign-in sheet) is one audit event on the session naming who was added and who removed.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Model, Q
from django.utils import timezone

from gonghui.activities.attendance_entry import parse_sheet_numbers, split_names
from gonghui.activities.errors import Candidate, CheckInRefused, NameProblems, NamesNotResolved
from gonghui.activities.model_workers import is_model_worker
from gonghui.activities.models import (
    DEFAULT_KINDS,
    Activity,
    ActivityCategory,
    ActivityKind,
    ActivitySettings,
    Attendance,
    AttendanceMethod,
    AttendeeKind,
    Audience,
    AwardeeKind,
    EditionUnit,
    ExpectedAttendee,
    Honour,
    Level,
    ModelWorkerCareLog,
    Photo,
    Registration,
    RegistrationVia,
    Result,
    Session,
    UnionRole,
)
from gonghui.activities.photo_files import (
    EXTENSIONS,
    JPEG,
    MAX_PHOTO_BYTES,
    PhotoUnreadable,
    compress_photo,
    sniff_image_type,
)
from gonghui.activities.wording import cn_date
from gonghui.core.audit import audit_record, snapshot
from gonghui.core.errors import DomainError
from gonghui.core.models import AuditEventType
from gonghui.members.models import Gender, Membership, MembershipStatus, Person, RetainedReason
from gonghui.members.selectors import members_on, people_in_lists, spans_covering
from gonghui.orgs.models import Department, Union

ACTIVITY_FIELDS = [
    "kind",
    "title",
    "series",
    "edition",
    "edition_unit",
    "role",
    "audience",
    "co_organisers",
    "place",
    "starts_on",
    "ends_on",
    "planned_budget_fen",
    "description",
    "effect_note",
    "is_highlight",
    "is_training",
    "training_topic",
    "trainer",
    "training_hours",
]
SESSION_FIELDS = ["number", "title", "starts_at", "ends_at", "place", "hours"]
EDITABLE_ACTIVITY_FIELDS = frozenset(ACTIVITY_FIELDS) - {"planned_budget_fen"} | {
    "departments",
    "planned_budget",
}
EDITABLE_SESSION_FIELDS = frozenset(SESSION_FIELDS) - {"number"}
FEN_PER_YUAN = Decimal(100)


# ---- helpers ----------------------------------------------------------------------------------------


def _clean(obj: Model, *, exclude: list[str] | None = None) -> None:
    """Model rules (choices, lengths, constraints) with the first message as a DomainError naming the field."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            name, errors = next(iter(exc.error_dict.items()))
            label = str(getattr(obj._meta.get_field(name), "verbose_name", name)) if name != "__all__" else ""
            message = errors[0].messages[0]
            raise DomainError(f"{label}：{message}" if label else message, field=name) from exc
        raise DomainError(exc.messages[0]) from exc


def _same_union(union_id: int, *objs: Any) -> None:
    for obj in objs:
        if obj is not None and obj.union_id != union_id:
            raise DomainError(f"「{obj}」不属于本工会")


def _activity_snapshot(activity: Activity) -> dict[str, Any]:
    data = snapshot(activity, ACTIVITY_FIELDS)
    if activity.pk:
        data["departments"] = sorted(d.name for d in activity.departments.all())
    return data


def _to_fen(value: Decimal | int | str | None) -> int | None:
    """Yuan (at most two decimal places) → integer fen, exactly; refuses fractions of a fen."""
    if value is None or value == "":
        return None
    try:
        fen = Decimal(str(value)) * FEN_PER_YUAN
    except InvalidOperation as exc:
        raise DomainError(f"预算金额「{value}」不是数字", field="planned_budget") from exc
    if fen != fen.to_integral_value():
        raise DomainError("预算金额最多保留两位小数（到分）", field="planned_budget")
    if fen < 0:
        raise DomainError("预算金额不能为负数", field="planned_budget")
    return int(fen)


def _kind(union: Union, kind: ActivityKind | str, *, actor: Any) -> ActivityKind:
    """A kind of this union, given as a row or by name; a default kind is created on first use."""
    if isinstance(kind, ActivityKind):
        _same_union(union.pk, kind)
        return kind
    name = kind.strip()
    found = ActivityKind.objects.filter(union=union, name=name).first()
    if found is not None:
        return found
    defaults = dict(DEFAULT_KINDS)
    if name not in defaults:
        raise DomainError(f"没有名为「{name}」的活动类型，请先在活动设置中添加", field="kind")
    order = list(defaults).index(name)
    return _kind_save(
        actor=actor, kind=ActivityKind(union=union, name=name, category=defaults[name], sort_order=order)
    )


def _kind_save(*, actor: Any, kind: ActivityKind) -> ActivityKind:
    _clean(kind, exclude=["union"])
    kind.save()
    audit_record(
        actor=actor,
        event_type=AuditEventType.CREATE,
        obj=kind,
        union_id=kind.union_id,
        after=snapshot(kind, ["name", "category"]),
    )
    return kind


def kind_choices(union: Union) -> list[tuple[str, str]]:
    """(name, label) of the union's kinds and the defaults it has not used yet, for a form's select."""
    names = list(
        ActivityKind.objects.filter(union=union)
        .order_by("sort_order", "name")
        .values_list("name", "category")
    )
    seen = {name for name, _ in names}
    choices = [(name, f"{name}（{ActivityCategory(category).label}）") for name, category in names]
    choices += [
        (name, f"{name}（{ActivityCategory(category).label}）")
        for name, category in DEFAULT_KINDS
        if name not in seen
    ]
    return choices


def _local(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


# ---- kinds and settings -----------------------------------------------------------------------------


@transaction.atomic
def activity_kind_create(*, actor: Any, union: Union, name: str, category: str) -> ActivityKind:
    """Add a kind of activity (e.g. 读书会 under 学习/培训)."""
    name = name.strip()
    if not name:
        raise DomainError("请填写类型名称", field="name")
    if ActivityKind.objects.filter(union=union, name=name).exists():
        raise DomainError(f"已有名为「{name}」的活动类型", field="name")
    order = (ActivityKind.objects.filter(union=union).aggregate(m=Max("sort_order"))["m"] or 0) + 1
    return _kind_save(
        actor=actor,
        kind=ActivityKind(union=union, name=name, category=ActivityCategory(category), sort_order=order),
    )


@transaction.atomic
def activity_settings_update(
    *, actor: Any, union: Union, model_worker_titles: Sequence[str]
) -> ActivitySettings:
    """Set which honour titles (at 市级 or above) put a person in the model-worker register."""
    titles: list[str] = []
    for title in model_worker_titles:
        cleaned = title.strip()
        if cleaned and cleaned not in titles:
            titles.append(cleaned)
    if not titles:
        raise DomainError("请至少填写一个劳模称号", field="model_worker_titles")
    settings_row = ActivitySettings.objects.select_for_update().filter(union=union).first()
    before = {"model_worker_titles": settings_row.model_worker_titles} if settings_row else None
    if settings_row is None:
        settings_row = ActivitySettings(union=union)
    settings_row.model_worker_titles = titles
    settings_row.save()
    audit_record(
        actor=actor,
        event_type=AuditEventType.UPDATE if before else AuditEventType.CREATE,
        obj=settings_row,
        union_id=union.pk,
        before=before,
        after={"model_worker_titles": titles},
    )
    return settings_row


# ---- activities and sessions ------------------------------------------------------------------------


@transaction.atomic
def activity_create(
    *,
    actor: Any,
    union: Union,
    kind: ActivityKind | str,
    title: str,
    starts_on: dt.date,
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    ends_on: dt.date | None = None,
    role: str = UnionRole.HOST,
    audience: str = Audience.REGISTERED,
    series: str = "",
    edition: int | None = None,
    edition_unit: str = EditionUnit.JIE,
    departments: Iterable[Department] = (),
    co_organisers: str = "",
    place: str = "",
    planned_budget: Decimal | int | str | None = None,
    description: str = "",
    effect_note: str = "",
    is_highlight: bool = False,
    is_training: bool | None = None,
    training_topic: str = "",
    trainer: str = "",
    training_hours: Decimal | None = None,
) -> Activity:
    """Record an activity; with a start time its first session is created at once (quick entry)."""
    kind_row = _kind(union, kind, actor=actor)
    departments = list(departments)
    _same_union(union.pk, *departments)
    title = title.strip()
    if not title:
        raise DomainError("请填写活动名称", field="title")
    if Activity.objects.filter(union=union, title=title, starts_on=starts_on).exists():
        raise DomainError(f"{cn_date(starts_on)}已有名为「{title}」的活动", field="title")
    activity = Activity(
        union=union,
        kind=kind_row,
        title=title,
        series=series.strip(),
        edition=edition,
        edition_unit=edition_unit,
        role=role,
        audience=audience,
        co_organisers=co_organisers.strip(),
        place=place.strip(),
        starts_on=starts_on,
        ends_on=ends_on if ends_on != starts_on else None,
        planned_budget_fen=_to_fen(planned_budget),
        description=description.strip(),
        effect_note=effect_note.strip(),
        is_highlight=is_highlight,
        is_training=kind_row.category == ActivityCategory.STUDY if is_training is None else is_training,
        training_topic=training_topic.strip(),
        trainer=trainer.strip(),
        training_hours=training_hours,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _clean(activity, exclude=["union", "kind", "created_by"])
    activity.save()
    if departments:
        activity.departments.set(departments)
    audit_record(
        actor=actor,
        event_type=AuditEventType.CREATE,
        obj=activity,
        union_id=union.pk,
        after=_activity_snapshot(activity),
    )
    if start_time is not None:
        if end_time is not None and end_time < start_time:
            raise DomainError("结束时间早于开始时间", field="end_time")
        _session_create(
            actor=actor,
            activity=activity,
            number=1,
            starts_at=_local(starts_on, start_time),
            ends_at=_local(starts_on, end_time) if end_time else None,
        )
    return activity


@transaction.atomic
def activity_update(*, actor: Any, activity: Activity, **changes: Any) -> Activity:
    """Change an activity's facts; departments and the budget (in yuan) included."""
    unknown = set(changes) - EDITABLE_ACTIVITY_FIELDS
    if unknown:
        raise DomainError(f"不能修改字段：{'、'.join(sorted(unknown))}")
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    before = _activity_snapshot(activity)
    departments = changes.pop("departments", None)
    if "kind" in changes:
        changes["kind"] = _kind(activity.union, changes["kind"], actor=actor)
    if "planned_budget" in changes:
        changes["planned_budget_fen"] = _to_fen(changes.pop("planned_budget"))
    for name in (
        "title",
        "series",
        "co_organisers",
        "place",
        "description",
        "effect_note",
        "training_topic",
        "trainer",
    ):
        if isinstance(changes.get(name), str):
            changes[name] = changes[name].strip()
    if changes.get("title", activity.title) == "":
        raise DomainError("请填写活动名称", field="title")
    for name, value in changes.items():
        setattr(activity, name, value)
    if activity.ends_on == activity.starts_on:
        activity.ends_on = None
    if (
        Activity.objects.filter(
            union_id=activity.union_id, title=activity.title, starts_on=activity.starts_on
        )
        .exclude(pk=activity.pk)
        .exists()
    ):
        raise DomainError(f"{cn_date(activity.starts_on)}已有名为「{activity.title}」的活动", field="title")
    _clean(activity, exclude=["union", "kind", "created_by"])
    activity.save()
    if departments is not None:
        departments = list(departments)
        _same_union(activity.union_id, *departments)
        activity.departments.set(departments)
    after = _activity_snapshot(activity)
    if after != before:
        audit_record(
            actor=actor,
            event_type=AuditEventType.UPDATE,
            obj=activity,
            union_id=activity.union_id,
            before=before,
            after=after,
        )
    return activity


def _session_create(
    *,
    actor: Any,
    activity: Activity,
    number: int,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    title: str = "",
    place: str = "",
    hours: Decimal | None = None,
) -> Session:
    session = Session(
        union_id=activity.union_id,
        activity=activity,
        number=number,
        starts_at=starts_at,
        ends_at=ends_at,
        title=title.strip(),
        place=place.strip(),
        hours=hours,
    )
    _clean(session, exclude=["union", "activity"])
    session.save()
    audit_record(
        actor=actor,
        event_type=AuditEventType.CREATE,
        obj=session,
        union_id=activity.union_id,
        after=snapshot(session, SESSION_FIELDS),
    )
    return session


@transaction.atomic
def session_add(
    *,
    actor: Any,
    activity: Activity,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    title: str = "",
    place: str = "",
    hours: Decimal | None = None,
) -> Session:
    """Add the next session (round, class) of an activity; sessions are numbered 1, 2, 3 … in the order added."""
    # The lock serialises two officers adding sessions at once, so numbers never collide.
    Activity.objects.select_for_update().filter(pk=activity.pk).first()
    number = (Session.objects.filter(activity=activity).aggregate(m=Max("number"))["m"] or 0) + 1
    return _session_create(
        actor=actor,
        activity=activity,
        number=number,
        starts_at=starts_at,
        ends_at=ends_at,
        title=title,
        place=place,
        hours=hours,
    )


@transaction.atomic
def session_update(*, actor: Any, session: Session, **changes: Any) -> Session:
    """Change a session's time window, place, name or study hours."""
    unknown = set(changes) - EDITABLE_SESSION_FIELDS
    if unknown:
        raise DomainError(f"不能修改字段：{'、'.join(sorted(unknown))}")
    session = Session.objects.select_for_update().get(pk=session.pk)
    before = snapshot(session, SESSION_FIELDS)
    for name, value in changes.items():
        setattr(session, name, value.strip() if isinstance(value, str) else value)
    _clean(session, exclude=["union", "activity"])
    session.save()
    after = snapshot(session, SESSION_FIELDS)
    if after != before:
        audit_record(
            actor=actor,
            event_type=AuditEventType.UPDATE,
            obj=session,
            union_id=session.union_id,
            before=before,
            after=after,
        )
    return session


# ---- the sign-in sheet ------------------------------------------------------------------------------


def expected_candidates(session: Session) -> list[Person]:
    """Who the session's sign-in sheet lists, in stroke order, before it is frozen."""
    activity = session.activity
    if activity.audience == Audience.REGISTERED:
        people = Person.objects.filter(
            pk__in=Registration.objects.filter(activity=activity).values("person_id")
        ).order_by("name_stroke_key", "id")
    else:
        people = members_on(activity.union, session.day)
        if activity.audience == Audience.WOMEN:
            people = people.filter(gender=Gender.FEMALE)
    return list(people.select_related("department", "group"))


@transaction.atomic
def session_expected_freeze(*, actor: Any, session: Session) -> list[ExpectedAttendee]:
    """Fix the sign-in sheet's numbering (stroke order of the expected people) the first time it is needed.

    From then on a number always means the same person: later sign-ups are appended at the end, and a
    withdrawal leaves its number empty rather than renumbering everyone below it.
    """
    session = Session.objects.select_for_update().select_related("activity__union").get(pk=session.pk)
    if session.expected_frozen_at is None:
        rows = [
            ExpectedAttendee(union_id=session.union_id, session=session, person=person, number=number)
            for number, person in enumerate(expected_candidates(session), start=1)
        ]
        ExpectedAttendee.objects.bulk_create(rows)
        session.expected_frozen_at = timezone.now()
        session.save(update_fields=["expected_frozen_at", "updated_at"])
        audit_record(
            actor=actor,
            event_type=AuditEventType.UPDATE,
            obj=session,
            union_id=session.union_id,
            after={"expected": len(rows)},
        )
    return list(ExpectedAttendee.objects.filter(session=session).select_related("person").order_by("number"))


# ---- registration -----------------------------------------------------------------------------------


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _registration_check(activity: Activity, person: Person, via: str, today: dt.date) -> None:
    _same_union(activity.union_id, person)
    if activity.audience != Audience.REGISTERED:
        raise DomainError(f"本活动面向{activity.get_audience_display()}，无需报名")
    if via == RegistrationVia.SELF and today > activity.starts_on:
        raise DomainError("活动已开始，报名已截止")
    if not people_in_lists(activity.union, today).filter(pk=person.pk).exists():
        raise DomainError(f"{person.name}目前没有有效会籍，不能报名")


def _append_to_open_sheets(*, activity: Activity, person: Person, today: dt.date) -> None:
    """A late sign-up goes to the end of each frozen sheet of a session still to come."""
    for session in Session.objects.select_for_update().filter(
        activity=activity, expected_frozen_at__isnull=False, starts_at__date__gte=today
    ):
        if ExpectedAttendee.objects.filter(session=session, person=person).exists():
            continue
        number = (ExpectedAttendee.objects.filter(session=session).aggregate(m=Max("number"))["m"] or 0) + 1
        ExpectedAttendee.objects.create(
            union_id=session.union_id, session=session, person=person, number=number
        )


@transaction.atomic
def registration_add(
    *, actor: Any, activity: Activity, person: Person, via: str, today: dt.date | None = None
) -> Registration:
    """Sign a person up, by an officer or by the member themselves (only before the activity starts)."""
    today = _today(today)
    via = RegistrationVia(via)
    _registration_check(activity, person, via, today)
    if Registration.objects.filter(activity=activity, person=person).exists():
        raise DomainError(f"{person.name}已报名")
    registration = Registration(
        union_id=activity.union_id,
        activity=activity,
        person=person,
        via=via,
        registered_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:  # the same person signed up twice at once
        raise DomainError(f"{person.name}已报名") from exc
    audit_record(
        actor=actor,
        event_type=AuditEventType.CREATE,
        obj=registration,
        union_id=activity.union_id,
        after=snapshot(registration, ["activity", "person", "via"]),
    )
    _append_to_open_sheets(activity=activity, person=person, today=today)
    return registration


@dataclass(frozen=True)
class RegistrationBatch:
    added: list[str]
    already: list[str]


@transaction.atomic
def registrations_add(
    *, actor: Any, activity: Activity, persons: Iterable[Person], today: dt.date | None = None
) -> RegistrationBatch:
    """Sign several people up at once (an officer entering a team); those already signed up are skipped."""
    today = _today(today)
    registered = set(Registration.objects.filter(activity=activity).values_list("person_id", flat=True))
    added: list[str] = []
    already: list[str] = []
    for person in persons:
        if person.pk in registered:
            already.append(person.name)
            continue
        registration_add(
            actor=actor, activity=activity, person=person, via=RegistrationVia.OFFICER, today=today
        )
        registered.add(person.pk)
        added.append(person.name)
    return RegistrationBatch(added=added, already=already)


@transaction.atomic
def registration_remove(
    *, actor: Any, activity: Activity, person: Person, via: str, today: dt.date | None = None
) -> None:
    """Withdraw a sign-up; a member withdrawing themselves may do so only before the activity starts."""
    today = _today(today)
    via = RegistrationVia(via)
    registration = Registration.objects.filter(activity=activity, person=person).first()
    if registration is None:
        raise DomainError(f"{person.name}没有报名本活动")
    if via == RegistrationVia.SELF and today > activity.starts_on:
        raise DomainError("活动已开始，不能再取消报名")
    audit_record(
        actor=actor,
        event_type=AuditEventType.DELETE,
        obj=registration,
        union_id=activity.union_id,
        before=snapshot(registration, ["activity", "person", "via"]),
    )
    registration.delete()
    # Lines of sheets still to come are dropped, unless the person is already marked present there.
    present = Attendance.objects.filter(session__activity=activity, person=person).values("session_id")
    ExpectedAttendee.objects.filter(
        session__activity=activity, person=person, session__starts_at__date__gte=today
    ).exclude(session_id__in=present).delete()


# ---- attendance -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceChange:
    """What one entry did: who was added, who removed, and the session's attendance afterwards."""

    added: list[str]
    removed: list[str]
    absent: list[str] = field(default_factory=list)
    total: int = 0

    @property
    def message(self) -> str:
        text = f"已登记，本场出席{self.total}人（新增{len(self.added)}人，移除{len(self.removed)}人）"
        if self.absent:
            text += f"；未出席：{'、'.join(self.absent)}"
        return text


def attendee_kinds(union_id: int, person_ids: Iterable[int], day: dt.date) -> dict[int, str]:
    """How each person counts on `day`: an active or retained member is 会员, one retained on retirement
    退休人员; a person with no membership that day counts as a guest."""
    ids = list(person_ids)
    kinds = dict.fromkeys(ids, AttendeeKind.GUEST.value)
    spans = Membership.objects.filter(spans_covering(day), union_id=union_id, person_id__in=ids).values_list(
        "person_id", "status", "retained_reason"
    )
    for person_id, status, reason in spans:
        retired = status == MembershipStatus.RETAINED and reason == RetainedReason.RETIREMENT
        kinds[person_id] = AttendeeKind.RETIREE if retired else AttendeeKind.MEMBER
    return kinds


def _apply(
    *,
    actor: Any,
    session: Session,
    add: Sequence[Person],
    remove: Sequence[Attendance],
    method: str,
    absent: Sequence[str] = (),
) -> AttendanceChange:
    """Write one batch of person attendance and its audit event."""
    kinds = attendee_kinds(session.union_id, (p.pk for p in add), session.day)
    recorder = actor if getattr(actor, "is_authenticated", False) else None
    Attendance.objects.bulk_create(
        [
            Attendance(
                union_id=session.union_id,
                session=session,
                person=person,
                attendee_kind=kinds[person.pk],
                method=method,
                recorded_by=recorder,
            )
            for person in add
        ]
    )
    removed = [row.attendee_name for row in remove]
    if remove:
        Attendance.objects.filter(pk__in=[row.pk for row in remove]).delete()
    change = AttendanceChange(
        added=[p.name for p in add],
        removed=removed,
        absent=list(absent),
        total=Attendance.objects.filter(session=session).count(),
    )
    if add or remove:
        audit_record(
            actor=actor,
            event_type=AuditEventType.UPDATE,
            obj=session,
            union_id=session.union_id,
            after={"attendance_method": method, "added": change.added, "removed": removed},
        )
    return change


def _person_rows(session: Session) -> dict[int, Attendance]:
    rows = Attendance.objects.filter(session=session, person__isnull=False).select_related("person")
    return {row.person_id: row for row in rows if row.person_id is not None}


@transaction.atomic
def attendance_record_all_except(
    *, actor: Any, session: Session, numbers: str | Iterable[int]
) -> AttendanceChange:
    """ "全部出席，除了 5, 17, 23": everyone on the sign-in sheet is present except those numbers.

    The numbers are the sheet's (stroke order, 1-based). People not on the sheet and guests keep their rows.
    """
    wanted = parse_sheet_numbers(numbers) if isinstance(numbers, str) else sorted(set(numbers))
    sheet = session_expected_freeze(actor=actor, session=session)
    by_number = {line.number: line.person for line in sheet}
    unknown = [n for n in wanted if n not in by_number]
    if unknown:
        listed = "、".join(f"第{n}号" for n in unknown)
        raise DomainError(f"{listed}不在签到表上（共{len(sheet)}人）", field="numbers")
    absent_ids = {by_number[n].pk for n in wanted}
    existing = _person_rows(session)
    add = [
        line.person for line in sheet if line.person.pk not in absent_ids and line.person.pk not in existing
    ]
    remove = [existing[pid] for pid in absent_ids if pid in existing]
    return _apply(
        actor=actor,
        session=session,
        add=add,
        remove=remove,
        method=AttendanceMethod.SHEET_NUMBERS,
        absent=[by_number[n].name for n in wanted],
    )


def resolve_names(
    union: Union, names: Sequence[str], day: dt.date, picks: Mapping[str, Sequence[int]] | None = None
) -> list[Person]:
    """The people of the union's lists on `day` the names stand for; unknown and ambiguous names are
    reported together (NamesNotResolved), never guessed. `picks` settles a namesake: name → chosen ids."""
    picks = picks or {}
    matches: dict[str, list[Person]] = {}
    for person in people_in_lists(union, day).filter(name__in=names).select_related("department", "group"):
        matches.setdefault(person.name, []).append(person)
    problems = NameProblems()
    found: list[Person] = []
    for name in names:
        candidates = matches.get(name, [])
        if not candidates:
            problems.unknown.append(name)
        elif len(candidates) == 1:
            found.append(candidates[0])
        else:
            chosen = [p for p in candidates if p.pk in set(picks.get(name, ()))]
            if chosen:
                found.extend(chosen)
            else:
                problems.ambiguous[name] = [
                    Candidate(
                        person_id=p.pk,
                        name=p.name,
                        member_no=p.member_no,
                        department=p.department.name if p.department else "",
                        group=p.group.name if p.group else "",
                    )
                    for p in candidates
                ]
    if problems:
        raise NamesNotResolved(problems)
    return found


@transaction.atomic
def attendance_record_names(
    *, actor: Any, session: Session, text: str, picks: Mapping[str, Sequence[int]] | None = None
) -> AttendanceChange:
    """Mark present the people named in a pasted list (separated by 、，, spaces or newlines).

    Nothing is recorded while any name is unknown or has namesakes; those names are reported back.
    """
    names = split_names(text)
    if not names:
        raise DomainError("请粘贴出席人员的姓名", field="names")
    people = resolve_names(session.activity.union, names, session.day, picks)
    existing = _person_rows(session)
    add = [p for p in dict.fromkeys(people) if p.pk not in existing]
    return _apply(actor=actor, session=session, add=add, remove=[], method=AttendanceMethod.PASTED_NAMES)


@transaction.atomic
def attendance_set(
    *, actor: Any, session: Session, persons: Iterable[Person], method: str = AttendanceMethod.MANUAL
) -> AttendanceChange:
    """Make the session's person attendance exactly `persons` (guests without a record are kept)."""
    wanted = {p.pk: p for p in persons}
    _same_union(session.union_id, *wanted.values())
    existing = _person_rows(session)
    add = [p for pid, p in wanted.items() if pid not in existing]
    remove = [row for pid, row in existing.items() if pid not in wanted]
    return _apply(actor=actor, session=session, add=add, remove=remove, method=AttendanceMethod(method))


GUEST_KINDS = (AttendeeKind.RETIREE, AttendeeKind.FAMILY, AttendeeKind.GUEST)


@transaction.atomic
def attendance_add_guests(
    *, actor: Any, session: Session, kind: str, names: str, method: str = AttendanceMethod.MANUAL
) -> AttendanceChange:
    """Record attendees who have no record here (retirees not on the roster, family members, guests), by name."""
    kind = AttendeeKind(kind)
    if kind not in GUEST_KINDS:
        raise DomainError("会员请从名单中登记；这里只登记退休人员、家属和来宾", field="kind")
    wanted = split_names(names)
    if not wanted:
        raise DomainError("请填写姓名", field="names")
    existing = set(
        Attendance.objects.filter(session=session, person__isnull=True, attendee_kind=kind).values_list(
            "guest_name", flat=True
        )
    )
    recorder = actor if getattr(actor, "is_authenticated", False) else None
    rows = [
        Attendance(
            union_id=session.union_id,
            session=session,
            guest_name=name,
            attendee_kind=kind,
            method=AttendanceMethod(method),
            recorded_by=recorder,
        )
        for name in wanted
        if name not in existing
    ]
    for row in rows:
        _clean(row, exclude=["union", "session", "person", "recorded_by"])
    Attendance.objects.bulk_create(rows)
    added = [f"{row.guest_name}（{kind.label}）" for row in rows]
    if rows:
        audit_record(
            actor=actor,
            event_type=AuditEventType.UPDATE,
            obj=session,
            union_id=session.union_id,
            after={"attendance_method": str(method), "added": added, "removed": []},
        )
    return AttendanceChange(added=added, removed=[], total=Attendance.objects.filter(session=session).count())


@transaction.atomic
def attendance_remove(*, actor: Any, attendance: Attendance) -> None:
    """Take one attendance row back (a guest entered by mistake)."""
    session = attendance.session
    name = attendance.attendee_name
    attendance.delete()
    audit_record(
        actor=actor,
        event_type=AuditEventType.UPDATE,
        obj=session,
        union_id=session.union_id,
        after={"attendance_method": "manual", "added": [], "removed": [name]},
    )


# ---- QR check-in -----------------------------------------------------------------------------------

CHECK_IN_OPENS_BEFORE = dt.timedelta(minutes=30)
CHECK_IN_OPEN_WITHOUT_END = dt.timedelta(hours=4)
CHECK_IN_NOT_MATCHED = "未能核对：请检查姓名和手机号后四位，或找现场工作人员签到"
CHECK_IN_ALREADY = "您已签到"
CHECK_IN_BAD_TOKEN = "签到码无效，请重新扫描现场的二维码"


def session_checkin_token(session: Session) -> str:
    """The session's random check-in token (the QR code's secret), made the first time it is shown."""
    if session.checkin_token:
        return session.checkin_token
    token = secrets.token_urlsafe(24)
    # Two officers opening the QR page at once: the first token written wins, the other is discarded.
    Session.objects.filter(pk=session.pk, checkin_token__isnull=True).update(checkin_token=token)
    session.checkin_token = Session.objects.values_list("checkin_token", flat=True).get(pk=session.pk)
    return str(session.checkin_token)


def check_in_window(session: Session) -> tuple[dt.datetime, dt.datetime]:
    """When QR check-in is open: from 30 minutes before the start to the end (or 4 hours after the start)."""
    opens = session.starts_at - CHECK_IN_OPENS_BEFORE
    closes = session.ends_at or session.starts_at + CHECK_IN_OPEN_WITHOUT_END
    return opens, closes


def check_in_window_text(session: Session) -> str:
    """签到时间为5月20日 15:10至19:40."""
    opens, closes = (timezone.localtime(moment) for moment in check_in_window(session))
    return f"签到时间为{opens.month}月{opens.day}日 {opens:%H:%M}至{closes:%H:%M}"


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def _check_in_person(session: Session, name: str, last4: str) -> Person | None:
    """The one person on the sheet or among the union's members that day with this exact name whose
    phone ends with `last4`; None when nobody or more than one person fits."""
    on_sheet = ExpectedAttendee.objects.filter(session=session).values("person_id")
    members = members_on(session.activity.union, session.day).values("pk")
    candidates = Person.objects.filter(union_id=session.union_id, name=name).filter(
        Q(pk__in=on_sheet) | Q(pk__in=members)
    )
    fitting = [person for person in candidates if _digits(person.phone).endswith(last4)]
    return fitting[0] if len(fitting) == 1 else None


@transaction.atomic
def attendance_check_in(
    *, token: str, name: str, phone_last4: str, now: dt.datetime | None = None
) -> Attendance:
    """Record a QR check-in: the attendee gives their name and the last four digits of their phone.

    Refused (CheckInRefused) for an unknown token, outside the session's window, when the name and digits
    do not single out one person on the sheet or among the union's members, or when already signed in.
    """
    now = now or timezone.now()
    session = (
        Session.objects.select_for_update()
        .select_related("activity__union")
        .filter(checkin_token=token)
        .first()
        if token
        else None
    )
    if session is None:
        raise CheckInRefused(CHECK_IN_BAD_TOKEN)
    opens, closes = check_in_window(session)
    if not opens <= now <= closes:
        raise CheckInRefused(check_in_window_text(session))
    name = name.strip()
    last4 = _digits(phone_last4)
    person = _check_in_person(session, name, last4) if name and len(last4) == 4 else None
    if person is None:
        raise CheckInRefused(CHECK_IN_NOT_MATCHED, failed_match=True)
    if Attendance.objects.filter(session=session, person=person).exists():
        raise CheckInRefused(CHECK_IN_ALREADY)
    _apply(actor=None, session=session, add=[person], remove=[], method=AttendanceMethod.QR)
    return Attendance.objects.select_related("session__activity").get(session=session, person=person)


# ---- results, photos --------------------------------------------------------------------------------


@transaction.atomic
def result_add(
    *,
    actor: Any,
    activity: Activity,
    level: str,
    title: str,
    is_team: bool = False,
    persons: Iterable[Person] = (),
    awardee_names: str = "",
    issuer: str = "",
    awarded_on: dt.date | None = None,
) -> Result:
    """Record a place or prize won in the activity (团体第二名; an individual prize with its winners)."""
    persons = list(persons)
    _same_union(activity.union_id, *persons)
    result = Result(
        union_id=activity.union_id,
        activity=activity,
        level=Level(level),
        title=title.strip(),
        is_team=is_team,
        awardee_names="、".join(split_names(awardee_names)),
        issuer=issuer.strip(),
        awarded_on=awarded_on,
    )
    if not result.title:
        raise DomainError("请填写名次或奖项", field="title")
    if not is_team and not persons and not result.awardee_names:
        raise DomainError("个人奖项请填写获奖人", field="persons")
    _clean(result, exclude=["union", "activity"])
    result.save()
    if persons:
        result.persons.set(persons)
    audit_record(
        actor=actor,
        event_type=AuditEventType.CREATE,
        obj=result,
        union_id=activity.union_id,
        after={
            **snapshot(
                result, ["activity", "level", "title", "is_team", "awardee_names", "issuer", "awarded_on"]
            ),
            "persons": [p.name for p in persons],
        },
    )
    return result


@transaction.atomic
def photo_add(
    *,
    actor: Any,
    activity: Activity,
    content: bytes,
    caption: str = "",
    place: str = "",
    taken_on: dt.date | None = None,
) -> Photo:
    """Keep a photo as evidence; its capture date comes from the EXIF block unless one is given."""
    if not content:
        raise DomainError("请选择照片文件", field="image")
    if len(content) > MAX_PHOTO_BYTES:
        raise DomainError(f"照片不能超过{MAX_PHOTO_BYTES // (1024 * 1024)}MB", field="image")
    content_type = sniff_image_type(content[:16])
    if content_type is None:
        raise DomainError("只能上传JPEG或PNG格式的照片", field="image")
    try:
        kept = compress_photo(content)  # ≤1600 px, JPEG q82, no EXIF (GPS) in the stored copy
    except PhotoUnreadable as exc:
        raise DomainError("照片文件已损坏，无法读取：请重新导出后再上传", field="image") from exc
    content = kept.content
    content_type = JPEG
    from_exif = kept.taken_on if taken_on is None else None
    photo = Photo(
        union_id=activity.union_id,
        activity=activity,
        content_type=content_type,
        size=len(content),
        caption=caption.strip(),
        place=place.strip(),
        taken_on=taken_on or from_exif,
        taken_on_from_exif=from_exif is not None,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    photo.image.save(f"{uuid.uuid4().hex}.{EXTENSIONS[content_type]}", ContentFile(content), save=False)
    try:
        _clean(photo, exclude=["union", "activity", "uploaded_by"])
        photo.save()
    except Exception:
        photo.image.delete(save=False)  # no file without its row
        raise
    stored = photo.image.name
    audit_record(
        actor=actor,
        event_type=AuditEventType.CREATE,
        obj=photo,
        union_id=activity.union_id,
        after={**snapshot(photo, ["activity", "caption", "place", "taken_on", "size"]), "file": stored},
    )
    return photo


# ---- honours and model workers ----------------------------------------------------------------------

HONOUR_FIELDS = ["title", "level", "awardee_kind", "person", "unit_name", "issuer", "awarded_on", "evidence"]


@transaction.atomic
def honour_add(
    *,
    actor: Any,
    union: Union,
    title: str,
    level: str,
    issuer: str,
    awarded_on: dt.date,
    person: Person | None = None,
    unit_name: str = "",
    evidence: str = "",
) -> Honour:
    """Record an honour (评先评优) awarded to a person of this union or to a unit."""
    _same_union(union.pk, person)
    if (person is None) == (not unit_name.strip()):
        raise DomainError("请在获得者（个人）和获奖集体中填写一项", field="person")
    honour = Honour(
        union=union,
        title=title.strip(),
        level=Level(level),
        awardee_kind=AwardeeKind.PERSON if person is not None else AwardeeKind.UNIT,
        person=person,
        unit_name=unit_name.strip(),
        issuer=issuer.strip(),
        awarded_on=awarded_on,
        evidence=evidence.strip(),
    )
    if not honour.title:
        raise DomainError("请填写荣誉称号", field="title")
    _clean(honour, exclude=["union", "person"])
    honour.save()
    audit_record(
        actor=actor,
        event_type=AuditEventType.CREATE,
        obj=honour,
        union_id=union.pk,
        after=snapshot(honour, HONOUR_FIELDS),
    )
    return honour


@transaction.atomic
def model_worker_care_log_add(
    *, actor: Any, union: Union, person: Person, on: dt.date, note: str
) -> ModelWorkerCareLog:
    """Note a contact with a model worker (a visit, a greeting, a check-up arranged)."""
    _same_union(union.pk, person)
    if not is_model_worker(union.pk, person.pk):
        raise DomainError(f"{person.name}不在劳模名册中", field="person")
    if not note.strip():
        raise DomainError("请填写关怀内容", field="note")
    log = ModelWorkerCareLog(
        union=union,
        person=person,
        on=on,
        note=note.strip(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    log.save()
    audit_record(
        actor=actor,
        event_type=AuditEventType.CREATE,
        obj=log,
        union_id=union.pk,
        after=snapshot(log, ["person", "on", "note"]),
    )
    return log
