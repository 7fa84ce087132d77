import datetime as dt

import pytest

from gonghui.reports.periods import PeriodError, PeriodKind, cn_date, parse_period, shift_years


@pytest.mark.parametrize(
    ("text", "key", "label", "start", "end", "kind"),
    [
        ("2025", "2025", "2025年", dt.date(2025, 1, 1), dt.date(2025, 12, 31), PeriodKind.YEAR),
        ("2025H1", "2025H1", "2025年上半年", dt.date(2025, 1, 1), dt.date(2025, 6, 30), PeriodKind.HALF_YEAR),
        (
            "2025h2",
            "2025H2",
            "2025年下半年",
            dt.date(2025, 7, 1),
            dt.date(2025, 12, 31),
            PeriodKind.HALF_YEAR,
        ),
        ("2025Q1", "2025Q1", "2025年第一季度", dt.date(2025, 1, 1), dt.date(2025, 3, 31), PeriodKind.QUARTER),
        ("2024Q1", "2024Q1", "2024年第一季度", dt.date(2024, 1, 1), dt.date(2024, 3, 31), PeriodKind.QUARTER),
        ("2025q2", "2025Q2", "2025年第二季度", dt.date(2025, 4, 1), dt.date(2025, 6, 30), PeriodKind.QUARTER),
        ("2025Q3", "2025Q3", "2025年第三季度", dt.date(2025, 7, 1), dt.date(2025, 9, 30), PeriodKind.QUARTER),
        (
            "2025Q4",
            "2025Q4",
            "2025年第四季度",
            dt.date(2025, 10, 1),
            dt.date(2025, 12, 31),
            PeriodKind.QUARTER,
        ),
        (
            "2024-2025",
            "2024-2025",
            "2024—2025学年",
            dt.date(2024, 9, 1),
            dt.date(2025, 8, 31),
            PeriodKind.SCHOOL_YEAR,
        ),
        (
            "2025-03-01..2025-06-30",
            "2025-03-01..2025-06-30",
            "2025年3月1日至2025年6月30日",
            dt.date(2025, 3, 1),
            dt.date(2025, 6, 30),
            PeriodKind.RANGE,
        ),
    ],
)
def test_it_reads_every_accepted_form(text, key, label, start, end, kind):
    period = parse_period(text)
    assert (period.key, period.label, period.start, period.end, period.kind) == (key, label, start, end, kind)


def test_it_normalises_spaces_full_width_characters_and_dashes():
    assert parse_period(" ２０２５Ｈ１ ").key == "2025H1"
    assert parse_period("2025-03-01 .. 2025-06-30").key == "2025-03-01..2025-06-30"
    assert parse_period("2024—2025").key == "2024-2025"


def test_it_accepts_a_range_of_one_day():
    period = parse_period("2025-03-01..2025-03-01")
    assert (period.start, period.end, period.label) == (
        dt.date(2025, 3, 1),
        dt.date(2025, 3, 1),
        "2025年3月1日至2025年3月1日",
    )


@pytest.mark.parametrize(
    "text", ["", "25", "2025H3", "2025Q5", "2025年", "2025-03", "上半年", "2025-03-01~2025-06-30"]
)
def test_it_refuses_an_unknown_form_and_names_the_accepted_ones(text):
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    message = str(caught.value)
    assert message.startswith(f"无法识别统计期间「{text}」。可用的写法：")
    for form in ("2025（全年）", "2025H1", "2025Q1", "2024-2025（学年", "2025-03-01..2025-06-30"):
        assert form in message


def test_it_refuses_a_school_year_whose_years_do_not_follow_each_other():
    with pytest.raises(PeriodError) as caught:
        parse_period("2024-2026")
    assert str(caught.value) == (
        "统计期间「2024-2026」：学年的两个年份应前后相连，如2024-2025（2024年9月1日至2025年8月31日）"
    )


def test_it_refuses_a_range_that_ends_before_it_starts():
    with pytest.raises(PeriodError) as caught:
        parse_period("2025-06-30..2025-03-01")
    assert str(caught.value) == "起始日期2025年6月30日晚于结束日期2025年3月1日，请调换两个日期"


def test_it_refuses_a_date_that_does_not_exist():
    with pytest.raises(PeriodError) as caught:
        parse_period("2025-02-29..2025-03-31")
    assert str(caught.value) == "统计期间「2025-02-29..2025-03-31」中的「2025-02-29」不是有效的日期"


def test_it_refuses_a_year_out_of_range():
    with pytest.raises(PeriodError) as caught:
        parse_period("0999")
    assert str(caught.value) == "统计期间「0999」的年份999不在1901–9998年之间"


def test_a_period_error_is_a_value_error():
    assert issubclass(PeriodError, ValueError)


def test_a_running_period_counts_up_to_today():
    period = parse_period("2025")
    assert period.counted_end(dt.date(2025, 6, 10)) == dt.date(2025, 6, 10)
    assert not period.is_over(dt.date(2025, 6, 10))


def test_a_period_is_over_from_its_last_day():
    period = parse_period("2025")
    assert period.counted_end(dt.date(2025, 12, 31)) == dt.date(2025, 12, 31)
    assert period.is_over(dt.date(2025, 12, 31))
    assert period.counted_end(dt.date(2026, 3, 1)) == dt.date(2025, 12, 31)
    assert period.is_over(dt.date(2026, 3, 1))


def test_a_period_has_started_on_its_first_day():
    period = parse_period("2025Q2")
    assert not period.has_started(dt.date(2025, 3, 31))
    assert period.has_started(dt.date(2025, 4, 1))


@pytest.mark.parametrize(
    ("text", "previous_key", "previous_label"),
    [
        ("2025", "2024", "2024年"),
        ("2025H1", "2024H1", "2024年上半年"),
        ("2025H2", "2024H2", "2024年下半年"),
        ("2025Q3", "2024Q3", "2024年第三季度"),
        ("2024-2025", "2023-2024", "2023—2024学年"),
        ("2025-03-01..2025-06-30", "2024-03-01..2024-06-30", "2024年3月1日至2024年6月30日"),
    ],
)
def test_the_previous_year_is_the_same_dates_a_year_earlier(text, previous_key, previous_label):
    period = parse_period(text)
    previous = period.previous_year()
    assert (previous.key, previous.label, previous.kind) == (previous_key, previous_label, period.kind)
    assert previous.start == shift_years(period.start, -1)
    assert previous.end == shift_years(period.end, -1)


def test_the_previous_year_of_29_february_is_28_february():
    previous = parse_period("2024-02-01..2024-02-29").previous_year()
    assert (previous.start, previous.end) == (dt.date(2023, 2, 1), dt.date(2023, 2, 28))
    assert previous.key == "2023-02-01..2023-02-28"


def test_the_previous_year_of_a_leap_first_quarter_ends_on_31_march():
    previous = parse_period("2025Q1").previous_year()
    assert (previous.start, previous.end) == (dt.date(2024, 1, 1), dt.date(2024, 3, 31))


def test_it_writes_dates_without_leading_zeros():
    assert cn_date(dt.date(2025, 3, 1)) == "2025年3月1日"
