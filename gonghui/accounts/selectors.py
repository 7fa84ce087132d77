"""Reads for account pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from gonghui.accounts.models import AccountState, ApiToken, Role, RoleAssignment
from gonghui.accounts.scope import ActorScope
from gonghui.members.models import Membership, Person


def must_change_password(user: Any) -> bool:
    return AccountState.objects.filter(user=user, must_change_password=True).exists()


def tokens_of(user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def people_without_login(scope: ActorScope, *, only_ids: list[int] | None = None) -> list[Person]:
    """Current members and retained members of the union who have no member login yet, in stroke order."""
    scope.require("accounts.manage")
    with_login = RoleAssignment.objects.filter(union=scope.union, role=Role.MEMBER).values("person_id")
    current = Membership.objects.filter(union=scope.union, ended_on__isnull=True).values("person_id")
    people = (
        Person.objects.filter(union=scope.union, pk__in=current)
        .exclude(pk__in=with_login)
        .select_related("department")
        .order_by("name_stroke_key", "id")
    )
    if only_ids is not None:
        people = people.filter(pk__in=only_ids)
    return list(people)
