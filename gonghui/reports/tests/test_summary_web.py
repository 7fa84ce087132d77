import io
import zipfile

import pytest
from django.test import Client

from gonghui.jobs.models import Job

pytestmark = pytest.mark.django_db


def test_an_officer_checks_then_generates_the_summary_and_downloads_it(
    personas, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    client = Client()
    client.force_login(personas.officer_a)
    page = client.get("/u/SCHA/summary/", {"period": "2026", "as_of": "2026-11-25"}).content.decode()
    assert "2026年：生成前请核对" in page and 'name="signed_on" value="2026-12-31"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/u/SCHA/summary/",
            {"period": "2026", "as_of": "2026-11-25", "signed_on": "2026-12-28", "format": "md"},
        )
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    download = client.get(f"/jobs/{job.pk}/download")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    title = f"{personas.a.name}2026年工作总结"
    assert sorted(archive.namelist()) == [f"{title}.figures.xlsx", f"{title}.md"]
    text = archive.read(f"{title}.md").decode()
    assert text.startswith(f"# {title}") and "2026年12月28日" in text


def test_a_bad_period_or_date_is_explained_and_queues_nothing(personas):
    client = Client()
    client.force_login(personas.officer_a)
    response = client.post("/u/SCHA/summary/", {"period": "去年", "as_of": "2026-11-25"})
    assert response.status_code == 400
    assert "无法识别统计期间「去年」" in response.content.decode()
    response = client.post("/u/SCHA/summary/", {"period": "2026", "signed_on": "2026-13-01"})
    assert "成文日期「2026-13-01」不是有效的日期" in response.content.decode()
    assert Job.objects.count() == 0


def test_members_cannot_generate_and_other_unions_are_not_found(personas):
    client = Client()
    client.force_login(personas.member_a)
    assert client.get("/u/SCHA/summary/").status_code in (403, 404)
    client.force_login(personas.officer_a)
    assert client.get("/u/SCHB/summary/").status_code == 404


def test_an_officer_sets_the_thresholds_and_they_are_used(personas):
    from gonghui.core.models import AuditEvent
    from gonghui.reports.models import SummarySettings
    from gonghui.reports.summary.service import thresholds_for

    client = Client()
    client.force_login(personas.officer_a)
    response = client.post(
        "/u/SCHA/summary/settings/",
        {
            "member_rate_target": "98",
            "low_participation_percent": "40",
            "never_percent": "25",
            "heading_bold": "on",
        },
    )
    assert response["Location"] == "/u/SCHA/summary/"
    saved = SummarySettings.objects.get(union=personas.a)
    assert (str(saved.member_rate_target), saved.low_participation_percent, saved.never_percent) == (
        "98.0",
        40,
        25,
    )
    assert saved.heading_bold is True
    thresholds = thresholds_for(personas.a)
    assert str(thresholds.member_rate_target) == "98.0" and str(thresholds.never_share) == "0.25"
    assert AuditEvent.objects.filter(object_type="reports.SummarySettings").count() == 1


def test_a_wrong_threshold_is_refused_in_chinese_and_nothing_is_saved(personas):
    from gonghui.reports.models import SummarySettings

    client = Client()
    client.force_login(personas.officer_a)
    page = client.post(
        "/u/SCHA/summary/settings/",
        {"member_rate_target": "九十五", "low_participation_percent": "50", "never_percent": "20"},
        follow=True,
    ).content.decode()
    assert "入会率目标「九十五」不是数字" in page
    page = client.post(
        "/u/SCHA/summary/settings/",
        {"member_rate_target": "120", "low_participation_percent": "50", "never_percent": "20"},
        follow=True,
    ).content.decode()
    assert "入会率目标" in page and "0到100" in page
    assert SummarySettings.objects.count() == 0
