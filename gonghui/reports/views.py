"""Report pages: start the figure-sheet export and the work summary as background jobs."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
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


FORMAT_CHOICES = (("docx", "Word（.docx）"), ("pdf", "PDF"), ("md", "Markdown（纯文本）"))
SCRIPT_CHOICES = (("hans", "简体"), ("hant", "繁体"))
LENGTH_CHOICES = (("standard", "标准"), ("short", "精简"), ("full", "完整"))


def _day(text: str, default: dt.date, label: str, errors: list[str]) -> dt.date:
    if not text:
        return default
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        errors.append(f"{label}「{text}」不是有效的日期（YYYY-MM-DD）")
        return default


@union_view("summary.generate")
def summary_page(request: HttpRequest, scope: ActorScope) -> HttpResponse:
    """Choose the period and options, see the checklist and the 不足 items found, then start the job."""
    from gonghui.reports.summary.service import period_for, prepare_union

    data = request.POST if request.method == "POST" else request.GET
    today = timezone.localdate()
    errors: list[str] = []
    period_text = data.get("period", "").strip() or str(today.year - 1 if today.month < 7 else today.year)
    period = None
    try:
        period = period_for(scope.union, period_text)
    except PeriodError as exc:
        errors.append(str(exc))
    as_of = _day(data.get("as_of", "").strip(), today, "统计截至", errors)
    default_signed = period.end if period is not None else today
    signed_on = _day(data.get("signed_on", "").strip(), default_signed, "成文日期", errors)
    from gonghui.reports.summary.service import settings_for

    saved = settings_for(scope.union)
    options = {
        "format": data.get("format", "docx") if data.get("format") in dict(FORMAT_CHOICES) else "docx",
        "script": data.get("script", "hans") if data.get("script") in dict(SCRIPT_CHOICES) else "hans",
        "length": data.get("length", "standard")
        if data.get("length") in dict(LENGTH_CHOICES)
        else "standard",
        "heading_bold": data.get("heading_bold") == "on" if "period" in request.POST else saved.heading_bold,
    }
    review = None
    if period is not None and not errors:
        try:
            review = prepare_union(scope.union, period=period, as_of=as_of).review
        except PeriodError as exc:
            errors.append(str(exc))
    chosen = [key for key in data.getlist("gaps") if review and key in {f.key for f in review.softer}]
    if request.method == "POST" and period is not None and review is not None and not errors:
        try:
            job = job_enqueue(
                actor=request.user,
                union=scope.union,
                kind="reports.summary",
                params={
                    "period": period.key,
                    "as_of": as_of.isoformat(),
                    "signed_on": signed_on.isoformat(),
                    "gaps": chosen,
                    **options,
                },
                title=f"生成{scope.union.name}{period.label}工作总结",
            )
        except DomainError as exc:
            errors.append(exc.message)
        else:
            return redirect("jobs:detail", job_id=job.pk)
    return render(
        request,
        "reports/summary.html",
        {
            "period_text": period_text,
            "period": period,
            "as_of": as_of,
            "signed_on": signed_on,
            "options": options,
            "review": review,
            "chosen": chosen,
            "errors": errors,
            "format_choices": FORMAT_CHOICES,
            "script_choices": SCRIPT_CHOICES,
            "length_choices": LENGTH_CHOICES,
            "saved": saved,
        },
        status=400 if errors and request.method == "POST" else 200,
    )


@require_POST
@union_view("summary.generate")
def summary_settings(request: HttpRequest, scope: ActorScope) -> HttpResponse:
    """Save the 入会率 target, the 不足 thresholds and the heading style, then back to the summary page."""
    from gonghui.reports.services import summary_settings_update

    try:
        summary_settings_update(
            actor=request.user,
            union=scope.union,
            member_rate_target=request.POST.get("member_rate_target", ""),
            low_participation_percent=request.POST.get("low_participation_percent", ""),
            never_percent=request.POST.get("never_percent", ""),
            heading_bold=request.POST.get("heading_bold") == "on",
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "总结设置已保存")
    return redirect("reports:summary", code=scope.union.code)
