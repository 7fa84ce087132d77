"""A user holding a one-time password is sent to change it before anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

ALLOWED_PREFIXES = ("/password/", "/logout/", "/login/", "/static/", "/api/")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not request.path.startswith(ALLOWED_PREFIXES):
            state = getattr(user, "account_state", None)
            if state is not None and state.must_change_password:
                return redirect("accounts:password_change")
        return self.get_response(request)
