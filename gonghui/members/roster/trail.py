"""The audit trail of a roster import: one `import` event per imported file (ADR 0007).

The event names the file (its name and SHA-256), the acting user, what the import did (counts, new
departments and groups) and exactly which people it created: their ids as ranges, `[[first, last], …]`
(an import reserves its ids in one run, so there is one range unless others drew ids meanwhile). Each
person it updates still gets their own `update` event with the changed values, as person_update writes it.
A person's file page shows the import event that created them beside their own events.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gonghui.core.audit import audit_event
from gonghui.core.models import AuditEvent, AuditEventType

IMPORT_OBJECT_TYPE = "members.RosterImport"
PEOPLE_KEY = "people"


@dataclass(frozen=True)
class RosterSource:
    """The file an import read: its name as the officer gave it, and its SHA-256."""

    name: str
    sha256: str

    @classmethod
    def of(cls, path: Path) -> RosterSource:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        return cls(name=path.name, sha256=digest.hexdigest())


def id_ranges(ids: Iterable[int]) -> list[list[int]]:
    """Sorted ids as inclusive ranges: [3, 4, 5, 9] → [[3, 5], [9, 9]]."""
    ranges: list[list[int]] = []
    for pk in sorted(ids):
        if ranges and pk == ranges[-1][1] + 1:
            ranges[-1][1] = pk
        else:
            ranges.append([pk, pk])
    return ranges


def created_in(event: AuditEvent, person_pk: int) -> bool:
    """Whether an import event created the person with this id."""
    after = event.after if isinstance(event.after, dict) else {}
    return any(first <= person_pk <= last for first, last in after.get(PEOPLE_KEY, []))


def import_events_creating(union_id: int, person_pk: int) -> list[AuditEvent]:
    """The union's import events that created this person (at most one; a list, to merge with others)."""
    events = AuditEvent.objects.filter(
        union_id=union_id, event_type=AuditEventType.IMPORT, object_type=IMPORT_OBJECT_TYPE
    )
    return [event for event in events if created_in(event, person_pk)]


def record_import(
    *,
    union_id: int,
    actor: Any,
    source: RosterSource,
    created: Sequence[int],
    updated: int,
    new_departments: Sequence[str],
    new_groups: Sequence[str],
) -> AuditEvent | None:
    """The import's event, in the import's transaction; none when it changed no person."""
    if not created and not updated:
        return None
    parts = [f"新增{len(created)}人"] if created else []
    if updated:
        parts.append(f"修改{updated}人")
    return audit_event(
        actor=actor,
        event_type=AuditEventType.IMPORT,
        object_type=IMPORT_OBJECT_TYPE,
        object_id=source.sha256,
        object_repr=f"花名册「{source.name}」导入：{'，'.join(parts)}",
        union_id=union_id,
        after={
            "file": source.name,
            "sha256": source.sha256,
            "created": len(created),
            "updated": updated,
            "new_departments": list(new_departments),
            "new_groups": list(new_groups),
            PEOPLE_KEY: id_ranges(created),
        },
    )
