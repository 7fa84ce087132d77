"""What every page's layout needs: the current union and scope, the navigation, the union switcher."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from gonghui.accounts.scope import unions_for
from gonghui.web.access import current_scope
from gonghui.web.navigation import navigation_for


def shell(request: HttpRequest) -> dict[str, Any]:
    scope = current_scope(request)
    if not request.user.is_authenticated:
        return {}
    url_name = None
    if request.resolver_match is not None:
        url_name = request.resolver_match.view_name
    return {
        "scope": scope,
        "current_union": scope.union if scope else None,
        "nav_sections": navigation_for(scope, url_name) if scope else [],
        "switcher_unions": unions_for(request.user),
    }
