"""The cross-union walk: every route, every method, with union B's objects, as union A's officer.

Every URL pattern and API route must appear in ROUTES below; a route added without an entry fails
`test_every_route_is_in_the_map`. Union-scoped routes must answer 404 — or a refusal that comes before
any object is read (405 for a method the route does not take, 400/422 for a body that does not parse),
and then only if the actor's own object gets the very same answer — and nothing may change: row counts
and audit counts are compared before and after. Routes that carry no union object are fetched too, and must not
show union B's data. /admin/ is excluded explicitly: it is for superusers, who see everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gonghui.accounts.services import api_token_create
from gonghui.testing.personas import Personas

pytestmark = pytest.mark.django_db

EXCLUDED_PREFIXES = ("admin/",)
METHODS = ("get", "post", "put", "patch", "delete")
OBJECT_BLIND = {400, 405, 422}


@dataclass(frozen=True)
class Foreign:
    """A route that reaches union data: kwargs give union B's objects (and `mixed` A's code with B's object)."""

    kwargs: Callable[[Any], dict[str, Any]]
    own: Callable[[Any], dict[str, Any]]  # the same route with the actor's own objects, to tell 405 from 404


@dataclass(frozen=True)
class NoUnionData:
    """A route that carries no union object (login, profile, home); it must not show union B's data."""

    query: str = ""


def b_code(f: Any) -> dict[str, Any]:
    return {"code": f.p.b.code}


def a_code(f: Any) -> dict[str, Any]:
    return {"code": f.p.a.code}


def b_person(f: Any) -> dict[str, Any]:
    return {"code": f.p.b.code, "person_id": f.p.person_b.pk}


def a_person(f: Any) -> dict[str, Any]:
    return {"code": f.p.a.code, "person_id": f.p.people_a[0].pk}


def mixed_person(f: Any) -> dict[str, Any]:
    return {"code": f.p.a.code, "person_id": f.p.person_b.pk}


def b_activity(f: Any) -> dict[str, Any]:
    return {"code": f.p.b.code, "activity_id": f.activity_b.pk}


def a_activity(f: Any) -> dict[str, Any]:
    return {"code": f.p.a.code, "activity_id": f.activity_a.pk}


def mixed_activity(f: Any) -> dict[str, Any]:
    return {"code": f.p.a.code, "activity_id": f.activity_b.pk}


def b_session(f: Any) -> dict[str, Any]:
    return {"code": f.p.b.code, "session_id": f.session_b.pk}


def a_session(f: Any) -> dict[str, Any]:
    return {"code": f.p.a.code, "session_id": f.session_a.pk}


def mixed_session(f: Any) -> dict[str, Any]:
    return {"code": f.p.a.code, "session_id": f.session_b.pk}


def b_photo(f: Any) -> dict[str, Any]:
    return {"code": f.p.b.code, "photo_id": f.photo_b.pk}


def a_photo(f: Any) -> dict[str, Any]:
    return {"code": f.p.a.code, "photo_id": f.photo_a.pk}


def mixed_photo(f: Any) -> dict[str, Any]:
    return {"code": f.p.a.code, "photo_id": f.photo_b.pk}


ROUTES: dict[str, Foreign | NoUnionData] = {
    # web
    "web:home": NoUnionData(),
    "web:switch": NoUnionData(query="?code=SCHB"),
    "web:healthz": NoUnionData(),
    "web:dashboard": Foreign(b_code, a_code),
    "orgs:overview": Foreign(b_code, a_code),
    "members:list": Foreign(b_code, a_code),
    "members:create": Foreign(b_code, a_code),
    "members:detail": Foreign(b_person, a_person),
    "members:edit": Foreign(b_person, a_person),
    "members:membership_change": Foreign(b_person, a_person),
    "members:posts": Foreign(b_code, a_code),
    "members:import": Foreign(b_code, a_code),
    "members:import_preview": Foreign(
        lambda f: {"code": f.p.b.code, "job_id": f.job_b.pk},
        lambda f: {"code": f.p.a.code, "job_id": f.job_a.pk},
    ),
    "members:import_next": Foreign(
        lambda f: {"code": f.p.b.code, "job_id": f.job_b.pk},
        lambda f: {"code": f.p.a.code, "job_id": f.job_a.pk},
    ),
    "members:export": Foreign(b_code, a_code),
    "members:template": Foreign(b_code, a_code),
    "members:notice": Foreign(b_code, a_code),
    "orgs:maintain": Foreign(b_code, a_code),
    "accounts:login": NoUnionData(),
    "accounts:logout": NoUnionData(),
    "accounts:password_change": NoUnionData(),
    "accounts:profile": NoUnionData(),
    "accounts:token_revoke": Foreign(
        lambda f: {"token_id": f.token_b.pk}, lambda f: {"token_id": f.token_a.pk}
    ),
    "accounts:member_logins": Foreign(b_code, a_code),
    "jobs:detail": Foreign(lambda f: {"job_id": f.job_b.pk}, lambda f: {"job_id": f.job_a.pk}),
    "jobs:status": Foreign(lambda f: {"job_id": f.job_b.pk}, lambda f: {"job_id": f.job_a.pk}),
    "jobs:download": Foreign(lambda f: {"job_id": f.job_b.pk}, lambda f: {"job_id": f.job_a.pk}),
    "jobs:selftest": NoUnionData(),
    "reports:figure_sheet_export": Foreign(b_code, a_code),
    "reports:summary": Foreign(b_code, a_code),
    "reports:summary_settings": Foreign(b_code, a_code),
    "activities:list": Foreign(b_code, a_code),
    "activities:create": Foreign(b_code, a_code),
    "activities:participation": Foreign(b_code, a_code),
    "activities:settings": Foreign(b_code, a_code),
    "activities:backfill": Foreign(b_code, a_code),
    "activities:detail": Foreign(b_activity, a_activity),
    "activities:edit": Foreign(b_activity, a_activity),
    "activities:session": Foreign(b_session, a_session),
    "activities:photo": Foreign(b_photo, a_photo),
    "activities:sheet": Foreign(
        lambda f: {"code": f.p.b.code, "activity_id": f.activity_b.pk, "session_id": f.session_b.pk},
        lambda f: {"code": f.p.a.code, "activity_id": f.activity_a.pk, "session_id": f.session_a.pk},
    ),
    "activities:qr": Foreign(
        lambda f: {"code": f.p.b.code, "activity_id": f.activity_b.pk, "session_id": f.session_b.pk},
        lambda f: {"code": f.p.a.code, "activity_id": f.activity_a.pk, "session_id": f.session_a.pk},
    ),
    "activities:checkin": NoUnionData(),
    "activities:honours": Foreign(b_code, a_code),
    "activities:model_workers": Foreign(b_code, a_code),
    "activities:mine": Foreign(b_code, a_code),
    "activities:mine_signup": Foreign(b_activity, a_activity),
    # API
    "api:api-root": NoUnionData(),
    "api:openapi-json": NoUnionData(),
    "api:openapi-view": NoUnionData(),
    "api:union_list": NoUnionData(),
    "api:union_detail": Foreign(b_code, a_code),
    "api:member_list": Foreign(b_code, a_code),
    "api:member_create": Foreign(b_code, a_code),
    "api:member_detail": Foreign(b_person, a_person),
    "api:member_change": Foreign(b_person, a_person),
}

# Routes that take an object id are also tried with union A's code and union B's object.
MIXED_BY_KWARGS: dict[Callable[[Any], dict[str, Any]], Callable[[Any], dict[str, Any]]] = {
    b_person: mixed_person,
    b_activity: mixed_activity,
    b_session: mixed_session,
    b_photo: mixed_photo,
}
MIXED = {
    name: MIXED_BY_KWARGS[entry.kwargs]
    for name, entry in ROUTES.items()
    if isinstance(entry, Foreign) and entry.kwargs in MIXED_BY_KWARGS
}


def walk(patterns: list[Any], prefix: str = "", namespace: str | None = None) -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), full)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            yield prefix + str(pattern.pattern), name


def all_routes() -> list[tuple[str, str]]:
    return [
        (route, name)
        for route, name in walk(get_resolver().url_patterns)
        if not route.startswith(EXCLUDED_PREFIXES)
    ]


@dataclass
class World:
    p: Personas
    token_a: Any
    token_b: Any
    job_a: Any
    job_b: Any
    activity_a: Any
    activity_b: Any
    session_a: Any
    session_b: Any
    photo_a: Any
    photo_b: Any
    honour_a: Any
    honour_b: Any


def _activity_world(union: Any, person: Any) -> tuple[Any, Any, Any, Any]:
    """One activity with a session, attendance and a photo, and one honour, in `union`."""
    import datetime as dt

    from gonghui.activities import services as activities
    from gonghui.activities.photo_files import jpeg_with_capture_date

    activity = activities.activity_create(
        actor=None,
        union=union,
        kind="文体活动",
        title=f"{union.name}教职工气排球赛",
        starts_on=dt.date(2026, 5, 20),
        start_time=dt.time(15, 40),
        audience="all_members",
    )
    session = activity.sessions.get()
    activities.attendance_set(actor=None, session=session, persons=[person])
    photo = activities.photo_add(
        actor=None, activity=activity, content=jpeg_with_capture_date(dt.date(2026, 5, 20)), caption="合影"
    )
    honour = activities.honour_add(
        actor=None,
        union=union,
        title="先进工作者",
        level="city",
        issuer="市人民政府",
        awarded_on=dt.date(2026, 4, 28),
        person=person,
    )
    return activity, session, photo, honour


@pytest.fixture
def world(personas: Personas, settings: Any, tmp_path: Any) -> World:
    from gonghui.jobs.models import Job

    settings.MEDIA_ROOT = tmp_path / "media"

    token_a, _ = api_token_create(user=personas.officer_a, name="甲")
    token_b, _ = api_token_create(user=personas.officer_b, name="乙")
    job_a = Job.objects.create(
        union=personas.a, created_by=personas.officer_a, kind="jobs.selftest", title="自检"
    )
    job_b = Job.objects.create(
        union=personas.b, created_by=personas.officer_b, kind="jobs.selftest", title="自检"
    )
    activity_a, session_a, photo_a, honour_a = _activity_world(personas.a, personas.people_a[0])
    activity_b, session_b, photo_b, honour_b = _activity_world(personas.b, personas.person_b)
    return World(
        personas,
        token_a,
        token_b,
        job_a,
        job_b,
        activity_a,
        activity_b,
        session_a,
        session_b,
        photo_a,
        photo_b,
        honour_a,
        honour_b,
    )


def counts() -> dict[str, int]:
    """Row counts of every project table, the audit log included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"core", "orgs", "members", "accounts", "jobs", "reports", "activities"}
    }


def test_every_route_is_in_the_map():
    names = {name for _, name in all_routes()}
    missing = sorted(names - set(ROUTES))
    assert missing == [], f"routes without a cross-union entry (add them to ROUTES): {missing}"
    assert sorted(set(ROUTES) - names) == [], "ROUTES names routes that no longer exist"


def _call(client: Client, method: str, url: str, **extra: Any) -> Any:
    body = {} if method == "get" else {"name": "越权", "id_number": "x"}
    if method in {"put", "patch"}:
        return getattr(client, method)(url, data="{}", content_type="application/json", **extra)
    return getattr(client, method)(url, body, **extra)


def test_union_a_never_reaches_union_b(world: World):
    client = Client()
    client.force_login(world.p.officer_a)
    before = counts()
    b_markers = [
        "乙校教师",
        "乙校第一小组",
        "数学组",
        "乙校工会教职工气排球赛",
        world.p.person_b.member_no,
        world.p.person_b.id_number_masked,
    ]
    failures: list[str] = []
    for route, name in all_routes():
        entry = ROUTES[name]
        if isinstance(entry, NoUnionData):
            response = client.get(reverse(name) + entry.query)
            text = (
                response.content.decode("utf-8", "replace")
                if not getattr(response, "streaming", False)
                else ""
            )
            leaked = [m for m in b_markers if m in text]
            if name == "web:switch" and response.status_code != 404:
                failures.append(f"{name}: switching to union B gave {response.status_code}")
            if leaked:
                failures.append(f"{name} ({route}) shows union B's {leaked}")
            continue
        targets = [entry.kwargs(world)] + ([MIXED[name](world)] if name in MIXED else [])
        own_url = reverse(name, kwargs=entry.own(world))
        for kwargs in targets:
            url = reverse(name, kwargs=kwargs)
            for method in METHODS:
                for extra in ({}, {"HTTP_HX_REQUEST": "true"}):
                    response = _call(client, method, url, **extra)
                    status = response.status_code
                    if status == 404:
                        continue
                    # A refusal that comes before any object is looked up (a method the route does not take,
                    # a body that does not parse) is the same for the actor's own objects: it reveals nothing.
                    if (
                        status in OBJECT_BLIND
                        and _call(client, method, own_url, **extra).status_code == status
                    ):
                        continue
                    failures.append(f"{method.upper()} {url} ({name}{' htmx' if extra else ''}) → {status}")
    assert failures == []
    assert counts() == before


def test_the_walk_also_covers_bearer_tokens(world: World):
    _, token = api_token_create(user=world.p.officer_a, name="脚本")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    before = counts()
    for name, entry in ROUTES.items():
        if not name.startswith("api:") or not isinstance(entry, Foreign):
            continue
        url = reverse(name, kwargs=entry.kwargs(world))
        for method in METHODS:
            status = _call(client, method, url).status_code
            own_url = reverse(name, kwargs=entry.own(world))
            blind = status in OBJECT_BLIND and _call(client, method, own_url).status_code == status
            assert status == 404 or blind, f"{method} {url} → {status}"
    assert counts() == before
