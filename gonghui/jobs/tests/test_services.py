import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings

from gonghui.core.errors import DomainError
from gonghui.jobs.models import Job, JobStatus
from gonghui.jobs.registry import JobOutcome
from gonghui.jobs.services import job_claim_next, job_enqueue, job_run, recover_stale_jobs
from gonghui.jobs.storage import job_scratch_dir
from gonghui.testing.factories import make_union

pytestmark = pytest.mark.django_db

SELFTEST_CSV_FOR_3 = "\ufeff序号,平方\r\n1,1\r\n2,4\r\n3,9\r\n".encode()


def enqueue_selftest(actor, count=3) -> Job:
    return job_enqueue(actor=actor, union=None, kind="jobs.selftest", params={"count": count})


def test_an_enqueued_job_runs_inline_on_commit_and_succeeds_with_its_file(
    alice, django_capture_on_commit_callbacks
):
    union = make_union()
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(actor=alice, union=union, kind="jobs.selftest", params={"count": 3})
        assert job.status == JobStatus.QUEUED
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.title == "系统自检"
    assert job.union == union and job.created_by == alice
    assert job.progress == 100
    assert job.progress_message == "已数到 3/3"
    assert job.result_file == f"{job.pk}/result.csv"
    assert job.result_name == "系统自检结果.csv"
    assert job.result_summary == {"count": 3}
    assert job.attempts == 1
    assert job.error == "" and job.error_detail == ""
    assert job.started_at is not None and job.finished_at is not None
    assert job.finished_at >= job.started_at
    assert (Path(settings.DATA_DIR) / "jobs" / f"{job.pk}" / "result.csv").read_bytes() == SELFTEST_CSV_FOR_3
    assert not (Path(settings.DATA_DIR) / "jobs" / "work" / f"{job.pk}").exists()


def test_a_job_stays_queued_until_the_enqueuing_transaction_commits(alice):
    job = enqueue_selftest(alice)  # the test's transaction never commits
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert job.progress == 0 and job.started_at is None


def test_the_caller_may_give_the_job_its_own_title(alice):
    job = job_enqueue(actor=alice, union=None, kind="jobs.selftest", params={}, title="自检（上线前）")
    assert job.title == "自检（上线前）"


def test_an_unknown_kind_is_refused_and_nothing_is_queued(alice):
    with pytest.raises(DomainError) as caught:
        job_enqueue(actor=alice, union=None, kind="members.nonexistent", params={})
    assert caught.value.message == "未知的任务类型"
    assert Job.objects.count() == 0


def test_a_failing_kind_ends_failed_with_the_general_message_and_no_result_file(
    alice, register_kind, django_capture_on_commit_callbacks
):
    def half_then_crash(job, progress):
        (job_scratch_dir(job.pk) / "half.csv").write_text("序号\n1\n", encoding="utf-8")
        progress(1, 2, "已处理 1/2 行")
        raise RuntimeError("disk on fire")

    register_kind("tests.crashes", half_then_crash)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(actor=alice, union=None, kind="tests.crashes", params={})
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "任务执行出错，请联系管理员"
    assert "RuntimeError: disk on fire" in job.error_detail
    assert job.result_file == "" and job.result_name == "" and job.result_summary == {}
    assert job.progress == 50 and job.progress_message == "已处理 1/2 行"
    assert job.finished_at is not None
    assert not (Path(settings.DATA_DIR) / "jobs" / str(job.pk)).exists()
    assert not (Path(settings.DATA_DIR) / "jobs" / "work" / str(job.pk)).exists()


def test_a_domain_error_in_a_kind_becomes_the_jobs_message(alice, register_kind):
    def refuse(job, progress):
        raise DomainError("第3行「身份证号」：校验位错误")

    register_kind("tests.refuses", refuse)
    job = job_run(job_enqueue(actor=alice, union=None, kind="tests.refuses", params={}))
    assert job.status == JobStatus.FAILED
    assert job.error == "第3行「身份证号」：校验位错误"
    assert "DomainError" in job.error_detail


def test_a_kind_without_a_file_succeeds_with_its_summary_only(alice, register_kind):
    register_kind("tests.counts", lambda job, progress: JobOutcome(summary={"rows": 12}))
    job = job_run(job_enqueue(actor=alice, union=None, kind="tests.counts", params={}))
    assert job.status == JobStatus.SUCCEEDED
    assert job.result_file == "" and job.result_name == "" and not job.has_download
    assert job.result_summary == {"rows": 12}


def test_a_result_file_name_is_stripped_of_folders_and_control_characters(alice, register_kind):
    def write(job, progress):
        path = job_scratch_dir(job.pk) / "out.XLSX"
        path.write_bytes(b"x")
        return JobOutcome(file_path=path, file_name="../花名册\n/2026.xlsx")

    register_kind("tests.writes", write)
    job = job_run(job_enqueue(actor=alice, union=None, kind="tests.writes", params={}))
    assert job.result_file == f"{job.pk}/result.xlsx"
    assert job.result_name == "_花名册_2026.xlsx"


def test_bad_params_fail_the_job_with_the_kinds_chinese_message(alice):
    job = job_run(enqueue_selftest(alice, count=0))
    assert job.status == JobStatus.FAILED
    assert job.error == "计数应为 1 到 100000 之间的整数"


def test_claiming_is_exclusive_so_a_second_claim_finds_nothing(alice):
    queued = enqueue_selftest(alice)
    claimed = job_claim_next()
    assert claimed == queued
    assert claimed.status == JobStatus.RUNNING
    assert claimed.attempts == 1 and claimed.started_at is not None
    assert job_claim_next() is None


def test_running_a_job_another_worker_has_claimed_does_nothing(alice):
    stale_copy = enqueue_selftest(alice)
    job_claim_next()
    job = job_run(stale_copy)  # still says queued: the claim inside job_run loses
    assert job.status == JobStatus.RUNNING
    assert job.attempts == 1 and job.result_file == ""


def test_the_oldest_queued_job_is_claimed_first(alice):
    first, second = enqueue_selftest(alice), enqueue_selftest(alice)
    Job.objects.filter(pk=first.pk).update(created_at=second.created_at - dt.timedelta(seconds=1))
    assert job_claim_next() == first
    assert job_claim_next() == second
    assert job_claim_next() is None


def test_a_finished_job_cannot_run_again(alice):
    job = job_run(enqueue_selftest(alice))
    with pytest.raises(ValueError):
        job_run(job)
    job.refresh_from_db()
    assert job.attempts == 1


def test_jobs_left_running_by_a_killed_process_are_failed_at_worker_start(alice):
    running = enqueue_selftest(alice)
    waiting = enqueue_selftest(alice)
    Job.objects.filter(pk=waiting.pk).update(created_at=running.created_at + dt.timedelta(seconds=1))
    job_claim_next()
    orphan = Path(settings.DATA_DIR) / "jobs" / str(running.pk) / "result.csv"
    orphan.parent.mkdir(parents=True)
    orphan.write_text("half", encoding="utf-8")

    assert recover_stale_jobs() == 1

    running.refresh_from_db()
    waiting.refresh_from_db()
    assert running.status == JobStatus.FAILED
    assert running.error == "任务因服务重启而中断，请重新提交"
    assert running.finished_at is not None
    assert not orphan.parent.exists()
    assert waiting.status == JobStatus.QUEUED


def test_a_job_recovered_while_it_runs_never_turns_into_a_success(alice, register_kind):
    def meanwhile_another_worker_starts(job, progress):
        recover_stale_jobs()
        path = job_scratch_dir(job.pk) / "late.csv"
        path.write_text("1", encoding="utf-8")
        progress(1, 1)
        return JobOutcome(file_path=path, file_name="迟到.csv")

    register_kind("tests.overtaken", meanwhile_another_worker_starts)
    job = job_run(job_enqueue(actor=alice, union=None, kind="tests.overtaken", params={}))
    assert job.status == JobStatus.FAILED
    assert job.error == "任务因服务重启而中断，请重新提交"
    assert job.progress == 0 and job.result_file == ""
    assert not (Path(settings.DATA_DIR) / "jobs" / str(job.pk)).exists()


def test_a_progress_value_outside_0_to_100_is_refused_by_the_database(alice):
    from django.db import IntegrityError, transaction

    job = enqueue_selftest(alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.filter(pk=job.pk).update(progress=101)
