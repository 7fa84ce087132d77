import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn.ric import calc_check_digit

from gonghui.core.idnumbers import (
    IdCheck,
    IdType,
    check_against_id,
    check_id_number,
    make_id_number,
    normalize_id_number,
    region_name,
)
from gonghui.core.partial_dates import PartialDate

TODAY = dt.date(2025, 6, 1)
STANDARD_EXAMPLE = "11010519491231002X"

regions = st.from_regex(r"[1-8][0-9]{5}", fullmatch=True)
births = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999)


def check(raw: str | int | float | None, id_type: IdType = IdType.RESIDENT) -> IdCheck:
    return check_id_number(raw, id_type=id_type, today=TODAY)


def test_it_accepts_the_standards_example_and_reads_birth_and_gender() -> None:
    result = check(STANDARD_EXAMPLE)
    assert result.ok
    assert result.normalized == STANDARD_EXAMPLE
    assert result.birth_date == dt.date(1949, 12, 31)
    assert result.gender == "F"
    assert result.errors == []
    assert result.warnings == []


def test_it_accepts_a_lowercase_x_and_stores_it_uppercase() -> None:
    result = check("11010519491231002x")
    assert result.ok
    assert result.normalized == STANDARD_EXAMPLE


def test_it_ignores_spaces_and_fullwidth_characters() -> None:
    result = check(" １１０１０５ １９４９１２３１ ００２Ｘ\u3000")
    assert result.ok
    assert result.normalized == STANDARD_EXAMPLE


def test_it_reads_an_odd_seventeenth_digit_as_male() -> None:
    result = check(make_id_number("110105", dt.date(1980, 5, 17), 123))
    assert result.gender == "M"


def test_it_computes_the_check_digit_of_the_second_standard_example() -> None:
    assert make_id_number("440524", dt.date(1880, 1, 1), 1) == "440524188001010014"


def test_the_second_standard_example_fails_only_the_1900_birth_floor() -> None:
    # GB 11643's example is born in 1880; this system refuses births before 1900 (RULES.md §7).
    result = check("440524188001010014")
    assert result.errors == ["第7–14位的出生日期1880年1月1日早于1900年1月1日，不可能"]


def test_a_retired_region_code_gets_no_warning_when_it_was_in_use_at_birth() -> None:
    # 440524 (广东省潮阳县) was used until 1993; 崇文区 110103 until 2010.
    result = check(make_id_number("440524", dt.date(1990, 5, 1), 14))
    assert result.ok
    assert result.normalized == "440524199005010146"
    assert result.warnings == []
    assert check(make_id_number("110103", dt.date(1960, 5, 1), 14)).warnings == []


def test_a_region_code_retired_before_the_birth_year_is_only_a_warning() -> None:
    result = check(make_id_number("440524", dt.date(2000, 5, 1), 14))
    assert result.ok
    assert result.warnings == [
        "地区码440524（广东省潮阳县）只使用到1993年，而出生日期在2000年，按规定不会再用该地区码编号；请核对前6位是否录入有误"
    ]


def test_an_unknown_region_code_is_only_a_warning() -> None:
    result = check(make_id_number("119999", dt.date(1990, 5, 1), 14))
    assert result.ok
    assert result.warnings == [
        "地区码119999（号码前6位）不在行政区划代码表中；格式和校验位都正确，请核对前6位是否录入有误"
    ]


def test_a_current_region_code_gets_no_warning() -> None:
    assert check(make_id_number("310115", dt.date(1990, 5, 1), 14)).warnings == []


def test_it_names_a_region_code() -> None:
    assert region_name("110105") == "北京市朝阳区"
    assert region_name("11010519491231002X") == "北京市朝阳区"
    assert region_name("119999") is None
    assert region_name("abc") is None


def test_it_converts_a_fifteen_digit_number_with_a_warning() -> None:
    result = check("110105491231002")
    assert result.ok
    assert result.normalized == "11010519491231002X"
    assert result.birth_date == dt.date(1949, 12, 31)
    assert result.warnings == ["15位旧身份证号110105491231002已按GB 11643转换为18位：11010519491231002X"]


def test_it_converts_a_fifteen_digit_number_read_from_a_number_cell() -> None:
    assert check(110105491231002).normalized == "11010519491231002X"


def test_it_refuses_an_eighteen_digit_number_that_excel_stored_as_a_number() -> None:
    result = check(110105194912310021)
    assert result.errors == [
        "证件号码「110105194912310021」是以数字格式保存的：Excel只保留15位有效数字，后几位可能已经丢失；"
        "请把该列设为文本格式后重新录入"
    ]


def test_it_rejects_a_bad_check_digit_naming_the_expected_one() -> None:
    result = check("110105194912310025")
    assert not result.ok
    assert result.normalized is None
    assert result.birth_date is None
    assert result.gender is None
    assert result.errors == ["校验位错误：按前17位计算应为X，实际为5"]


def test_it_rejects_a_birth_date_that_does_not_exist() -> None:
    result = check("110105199902300015")  # the check digit is right for these 17 digits
    assert result.errors == ["第7–14位的出生日期19990230无效（1999年2月30日不存在：1999年2月只有28天）"]


def test_it_rejects_a_birth_date_in_the_future() -> None:
    result = check(make_id_number("110105", dt.date(2025, 6, 2), 1))
    assert result.errors == ["第7–14位的出生日期2025年6月2日晚于今天（2025年6月1日），不可能"]


def test_it_accepts_a_birth_date_of_today() -> None:
    assert check(make_id_number("110105", TODAY, 1)).ok


def test_it_reports_a_bad_date_and_a_bad_check_digit_together() -> None:
    result = check("110105199913010011")
    assert result.errors == [
        "第7–14位的出生日期19991301无效（1999年13月不存在：月份应在1到12之间）",
        "校验位错误：按前17位计算应为3，实际为1",
    ]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "证件号码为空"),
        (None, "证件号码为空"),
        ("1101051949123100", "居民身份证号码应为18位（或15位旧号码），实际为16位"),
        ("11010519491231002XX", "居民身份证号码应为18位（或15位旧号码），实际为19位"),
        ("1101051949123100X2", "居民身份证号码前17位应全为数字，第17位是「X」"),
        ("11010519491231002Y", "第18位是校验位，应为数字或X，实际为「Y」"),
        ("11010549123100X", "15位旧身份证号应全为数字，第15位是「X」"),
    ],
)
def test_it_rejects_a_malformed_resident_number_saying_why(raw: str | None, message: str) -> None:
    assert check(raw).errors == [message]


def test_it_accepts_a_hong_kong_residence_permit() -> None:
    number = make_id_number("810000", dt.date(1990, 1, 1), 11)
    result = check(number, IdType.HMT_RESIDENCE)
    assert result.ok
    assert result.gender == "M"
    assert result.warnings == []


def test_it_accepts_a_taiwan_residence_permit_with_a_code_missing_from_the_region_table() -> None:
    assert check(make_id_number("830000", dt.date(1990, 1, 1), 12), IdType.HMT_RESIDENCE).warnings == []


def test_it_rejects_a_residence_permit_with_a_mainland_prefix() -> None:
    result = check(STANDARD_EXAMPLE, IdType.HMT_RESIDENCE)
    assert result.errors == [
        "港澳台居民居住证号码应以810000（香港）、820000（澳门）或830000（台湾）开头，实际为110105"
    ]


def test_it_suggests_the_residence_permit_type_for_a_resident_number_starting_810000() -> None:
    result = check(make_id_number("810000", dt.date(1990, 1, 1), 11))
    assert result.ok
    assert result.warnings == [
        "号码以810000开头，是香港居民居住证的格式；证件类型是否应为「港澳台居民居住证」？"
    ]


def test_it_does_not_convert_a_fifteen_digit_residence_permit() -> None:
    assert check("810000900101001", IdType.HMT_RESIDENCE).errors == [
        "港澳台居民居住证号码应为18位，实际为15位"
    ]


def test_it_accepts_a_foreign_permanent_residence_id_starting_with_9() -> None:
    result = check(make_id_number("911840", dt.date(1975, 8, 9), 22), IdType.FOREIGN_PR)
    assert result.ok
    assert result.birth_date == dt.date(1975, 8, 9)
    assert result.gender == "F"


def test_it_rejects_a_foreign_permanent_residence_id_not_starting_with_9() -> None:
    result = check(STANDARD_EXAMPLE, IdType.FOREIGN_PR)
    assert result.errors == ["外国人永久居留身份证号码应以9开头，实际为1"]


def test_it_suggests_the_foreign_type_for_a_resident_number_starting_with_9() -> None:
    result = check(make_id_number("911840", dt.date(1975, 8, 9), 22))
    assert result.warnings == [
        "号码以9开头，是外国人永久居留身份证的格式；证件类型是否应为「外国人永久居留身份证」？"
    ]


def test_it_accepts_a_passport_number_with_letters_digits_and_dashes() -> None:
    result = check(" e1234-5678 ", IdType.PASSPORT)
    assert result.ok
    assert result.normalized == "E1234-5678"
    assert result.birth_date is None
    assert result.gender is None


def test_it_rejects_a_passport_number_with_other_characters() -> None:
    assert check("E123/456", IdType.PASSPORT).errors == ["护照号码只能包含字母、数字和短横线，第5位是「/」"]


def test_it_rejects_another_document_number_longer_than_32_characters() -> None:
    assert check("A" * 33, IdType.OTHER).errors == ["其他证件号码最长32个字符，实际为33个"]


def test_it_rejects_an_empty_passport_number() -> None:
    assert check("  ", IdType.PASSPORT).errors == ["证件号码为空"]


def test_it_accepts_the_id_type_as_its_stored_string() -> None:
    assert check_id_number(" e123 ", id_type="passport").normalized == "E123"


def test_normalizing_strips_spaces_and_uppercases_x() -> None:
    assert normalize_id_number(" 110105 19491231 002x ") == STANDARD_EXAMPLE


def test_id_types_have_chinese_labels() -> None:
    assert IdType.choices == [
        ("resident", "居民身份证"),
        ("hmt_residence", "港澳台居民居住证"),
        ("foreign_pr", "外国人永久居留身份证"),
        ("passport", "护照"),
        ("other", "其他证件"),
    ]


def test_a_birth_date_that_disagrees_with_the_id_is_an_error() -> None:
    result = check(make_id_number("110105", dt.date(1986, 3, 12), 1))
    assert check_against_id(result, birth=PartialDate(1985, 3), gender=None) == [
        "出生日期「1985年3月」与身份证号中的出生日期1986年3月12日不一致"
    ]


def test_a_birth_date_given_to_the_month_agrees_with_any_day_of_that_month() -> None:
    result = check(make_id_number("110105", dt.date(1986, 3, 12), 1))
    assert check_against_id(result, birth=PartialDate(1986, 3), gender="M") == []
    assert check_against_id(result, birth=dt.date(1986, 3, 12), gender="男") == []


def test_a_gender_that_disagrees_with_the_id_is_an_error() -> None:
    result = check(make_id_number("110105", dt.date(1986, 3, 12), 1))
    assert check_against_id(result, birth=None, gender="F") == [
        "性别「女」与身份证号（第17位为奇数，应为男）不一致"
    ]
    assert check_against_id(check(STANDARD_EXAMPLE), birth=None, gender="男") == [
        "性别「男」与身份证号（第17位为偶数，应为女）不一致"
    ]


def test_an_unreadable_gender_is_an_error() -> None:
    assert check_against_id(check(STANDARD_EXAMPLE), birth=None, gender="未知") == [
        "性别「未知」无法识别：应为男或女"
    ]


def test_nothing_is_compared_against_an_id_that_failed() -> None:
    failed = check("110105194912310025")
    assert check_against_id(failed, birth=PartialDate(1900), gender="M") == []


def test_making_a_number_refuses_a_bad_region_or_sequence() -> None:
    with pytest.raises(ValueError, match="地区码应为6位数字"):
        make_id_number("11010", dt.date(1990, 1, 1), 1)
    with pytest.raises(ValueError, match="顺序码应在0到999之间"):
        make_id_number("110105", dt.date(1990, 1, 1), 1000)


@given(regions, births, sequences)
def test_every_made_number_passes_with_its_birth_date_and_gender(
    region: str, birth: dt.date, seq: int
) -> None:
    number = make_id_number(region, birth, seq)
    result = check(number)
    assert result.errors == []
    assert result.normalized == number
    assert result.birth_date == birth
    assert result.gender == ("M" if seq % 2 else "F")


@given(regions, births, sequences)
def test_the_check_digit_agrees_with_python_stdnum(region: str, birth: dt.date, seq: int) -> None:
    number = make_id_number(region, birth, seq)
    assert number[17] == calc_check_digit(number)


@given(
    regions, births, sequences, st.integers(min_value=0, max_value=16), st.integers(min_value=1, max_value=9)
)
def test_changing_any_one_of_the_first_17_digits_makes_a_number_fail(
    region: str, birth: dt.date, seq: int, position: int, delta: int
) -> None:
    number = make_id_number(region, birth, seq)
    changed_digit = str((int(number[position]) + delta) % 10)
    changed = number[:position] + changed_digit + number[position + 1 :]
    result = check(changed)
    assert not result.ok
    assert any(message.startswith("校验位错误") for message in result.errors)


@given(regions, births, sequences)
def test_every_made_number_in_the_old_15_digit_form_converts_back(
    region: str, birth: dt.date, seq: int
) -> None:
    if not dt.date(1900, 1, 1) <= birth <= dt.date(1999, 12, 31):
        return
    number = make_id_number(region, birth, seq)
    old = number[:6] + number[8:17]
    assert check(old).normalized == number
