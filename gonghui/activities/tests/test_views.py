import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.activities import services
from gonghui.activities.models import Activity, Attendance, Honour, Photo, Registration
from gonghui.activities.photo_files import jpeg_with_capture_date
from gonghui.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name: str, **kwargs) -> str:
    return reverse(f"activities:{name}", kwargs=kwargs)


def upcoming(personas, **fields) -> Activity:
    values = {
        "kind": "文体活动",
        "title": "园丁杯羽毛球赛",
        "starts_on": timezone.localdate() + dt.timedelta(days=10),
        "start_time": dt.time(15, 40),
        "edition": 6,
    }
    values.update(fields)
    return services.activity_create(actor=None, union=personas.a, **values)


def held(personas) -> Activity:
    return services.activity_create(
        actor=None,
        union=personas.a,
        kind="节日活动",
        title="三八节女教职工健步走",
        starts_on=dt.date(2026, 3, 8),
        start_time=dt.time(8, 30),
        audience="all_members",
    )


def test_a_member_sees_only_my_activities(personas):
    activity = upcoming(personas)
    client = client_for(personas.member_a)
    code = personas.a.code
    for name, kwargs in (
        ("list", {}),
        ("create", {}),
        ("participation", {}),
        ("honours", {}),
        ("model_workers", {}),
        ("settings", {}),
        ("detail", {"activity_id": activity.pk}),
        ("session", {"session_id": activity.sessions.get().pk}),
    ):
        assert client.get(url(name, code=code, **kwargs)).status_code == 404, name
    page = client.get(url("mine", code=code))
    assert page.status_code == 200
    text = page.content.decode()
    assert "园丁杯羽毛球赛（第六届）" in text and "报名" in text
    assert "活动记录" not in text  # not in the navigation either


def test_a_member_signs_up_and_withdraws_for_themselves(personas):
    activity = upcoming(personas)
    client = client_for(personas.member_a)
    me = personas.people_a[1]
    response = client.post(
        url("mine_signup", code=personas.a.code, activity_id=activity.pk), {"action": "signup"}
    )
    assert response.status_code == 302
    registration = Registration.objects.get(activity=activity)
    assert (registration.person, registration.via) == (me, "self")
    client.post(url("mine_signup", code=personas.a.code, activity_id=activity.pk), {"action": "withdraw"})
    assert Registration.objects.filter(activity=activity).count() == 0


def test_my_activities_show_own_attendance_and_study_hours(personas):
    training = services.activity_create(
        actor=None,
        union=personas.a,
        kind="学习/培训",
        title="工会法专题学习会",
        starts_on=dt.date(2026, 9, 25),
        start_time=dt.time(16, 0),
        training_hours="2.5",
        audience="all_members",
    )
    services.attendance_set(actor=None, session=training.sessions.get(), persons=personas.people_a[:2])
    text = client_for(personas.member_a).get(url("mine", code=personas.a.code)).content.decode()
    assert "工会法专题学习会" in text
    assert "2026年 2.5 学时" in text


def test_an_officer_of_another_union_gets_404_on_this_unions_activity(personas):
    activity = held(personas)
    client = client_for(personas.officer_b)
    before = Attendance.objects.count(), AuditEvent.objects.count()
    for code in (personas.a.code, personas.b.code):
        assert client.get(url("detail", code=code, activity_id=activity.pk)).status_code == 404
        session = activity.sessions.get()
        response = client.post(
            url("session", code=code, session_id=session.pk),
            {"action": "all_except", "all_except-numbers": ""},
        )
        assert response.status_code == 404
    assert (Attendance.objects.count(), AuditEvent.objects.count()) == before


def test_finance_reads_the_records_but_cannot_change_them(personas):
    activity = held(personas)
    session = activity.sessions.get()
    client = client_for(personas.finance_a)
    assert client.get(url("detail", code=personas.a.code, activity_id=activity.pk)).status_code == 200
    assert client.get(url("session", code=personas.a.code, session_id=session.pk)).status_code == 200
    response = client.post(
        url("session", code=personas.a.code, session_id=session.pk),
        {"action": "all_except", "all_except-numbers": ""},
    )
    assert response.status_code == 404
    assert Attendance.objects.count() == 0


def test_an_officer_records_an_activity_and_its_attendance_through_the_pages(personas):
    client = client_for(personas.officer_a)
    code = personas.a.code
    response = client.post(
        url("create", code=code),
        {
            "kind": "节日活动",
            "title": "三八节女教职工健步走",
            "starts_on": "2026-03-08",
            "start_time": "08:30",
            "end_time": "11:30",
            "place": "城北湿地公园",
            "role": "host",
            "audience": "all_members",
            "edition_unit": "届",
            "planned_budget": "2000.50",
            "co_organisers": "女职委",
            "is_highlight": "on",
        },
    )
    activity = Activity.objects.get(union=personas.a)
    assert response.status_code == 302 and response["Location"] == url(
        "detail", code=code, activity_id=activity.pk
    )
    assert (activity.planned_budget_fen, activity.is_highlight, activity.kind.name) == (
        200050,
        True,
        "节日活动",
    )
    session = activity.sessions.get()
    session_url = url("session", code=code, session_id=session.pk)

    page = client.get(session_url).content.decode()
    assert "全部出席，除了：" in page

    client.post(session_url, {"action": "all_except", "all_except-numbers": "2"})
    # The sheet in stroke order: 王芳 1, 方明 2, 石磊 3.
    assert sorted(
        Attendance.objects.filter(session=session).values_list("person__name", flat=True)
    ) == sorted(["王芳", "石磊"])

    response = client.post(session_url, {"action": "names", "names-names": "方明、张三"})
    assert response.status_code == 200
    assert "以下姓名不在本工会会员中：张三" in response.content.decode()
    assert Attendance.objects.filter(session=session).count() == 2

    client.post(session_url, {"action": "guests", "guests-kind": "family", "guests-names": "小明"})
    detail = client.get(url("detail", code=code, activity_id=activity.pk)).content.decode()
    assert "会员 2 人、2 人次" in detail and "共 3 人、3 人次" in detail


def test_an_officer_uploads_a_photo_and_sees_the_date_warning(personas):
    activity = held(personas)
    client = client_for(personas.officer_a)
    upload = SimpleUploadedFile(
        "a.jpg", jpeg_with_capture_date(dt.date(2026, 3, 9)), content_type="image/jpeg"
    )
    response = client.post(
        url("detail", code=personas.a.code, activity_id=activity.pk),
        {"action": "photo", "photo-image": upload, "photo-caption": "终点合影"},
        follow=True,
    )
    assert "照片拍摄日期（2026年3月9日）与活动日期（2026年3月8日）不一致" in response.content.decode()
    photo = Photo.objects.get()
    served = client.get(url("photo", code=personas.a.code, photo_id=photo.pk))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content).startswith(b"\xff\xd8\xff")
    assert (
        client_for(personas.officer_b).get(url("photo", code=personas.b.code, photo_id=photo.pk)).status_code
        == 404
    )


def test_the_officer_pages_render(personas):
    activity = held(personas)
    services.attendance_set(actor=None, session=activity.sessions.get(), persons=personas.people_a)
    services.honour_add(
        actor=None,
        union=personas.a,
        title="先进工作者",
        level="city",
        issuer="市人民政府",
        awarded_on=dt.date(2026, 4, 28),
        person=personas.people_a[0],
    )
    client = client_for(personas.officer_a)
    code = personas.a.code
    for name in ("list", "create", "participation", "honours", "model_workers", "settings"):
        response = client.get(url(name, code=code) + "?year=2026")
        assert response.status_code == 200, name
    assert "三八节女教职工健步走" in client.get(url("list", code=code) + "?year=2026").content.decode()
    assert "王芳" in client.get(url("model_workers", code=code)).content.decode()
    assert "第一工会小组" in client.get(url("participation", code=code) + "?year=2026").content.decode()


def test_an_officer_adds_an_honour_and_a_care_log(personas):
    client = client_for(personas.officer_a)
    code = personas.a.code
    client.post(
        url("honours", code=code),
        {
            "action": "honour",
            "honour-title": "先进工作者",
            "honour-level": "city",
            "honour-person": personas.people_a[0].pk,
            "honour-issuer": "市人民政府",
            "honour-awarded_on": "2026-04-28",
        },
    )
    assert Honour.objects.get().person == personas.people_a[0]
    client.post(
        url("model_workers", code=code),
        {
            "action": "care",
            "care-person": personas.people_a[0].pk,
            "care-on": "2026-05-01",
            "care-note": "五一座谈",
        },
    )
    assert "五一座谈" in client.get(url("model_workers", code=code)).content.decode()


def test_a_group_leader_has_my_activities_too(personas):
    assert client_for(personas.leader_a).get(url("mine", code=personas.a.code)).status_code == 200
    assert client_for(personas.officer_a).get(url("mine", code=personas.a.code)).status_code == 404


def test_an_officer_edits_an_activity_and_the_change_is_audited(personas):
    activity = held(personas)
    client = client_for(personas.officer_a)
    form = client.get(url("edit", code=personas.a.code, activity_id=activity.pk)).context["form"]
    data = {key: value for key, value in form.initial.items() if value not in (None, "")}
    data.update(
        effect_note="女教职工反映活动安排贴心",
        departments=[personas.dept_a.pk],
        is_highlight="on",
        planned_budget="800",
    )
    data.pop("is_training", None)
    response = client.post(url("edit", code=personas.a.code, activity_id=activity.pk), data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.effect_note, activity.planned_budget_fen, activity.is_highlight) == (
        "女教职工反映活动安排贴心",
        80000,
        True,
    )
    assert [d.name for d in activity.departments.all()] == ["语文组"]
    event = AuditEvent.objects.filter(object_type="activities.Activity", event_type="update").get()
    assert event.after["departments"] == ["语文组"] and event.before["planned_budget_fen"] is None


@pytest.mark.parametrize("n", [2, 8])
def test_the_activity_list_is_one_query_whatever_its_length(personas, n, django_assert_num_queries):
    from gonghui.accounts.scope import scope_for
    from gonghui.activities.selectors import activity_list_for

    for index in range(n):
        act = services.activity_create(
            actor=None,
            union=personas.a,
            kind="文体活动",
            title=f"活动{index}",
            starts_on=dt.date(2026, 3, 1 + index),
            start_time=dt.time(15, 40),
            audience="all_members",
        )
        services.attendance_set(actor=None, session=act.sessions.get(), persons=personas.people_a)
        services.result_add(actor=None, activity=act, level="county", title="团体第二名", is_team=True)
        services.result_add(
            actor=None, activity=act, level="unit", title="一等奖", persons=personas.people_a[:1]
        )
    scope = scope_for(personas.officer_a, personas.a)
    with django_assert_num_queries(1):
        rows = list(activity_list_for(scope, year=2026))
    assert [(r.session_count, r.persons, r.person_times, r.result_count) for r in rows] == [(1, 3, 3, 2)] * n
