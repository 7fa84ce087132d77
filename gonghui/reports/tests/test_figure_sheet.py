import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from gonghui.jobs.models import Job

pytestmark = pytest.mark.django_db


def test_an_officer_exports_the_figure_sheet_as_a_job_and_downloads_it(
    personas, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    client = Client()
    client.force_login(personas.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/u/SCHA/figures/export/", {"period": "2026"})
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert (job.status, job.progress, job.union_id) == ("succeeded", 100, personas.a.pk)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "已完成" in page and f"/jobs/{job.pk}/download" in page

    download = client.get(f"/jobs/{job.pk}/download")
    assert download["Content-Disposition"].endswith(
        "2026%E5%B9%B4%E6%8C%87%E6%A0%87%E8%A1%A8.xlsx"
    )  # …2026年指标表.xlsx
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    rows = {row[0]: row for row in book["指标"].iter_rows(min_row=4, values_only=True)}
    assert rows["members.active"][1:4] == ("在职会员数", "人", 3)
    assert rows["members.rate"][3] == "75.0"  # 3 staff members of 4 staff
    details = [
        row for row in book["明细"].iter_rows(min_row=2, values_only=True) if row[0] == "members.active"
    ]
    assert sorted(row[4] for row in details) == sorted(["王芳", "方明", "石磊"])


def test_a_bad_period_is_refused_in_chinese_and_queues_nothing(personas):
    client = Client()
    client.force_login(personas.officer_a)
    response = client.post("/u/SCHA/figures/export/", {"period": "去年"}, follow=True)
    assert Job.objects.count() == 0
    assert "期间" in response.content.decode()


def test_a_member_cannot_export(personas):
    client = Client()
    client.force_login(personas.member_a)
    assert client.post("/u/SCHA/figures/export/", {"period": "2026"}).status_code == 404
    assert Job.objects.count() == 0
