"""Back-fill of past activities with attendance: all rows checked first, nothing half-written."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from gonghui.accounts.scope import ActorScope
from gonghui.activities import services
from gonghui.activities.backfill import backfill_import, parse_time
from gonghui.activities.models import Activity, Attendance, AttendanceMethod, Photo, Session
from gonghui.activities.photo_files import jpeg_with_capture_date
from gonghui.core.models import AuditEvent
from gonghui.testing.factories import make_person

pytestmark = pytest.mark.django_db

HEADER = ["活动名称", "活动类型", "日期", "开始时间", "地点", "姓名", "部门", "参加者类别", "学时"]
GOOD: list[list[object]] = [
    ["三八节健步走", "节日活动", dt.date(2025, 3, 8), "08:30", "城北湿地公园", "王芳", "", "", ""],
    ["三八节健步走", "节日活动", dt.date(2025, 3, 8), "08:30", "城北湿地公园", "方明", "", "会员", ""],
    ["三八节健步走", "节日活动", dt.date(2025, 3, 8), "08:30", "城北湿地公园", "石磊", "", "", ""],
    ["三八节健步走", "节日活动", dt.date(2025, 3, 8), "08:30", "城北湿地公园", "王小芳", "", "家属", ""],
    ["读书会", "学习/培训", "2025/4/10", "14:30", "图书馆", "王芳", "", "", "2"],
    ["读书会", "学习/培训", "2025年4月10日", "14:30", "图书馆", "田静", "", "", "2"],
    ["读书会", "学习/培训", "2025-04-10", "16:00", "图书馆", "王芳", "", "", "1.5"],
]


def scope_of(union) -> ActorScope:
    return ActorScope(None, union, frozenset({"officer"}), frozenset(), None, None)


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["清河县第一中学工会2025年1—5月活动补录"])
    sheet.merge_cells("A1:I1")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def csv_file(path: Path, rows: list[list[object]], encoding: str = "utf-8-sig") -> Path:
    lines = ["活动补录表", ",".join(HEADER)] + [",".join(str(cell) for cell in row) for row in rows]
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


def counts() -> tuple[int, int, int, int]:
    return (
        Activity.objects.count(),
        Session.objects.count(),
        Attendance.objects.count(),
        AuditEvent.objects.count(),
    )


def test_a_good_file_creates_the_activities_sessions_and_exactly_its_attendance(school, tmp_path):
    path = xlsx(tmp_path / "补录.xlsx", GOOD)
    report = backfill_import(scope=scope_of(school.union), path=path, dry_run=False)
    assert report.ok and report.written, report.issues
    assert (report.rows, report.activities_created, report.sessions_created, report.attendance_added) == (
        7,
        2,
        3,
        7,
    )
    walk = Activity.objects.get(title="三八节健步走")
    assert (walk.starts_on, walk.place, walk.kind.name) == (dt.date(2025, 3, 8), "城北湿地公园", "节日活动")
    reading = Activity.objects.get(title="读书会")
    assert reading.is_training
    sessions = list(reading.sessions.order_by("number"))
    assert [(s.day, s.label) for s in sessions] == [
        (dt.date(2025, 4, 10), "第1场"),
        (dt.date(2025, 4, 10), "第2场"),
    ]
    assert [s.hours for s in sessions] == [Decimal("2.0"), Decimal("1.5")]
    rows = Attendance.objects.filter(union=school.union)
    assert rows.count() == 7  # person-times = rows of the file
    persons = {row.person_id or row.guest_name for row in rows}
    assert len(persons) == 5  # 王芳 (three times), 方明, 石磊, 田静, and 王小芳 as a family member
    assert {row.method for row in rows} == {AttendanceMethod.IMPORT}
    guest = rows.get(person__isnull=True)
    assert (guest.guest_name, guest.attendee_kind) == ("王小芳", "family")
    assert AuditEvent.objects.filter(union_id=school.union.pk).exists()


def test_a_dry_run_reports_the_same_counts_and_writes_nothing(school, tmp_path):
    before = counts()
    report = backfill_import(scope=scope_of(school.union), path=xlsx(tmp_path / "a.xlsx", GOOD), dry_run=True)
    assert report.ok and not report.written
    assert (report.activities_created, report.sessions_created, report.attendance_added) == (2, 3, 7)
    assert counts() == before


def test_three_bad_rows_are_reported_with_their_row_numbers_and_nothing_is_written(school, tmp_path):
    rows = [list(row) for row in GOOD]
    rows[0][1] = "联欢会"  # Excel row 3: unknown kind
    rows[2][2] = "2025-13-40"  # row 5: no such date
    rows[4][5] = "查无此人"  # row 7: not in the union
    before = counts()
    path = csv_file(tmp_path / "补录.csv", rows, encoding="gb18030")
    report = backfill_import(scope=scope_of(school.union), path=path, dry_run=False)
    assert not report.ok and not report.written
    assert [(issue.row, issue.header) for issue in report.errors] == [
        (3, "活动类型"),
        (5, "日期"),
        (7, "姓名"),
    ]
    assert "未知的活动类型：可用的有" in report.errors[0].message and "节日活动" in report.errors[0].message
    assert str(report.errors[2]).startswith("第7行 姓名「查无此人」：")
    assert counts() == before


def test_the_same_file_twice_does_not_duplicate_attendance(school, tmp_path):
    path = xlsx(tmp_path / "补录.xlsx", GOOD)
    backfill_import(scope=scope_of(school.union), path=path, dry_run=False)
    before = counts()[:3]
    again = backfill_import(scope=scope_of(school.union), path=path, dry_run=False)
    assert again.ok and again.written
    assert (
        again.activities_created,
        again.activities_reused,
        again.sessions_created,
        again.sessions_reused,
    ) == (
        0,
        2,
        0,
        3,
    )
    assert (again.attendance_added, again.attendance_existing) == (0, 7)
    assert all(issue.message.startswith("已存在") for issue in again.warnings)
    assert counts()[:3] == before


def test_a_namesake_needs_a_department(school, tmp_path):
    make_person(school.union, name="王芳", group=school.groups[1], joined_on=dt.date(2021, 9, 1), female=True)
    rows = [["读书会", "学习/培训", "2025-04-10", "", "", "王芳", "", "", ""]]
    report = backfill_import(
        scope=scope_of(school.union), path=csv_file(tmp_path / "a.csv", rows), dry_run=True
    )
    assert [(i.row, i.header, i.message) for i in report.errors] == [(3, "姓名", "有重名：请填写部门")]
    rows[0][6] = school.groups[1].name
    report = backfill_import(
        scope=scope_of(school.union), path=csv_file(tmp_path / "b.csv", rows), dry_run=False
    )
    assert report.ok, report.issues
    assert Attendance.objects.get().person.group == school.groups[1]


def test_times_are_read_as_people_write_them():
    assert parse_time("14:30") == parse_time("14：30") == parse_time("14点30") == dt.time(14, 30)
    assert parse_time(0.5) == dt.time(12, 0)
    with pytest.raises(ValueError):
        parse_time("下午")


def test_the_web_door_checks_then_imports(personas, tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"
    client = Client()
    client.force_login(personas.officer_a)
    url = reverse("activities:backfill", kwargs={"code": personas.a.code})
    name = personas.people_a[0].name
    rows = [["迎新年长跑", "文体活动", "2025-01-05", "09:00", "操场", name, "", "", ""]]
    data = csv_file(tmp_path / "补录.csv", rows).read_bytes()
    page = client.post(url, {"action": "check", "file": SimpleUploadedFile("补录.csv", data)})
    assert page.status_code == 200
    text = page.content.decode()
    assert "确认导入" in text and Attendance.objects.count() == 0
    token = re.search(r'name="token" value="([0-9a-f]{32})"', text)
    assert token is not None
    assert client.post(url, {"action": "import", "token": "../../etc"}).status_code == 404
    done = client.post(url, {"action": "import", "token": token.group(1)})
    assert done.status_code == 302
    assert Attendance.objects.get().person == personas.people_a[0]


def test_a_large_png_is_kept_as_a_small_jpeg(school):
    activity = services.activity_create(
        actor=None, union=school.union, kind="节日活动", title="健步走", starts_on=dt.date(2025, 3, 8)
    )
    out = io.BytesIO()
    Image.new("RGBA", (4000, 3000), (10, 200, 30, 128)).save(out, format="PNG")
    photo = services.photo_add(actor=None, activity=activity, content=out.getvalue())
    stored = Image.open(photo.image.open("rb"))
    assert stored.format == "JPEG" and max(stored.size) <= 1600 and stored.size == (1600, 1200)
    assert photo.content_type == "image/jpeg" and photo.image.name.endswith(".jpg")


def test_gps_is_stripped_and_the_capture_date_kept(school):
    activity = services.activity_create(
        actor=None, union=school.union, kind="节日活动", title="健步走", starts_on=dt.date(2025, 3, 8)
    )
    content = jpeg_with_capture_date(dt.date(2025, 3, 8), gps=True)
    assert Image.open(io.BytesIO(content)).getexif().get_ifd(0x8825)  # the upload has a GPS block
    photo = services.photo_add(actor=None, activity=activity, content=content)
    photo = Photo.objects.get(pk=photo.pk)
    assert (photo.taken_on, photo.taken_on_from_exif) == (dt.date(2025, 3, 8), True)
    stored = photo.image.open("rb").read()
    assert b"Exif" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()
