import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.partial_dates import (
    PartialDate,
    PartialDateError,
    parse_full_date,
    parse_partial_date,
)

in_range_dates = st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 12, 31))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-03-01", PartialDate(2019, 3, 1)),
        ("2019/3/1", PartialDate(2019, 3, 1)),
        ("2019.3.1", PartialDate(2019, 3, 1)),
        ("2019.3", PartialDate(2019, 3)),
        ("2019.03", PartialDate(2019, 3)),
        ("2019.10", PartialDate(2019, 10)),
        ("2019-3", PartialDate(2019, 3)),
        ("2019/03", PartialDate(2019, 3)),
        ("2019年3月1日", PartialDate(2019, 3, 1)),
        ("2019年03月01号", PartialDate(2019, 3, 1)),
        ("2019年3月", PartialDate(2019, 3)),
        ("2019年", PartialDate(2019)),
        ("2019", PartialDate(2019)),
        ("20190301", PartialDate(2019, 3, 1)),
        ("201903", PartialDate(2019, 3)),
        ("２０１９年３月", PartialDate(2019, 3)),
        ("２０１９－０３－０１", PartialDate(2019, 3, 1)),
        (" 2019 年 3 月 1 日 ", PartialDate(2019, 3, 1)),
        ("2019-03-01 00:00:00", PartialDate(2019, 3, 1)),
        ("2019-03-01T08:30", PartialDate(2019, 3, 1)),
    ],
)
def test_it_reads_each_way_of_writing_a_date(text: str, expected: PartialDate) -> None:
    assert parse_partial_date(text) == expected


def test_it_keeps_the_precision_the_text_was_written_with() -> None:
    assert parse_partial_date("1985年3月").precision == "month"
    assert parse_partial_date("1985").precision == "year"
    assert parse_partial_date("1985-03-01").precision == "day"


def test_it_reads_date_and_datetime_objects_to_the_day() -> None:
    assert parse_partial_date(dt.date(2019, 3, 1)) == PartialDate(2019, 3, 1)
    assert parse_partial_date(dt.datetime(2019, 3, 1, 17, 45)) == PartialDate(2019, 3, 1)


def test_it_reads_an_excel_serial_number_in_the_1900_date_system() -> None:
    assert parse_partial_date(43525) == PartialDate(2019, 3, 1)
    assert parse_partial_date(43525.75) == PartialDate(2019, 3, 1)
    assert parse_partial_date(Decimal("43525")) == PartialDate(2019, 3, 1)


def test_it_reads_excel_serials_on_both_sides_of_the_fictitious_leap_day() -> None:
    assert parse_partial_date(59) == PartialDate(1900, 2, 28)
    assert parse_partial_date(61) == PartialDate(1900, 3, 1)


def test_it_rejects_excels_fictitious_29_february_1900() -> None:
    with pytest.raises(PartialDateError) as caught:
        parse_partial_date(60)
    assert str(caught.value) == "Excel日期序列号60对应1900年2月29日，这一天不存在（Excel沿袭的历史错误）"


def test_it_reads_a_whole_number_that_is_a_plausible_year_as_a_year() -> None:
    assert parse_partial_date(1985) == PartialDate(1985)
    assert parse_partial_date(1985.0) == PartialDate(1985)


def test_it_reads_yyyymmdd_and_yyyymm_typed_into_number_cells() -> None:
    assert parse_partial_date(20190301) == PartialDate(2019, 3, 1)
    assert parse_partial_date(201903) == PartialDate(2019, 3)


def test_it_reads_year_dot_month_typed_into_a_number_cell() -> None:
    assert parse_partial_date(1985.03) == PartialDate(1985, 3)
    assert parse_partial_date(1985.3) == PartialDate(1985, 3)
    assert parse_partial_date(1985.12) == PartialDate(1985, 12)
    assert parse_partial_date(Decimal("1985.10")) == PartialDate(1985, 10)


def test_it_refuses_a_number_that_could_be_january_or_october() -> None:
    with pytest.raises(PartialDateError) as caught:
        parse_partial_date(1985.1)
    assert str(caught.value) == (
        "数值1985.1无法区分1985年1月和1985年10月（数字单元格会丢掉末尾的0）；请把单元格设为文本，或写成年-月-日"
    )


def test_it_rejects_a_day_that_does_not_exist_and_says_why() -> None:
    with pytest.raises(PartialDateError) as caught:
        parse_partial_date("2019年2月30日")
    assert str(caught.value) == "2019年2月30日不存在：2019年2月只有28天"


def test_it_accepts_29_february_in_a_leap_year_only() -> None:
    assert parse_partial_date("2020-02-29") == PartialDate(2020, 2, 29)
    with pytest.raises(PartialDateError):
        parse_partial_date("2100-02-29")


def test_it_rejects_a_thirteenth_month() -> None:
    with pytest.raises(PartialDateError) as caught:
        parse_partial_date("2019.13")
    assert str(caught.value) == "2019年13月不存在：月份应在1到12之间"


def test_it_rejects_unreadable_text_and_lists_the_accepted_forms() -> None:
    with pytest.raises(PartialDateError) as caught:
        parse_partial_date("去年春天")
    assert str(caught.value) == (
        "无法识别的日期「去年春天」：请写成2019-03-01、2019/3/1、2019.3、2019年3月、2019年或20190301等形式"
    )


@pytest.mark.parametrize("text", ["2019-3/1", "19-3-1", "2019031", "2019年3", "3/1/2019", "2019..3"])
def test_it_rejects_malformed_text(text: str) -> None:
    with pytest.raises(PartialDateError, match=r"^无法识别的日期"):
        parse_partial_date(text)


def test_it_rejects_a_year_outside_the_plausible_range() -> None:
    with pytest.raises(PartialDateError) as caught:
        parse_partial_date("1850年3月")
    assert str(caught.value) == "日期「1850年3月」的年份1850不在1900–2100年之间，可能是录入错误"


@pytest.mark.parametrize("value", [None, "", "   "])
def test_it_says_an_empty_value_is_empty(value: object) -> None:
    with pytest.raises(PartialDateError) as caught:
        parse_partial_date(value)
    assert str(caught.value) == "日期为空"


@pytest.mark.parametrize(
    "value", [True, float("nan"), float("inf"), Decimal("NaN"), Decimal("sNaN"), [2019, 3]]
)
def test_it_rejects_values_that_are_not_dates(value: object) -> None:
    with pytest.raises(PartialDateError):
        parse_partial_date(value)


def test_it_rejects_an_excel_serial_outside_excels_range() -> None:
    with pytest.raises(PartialDateError) as caught:
        parse_partial_date(0)
    assert str(caught.value) == "无法把数值0当作Excel日期：Excel日期序列号应在1到2958465之间"


def test_partial_date_errors_are_value_errors() -> None:
    assert issubclass(PartialDateError, ValueError)


def test_it_prints_in_chinese_at_each_precision() -> None:
    assert str(PartialDate(1985)) == "1985年"
    assert str(PartialDate(1985, 3)) == "1985年3月"
    assert str(PartialDate(1985, 3, 1)) == "1985年3月1日"


def test_it_writes_an_iso_form_for_each_precision() -> None:
    assert PartialDate(1985).isoformat() == "1985"
    assert PartialDate(1985, 3).isoformat() == "1985-03"
    assert PartialDate(1985, 3, 1).isoformat() == "1985-03-01"


def test_it_compares_with_a_date_only_as_far_as_its_precision_goes() -> None:
    march_12 = dt.date(1985, 3, 12)
    assert PartialDate(1985).agrees_with(march_12)
    assert PartialDate(1985, 3).agrees_with(march_12)
    assert PartialDate(1985, 3, 12).agrees_with(march_12)
    assert not PartialDate(1986).agrees_with(march_12)
    assert not PartialDate(1985, 4).agrees_with(march_12)
    assert not PartialDate(1985, 3, 13).agrees_with(march_12)


def test_it_knows_the_first_and_last_day_it_can_stand_for() -> None:
    assert PartialDate(2020).first_day == dt.date(2020, 1, 1)
    assert PartialDate(2020).last_day == dt.date(2020, 12, 31)
    assert PartialDate(2020, 2).last_day == dt.date(2020, 2, 29)
    assert PartialDate(2020, 2, 10).last_day == dt.date(2020, 2, 10)


def test_it_refuses_a_day_without_a_month() -> None:
    with pytest.raises(PartialDateError) as caught:
        PartialDate(1985, None, 3)
    assert str(caught.value) == "1985年某日缺少月份：有日必须有月"


def test_a_full_date_is_returned_as_a_date() -> None:
    assert parse_full_date("2019年3月1日") == dt.date(2019, 3, 1)
    assert parse_full_date(43525) == dt.date(2019, 3, 1)


def test_a_full_date_must_give_the_day() -> None:
    with pytest.raises(PartialDateError) as caught:
        parse_full_date("2019年3月")
    assert str(caught.value) == "日期「2019年3月」不完整：这里需要精确到日，例如2019-03-01"


@given(in_range_dates)
def test_every_date_survives_its_iso_and_chinese_forms(d: dt.date) -> None:
    partial = PartialDate(d.year, d.month, d.day)
    assert parse_partial_date(partial.isoformat()) == partial
    assert parse_partial_date(str(partial)) == partial
    assert parse_partial_date(d.strftime("%Y%m%d")) == partial


@given(in_range_dates)
def test_every_date_survives_the_excel_serial_round_trip_except_in_1905(d: dt.date) -> None:
    serial = (d - dt.date(1899, 12, 30)).days
    if 1900 <= serial <= 2100:  # 1905-03-14 to 1905-09-30: these numbers are read as years
        assert parse_partial_date(serial) == PartialDate(serial)
    else:
        assert parse_full_date(serial) == d


@given(st.integers(min_value=1900, max_value=2100), st.integers(min_value=1, max_value=12))
def test_every_year_and_month_survives_its_written_forms(year: int, month: int) -> None:
    partial = PartialDate(year, month)
    for text in (
        partial.isoformat(),
        str(partial),
        f"{year}.{month}",
        f"{year}/{month}",
        f"{year}{month:02d}",
    ):
        assert parse_partial_date(text) == partial
