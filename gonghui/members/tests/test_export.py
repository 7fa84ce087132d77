"""The roster out again: the .xlsx export, the blank template, the new-member notice, the CLI and the web."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from gonghui.accounts.scope import scope_for
from gonghui.core.errors import DomainError, NotFound
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.core.models import AuditEvent
from gonghui.jobs.models import Job, JobStatus
from gonghui.members.management.commands.export import system_scope
from gonghui.members.models import EndKind, Person, RetainedReason, StartKind
from gonghui.members.roster.columns import COLUMNS
from gonghui.members.roster.export import TEMPLATE_TEXT_ROWS, write_roster, write_template
from gonghui.members.roster.importer import SYSTEM_USERNAME, RosterImporter
from gonghui.members.roster.notice import publication_end, write_new_member_notice
from gonghui.members.services import membership_end, membership_retain
from gonghui.testing.factories import make_person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)
HEADERS = [column.header for column in COLUMNS]
AT = {column.field: index for index, column in enumerate(COLUMNS)}


def export_as(user, personas, tmp_path: Path, *, on: dt.date = TODAY) -> openpyxl.Workbook:
    path = tmp_path / f"roster-{user.username}.xlsx"
    write_roster(path, scope=scope_for(user, personas.a), on=on)
    return openpyxl.load_workbook(path)


def data_rows(workbook: openpyxl.Workbook) -> list[tuple]:
    return list(workbook["会员名册"].iter_rows(min_row=3, values_only=True))


def column(rows: list[tuple], field: str) -> list:
    return [row[AT[field]] for row in rows]


# ---- the roster -----------------------------------------------------------------------------------


def test_the_officers_export_has_full_id_numbers_and_phones(personas, tmp_path):
    rows = data_rows(export_as(personas.officer_a, personas, tmp_path))
    wang, fang, shi = personas.people_a
    assert column(rows, "id_number") == [wang.id_number, fang.id_number, shi.id_number]
    assert column(rows, "phone") == ["13800138000", None, None]


def test_finance_gets_masked_id_numbers_and_phones(personas, tmp_path):
    rows = data_rows(export_as(personas.finance_a, personas, tmp_path))
    wang, fang, shi = personas.people_a
    assert column(rows, "id_number") == [
        mask_id_number(wang.id_number),
        mask_id_number(fang.id_number),
        mask_id_number(shi.id_number),
    ]
    assert column(rows, "phone") == ["138****8000", None, None]
    assert all("*" in value for value in column(rows, "id_number"))


def test_rows_are_in_surname_stroke_order_with_member_numbers(personas, tmp_path):
    rows = data_rows(export_as(personas.officer_a, personas, tmp_path))
    assert column(rows, "name") == ["王芳", "方明", "石磊"]
    assert column(rows, "member_no") == [p.member_no for p in personas.people_a]
    assert all(column(rows, "member_no"))


def test_the_title_names_the_union_and_day_and_the_header_is_the_columns_headers(personas, tmp_path):
    sheet = export_as(personas.officer_a, personas, tmp_path)["会员名册"]
    assert sheet["A1"].value == "甲校工会会员名册（截至2026年11月25日）"
    assert [cell.value for cell in sheet[2]] == HEADERS
    assert all(cell.font.bold for cell in sheet[2])
    assert sheet.freeze_panes == "C3"
    assert sheet.column_dimensions["D"].width >= 20  # 身份证号


def test_id_numbers_and_phones_are_text_cells_and_dates_real_dates(personas, tmp_path):
    sheet = export_as(personas.officer_a, personas, tmp_path)["会员名册"]
    letter = {field: openpyxl.utils.get_column_letter(index + 1) for field, index in AT.items()}
    id_cell = sheet[f"{letter['id_number']}3"]
    phone_cell = sheet[f"{letter['phone']}3"]
    assert (id_cell.data_type, id_cell.number_format) == ("s", "@")
    assert (phone_cell.data_type, phone_cell.number_format) == ("s", "@")
    joined = sheet[f"{letter['joined_on']}3"]
    assert joined.is_date and joined.number_format == "yyyy-mm-dd"
    assert joined.value == dt.datetime(2010, 9, 1)


def test_choices_are_written_as_the_labels_the_importer_reads(personas, tmp_path):
    rows = data_rows(export_as(personas.officer_a, personas, tmp_path))
    wang = dict(zip([c.field for c in COLUMNS], rows[0], strict=True))
    assert wang["gender"] == "女"
    assert wang["id_type"] == "居民身份证"
    assert wang["birth_date"] == dt.datetime(1985, 3, 12)
    assert wang["ethnicity"] == "汉族"
    assert wang["political_status"] == "群众"
    assert wang["employment_form"] == "合同"
    assert wang["work_status"] == "在岗"
    assert wang["is_migrant_worker"] == "否"
    assert wang["department"] == "语文组"
    assert wang["group"] == "第一工会小组"
    assert column(rows, "gender") == ["女", "男", "男"]
    assert column(rows, "department") == ["语文组", None, None]


def test_a_retained_member_is_listed_and_an_ended_member_is_not(personas, tmp_path):
    retired = make_person(personas.a, name="刘退", female=False, joined_on=dt.date(2000, 9, 1))
    membership_retain(actor=None, person=retired, on=dt.date(2025, 7, 1), reason=RetainedReason.RETIREMENT)
    gone = make_person(personas.a, name="白走")
    membership_end(actor=None, person=gone, on=dt.date(2026, 6, 30), kind=EndKind.WITHDREW)
    rows = data_rows(export_as(personas.officer_a, personas, tmp_path))
    names = column(rows, "name")
    assert "刘退" in names and "白走" not in names
    # 入会时间 is the first day of membership, not the day the retained span began.
    assert rows[names.index("刘退")][AT["joined_on"]] == dt.datetime(2000, 9, 1)
    assert rows[names.index("刘退")][AT["work_status"]] == "退休"


def test_the_export_reads_the_same_number_of_queries_for_three_people_or_thirty(personas, tmp_path):
    scope = scope_for(personas.officer_a, personas.a)
    with CaptureQueriesContext(connection) as few:
        assert write_roster(tmp_path / "few.xlsx", scope=scope, on=TODAY) == 3
    for n in range(27):
        make_person(personas.a, name=f"张{chr(0x4E00 + n)}")
    with CaptureQueriesContext(connection) as many:
        assert write_roster(tmp_path / "many.xlsx", scope=scope, on=TODAY) == 30
    assert len(many) == len(few) <= 3


def test_a_member_may_not_export_the_roster(personas, tmp_path):
    with pytest.raises(NotFound):
        write_roster(tmp_path / "x.xlsx", scope=scope_for(personas.member_a, personas.a), on=TODAY)
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("who", ["officer_a", "finance_a"])
def test_an_exported_roster_imports_again_without_any_change(personas, tmp_path, who):
    """Masked or not, export → import creates nobody and changes nothing (the importer matches by 会员编号)."""
    retired = make_person(
        personas.a,
        name="刘退",
        female=False,
        birth=dt.date(1964, 5, 1),
        joined_on=dt.date(1990, 9, 1),
        phone="010-12345678",
        political_status="cpc",
        education="bachelor",
        employment_form="established",
        post="教师",
        notes="=1+1 不是公式",
    )
    membership_retain(actor=None, person=retired, on=dt.date(2025, 7, 1), reason=RetainedReason.RETIREMENT)
    make_person(
        personas.a,
        name="阿依古丽·买买提",
        employment_form="dispatched",
        is_migrant_worker=True,
        group=personas.group_a2,
    )
    user = getattr(personas, who)
    path = tmp_path / "roster.xlsx"
    assert write_roster(path, scope=scope_for(user, personas.a), on=TODAY) == 5
    # Finance may not import: the officer imports either file.
    importer = RosterImporter(union=personas.a, actor=personas.officer_a, today=TODAY)
    report = importer.run(path, dry_run=True)
    assert report.errors == []
    assert (report.counts.created, report.counts.updated, report.counts.unchanged) == (0, 0, 5)
    assert [row.action for row in report.rows] == ["unchanged"] * 5
    audit_before, people_before = AuditEvent.objects.count(), Person.objects.count()
    written = importer.run(path, dry_run=False)
    assert (written.counts.created, written.counts.updated) == (0, 0)
    assert (AuditEvent.objects.count(), Person.objects.count()) == (audit_before, people_before)


# ---- the blank template ---------------------------------------------------------------------------


def test_the_template_has_the_header_no_people_and_text_format_for_ids(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["会员名册", "填写说明"]
    sheet = workbook["会员名册"]
    assert [cell.value for cell in sheet[2]] == HEADERS
    assert all(value is None for row in sheet.iter_rows(min_row=3, values_only=True) for value in row)
    id_letter = openpyxl.utils.get_column_letter(AT["id_number"] + 1)
    assert sheet[f"{id_letter}3"].number_format == "@"
    assert sheet[f"{id_letter}{2 + TEMPLATE_TEXT_ROWS}"].number_format == "@"


def test_the_instructions_sheet_lists_every_column_with_its_values(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path)
    sheet = openpyxl.load_workbook(path)["填写说明"]
    rows = list(sheet.iter_rows(values_only=True))
    listed = {row[0]: row for row in rows if row[0] in HEADERS and row[1] in ("必填", "选填")}
    assert list(listed) == HEADERS
    assert listed["姓名"][1] == "必填" and listed["身份证号"][1] == "必填" and listed["民族"][1] == "选填"
    assert listed["性别"][2] == "男、女"
    assert "中共党员" in listed["政治面貌"][2] and "群众" in listed["政治面貌"][2]
    assert "大学本科" in listed["学历"][2]
    assert listed["是否农民工"][2] == "是、否"
    assert "文本" in listed["身份证号"][3]
    example_header = rows.index(tuple(HEADERS))
    assert rows[example_header + 1][AT["name"]] == "张三"


# ---- the new-member notice ------------------------------------------------------------------------


@pytest.fixture
def newcomers(personas):
    a = personas.a
    return {
        "李雷": make_person(
            a, name="李雷", female=False, joined_on=dt.date(2026, 11, 10), phone="13712345678"
        ),
        "丁一": make_person(a, name="丁一", joined_on=dt.date(2026, 11, 3), department=personas.dept_a),
        "田野": make_person(a, name="田野", joined_on=dt.date(2026, 11, 20), phone="13987654321"),
        "周转": make_person(a, name="周转", joined_on=dt.date(2026, 11, 12), join_kind=StartKind.TRANSFER_IN),
        "马早": make_person(a, name="马早", joined_on=dt.date(2026, 10, 1)),
    }


def write_notice(personas, tmp_path: Path, user=None) -> Path:
    path = tmp_path / "notice.docx"
    scope = scope_for(user or personas.officer_a, personas.a)
    write_new_member_notice(
        path, scope=scope, start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 25), signed_on=TODAY
    )
    return path


def all_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(
            archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml")
        )


def test_the_notice_has_the_gb_9704_page(personas, newcomers, tmp_path):
    section = Document(str(write_notice(personas, tmp_path))).sections[0]
    # Stored in twentieths of a point, so Mm(37) comes back as 37.006 mm.
    assert round(section.top_margin.mm, 1) == 37.0
    assert round(section.bottom_margin.mm, 1) == 35.0
    assert round(section.left_margin.mm, 1) == 28.0
    assert round(section.right_margin.mm, 1) == 26.0
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_the_notice_title_is_2hao_xiaobiaosong_and_the_body_3hao_fangsong(personas, newcomers, tmp_path):
    document = Document(str(write_notice(personas, tmp_path)))
    title = document.paragraphs[0]
    assert title.text == "甲校工会新会员名单公示"
    run = title.runs[0]
    assert run.font.size == Pt(22)
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert run._element.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    opening = document.paragraphs[2]
    assert opening.text.startswith("经本人自愿申请")
    assert "拟接收以下3名同志为工会会员" in opening.text
    assert "公示期为2026年11月25日至2026年12月1日（5个工作日）" in opening.text
    assert opening.runs[0].font.size == Pt(16)
    assert opening.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert round(document.styles["Normal"].paragraph_format.line_spacing.pt, 2) == 28.95


def test_the_notice_lists_new_members_in_stroke_order_with_masked_ids_and_no_phones(
    personas, newcomers, tmp_path
):
    path = write_notice(personas, tmp_path)
    table = Document(str(path)).tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert [round(c.width.mm) for c in table.columns] == [14, 30, 16, 44, 52]  # the 156 mm 版心
    assert rows[0] == ["序号", "姓名", "性别", "部门", "身份证号"]
    listed = [newcomers[name] for name in ("丁一", "田野", "李雷")]
    assert rows[1:] == [
        ["1", "丁一", "女", "语文组", mask_id_number(listed[0].id_number)],
        ["2", "田野", "女", "", mask_id_number(listed[1].id_number)],
        ["3", "李雷", "男", "", mask_id_number(listed[2].id_number)],
    ]
    xml = all_xml(path)
    for person in newcomers.values():
        assert person.id_number not in xml
    for phone in ("13712345678", "13987654321"):
        assert phone not in xml and mask_phone(phone) not in xml
    assert "周转" not in xml and "马早" not in xml and "王芳" not in xml


def test_the_care_officer_who_sees_ids_still_gets_them_masked_in_a_notice(personas, newcomers, tmp_path):
    # members.edit is the officer's; care may see full IDs but may not issue a notice.
    with pytest.raises(NotFound):
        write_notice(personas, tmp_path, user=personas.care_a)


def test_the_notice_is_signed_by_the_union_with_the_date_without_leading_zeros(personas, newcomers, tmp_path):
    path = tmp_path / "notice.docx"
    write_new_member_notice(
        path,
        scope=scope_for(personas.officer_a, personas.a),
        start=dt.date(2026, 11, 1),
        end=dt.date(2026, 11, 25),
        signed_on=dt.date(2026, 12, 1),
    )
    paragraphs = [p for p in Document(str(path)).paragraphs if p.text]
    assert [p.text for p in paragraphs[-2:]] == ["甲校工会", "2026年12月1日"]
    date = paragraphs[-1]
    assert date.alignment == 2  # right
    assert date.paragraph_format.right_indent == Pt(64)  # 4 characters of 3号


def test_the_notice_footer_numbers_pages_with_a_page_field_between_dashes(personas, newcomers, tmp_path):
    document = Document(str(write_notice(personas, tmp_path)))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, alignment in ((section.footer, 2), (section.even_page_footer, 0)):
        paragraph = footer.paragraphs[0]
        assert paragraph.text == "— 1 —"
        assert paragraph.alignment == alignment
        assert " PAGE " in paragraph._p.xml
        assert paragraph.runs[0].font.size == Pt(14)


def test_a_notice_needs_new_members_in_the_period(personas, tmp_path):
    with pytest.raises(DomainError, match="没有新发展的会员"):
        write_notice(personas, tmp_path)


def test_the_posting_period_counts_five_working_days():
    assert publication_end(dt.date(2026, 11, 25)) == dt.date(2026, 12, 1)  # Wednesday → Tuesday
    assert publication_end(dt.date(2026, 11, 23)) == dt.date(2026, 11, 27)  # Monday → Friday
    assert publication_end(dt.date(2026, 11, 28)) == dt.date(2026, 12, 4)  # Saturday → Friday


# ---- through the web ------------------------------------------------------------------------------


def download(client, job: Job) -> bytes:
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def post_export(client, user, personas, django_capture_on_commit_callbacks):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:export", kwargs={"code": personas.a.code}))
    job = Job.objects.get(kind="members.roster_export")
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    return job


def test_the_officer_exports_through_the_web_and_downloads_the_roster(
    client, personas, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DATA_DIR = tmp_path
    job = post_export(client, personas.officer_a, personas, django_capture_on_commit_callbacks)
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.result_summary == {"people": 3}
    assert job.result_name.startswith("甲校工会会员名册") and job.result_name.endswith(".xlsx")
    rows = data_rows(openpyxl.load_workbook(io.BytesIO(download(client, job))))
    assert column(rows, "name") == ["王芳", "方明", "石磊"]
    assert column(rows, "id_number") == [p.id_number for p in personas.people_a]


def test_the_web_export_masks_for_the_role_that_asked(
    client, personas, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DATA_DIR = tmp_path
    job = post_export(client, personas.finance_a, personas, django_capture_on_commit_callbacks)
    assert job.status == JobStatus.SUCCEEDED, job.error
    rows = data_rows(openpyxl.load_workbook(io.BytesIO(download(client, job))))
    assert column(rows, "id_number") == [p.id_number_masked for p in personas.people_a]


def test_a_member_posting_the_export_gets_404_and_no_job(client, personas):
    client.force_login(personas.member_a)
    response = client.post(reverse("members:export", kwargs={"code": personas.a.code}))
    assert response.status_code == 404
    assert Job.objects.count() == 0


def test_the_export_only_takes_post(client, personas):
    client.force_login(personas.officer_a)
    assert client.get(reverse("members:export", kwargs={"code": personas.a.code})).status_code == 405
    assert Job.objects.count() == 0


def test_the_list_page_offers_the_export_buttons_to_those_who_may_export(client, personas):
    url = reverse("members:list", kwargs={"code": personas.a.code})
    client.force_login(personas.officer_a)
    page = client.get(url).content.decode()
    assert "导出名册" in page and "下载空白模板" in page and "生成公示" in page
    client.force_login(personas.finance_a)
    page = client.get(url).content.decode()
    assert "导出名册" in page and "生成公示" not in page
    client.force_login(personas.member_a)
    page = client.get(url).content.decode()
    assert "导出名册" not in page and "下载空白模板" not in page


def test_the_template_downloads_directly_with_a_chinese_name(client, personas):
    client.force_login(personas.finance_a)
    response = client.get(reverse("members:template", kwargs={"code": personas.a.code}))
    assert response.status_code == 200
    assert (
        "filename*=utf-8''%E4%BC%9A%E5%91%98%E5%90%8D%E5%86%8C%E6%A8%A1%E6%9D%BF.xlsx"
        in (response["Content-Disposition"])
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["会员名册", "填写说明"]
    client.force_login(personas.member_a)
    assert client.get(reverse("members:template", kwargs={"code": personas.a.code})).status_code == 404


def test_the_officer_builds_the_notice_through_the_web(
    client, personas, newcomers, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DATA_DIR = tmp_path
    client.force_login(personas.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:notice", kwargs={"code": personas.a.code}),
            {"from": "2026-11-01", "to": "2026-11-25", "signed": "2026-11-25"},
        )
    job = Job.objects.get(kind="members.new_member_notice")
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.result_name == "甲校工会新会员名单公示20261125.docx"
    document = Document(io.BytesIO(download(client, job)))
    assert [row.cells[1].text for row in document.tables[0].rows[1:]] == ["丁一", "田野", "李雷"]


def test_the_notice_form_rejects_a_missing_date_without_a_job(client, personas):
    client.force_login(personas.officer_a)
    response = client.post(
        reverse("members:notice", kwargs={"code": personas.a.code}), {"from": "2026-11-01", "to": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("members:list", kwargs={"code": personas.a.code})
    assert Job.objects.count() == 0


def test_finance_may_not_post_the_notice(client, personas):
    client.force_login(personas.finance_a)
    response = client.post(
        reverse("members:notice", kwargs={"code": personas.a.code}),
        {"from": "2026-11-01", "to": "2026-11-25", "signed": "2026-11-25"},
    )
    assert response.status_code == 404
    assert Job.objects.count() == 0


# ---- the command line -----------------------------------------------------------------------------


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("export", *args, stdout=out)
    return out.getvalue()


def test_the_cli_exports_as_the_system_operator_with_full_ids(personas, tmp_path):
    path = tmp_path / "roster.xlsx"
    assert run("members", "--union", "scha", "-o", str(path)) == f"已导出3人到 {path}\n"
    rows = data_rows(openpyxl.load_workbook(path))
    assert column(rows, "id_number") == [p.id_number for p in personas.people_a]


def test_the_system_operator_has_no_password_and_no_role(personas):
    scope = system_scope(personas.a)
    assert scope.roles == {"officer"}
    assert scope.user.username == SYSTEM_USERNAME
    assert not scope.user.has_usable_password()
    with pytest.raises(NotFound):
        scope_for(scope.user, personas.a)


def test_the_cli_masks_for_the_user_given_with_as(personas, tmp_path):
    path = tmp_path / "roster.xlsx"
    run("members", "--union", "SCHA", "-o", str(path), "--as", "finance_a")
    rows = data_rows(openpyxl.load_workbook(path))
    assert column(rows, "id_number") == [p.id_number_masked for p in personas.people_a]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--union", "NOPE"), "未找到简码为「NOPE」的工会"),
        (("--union", "SCHA", "--as", "officer_b"), "用户「officer_b」在该工会没有角色"),
        (("--union", "SCHA", "--as", "nobody"), "未找到用户「nobody」"),
        (("--union", "SCHA", "--as", "member_a"), "用户「member_a」无权执行这项导出"),
        (("--union", "SCHA", "--notice", "--from", "2026-11-01"), "--from 和 --to"),
    ],
)
def test_the_cli_refuses_with_exit_code_2(personas, tmp_path, args, message):
    path = tmp_path / "roster.xlsx"
    with pytest.raises(CommandError, match=message) as refused:
        run("members", "-o", str(path), *args)
    assert refused.value.returncode == 2
    assert not path.exists()


def test_the_cli_writes_the_template_and_the_notice(personas, newcomers, tmp_path):
    template = tmp_path / "模板.xlsx"
    assert run("members", "--template", "-o", str(template)) == f"已导出空白名册模板到 {template}\n"
    assert openpyxl.load_workbook(template).sheetnames == ["会员名册", "填写说明"]
    notice = tmp_path / "公示.docx"
    output = run(
        "members", "--union", "SCHA", "--notice", "--from", "2026-11-01", "--to", "2026-11-25",
        "--signed", "2026-11-25", "-o", str(notice),
    )  # fmt: skip
    assert output == f"已生成新会员名单公示（3人）到 {notice}\n"
    assert "2026年11月25日" in all_xml(notice)
