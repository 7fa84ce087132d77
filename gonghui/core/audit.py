"""Writing audit events; called by services inside their own transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from gonghui.core.models import AuditEvent, AuditEventType

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def actor_label(actor: AbstractBaseUser | AnonymousUser | None) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "系统"
    full_name = getattr(actor, "get_full_name", lambda: "")()
    username = actor.get_username()
    return f"{full_name}（{username}）" if full_name else username


def audit_record(
    *,
    actor: Any,
    event_type: AuditEventType,
    obj: models.Model,
    union_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event; only the changed keys of before/after are kept for updates."""
    if before is not None and after is not None:
        changed = {key for key in set(before) | set(after) if before.get(key) != after.get(key)}
        before = {key: before.get(key) for key in sorted(changed)}
        after = {key: after.get(key) for key in sorted(changed)}
    return audit_event(
        actor=actor,
        event_type=event_type,
        object_type=obj._meta.label,
        object_id=str(obj.pk),
        object_repr=str(obj),
        union_id=union_id,
        before=before,
        after=after,
    )


def audit_event(
    *,
    actor: Any,
    event_type: AuditEventType,
    object_type: str,
    object_id: str,
    object_repr: str,
    union_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event about something that is not one model row (an import of a whole file)."""
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        union_id=union_id,
        actor=user,
        actor_label=actor_label(actor),
        event_type=event_type,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        before=before,
        after=after,
    )


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """A JSON-safe view of the named fields; services pass masked values for private fields."""
    data: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, models.Model):
            value = str(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        elif value is not None and not isinstance(value, (str, int, float, bool, list, dict)):
            value = str(value)
        data[name] = value
    return data
