"""The member API: every persona sees exactly what its scope allows, masked unless it needs the number."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.test import Client

from gonghui.accounts.services import api_token_create, api_token_revoke, role_grant
from gonghui.core.idnumbers import make_id_number
from gonghui.core.models import AuditEvent
from gonghui.members.models import Membership, Person
from gonghui.members.services import group_leader_appoint
from gonghui.orgs.models import Department, Union, UnionGroup, UnionKind
from gonghui.orgs.services import department_create, group_create
from gonghui.testing.factories import make_person, make_union

pytestmark = pytest.mark.django_db

WANG_ID = "11010519491231002X"
WANG_ID_MASKED = "1101**********002X"
NOT_FOUND = {"detail": "未找到"}


@dataclass
class World:
    federation: Union
    a: Union
    b: Union
    teaching: Department
    chinese_group: UnionGroup
    wang: Person  # member of A with a login, in the Chinese group
    li: Person  # in the Chinese group
    zhao: Person  # in no group
    chen_b: Person  # a person of union B
    officer_a: AbstractUser
    member_a: AbstractUser
    leader_a: AbstractUser
    officer_b: AbstractUser
    federation_officer: AbstractUser


def _user(username: str) -> AbstractUser:
    return get_user_model().objects.create_user(username=username, password="pw-for-tests-only")


@pytest.fixture
def world() -> World:
    federation = make_union(code="FED1", name="城关区教育工会", kind=UnionKind.FEDERATION)
    a = make_union(code="SCHA", name="城关一中工会", parent=federation)
    b = make_union(code="SCHB", name="城关二中工会")
    teaching = department_create(actor=None, union=a, name="教务处")
    chinese_group = group_create(actor=None, union=a, name="语文组")
    wang = make_person(
        a,
        name="王芳",
        id_number=WANG_ID,
        birth=dt.date(1949, 12, 31),
        phone="13800138000",
        department=teaching,
        group=chinese_group,
        post="教师",
    )
    li = make_person(a, name="李强", female=False, group=chinese_group, phone="13900139000")
    zhao = make_person(a, name="赵敏")
    chen_b = make_person(b, name="陈静")
    officer_a, member_a, leader_a = _user("officer_a"), _user("member_a"), _user("leader_a")
    officer_b, federation_officer = _user("officer_b"), _user("federation_officer")
    role_grant(actor=None, user=officer_a, union=a, role="officer")
    role_grant(actor=None, user=member_a, union=a, role="member", person=wang)
    group_leader_appoint(actor=None, group=chinese_group, person=li, on=dt.date(2024, 9, 1))
    role_grant(actor=None, user=leader_a, union=a, role="group_leader", person=li)
    role_grant(actor=None, user=officer_b, union=b, role="officer")
    role_grant(actor=None, user=federation_officer, union=federation, role="federation")
    return World(
        federation, a, b, teaching, chinese_group, wang, li, zhao, chen_b,
        officer_a, member_a, leader_a, officer_b, federation_officer,
    )  # fmt: skip


def client_for(user: AbstractUser | None, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client


def names(response: Any) -> list[str]:
    return [row["name"] for row in response.json()["items"]]


def new_member(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "刘洋",
        "id_number": make_id_number("110105", dt.date(1990, 5, 20), 135),
        "phone": "13700137000",
        "joined_on": "2020-09-01",
        "post": "教师",
    }
    return body | overrides


def counts() -> tuple[int, int, int]:
    return Person.objects.count(), Membership.objects.count(), AuditEvent.objects.count()


# ---- reading ---------------------------------------------------------------------------------------


def test_an_officer_lists_every_member_of_the_union_with_full_id_numbers_and_phones(world: World) -> None:
    response = client_for(world.officer_a).get("/api/unions/SCHA/members")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    assert sorted(names(response)) == sorted(["王芳", "李强", "赵敏"])
    wang = next(row for row in data["items"] if row["name"] == "王芳")
    assert wang == {
        "id": world.wang.pk,
        "member_no": "SCHA00001",
        "name": "王芳",
        "gender": "F",
        "gender_label": "女",
        "birth_date": "1949-12-31",
        "department_id": world.teaching.pk,
        "department": "教务处",
        "group_id": world.chinese_group.pk,
        "group": "语文组",
        "post": "教师",
        "employment_form": "contract",
        "employment_form_label": "合同",
        "work_status": "at_work",
        "work_status_label": "在岗",
        "membership_status": "active",
        "membership_status_label": "在职会员",
        "id_number": WANG_ID,
        "phone": "13800138000",
        "masked": False,
    }


def test_a_member_lists_exactly_their_own_row_unmasked(world: World) -> None:
    data = client_for(world.member_a).get("/api/unions/SCHA/members").json()
    assert data["count"] == 1
    assert [(row["id"], row["id_number"], row["phone"]) for row in data["items"]] == [
        (world.wang.pk, WANG_ID, "13800138000")
    ]


def test_a_member_reads_their_own_file_but_not_a_colleagues(world: World) -> None:
    client = client_for(world.member_a)
    assert client.get(f"/api/unions/SCHA/members/{world.wang.pk}").status_code == 200
    response = client.get(f"/api/unions/SCHA/members/{world.zhao.pk}")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_a_group_leader_sees_only_their_group_with_others_masked(world: World) -> None:
    client = client_for(world.leader_a)
    data = client.get("/api/unions/SCHA/members?sort=pinyin").json()
    assert data["count"] == 2
    assert [(row["name"], row["id_number"], row["phone"], row["masked"]) for row in data["items"]] == [
        ("李强", world.li.id_number, "13900139000", False),  # the leader's own record
        ("王芳", WANG_ID_MASKED, "138****8000", True),
    ]
    assert client.get(f"/api/unions/SCHA/members/{world.zhao.pk}").status_code == 404


def test_a_federation_officer_sees_the_union_below_masked_and_never_an_unmasked_id_number(
    world: World,
) -> None:
    client = client_for(world.federation_officer)
    listing = client.get("/api/unions/SCHA/members")
    detail = client.get(f"/api/unions/SCHA/members/{world.wang.pk}")
    assert listing.json()["count"] == 3
    assert detail.json()["id_number"] == WANG_ID_MASKED
    assert detail.json()["phone"] == "138****8000"
    for response in (listing, detail):
        body = response.content.decode()
        for person in (world.wang, world.li, world.zhao):
            assert person.id_number not in body
            assert person.phone == "" or person.phone not in body
    assert client.get("/api/unions/SCHB/members").status_code == 404


def test_an_anonymous_caller_is_asked_to_authenticate(world: World) -> None:
    response = Client().get("/api/unions/SCHA/members")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "请先登录，或在请求头中提供有效的个人令牌（Authorization: Bearer …）"
    }


def test_another_unions_officer_gets_the_same_404_for_everything_of_union_a(world: World) -> None:
    client = client_for(world.officer_b)
    for path in (
        "/api/unions/SCHA/members",
        f"/api/unions/SCHA/members/{world.wang.pk}",
        f"/api/unions/SCHB/members/{world.wang.pk}",
        "/api/unions/NOSUCH/members",
        "/api/unions/SCHB/members/999999",
    ):
        response = client.get(path)
        assert (path, response.status_code, response.json()) == (path, 404, NOT_FOUND)
    before = counts()
    for response in (
        client.post("/api/unions/SCHA/members", new_member(), content_type="application/json"),
        client.patch(
            f"/api/unions/SCHB/members/{world.wang.pk}",
            {"phone": "13600136000"},
            content_type="application/json",
        ),
    ):
        assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert counts() == before
    world.wang.refresh_from_db()
    assert world.wang.phone == "13800138000"


def test_the_member_file_carries_the_membership_history(world: World) -> None:
    data = client_for(world.officer_a).get(f"/api/unions/SCHA/members/{world.wang.pk}").json()
    assert (data["id_type"], data["id_type_label"], data["ethnicity"], data["political_status_label"]) == (
        "resident",
        "居民身份证",
        "汉族",
        "群众",
    )
    assert data["memberships"] == [
        {
            "status": "active",
            "status_label": "在职会员",
            "started_on": "2010-09-01",
            "start_kind": "new",
            "start_kind_label": "新发展",
            "approved_on": "2010-09-01",
            "card_no": "",
            "retained_reason": "",
            "retained_reason_label": "",
            "held_by": None,
            "ended_on": None,
            "end_kind": "",
            "end_kind_label": "",
            "end_reason": "",
        }
    ]


def test_the_list_filters_by_group_and_searches_by_pinyin_initials(world: World) -> None:
    client = client_for(world.officer_a)
    assert names(client.get(f"/api/unions/SCHA/members?group_id={world.chinese_group.pk}&sort=pinyin")) == [
        "李强",
        "王芳",
    ]
    assert names(client.get("/api/unions/SCHA/members?q=zm")) == ["赵敏"]


def test_an_unknown_sort_is_refused_in_chinese(world: World) -> None:
    response = client_for(world.officer_a).get("/api/unions/SCHA/members?sort=age")
    assert response.status_code == 422
    data = response.json()
    assert data["detail"] == "请求数据格式不正确"
    assert data["errors"] == {"sort": ["取值无效，可选值为：'strokes', 'pinyin', '-strokes' or '-pinyin'"]}
    assert data["validation_errors"][0]["loc"] == ["query", "sort"]


# ---- paging and cost ---------------------------------------------------------------------------------


def test_the_list_pages_fifty_at_a_time(world: World) -> None:
    for n in range(117):
        make_person(world.a, name=f"张{'一二三四五六七八九十'[n % 10]}{n}")
    client = client_for(world.officer_a)
    first = client.get("/api/unions/SCHA/members").json()
    third = client.get("/api/unions/SCHA/members?page=3").json()
    assert (first["count"], len(first["items"])) == (120, 50)
    assert (third["count"], len(third["items"])) == (120, 20)
    assert len(client.get("/api/unions/SCHA/members?page_size=500").json()["items"]) == 120
    ids = {
        row["id"]
        for page in (1, 2, 3)
        for row in client.get(f"/api/unions/SCHA/members?page={page}").json()["items"]
    }
    assert len(ids) == 120


def test_the_list_costs_the_same_number_of_queries_for_ten_or_sixty_members(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world.officer_a)

    def queries_for_first_page() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/unions/SCHA/members?page_size=100").status_code == 200
        return len(captured)

    for n in range(7):
        make_person(world.a, name=f"周{n}", department=world.teaching)
    ten = queries_for_first_page()
    for n in range(50):
        make_person(world.a, name=f"吴{n}", group=world.chinese_group)
    with django_assert_max_num_queries(ten):
        response = client.get("/api/unions/SCHA/members?page_size=100")
    assert response.json()["count"] == 60
    assert ten <= 8


# ---- writing -----------------------------------------------------------------------------------------


def test_an_officer_registers_a_member_and_the_change_is_audited(world: World) -> None:
    body = new_member(department_id=world.teaching.pk, group_id=world.chinese_group.pk)
    response = client_for(world.officer_a).post(
        "/api/unions/SCHA/members", body, content_type="application/json"
    )
    assert response.status_code == 201
    data = response.json()
    person = Person.objects.get(pk=data["id"])
    assert person.union_id == world.a.pk
    assert (data["name"], data["member_no"], data["gender"], data["birth_date"]) == (
        "刘洋",
        "SCHA00004",
        "M",
        "1990-05-20",
    )
    assert (data["department"], data["group"], data["id_number"], data["phone"]) == (
        "教务处",
        "语文组",
        body["id_number"],
        "13700137000",
    )
    assert [span["start_kind"] for span in data["memberships"]] == ["new"]
    event = AuditEvent.objects.get(
        object_type="members.Person", object_id=str(person.pk), event_type="create"
    )
    assert (event.union_id, event.actor_id) == (world.a.pk, world.officer_a.pk)


@pytest.mark.parametrize("persona", ["member_a", "leader_a", "federation_officer"])
def test_a_non_officer_cannot_register_a_member_and_nothing_is_written(world: World, persona: str) -> None:
    before = counts()
    response = client_for(getattr(world, persona)).post(
        "/api/unions/SCHA/members", new_member(), content_type="application/json"
    )
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert counts() == before


def test_an_invalid_id_number_is_refused_with_a_chinese_field_error(world: World) -> None:
    before = counts()
    response = client_for(world.officer_a).post(
        "/api/unions/SCHA/members",
        new_member(id_number="110105194912310021"),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"]["id_number"] == ["校验位错误：按前17位计算应为X，实际为1"]
    assert counts() == before


def test_a_person_already_in_the_union_is_refused_as_a_duplicate(world: World) -> None:
    before = counts()
    response = client_for(world.officer_a).post(
        "/api/unions/SCHA/members", new_member(id_number=WANG_ID, gender="F"), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "id_number": [f"本工会已有证件号码为{WANG_ID_MASKED}的人员（王芳，会员编号SCHA00001）"]
    }
    assert counts() == before


def test_a_department_of_another_union_is_refused_as_unknown(world: World) -> None:
    foreign = department_create(actor=None, union=world.b, name="教务处")
    before = counts()
    response = client_for(world.officer_a).post(
        "/api/unions/SCHA/members", new_member(department_id=foreign.pk), content_type="application/json"
    )
    assert (response.status_code, response.json()) == (
        422,
        {
            "detail": f"本工会没有编号为{foreign.pk}的部门",
            "errors": {"department_id": [f"本工会没有编号为{foreign.pk}的部门"]},
        },
    )
    assert counts() == before


def test_a_malformed_body_is_refused_with_chinese_field_messages(world: World) -> None:
    response = client_for(world.officer_a).post(
        "/api/unions/SCHA/members",
        {"name": "刘洋", "id_number": "x", "joined_on": "2020-13-01", "gender": "X"},
        content_type="application/json",
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["joined_on"] == ["日期格式应为 YYYY-MM-DD"]
    assert errors["gender"] == ["取值无效，可选值为：'M' or 'F'"]


def test_an_officer_changes_a_phone_and_gets_the_new_file_back(world: World) -> None:
    response = client_for(world.officer_a).patch(
        f"/api/unions/SCHA/members/{world.wang.pk}", {"phone": "13600136000"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert (response.json()["phone"], response.json()["name"]) == ("13600136000", "王芳")
    world.wang.refresh_from_db()
    assert world.wang.phone == "13600136000"
    event = AuditEvent.objects.filter(object_type="members.Person", object_id=str(world.wang.pk)).latest("id")
    assert (event.event_type, event.before, event.after) == (
        "update",
        {"phone": "138****8000"},
        {"phone": "136****6000"},
    )


def test_a_change_can_clear_the_group_but_not_the_name(world: World) -> None:
    client = client_for(world.officer_a)
    cleared = client.patch(
        f"/api/unions/SCHA/members/{world.wang.pk}", {"group_id": None}, content_type="application/json"
    )
    assert (cleared.status_code, cleared.json()["group"]) == (200, None)
    refused = client.patch(
        f"/api/unions/SCHA/members/{world.wang.pk}", {"name": None}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["errors"] == {"__all__": ["以下字段不能为空：name"]}


def test_a_member_cannot_change_their_own_file_through_the_api(world: World) -> None:
    before = counts()
    response = client_for(world.member_a).patch(
        f"/api/unions/SCHA/members/{world.wang.pk}", {"phone": "13600136000"}, content_type="application/json"
    )
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert counts() == before


# ---- authentication ------------------------------------------------------------------------------------


def test_a_personal_token_authenticates_reads_and_writes_without_a_session(world: World) -> None:
    _, token = api_token_create(user=world.officer_a, name="统计脚本")
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api/unions/SCHA/members").json()["count"] == 3
    created = client.post("/api/unions/SCHA/members", new_member(), content_type="application/json")
    assert created.status_code == 201


def test_a_revoked_or_unknown_token_is_refused(world: World) -> None:
    record, token = api_token_create(user=world.officer_a, name="统计脚本")
    api_token_revoke(user=world.officer_a, token_id=record.pk)
    for value in (token, "gh_not-a-real-token"):
        response = Client().get("/api/unions/SCHA/members", HTTP_AUTHORIZATION=f"Bearer {value}")
        assert response.status_code == 401


def test_a_bad_token_is_refused_even_beside_a_valid_session(world: World) -> None:
    client = client_for(world.officer_a)
    response = client.get("/api/unions/SCHA/members", HTTP_AUTHORIZATION="Bearer gh_not-a-real-token")
    assert response.status_code == 401


def test_a_session_write_without_a_csrf_token_is_refused(world: World) -> None:
    client = client_for(world.officer_a, enforce_csrf_checks=True)
    before = counts()
    response = client.post("/api/unions/SCHA/members", new_member(), content_type="application/json")
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "CSRF 校验失败：请刷新页面后重试，脚本请改用个人令牌"},
    )
    assert counts() == before


def test_a_session_write_with_the_csrf_token_is_accepted(world: World) -> None:
    client = client_for(world.officer_a, enforce_csrf_checks=True)
    secret = "a" * 32
    client.cookies["csrftoken"] = secret
    response = client.post(
        "/api/unions/SCHA/members", new_member(), content_type="application/json", HTTP_X_CSRFTOKEN=secret
    )
    assert response.status_code == 201
