import ast
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from gonghui.orgs.models import Union
from gonghui.reports import registry
from gonghui.reports.periods import PeriodError, SchoolCalendar, TermDates, parse_period
from gonghui.reports.registry import (
    Figure,
    FigureError,
    FigureQuery,
    FigureResult,
    FigureValue,
    RecordRef,
    display,
    format_previous,
    format_value,
    serialise,
)
from gonghui.testing.factories import make_union

REPORTS_DIR = Path(registry.__file__).parent


@pytest.fixture
def empty_registry(monkeypatch):
    """A registry holding only what the test registers."""
    monkeypatch.setattr(registry, "_figures", {})


def figure(key="test.count", *, unit="人", order=1, compute=None, name="测试人数") -> Figure:
    return Figure(
        key=key,
        name=name,
        unit=unit,
        definition="用于测试的指标。",
        compute=compute or (lambda query: FigureValue(value=len(query.unions))),
        order=order,
    )


class Recorder:
    """A figure computation that remembers every query it was asked."""

    def __init__(self) -> None:
        self.queries: list[FigureQuery] = []

    def __call__(self, query: FigureQuery) -> FigureValue:
        self.queries.append(query)
        return FigureValue(
            value=query.as_of.year,
            records=[RecordRef("orgs.Union", query.root.pk, query.root.name)],
            flags=[f"截至{query.as_of.isoformat()}"],
        )


def test_it_lists_figures_by_order_then_key(empty_registry):
    registry.register(figure("b.second", order=2))
    registry.register(figure("a.third", order=3))
    registry.register(figure("c.first", order=1))
    registry.register(figure("a.first", order=1))
    assert [f.key for f in registry.figures()] == ["a.first", "c.first", "b.second", "a.third"]


def test_it_refuses_a_second_figure_under_the_same_key(empty_registry):
    first = registry.register(figure("test.count", name="第一个"))
    with pytest.raises(FigureError) as caught:
        registry.register(figure("test.count", name="第二个"))
    assert str(caught.value) == "指标「test.count」已登记过（第一个），不能重复登记"
    assert registry.get("test.count") is first


def test_registering_the_same_figure_again_changes_nothing(empty_registry):
    one = figure()
    registry.register(one)
    registry.register(one)
    assert registry.figures() == [one]


def test_it_names_an_unknown_figure(empty_registry):
    with pytest.raises(FigureError) as caught:
        registry.get("members.nothing")
    assert caught.value.args[0] == "没有名为「members.nothing」的指标"


def test_it_refuses_a_unit_outside_the_list():
    with pytest.raises(FigureError) as caught:
        figure(unit="名")
    assert (
        caught.value.args[0]
        == "指标「test.count」的单位「名」不在人、人次、户、元、%、件、个、次、项、学时之中"
    )


def test_discovery_registers_each_apps_figures_and_a_second_run_adds_nothing():
    before = registry.figures()
    assert "members.active" in [f.key for f in before]
    registry.discover()
    assert registry.figures() == before


DOMAIN_APPS = ("gonghui.orgs", "gonghui.members")
ENTRY_POINTS = {
    "views.py",
    "tasks.py",
    "urls.py",
    "navigation.py",
}  # where reports meets the web shell and the job queue


def _imports(path) -> set[str]:
    imported: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    return {name for name in imported if name.startswith("gonghui")}


def test_the_reports_app_imports_no_domain_app():
    mechanism: set[str] = set()
    everywhere: set[str] = set()
    for path in REPORTS_DIR.rglob("*.py"):
        if "tests" in path.relative_to(REPORTS_DIR).parts:
            continue
        imported = _imports(path)
        everywhere |= imported
        if path.name not in ENTRY_POINTS:
            mechanism |= imported
    assert mechanism
    assert {name for name in mechanism if not name.startswith(("gonghui.core", "gonghui.reports"))} == set()
    assert {name for name in everywhere if name.startswith(DOMAIN_APPS)} == set()


@pytest.mark.django_db
def test_it_computes_over_the_subtree_with_the_same_dates_a_year_earlier(empty_registry):
    federation = make_union(name="清河县教育工会")
    school = make_union(name="第一中学工会", parent=federation)
    grandchild = make_union(name="第一中学分校工会", parent=school)
    make_union(name="外县工会")
    recorder = Recorder()
    registry.register(figure(compute=recorder))

    (result,) = registry.compute(union=federation, period=parse_period("2025"), today=dt.date(2025, 6, 10))

    current, previous = recorder.queries
    assert current.unions == (federation.pk, school.pk, grandchild.pk)
    assert current.root == federation
    assert (current.period.key, current.today, current.as_of) == (
        "2025",
        dt.date(2025, 6, 10),
        dt.date(2025, 6, 10),
    )
    assert previous.unions == current.unions
    assert (previous.period.key, previous.today, previous.as_of) == (
        "2024",
        dt.date(2024, 6, 10),
        dt.date(2024, 6, 10),
    )
    assert (result.value, result.previous) == (2025, 2024)
    assert result.records == [RecordRef("orgs.Union", federation.pk, "清河县教育工会")]
    assert result.flags == ["截至2025-06-10"]


@pytest.mark.django_db
def test_a_term_on_its_first_day_is_compared_with_last_years_term_from_its_own_first_day(empty_registry):
    union = make_union()
    recorder = Recorder()
    registry.register(figure(compute=recorder))
    calendar = SchoolCalendar.of(
        [
            TermDates(2025, 1, dt.date(2025, 9, 1), dt.date(2026, 1, 23)),
            TermDates(2024, 1, dt.date(2024, 9, 2), dt.date(2025, 1, 17)),
        ]
    )
    registry.compute(union=union, period=parse_period("2025-2026-1", calendar), today=dt.date(2025, 9, 1))
    current, previous = recorder.queries
    assert (previous.period.key, previous.period.start, previous.period.end) == (
        "2024-2025-1",
        dt.date(2024, 9, 2),
        dt.date(2025, 1, 17),
    )
    assert (current.as_of, previous.as_of) == (dt.date(2025, 9, 1), dt.date(2024, 9, 2))


@pytest.mark.django_db
def test_a_period_that_is_over_is_compared_with_the_whole_previous_period(empty_registry):
    union = make_union()
    recorder = Recorder()
    registry.register(figure(compute=recorder))
    registry.compute(union=union, period=parse_period("2024-02-01..2024-02-29"), today=dt.date(2026, 1, 1))
    current, previous = recorder.queries
    assert (current.as_of, previous.as_of) == (dt.date(2024, 2, 29), dt.date(2023, 2, 28))
    assert previous.period.key == "2023-02-01..2023-02-28"


@pytest.mark.django_db
def test_the_scope_can_be_the_union_alone(empty_registry, django_assert_num_queries):
    federation = make_union()
    make_union(parent=federation)
    recorder = Recorder()
    registry.register(figure(compute=recorder))
    with django_assert_num_queries(0):
        registry.compute(
            union=federation, period=parse_period("2025"), today=dt.date(2026, 1, 1), subtree=False
        )
    assert recorder.queries[0].unions == (federation.pk,)
    assert not recorder.queries[0].is_subtree


@pytest.mark.django_db
def test_the_subtree_is_read_in_one_query(empty_registry, django_assert_num_queries):
    federation = make_union()
    for _ in range(3):
        make_union(parent=make_union(parent=federation))
    registry.register(figure())
    with django_assert_num_queries(1):
        (result,) = registry.compute(union=federation, period=parse_period("2025"), today=dt.date(2026, 1, 1))
    assert result.value == 7


@pytest.mark.django_db
def test_rows_shared_across_are_read_once_for_the_period_and_its_previous_year(empty_registry):
    union = make_union()
    reads: list[tuple[dt.date, dt.date]] = []
    days = [dt.date(2024, 3, 1), dt.date(2024, 11, 30), dt.date(2025, 2, 1), dt.date(2025, 9, 1)]

    def load(first: dt.date, last: dt.date) -> list[dt.date]:
        reads.append((first, last))
        return [day for day in days if first <= day <= last]

    def counted(query: FigureQuery) -> FigureValue:
        rows = query.shared_across("test.days", load)
        return FigureValue(value=sum(1 for day in rows if query.start <= day <= query.as_of))

    registry.register(figure("test.a", compute=counted))
    registry.register(figure("test.b", compute=counted, order=2))
    found = registry.compute(union=union, period=parse_period("2025"), today=dt.date(2025, 6, 10))

    assert reads == [(dt.date(2024, 1, 1), dt.date(2025, 6, 10))]  # both figures, both periods
    assert [(r.value, r.previous) for r in found] == [(1, 1), (1, 1)]  # 2025-09-01 is after today


def test_a_query_computed_alone_shares_across_only_its_own_days():
    query = FigureQuery(
        unions=(1,),
        root=None,
        period=parse_period("2025"),
        today=dt.date(2026, 1, 1),
        as_of=dt.date(2025, 12, 31),
    )
    assert query.reach == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert query.shared_across("test.days", lambda first, last: (first, last)) == query.reach
    assert query.record("members.Person", 1, "王芳") is query.record("members.Person", 1, "王芳")
    assert query.record("members.Person", 1, "王芳 2学时") == RecordRef("members.Person", 1, "王芳 2学时")


@pytest.mark.django_db
def test_the_scope_does_not_take_a_union_whose_path_only_shares_leading_digits():
    union = make_union()
    other = make_union()
    Union.objects.filter(pk=other.pk).update(path=f"/{union.pk}0/")
    assert registry.union_scope(union) == (union.pk,)


@pytest.mark.django_db
def test_it_computes_only_the_keys_asked_in_registry_order(empty_registry):
    union = make_union()
    registry.register(figure("test.b", order=2))
    registry.register(figure("test.a", order=1))
    registry.register(figure("test.c", order=3))
    computed = registry.compute(
        union=union, period=parse_period("2025"), today=dt.date(2026, 1, 1), keys=["test.c", "test.a"]
    )
    assert [r.figure.key for r in computed] == ["test.a", "test.c"]


@pytest.mark.django_db
def test_it_refuses_a_period_that_has_not_started(empty_registry):
    union = make_union()
    registry.register(figure())
    with pytest.raises(PeriodError) as caught:
        registry.compute(union=union, period=parse_period("2027"), today=dt.date(2026, 11, 25))
    assert str(caught.value) == "2027年尚未开始（今天是2026年11月25日），没有可统计的数据"


@pytest.mark.django_db
def test_an_unknown_key_is_named_before_anything_is_counted(empty_registry, django_assert_num_queries):
    union = make_union()
    with django_assert_num_queries(0), pytest.raises(FigureError):
        registry.compute(union=union, period=parse_period("2025"), today=dt.date(2026, 1, 1), keys=["x.y"])


def test_values_serialise_by_unit():
    assert serialise(figure(unit="元"), Decimal("1234.5")) == "1234.50"
    assert serialise(figure(unit="元"), 12) == "12.00"
    assert serialise(figure(unit="%"), Decimal("95.4")) == "95.4"
    assert serialise(figure(unit="%"), Decimal("100")) == "100.0"
    assert serialise(figure(unit="人"), 8) == 8
    assert serialise(figure(unit="人次"), Decimal("8")) == 8
    assert serialise(figure(unit="%"), None) is None
    assert serialise(figure(unit="学时"), Decimal("12.5")) == "12.5"
    assert serialise(figure(unit="学时"), Decimal("48.0")) == "48"
    assert serialise(figure(unit="学时"), Decimal("100.0")) == "100"


def test_a_count_that_is_not_whole_is_refused():
    with pytest.raises(FigureError) as caught:
        serialise(figure(unit="人"), Decimal("8.5"))
    assert caught.value.args[0] == "指标「test.count」的单位是人，值8.5却不是整数"


def test_a_result_formats_its_value_and_its_previous_value():
    money = figure(unit="元", name="慰问金额")
    result = FigureResult(
        figure=money, value=Decimal("1234.5"), previous=Decimal("980"), records=[], flags=[]
    )
    assert format_value(result) == "1234.50"
    assert format_previous(result) == "980.00"
    assert format_value(money, result.previous) == "980.00"
    with pytest.raises(TypeError):
        format_value(result, result.previous)  # type: ignore[call-overload]


def test_a_value_displays_with_its_unit():
    assert display(figure(unit="人"), 8) == "8人"
    assert display(figure(unit="%"), Decimal("80.0")) == "80.0%"
    assert display(figure(unit="元"), Decimal("1234.5")) == "1234.50元"
    assert display(figure(unit="%"), None) == "—"
