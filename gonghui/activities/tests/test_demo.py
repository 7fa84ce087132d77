import datetime as dt

import pytest
from django.apps import apps

from gonghui.activities.models import Activity, Attendance, Honour, Result
from gonghui.core.demo import DemoContext, run_seeders

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
