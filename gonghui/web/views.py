"""The shell's own pages: home (which union to open), the union switcher, the dashboard, health."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gonghui.accounts.scope import ActorScope, scope_for, unions_for
from gonghui.core.errors import NotFound
from gonghui.orgs.selectors import committee_term_warnings
from gonghui.reports.periods import parse_period
from gonghui.reports.registry import compute, format_value
from gonghui.web.access import union_view

DASHBOARD_FIGURES = [
    "members.active",
    "members.rate",
    "members.new",
    "members.transfer_in",
    "members.transfer_out",
    "members.retained",
    "members.women",
    "members.migrant",
    "members.groups",
]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    unions = unions_for(request.user)
    if len(unions) >= 1:
        return redirect("web:dashboard", code=unions[0].code)
    return render(request, "web/no_union.html")


@login_required
def switch(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "")
    try:
        scope_for(request.user, code)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return redirect("web:dashboard", code=code)


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@union_view("orgs.view")
def dashboard(request: HttpRequest, scope: ActorScope) -> HttpResponse:
    today = timezone.localdate()
    period = parse_period(str(today.year))
    figures = []
    if scope.can("figures.view"):
        for result in compute(union=scope.union, period=period, today=today, keys=DASHBOARD_FIGURES):
            figures.append(
                {
                    "key": result.figure.key,
                    "name": result.figure.name,
                    "unit": result.figure.unit,
                    "definition": result.figure.definition,
                    "value": format_value(result.figure, result.value),
                    "previous": format_value(result.figure, result.previous),
                    "flags": result.flags,
                }
            )
    warnings = committee_term_warnings(union=scope.union, today=today) if scope.can("orgs.view") else []
    return render(
        request,
        "web/dashboard.html",
        {"figures": figures, "period": period, "today": today, "term_warnings": warnings},
    )
