"""The web door of the roster import: upload → checked in a job → preview → confirm → imported."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from gonghui.core.idnumbers import make_id_number
from gonghui.core.models import AuditEvent
from gonghui.jobs.models import Job
from gonghui.members.models import Person
from gonghui.members.roster.samples import write_messy_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(personas, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    client = Client()
    client.force_login(personas.officer_a)
    return client


def clean_roster() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["甲校工会会员花名册"])
    sheet.append(["序号", "姓名", "身份证号", "部门", "入会时间", "手机"])
    sheet.append(
        [1, "李 娜", make_id_number("130534", dt.date(1990, 5, 6), 222), "语文组", "2019.3", "13700137000"]
    )
    sheet.append(
        [2, "赵强", make_id_number("130534", dt.date(1988, 1, 9), 331), "数学组", "2020年9月1日", ""]
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, content: bytes, name: str, capture):
    with capture(execute=True):
        response = client.post("/u/SCHA/members/import/", {"file": SimpleUploadedFile(name, content)})
    return response


def test_a_clean_roster_is_checked_then_imported_on_confirmation(
    officer, personas, django_capture_on_commit_callbacks
):
    people = Person.objects.count()
    response = upload(officer, clean_roster(), "花名册.xlsx", django_capture_on_commit_callbacks)
    check = Job.objects.get()
    assert response["Location"] == f"/jobs/{check.pk}/"
    preview_url = f"/u/SCHA/members/import/{check.pk}/"
    assert officer.get(response["Location"])["Location"] == preview_url  # finished: the job page goes on
    page = officer.get(preview_url).content.decode()
    assert "共2行：将新增2人" in page and "确认导入" in page
    assert Person.objects.count() == people  # a check writes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(f"{preview_url}next/", {"action": "import"})
    done = Job.objects.latest("pk")
    assert done.result_summary["written"] is True
    assert Person.objects.count() == people + 2
    li = Person.objects.get(union=personas.a, name="李娜")
    assert li.department.name == "语文组" and li.phone == "13700137000"
    assert "新增2人" in officer.get(f"/u/SCHA/members/import/{done.pk}/").content.decode()


def test_a_messy_roster_lists_every_problem_with_its_row_and_writes_nothing(
    officer, personas, tmp_path, django_capture_on_commit_callbacks
):
    sample = tmp_path / "messy.xlsx"
    write_messy_sample(sample, union_name="甲校工会", seed=3)
    before = Person.objects.count(), AuditEvent.objects.count()
    upload(officer, sample.read_bytes(), "messy.xlsx", django_capture_on_commit_callbacks)
    job = Job.objects.get()
    report = job.result_summary
    assert report["exit_status"] == 1 and report["written"] is False
    assert len(report["errors"]) >= 3
    page = officer.get(f"/u/SCHA/members/import/{job.pk}/").content.decode()
    for issue in report["errors"]:
        assert f'<td class="num">{issue["row"]}</td>' in page
    errors_only = officer.get(f"/u/SCHA/members/import/{job.pk}/?show=errors").content.decode()
    assert errors_only.count('<tr><td class="num">') == len(report["errors"])
    assert (Person.objects.count(), AuditEvent.objects.count()) == before
    marked = officer.get(f"/jobs/{job.pk}/download")
    book = load_workbook(io.BytesIO(b"".join(marked.streaming_content)))
    assert any(
        "错误" in str(cell.value) for row in book.active.iter_rows(max_row=5) for cell in row if cell.value
    )


def test_a_file_of_the_wrong_kind_is_refused_in_chinese(officer, personas):
    response = officer.post(
        "/u/SCHA/members/import/", {"file": SimpleUploadedFile("名单.docx", b"PK\x03\x04")}
    )
    assert "不支持“.docx”文件" in response.content.decode()
    assert Job.objects.count() == 0


def test_finance_cannot_import_and_an_officer_cannot_see_another_unions_import(
    personas, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DATA_DIR = tmp_path
    finance = Client()
    finance.force_login(personas.finance_a)
    assert finance.get("/u/SCHA/members/import/").status_code == 404
    officer_b = Client()
    officer_b.force_login(personas.officer_b)
    with django_capture_on_commit_callbacks(execute=True):
        officer_b.post("/u/SCHB/members/import/", {"file": SimpleUploadedFile("b.xlsx", clean_roster())})
    job = Job.objects.get()
    officer_a = Client()
    officer_a.force_login(personas.officer_a)
    assert officer_a.get(f"/u/SCHA/members/import/{job.pk}/").status_code == 404
    assert officer_a.post(f"/u/SCHA/members/import/{job.pk}/next/", {"action": "import"}).status_code == 404
    assert Job.objects.count() == 1
