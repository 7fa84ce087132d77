"""Quick attendance: the printable sign-in sheet (.docx) and QR check-in without an account."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document

from gonghui.activities import services
from gonghui.activities.checkin_throttle import TOO_MANY
from gonghui.activities.models import Attendance, ExpectedAttendee, Session
from gonghui.activities.services import CHECK_IN_NOT_MATCHED

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def session_now(union, *, title: str = "教职工气排球赛", ends_in: dt.timedelta | None = None) -> Session:
    """An activity for all members with one session that started ten minutes ago."""
    activity = services.activity_create(
        actor=None,
        union=union,
        kind="文体活动",
        title=title,
        starts_on=timezone.localdate(),
        start_time=dt.time(9, 0),
        audience="all_members",
        place="学校体育馆",
    )
    now = timezone.now()
    return services.session_update(
        actor=None,
        session=activity.sessions.get(),
        starts_at=now - dt.timedelta(minutes=10),
        ends_at=now + (ends_in or dt.timedelta(hours=1)),
    )


def checkin_url(session: Session) -> str:
    return reverse("activities:checkin", kwargs={"token": services.session_checkin_token(session)})


def check_in(client: Client, session: Session, name: str, digits: str) -> str:
    url = checkin_url(session)
    client.get(url)  # the page sets the session cookie the rate limit counts by
    return client.post(url, {"name": name, "phone_last4": digits}).content.decode()


# ---- the printed sheet -----------------------------------------------------------------------------


def test_the_sheet_lists_the_expected_people_in_their_numbers_and_nothing_private(personas):
    session = session_now(personas.a)
    code = personas.a.code
    url = reverse(
        "activities:sheet",
        kwargs={"code": code, "activity_id": session.activity_id, "session_id": session.pk},
    )
    response = client_for(personas.officer_a).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    content = b"".join(response.streaming_content)

    expected = list(ExpectedAttendee.objects.filter(session=session).order_by("number"))
    assert expected, "printing the sheet freezes the session's expected list"
    document = Document(io.BytesIO(content))
    assert document.paragraphs[0].text == f"{session.activity.display_title}签到表"
    assert "学校体育馆" in document.paragraphs[1].text
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == ["序号", "姓名", "部门", "签名"]
    rows = [(row.cells[0].text, row.cells[1].text) for row in table.rows[1:]]
    assert rows == [(str(line.number), line.person.name) for line in expected]

    xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()
    assert 'w:eastAsia="仿宋_GB2312"' in xml
    assert 'w:eastAsia="zh-CN"' in xml
    assert "<w:tblHeader" in xml
    for person in personas.people_a:
        assert person.id_number not in xml
        assert person.id_number[-4:] not in xml
        if person.phone:
            assert person.phone not in xml
            assert person.phone[-4:] not in xml
    assert not re.search(r"\d{11}", xml.replace("w:", "")), "no phone-like numbers in the document"


def test_the_session_page_links_the_sheet_and_the_qr_code(personas):
    session = session_now(personas.a)
    page = client_for(personas.officer_a).get(
        reverse("activities:session", kwargs={"code": personas.a.code, "session_id": session.pk})
    )
    text = page.content.decode()
    assert f"/sessions/{session.pk}/sheet.docx" in text
    assert f"/sessions/{session.pk}/qr/" in text


def test_a_member_cannot_print_the_sheet_or_open_the_qr_code(personas):
    session = session_now(personas.a)
    client = client_for(personas.member_a)
    for name in ("sheet", "qr"):
        kwargs = {"code": personas.a.code, "activity_id": session.activity_id, "session_id": session.pk}
        assert client.get(reverse(f"activities:{name}", kwargs=kwargs)).status_code == 404
    session.refresh_from_db()
    assert session.expected_frozen_at is None
    assert session.checkin_token is None


# ---- QR check-in -----------------------------------------------------------------------------------


def test_the_qr_page_shows_a_code_for_the_public_check_in_page(personas):
    session = session_now(personas.a)
    kwargs = {"code": personas.a.code, "activity_id": session.activity_id, "session_id": session.pk}
    text = client_for(personas.officer_a).get(reverse("activities:qr", kwargs=kwargs)).content.decode()
    assert "<svg" in text
    session.refresh_from_db()
    assert session.checkin_token
    assert f"http://testserver/checkin/{session.checkin_token}/" in text
    assert services.session_checkin_token(session) == session.checkin_token  # made once, then kept


def test_a_check_in_with_name_and_last_four_digits_records_qr_attendance(personas):
    session = session_now(personas.a)
    page = Client().get(checkin_url(session))
    assert page.status_code == 200
    assert "手机号后四位" in page.content.decode()
    text = check_in(Client(), session, "王芳", "8000")
    assert "签到成功" in text
    rows = list(Attendance.objects.filter(session=session))
    assert [(row.person, row.method) for row in rows] == [(personas.people_a[0], "qr")]


def test_wrong_digits_and_an_unknown_name_get_the_same_message_and_write_nothing(personas):
    session = session_now(personas.a)
    wrong_digits = check_in(Client(), session, "王芳", "1234")
    unknown_name = check_in(Client(), session, "查无此人", "8000")
    no_phone = check_in(Client(), session, "方明", "0000")  # a member with no phone on record
    for text in (wrong_digits, unknown_name, no_phone):
        assert CHECK_IN_NOT_MATCHED in text
        assert "13800138000" not in text
    assert Attendance.objects.filter(session=session).count() == 0


def test_outside_the_window_the_check_in_is_refused_with_the_times(personas):
    session = session_now(personas.a)
    start = timezone.now() + dt.timedelta(hours=2)
    session = services.session_update(actor=None, session=session, starts_at=start, ends_at=None)
    text = check_in(Client(), session, "王芳", "8000")
    opens = timezone.localtime(start - dt.timedelta(minutes=30))
    closes = timezone.localtime(start + dt.timedelta(hours=4))
    assert f"签到时间为{opens.month}月{opens.day}日 {opens:%H:%M}至{closes:%H:%M}" in text
    assert Attendance.objects.filter(session=session).count() == 0


def test_union_bs_code_cannot_record_a_person_of_union_a(personas):
    session_b = session_now(personas.b, title="乙校气排球赛")
    text = check_in(Client(), session_b, "王芳", "8000")
    assert CHECK_IN_NOT_MATCHED in text
    assert Attendance.objects.count() == 0
    assert "签到成功" in check_in(Client(), session_b, "乙校教师", "9000")


def test_a_second_check_in_says_already_signed_and_keeps_one_row(personas):
    session = session_now(personas.a)
    client = Client()
    check_in(client, session, "王芳", "8000")
    assert "您已签到" in check_in(client, session, "王芳", "8000")
    assert "您已签到" in check_in(Client(), session, "王芳", "8000")
    assert Attendance.objects.filter(session=session).count() == 1


def test_after_five_failures_the_browser_is_refused_for_a_while(personas):
    session = session_now(personas.a)
    client = Client()
    for _ in range(5):
        assert CHECK_IN_NOT_MATCHED in check_in(client, session, "王芳", "0000")
    assert TOO_MANY in check_in(client, session, "王芳", "8000")
    assert Attendance.objects.filter(session=session).count() == 0
    assert "签到成功" in check_in(Client(), session, "王芳", "8000")  # another phone is not held up


def test_an_unknown_code_is_refused(personas):
    for url in (reverse("activities:checkin"), reverse("activities:checkin", kwargs={"token": "nope"})):
        response = Client().get(url)
        assert response.status_code == 404
        assert "签到码无效" in response.content.decode()
