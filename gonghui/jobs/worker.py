"""The job worker: a loop that claims and runs queued jobs, run as a thread of `gonghui serve` or on its own."""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections, connection

from gonghui.jobs.services import job_claim_next, job_run, recover_stale_jobs

logger = logging.getLogger(__name__)


def run_queued_jobs(*, stop_event: threading.Event | None = None) -> int:
    """Claim and run queued jobs until none is left (or `stop_event` is set); return how many ran."""
    ran = 0
    while stop_event is None or not stop_event.is_set():
        close_old_connections()
        job = job_claim_next()
        if job is None:
            break
        try:
            job_run(job)
        finally:
            close_old_connections()
        ran += 1
    return ran


def work_until_stopped(stop_event: threading.Event, *, poll_interval: float = 1.0) -> None:
    """Recover jobs a dead process left running, then run queued jobs, sleeping when idle, until stopped."""
    recovered = False
    try:
        while not stop_event.is_set():
            try:
                if not recovered:
                    recover_stale_jobs()
                    recovered = True
                run_queued_jobs(stop_event=stop_event)
            except Exception:
                # The database may be briefly unreachable; the worker must outlive that, so log and retry.
                logger.exception("job worker: claiming or running a job failed")
                close_old_connections()
            stop_event.wait(poll_interval)
    finally:
        connection.close()


class JobWorkerThread(threading.Thread):
    """A daemon thread running `work_until_stopped`; `stop()` ends it after the job in hand."""

    def __init__(self, *, poll_interval: float = 1.0, stop_event: threading.Event | None = None) -> None:
        super().__init__(name="gonghui-jobs", daemon=True)
        self.poll_interval = poll_interval
        self.stop_event = stop_event or threading.Event()

    def run(self) -> None:
        work_until_stopped(self.stop_event, poll_interval=self.poll_interval)

    def stop(self, timeout: float | None = None) -> None:
        self.stop_event.set()
        self.join(timeout)


def start_worker_thread(
    poll_interval: float = 1.0, *, stop_event: threading.Event | None = None
) -> JobWorkerThread:
    """Start the job worker as a daemon thread of this process and return it."""
    thread = JobWorkerThread(poll_interval=poll_interval, stop_event=stop_event)
    thread.start()
    return thread
