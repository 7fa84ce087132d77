from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.text import collapse_spaces, to_halfwidth


def test_it_turns_fullwidth_digits_and_letters_into_ascii() -> None:
    assert to_halfwidth("１２３ＡＢＣｘｙｚ") == "123ABCxyz"


def test_it_turns_fullwidth_punctuation_and_the_ideographic_space_into_ascii() -> None:
    assert to_halfwidth("（０１０）－１２３４　＋８６！～") == "(010)-1234 +86!~"


def test_it_keeps_cjk_punctuation_that_has_no_ascii_twin() -> None:
    assert to_halfwidth("「工会」、《章程》。") == "「工会」、《章程》。"


def test_it_keeps_chinese_characters() -> None:
    assert to_halfwidth("王芳２０１９年") == "王芳2019年"


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E)))
def test_fullwidth_ascii_always_comes_back_as_the_original(text: str) -> None:
    fullwidth = "".join(chr(ord(char) + 0xFEE0) for char in text)
    assert to_halfwidth(fullwidth) == text


def test_it_collapses_every_kind_of_whitespace_run_into_one_space() -> None:
    assert collapse_spaces("  a \t\n b\u3000\u3000c\u00a0d  ") == "a b c d"


def test_it_deletes_zero_width_characters_and_the_bom() -> None:
    assert collapse_spaces("\ufeff王\u200b芳\u200d") == "王芳"


@given(st.text())
def test_collapsing_twice_changes_nothing(text: str) -> None:
    once = collapse_spaces(text)
    assert collapse_spaces(once) == once
    assert "  " not in once
