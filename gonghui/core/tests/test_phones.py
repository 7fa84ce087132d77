import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.phones import check_phone

mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)


@pytest.mark.parametrize(
    "raw",
    [
        "13800138000",
        "138 0013 8000",
        "138-0013-8000",
        "+86 138-0013-8000",
        "+8613800138000",
        "0086 13800138000",
        "86 138 0013 8000",
        "(+86) 138 0013 8000",
        "１３８００１３８０００",
        " 138\u30000013\u30008000 ",
    ],
)
def test_it_accepts_a_mobile_written_in_any_usual_way(raw: str) -> None:
    result = check_phone(raw)
    assert result.ok
    assert result.normalized == "13800138000"
    assert result.kind == "mobile"
    assert result.warnings == []


def test_it_rejects_a_mobile_whose_second_digit_is_not_3_to_9() -> None:
    result = check_phone("12012345678")
    assert not result.ok
    assert result.normalized is None
    assert result.kind is None
    assert result.errors == ["手机号第2位应为3到9，实际为2：12开头的号码不是手机号"]


def test_it_rejects_a_mobile_with_ten_digits() -> None:
    assert check_phone("1381234567").errors == ["手机号应为11位数字，实际为10位"]


def test_it_rejects_a_mobile_with_twelve_digits() -> None:
    assert check_phone("138001380001").errors == ["手机号应为11位数字，实际为12位"]


def test_a_mobile_prefix_unknown_to_phonenumbers_is_only_a_warning() -> None:
    # 149 (data-only SIMs) is allocated but missing from phonenumbers 9.0's CN mobile pattern.
    result = check_phone("14912345678")
    assert result.ok
    assert result.normalized == "14912345678"
    assert result.kind == "mobile"
    assert result.warnings == [
        "手机号段149不在号码库（phonenumbers）的手机号段表中，可能是新开放的号段或物联网、上网卡号段；请核对号码"
    ]


@pytest.mark.parametrize("raw", ["14512345678", "16212345678", "17012345678", "19012345678", "19212345678"])
def test_mobile_prefixes_phonenumbers_knows_get_no_warning(raw: str) -> None:
    assert check_phone(raw).warnings == []


def test_it_drops_a_zero_dialled_before_a_mobile_with_a_warning() -> None:
    result = check_phone("013800138000")
    assert result.normalized == "13800138000"
    assert result.warnings == ["手机号前多了一个0（013800138000），已去掉"]


def test_a_mobile_cannot_have_an_extension() -> None:
    assert check_phone("13800138000转12").errors == ["手机号不能带分机号"]


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("010-12345678", "010-12345678"),
        ("01012345678", "010-12345678"),
        ("(010)12345678", "010-12345678"),
        ("（０１０）１２３４５６７８", "010-12345678"),
        ("010 1234 5678", "010-12345678"),
        ("021-5432-1234", "021-54321234"),
        ("0755-88888888", "0755-88888888"),
        ("0571 8765 4321", "0571-87654321"),
        ("+86 10 12345678", "010-12345678"),
        ("+86-755-88888888", "0755-88888888"),
        ("0086 21 54321234", "021-54321234"),
        ("86-010-12345678", "010-12345678"),
    ],
)
def test_it_accepts_a_landline_and_writes_it_area_code_dash_number(raw: str, normalized: str) -> None:
    result = check_phone(raw)
    assert result.ok
    assert result.normalized == normalized
    assert result.kind == "landline"


@pytest.mark.parametrize(
    "raw",
    [
        "010-12345678转123",
        "010-12345678 分机123",
        "010-12345678 ext. 123",
        "010-12345678x123",
        "010-12345678-123",
    ],
)
def test_it_keeps_a_landline_extension_after_zhuan(raw: str) -> None:
    assert check_phone(raw).normalized == "010-12345678转123"


def test_it_rejects_a_landline_too_short_for_its_area() -> None:
    # Shenzhen numbers have 8 digits.
    assert check_phone("0755-1234567").errors == [
        "固定电话0755-1234567无效：区号0755不存在，或与该地区号码的位数、开头不符"
    ]


def test_it_rejects_a_landline_with_too_many_digits() -> None:
    assert check_phone("010-123456789").errors == ["固定电话应为区号加7到8位号码，区号010之后有9位"]


def test_it_rejects_a_landline_without_an_area_code() -> None:
    assert check_phone("87654321").errors == [
        "固定电话「87654321」缺少区号：请写成区号加号码，例如010-87654321"
    ]


def test_it_rejects_a_foreign_number() -> None:
    assert check_phone("+1 415 555 0100").errors == [
        "只支持中国大陆的电话号码（+86），「+14155550100」是其他国家或地区的号码"
    ]


def test_it_rejects_letters_in_a_number() -> None:
    assert check_phone("138a0013800").errors == ["电话号码「138a0013800」含有无法识别的字符「a」"]


def test_it_rejects_two_numbers_in_one_field() -> None:
    assert check_phone("13800138000/13900139000").errors == [
        "「13800138000/13900139000」像是多个号码：一栏只能填一个电话号码"
    ]


def test_it_says_an_empty_number_is_empty() -> None:
    assert check_phone("").errors == ["电话号码为空"]
    assert check_phone("   ").errors == ["电话号码为空"]
    assert check_phone(None).errors == ["电话号码为空"]


def test_it_rejects_a_bare_86_prefix_that_leaves_no_valid_number() -> None:
    assert check_phone("86138001380001").errors == [
        "无法识别的电话号码「86138001380001」：手机号应为以1开头的11位数字，固定电话应为区号加7到8位号码"
    ]


@given(mobiles)
def test_every_mobile_matching_the_loose_rule_is_accepted(mobile: str) -> None:
    result = check_phone(mobile)
    assert result.errors == []
    assert result.normalized == mobile
    assert len(result.warnings) <= 1


@given(mobiles, st.sampled_from(["", "+86", "0086", "86", "+86 ", "(+86)"]), st.sampled_from(["", " ", "-"]))
def test_every_way_of_writing_a_mobile_normalises_to_its_11_digits(
    mobile: str, prefix: str, sep: str
) -> None:
    written = prefix + sep.join([mobile[:3], mobile[3:7], mobile[7:]])
    assert check_phone(written).normalized == mobile


@given(st.from_regex(r"1[0-2][0-9]{9}", fullmatch=True))
def test_no_11_digit_number_starting_10_11_or_12_is_a_mobile(number: str) -> None:
    assert not check_phone(number).ok
