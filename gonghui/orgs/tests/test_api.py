"""The union API and the API's own pages: the schema and the docs, served without any external URL."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.test import Client

from gonghui.accounts.services import role_grant
from gonghui.orgs.models import Union, UnionKind
from gonghui.testing.factories import make_person, make_union

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "未找到"}


@dataclass
class World:
    federation: Union
    a: Union
    b: Union
    officer_a: AbstractUser
    member_a: AbstractUser
    officer_b: AbstractUser
    federation_officer: AbstractUser


def _user(username: str) -> AbstractUser:
    return get_user_model().objects.create_user(username=username, password="pw-for-tests-only")


@pytest.fixture
def world() -> World:
    federation = make_union(code="FED1", name="城关区教育工会", kind=UnionKind.FEDERATION)
    a = make_union(
        code="SCHA",
        name="城关一中工会",
        parent=federation,
        founded_on=dt.date(1985, 5, 1),
        province_code="620000",
        city_code="620100",
        county_code="620102",
        full_time_cadres=1,
        part_time_cadres=6,
        party_org_name="中共城关一中委员会",
    )
    b = make_union(code="SCHB", name="城关二中工会", upper_union_name="某县教育工会")
    officer_a, member_a = _user("officer_a"), _user("member_a")
    officer_b, federation_officer = _user("officer_b"), _user("federation_officer")
    role_grant(actor=None, user=officer_a, union=a, role="officer")
    role_grant(actor=None, user=member_a, union=a, role="member", person=make_person(a, name="王芳"))
    role_grant(actor=None, user=officer_b, union=b, role="officer")
    role_grant(actor=None, user=federation_officer, union=federation, role="federation")
    return World(federation, a, b, officer_a, member_a, officer_b, federation_officer)


def client_for(user: AbstractUser) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_user_lists_only_the_unions_they_hold_roles_in(world: World) -> None:
    assert client_for(world.officer_a).get("/api/unions").json() == [
        {
            "code": "SCHA",
            "name": "城关一中工会",
            "kind": "school",
            "kind_label": "学校",
            "roles": ["主席/工会干部"],
        }
    ]
    assert client_for(world.federation_officer).get("/api/unions").json() == [
        {
            "code": "FED1",
            "name": "城关区教育工会",
            "kind": "federation",
            "kind_label": "区域或行业联合会",
            "roles": ["上级工会干部"],
        }
    ]


def test_a_member_reads_their_unions_public_fields(world: World) -> None:
    response = client_for(world.member_a).get("/api/unions/SCHA")
    assert response.status_code == 200
    assert response.json() == {
        "code": "SCHA",
        "name": "城关一中工会",
        "kind": "school",
        "kind_label": "学校",
        "parent_code": "FED1",
        "upper_union_name": "城关区教育工会",
        "founded_on": "1985-05-01",
        "province_code": "620000",
        "city_code": "620100",
        "county_code": "620102",
        "full_time_cadres": 1,
        "part_time_cadres": 6,
        "party_org_name": "中共城关一中委员会",
    }


def test_a_union_outside_the_system_tree_names_its_upper_union_in_words(world: World) -> None:
    data = client_for(world.officer_b).get("/api/unions/SCHB").json()
    assert (data["parent_code"], data["upper_union_name"]) == (None, "某县教育工会")


def test_a_federation_officer_reads_a_union_below_but_not_one_outside_the_subtree(world: World) -> None:
    client = client_for(world.federation_officer)
    assert client.get("/api/unions/SCHA").json()["code"] == "SCHA"
    response = client.get("/api/unions/SCHB")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_a_foreign_union_and_a_missing_union_give_the_same_404(world: World) -> None:
    client = client_for(world.officer_b)
    foreign, missing = client.get("/api/unions/SCHA"), client.get("/api/unions/NOSUCH")
    assert (foreign.status_code, foreign.content) == (missing.status_code, missing.content)
    assert (foreign.status_code, foreign.json()) == (404, NOT_FOUND)


def test_an_anonymous_caller_gets_401_and_learns_nothing_about_the_union(world: World) -> None:
    existing, missing = Client().get("/api/unions/SCHA"), Client().get("/api/unions/NOSUCH")
    assert existing.status_code == missing.status_code == 401
    assert existing.content == missing.content


def test_the_openapi_schema_describes_the_union_and_member_endpoints() -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"] == {
        "title": "工会工作系统 API",
        "version": "1",
        "description": schema["info"]["description"],
    }
    assert {
        "/api/unions",
        "/api/unions/{code}",
        "/api/unions/{code}/members",
        "/api/unions/{code}/members/{person_id}",
    } <= set(schema["paths"])
    assert set(schema["paths"]["/api/unions/{code}/members"]) == {"get", "post"}
    assert set(schema["paths"]["/api/unions/{code}/members/{person_id}"]) == {"get", "patch"}
    assert schema["paths"]["/api/unions/{code}/members"]["get"]["tags"] == ["会员"]


def test_the_docs_page_loads_only_local_files(world: World) -> None:
    response = client_for(world.officer_a).get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert re.findall(r"(?:src|href)=\"(https?:)?//", page) == []
    assert '"validatorUrl": null' in page
