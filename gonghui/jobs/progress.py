"""Progress reporting for a running job: written to its row, throttled so a tight loop costs few writes."""

from __future__ import annotations

import time
from collections.abc import Callable

from gonghui.jobs.models import Job, JobStatus

PROGRESS_WRITE_INTERVAL = 0.5


def progress_percent(done: int, total: int) -> int:
    """Whole percent of `done` out of `total`, within 0–100; nothing to do counts as complete."""
    if total <= 0:
        return 100
    return max(0, min(100, done * 100 // total))


class ThrottledProgress:
    """A ProgressFn writing at most once per interval, always on the first call and at 100 %."""

    def __init__(
        self,
        job: Job,
        *,
        interval: float = PROGRESS_WRITE_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._job = job
        self._interval = interval
        self._clock = clock
        self._last_write: float | None = None

    def __call__(self, done: int, total: int, message: str = "") -> None:
        percent = progress_percent(done, total)
        now = self._clock()
        if percent < 100 and self._last_write is not None and now - self._last_write < self._interval:
            return
        self._last_write = now
        text = (message or f"已处理 {done}/{total}")[:200]
        # Guarded by status: a job recovered as interrupted meanwhile keeps its final state.
        Job.objects.filter(pk=self._job.pk, status=JobStatus.RUNNING).update(
            progress=percent, progress_message=text
        )
        self._job.progress = percent
        self._job.progress_message = text
