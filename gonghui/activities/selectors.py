"""Reads of activities, attendance and honours for an acting user; each takes the ActorScope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from gonghui.accounts.scope import ActorScope
from gonghui.activities.counting import (
    AttendanceRow,
    ParticipationRow,
    Totals,
    active_rows,
    attendance_rows,
    in_period,
    participation,
    study_hours,
    totals,
)
from gonghui.activities.model_workers import model_worker_honours, model_worker_titles
from gonghui.activities.models import (
    Activity,
    ActivityKind,
    ActivitySettings,
    Attendance,
    AttendeeKind,
    Audience,
    ExpectedAttendee,
    Honour,
    ModelWorkerCareLog,
    Photo,
    Registration,
    Result,
    Session,
)
from gonghui.activities.services import expected_candidates
from gonghui.core.errors import NotFound
from gonghui.members.models import Gender, Person
from gonghui.members.selectors import people_in_lists

MEMBER_ROWS = Q(sessions__attendances__attendee_kind=AttendeeKind.MEMBER)


def activity_visible_for(scope: ActorScope) -> QuerySet[Activity]:
    """The union's activities, for roles that see the activity records (a member uses 我的活动)."""
    scope.require("activities.view")
    return Activity.objects.filter(union=scope.union)


def activity_years(scope: ActorScope) -> list[int]:
    years = {day.year for day in activity_visible_for(scope).dates("starts_on", "year")}
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def activity_list_for(scope: ActorScope, *, year: int, kind_id: int | None = None) -> QuerySet[Activity]:
    """The activities of a year (newest first) with their sessions, 人 and 人次 counted in the database."""
    activities = activity_visible_for(scope).filter(starts_on__year=year)
    if kind_id:
        activities = activities.filter(kind_id=kind_id)
    return (
        activities.select_related("kind")
        .annotate(
            # distinct=True throughout: the joins to sessions, attendance and results multiply rows.
            session_count=Count("sessions", distinct=True),
            persons=Count("sessions__attendances__person", filter=MEMBER_ROWS, distinct=True),
            person_times=Count("sessions__attendances", filter=MEMBER_ROWS, distinct=True),
            person_times_all=Count("sessions__attendances", distinct=True),
            result_count=Count("results", distinct=True),
        )
        .order_by("-starts_on", "-id")
    )


def kinds_for(scope: ActorScope) -> QuerySet[ActivityKind]:
    scope.require("activities.view")
    return ActivityKind.objects.filter(union=scope.union).order_by("sort_order", "name")


def activity_get_for(scope: ActorScope, activity_id: int) -> Activity:
    """One activity, or NotFound when it is not this union's or the actor may not see activities."""
    activity = activity_visible_for(scope).select_related("kind").filter(pk=activity_id).first()
    if activity is None:
        raise NotFound()
    return activity


def session_get_for(scope: ActorScope, session_id: int) -> Session:
    scope.require("activities.view")
    session = (
        Session.objects.filter(union=scope.union, pk=session_id)
        .select_related("activity__kind", "activity__union")
        .first()
    )
    if session is None:
        raise NotFound()
    return session


def photo_get_for(scope: ActorScope, photo_id: int) -> Photo:
    scope.require("activities.view")
    photo = Photo.objects.filter(union=scope.union, pk=photo_id).select_related("activity").first()
    if photo is None:
        raise NotFound()
    return photo


def registration_get_for(scope: ActorScope, activity: Activity, person_id: int) -> Registration:
    scope.require("activities.view")
    registration = (
        Registration.objects.filter(union=scope.union, activity=activity, person_id=person_id)
        .select_related("person")
        .first()
    )
    if registration is None:
        raise NotFound()
    return registration


def attendance_get_for(scope: ActorScope, session: Session, attendance_id: int) -> Attendance:
    scope.require("activities.view")
    row = Attendance.objects.filter(union=scope.union, session=session, pk=attendance_id).first()
    if row is None:
        raise NotFound()
    return row


# ---- one activity -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionLine:
    session: Session
    totals: Totals


@dataclass(frozen=True)
class ActivityPage:
    activity: Activity
    sessions: list[SessionLine]
    totals: Totals
    registrations: list[Registration]
    results: list[Result]
    photos: list[Photo]
    departments: list[str]


def activity_page(scope: ActorScope, activity: Activity) -> ActivityPage:
    """Everything on an activity's page: sessions with their counts, sign-ups, results, photos."""
    scope.require("activities.view")
    rows = attendance_rows(Attendance.objects.filter(session__activity=activity))
    by_session: dict[int, list[AttendanceRow]] = {}
    for row in rows:
        by_session.setdefault(row.session_id, []).append(row)
    sessions = [
        SessionLine(session=session, totals=totals(by_session.get(session.pk, [])))
        for session in Session.objects.filter(activity=activity).order_by("number")
    ]
    registrations = list(
        Registration.objects.filter(activity=activity)
        .select_related("person__department", "person__group")
        .order_by("person__name_stroke_key", "id")
    )
    results = list(
        Result.objects.filter(activity=activity)
        .prefetch_related(Prefetch("persons", queryset=Person.objects.order_by("name_stroke_key")))
        .order_by("id")
    )
    photos = list(Photo.objects.filter(activity=activity).order_by("taken_on", "id"))
    for photo in photos:
        photo.activity = activity
    return ActivityPage(
        activity=activity,
        sessions=sessions,
        totals=totals(rows),
        registrations=registrations,
        results=results,
        photos=photos,
        departments=[d.name for d in activity.departments.all()],
    )


@dataclass(frozen=True)
class SheetLine:
    number: int
    person: Person
    present: bool


@dataclass(frozen=True)
class SessionPage:
    session: Session
    frozen: bool
    sheet: list[SheetLine]
    others: list[Attendance]  # people present who are not on the sheet
    guests: list[Attendance]
    totals: Totals


def session_page(scope: ActorScope, session: Session) -> SessionPage:
    """A session's sign-in sheet (numbered in stroke order; provisional until frozen) and who was present."""
    scope.require("activities.view")
    frozen = session.expected_frozen_at is not None
    if frozen:
        lines = [
            (line.number, line.person)
            for line in ExpectedAttendee.objects.filter(session=session)
            .select_related("person__department", "person__group")
            .order_by("number")
        ]
    else:
        lines = list(enumerate(expected_candidates(session), start=1))
    present_rows = list(
        Attendance.objects.filter(session=session)
        .select_related("person")
        .order_by("person__name_stroke_key", "id")
    )
    present_ids = {row.person_id for row in present_rows if row.person_id}
    on_sheet = {person.pk for _, person in lines}
    return SessionPage(
        session=session,
        frozen=frozen,
        sheet=[SheetLine(number, person, person.pk in present_ids) for number, person in lines],
        others=[row for row in present_rows if row.person_id and row.person_id not in on_sheet],
        guests=[row for row in present_rows if row.person_id is None],
        totals=totals(attendance_rows(Attendance.objects.filter(session=session))),
    )


def people_for_picking(scope: ActorScope, day: dt.date) -> QuerySet[Person]:
    """The union's people in lists on `day` (active and retained), for check-lists and pickers."""
    scope.require("activities.view")
    return people_in_lists(scope.union, day).select_related("department", "group")


def picked_people(scope: ActorScope, day: dt.date, ids: list[int]) -> list[Person]:
    """The chosen people, only among those the union lists on `day`; ids of anyone else are ignored."""
    return list(people_for_picking(scope, day).filter(pk__in=ids))


# ---- participation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Participation:
    start: dt.date
    as_of: dt.date
    by_group: list[ParticipationRow]
    by_department: list[ParticipationRow]


def participation_for(scope: ActorScope, *, start: dt.date, as_of: dt.date) -> Participation:
    """Participation per group and per department (lowest first), for the page and the 存在不足 rules."""
    scope.require("activities.view")
    actives = active_rows((scope.union.pk,), as_of)
    rows = attendance_rows(Attendance.objects.filter(in_period(start, as_of), union=scope.union))
    return Participation(
        start=start,
        as_of=as_of,
        by_group=participation(actives, rows, by="group"),
        by_department=participation(actives, rows, by="department"),
    )


@dataclass(frozen=True)
class StudyHoursLine:
    person_id: int | None
    name: str
    hours: Decimal


def study_hours_for(scope: ActorScope, *, start: dt.date, end: dt.date) -> list[StudyHoursLine]:
    """Each member's study hours at trainings held from `start` to `end`, in stroke order."""
    scope.require("activities.view")
    rows = attendance_rows(Attendance.objects.filter(in_period(start, end), union=scope.union))
    found = sorted(study_hours(rows).values(), key=lambda item: (item[0].stroke, item[0].name))
    return [StudyHoursLine(row.person_id, row.name, hours) for row, hours in found]


# ---- honours and model workers ----------------------------------------------------------------------


def honour_list_for(scope: ActorScope, *, year: int | None = None) -> QuerySet[Honour]:
    scope.require("activities.view")
    honours = Honour.objects.filter(union=scope.union).select_related("person")
    if year:
        honours = honours.filter(awarded_on__year=year)
    return honours.order_by("-awarded_on", "-id")


@dataclass(frozen=True)
class ModelWorker:
    person: Person
    honours: list[Honour]
    care: list[ModelWorkerCareLog]


@dataclass(frozen=True)
class ModelWorkerRegister:
    titles: list[str]
    workers: list[ModelWorker]

    @property
    def person_ids(self) -> set[int]:
        return {worker.person.pk for worker in self.workers}


def model_worker_register_for(scope: ActorScope) -> ModelWorkerRegister:
    """劳模名册: people with a qualifying honour (see activities.model_workers), with their care log."""
    scope.require("activities.view")
    honours = list(
        model_worker_honours(scope.union.pk)
        .select_related("person__department")
        .order_by("person__name_stroke_key", "person_id", "awarded_on")
    )
    by_person: dict[int, list[Honour]] = {}
    people: dict[int, Person] = {}
    for honour in honours:
        assert honour.person is not None
        by_person.setdefault(honour.person.pk, []).append(honour)
        people[honour.person.pk] = honour.person
    logs: dict[int, list[ModelWorkerCareLog]] = {}
    for log in ModelWorkerCareLog.objects.filter(union=scope.union, person_id__in=list(people)).order_by(
        "-on", "-id"
    ):
        logs.setdefault(log.person_id, []).append(log)
    return ModelWorkerRegister(
        titles=model_worker_titles(scope.union.pk),
        workers=[ModelWorker(people[pid], by_person[pid], logs.get(pid, [])) for pid in people],
    )


def settings_for(scope: ActorScope) -> ActivitySettings | None:
    scope.require("activities.view")
    return ActivitySettings.objects.filter(union=scope.union).first()


# ---- 我的活动 ----------------------------------------------------------------------------------------


def own_person(scope: ActorScope) -> Person:
    """The acting member's own record; NotFound for a role without one."""
    scope.require("activities.self")
    if scope.person_id is None:
        raise NotFound()
    person = Person.objects.filter(union=scope.union, pk=scope.person_id).first()
    if person is None:
        raise NotFound()
    return person


@dataclass(frozen=True)
class UpcomingLine:
    activity: Activity
    registered: bool
    open_for_signup: bool
    note: str


@dataclass(frozen=True)
class MyActivities:
    person: Person
    upcoming: list[UpcomingLine]
    history: list[AttendanceRow]
    hours_by_year: list[tuple[int, Decimal]]


def my_activities_for(scope: ActorScope, *, today: dt.date) -> MyActivities:
    """What a member sees: activities to come (sign up or withdraw), their own attendance and study hours."""
    person = own_person(scope)
    registered = set(Registration.objects.filter(person=person).values_list("activity_id", flat=True))
    upcoming = []
    for activity in (
        Activity.objects.filter(union=scope.union)
        .filter(Q(starts_on__gte=today) | Q(ends_on__gte=today))
        .select_related("kind")
        .order_by("starts_on", "id")
    ):
        if activity.audience == Audience.WOMEN and person.gender != Gender.FEMALE:
            continue
        open_for_signup = activity.audience == Audience.REGISTERED and today <= activity.starts_on
        note = (
            ""
            if activity.audience == Audience.REGISTERED
            else f"面向{activity.get_audience_display()}，无需报名"
        )
        upcoming.append(UpcomingLine(activity, activity.pk in registered, open_for_signup, note))
    history = attendance_rows(Attendance.objects.filter(union=scope.union, person=person))
    history.reverse()
    hours: dict[int, Decimal] = {}
    for row in history:
        if row.hours is not None and row.is_member:
            hours[row.day.year] = hours.get(row.day.year, Decimal("0.0")) + row.hours
    return MyActivities(
        person=person,
        upcoming=upcoming,
        history=history,
        hours_by_year=sorted(hours.items(), reverse=True),
    )


def my_activity_get(scope: ActorScope, activity_id: int) -> Activity:
    """An activity of the member's union that 我的活动 may act on."""
    own_person(scope)
    activity = Activity.objects.filter(union=scope.union, pk=activity_id).first()
    if activity is None:
        raise NotFound()
    return activity


# ---- sign-in sheet and QR check-in ------------------------------------------------------------------


def activity_session_get_for(scope: ActorScope, activity_id: int, session_id: int) -> Session:
    """A session of one of the union's activities; NotFound when either id is not this union's."""
    session = session_get_for(scope, session_id)
    if session.activity_id != activity_get_for(scope, activity_id).pk:
        raise NotFound()
    return session


def sign_in_sheet_for(scope: ActorScope, session: Session) -> list[ExpectedAttendee]:
    """The frozen sheet's lines in number order, with each person's department (for the printed sheet)."""
    scope.require("activities.edit")
    return list(
        ExpectedAttendee.objects.filter(union=scope.union, session=session)
        .select_related("person__department")
        .order_by("number")
    )


def session_by_checkin_token(token: str) -> Session | None:
    """The session a QR code's token opens (the public check-in page has no actor and no union in its URL)."""
    if not token:
        return None
    return Session.objects.filter(checkin_token=token).select_related("activity__union").first()
