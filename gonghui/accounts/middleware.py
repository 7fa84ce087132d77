"""A user holding a one-time password is sent to change it before anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

ALLOWED_PREFIXES = ("/password/", "/logout/", "/login/", "/static/")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        by_token = request.path.startswith("/api/") and "HTTP_AUTHORIZATION" in request.META
        if user.is_authenticated and not by_token and not request.path.startswith(ALLOWED_PREFIXES):
            state = getattr(user, "account_state", None)
            if state is not None and state.must_change_password:
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": "请先在网页上修改一次性密码"}, status=403)
                return redirect("accounts:password_change")
        return self.get_response(request)


class HtmxLoginRedirectMiddleware:
    """An htmx request whose session has expired gets HX-Redirect, so the whole page goes to the login form
    instead of the login form being swapped into a fragment."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.headers.get("HX-Request") and response.status_code in (301, 302):
            location = response.get("Location", "")
            if location.startswith(("/login/", "/password/")):
                redirected = HttpResponse(status=204)
                redirected["HX-Redirect"] = location
                return redirected
        return response
