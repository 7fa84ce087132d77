"""The worker closes database connections between jobs, which a test's wrapping transaction cannot survive:
these tests commit for real (transactional_db)."""

import io
import threading
import time

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection

from gonghui.jobs.models import Job, JobStatus
from gonghui.jobs.services import job_claim_next, job_enqueue
from gonghui.jobs.worker import start_worker_thread

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _queued_not_inline(settings) -> None:
    settings.GONGHUI_JOBS_INLINE = False


def wait_until(condition, *, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OperationalError:  # SQLite's shared in-memory test database: "table is locked", try again
            pass
        time.sleep(0.02)
    return False


def test_the_worker_thread_runs_a_queued_job_and_stops_on_its_event(alice):
    job = job_enqueue(actor=alice, union=None, kind="jobs.selftest", params={"count": 3})
    stop_event = threading.Event()
    thread = start_worker_thread(poll_interval=0.05, stop_event=stop_event)
    try:
        finished = wait_until(lambda: Job.objects.get(pk=job.pk).status == JobStatus.SUCCEEDED)
    finally:
        stop_event.set()
        thread.join(timeout=10)
    assert finished
    assert not thread.is_alive()
    assert thread.daemon and thread.name == "gonghui-jobs"
    job.refresh_from_db()
    assert job.result_summary == {"count": 3} and job.progress == 100


def test_the_worker_thread_recovers_jobs_a_killed_process_left_running(alice):
    job = job_enqueue(actor=alice, union=None, kind="jobs.selftest", params={"count": 3})
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=1)
    thread = start_worker_thread(poll_interval=0.05)
    try:
        recovered = wait_until(lambda: Job.objects.get(pk=job.pk).status == JobStatus.FAILED)
    finally:
        thread.stop(timeout=10)
    assert recovered
    assert not thread.is_alive()
    assert Job.objects.get(pk=job.pk).error == "任务因服务重启而中断，请重新提交"


def test_the_worker_command_runs_the_queue_once_and_reports_how_many_ran(alice):
    first = job_enqueue(actor=alice, union=None, kind="jobs.selftest", params={"count": 2})
    second = job_enqueue(actor=alice, union=None, kind="jobs.selftest", params={"count": 0})
    out = io.StringIO()
    call_command("jobs_worker", "--once", stdout=out)
    assert out.getvalue() == "已处理 2 个后台任务\n"
    assert Job.objects.get(pk=first.pk).status == JobStatus.SUCCEEDED
    assert Job.objects.get(pk=second.pk).status == JobStatus.FAILED


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the SQLite test database is in memory with a shared cache, where a second writer fails at once "
    "with 'database table is locked' instead of waiting on the busy timeout as it does on the file database",
)
def test_racing_workers_never_claim_the_same_job_twice(alice):
    jobs = [job_enqueue(actor=alice, union=None, kind="jobs.selftest", params={}) for _ in range(30)]
    claimed: list[int] = []
    start = threading.Barrier(4)

    def claim_until_empty() -> None:
        start.wait(timeout=10)
        try:
            while (job := job_claim_next()) is not None:
                claimed.append(job.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim_until_empty) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(claimed) == sorted(job.pk for job in jobs)
    assert set(Job.objects.values_list("attempts", flat=True)) == {1}
