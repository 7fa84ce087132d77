import datetime as dt
from decimal import Decimal

import pytest

from gonghui.activities import services
from gonghui.activities.attendance_entry import parse_sheet_numbers, split_names
from gonghui.activities.counting import attendance_rows, totals
from gonghui.activities.errors import NamesNotResolved
from gonghui.activities.models import (
    Activity,
    Attendance,
    AttendanceMethod,
    AttendeeKind,
    ExpectedAttendee,
    Session,
)
from gonghui.core.errors import DomainError
from gonghui.core.models import AuditEvent
from gonghui.members.services import membership_retain
from gonghui.testing.factories import make_person

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 3, 8)
TODAY = dt.date(2025, 3, 1)


def whole_school_activity(school, **fields) -> Activity:
    values = {
        "kind": "节日活动",
        "title": "三八节女教职工健步走",
        "starts_on": DAY,
        "start_time": dt.time(8, 30),
        "audience": "all_members",
    }
    values.update(fields)
    return services.activity_create(actor=None, union=school.union, **values)


def present(session: Session) -> set[str]:
    return {row.attendee_name for row in Attendance.objects.filter(session=session).select_related("person")}


def test_all_present_except_three_numbers_on_a_thirty_person_sheet(school):
    activity = whole_school_activity(school)
    session = activity.sessions.get()

    change = services.attendance_record_all_except(actor=None, session=session, numbers="5, 17, 23")

    ordered = school.in_stroke_order
    absent = {ordered[4].name, ordered[16].name, ordered[22].name}
    assert change.total == 27
    assert len(change.added) == 27
    assert change.absent == [ordered[4].name, ordered[16].name, ordered[22].name]
    assert present(session) == {p.name for p in school.people} - absent
    sheet = list(ExpectedAttendee.objects.filter(session=session).order_by("number"))
    assert [line.number for line in sheet] == list(range(1, 31))
    assert [line.person_id for line in sheet] == [p.pk for p in ordered]
    assert set(Attendance.objects.filter(session=session).values_list("method", flat=True)) == {
        AttendanceMethod.SHEET_NUMBERS
    }


def test_the_sheet_numbers_follow_the_official_stroke_order(school):
    session = whole_school_activity(school).sessions.get()
    sheet = services.session_expected_freeze(actor=None, session=session)
    names = [line.person.name for line in sheet]
    # 乙 (1 stroke), then the 2-stroke 丁 七 卜; 王 before 方, 石 before 白 (stroke order, not radical).
    assert names[:4] == ["乙君", "丁一", "七巧", "卜凡"]
    assert names.index("王芳") < names.index("方明")
    assert names.index("石磊") < names.index("白雪")
    assert names.index("田静") < names.index("史强")


def test_a_number_not_on_the_sheet_is_refused_and_nothing_is_recorded(school):
    session = whole_school_activity(school).sessions.get()
    with pytest.raises(DomainError) as refused:
        services.attendance_record_all_except(actor=None, session=session, numbers="5, 31")
    assert refused.value.message == "第31号不在签到表上（共30人）"
    assert Attendance.objects.filter(session=session).count() == 0


def test_entering_the_numbers_again_corrects_the_earlier_entry(school):
    session = whole_school_activity(school).sessions.get()
    services.attendance_record_all_except(actor=None, session=session, numbers="5, 17, 23")
    change = services.attendance_record_all_except(actor=None, session=session, numbers="17")
    ordered = school.in_stroke_order
    assert sorted(change.added) == sorted([ordered[4].name, ordered[22].name])
    assert change.removed == []
    assert change.total == 29
    assert ordered[16].name not in present(session)


def test_numbers_may_be_typed_the_way_officers_type_them():
    assert parse_sheet_numbers("全部出席，除了：5，17、23号") == [5, 17, 23]
    assert parse_sheet_numbers("３ 5-7") == [3, 5, 6, 7]
    assert parse_sheet_numbers("") == []
    with pytest.raises(DomainError, match="「五」不是签到表上的序号"):
        parse_sheet_numbers("五")


def test_person_times_sum_over_sessions_and_persons_are_distinct(school):
    activity = whole_school_activity(school, title="教职工气排球赛", audience="registered")
    first = activity.sessions.get()
    second = services.session_add(
        actor=None, activity=activity, starts_at=first.starts_at + dt.timedelta(days=7), title="第二轮"
    )
    a, b, c, d = school.people[:4]
    services.attendance_set(actor=None, session=first, persons=[a, b, c])
    services.attendance_set(actor=None, session=second, persons=[a, b, d])

    counted = totals(attendance_rows(Attendance.objects.filter(session__activity=activity)))

    assert (counted.person_times, counted.persons) == (6, 4)
    assert second.number == 2


def test_members_and_other_attendees_are_counted_apart(school):
    retiree = make_person(school.union, name="退休教师甲", joined_on=dt.date(1990, 9, 1))
    membership_retain(actor=None, person=retiree, on=dt.date(2024, 7, 1), reason="retirement")
    session = whole_school_activity(school, title="重阳节退休教师座谈会").sessions.get()
    services.attendance_set(actor=None, session=session, persons=[*school.people[:3], retiree])
    services.attendance_add_guests(actor=None, session=session, kind="family", names="小明、小红")
    services.attendance_add_guests(actor=None, session=session, kind="guest", names="县教育工会代表")

    counted = totals(attendance_rows(Attendance.objects.filter(session=session)))

    assert (counted.persons, counted.person_times) == (3, 3)
    assert (counted.persons_all, counted.person_times_all) == (7, 7)
    assert counted.persons_by_kind == {"member": 3, "retiree": 1, "family": 2, "guest": 1}
    assert Attendance.objects.get(session=session, person=retiree).attendee_kind == AttendeeKind.RETIREE


def test_a_pasted_list_with_an_unknown_and_a_duplicate_name_is_reported_and_nothing_recorded(school):
    namesake = make_person(school.union, name="王芳", joined_on=dt.date(2021, 9, 1))
    session = whole_school_activity(school).sessions.get()
    audit_before = AuditEvent.objects.count()

    with pytest.raises(NamesNotResolved) as refused:
        services.attendance_record_names(actor=None, session=session, text="方明、王芳，张三\n石磊 李四")

    assert refused.value.message == (
        "以下姓名不在本工会会员中：张三、李四；以下姓名有重名，请在名单中选择：王芳"
    )
    assert [c.person_id for c in refused.value.problems.ambiguous["王芳"]] == sorted(
        [school.by_name("王芳").pk, namesake.pk]
    )
    assert Attendance.objects.filter(session=session).count() == 0
    assert AuditEvent.objects.count() == audit_before


def test_a_namesake_once_chosen_is_recorded_with_the_others(school):
    namesake = make_person(school.union, name="王芳", joined_on=dt.date(2021, 9, 1))
    session = whole_school_activity(school).sessions.get()
    change = services.attendance_record_names(
        actor=None, session=session, text="方明、王芳、石磊、方明", picks={"王芳": [namesake.pk]}
    )
    assert sorted(change.added) == sorted(["方明", "王芳", "石磊"])
    assert set(Attendance.objects.filter(session=session).values_list("person_id", flat=True)) == {
        school.by_name("方明").pk,
        namesake.pk,
        school.by_name("石磊").pk,
    }
    assert set(Attendance.objects.filter(session=session).values_list("method", flat=True)) == {
        "pasted_names"
    }


def test_names_are_split_on_the_separators_officers_paste():
    assert split_names("王芳、方明，石磊,田静；史强\n白雪  丁一\u3000乙君 王芳") == [
        "王芳",
        "方明",
        "石磊",
        "田静",
        "史强",
        "白雪",
        "丁一",
        "乙君",
    ]


def test_the_check_list_sets_person_attendance_and_keeps_the_guests(school):
    session = whole_school_activity(school).sessions.get()
    services.attendance_set(actor=None, session=session, persons=school.people[:5])
    services.attendance_add_guests(actor=None, session=session, kind="family", names="小明")
    change = services.attendance_set(actor=None, session=session, persons=school.people[3:7])
    assert sorted(change.removed) == sorted(p.name for p in school.people[:3])
    assert sorted(change.added) == sorted(p.name for p in school.people[5:7])
    assert present(session) == {p.name for p in school.people[3:7]} | {"小明"}


def test_a_late_sign_up_goes_to_the_end_of_a_frozen_sheet(school):
    activity = services.activity_create(
        actor=None,
        union=school.union,
        kind="文体活动",
        title="园丁杯羽毛球赛",
        starts_on=DAY,
        start_time=dt.time(15, 40),
        edition=6,
    )
    for person in school.people[:5]:
        services.registration_add(actor=None, activity=activity, person=person, via="officer", today=TODAY)
    session = activity.sessions.get()
    first = [line.person.name for line in services.session_expected_freeze(actor=None, session=session)]
    late = school.by_name("丁一")
    services.registration_add(actor=None, activity=activity, person=late, via="self", today=TODAY)

    sheet = list(ExpectedAttendee.objects.filter(session=session).order_by("number").select_related("person"))

    assert [line.person.name for line in sheet] == [*first, "丁一"]
    assert sheet[-1].number == 6
    assert activity.display_title == "园丁杯羽毛球赛（第六届）"


def test_a_member_may_not_sign_up_after_the_activity_started(school):
    activity = services.activity_create(
        actor=None, union=school.union, kind="文体活动", title="教职工气排球赛", starts_on=DAY
    )
    with pytest.raises(DomainError, match="报名已截止"):
        services.registration_add(
            actor=None,
            activity=activity,
            person=school.people[0],
            via="self",
            today=DAY + dt.timedelta(days=1),
        )
    assert activity.registrations.count() == 0


def test_the_budget_is_kept_in_fen_exactly(school):
    activity = whole_school_activity(school, planned_budget="1234.56")
    assert activity.planned_budget_fen == 123456
    assert activity.planned_budget == Decimal("1234.56")
    with pytest.raises(DomainError, match="两位小数"):
        whole_school_activity(school, title="另一项活动", planned_budget="10.005")
    assert Activity.objects.count() == 1


def test_the_same_title_on_the_same_day_is_refused(school):
    whole_school_activity(school)
    with pytest.raises(DomainError, match="已有名为「三八节女教职工健步走」的活动"):
        whole_school_activity(school)
