"""The acting user's scope in one union: the only way views, the API and exports reach union data.

`scope_for(user, code)` answers what this user may do in that union, or raises NotFound — the same
answer for a union that does not exist and one the user may not see, so existence is never revealed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gonghui.accounts.models import Role, RoleAssignment
from gonghui.accounts.permissions import roles_with
from gonghui.core.errors import NotFound
from gonghui.members.models import GroupLeadership
from gonghui.orgs.models import Union


@dataclass(frozen=True)
class ActorScope:
    user: Any
    union: Union
    roles: frozenset[str]
    group_ids: frozenset[int]
    person_id: int | None
    via_federation: Union | None

    def can(self, permission: str) -> bool:
        return bool(self.roles & roles_with(permission))

    def require(self, permission: str) -> None:
        """Refuse with NotFound: a user who may not do a thing is not told that it exists."""
        if not self.can(permission):
            raise NotFound()

    @property
    def is_federation_view(self) -> bool:
        return self.via_federation is not None

    @property
    def role_labels(self) -> list[str]:
        return [Role(role).label for role in Role.values if role in self.roles]


def _assignments(user: Any) -> list[RoleAssignment]:
    cached = getattr(user, "_gonghui_assignments", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("union"))
        user._gonghui_assignments = cached
    return cached


def _groups_led(person_ids: list[int]) -> list[int]:
    if not person_ids:
        return []
    return list(
        GroupLeadership.objects.filter(person_id__in=person_ids, ended_on__isnull=True).values_list(
            "group_id", flat=True
        )
    )


def scope_for(user: Any, union: Union | str) -> ActorScope:
    """The user's scope in a union given by object or code; NotFound when the user has none there."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise NotFound()
    if isinstance(union, str):
        found = Union.objects.filter(code__iexact=union).first()
        if found is None:
            raise NotFound()
        union = found
    if user.is_superuser:
        return ActorScope(user, union, frozenset({Role.OFFICER}), frozenset(), None, None)
    direct = [a for a in _assignments(user) if a.union_id == union.pk]
    if direct:
        person_id = next((a.person_id for a in direct if a.person_id), None)
        leading = [a.person_id for a in direct if a.role == Role.GROUP_LEADER and a.person_id]
        return ActorScope(
            user=user,
            union=union,
            roles=frozenset(a.role for a in direct),
            group_ids=frozenset(_groups_led(leading)),
            person_id=person_id,
            via_federation=None,
        )
    for assignment in _assignments(user):
        if assignment.role == Role.FEDERATION and union.path.startswith(assignment.union.path):
            return ActorScope(user, union, frozenset({Role.FEDERATION}), frozenset(), None, assignment.union)
    raise NotFound()


def unions_for(user: Any) -> list[Union]:
    """The unions the user holds a role in directly (the switcher); federation drill-down goes from there."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    if user.is_superuser:
        return list(Union.objects.order_by("path"))
    seen: dict[int, Union] = {}
    for assignment in _assignments(user):
        seen.setdefault(assignment.union_id, assignment.union)
    return sorted(seen.values(), key=lambda u: u.path)
