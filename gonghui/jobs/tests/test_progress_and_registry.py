import pytest
from django.core.exceptions import ImproperlyConfigured

from gonghui.jobs.models import Job, JobStatus
from gonghui.jobs.progress import ThrottledProgress, progress_percent
from gonghui.jobs.registry import JobKind, JobKindRegistry, JobOutcome, registry


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def running_job(db) -> Job:
    return Job.objects.create(kind="jobs.selftest", title="系统自检", status=JobStatus.RUNNING)


def stored(job: Job) -> tuple[int, str]:
    job.refresh_from_db()
    return job.progress, job.progress_message


def test_progress_is_written_at_most_every_half_second_and_always_at_100_percent(running_job):
    clock = FakeClock()
    progress = ThrottledProgress(running_job, clock=clock)

    progress(1200, 5000, "已处理 1200/5000 行")
    assert stored(running_job) == (24, "已处理 1200/5000 行")

    clock.now += 0.4
    progress(2500, 5000, "已处理 2500/5000 行")
    assert stored(running_job) == (24, "已处理 1200/5000 行")

    clock.now += 0.1
    progress(2600, 5000, "已处理 2600/5000 行")
    assert stored(running_job) == (52, "已处理 2600/5000 行")

    clock.now += 0.01
    progress(5000, 5000, "已处理 5000/5000 行")
    assert stored(running_job) == (100, "已处理 5000/5000 行")


def test_progress_without_a_message_says_how_many_are_done(running_job):
    ThrottledProgress(running_job)(3, 4)
    assert stored(running_job) == (75, "已处理 3/4")


def test_progress_is_a_whole_percent_between_0_and_100():
    assert progress_percent(1, 3) == 33
    assert progress_percent(7, 5) == 100
    assert progress_percent(-1, 5) == 0
    assert progress_percent(0, 0) == 100


def test_the_apps_tasks_modules_are_discovered_on_first_lookup():
    kind = registry.get("jobs.selftest")
    assert kind is not None and kind.title == "系统自检"


def test_a_kind_key_is_registered_once_and_must_name_its_app():
    fresh = JobKindRegistry(discover=lambda: None)
    fresh.register(JobKind(key="tests.one", title="一", run=lambda job, progress: JobOutcome()))
    with pytest.raises(ImproperlyConfigured):
        fresh.register(JobKind(key="tests.one", title="一", run=lambda job, progress: JobOutcome()))
    with pytest.raises(ImproperlyConfigured):
        fresh.register(JobKind(key="selftest", title="无应用前缀", run=lambda job, progress: JobOutcome()))
    assert [kind.key for kind in fresh.all()] == ["tests.one"]
