"""Writes to jobs: enqueue, claim, run, recover.

A job moves queued → running → succeeded | failed. The claim is one guarded UPDATE, so it is exclusive on
SQLite and PostgreSQL alike; every later write is guarded by `status = running`, so a job that was
recovered as interrupted never turns back into a success.
"""

from __future__ import annotations

import json
import logging
import shutil
import traceback
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gonghui.core.errors import DomainError
from gonghui.jobs.models import Job, JobStatus
from gonghui.jobs.progress import ThrottledProgress
from gonghui.jobs.registry import JobOutcome, registry
from gonghui.jobs.storage import (
    download_name,
    job_result_dir,
    jobs_root,
    remove_job_files,
    stored_file_name,
)
from gonghui.orgs.models import Union

logger = logging.getLogger(__name__)

UNKNOWN_KIND_MESSAGE = "未知的任务类型"
INTERNAL_ERROR_MESSAGE = "任务执行出错，请联系管理员"
INTERRUPTED_MESSAGE = "任务因服务重启而中断，请重新提交"


@transaction.atomic
def job_enqueue(
    *, actor: Any, union: Union | None, kind: str, params: dict[str, Any], title: str | None = None
) -> Job:
    """Queue a job of a registered kind; with GONGHUI_JOBS_INLINE it runs in this process once the caller commits."""
    registered = registry.get(kind)
    if registered is None:
        raise DomainError(UNKNOWN_KIND_MESSAGE, field="kind")
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    job = Job(union=union, created_by=user, kind=kind, title=title or registered.title, params=params)
    try:
        job.full_clean()
    except ValidationError as exc:
        raise DomainError(exc.messages[0]) from exc
    job.save()
    if settings.GONGHUI_JOBS_INLINE:
        # After commit, never inside the caller's transaction: the kind sees committed data and its own
        # writes cannot be rolled back by the caller. Outside any atomic block Django runs it at once.
        transaction.on_commit(partial(_run_inline, job.pk))
    return job


def _run_inline(job_id: int) -> None:
    job_run(Job.objects.get(pk=job_id))


def _claim(job_id: int) -> bool:
    # One UPDATE guarded by the status. On PostgreSQL the loser of a race waits for the winner's row lock,
    # re-reads the row, finds it no longer queued and updates nothing; on SQLite writers are serialised.
    # Either way exactly one caller sees one updated row.
    updated = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
        progress=0,
        progress_message="",
    )
    return updated == 1


def job_claim_next() -> Job | None:
    """Claim the oldest queued job for the calling worker, or return None when nothing is queued."""
    while True:
        oldest = (
            Job.objects.filter(status=JobStatus.QUEUED)
            .order_by("created_at", "id")
            .values_list("id", flat=True)
            .first()
        )
        if oldest is None:
            return None
        if _claim(oldest):
            return Job.objects.get(pk=oldest)
        # Another worker took it between the SELECT and the UPDATE: try the next one.


def job_run(job: Job) -> Job:
    """Run a queued or claimed job to its end: succeeded with its result file, or failed with a Chinese reason."""
    if job.status == JobStatus.QUEUED and not _claim(job.pk):
        job.refresh_from_db()
        return job
    job.refresh_from_db()
    if job.status != JobStatus.RUNNING:
        raise ValueError(f"job {job.pk} is {job.status}; only a queued or claimed job can run")
    remove_job_files(job.pk)  # leftovers of an earlier, interrupted run of the same job
    try:
        registered = registry.get(job.kind)
        if registered is None:
            raise DomainError(UNKNOWN_KIND_MESSAGE)
        outcome = registered.run(job, ThrottledProgress(job))
        result_file, result_name = _store_result(job, outcome)
    except Exception as exc:
        _mark_failed(job, exc)
    else:
        _mark_succeeded(job, result_file=result_file, result_name=result_name, summary=outcome.summary)
    finally:
        shutil.rmtree(jobs_root() / "work" / str(job.pk), ignore_errors=True)
    job.refresh_from_db()
    return job


def _store_result(job: Job, outcome: JobOutcome) -> tuple[str, str]:
    """Move the kind's file into DATA_DIR/jobs/<id>/; return its relative path and its download name."""
    json.dumps(outcome.summary)  # a summary that cannot be stored fails the job, not the worker
    if outcome.file_path is None:
        return "", ""
    source = Path(outcome.file_path)
    if not source.is_file():
        raise FileNotFoundError(f"job kind {job.kind} returned {source}, which is not a file")
    target_dir = job_result_dir(job.pk)
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / stored_file_name(source)
    shutil.move(source, target)
    name = download_name(outcome.file_name or source.name, fallback=f"任务{job.pk}结果{source.suffix}")
    return f"{job.pk}/{target.name}", name


def _mark_succeeded(job: Job, *, result_file: str, result_name: str, summary: dict[str, Any]) -> None:
    updated = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        status=JobStatus.SUCCEEDED,
        progress=100,
        result_file=result_file,
        result_name=result_name,
        result_summary=summary,
        finished_at=timezone.now(),
    )
    if updated != 1:
        # Recovered as interrupted while it ran (a second worker started): the result is not published.
        remove_job_files(job.pk)


def _mark_failed(job: Job, exc: Exception) -> None:
    if isinstance(exc, DomainError):
        message = exc.message
    else:
        message = INTERNAL_ERROR_MESSAGE
        logger.error("job %s (%s) failed", job.pk, job.kind, exc_info=exc)
    remove_job_files(job.pk)
    Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        status=JobStatus.FAILED,
        error=message,
        error_detail="".join(traceback.format_exception(exc)),
        result_file="",
        result_name="",
        result_summary={},
        finished_at=timezone.now(),
    )


def recover_stale_jobs() -> int:
    """At worker start: jobs still `running` belong to a process that died; fail them with a Chinese reason."""
    stale = list(Job.objects.filter(status=JobStatus.RUNNING).values_list("id", flat=True))
    if not stale:
        return 0
    for job_id in stale:
        remove_job_files(job_id)
    return Job.objects.filter(pk__in=stale, status=JobStatus.RUNNING).update(
        status=JobStatus.FAILED,
        error=INTERRUPTED_MESSAGE,
        error_detail="The worker that ran this job stopped before it finished (recovered at worker start).",
        finished_at=timezone.now(),
    )
