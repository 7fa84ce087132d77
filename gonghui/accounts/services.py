"""Writes to accounts: creating logins for members (one-time passwords), granting roles, API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import AccountState, ApiToken, Role, RoleAssignment
from gonghui.accounts.scope import ActorScope
from gonghui.core.audit import audit_record
from gonghui.core.errors import DomainError
from gonghui.core.models import AuditEventType
from gonghui.members.models import Person
from gonghui.orgs.models import Union

TOKEN_PREFIX = "gh_"
# No 0/O, 1/l/I: one-time passwords are read off paper.
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def one_time_password(length: int = 10) -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


@dataclass(frozen=True)
class IssuedLogin:
    person: Person
    username: str
    password: str
    created: bool


@transaction.atomic
def role_grant(
    *, actor: Any, user: Any, union: Union, role: str, person: Person | None = None
) -> RoleAssignment:
    """Give a user a role in a union (idempotent). Members and group leaders are linked to their own file;
    a group leader sees the groups that person currently leads."""
    role = Role(role)
    if person is not None and person.union_id != union.pk:
        raise DomainError(f"「{person}」不属于{union.name}")
    if role in (Role.GROUP_LEADER, Role.MEMBER) and person is None:
        raise DomainError(f"{role.label}角色须关联本人档案", field="person")
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, union=union, role=role, defaults={"person": person, "granted_by": _user(actor)}
    )
    if created:
        audit_record(
            actor=actor,
            event_type=AuditEventType.CREATE,
            obj=assignment,
            union_id=union.pk,
            after={"user": user.get_username(), "role": role.label, "person": str(person or "")},
        )
    return assignment


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    full_name: str = "",
    password: str | None = None,
    must_change_password: bool = True,
) -> tuple[AbstractUser, str]:
    """Create a login; without a password, a one-time password is generated and must be changed at first login."""
    user_model = get_user_model()
    if user_model.objects.filter(username__iexact=username).exists():
        raise DomainError(f"用户名「{username}」已被使用", field="username")
    secret = password or one_time_password()
    user = user_model.objects.create_user(username=username, password=secret, first_name=full_name)
    AccountState.objects.create(user=user, must_change_password=must_change_password)
    return user, secret


@transaction.atomic
def member_logins_issue(*, scope: ActorScope, people: list[Person]) -> list[IssuedLogin]:
    """Create member logins (username = 会员编号) with one-time passwords; people who have one are skipped."""
    scope.require("accounts.manage")
    issued: list[IssuedLogin] = []
    for person in people:
        if person.union_id != scope.union.pk:
            raise DomainError(f"{person.name}不是{scope.union.name}的人员")
        existing = RoleAssignment.objects.filter(union=scope.union, role=Role.MEMBER, person=person).first()
        if existing is not None:
            issued.append(IssuedLogin(person, existing.user.get_username(), "", created=False))
            continue
        user, secret = user_create(actor=scope.user, username=person.member_no.lower(), full_name=person.name)
        role_grant(actor=scope.user, user=user, union=scope.union, role=Role.MEMBER, person=person)
        issued.append(IssuedLogin(person, user.get_username(), secret, created=True))
    return issued


@transaction.atomic
def password_reset_one_time(*, scope: ActorScope, person: Person) -> IssuedLogin:
    """Give a member a new one-time password (they forgot theirs)."""
    scope.require("accounts.manage")
    assignment = RoleAssignment.objects.filter(union=scope.union, role=Role.MEMBER, person=person).first()
    if assignment is None:
        raise DomainError(f"{person.name}还没有登录账号")
    secret = one_time_password()
    user = assignment.user
    user.set_password(secret)
    user.save(update_fields=["password"])
    AccountState.objects.update_or_create(user=user, defaults={"must_change_password": True})
    audit_record(
        actor=scope.user,
        event_type=AuditEventType.UPDATE,
        obj=user,
        union_id=scope.union.pk,
        after={"password": "已重置为一次性密码"},
    )
    return IssuedLogin(person, user.get_username(), secret, created=False)


def password_changed(*, user: Any) -> None:
    AccountState.objects.update_or_create(user=user, defaults={"must_change_password": False})


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """Create a personal token; the returned plaintext is shown once and never stored."""
    name = name.strip()
    if not name:
        raise DomainError("请为令牌填写一个名称，例如“统计脚本”", field="name")
    if len(name) > 50:
        raise DomainError("令牌名称不能超过50个字符", field="name")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(user=user, name=name, prefix=token[:10], token_hash=_token_hash(token))
    return record, token


@transaction.atomic
def api_token_revoke(*, user: Any, token_id: int) -> ApiToken:
    record = ApiToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).first()
    if record is None:
        raise DomainError("未找到该令牌")
    record.revoked_at = timezone.now()
    record.save(update_fields=["revoked_at", "updated_at"])
    return record


def api_token_user(token: str) -> AbstractUser | None:
    """The active user a bearer token belongs to, or None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    record = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=_token_hash(token), revoked_at__isnull=True)
        .first()
    )
    if record is None or not record.user.is_active:
        return None
    ApiToken.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
    return record.user
