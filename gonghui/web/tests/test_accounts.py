import pytest
from django.test import Client

from gonghui.accounts.models import ApiToken, RoleAssignment
from gonghui.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def test_an_officer_issues_one_time_logins_that_must_be_changed(personas):
    officer = Client()
    officer.force_login(personas.officer_a)
    target = personas.people_a[2]
    response = officer.post("/u/SCHA/accounts/", {"person": [target.pk]})
    body = response.content.decode()
    assert target.member_no.lower() in body
    assignment = RoleAssignment.objects.get(union=personas.a, role="member", person=target)
    password = body.split(f"<code>{target.member_no.lower()}</code></td><td><code>")[1].split("</code>")[0]
    assert len(password) == 10
    member = Client()
    assert (
        member.post("/login/", {"username": assignment.user.username, "password": password}).status_code
        == 302
    )
    assert member.get("/u/SCHA/members/")["Location"] == "/password/"
    response = member.post(
        "/password/",
        {"old_password": password, "new_password1": "Xq7#kd92!zL", "new_password2": "Xq7#kd92!zL"},
    )
    assert response.status_code == 302
    assert member.get("/u/SCHA/members/").status_code == 200


def test_the_login_page_says_what_went_wrong_in_chinese(db):
    body = Client().post("/login/", {"username": "nobody", "password": "x"}).content.decode()
    assert "用户名或密码不正确" in body


def test_a_token_is_shown_once_and_stored_hashed(personas):
    client = Client()
    client.force_login(personas.officer_a)
    body = client.post("/profile/", {"name": "统计脚本"}).content.decode()
    token = body.split('<code class="token" id="new-token">')[1].split("</code>")[0]
    record = ApiToken.objects.get(user=personas.officer_a)
    assert token.startswith(record.prefix) and token not in record.token_hash
    assert token not in client.get("/profile/").content.decode()


def test_revoking_another_users_token_is_404_and_changes_nothing(personas):
    record, _ = api_token_create(user=personas.officer_b, name="乙校脚本")
    client = Client()
    client.force_login(personas.officer_a)
    assert client.post(f"/profile/tokens/{record.pk}/revoke").status_code == 404
    record.refresh_from_db()
    assert record.revoked_at is None


def test_the_switcher_lists_every_union_of_a_user_with_several(personas):
    from gonghui.accounts.services import role_grant

    role_grant(actor=None, user=personas.officer_a, union=personas.b, role="officer")
    client = Client()
    client.force_login(personas.officer_a)
    body = client.get("/u/SCHA/").content.decode()
    assert 'option value="SCHA" selected' in body and 'option value="SCHB"' in body
    assert client.get("/switch/?code=SCHB")["Location"] == "/u/SCHB/"
    assert client.get("/switch/?code=FED").status_code == 404
