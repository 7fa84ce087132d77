"""Reads of jobs, scoped to what the acting user may see."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from gonghui.jobs.models import Job


def job_get_for_actor(*, actor: Any, job_id: int) -> Job:
    """The job when the actor may see it (superusers: every job; others: their own); Http404 otherwise."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise Http404("未找到该任务")
    jobs = Job.objects.all()
    if not actor.is_superuser:
        jobs = jobs.filter(created_by=actor)
    try:
        return jobs.get(pk=job_id)
    except Job.DoesNotExist:
        # The same answer for "no such job" and "not yours": a job's existence is not revealed.
        raise Http404("未找到该任务") from None
