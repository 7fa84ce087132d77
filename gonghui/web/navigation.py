"""Navigation by domain area: each app lists its entries in `<app>/navigation.py` as NAV."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.urls import reverse

from gonghui.accounts.scope import ActorScope
from gonghui.core.plugins import app_modules

AREA_ORDER = ["工作台", "会员", "组织", "活动", "经费", "关怀", "民主管理", "文书报表", "系统"]


@dataclass(frozen=True)
class NavEntry:
    area: str
    label: str
    url_name: str  # a union-scoped URL taking the union code as `code`
    permission: str
    order: int = 100


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    active: bool


@dataclass(frozen=True)
class NavSection:
    area: str
    entries: list[NavLink]


@cache
def all_entries() -> list[NavEntry]:
    entries = [entry for module in app_modules("navigation") for entry in getattr(module, "NAV", [])]
    return sorted(entries, key=lambda e: (AREA_ORDER.index(e.area) if e.area in AREA_ORDER else 99, e.order))


def navigation_for(scope: ActorScope, current_url_name: str | None) -> list[NavSection]:
    """The sections this actor sees in this union, in area order."""
    sections: dict[str, list[NavLink]] = {}
    for entry in all_entries():
        if not scope.can(entry.permission):
            continue
        url = reverse(entry.url_name, kwargs={"code": scope.union.code})
        sections.setdefault(entry.area, []).append(
            NavLink(entry.label, url, entry.url_name == current_url_name)
        )
    return [NavSection(area, links) for area, links in sections.items()]


NAV = [NavEntry(area="工作台", label="工作台", url_name="web:dashboard", permission="orgs.view", order=0)]
