import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.names import (
    PINYIN_KEY_MAX_LENGTH,
    STROKE_KEY_MAX_LENGTH,
    normalize_person_name,
    pinyin_initials,
    pinyin_key,
    split_surname,
    stroke_key,
)

common_han = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
names = st.text(alphabet=common_han, min_size=1, max_size=12)
# The Han characters from U+4E00 to U+9FA5 that pypinyin 0.55 has no reading for (mostly Japanese units).
UNREADABLE = frozenset("兙兡嗧桛烪瓧瓰瓱瓼甅")


def by_strokes(*people: str) -> list[str]:
    return sorted(people, key=stroke_key)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("聂 娜", "聂娜"),
        ("聂　娜 ", "聂娜"),
        ("  欧阳 晓 明  ", "欧阳晓明"),
        ("阿依古丽·买买提", "阿依古丽·买买提"),
        ("阿依古丽 • 买买提", "阿依古丽·买买提"),
        ("阿依古丽‧买买提", "阿依古丽·买买提"),
        ("阿依古丽・买买提", "阿依古丽·买买提"),
        ("阿依古丽．买买提", "阿依古丽·买买提"),
        ("阿依古丽.买买提", "阿依古丽·买买提"),
        ("阿依古丽··买买提·", "阿依古丽·买买提"),
        ("  John   Smith ", "John Smith"),
        ("J. Smith", "J. Smith"),
        ("ＪＯＨＮ", "JOHN"),
        ("王 Anna", "王 Anna"),
    ],
)
def test_it_tidies_a_name_as_typed(raw: str, expected: str) -> None:
    assert normalize_person_name(raw) == expected


def test_it_never_converts_between_traditional_and_simplified() -> None:
    assert normalize_person_name("劉德華") == "劉德華"
    assert normalize_person_name("刘德华") == "刘德华"


@given(st.text())
def test_normalizing_a_name_twice_changes_nothing(raw: str) -> None:
    once = normalize_person_name(raw)
    assert normalize_person_name(once) == once


def test_stroke_order_puts_wang_before_fang_which_icu_gets_wrong() -> None:
    # Both have 4 strokes; 王 starts with 横, 方 with 丶.
    assert by_strokes("方", "王") == ["王", "方"]


def test_stroke_order_sorts_five_stroke_surnames_stroke_by_stroke() -> None:
    # 石 starts 横; 田 and 史 start 丨 乛 一, then 田 丨 before 史 丿; 白 starts 丿.
    assert by_strokes("白", "史", "田", "石") == ["石", "田", "史", "白"]


def test_stroke_order_puts_yi_before_the_hook_yi_and_ding_before_qi() -> None:
    assert by_strokes("乙", "一") == ["一", "乙"]
    assert by_strokes("七", "丁") == ["丁", "七"]


def test_stroke_order_puts_fewer_strokes_first() -> None:
    assert by_strokes("龙", "大", "人", "一") == ["一", "人", "大", "龙"]


def test_stroke_order_puts_a_shorter_name_before_a_longer_one_with_the_same_start() -> None:
    assert by_strokes("王芳芳", "王芳", "王") == ["王", "王芳", "王芳芳"]


def test_stroke_order_compares_the_next_character_when_the_first_ties() -> None:
    assert by_strokes("王芳", "王一") == ["王一", "王芳"]


def test_rare_name_characters_get_real_ranks() -> None:
    assert stroke_key("堃") == "00008216"
    assert stroke_key("喆") == "00008856"
    assert stroke_key("玥") == "00002358"


def test_the_stroke_key_of_a_name_is_its_characters_chunks_in_order() -> None:
    assert stroke_key("王芳") == stroke_key("王") + stroke_key("芳")
    assert stroke_key("王") == "00000251"


def test_a_character_missing_from_the_table_sorts_after_every_known_character() -> None:
    # 𠀀 (U+20000, CJK extension B) is not in cn-sort's table.
    assert stroke_key("𠀀") == "10131072"
    assert by_strokes("𠀀", "龘", "一") == ["一", "龘", "𠀀"]
    assert by_strokes("王𠀀", "王龘") == ["王龘", "王𠀀"]


def test_the_stroke_key_skips_spaces_and_middle_dots() -> None:
    assert stroke_key("阿依古丽·买买提") == stroke_key("阿依古丽买买提")


def test_the_stroke_key_compares_latin_letters_without_case() -> None:
    assert stroke_key("Anna") == stroke_key("anna")


def test_the_stroke_key_is_cut_at_ten_characters() -> None:
    key = stroke_key("阿卜杜热合曼·阿卜杜克力木")
    assert len(key) == STROKE_KEY_MAX_LENGTH
    assert key == stroke_key("阿卜杜热合曼阿卜杜克")


@pytest.mark.slow
def test_computing_stroke_keys_does_not_import_cn_sort() -> None:
    # Importing cn_sort configures logging and writes log files; only its table may be read.
    script = "import sys; from gonghui.core.names import stroke_key; stroke_key('王'); print('cn_sort' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout == "False\n"


@given(names)
def test_every_stroke_key_is_whole_ascii_digit_chunks(name: str) -> None:
    key = stroke_key(name)
    assert len(key) == min(len(name) * 8, STROKE_KEY_MAX_LENGTH)
    assert key.isascii()
    assert key.isdigit()


@given(names, names)
def test_a_name_always_sorts_before_itself_extended(name: str, tail: str) -> None:
    if len(name) < 10:
        assert stroke_key(name) < stroke_key(name + tail)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("单雄信", "shan4 xiong2 xin4"),
        ("曾国藩", "zeng1 guo2 fan1"),
        ("解缙", "xie4 jin4"),
        ("仇英", "qiu2 ying1"),
        ("区家明", "ou1 jia1 ming2"),
        ("朴槿惠", "piao2 jin3 hui4"),
        ("查良镛", "zha1 liang2 yong1"),
        ("盖聂", "ge3 nie4"),
        ("覃美", "qin2 mei3"),
        ("翟志刚", "zhai2 zhi4 gang1"),
        ("长明", "chang2 ming2"),
        ("尉继明", "yu4 ji4 ming2"),
    ],
)
def test_the_surname_is_read_with_its_surname_reading(name: str, key: str) -> None:
    assert pinyin_key(name) == key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("欧阳修", "ou1 yang2 xiu1"),
        ("尉迟恭", "yu4 chi2 gong1"),
        ("万俟卨", "mo4 qi2 xie4"),
        ("长孙无忌", "zhang3 sun1 wu2 ji4"),
        ("澹台灭明", "tan2 tai2 mie4 ming2"),
        ("诸葛亮", "zhu1 ge3 liang4"),
    ],
)
def test_compound_surnames_are_read_as_one_surname(name: str, key: str) -> None:
    assert pinyin_key(name) == key


def test_the_rest_of_the_name_keeps_its_normal_reading() -> None:
    # 曾 is zeng1 as a surname and ceng2 elsewhere; 单 is dan1 elsewhere.
    assert pinyin_key("王曾") == "wang2 ceng2"
    assert pinyin_key("李单") == "li3 dan1"


def test_pinyin_order_puts_li_before_lin() -> None:
    assert sorted(["林", "李"], key=pinyin_key) == ["李", "林"]
    assert sorted(["林一", "李四"], key=pinyin_key) == ["李四", "林一"]


def test_pinyin_order_puts_lu_before_lv() -> None:
    assert pinyin_key("吕布") == "lv3 bu4"
    assert sorted(["吕布", "陆逊"], key=pinyin_key) == ["陆逊", "吕布"]


def test_the_neutral_tone_is_written_5() -> None:
    assert pinyin_key("王了") == "wang2 le5"


def test_latin_words_are_lowercased_as_they_are() -> None:
    assert pinyin_key("John Smith") == "john smith"
    assert pinyin_key("王Anna") == "wang2 anna"


def test_a_minority_name_is_read_without_its_middle_dot() -> None:
    assert pinyin_key("阿依古丽·买买提") == "a1 yi1 gu3 li4 mai3 mai3 ti2"


def test_traditional_names_are_read_too() -> None:
    assert pinyin_key("歐陽修") == "ou1 yang2 xiu1"
    assert pinyin_key("單雄信") == "shan4 xiong2 xin4"


def test_the_pinyin_key_is_cut_to_its_column_length() -> None:
    assert len(pinyin_key("张" * 40)) == PINYIN_KEY_MAX_LENGTH


@pytest.mark.parametrize(
    ("name", "initials"),
    [("王芳", "wf"), ("单雄信", "sxx"), ("曾国藩", "zgf"), ("欧阳修", "oyx"), ("John Smith", "js")],
)
def test_initials_are_the_first_letters_of_the_syllables(name: str, initials: str) -> None:
    assert pinyin_initials(name) == initials


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("王芳", ("王", "芳")),
        ("欧阳修", ("欧阳", "修")),
        ("司马相如", ("司马", "相如")),
        ("尉迟恭", ("尉迟", "恭")),
        ("歐陽修", ("歐陽", "修")),
        ("欧阳", ("欧", "阳")),
        ("王", ("王", "")),
        ("单于洋", ("单", "于洋")),
        ("阿依古丽·买买提", ("", "阿依古丽·买买提")),
        ("John Smith", ("", "John Smith")),
        ("", ("", "")),
    ],
)
def test_it_splits_the_surname_from_the_given_name(name: str, parts: tuple[str, str]) -> None:
    assert split_surname(name) == parts


def test_a_surname_named_by_the_caller_wins() -> None:
    assert split_surname("单于洋", surname="单于") == ("单于", "洋")
    assert pinyin_key("单于洋", surname="单于") == "chan2 yu2 yang2"
    assert pinyin_initials("单于洋", surname="单于") == "cyy"


def test_a_character_pypinyin_cannot_read_is_kept_as_it_is() -> None:
    assert pinyin_key("王兙") == "wang2 兙"
    assert pinyin_initials("王兙") == "w兙"


@given(names)
def test_every_pinyin_key_is_lowercase_ascii_syllables_with_tones(name: str) -> None:
    syllables = pinyin_key(name).split(" ")
    for syllable in syllables:
        if syllable in UNREADABLE:
            continue
        assert syllable.isascii()
        assert syllable[:-1].isalpha()
        assert syllable[:-1].islower()
        assert syllable[-1] in "12345"
