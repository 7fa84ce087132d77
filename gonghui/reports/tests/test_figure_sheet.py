import datetime as dt
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from gonghui.jobs.models import Job
from gonghui.orgs.services import school_term_set

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


def test_a_term_sheet_takes_the_unions_own_term_dates(
    personas, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    school_term_set(
        actor=None,
        union=personas.a,
        first_year=2025,
        number=1,
        starts_on=dt.date(2025, 9, 1),
        ends_on=dt.date(2026, 1, 23),
    )
    client = Client()
    client.force_login(personas.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/u/SCHA/figures/export/", {"period": "2025-2026学年第一学期"})
    job = Job.objects.get()
    assert (job.params, job.title) == ({"period": "2025-2026-1"}, "导出甲校工会2025—2026学年第一学期指标表")
    job.refresh_from_db()
    assert job.status == "succeeded"
    download = client.get(f"/jobs/{job.pk}/download")
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    rows = {row[0]: row for row in book["指标"].iter_rows(min_row=4, values_only=True)}
    assert rows["members.active"][6] == "2025年9月1日至2026年1月23日"


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
