"""Activity pages: thin views over the selectors and services. Writes need activities.edit (officers),
except 我的活动, where a member signs up and withdraws for themselves."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any, cast

import segno
from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.accounts.scope import ActorScope
from gonghui.activities import selectors, services
from gonghui.activities.attendance_entry import split_names
from gonghui.activities.checkin_throttle import TOO_MANY, check_in_blocked, check_in_failed
from gonghui.activities.errors import CheckInRefused, NamesNotResolved
from gonghui.activities.forms import (
    ActivityForm,
    AllExceptForm,
    CareLogForm,
    CheckInForm,
    GuestsForm,
    HonourForm,
    KindForm,
    ModelWorkerTitlesForm,
    PasteNamesForm,
    PhotoForm,
    RegisterNamesForm,
    ResultForm,
    SessionForm,
)
from gonghui.activities.model_workers import model_worker_titles
from gonghui.activities.models import Activity, RegistrationVia, Session
from gonghui.activities.photo_files import MAX_PHOTO_BYTES
from gonghui.activities.sign_in_sheet import sheet_title, write_sign_in_sheet
from gonghui.core.errors import DomainError
from gonghui.reports.periods import MIN_YEAR, parse_period
from gonghui.reports.registry import compute, format_value
from gonghui.web.access import union_view

GET_POST = require_http_methods(["GET", "HEAD", "POST"])
PARTICIPATION_FIGURES = [
    "activities.count",
    "activities.sessions",
    "activities.persons",
    "activities.person_times",
    "activities.persons_all",
    "activities.person_times_all",
    "activities.participation_rate",
    "activities.trainings",
    "activities.study_hours",
    "activities.higher_results",
    "honours.count",
]

FormFactory = Callable[..., forms.Form]
Apply = Callable[[dict[str, Any]], str]


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _year(request: HttpRequest, today: dt.date) -> int:
    """The year asked for in ?year=, when it is a year that can have records; else this year."""
    year = _int(request.GET.get("year"))
    return year if year is not None and MIN_YEAR <= year <= today.year + 1 else today.year


def _picks(request: HttpRequest) -> dict[str, list[int]]:
    """Namesakes chosen on the form: fields `pick:<name>` with person ids."""
    picks: dict[str, list[int]] = {}
    for key in request.POST:
        if key.startswith("pick:"):
            picks[key[5:]] = [int(v) for v in request.POST.getlist(key) if v.isdigit()]
    return picks


def _run_forms(
    request: HttpRequest, actions: dict[str, tuple[FormFactory, Apply]], success_url: str
) -> tuple[dict[str, forms.Form], HttpResponse | None, Any]:
    """Unbound forms for every action; on POST bind and apply the named one. Returns the forms, a redirect
    when it succeeded, and the names problem when a pasted list could not be resolved."""
    bound = {name: factory(None, prefix=name) for name, (factory, _) in actions.items()}
    problems = None
    if request.method == "POST":
        name = request.POST.get("action", "")
        if name not in actions:
            raise Http404("未知的操作")
        factory, apply = actions[name]
        form = factory(request.POST, request.FILES, prefix=name)
        bound[name] = form
        if form.is_valid():
            try:
                done = apply(form.cleaned_data)
            except NamesNotResolved as exc:
                problems = exc.problems
                form.add_error(None, exc.message)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, done)
                return bound, redirect(success_url), None
    return bound, None, problems


def _require_edit(request: HttpRequest, scope: ActorScope) -> None:
    """Pages anyone with activities.view may read take writes from officers only; others get 404."""
    if request.method == "POST" and not scope.can("activities.edit"):
        raise Http404()


# ---- activities -------------------------------------------------------------------------------------


@GET_POST
@union_view("activities.view")
def activity_list(request: HttpRequest, scope: ActorScope) -> HttpResponse:
    today = timezone.localdate()
    year = _year(request, today)
    kind_id = _int(request.GET.get("kind"))
    activities = selectors.activity_list_for(scope, year=year, kind_id=kind_id)
    return render(
        request,
        "activities/list.html",
        {
            "activities": activities,
            "year": year,
            "years": selectors.activity_years(scope),
            "kind_id": kind_id,
            "kinds": selectors.kinds_for(scope),
            "can_edit": scope.can("activities.edit"),
        },
    )


@GET_POST
@union_view("activities.edit")
def activity_create(request: HttpRequest, scope: ActorScope) -> HttpResponse:
    form = ActivityForm(request.POST or None, union=scope.union)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not data["is_training"]:
            data["is_training"] = None  # unticked: a kind filed under 学习/培训 is a training by default
        try:
            activity = services.activity_create(
                actor=request.user,
                union=scope.union,
                start_time=data.pop("start_time"),
                end_time=data.pop("end_time"),
                **data,
            )
        except DomainError as exc:
            form.add_service_error(exc.field, exc.message)
        else:
            messages.success(request, f"已记录活动「{activity.display_title}」，可接着登记报名和出席")
            return redirect("activities:detail", code=scope.union.code, activity_id=activity.pk)
    return render(request, "activities/form.html", {"form": form, "title": "新建活动"})


@GET_POST
@union_view("activities.edit")
def activity_edit(request: HttpRequest, scope: ActorScope, activity_id: int) -> HttpResponse:
    activity = selectors.activity_get_for(scope, activity_id)
    initial = {
        "kind": activity.kind.name,
        "title": activity.title,
        "starts_on": activity.starts_on,
        "ends_on": activity.ends_on,
        "place": activity.place,
        "role": activity.role,
        "audience": activity.audience,
        "series": activity.series,
        "edition": activity.edition,
        "edition_unit": activity.edition_unit,
        "departments": list(activity.departments.all()),
        "co_organisers": activity.co_organisers,
        "planned_budget": activity.planned_budget,
        "description": activity.description,
        "effect_note": activity.effect_note,
        "is_highlight": activity.is_highlight,
        "is_training": activity.is_training,
        "training_topic": activity.training_topic,
        "trainer": activity.trainer,
        "training_hours": activity.training_hours,
    }
    form = ActivityForm(request.POST or None, union=scope.union, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(actor=request.user, activity=activity, **form.cleaned_data)
        except DomainError as exc:
            form.add_service_error(exc.field, exc.message)
        else:
            messages.success(request, "已保存")
            return redirect("activities:detail", code=scope.union.code, activity_id=activity.pk)
    return render(
        request,
        "activities/form.html",
        {"form": form, "title": f"修改活动：{activity.display_title}", "activity": activity},
    )


def _combine(day: dt.date, time: dt.time | None) -> dt.datetime | None:
    return timezone.make_aware(dt.datetime.combine(day, time)) if time else None


@GET_POST
@union_view("activities.view")
def activity_detail(request: HttpRequest, scope: ActorScope, activity_id: int) -> HttpResponse:
    activity = selectors.activity_get_for(scope, activity_id)
    _require_edit(request, scope)
    actor = request.user
    today = timezone.localdate()
    people = selectors.people_for_picking(scope, today)
    url = reverse("activities:detail", kwargs={"code": scope.union.code, "activity_id": activity.pk})

    if request.method == "POST" and request.POST.get("action") == "unregister":
        person = selectors.registration_get_for(scope, activity, _int(request.POST.get("person")) or 0).person
        try:
            services.registration_remove(
                actor=actor, activity=activity, person=person, via=RegistrationVia.OFFICER
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已取消{person.name}的报名")
        return redirect(url)

    def add_session(data: dict[str, Any]) -> str:
        session = services.session_add(
            actor=actor,
            activity=activity,
            starts_at=_combine(data["day"], data["start_time"]),  # type: ignore[arg-type]
            ends_at=_combine(data["day"], data["end_time"]),
            title=data["title"],
            place=data["place"],
            hours=data["hours"],
        )
        return f"已添加{session.label}"

    def register(data: dict[str, Any]) -> str:
        persons = services.resolve_names(scope.union, split_names(data["names"]), today, _picks(request))
        batch = services.registrations_add(actor=actor, activity=activity, persons=persons)
        text = f"已报名{len(batch.added)}人"
        return text + (f"；已报过名：{'、'.join(batch.already)}" if batch.already else "")

    def add_result(data: dict[str, Any]) -> str:
        result = services.result_add(actor=actor, activity=activity, **data)
        return f"已记录成绩：{result}"

    def add_photo(data: dict[str, Any]) -> str:
        upload = data["image"]
        if upload.size > MAX_PHOTO_BYTES:
            raise DomainError(f"照片不能超过{MAX_PHOTO_BYTES // (1024 * 1024)}MB", field="image")
        photo = services.photo_add(
            actor=actor,
            activity=activity,
            content=upload.read(),
            caption=data["caption"],
            place=data["place"],
            taken_on=data["taken_on"],
        )
        warning = photo.date_warning
        return "已上传照片" + (f"。{warning}" if warning else "")

    def result_form(*args: Any, **kwargs: Any) -> forms.Form:
        return ResultForm(*args, people=people, **kwargs)

    actions: dict[str, tuple[FormFactory, Apply]] = {
        "session": (SessionForm, add_session),
        "register": (RegisterNamesForm, register),
        "result": (result_form, add_result),
        "photo": (PhotoForm, add_photo),
    }
    bound, done, problems = _run_forms(request, actions, url)
    if done is not None:
        return done
    return render(
        request,
        "activities/detail.html",
        {
            "page": selectors.activity_page(scope, activity),
            "activity": activity,
            "forms": bound,
            "problems": problems,
            "can_edit": scope.can("activities.edit"),
        },
    )


# ---- one session: the sign-in sheet and attendance --------------------------------------------------


@GET_POST
@union_view("activities.view")
def session_detail(request: HttpRequest, scope: ActorScope, session_id: int) -> HttpResponse:
    session = selectors.session_get_for(scope, session_id)
    _require_edit(request, scope)
    actor = request.user
    url = reverse("activities:session", kwargs={"code": scope.union.code, "session_id": session.pk})
    simple = _session_simple_action(request, scope, session)
    if simple is not None:
        return redirect(url)

    def all_except(data: dict[str, Any]) -> str:
        return services.attendance_record_all_except(
            actor=actor, session=session, numbers=data["numbers"]
        ).message

    def names(data: dict[str, Any]) -> str:
        return services.attendance_record_names(
            actor=actor, session=session, text=data["names"], picks=_picks(request)
        ).message

    def guests(data: dict[str, Any]) -> str:
        return services.attendance_add_guests(
            actor=actor, session=session, kind=data["kind"], names=data["names"]
        ).message

    def edit(data: dict[str, Any]) -> str:
        services.session_update(
            actor=actor,
            session=session,
            starts_at=_combine(data["day"], data["start_time"]),
            ends_at=_combine(data["day"], data["end_time"]),
            title=data["title"],
            place=data["place"],
            hours=data["hours"],
        )
        return "已保存场次信息"

    local_start = timezone.localtime(session.starts_at)
    edit_initial = {
        "day": local_start.date(),
        "start_time": local_start.time(),
        "end_time": timezone.localtime(session.ends_at).time() if session.ends_at else None,
        "title": session.title,
        "place": session.place,
        "hours": session.hours,
    }

    def edit_form(*args: Any, **kwargs: Any) -> forms.Form:
        kwargs.setdefault("initial", edit_initial)
        return SessionForm(*args, **kwargs)

    actions: dict[str, tuple[FormFactory, Apply]] = {
        "all_except": (AllExceptForm, all_except),
        "names": (PasteNamesForm, names),
        "guests": (GuestsForm, guests),
        "edit": (edit_form, edit),
    }
    bound, done, problems = _run_forms(request, actions, url)
    if done is not None:
        return done
    return render(
        request,
        "activities/session.html",
        {
            "page": selectors.session_page(scope, session),
            "session": session,
            "activity": session.activity,
            "forms": bound,
            "problems": problems,
            "can_edit": scope.can("activities.edit"),
        },
    )


def _session_simple_action(request: HttpRequest, scope: ActorScope, session: Session) -> str | None:
    """The actions without a form: the check-list, removing one row, fixing the sheet's numbering."""
    action = request.POST.get("action") if request.method == "POST" else None
    if action not in ("set", "remove", "freeze"):
        return None
    try:
        if action == "set":
            ids = [int(v) for v in request.POST.getlist("present") if v.isdigit()]
            persons = selectors.picked_people(scope, session.day, ids)
            change = services.attendance_set(actor=request.user, session=session, persons=persons)
            messages.success(request, change.message)
        elif action == "remove":
            row = selectors.attendance_get_for(scope, session, _int(request.POST.get("attendance")) or 0)
            services.attendance_remove(actor=request.user, attendance=row)
            messages.success(request, "已删除该出席记录")
        else:
            sheet = services.session_expected_freeze(actor=request.user, session=session)
            messages.success(request, f"签到表已定稿，共{len(sheet)}人，序号不再变动")
    except DomainError as exc:
        messages.error(request, exc.message)
    return action


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@require_http_methods(["GET", "HEAD"])
@union_view("activities.edit")
def sign_in_sheet(request: HttpRequest, scope: ActorScope, activity_id: int, session_id: int) -> HttpResponse:
    """The printable 签到表 (.docx); printing it fixes the sheet's numbering (the numbers are on paper)."""
    session = selectors.activity_session_get_for(scope, activity_id, session_id)
    services.session_expected_freeze(actor=request.user, session=session)
    out = io.BytesIO()
    write_sign_in_sheet(out, session=session, lines=selectors.sign_in_sheet_for(scope, session))
    out.seek(0)
    filename = f"{sheet_title(session)}（{session.label}）.docx"
    response = FileResponse(out, as_attachment=True, filename=filename, content_type=DOCX_TYPE)
    return cast(HttpResponse, response)


@require_http_methods(["GET", "HEAD"])
@union_view("activities.edit")
def session_qr(request: HttpRequest, scope: ActorScope, activity_id: int, session_id: int) -> HttpResponse:
    """The session's QR code to show on a screen or print at the door; it opens the public check-in page."""
    session = selectors.activity_session_get_for(scope, activity_id, session_id)
    token = services.session_checkin_token(session)
    url = request.build_absolute_uri(reverse("activities:checkin", kwargs={"token": token}))
    svg = segno.make(url, error="m").svg_inline(scale=6, title="扫码签到")
    return render(
        request,
        "activities/qr.html",
        {
            "session": session,
            "activity": session.activity,
            "checkin_url": url,
            "qr_svg": mark_safe(svg),  # segno builds this SVG from our own URL
            "window": services.check_in_window_text(session),
        },
    )


@GET_POST
def checkin(request: HttpRequest, token: str = "") -> HttpResponse:
    """The public QR check-in page: no account; name and the last four digits of the phone."""
    session = selectors.session_by_checkin_token(token)
    if session is None:
        return render(
            request, "activities/checkin.html", {"refused": services.CHECK_IN_BAD_TOKEN}, status=404
        )
    if not request.session.session_key:
        request.session["checkin"] = True  # a session cookie: failed attempts are counted per browser
    form = CheckInForm(request.POST or None)
    context: dict[str, Any] = {"session": session, "activity": session.activity, "form": form}
    context["window"] = services.check_in_window_text(session)
    if request.method == "POST":
        if check_in_blocked(request, token):
            context["error"] = TOO_MANY
        elif form.is_valid():
            try:
                services.attendance_check_in(
                    token=token, name=form.cleaned_data["name"], phone_last4=form.cleaned_data["phone_last4"]
                )
            except CheckInRefused as exc:
                if exc.failed_match:
                    check_in_failed(request, token)
                if exc.message == services.CHECK_IN_ALREADY:
                    context["done"] = exc.message
                else:
                    context["error"] = exc.message
            else:
                context["done"] = f"签到成功，欢迎{form.cleaned_data['name']}！"
    return render(request, "activities/checkin.html", context)


@require_http_methods(["GET", "HEAD"])
@union_view("activities.view")
def photo_file(request: HttpRequest, scope: ActorScope, photo_id: int) -> HttpResponse:
    photo = selectors.photo_get_for(scope, photo_id)
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError as exc:
        raise Http404("照片文件不存在") from exc
    # A streaming response; union_view's signature speaks of HttpResponse.
    return cast(HttpResponse, FileResponse(handle, content_type=photo.content_type))


# ---- statistics -------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
@union_view("activities.view")
def participation(request: HttpRequest, scope: ActorScope) -> HttpResponse:
    today = timezone.localdate()
    year = min(_year(request, today), today.year)
    period = parse_period(str(year))
    results = compute(union=scope.union, period=period, today=today, keys=PARTICIPATION_FIGURES)
    figures = [
        {
            "name": r.figure.name,
            "unit": r.figure.unit,
            "definition": r.figure.definition,
            "value": format_value(r.figure, r.value),
            "previous": format_value(r.figure, r.previous),
            "flags": r.flags,
        }
        for r in results
    ]
    as_of = period.counted_end(today)
    return render(
        request,
        "activities/participation.html",
        {
            "year": year,
            "years": selectors.activity_years(scope),
            "figures": figures,
            "breakdown": selectors.participation_for(scope, start=period.start, as_of=as_of),
            "hours": selectors.study_hours_for(scope, start=period.start, end=as_of),
        },
    )


# ---- honours and model workers ----------------------------------------------------------------------


@GET_POST
@union_view("activities.view")
def honours(request: HttpRequest, scope: ActorScope) -> HttpResponse:
    _require_edit(request, scope)
    year = _year(request, timezone.localdate()) if request.GET.get("year") else None
    people = selectors.people_for_picking(scope, timezone.localdate())

    def add(data: dict[str, Any]) -> str:
        honour = services.honour_add(actor=request.user, union=scope.union, **data)
        return f"已登记荣誉：{honour}"

    def honour_form(*args: Any, **kwargs: Any) -> forms.Form:
        return HonourForm(*args, people=people, **kwargs)

    url = reverse("activities:honours", kwargs={"code": scope.union.code})
    bound, done, _ = _run_forms(request, {"honour": (honour_form, add)}, url)
    if done is not None:
        return done
    return render(
        request,
        "activities/honours.html",
        {
            "honours": selectors.honour_list_for(scope, year=year),
            "year": year,
            "form": bound["honour"],
            "can_edit": scope.can("activities.edit"),
        },
    )


@GET_POST
@union_view("activities.view")
def model_workers(request: HttpRequest, scope: ActorScope) -> HttpResponse:
    _require_edit(request, scope)
    register = selectors.model_worker_register_for(scope)
    people = selectors.people_for_picking(scope, timezone.localdate()).filter(pk__in=register.person_ids)

    def add(data: dict[str, Any]) -> str:
        services.model_worker_care_log_add(actor=request.user, union=scope.union, **data)
        return f"已记录对{data['person'].name}的关怀"

    def care_form(*args: Any, **kwargs: Any) -> forms.Form:
        return CareLogForm(*args, people=people, **kwargs)

    url = reverse("activities:model_workers", kwargs={"code": scope.union.code})
    bound, done, _ = _run_forms(request, {"care": (care_form, add)}, url)
    if done is not None:
        return done
    return render(
        request,
        "activities/model_workers.html",
        {"register": register, "form": bound["care"], "can_edit": scope.can("activities.edit")},
    )


@GET_POST
@union_view("activities.edit")
def activity_settings(request: HttpRequest, scope: ActorScope) -> HttpResponse:
    def add_kind(data: dict[str, Any]) -> str:
        kind = services.activity_kind_create(actor=request.user, union=scope.union, **data)
        return f"已添加活动类型「{kind.name}」"

    def titles(data: dict[str, Any]) -> str:
        services.activity_settings_update(
            actor=request.user, union=scope.union, model_worker_titles=data["titles"].splitlines()
        )
        return "已保存劳模称号"

    def titles_form(*args: Any, **kwargs: Any) -> forms.Form:
        kwargs.setdefault("initial", {"titles": "\n".join(model_worker_titles(scope.union.pk))})
        return ModelWorkerTitlesForm(*args, **kwargs)

    url = reverse("activities:settings", kwargs={"code": scope.union.code})
    bound, done, _ = _run_forms(request, {"kind": (KindForm, add_kind), "titles": (titles_form, titles)}, url)
    if done is not None:
        return done
    return render(
        request,
        "activities/settings.html",
        {"kinds": selectors.kinds_for(scope), "choices": services.kind_choices(scope.union), "forms": bound},
    )


# ---- 我的活动 ----------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
@union_view("activities.self")
def mine(request: HttpRequest, scope: ActorScope) -> HttpResponse:
    return render(
        request,
        "activities/mine.html",
        {"my": selectors.my_activities_for(scope, today=timezone.localdate())},
    )


@require_POST
@union_view("activities.self")
def mine_signup(request: HttpRequest, scope: ActorScope, activity_id: int) -> HttpResponse:
    activity: Activity = selectors.my_activity_get(scope, activity_id)
    person = selectors.own_person(scope)
    try:
        if request.POST.get("action") == "withdraw":
            services.registration_remove(
                actor=request.user, activity=activity, person=person, via=RegistrationVia.SELF
            )
            messages.success(request, f"已取消报名「{activity.display_title}」")
        else:
            services.registration_add(
                actor=request.user, activity=activity, person=person, via=RegistrationVia.SELF
            )
            messages.success(request, f"已报名「{activity.display_title}」")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("activities:mine", code=scope.union.code)
