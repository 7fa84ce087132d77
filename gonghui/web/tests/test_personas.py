"""Every persona sees what is theirs, and nothing of another union."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def names_in(response) -> list[str]:
    return re.findall(r'/members/\d+/">([^<]+)</a>', response.content.decode())


def test_the_officer_sees_every_member_unmasked(personas):
    response = client_for(personas.officer_a).get("/u/SCHA/members/")
    assert response.status_code == 200
    assert names_in(response) == ["王芳", "方明", "石磊"]  # 姓氏笔画: 王 before 方 before 石
    body = response.content.decode()
    assert personas.people_a[0].id_number in body
    assert "13800138000" in body


def test_the_list_sorts_by_pinyin_on_request(personas):
    response = client_for(personas.officer_a).get("/u/SCHA/members/?sort=pinyin")
    assert names_in(response) == ["方明", "石磊", "王芳"]


def test_the_list_searches_by_pinyin_initials_and_department(personas):
    client = client_for(personas.officer_a)
    assert names_in(client.get("/u/SCHA/members/?q=fm")) == ["方明"]
    assert names_in(client.get("/u/SCHA/members/?q=语文")) == ["王芳"]


def test_an_htmx_search_returns_only_the_table(personas):
    response = client_for(personas.officer_a).get("/u/SCHA/members/?q=sl", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and names_in(response) == ["石磊"]


def test_finance_sees_everyone_masked(personas):
    response = client_for(personas.finance_a).get("/u/SCHA/members/")
    body = response.content.decode()
    assert names_in(response) == ["王芳", "方明", "石磊"]
    assert personas.people_a[0].id_number not in body
    assert personas.people_a[0].id_number_masked in body
    assert "138****8000" in body


def test_care_staff_see_phones_unmasked(personas):
    body = client_for(personas.care_a).get("/u/SCHA/members/").content.decode()
    assert "13800138000" in body


def test_a_group_leader_sees_only_their_group(personas):
    response = client_for(personas.leader_a).get("/u/SCHA/members/")
    assert names_in(response) == ["王芳", "方明"]
    other = personas.people_a[2]
    assert client_for(personas.leader_a).get(f"/u/SCHA/members/{other.pk}/").status_code == 404


def test_a_member_sees_only_their_own_record_unmasked(personas):
    client = client_for(personas.member_a)
    response = client.get("/u/SCHA/members/")
    assert names_in(response) == ["方明"]
    own = personas.people_a[1]
    assert own.id_number in client.get(f"/u/SCHA/members/{own.pk}/").content.decode()
    assert client.get(f"/u/SCHA/members/{personas.people_a[0].pk}/").status_code == 404
    assert client.get("/u/SCHA/members/new/").status_code == 404


def test_the_federation_officer_sees_the_unions_below_masked(personas):
    client = client_for(personas.federation_officer)
    response = client.get("/u/SCHA/members/")
    body = response.content.decode()
    assert names_in(response) == ["王芳", "方明", "石磊"]
    assert all(person.id_number not in body for person in personas.people_a)
    detail = client.get(f"/u/SCHA/members/{personas.people_a[0].pk}/").content.decode()
    assert personas.people_a[0].id_number not in detail and "13800138000" not in detail
    assert client.get("/u/SCHA/members/new/").status_code == 404


def test_an_officer_of_another_union_gets_404_everywhere_in_union_a(personas):
    client = client_for(personas.officer_b)
    person = personas.people_a[0]
    for url in [
        "/u/SCHA/",
        "/u/SCHA/members/",
        f"/u/SCHA/members/{person.pk}/",
        "/u/SCHA/org/",
        f"/u/SCHB/members/{person.pk}/",
        "/u/NOPE/members/",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "王芳" not in response.content.decode()


def test_the_dashboard_shows_registry_figures(personas):
    body = client_for(personas.officer_a).get("/u/SCHA/").content.decode()
    assert 'data-figure="members.active"' in body
    assert re.search(
        r'data-figure="members.active">\s*<div class="label">在职会员数</div>\s*<div class="value">3<', body
    )


def test_the_officer_registers_a_member_through_the_form(personas):
    import datetime as dt

    from gonghui.core.idnumbers import make_id_number

    client = client_for(personas.officer_a)
    id_number = make_id_number("130534", dt.date(1990, 5, 6), 222)
    response = client.post(
        "/u/SCHA/members/new/",
        {
            "name": "李 娜",
            "id_type": "resident",
            "id_number": id_number,
            "gender": "",
            "birth_date": "1990.05",
            "phone": "13700137000",
            "ethnicity": "汉族",
            "political_status": "none",
            "education": "bachelor",
            "department": personas.dept_a.pk,
            "group": personas.group_a.pk,
            "post": "教师",
            "employment_form": "established",
            "work_status": "at_work",
            "joined_on": "2026-09-01",
            "join_kind": "new",
        },
    )
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "李娜" in detail and id_number in detail


def test_the_form_shows_every_problem_in_chinese_and_writes_nothing(personas):
    from gonghui.members.models import Person

    client = client_for(personas.officer_a)
    before = Person.objects.count()
    response = client.post(
        "/u/SCHA/members/new/",
        {
            "name": "李娜",
            "id_type": "resident",
            "id_number": "130534199005062220",
            "phone": "12345",
            "political_status": "none",
            "employment_form": "established",
            "work_status": "at_work",
            "joined_on": "2026-09-01",
            "join_kind": "new",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "校验位" in body and "手机" in body
    assert Person.objects.count() == before


def test_a_group_of_another_union_is_refused_in_the_form(personas):
    client = client_for(personas.officer_a)
    response = client.post(
        f"/u/SCHA/members/{personas.people_a[0].pk}/edit/",
        {
            "name": "王芳",
            "id_type": "resident",
            "id_number": personas.people_a[0].id_number,
            "political_status": "none",
            "employment_form": "contract",
            "work_status": "at_work",
            "group": personas.group_b.pk,
        },
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
