"""Login, password change, the profile page with personal API tokens, and member logins for officers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.accounts import selectors, services
from gonghui.accounts.scope import ActorScope
from gonghui.core.errors import DomainError
from gonghui.web.access import union_view


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    next_page = "accounts:login"


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        services.password_changed(user=user)
        update_session_auth_hash(request, user)
        messages.success(request, "密码已修改")
        return redirect("web:home")
    forced = selectors.must_change_password(request.user)
    return render(request, "accounts/password_change.html", {"form": form, "forced": forced})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    new_token = None
    if request.method == "POST":
        try:
            _record, new_token = services.api_token_create(
                user=request.user, name=request.POST.get("name", "")
            )
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(
        request,
        "accounts/profile.html",
        {"tokens": selectors.tokens_of(request.user), "new_token": new_token},
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        services.api_token_revoke(user=request.user, token_id=token_id)
    except DomainError as exc:  # another user's token, or none: the same answer
        raise Http404(exc.message) from exc
    messages.success(request, "令牌已撤销")
    return redirect("accounts:profile")


@union_view("accounts.manage")
def member_logins(request: HttpRequest, scope: ActorScope) -> HttpResponse:
    issued: list[services.IssuedLogin] = []
    if request.method == "POST":
        ids = [int(value) for value in request.POST.getlist("person") if value.isdigit()]
        people = selectors.people_without_login(scope, only_ids=ids or None)
        if not people:
            messages.warning(request, "请先勾选要开通账号的人员")
        else:
            try:
                issued = services.member_logins_issue(scope=scope, people=people)
            except DomainError as exc:
                messages.error(request, exc.message)
    return render(
        request,
        "accounts/member_logins.html",
        {"pending": selectors.people_without_login(scope), "issued": [i for i in issued if i.created]},
    )
