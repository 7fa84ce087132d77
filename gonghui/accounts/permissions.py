"""Which roles hold which permissions: each app lists its own in `<app>/permissions.py` as PERMISSIONS.

A permission is a string such as "members.edit"; PERMISSIONS maps it to the role values that hold it.
"""

from __future__ import annotations

from functools import cache

from gonghui.core.plugins import app_modules

ALL_ROLES = frozenset({"officer", "finance", "auditor", "care", "group_leader", "member", "federation"})

PERMISSIONS: dict[str, frozenset[str]] = {
    "accounts.manage": frozenset({"officer"}),
}


@cache
def permission_table() -> dict[str, frozenset[str]]:
    """Every app's PERMISSIONS merged; a permission declared twice is a programming error."""
    table: dict[str, frozenset[str]] = {}
    for module in app_modules("permissions"):
        for name, roles in getattr(module, "PERMISSIONS", {}).items():
            if name in table:
                raise RuntimeError(f"permission {name} is declared twice")
            unknown = set(roles) - ALL_ROLES
            if unknown:
                raise RuntimeError(f"permission {name} names unknown roles {sorted(unknown)}")
            table[name] = frozenset(roles)
    return table


def roles_with(permission: str) -> frozenset[str]:
    table = permission_table()
    if permission not in table:
        raise KeyError(f"unknown permission {permission}")
    return table[permission]
