import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gonghui.members import services
from gonghui.orgs.services import headcount_record, school_term_set
from gonghui.reports import registry
from gonghui.testing.factories import make_person, make_union

pytestmark = pytest.mark.django_db


def stats(*args: str) -> str:
    out = StringIO()
    call_command("stats", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def school():
    """一中: headcount 10 (8 women) from 2024; 7 members since 2020, 1 more in 2025, 1 of them retired in 2025."""
    union = make_union(code="QHYZ", name="清河县第一中学工会")
    headcount_record(actor=None, union=union, as_of=dt.date(2024, 1, 1), total=10, women=8)
    people = [make_person(union, name=f"会员{n}", joined_on=dt.date(2020, 9, 1)) for n in range(7)]
    make_person(union, name="新会员", joined_on=dt.date(2025, 3, 1))
    services.membership_retain(actor=None, person=people[0], on=dt.date(2025, 7, 1), reason="retirement")
    return union


def test_it_prints_every_figure_as_json(school):
    data = json.loads(stats("--union", "QHYZ", "--period", "2025", "--today", "2026-01-10", "--json"))
    assert list(data) == ["union", "period", "figures"]
    assert data["union"] == {"code": "QHYZ", "name": "清河县第一中学工会"}
    assert data["period"] == {"label": "2025年", "start": "2025-01-01", "end": "2025-12-31"}
    assert [f["key"] for f in data["figures"]] == [f.key for f in registry.figures()]
    by_key = {f["key"]: f for f in data["figures"]}
    assert by_key["members.active"] == {
        "key": "members.active",
        "name": "在职会员数",
        "unit": "人",
        "value": 7,
        "previous": 7,
        "definition": registry.get("members.active").definition,
    }
    assert (by_key["members.rate"]["value"], by_key["members.rate"]["previous"]) == ("70.0", "70.0")
    assert (by_key["members.women_rate"]["value"], by_key["members.women_rate"]["previous"]) == (
        "87.5",
        "87.5",
    )
    assert (by_key["members.new"]["value"], by_key["members.new"]["previous"]) == (1, 0)
    assert (by_key["members.retained"]["value"], by_key["members.retained"]["previous"]) == (1, 0)
    assert (by_key["members.groups"]["value"], by_key["members.groups"]["unit"]) == (0, "个")


def test_the_json_is_plain_chinese_and_a_missing_rate_is_null():
    make_union(code="QHEZ", name="清河县第二中学工会")
    raw = stats("--union", "qhez", "--period", "2025Q1", "--today", "2026-01-10", "--json")
    assert "清河县第二中学工会" in raw
    data = json.loads(raw)
    rate = next(f for f in data["figures"] if f["key"] == "members.rate")
    assert (rate["value"], rate["previous"]) == (None, None)
    assert data["period"] == {"label": "2025年第一季度", "start": "2025-01-01", "end": "2025-03-31"}


def test_it_prints_each_figure_with_last_years_value_its_definition_and_flags(school):
    lines = stats("--union", "QHYZ", "--period", "2025", "--today", "2025-09-01").splitlines()
    assert lines[0] == "清河县第一中学工会　2025年（截至2025年9月1日）"
    assert lines[1] == "在职会员数：7人　去年同期：7人"
    assert lines[2] == f"    口径：{registry.get('members.active').definition}"
    assert lines[3] == "入会率：70.0%　去年同期：70.0%"
    assert "保留会籍会员：1人　去年同期：0人" in lines


def test_a_finished_period_has_no_counted_up_to_date_in_its_header(school):
    assert stats("--union", "QHYZ", "--period", "2025", "--today", "2026-01-10").splitlines()[0] == (
        "清河县第一中学工会　2025年"
    )


def test_flags_are_printed_under_their_figure():
    make_union(code="QHSZ", name="清河县第三中学工会")
    lines = stats("--union", "QHSZ", "--period", "2025", "--today", "2026-01-10").splitlines()
    at = lines.index("入会率：—　去年同期：—")
    assert (
        lines[at + 2]
        == "    提示：清河县第三中学工会尚未登记职工人数（2025年12月31日及以前），无法计算入会率"
    )


def test_it_names_an_unknown_union():
    with pytest.raises(CommandError) as caught:
        stats("--union", "NOPE", "--period", "2025")
    assert str(caught.value) == "未找到简码为「NOPE」的工会"


def test_it_explains_a_period_it_cannot_read(school):
    with pytest.raises(CommandError) as caught:
        stats("--union", "QHYZ", "--period", "2025H3")
    assert str(caught.value).startswith("无法识别统计期间「2025H3」。可用的写法：2025（全年）")


def test_it_refuses_a_period_that_has_not_started(school):
    with pytest.raises(CommandError) as caught:
        stats("--union", "QHYZ", "--period", "2026Q4", "--today", "2026-09-30")
    assert str(caught.value) == "2026年第四季度尚未开始（今天是2026年9月30日），没有可统计的数据"


def test_it_refuses_a_today_that_is_not_a_date(school):
    with pytest.raises(CommandError) as caught:
        stats("--union", "QHYZ", "--period", "2025", "--today", "2025-13-01")
    assert "--today 的值「2025-13-01」不是 YYYY-MM-DD 格式的日期" in str(caught.value)


def test_a_term_is_counted_with_the_unions_own_term_dates(school):
    school_term_set(
        actor=None,
        union=school,
        first_year=2025,
        number=1,
        starts_on=dt.date(2025, 9, 1),
        ends_on=dt.date(2026, 1, 16),
    )
    school_term_set(
        actor=None,
        union=school,
        first_year=2024,
        number=1,
        starts_on=dt.date(2024, 9, 2),
        ends_on=dt.date(2025, 1, 17),
    )
    # Joined in the holidays: inside the default terms (9月1日–1月31日), outside the school's own.
    make_person(school, name="寒假入会", joined_on=dt.date(2026, 1, 25))
    make_person(school, name="开学前入会", joined_on=dt.date(2024, 9, 1))
    data = json.loads(stats("--union", "QHYZ", "--period", "2025-2026-1", "--today", "2026-03-01", "--json"))
    assert data["period"] == {"label": "2025—2026学年第一学期", "start": "2025-09-01", "end": "2026-01-16"}
    new = next(f for f in data["figures"] if f["key"] == "members.new")
    assert (new["value"], new["previous"]) == (0, 0)  # last year's term began on 2 September

    text = stats("--union", "QHYZ", "--period", "2025-2026学年第一学期", "--today", "2025-11-25")
    assert text.splitlines()[0] == (
        "清河县第一中学工会　2025—2026学年第一学期（2025年9月1日至2026年1月16日，截至2025年11月25日）"
    )


def test_a_union_without_term_dates_counts_a_term_by_the_default_rule(school):
    other = make_union(code="QHEZ", name="清河县第二中学工会")
    make_person(other, name="寒假入会", joined_on=dt.date(2026, 1, 25))
    make_person(other, name="开学前入会", joined_on=dt.date(2024, 9, 1))
    school_term_set(
        actor=None,
        union=school,
        first_year=2025,
        number=1,
        starts_on=dt.date(2025, 9, 1),
        ends_on=dt.date(2026, 1, 16),
    )  # another union's calendar changes nothing here
    data = json.loads(stats("--union", "QHEZ", "--period", "2025-2026-1", "--today", "2026-03-01", "--json"))
    assert data["period"] == {"label": "2025—2026学年第一学期", "start": "2025-09-01", "end": "2026-01-31"}
    new = next(f for f in data["figures"] if f["key"] == "members.new")
    assert (new["value"], new["previous"]) == (1, 1)
