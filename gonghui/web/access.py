"""Union-scoped views: resolve the acting user's scope from the URL's union code, or answer 404."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from gonghui.accounts.scope import ActorScope, scope_for
from gonghui.core.errors import NotFound

ScopedView = Callable[..., HttpResponse]


def union_view(permission: str) -> Callable[[ScopedView], Callable[..., HttpResponse]]:
    """Decorate `view(request, scope, **kwargs)`; the URL carries `code`. Missing scope or permission → 404."""

    def decorate(view: ScopedView) -> Callable[..., HttpResponse]:
        @login_required
        @functools.wraps(view)
        def wrapper(request: HttpRequest, code: str, **kwargs: Any) -> HttpResponse:
            try:
                scope = scope_for(request.user, code)
                scope.require(permission)
                request.gonghui_scope = scope  # type: ignore[attr-defined]
                return view(request, scope, **kwargs)
            except NotFound as exc:
                raise Http404(exc.message) from exc

        return wrapper

    return decorate


def current_scope(request: HttpRequest) -> ActorScope | None:
    return getattr(request, "gonghui_scope", None)
