"""Report job kinds: the figure sheet of a union for a period, built in the background."""

from __future__ import annotations

from django.utils import timezone

from gonghui.core.errors import DomainError
from gonghui.jobs.models import Job
from gonghui.jobs.registry import JobOutcome, ProgressFn, job_kind
from gonghui.jobs.storage import job_scratch_dir
from gonghui.reports.calendars import parse_period_for
from gonghui.reports.periods import PeriodError, cn_date
from gonghui.reports.registry import compute
from gonghui.reports.sheets import write_figure_sheet


@job_kind("reports.figure_sheet", title="导出指标表")
def figure_sheet(job: Job, progress: ProgressFn) -> JobOutcome:
    """Every registered figure of the job's union for params["period"], with the records behind each."""
    union = job.union
    if union is None:
        raise DomainError("导出指标表须指定工会")
    try:
        period = parse_period_for(union, str(job.params.get("period", "")))
    except PeriodError as exc:
        raise DomainError(str(exc)) from exc
    today = timezone.localdate()
    progress(0, 1, "正在计算指标")
    results = compute(union=union, period=period, today=today)
    as_of = cn_date(period.counted_end(today))
    path = job_scratch_dir(job.pk) / "figures.xlsx"
    write_figure_sheet(
        path,
        union_name=union.name,
        period=period,
        as_of=as_of,
        results=results,
        progress=lambda done, total: progress(done, total, f"正在写入明细 {done}/{total}"),
    )
    return JobOutcome(
        file_path=path, file_name=f"{union.name}{period.label}指标表.xlsx", summary={"figures": len(results)}
    )
