import datetime as dt

import pytest

from gonghui.reports.periods import (
    PeriodError,
    PeriodKind,
    SchoolCalendar,
    TermDates,
    cn_date,
    default_term_dates,
    parse_period,
    shift_years,
    term_period,
)


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
    "text",
    [
        "",
        "25",
        "2025H3",
        "2025Q5",
        "2025年",
        "2025-03",
        "上半年",
        "2025-03-01~2025-06-30",
        "2024-2025-3",
        "2024-2025学年第三学期",
        "2024-2025学期",
        "第一学期",
    ],
)
def test_it_refuses_an_unknown_form_and_names_the_accepted_ones(text):
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    message = str(caught.value)
    assert message.startswith(f"无法识别统计期间「{text}」。可用的写法：")
    for form in (
        "2025（全年）",
        "2025H1",
        "2025Q1",
        "2024-2025（学年",
        "2024-2025-1或2024-2025-2（第一或第二学期",
        "2024-2025学年第一学期",
        "2025-03-01..2025-06-30",
    ):
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
        ("2024-2025-1", "2023-2024-1", "2023—2024学年第一学期"),
        ("2024-2025-2", "2023-2024-2", "2023—2024学年第二学期"),
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


TERM_2025_1 = TermDates(2025, 1, dt.date(2025, 9, 1), dt.date(2026, 1, 23))
TERM_2025_2 = TermDates(2025, 2, dt.date(2026, 3, 2), dt.date(2026, 7, 10))
TERM_2024_1 = TermDates(2024, 1, dt.date(2024, 9, 2), dt.date(2025, 1, 17))
TERM_2024_2 = TermDates(2024, 2, dt.date(2025, 2, 17), dt.date(2025, 7, 4))
CALENDAR = SchoolCalendar.of([TERM_2025_2, TERM_2024_1, TERM_2025_1, TERM_2024_2])


@pytest.mark.parametrize(
    ("text", "key", "label"),
    [
        ("2024-2025-1", "2024-2025-1", "2024—2025学年第一学期"),
        ("2024-2025-2", "2024-2025-2", "2024—2025学年第二学期"),
        ("2024—2025-2", "2024-2025-2", "2024—2025学年第二学期"),
        ("２０２４－２０２５－１", "2024-2025-1", "2024—2025学年第一学期"),
        ("2024-2025学年第一学期", "2024-2025-1", "2024—2025学年第一学期"),
        ("2024-2025学年第二学期", "2024-2025-2", "2024—2025学年第二学期"),
        ("2024—2025第一学期", "2024-2025-1", "2024—2025学年第一学期"),
        ("2024—2025学年 第2学期", "2024-2025-2", "2024—2025学年第二学期"),
        ("2024-2025学年上学期", "2024-2025-1", "2024—2025学年第一学期"),
        ("2024-2025下学期", "2024-2025-2", "2024—2025学年第二学期"),
    ],
)
def test_it_reads_every_form_of_a_term(text, key, label):
    period = parse_period(text)
    assert (period.key, period.label, period.kind) == (key, label, PeriodKind.TERM)
    assert parse_period(period.key) == period  # the key reads back as the same term


def test_without_a_calendar_the_terms_cover_the_school_year_with_no_gap():
    first, second = parse_period("2024-2025-1"), parse_period("2024-2025-2")
    year = parse_period("2024-2025")
    assert (first.start, first.end) == (dt.date(2024, 9, 1), dt.date(2025, 1, 31))
    assert (second.start, second.end) == (dt.date(2025, 2, 1), dt.date(2025, 8, 31))
    assert first.start == year.start and second.end == year.end
    assert second.start - first.end == dt.timedelta(days=1)
    # 29 February of a leap year falls in 第二学期 too.
    assert parse_period("2027-2028-2").start == dt.date(2028, 2, 1)
    assert default_term_dates(2027, 2) == (dt.date(2028, 2, 1), dt.date(2028, 8, 31))


def test_a_calendar_gives_the_dates_the_school_set():
    period = parse_period("2025-2026学年第一学期", CALENDAR)
    assert (period.start, period.end) == (dt.date(2025, 9, 1), dt.date(2026, 1, 23))
    assert period.label == "2025—2026学年第一学期"
    second = term_period(2025, 2, CALENDAR)
    assert (second.start, second.end) == (dt.date(2026, 3, 2), dt.date(2026, 7, 10))
    # A year the school has not set follows the default rule.
    assert (term_period(2023, 1, CALENDAR).start, term_period(2023, 1, CALENDAR).end) == (
        dt.date(2023, 9, 1),
        dt.date(2024, 1, 31),
    )


def test_a_term_not_set_fills_the_rest_of_its_school_year_beside_one_that_is():
    only_first = SchoolCalendar.of([TERM_2025_1])
    assert only_first.dates(2025, 2) == (dt.date(2026, 1, 24), dt.date(2026, 8, 31))
    only_second = SchoolCalendar.of([TERM_2025_2])
    assert only_second.dates(2025, 1) == (dt.date(2025, 9, 1), dt.date(2026, 3, 1))
    assert only_second.configured(2025, 1) is None
    assert only_second.configured(2025, 2) == TERM_2025_2


def test_the_previous_year_of_a_term_takes_the_calendar_dates_of_that_year():
    previous = parse_period("2025-2026-1", CALENDAR).previous_year()
    assert (previous.key, previous.label, previous.kind) == (
        "2024-2025-1",
        "2024—2025学年第一学期",
        PeriodKind.TERM,
    )
    assert (previous.start, previous.end) == (dt.date(2024, 9, 2), dt.date(2025, 1, 17))
    assert previous.calendar == CALENDAR
    second = term_period(2025, 2, CALENDAR).previous_year()
    assert (second.start, second.end) == (dt.date(2025, 2, 17), dt.date(2025, 7, 4))
    # Two school years back nothing is set: the default rule.
    assert (second.previous_year().start, second.previous_year().end) == (
        dt.date(2024, 2, 1),
        dt.date(2024, 8, 31),
    )


def test_the_calendar_does_not_take_part_in_comparing_periods():
    default = parse_period("2023-2024-1")
    assert default == parse_period("2023-2024-1", CALENDAR)  # same key and same (default) dates
    assert hash(default) == hash(parse_period("2023-2024-1", CALENDAR))
    assert parse_period("2025-2026-1") != parse_period("2025-2026-1", CALENDAR)  # different dates


def test_the_order_terms_are_given_in_does_not_matter():
    assert SchoolCalendar.of([TERM_2024_1, TERM_2025_1]) == SchoolCalendar.of([TERM_2025_1, TERM_2024_1])


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        (
            [TermDates(2025, 1, dt.date(2026, 1, 23), dt.date(2025, 9, 1))],
            "2025—2026学年第一学期的开始日期2026年1月23日晚于结束日期2025年9月1日",
        ),
        (
            [TermDates(2025, 3, dt.date(2026, 7, 11), dt.date(2026, 8, 20))],
            "学期只能是第一学期或第二学期，不能是第3学期",
        ),
        ([TERM_2025_1, TERM_2025_1], "2025—2026学年第一学期的起止日期设定了两次"),
    ],
)
def test_a_calendar_refuses_impossible_terms(terms, message):
    with pytest.raises(PeriodError) as caught:
        SchoolCalendar.of(terms)
    assert str(caught.value) == message


def test_it_refuses_a_term_whose_years_do_not_follow_each_other():
    with pytest.raises(PeriodError) as caught:
        parse_period("2024-2026-2")
    assert (
        str(caught.value)
        == "统计期间「2024-2026-2」：学年的两个年份应前后相连，如2024-2025-2（2024—2025学年第二学期）"
    )
    with pytest.raises(PeriodError) as caught:
        parse_period("2024-2026学年第一学期")
    assert str(caught.value) == (
        "统计期间「2024-2026学年第一学期」：学年的两个年份应前后相连，如2024-2025-1（2024—2025学年第一学期）"
    )


def test_a_school_year_may_be_written_with_its_chinese_word():
    assert parse_period("2024-2025学年").key == "2024-2025"
