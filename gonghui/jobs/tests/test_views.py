import pytest
from django.urls import reverse

from gonghui.core.errors import DomainError
from gonghui.jobs.models import Job, JobStatus
from gonghui.jobs.services import job_claim_next, job_enqueue, job_run

pytestmark = pytest.mark.django_db

POLLING = 'hx-trigger="every 1s"'
SELFTEST_FILE_NAME_HEADER = (
    "attachment; filename*=utf-8''%E7%B3%BB%E7%BB%9F%E8%87%AA%E6%A3%80%E7%BB%93%E6%9E%9C.csv"
)


def succeeded_selftest(actor) -> Job:
    return job_run(job_enqueue(actor=actor, union=None, kind="jobs.selftest", params={"count": 3}))


def running_selftest(actor, *, progress: int, message: str) -> Job:
    job = job_enqueue(actor=actor, union=None, kind="jobs.selftest", params={"count": 5000})
    job_claim_next()
    Job.objects.filter(pk=job.pk).update(progress=progress, progress_message=message)
    job.refresh_from_db()
    return job


def test_the_creator_sees_a_running_job_with_its_progress_and_the_page_polls(client, alice):
    job = running_selftest(alice, progress=24, message="已数到 1200/5000")
    client.force_login(alice)
    response = client.get(reverse("jobs:detail", args=[job.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>系统自检</h1>" in page
    assert '<strong class="job-status__label">进行中</strong>' in page
    assert '<progress max="100" value="24">24%</progress>' in page
    assert '<span class="job-status__percent">24%</span>' in page
    assert "已数到 1200/5000" in page
    assert f'hx-get="/jobs/{job.pk}/status" {POLLING}' in page


def test_the_status_partial_of_a_queued_job_keeps_polling(client, alice):
    job = job_enqueue(actor=alice, union=None, kind="jobs.selftest", params={})
    client.force_login(alice)
    response = client.get(reverse("jobs:status", args=[job.pk]))
    partial = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in partial
    assert "排队中" in partial and "任务正在排队，稍后自动开始。" in partial
    assert POLLING in partial


def test_the_status_partial_of_a_finished_job_stops_polling_and_offers_the_download(client, alice):
    job = succeeded_selftest(alice)
    client.force_login(alice)
    partial = client.get(reverse("jobs:status", args=[job.pk])).content.decode()
    assert "已完成" in partial
    assert '<progress max="100" value="100">100%</progress>' in partial
    assert f'<a href="/jobs/{job.pk}/download">下载结果：系统自检结果.csv</a>' in partial
    assert "hx-get" not in partial and "hx-trigger" not in partial


def test_a_failed_job_shows_its_reason_and_the_traceback_only_to_a_superuser(
    client, alice, root, register_kind
):
    def refuse(job, progress):
        raise DomainError("第2行「姓名」：不能为空")

    register_kind("tests.refuses", refuse)
    job = job_run(job_enqueue(actor=alice, union=None, kind="tests.refuses", params={}))
    client.force_login(alice)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert '<strong class="job-status__label">失败</strong>' in page
    assert "第2行「姓名」：不能为空" in page
    assert "技术详情" not in page and "Traceback" not in page

    client.force_login(root)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "技术详情（仅系统管理员可见）" in page and "Traceback" in page


@pytest.mark.parametrize("url_name", ["jobs:detail", "jobs:status", "jobs:download"])
def test_another_users_job_is_not_found_rather_than_forbidden(client, alice, bob, url_name):
    job = succeeded_selftest(alice)
    client.force_login(bob)
    assert client.get(reverse(url_name, args=[job.pk])).status_code == 404


@pytest.mark.parametrize("url_name", ["jobs:detail", "jobs:status", "jobs:download"])
def test_a_missing_job_is_not_found(client, alice, url_name):
    client.force_login(alice)
    assert client.get(reverse(url_name, args=[987654])).status_code == 404


def test_a_superuser_sees_every_users_job(client, alice, root):
    job = succeeded_selftest(alice)
    client.force_login(root)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, alice):
    job = succeeded_selftest(alice)
    response = client.get(reverse("jobs:detail", args=[job.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next=/jobs/{job.pk}/"


def test_the_download_is_the_result_file_under_its_chinese_name(client, alice):
    job = succeeded_selftest(alice)
    client.force_login(alice)
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == SELFTEST_FILE_NAME_HEADER
    assert response["Content-Type"] == "text/csv"
    assert b"".join(response.streaming_content) == "\ufeff序号,平方\r\n1,1\r\n2,4\r\n3,9\r\n".encode()


def test_a_running_job_has_nothing_to_download(client, alice):
    job = running_selftest(alice, progress=10, message="已数到 500/5000")
    client.force_login(alice)
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_a_superuser_starts_a_selftest_and_lands_on_its_status_page(
    client, root, django_capture_on_commit_callbacks
):
    client.force_login(root)
    assert client.get(reverse("jobs:selftest")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:selftest"), {"count": "4", "pause_ms": "0"})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == JobStatus.SUCCEEDED and job.result_summary == {"count": 4}
    assert job.params == {"count": 4, "pause_ms": 0}


def test_the_selftest_page_is_not_found_for_an_ordinary_user(client, alice):
    client.force_login(alice)
    assert client.get(reverse("jobs:selftest")).status_code == 404
    assert client.post(reverse("jobs:selftest"), {"count": "4", "pause_ms": "0"}).status_code == 404
    assert Job.objects.count() == 0
