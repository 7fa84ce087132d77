"""The REST API under /api/: one NinjaAPI; each app contributes the `router` of its own `api.py`.

Errors keep one shape: `{"detail": "…"}` plus `errors: {field: [messages]}` for input problems, all in
Chinese. A refusal and a missing object give the same 404 body, so existence is never revealed.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from gonghui.accounts.services import api_token_user
from gonghui.core.errors import DomainError, InvalidInput, NotFound
from gonghui.core.plugins import app_modules

NOT_FOUND_DETAIL = "未找到"
UNAUTHENTICATED_DETAIL = "请先登录，或在请求头中提供有效的个人令牌（Authorization: Bearer …）"
MALFORMED_DETAIL = "请求数据格式不正确"
HTTP_ERROR_DETAILS = {
    # Ninja's session auth refuses an unsafe request without a valid CSRF token with a bare 403.
    403: "CSRF 校验失败：请刷新页面后重试，脚本请改用个人令牌",
    429: "请求过于频繁，请稍后再试",
}
# Pydantic error types turned into Chinese; anything else gets the generic message.
VALIDATION_MESSAGES = {
    "missing": "此项必填",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_inexact": "日期格式应为 YYYY-MM-DD",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_type": "日期格式应为 YYYY-MM-DD",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "string_type": "应为文本",
    "json_invalid": "JSON 格式不正确",
    "model_attributes_type": "应为 JSON 对象",
    "dict_type": "应为 JSON 对象",
}
_SOURCES = frozenset({"body", "query", "path", "header", "cookie", "form", "file"})


class PersonalTokenAuth(HttpBearer):
    """`Authorization: Bearer gh_…`: a personal token created on the profile page.

    The token's user becomes `request.user`, so endpoints read the caller the same way for both kinds
    of authentication.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is None:
            # A request that presents a token is judged by it alone, never by a session cookie beside it.
            raise AuthenticationError()
        request.user = user  # type: ignore[assignment]  # stubs say User; any AUTH_USER_MODEL works
        return user


# The token is tried first: a scripted POST carries no CSRF token, and session auth would refuse it
# before the token was looked at. Browsers cannot add an Authorization header cross-site, so CSRF is
# still enforced wherever the session cookie is what authenticates.
api = NinjaAPI(
    title="工会工作系统 API",
    version="1",
    description="基层工会工作系统的接口。登录后的浏览器会话或个人令牌（Authorization: Bearer）均可调用；"
    "权限与网页相同，无权查看的对象一律返回 404。",
    urls_namespace="api",
    docs_url="/docs",
    # Served from the bundled static files ("ninja" in INSTALLED_APPS): no CDN, and no validator badge
    # fetched from validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None, "defaultModelsExpandDepth": 0}),
    auth=[PersonalTokenAuth(), django_auth],
)

for module in app_modules("api"):
    router = getattr(module, "router", None)
    if router is not None:
        api.add_router("", router)


def _error(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
    return api.create_response(request, body, status=status)


@api.exception_handler(NotFound)
@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 404, {"detail": NOT_FOUND_DETAIL})


@api.exception_handler(InvalidInput)
def invalid_input(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
    return _error(request, 422, {"detail": exc.message, "errors": exc.errors})


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(request, 400, {"detail": exc.message, "field": exc.field})


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, {"detail": UNAUTHENTICATED_DETAIL})


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, {"detail": HTTP_ERROR_DETAILS.get(exc.status_code, exc.message)})


@api.exception_handler(ValidationError)
def malformed_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Field errors in the same `{field: [messages]}` shape as the services' InvalidInput; ninja's list too."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field_name(error.get("loc", ())), []).append(_chinese_message(error))
    raw = [{key: error[key] for key in ("type", "loc", "msg") if key in error} for error in exc.errors]
    return _error(request, 422, {"detail": MALFORMED_DETAIL, "errors": errors, "validation_errors": raw})


def _field_name(loc: Any) -> str:
    """("body", "payload", "id_number") → "id_number"; ("query", "page") → "page"; the body itself → "__all__"."""
    parts = [str(part) for part in loc]
    if parts and parts[0] in _SOURCES:
        source, parts = parts[0], parts[1:]
        if source == "body" and parts:
            parts = parts[1:]  # the name of the body parameter
    return ".".join(parts) or "__all__"


def _chinese_message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind in ("enum", "literal_error"):
        return f"取值无效，可选值为：{context.get('expected', '')}"
    if kind == "string_too_long":
        return f"不能超过{context.get('max_length')}个字符"
    if kind == "greater_than_equal":
        return f"不能小于{context.get('ge')}"
    if kind == "less_than_equal":
        return f"不能大于{context.get('le')}"
    if kind == "value_error":
        return str(error.get("msg", "")).removeprefix("Value error, ")
    return VALIDATION_MESSAGES.get(kind, "格式不正确")
