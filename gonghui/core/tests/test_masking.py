from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.masking import mask_id_number, mask_phone


def test_it_masks_a_resident_id_keeping_four_characters_at_each_end() -> None:
    assert mask_id_number("11010519491231002X") == "1101**********002X"


def test_it_masks_a_passport_number_keeping_two_characters_at_each_end() -> None:
    assert mask_id_number("E12345678") == "E1*****78"


def test_it_masks_an_old_fifteen_digit_id_keeping_two_characters_at_each_end() -> None:
    assert mask_id_number("110105491231002") == "11***********02"


def test_it_masks_a_very_short_id_completely() -> None:
    assert mask_id_number("A12") == "***"
    assert mask_id_number("AB12") == "****"


def test_it_returns_an_empty_string_for_a_missing_id() -> None:
    assert mask_id_number(None) == ""
    assert mask_id_number("") == ""


def test_it_masks_a_mobile_keeping_three_and_four_digits() -> None:
    assert mask_phone("13800138000") == "138****8000"


def test_it_masks_a_landline_keeping_the_area_code_and_the_last_four_digits() -> None:
    assert mask_phone("010-12345678") == "010-****5678"
    assert mask_phone("0571-8765432") == "0571-***5432"


def test_it_keeps_a_landline_extension_visible() -> None:
    assert mask_phone("010-12345678转123") == "010-****5678转123"


def test_it_masks_an_unnormalised_phone_by_length() -> None:
    assert mask_phone("+8613800138000") == "+86*******8000"
    assert mask_phone("12345") == "***45"


def test_it_returns_an_empty_string_for_a_missing_phone() -> None:
    assert mask_phone(None) == ""
    assert mask_phone("") == ""


@given(st.text(alphabet="0123456789X", min_size=1, max_size=40))
def test_masking_an_id_keeps_its_length_and_hides_its_middle(value: str) -> None:
    masked = mask_id_number(value)
    assert len(masked) == len(value)
    assert "*" in masked


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_masking_a_mobile_shows_exactly_seven_digits(mobile: str) -> None:
    masked = mask_phone(mobile)
    assert masked == mobile[:3] + "****" + mobile[7:]
