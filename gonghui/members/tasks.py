"""Member job kinds: the roster import (roster.jobs), the roster export and the new-member notice."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gonghui.accounts.scope import ActorScope, scope_for
from gonghui.core.errors import DomainError, NotFound
from gonghui.jobs.models import Job
from gonghui.jobs.registry import JobOutcome, ProgressFn, job_kind
from gonghui.jobs.storage import job_scratch_dir
from gonghui.members.roster import jobs as roster_jobs  # noqa: F401  (registers members.roster_import)
from gonghui.members.roster.export import write_roster
from gonghui.members.roster.notice import write_new_member_notice


def _scope(job: Job, permission: str, refused: str) -> ActorScope:
    """The requester's scope now, so that masking and the rows follow their role when the job runs."""
    if job.union is None or job.created_by is None:
        raise DomainError("该任务缺少工会或提交人")
    try:
        scope = scope_for(job.created_by, job.union)
        scope.require(permission)
    except NotFound as exc:
        raise DomainError(refused) from exc
    return scope


def _date(job: Job, key: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(job.params[key]))
    except (KeyError, ValueError) as exc:
        raise DomainError(f"任务参数 {key} 不是 YYYY-MM-DD 格式的日期") from exc


@job_kind("members.roster_export", title="导出会员名册")
def roster_export(job: Job, progress: ProgressFn) -> JobOutcome:
    """The requester's view of the current roster as .xlsx, on params["on"] (default: today)."""
    scope = _scope(job, "members.export", "提交人已无权导出该工会的会员名册")
    on = _date(job, "on") if "on" in job.params else timezone.localdate()
    progress(0, 1, "正在读取会员")
    path = job_scratch_dir(job.pk) / "roster.xlsx"
    count = write_roster(
        path,
        scope=scope,
        on=on,
        progress=lambda done, total: progress(done, total, f"已写入 {done}/{total} 人"),
    )
    return JobOutcome(
        file_path=path,
        file_name=f"{scope.union.name}会员名册{on:%Y%m%d}.xlsx",
        summary={"people": count},
    )


@job_kind("members.new_member_notice", title="生成新会员名单公示")
def new_member_notice(job: Job, progress: ProgressFn) -> JobOutcome:
    """新会员名单公示 (.docx) of the members admitted between params["start"] and params["end"]."""
    scope = _scope(job, "members.edit", "提交人已无权生成该工会的新会员名单公示")
    start, end, signed_on = _date(job, "start"), _date(job, "end"), _date(job, "signed_on")
    progress(0, 1, "正在生成公示")
    path = job_scratch_dir(job.pk) / "notice.docx"
    count = write_new_member_notice(path, scope=scope, start=start, end=end, signed_on=signed_on)
    return JobOutcome(
        file_path=path,
        file_name=f"{scope.union.name}新会员名单公示{signed_on:%Y%m%d}.docx",
        summary={"people": count},
    )
