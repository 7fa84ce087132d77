import datetime as dt

import pytest
from django.apps import apps

from gonghui.accounts.models import RoleAssignment
from gonghui.activities.models import Activity, Attendance, Honour, Result
from gonghui.core.demo import DemoContext, run_seeders
from gonghui.members.models import CommitteePost, Person
from gonghui.orgs.models import SchoolTerm, StaffHeadcount, Union

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

TODAY = dt.date(2026, 11, 25)


def activity_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("activities").get_models()
    }


def test_the_demo_seeder_run_twice_creates_nothing_twice():
    first = DemoContext(today=TODAY, seed=7, out=lambda _: None)
    run_seeders(first)
    after_first = activity_counts()
    second = DemoContext(today=TODAY, seed=7, out=lambda _: None)
    run_seeders(second)

    assert second.created == {}
    assert activity_counts() == after_first

    main = Activity.objects.filter(union__code="QHYZ")
    # The whole previous year and this year to date, plus what is open for sign-up in the next 30 days.
    assert main.filter(starts_on__year=2025).count() == 16
    assert main.filter(starts_on__year=2026, starts_on__lte=TODAY).count() == 15
    assert main.filter(starts_on__gt=TODAY).count() == 1
    assert 28 <= main.count() <= 34
    assert (
        main.filter(title="园丁杯羽毛球赛", starts_on__year=2026).get().display_title
        == "园丁杯羽毛球赛（第六届）"
    )
    assert (
        Result.objects.filter(title="团体第二名", level="county", activity__union__code="QHYZ").count() == 2
    )
    assert Honour.objects.filter(union__code="QHYZ", title="先进工作者", level="city").count() == 1
    assert not Attendance.objects.filter(session__starts_at__date__gt=TODAY).exists()

    # One demo union of each kind under 清河县总工会: the education union with its schools, a firm, a bureau.
    tree = {u.code: (u.kind, u.parent.code if u.parent else None) for u in Union.objects.all()}
    assert tree == {
        "QHZGH": ("federation", None),
        "QHJY": ("federation", "QHZGH"),
        "QHYZ": ("school", "QHJY"),
        "QHSX": ("school", "QHJY"),
        "QHCG": ("school", "QHJY"),
        "QHHT": ("enterprise", "QHZGH"),
        "QHRS": ("organ", "QHZGH"),
    }
    for code in ("QHHT", "QHRS"):
        union = Union.objects.get(code=code)
        assert union.party_org_name and union.upper_union_name == "清河县总工会"
        assert CommitteePost.objects.filter(union=union, title="chair", ended_on__isnull=True).count() == 1
        assert RoleAssignment.objects.filter(
            union=union, role="officer", user__username=f"{code.lower()}-chair"
        )
    assert RoleAssignment.objects.filter(union__code="QHZGH", role="federation", user__username="qhzgh-fed")

    firm = Union.objects.get(code="QHHT")
    assert StaffHeadcount.objects.get(union=firm, as_of=dt.date(2026, 1, 1)).total == 180
    staff = Person.objects.filter(union=firm)
    assert staff.filter(is_migrant_worker=True).count() > staff.count() // 3  # many 农民工
    assert staff.filter(employment_form="dispatched").exists()  # and some 劳务派遣
    firm_2026 = Activity.objects.filter(union=firm, starts_on__year=2026)
    for title in (
        "“庆五一”车工技能比武",
        "“安康杯”安全生产知识竞赛",
        "夏季“送清凉”进车间",
        "“金秋助学”助学金发放仪式",
    ):
        assert firm_2026.filter(title=title).exists(), title
    assert firm_2026.filter(series="职工读书会", kind__name="读书会").count() == 4
    assert firm_2026.filter(is_training=True, training_hours__isnull=False).count() >= 4
    prizes = Result.objects.filter(activity__union=firm, activity__starts_on__year=2026)
    assert {r.level for r in prizes if r.persons.exists()} >= {
        "county",
        "city",
    }  # named winners above the firm
    assert Honour.objects.get(union=firm, title="工人先锋号", level="city").unit_name == "金工车间数控班组"

    bureau_2026 = Activity.objects.filter(union__code="QHRS", starts_on__year=2026)
    assert bureau_2026.filter(series="机关读书会", training_hours__isnull=False).count() == 4
    assert bureau_2026.filter(series="健步走").count() == 2
    assert bureau_2026.filter(title="干部职工趣味运动会").exists()
    assert bureau_2026.filter(kind__category="volunteer").count() == 3
    assert bureau_2026.filter(audience="women", title__contains="三八").exists()

    # Every school has its calendar for this school year and the last.
    terms = SchoolTerm.objects.filter(union__code="QHSX").order_by("first_year", "number")
    assert [(t.first_year, t.number, t.starts_on, t.ends_on) for t in terms] == [
        (2025, 1, dt.date(2025, 9, 1), dt.date(2026, 1, 23)),
        (2025, 2, dt.date(2026, 3, 2), dt.date(2026, 7, 10)),
        (2026, 1, dt.date(2026, 9, 1), dt.date(2027, 1, 22)),
        (2026, 2, dt.date(2027, 3, 1), dt.date(2027, 7, 9)),
    ]
    assert SchoolTerm.objects.filter(union__code__in=["QHYZ", "QHCG"]).count() == 8
    assert not SchoolTerm.objects.exclude(union__kind="school").exists()
