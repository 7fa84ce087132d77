"""Recording a 300-person attendance takes under a minute: 全部出席，除了 5, 17, 23 in a few interactions."""

import datetime as dt
import time

import pytest
from django.contrib.auth import get_user_model

from gonghui.accounts.services import role_grant
from gonghui.activities import services as activities
from gonghui.activities.models import Attendance, ExpectedAttendee
from gonghui.core.idnumbers import make_id_number
from gonghui.members.services import person_register
from gonghui.testing.factories import make_union

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZE = 300
ABSENT = (5, 17, 23)
MAX_INTERACTIONS = 10
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def _school_of_300():
    union = make_union(code="BIG", name="清河县实验中学工会")
    today = dt.date.today()
    for index in range(SIZE):
        female = index % 2 == 0
        person_register(
            actor=None,
            union=union,
            name=SURNAMES[index % len(SURNAMES)] + GIVEN[index // len(SURNAMES) % len(GIVEN)],
            id_number=make_id_number(
                "110105", dt.date(1970, 1, 1) + dt.timedelta(days=index), 2 if female else 1
            ),
            joined_on=dt.date(2015, 9, 1),
            today=today,
        )
    officer = get_user_model().objects.create_user(username="chair", password="pw-chair")
    role_grant(actor=None, user=officer, union=union, role="officer")
    activity = activities.activity_create(
        actor=None,
        union=union,
        kind="学习/培训",
        title="全体教职工政治理论学习",
        starts_on=today,
        start_time=dt.time(15, 30),
        audience="all_members",
    )
    return union, activity.sessions.get()


def test_a_300_person_attendance_is_recorded_in_a_few_interactions(browser, live_server, artifacts):
    union, session = _school_of_300()
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    interactions = 0

    def act(kind: str, *args: str) -> None:
        nonlocal interactions
        interactions += 1
        getattr(page, kind)(*args)

    started = time.monotonic()
    act("goto", f"{live_server.url}/login/")
    act("fill", "#id_username", "chair")
    act("fill", "#id_password", "pw-chair")
    act("click", "button[type=submit]")
    page.wait_for_url(f"{live_server.url}/u/{union.code}/")
    act("goto", f"{live_server.url}/u/{union.code}/activities/sessions/{session.pk}/")
    act("fill", "#id_all_except-numbers", ", ".join(str(n) for n in ABSENT))
    act("click", "#all_except button[type=submit]")
    page.wait_for_selector("text=本场出席")
    message = page.locator("text=已登记").first.inner_text()
    checked = page.locator("input[name=present]:checked").count()
    unchecked_rows = page.locator("tr:has(input[name=present]:not(:checked)) td.num").all_inner_texts()
    elapsed = time.monotonic() - started
    page.screenshot(path=str(artifacts / "attendance.png"), full_page=False)
    page.close()

    assert interactions <= MAX_INTERACTIONS
    assert elapsed < 60, f"the browser part took {elapsed:.1f} s"
    assert f"本场出席{SIZE - len(ABSENT)}人" in message
    assert checked == SIZE - len(ABSENT)
    assert sorted(int(n) for n in unchecked_rows) == list(ABSENT)

    present = set(Attendance.objects.filter(session=session).values_list("person_id", flat=True))
    assert len(present) == SIZE - len(ABSENT)
    sheet = {line.number: line.person_id for line in ExpectedAttendee.objects.filter(session=session)}
    assert len(sheet) == SIZE
    assert all(sheet[n] not in present for n in ABSENT)
    assert all(person_id in present for n, person_id in sheet.items() if n not in ABSENT)
