import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.accounts.scope import ActorScope
from gonghui.activities import services
from gonghui.activities.models import Activity
from gonghui.activities.selectors import study_hours_for
from gonghui.members.services import membership_retain, membership_transfer
from gonghui.reports import registry
from gonghui.reports.periods import parse_period
from gonghui.reports.registry import FigureQuery, RecordRef
from gonghui.testing.factories import make_person, make_union

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 10)
JOINED = dt.date(2020, 9, 1)
ACTIVITY_KEYS = [f.key for f in registry.figures() if f.key.startswith(("activities.", "honours."))]


def at(day: dt.date, hour: int = 15) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 40)))


def values(union, period: str = "2025", *, subtree=None) -> dict[str, int | str | None]:
    results = registry.compute(
        union=union, period=parse_period(period), today=TODAY, keys=ACTIVITY_KEYS, subtree=subtree
    )
    return {r.figure.key: registry.format_value(r) for r in results}


def records(union, key: str, period: str = "2025") -> list[RecordRef]:
    (result,) = registry.compute(union=union, period=parse_period(period), today=TODAY, keys=[key])
    return result.records


def activity(union, title: str, day: dt.date, **fields) -> Activity:
    fields.setdefault("kind", "文体活动")
    return services.activity_create(
        actor=None, union=union, title=title, starts_on=day, start_time=dt.time(15, 40), **fields
    )


@pytest.fixture
def year(db):
    """A union's 2025: six active members and a retiree; a two-session activity with a retiree and a
    family member; a training earning hours; an activity from 2024 and one that runs into 2026."""
    union = make_union(code="YZ", name="清河县第一中学工会")
    m = [
        make_person(union, name=name, joined_on=JOINED)
        for name in ("王芳", "方明", "石磊", "田静", "史强", "白雪")
    ]
    retiree = make_person(union, name="退休教师", joined_on=dt.date(1990, 9, 1))
    membership_retain(actor=None, person=retiree, on=dt.date(2024, 7, 1), reason="retirement")

    walk = activity(union, "三八节女教职工健步走", dt.date(2025, 3, 8), kind="节日活动")
    second = services.session_add(actor=None, activity=walk, starts_at=at(dt.date(2025, 3, 15)))
    services.attendance_set(
        actor=None, session=walk.sessions.get(number=1), persons=[m[0], m[1], m[2], retiree]
    )
    services.attendance_add_guests(
        actor=None, session=walk.sessions.get(number=1), kind="family", names="小明"
    )
    services.attendance_set(actor=None, session=second, persons=[m[0], m[1], m[3]])
    services.result_add(
        actor=None, activity=walk, level="county", title="团体第二名", is_team=True, issuer="县教育工会"
    )
    services.result_add(actor=None, activity=walk, level="unit", title="一等奖", persons=[m[0]])

    training = activity(
        union,
        "师德师风专题培训",
        dt.date(2025, 6, 1),
        kind="学习/培训",
        training_hours=Decimal("2.0"),
    )
    services.attendance_set(actor=None, session=training.sessions.get(), persons=[m[0], m[4]])
    extra = services.session_add(
        actor=None, activity=training, starts_at=at(dt.date(2025, 6, 8)), hours=Decimal("1.5")
    )
    services.attendance_set(actor=None, session=extra, persons=[m[0]])

    old = activity(union, "迎新年趣味运动会", dt.date(2024, 12, 20))
    services.attendance_set(actor=None, session=old.sessions.get(), persons=[m[5]])

    year_end = activity(union, "新春联欢会", dt.date(2025, 12, 31))
    services.session_add(actor=None, activity=year_end, starts_at=at(dt.date(2026, 1, 2)))

    services.honour_add(
        actor=None,
        union=union,
        title="先进工作者",
        level="city",
        issuer="市人民政府",
        awarded_on=dt.date(2025, 4, 28),
        person=m[0],
    )
    services.honour_add(
        actor=None,
        union=union,
        title="优秀工会干部",
        level="county",
        issuer="县教育工会",
        awarded_on=dt.date(2025, 12, 20),
        person=m[1],
    )
    services.honour_add(
        actor=None,
        union=union,
        title="先进教工之家",
        level="county",
        issuer="县教育工会",
        awarded_on=dt.date(2025, 5, 1),
        unit_name="本校工会",
    )
    services.honour_add(
        actor=None,
        union=union,
        title="师德标兵",
        level="county",
        issuer="县教育局",
        awarded_on=dt.date(2024, 9, 9),
        person=m[2],
    )
    return union, m, retiree


def test_every_figure_is_registered_in_order():
    assert ACTIVITY_KEYS == [
        "activities.count",
        "activities.by_kind",
        "activities.sessions",
        "activities.persons",
        "activities.person_times",
        "activities.persons_all",
        "activities.person_times_all",
        "activities.participation_rate",
        "activities.trainings",
        "activities.study_hours",
        "activities.higher_results",
        "honours.count",
        "honours.by_level",
    ]


def test_the_figures_of_a_year_match_the_attendance_exactly(year):
    union, *_ = year
    assert values(union) == {
        "activities.count": 3,
        "activities.by_kind": 3,
        "activities.sessions": 5,  # two of the walk, two of the training, the one on 31 December
        "activities.persons": 5,  # 王芳 方明 石磊 田静 史强
        "activities.person_times": 9,  # 3 + 3 at the walk, 2 + 1 at the training
        "activities.persons_all": 7,  # and the retiree and 小明
        "activities.person_times_all": 11,
        "activities.participation_rate": "83.3",  # 5 of the 6 active members on 31 December
        "activities.trainings": 1,
        "activities.study_hours": "5.5",  # 王芳 2 + 1.5, 史强 2
        "activities.higher_results": 1,
        "honours.count": 3,
        "honours.by_level": 3,
    }


def test_the_records_behind_the_figures_name_what_was_counted(year):
    union, *_ = year
    assert [r.text for r in records(union, "activities.persons")] == ["王芳", "方明", "石磊", "田静", "史强"]
    assert [r.text for r in records(union, "activities.study_hours")] == ["王芳 3.5学时", "史强 2学时"]
    assert [r.text for r in records(union, "activities.persons_all")][-1] == "小明（未登记在册）"
    assert [r.text for r in records(union, "activities.by_kind")] == [
        "【文体活动·文体活动】2025年12月31日 新春联欢会",
        "【学习/培训·学习/培训】2025年6月1日 师德师风专题培训",
        "【节日活动·节日活动】2025年3月8日 三八节女教职工健步走",
    ]
    assert [r.text for r in records(union, "honours.by_level")] == [
        "【市级】王芳 市级先进工作者（2025年4月28日）",
        "【县级】本校工会 县级先进教工之家（2025年5月1日）",
        "【县级】方明 县级优秀工会干部（2025年12月20日）",
    ]
    assert [r.text for r in records(union, "activities.higher_results")] == [
        "三八节女教职工健步走 县级团体第二名（2025年3月8日）"
    ]


def test_the_participation_rate_uses_the_active_members_of_the_membership_figures(year):
    union, *_ = year
    (active,) = registry.compute(
        union=union, period=parse_period("2025"), today=TODAY, keys=["members.active"]
    )
    assert active.value == 6
    participants = records(union, "activities.participation_rate")
    assert len(participants) == 5
    assert {r.pk for r in participants} <= {r.pk for r in active.records}


def test_study_hours_per_member_per_year_are_exact(year):
    union, *_ = year
    scope = ActorScope(None, union, frozenset({"officer"}), frozenset(), None, None)
    lines = study_hours_for(scope, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    assert [(line.name, line.hours) for line in lines] == [("王芳", Decimal("3.5")), ("史强", Decimal("2.0"))]
    assert study_hours_for(scope, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)) == []


def test_the_previous_year_counts_only_its_own_attendance(year):
    union, *_ = year
    found = values(union, "2024")
    assert (found["activities.count"], found["activities.persons"], found["activities.person_times"]) == (
        1,
        1,
        1,
    )
    assert found["honours.count"] == 1


def test_across_a_federation_a_person_is_counted_once(db):
    federation = make_union(code="FED", name="县教育工会", kind="federation")
    a = make_union(code="SA", name="甲校工会", parent=federation)
    b = make_union(code="SB", name="乙校工会", parent=federation)
    teacher = make_person(a, name="王芳", joined_on=JOINED)
    at_a = activity(a, "教职工气排球赛", dt.date(2025, 3, 1))
    services.attendance_set(actor=None, session=at_a.sessions.get(), persons=[teacher])
    moved = membership_transfer(actor=None, person=teacher, to_union=b, on=dt.date(2025, 6, 1))
    at_b = activity(b, "教职工羽毛球赛", dt.date(2025, 9, 1))
    services.attendance_set(actor=None, session=at_b.sessions.get(), persons=[moved])

    found = values(federation)
    assert (found["activities.persons"], found["activities.person_times"]) == (1, 2)
    assert found["activities.participation_rate"] == "100.0"


def _busy(n: int):
    union = make_union(code=f"Q{n}", name=f"{n}人学校工会")
    people = [make_person(union, name=f"会员{i}", joined_on=JOINED) for i in range(n)]
    for index in range(n // 2 + 1):
        act = activity(
            union,
            f"活动{index}",
            dt.date(2025, 3, 1) + dt.timedelta(days=index),
            training_hours=Decimal("1.0"),
        )
        services.session_add(
            actor=None, activity=act, starts_at=at(dt.date(2025, 4, 1) + dt.timedelta(days=index))
        )
        for session in act.sessions.all():
            services.attendance_set(actor=None, session=session, persons=people[index:])
        services.attendance_add_guests(
            actor=None, session=act.sessions.first(), kind="guest", names=f"来宾{index}"
        )
        services.result_add(actor=None, activity=act, level="county", title="团体第一名", is_team=True)
        services.honour_add(
            actor=None,
            union=union,
            title="优秀工会会员",
            level="unit",
            issuer="本校",
            awarded_on=dt.date(2025, 5, 1),
            person=people[index],
        )
    return union


EXPECTED_QUERIES = {key: 1 for key in ACTIVITY_KEYS} | {"activities.participation_rate": 2}


@pytest.mark.parametrize("n", [3, 12])
def test_each_figure_costs_the_same_queries_whatever_the_size(n, django_assert_num_queries):
    union = _busy(n)
    period = parse_period("2025")
    for figure in registry.figures():
        if figure.key not in EXPECTED_QUERIES:
            continue
        query = FigureQuery(
            unions=(union.pk,), root=union, period=period, today=TODAY, as_of=dt.date(2025, 12, 31)
        )
        with django_assert_num_queries(EXPECTED_QUERIES[figure.key]):
            figure.compute(query)
    # Computed together with their 同比 values: one query for the scope, then one read each, for both
    # periods, of the attendance, the activities, the sessions, the honours, the results and the spans
    # (the active members of the participation rate).
    with django_assert_num_queries(1 + 6):
        registry.compute(union=union, period=period, today=TODAY, keys=ACTIVITY_KEYS)
