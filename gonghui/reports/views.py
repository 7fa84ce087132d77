"""Report pages: start the figure-sheet export as a background job."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from gonghui.accounts.scope import ActorScope
from gonghui.core.errors import DomainError
from gonghui.jobs.services import job_enqueue
from gonghui.reports.calendars import parse_period_for
from gonghui.reports.periods import PeriodError
from gonghui.web.access import union_view


@require_POST
@union_view("figures.view")
def figure_sheet_export(request: HttpRequest, scope: ActorScope) -> HttpResponse:
    text = request.POST.get("period", "").strip()
    try:
        period = parse_period_for(scope.union, text)
    except PeriodError as exc:
        messages.error(request, str(exc))
        return redirect("web:dashboard", code=scope.union.code)
    try:
        job = job_enqueue(
            actor=request.user,
            union=scope.union,
            kind="reports.figure_sheet",
            params={"period": period.key},
            title=f"导出{scope.union.name}{period.label}指标表",
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("web:dashboard", code=scope.union.code)
    return redirect("jobs:detail", job_id=job.pk)
