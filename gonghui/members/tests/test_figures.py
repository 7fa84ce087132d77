import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.members import services
from gonghui.members.models import EmploymentForm, Person
from gonghui.orgs.models import UnionGroup, UnionKind
from gonghui.orgs.services import group_create, headcount_record
from gonghui.reports import registry
from gonghui.reports.periods import parse_period
from gonghui.reports.registry import FigureQuery, FigureResult, RecordRef, format_value
from gonghui.testing.factories import make_person, make_union

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 10)
BEFORE = dt.date(2020, 9, 1)
MEMBER_FIGURES = [figure for figure in registry.figures() if figure.key.startswith("members.")]
RATE_KEYS = {"members.rate", "members.women_rate"}


def results(union, period="2025", *, today=TODAY, subtree=None) -> dict[str, FigureResult]:
    computed = registry.compute(union=union, period=parse_period(period), today=today, subtree=subtree)
    return {result.figure.key: result for result in computed}


def members(union, count, *, prefix="会员", joined_on=BEFORE, **fields) -> list[Person]:
    return [
        make_person(union, name=f"{prefix}{n}", joined_on=joined_on, **fields) for n in range(1, count + 1)
    ]


def headcount(union, total, *, on=dt.date(2025, 3, 1), women=0):
    return headcount_record(actor=None, union=union, as_of=on, total=total, women=women)


def person_refs(people) -> list[RecordRef]:
    return [RecordRef("members.Person", p.pk, p.name) for p in people]


def test_every_membership_figure_is_registered_in_order():
    assert [figure.key for figure in MEMBER_FIGURES] == [
        "members.active",
        "members.rate",
        "members.new",
        "members.transfer_in",
        "members.transfer_out",
        "members.restored",
        "members.ended_withdrew",
        "members.ended_lapsed",
        "members.ended_expelled",
        "members.ended_died",
        "members.retained",
        "members.women",
        "members.women_rate",
        "members.migrant",
        "members.groups",
    ]
    assert {figure.key: figure.unit for figure in MEMBER_FIGURES if figure.unit != "人"} == {
        "members.rate": "%",
        "members.women_rate": "%",
        "members.groups": "个",
    }


def test_it_counts_active_members_the_rate_and_the_retained_of_one_union():
    union = make_union(name="清河县第一中学工会")
    headcount(union, 10)
    active = members(union, 8, prefix="在职")
    retired, leaver = members(union, 2, prefix="离开")
    services.membership_retain(actor=None, person=retired, on=dt.date(2025, 7, 1), reason="retirement")
    services.membership_end(actor=None, person=leaver, on=dt.date(2025, 5, 1), kind="withdrew")

    found = results(union)

    assert found["members.active"].value == 8
    assert found["members.active"].records == person_refs(
        sorted(active, key=lambda p: (p.name_stroke_key, p.pk))
    )
    assert found["members.rate"].value == Decimal("80.0")
    assert format_value(found["members.rate"]) == "80.0"
    assert found["members.rate"].flags == []
    assert found["members.retained"].value == 1
    assert found["members.retained"].records == person_refs([retired])
    assert found["members.ended_withdrew"].value == 1
    assert found["members.ended_withdrew"].records == person_refs([leaver])


def test_the_rate_records_are_the_members_counted_and_the_headcount_used():
    union = make_union(name="清河县实验小学工会")
    count = headcount(union, 3)
    people = members(union, 2)
    rate = results(union)["members.rate"]
    assert rate.records[:2] == person_refs(sorted(people, key=lambda p: (p.name_stroke_key, p.pk)))
    assert rate.records[2] == RecordRef(
        "orgs.StaffHeadcount", count.pk, "清河县实验小学工会2025年3月1日职工3人"
    )


@pytest.mark.parametrize(
    ("member_count", "staff", "shown"),
    [(2, 3, "66.7"), (1, 8, "12.5"), (3, 3, "100.0"), (0, 5, "0.0"), (199, 200, "99.5")],
)
def test_the_rate_is_rounded_half_up_to_one_place(member_count, staff, shown):
    union = make_union()
    headcount(union, staff)
    members(union, member_count)
    assert format_value(results(union)["members.rate"]) == shown


def test_the_rate_uses_the_last_headcount_on_or_before_the_period_end():
    union = make_union()
    headcount(union, 20, on=dt.date(2024, 12, 31))
    headcount(union, 10, on=dt.date(2025, 9, 1))
    headcount(union, 5, on=dt.date(2026, 1, 1))
    members(union, 4)
    found = results(union)
    assert format_value(found["members.rate"]) == "40.0"
    assert registry.format_previous(found["members.rate"]) == "20.0"


def test_the_rate_counts_only_staff_forms_and_includes_dispatched_workers():
    union = make_union()
    headcount(union, 4)
    members(union, 2, prefix="合同", employment_form=EmploymentForm.CONTRACT)
    members(union, 1, prefix="派遣", employment_form=EmploymentForm.DISPATCHED)
    for form in (EmploymentForm.OUTSOURCED, EmploymentForm.REHIRED_RETIREE, EmploymentForm.INTERN):
        members(union, 1, prefix=form.label, employment_form=form)
    found = results(union)
    assert found["members.active"].value == 6
    assert format_value(found["members.rate"]) == "75.0"


def test_a_member_who_retired_since_still_counts_in_last_years_rate():
    union = make_union()
    headcount(union, 4, on=dt.date(2024, 1, 1))
    retiring, *_ = members(union, 3)
    services.membership_retain(actor=None, person=retiring, on=dt.date(2025, 7, 1), reason="retirement")
    rate = results(union)["members.rate"]
    assert (format_value(rate), registry.format_previous(rate)) == ("50.0", "75.0")


def test_the_rate_is_withheld_and_flagged_when_members_outnumber_the_headcount():
    union = make_union(name="清河县第二中学工会")
    headcount(union, 3)
    members(union, 4)
    rate = results(union)["members.rate"]
    assert rate.value is None
    assert format_value(rate) is None
    assert rate.flags == [
        "清河县第二中学工会职工人数（截至2025年3月1日为3人）少于在职会员数4人，请更新职工人数"
    ]


def test_the_rate_is_withheld_and_flagged_when_no_headcount_is_recorded():
    union = make_union(name="清河县第三中学工会")
    members(union, 4)
    headcount(union, 10, on=dt.date(2026, 1, 2))
    rate = results(union)["members.rate"]
    assert rate.value is None
    assert rate.flags == ["清河县第三中学工会尚未登记职工人数（2025年12月31日及以前），无法计算入会率"]


def federation_of_two_schools():
    federation = make_union(name="清河县教育工会", kind=UnionKind.FEDERATION)
    first = make_union(name="第一中学工会", parent=federation)
    second = make_union(name="第二中学工会", parent=federation)
    return federation, first, second


def test_the_rate_of_a_subtree_is_the_ratio_of_sums_not_the_mean_of_rates():
    federation, first, second = federation_of_two_schools()
    headcount(first, 10)
    headcount(second, 2)
    members(first, 9, prefix="一中")
    members(second, 1, prefix="二中")
    assert format_value(results(first)["members.rate"]) == "90.0"
    assert format_value(results(second)["members.rate"]) == "50.0"
    rate = results(federation)["members.rate"]
    assert format_value(rate) == "83.3"  # 10/12, where the mean of 90.0 and 50.0 would be 70.0
    assert rate.flags == []


def test_a_union_of_the_subtree_without_a_headcount_is_left_out_and_named():
    federation, first, second = federation_of_two_schools()
    headcount(first, 10)
    members(first, 9, prefix="一中")
    members(second, 1, prefix="二中")
    rate = results(federation)["members.rate"]
    assert format_value(rate) == "90.0"
    assert rate.flags == ["第二中学工会尚未登记职工人数（2025年12月31日及以前），该工会暂未计入入会率"]
    assert results(federation)["members.active"].value == 10


def test_a_union_of_the_subtree_with_a_stale_headcount_is_left_out_and_named():
    federation, first, second = federation_of_two_schools()
    headcount(federation, 0)
    headcount(first, 10)
    headcount(second, 2)
    members(first, 9, prefix="一中")
    members(second, 3, prefix="二中")
    rate = results(federation)["members.rate"]
    assert format_value(rate) == "90.0"
    assert rate.flags == [
        "第二中学工会职工人数（截至2025年3月1日为2人）少于在职会员数3人，请更新职工人数，该工会暂未计入入会率"
    ]


def test_the_subtree_is_left_out_when_asked_for_the_union_alone():
    federation, first, _second = federation_of_two_schools()
    members(first, 2)
    assert results(federation)["members.active"].value == 2
    assert results(federation, subtree=False)["members.active"].value == 0


def test_it_counts_a_person_transferred_inside_the_subtree_once():
    federation, first, second = federation_of_two_schools()
    (mover,) = members(first, 1, prefix="调动")
    (stayer,) = members(second, 1, prefix="留任")
    arrived = services.membership_transfer(actor=None, person=mover, to_union=second, on=dt.date(2025, 3, 1))

    found = results(federation)

    assert found["members.active"].value == 2
    assert {ref.pk for ref in found["members.active"].records} == {arrived.pk, stayer.pk}
    assert results(first)["members.active"].value == 0
    assert results(second)["members.active"].value == 2


def test_a_transfer_inside_the_subtree_counts_on_both_sides():
    federation, first, second = federation_of_two_schools()
    (mover,) = members(first, 1, prefix="调动")
    arrived = services.membership_transfer(actor=None, person=mover, to_union=second, on=dt.date(2025, 3, 1))

    assert results(first)["members.transfer_out"].records == person_refs([mover])
    assert results(first)["members.transfer_in"].value == 0
    assert results(second)["members.transfer_in"].records == person_refs([arrived])
    assert results(second)["members.transfer_out"].value == 0
    found = results(federation)
    assert (found["members.transfer_out"].value, found["members.transfer_in"].value) == (1, 1)


def test_a_person_who_left_twice_in_the_period_is_counted_once():
    union = make_union()
    (person,) = members(union, 1)
    services.membership_end(actor=None, person=person, on=dt.date(2025, 2, 1), kind="withdrew")
    services.membership_rejoin(actor=None, person=person, on=dt.date(2025, 4, 1))
    services.membership_end(actor=None, person=person, on=dt.date(2025, 8, 1), kind="withdrew")
    found = results(union)
    assert found["members.ended_withdrew"].value == 1
    assert found["members.restored"].value == 1


def test_it_counts_departures_by_reason_within_the_period_only():
    union = make_union()
    earlier, withdrew, lapsed, expelled, died, staying = members(union, 6)
    services.membership_end(actor=None, person=earlier, on=dt.date(2024, 12, 31), kind="withdrew")
    services.membership_end(actor=None, person=withdrew, on=dt.date(2025, 1, 1), kind="withdrew")
    services.membership_end(
        actor=None, person=lapsed, on=dt.date(2025, 6, 1), kind="lapsed", reason="连续六个月未缴会费"
    )
    services.membership_end(
        actor=None, person=expelled, on=dt.date(2025, 9, 1), kind="expelled", reason="受刑事处分"
    )
    services.membership_end(actor=None, person=died, on=dt.date(2025, 12, 31), kind="died")

    found = results(union)

    assert found["members.ended_withdrew"].records == person_refs([withdrew])
    assert found["members.ended_lapsed"].records == person_refs([lapsed])
    assert found["members.ended_expelled"].records == person_refs([expelled])
    assert found["members.ended_died"].records == person_refs([died])
    assert found["members.active"].records == person_refs([staying])
    assert found["members.ended_withdrew"].previous == 1


def test_it_counts_joins_by_kind():
    union = make_union()
    members(union, 1, prefix="老会员")
    new = members(union, 2, prefix="新人", joined_on=dt.date(2025, 3, 1))
    (restored,) = members(union, 1, prefix="恢复", joined_on=dt.date(2025, 4, 1), join_kind="restored")
    (arrived,) = members(union, 1, prefix="转入", joined_on=dt.date(2025, 5, 1), join_kind="transfer_in")
    found = results(union)
    assert found["members.new"].value == 2
    assert {ref.pk for ref in found["members.new"].records} == {p.pk for p in new}
    assert found["members.restored"].records == person_refs([restored])
    assert found["members.transfer_in"].records == person_refs([arrived])
    assert found["members.active"].value == 5


def test_a_retained_member_back_at_work_counts_as_restored():
    union = make_union()
    (person,) = members(union, 1)
    services.membership_retain(actor=None, person=person, on=dt.date(2024, 3, 1), reason="unemployment")
    services.membership_restore(actor=None, person=person, on=dt.date(2025, 3, 1))
    found = results(union)
    assert (found["members.restored"].value, found["members.retained"].value) == (1, 0)
    assert (found["members.restored"].previous, found["members.retained"].previous) == (0, 1)


def test_a_membership_held_by_the_union_above_counts_there():
    federation, first, _second = federation_of_two_schools()
    (person,) = members(first, 1)
    services.membership_retain(
        actor=None, person=person, on=dt.date(2025, 6, 1), reason="unit_closed", held_by=federation
    )
    assert results(federation, subtree=False)["members.retained"].records == person_refs([person])
    assert results(federation)["members.retained"].value == 1


def test_it_counts_women_migrant_workers_and_the_women_rate():
    union = make_union(name="清河县纺织厂工会")
    headcount(union, 10, women=4)
    women = members(union, 3, prefix="女职工")
    members(union, 1, prefix="外包女工", employment_form=EmploymentForm.OUTSOURCED)
    members(union, 2, prefix="男职工", female=False, is_migrant_worker=True)
    found = results(union)
    assert found["members.women"].value == 4
    assert found["members.migrant"].value == 2
    assert format_value(found["members.women_rate"]) == "75.0"
    assert found["members.women_rate"].records[:3] == person_refs(
        sorted(women, key=lambda p: (p.name_stroke_key, p.pk))
    )
    assert format_value(found["members.rate"]) == "50.0"


def test_the_women_rate_is_withheld_when_no_women_are_recorded_in_the_headcount():
    union = make_union(name="清河县机械厂工会")
    headcount(union, 10, women=0)
    members(union, 2, prefix="女职工")
    rate = results(union)["members.women_rate"]
    assert rate.value is None
    assert rate.flags == [
        "清河县机械厂工会女职工人数（截至2025年3月1日为0人）少于女会员数2人，请更新职工人数"
    ]


def test_it_counts_the_groups_entered_by_the_period_end():
    federation, first, second = federation_of_two_schools()
    early = group_create(actor=None, union=first, name="语文组")
    late = group_create(actor=None, union=second, name="数学组")
    UnionGroup.objects.filter(pk=early.pk).update(created_at=dt.datetime(2025, 3, 1, 9, tzinfo=dt.UTC))
    UnionGroup.objects.filter(pk=late.pk).update(created_at=dt.datetime(2025, 9, 1, 9, tzinfo=dt.UTC))
    assert results(first, "2025H1")["members.groups"].records == [
        RecordRef("orgs.UnionGroup", early.pk, "语文组")
    ]
    assert results(federation, "2025")["members.groups"].records == [
        RecordRef("orgs.UnionGroup", early.pk, "第一中学工会语文组"),
        RecordRef("orgs.UnionGroup", late.pk, "第二中学工会数学组"),
    ]
    assert results(federation, "2025H1")["members.groups"].value == 1


def test_the_previous_value_is_the_same_figure_a_year_earlier():
    union = make_union()
    members(union, 3, prefix="老会员")
    members(union, 1, prefix="去年新人", joined_on=dt.date(2024, 5, 1))
    members(union, 2, prefix="今年新人", joined_on=dt.date(2025, 3, 1))
    found = results(union)
    assert (found["members.new"].value, found["members.new"].previous) == (2, 1)
    assert (found["members.active"].value, found["members.active"].previous) == (6, 4)
    last_year = results(union, "2024")
    assert (last_year["members.new"].value, last_year["members.active"].value) == (1, 4)


def test_a_running_period_is_compared_with_the_same_dates_a_year_earlier():
    union = make_union()
    members(union, 3, prefix="老会员")
    members(union, 1, prefix="去年新人", joined_on=dt.date(2024, 5, 1))
    members(union, 2, prefix="今年新人", joined_on=dt.date(2025, 3, 1))
    found = results(union, today=dt.date(2025, 4, 1))
    assert (found["members.new"].value, found["members.new"].previous) == (2, 0)
    assert (found["members.active"].value, found["members.active"].previous) == (6, 3)


def test_a_period_not_yet_over_counts_up_to_today():
    union = make_union()
    members(union, 2, prefix="老会员")
    members(union, 1, prefix="六月新人", joined_on=dt.date(2025, 6, 10))
    found = results(union, today=dt.date(2025, 6, 1))
    assert (found["members.active"].value, found["members.new"].value) == (2, 0)
    found = results(union, today=dt.date(2025, 6, 10))
    assert (found["members.active"].value, found["members.new"].value) == (3, 1)


def busy_union(n: int):
    """A union with `n` persons of every fate in 2025, a headcount of 4n (n women) and n groups."""
    union = make_union()
    other = make_union()
    headcount(union, 4 * n, women=n)
    for g in range(n):
        group_create(actor=None, union=union, name=f"第{g + 1}小组")
    UnionGroup.objects.filter(union=union).update(created_at=dt.datetime(2025, 1, 2, tzinfo=dt.UTC))
    members(union, n, prefix="新人", joined_on=dt.date(2025, 2, 1), is_migrant_worker=True)
    for person in members(union, n, prefix="保留", female=False):
        services.membership_retain(actor=None, person=person, on=dt.date(2025, 3, 1), reason="unemployment")
    for person in members(union, n, prefix="恢复", female=False):
        services.membership_retain(actor=None, person=person, on=dt.date(2024, 3, 1), reason="unemployment")
        services.membership_restore(actor=None, person=person, on=dt.date(2025, 3, 1))
    for kind in ("withdrew", "lapsed", "expelled", "died"):
        for person in members(union, n, prefix=kind, female=False):
            services.membership_end(
                actor=None, person=person, on=dt.date(2025, 4, 1), kind=kind, reason="依章程"
            )
    for person in members(union, n, prefix="转出", female=False):
        services.membership_transfer(actor=None, person=person, to_union=other, on=dt.date(2025, 5, 1))
    members(union, n, prefix="转入", female=False, joined_on=dt.date(2025, 5, 1), join_kind="transfer_in")
    return union


def expected_values(n: int) -> dict[str, int | str]:
    counts: dict[str, int | str] = {figure.key: n for figure in MEMBER_FIGURES}
    counts.update({"members.active": 3 * n, "members.rate": "75.0", "members.women_rate": "100.0"})
    return counts


EXPECTED_QUERIES = {figure.key: 2 if figure.key in RATE_KEYS else 1 for figure in MEMBER_FIGURES}


@pytest.mark.parametrize("n", [5, 50])
def test_figures_cost_the_same_queries_whatever_the_number_of_members(n, django_assert_num_queries):
    union = busy_union(n)
    period = parse_period("2025")
    found: dict[str, int | str | None] = {}
    for figure in MEMBER_FIGURES:
        query = FigureQuery(
            unions=(union.pk,), root=union, period=period, today=TODAY, as_of=dt.date(2025, 12, 31)
        )
        with django_assert_num_queries(EXPECTED_QUERIES[figure.key]):
            value = figure.compute(query)
        found[figure.key] = registry.serialise(figure, value.value)
        people = [ref for ref in value.records if ref.model == "members.Person"]
        if figure.key in RATE_KEYS:
            assert len(value.records) == len(people) + 1
        else:
            assert len(value.records) == value.value
    assert found == expected_values(n)
    # The whole set with its 同比 values: one query for the scope, one for the spans of both periods (every
    # count but the groups' and the headcounts' comes from them), one for the groups of both periods, and
    # the headcounts once per period (shared by the two rates).
    with django_assert_num_queries(1 + 1 + 1 + 2):
        registry.compute(union=union, period=period, today=TODAY, keys=list(EXPECTED_QUERIES))


def test_figures_never_read_the_encrypted_columns():
    union = busy_union(5)
    with CaptureQueriesContext(connection) as captured:
        results(union)
    encrypted = re.compile(r'"members_person"\."(id_number|phone)"')
    assert [q["sql"] for q in captured.captured_queries if encrypted.search(q["sql"])] == []
