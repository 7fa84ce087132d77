"""Report job kinds: the figure sheet and the work summary of a union for a period, built in the background."""

from __future__ import annotations

import datetime as dt
import zipfile

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


@job_kind("reports.summary", title="生成工作总结")
def summary(job: Job, progress: ProgressFn) -> JobOutcome:
    """The work summary and its figure sheet, in one .zip named after the document."""
    from gonghui.reports.summary.build import SummaryOptionError
    from gonghui.reports.summary.run import SummaryRunError, write_summary
    from gonghui.reports.summary.service import period_for, prepare_union

    union = job.union
    if union is None:
        raise DomainError("生成工作总结须指定工会")
    params = job.params
    try:
        period = period_for(union, str(params.get("period", "")))
        as_of = dt.date.fromisoformat(str(params["as_of"]))
        signed_on = dt.date.fromisoformat(str(params["signed_on"]))
    except PeriodError as exc:
        raise DomainError(str(exc)) from exc
    progress(0, 3, "正在计算指标")
    prepared = prepare_union(union, period=period, as_of=as_of)
    progress(1, 3, "正在撰写")
    fmt = str(params.get("format", "docx"))
    scratch = job_scratch_dir(job.pk)
    try:
        written = write_summary(
            prepared,
            output=scratch / f"summary.{fmt}",
            fmt=fmt,
            signed_on=signed_on,
            script=str(params.get("script", "hans")),
            length=str(params.get("length", "standard")),
            chosen_gaps=tuple(params.get("gaps", [])),
            heading_bold=bool(params.get("heading_bold", False)),
        )
    except (SummaryOptionError, SummaryRunError) as exc:
        raise DomainError(str(exc)) from exc
    progress(2, 3, "正在打包")
    title = written.document.title
    bundle = scratch / "summary.zip"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(written.path, f"{title}.{fmt}")
        archive.write(written.figures_path, f"{title}.figures.xlsx")
    progress(3, 3, "完成")
    return JobOutcome(
        file_path=bundle,
        file_name=f"{title}.zip",
        summary={
            "title": title,
            "characters": written.document.body_length(),
            "figures": len(written.document.facts),
        },
    )
