"""Person names: clean-up, surname split, and the sort keys stored beside the name.

Two orders are used for lists of people: 姓氏笔画 (stroke count, then stroke order 横 丨 丿 丶 乛 stroke
by stroke, then the next character) and pinyin. Both keys are ASCII strings (a pinyin key keeps the
rare character pypinyin cannot read) built so that the database's string order is the intended order;
store them in columns with a bytewise collation (PostgreSQL `db_collation="C"`) so that no locale rule
reorders digits, spaces or letters.

Names are never converted between Traditional and Simplified script.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
from pathlib import Path

from gonghui.core.text import collapse_spaces, to_halfwidth

STROKE_KEY_MAX_LENGTH = 80
PINYIN_KEY_MAX_LENGTH = 120

_CJK = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_PERIOD_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}]) ?\\. ?(?=[{_CJK}])")
# Middle-dot look-alikes typed into minority and foreign names: · ․ • ‧ ∙ ⋅ ⸱ ・ ． ･ and the Greek ano teleia.
_DOT_VARIANTS = re.compile("[\u00b7\u0387\u2024\u2022\u2027\u2219\u22c5\u2e31\u30fb\uff0e\uff65]")
_DOT_RUN = re.compile(r" ?(?:· ?)+")
_SEPARATORS = re.compile(r"[\s·]+")
_UNREAD_WITH_FIVE = re.compile(f"([{_CJK}])5$")
_STROKE_SKIPPED = frozenset(" \t\n\r\u3000·")

# Width of one character's chunk in the stroke key: "0" + 7-digit rank, or "1" + 7-digit code point.
_CHUNK = 8

# Surname readings that differ from (or must not drift with) pypinyin's default reading.
# Sources: 《现代汉语词典》 entries marked 姓, and the usual lists of 多音字姓氏.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "单": ("shan4",), "單": ("shan4",),
    "曾": ("zeng1",),
    "解": ("xie4",),
    "仇": ("qiu2",),
    "区": ("ou1",), "區": ("ou1",),
    "朴": ("piao2",), "樸": ("piao2",),
    "查": ("zha1",), "査": ("zha1",),
    "盖": ("ge3",), "蓋": ("ge3",),
    "覃": ("qin2",),
    "缪": ("miao4",), "繆": ("miao4",),
    "乐": ("yue4",), "樂": ("yue4",),
    "召": ("shao4",),
    "种": ("chong2",), "種": ("chong2",),
    "秘": ("bi4",),
    "尉": ("yu4",),
    "翟": ("zhai2",),
    "祭": ("zhai4",),
    "眭": ("sui1",),
    "那": ("na1",),
    "员": ("yun4",), "員": ("yun4",),
    "句": ("gou1",),
    "过": ("guo1",), "過": ("guo1",),
    "柏": ("bai3",),
    "薄": ("bo2",),
    "繁": ("po2",),
    "隗": ("wei3",),
    "能": ("nai4",),
    "万": ("wan4",), "萬": ("wan4",),
    "长": ("chang2",), "長": ("chang2",),
    "重": ("chong2",),
    "沈": ("shen3",),
    "石": ("shi2",),
    "参": ("can1",), "參": ("can1",),
    "华": ("hua4",), "華": ("hua4",),
    "任": ("ren2",),
    "纪": ("ji3",), "紀": ("ji3",),
    "燕": ("yan1",),
    "洗": ("xian3",),
    "粘": ("nian2",),
    "乜": ("nie4",),
    "阚": ("kan4",), "闞": ("kan4",),
    "折": ("she2",),
    "都": ("du1",),
    "哈": ("ha3",),
    "还": ("huan2",), "還": ("huan2",),
    "宁": ("ning4",), "寧": ("ning4",), "甯": ("ning4",),
    "占": ("zhan1",),
    "角": ("jue2",),
    "於": ("yu1",),
    "佴": ("nai4",),
    "欧阳": ("ou1", "yang2"), "歐陽": ("ou1", "yang2"),
    "司马": ("si1", "ma3"), "司馬": ("si1", "ma3"),
    "上官": ("shang4", "guan1"),
    "诸葛": ("zhu1", "ge3"), "諸葛": ("zhu1", "ge3"),
    "东方": ("dong1", "fang1"), "東方": ("dong1", "fang1"),
    "皇甫": ("huang2", "fu3"),
    "尉迟": ("yu4", "chi2"), "尉遲": ("yu4", "chi2"),
    "万俟": ("mo4", "qi2"), "萬俟": ("mo4", "qi2"),
    "令狐": ("ling2", "hu2"),
    "慕容": ("mu4", "rong2"),
    "司徒": ("si1", "tu2"),
    "司空": ("si1", "kong1"),
    "夏侯": ("xia4", "hou2"),
    "长孙": ("zhang3", "sun1"), "長孫": ("zhang3", "sun1"),
    "宇文": ("yu3", "wen2"),
    "公孙": ("gong1", "sun1"), "公孫": ("gong1", "sun1"),
    "轩辕": ("xuan1", "yuan2"), "軒轅": ("xuan1", "yuan2"),
    "端木": ("duan1", "mu4"),
    "澹台": ("tan2", "tai2"), "澹臺": ("tan2", "tai2"),
    "单于": ("chan2", "yu2"), "單于": ("chan2", "yu2"),
    "呼延": ("hu1", "yan2"),
    "南宫": ("nan2", "gong1"), "南宮": ("nan2", "gong1"),
    "西门": ("xi1", "men2"), "西門": ("xi1", "men2"),
    "独孤": ("du2", "gu1"), "獨孤": ("du2", "gu1"),
    "钟离": ("zhong1", "li2"), "鍾離": ("zhong1", "li2"),
    "闻人": ("wen2", "ren2"), "聞人": ("wen2", "ren2"),
    "东郭": ("dong1", "guo1"), "東郭": ("dong1", "guo1"),
    "申屠": ("shen1", "tu2"),
    "淳于": ("chun2", "yu2"),
    "鲜于": ("xian1", "yu2"), "鮮于": ("xian1", "yu2"),
    "赫连": ("he4", "lian2"), "赫連": ("he4", "lian2"),
    "拓跋": ("tuo4", "ba2"),
    "完颜": ("wan2", "yan2"), "完顏": ("wan2", "yan2"),
    "公冶": ("gong1", "ye3"),
    "太叔": ("tai4", "shu1"),
    "濮阳": ("pu2", "yang2"), "濮陽": ("pu2", "yang2"),
    "司寇": ("si1", "kou4"),
    "亓官": ("qi2", "guan1"),
    "闾丘": ("lv2", "qiu1"), "閭丘": ("lv2", "qiu1"),
}  # fmt: skip

# 单于 is a historical compound surname, but today 单 + a given name starting with 于 (单于洋) is far
# more common, so it is used only when the caller names the surname explicitly.
_NOT_DETECTED = frozenset({"单于", "單于"})
_COMPOUND_SURNAMES = frozenset(s for s in SURNAME_READINGS if len(s) == 2) - _NOT_DETECTED


def normalize_person_name(raw: str) -> str:
    """Tidy a name as typed: no spaces inside a Chinese name, one space between Latin words, one "·".

    "聂 娜" and "聂　娜 " become "聂娜"; "阿依古丽 • 买买提" and "阿依古丽.买买提" become
    "阿依古丽·买买提"; full-width Latin letters become ASCII. Characters are otherwise kept as typed.
    """
    name = collapse_spaces(to_halfwidth(_DOT_VARIANTS.sub("·", raw)))
    name = _PERIOD_BETWEEN_CJK.sub("·", name)
    name = _DOT_RUN.sub("·", name).strip("· ")
    return _SPACE_BETWEEN_CJK.sub("", name)


@functools.cache
def _stroke_ranks() -> dict[str, int]:
    """char → stroke-order rank, from cn-sort's table (read directly: importing cn_sort writes log files)."""
    spec = importlib.util.find_spec("cn_sort")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("cn-sort is not installed: the stroke-order table all_word.json is missing")
    path = Path(next(iter(spec.submodule_search_locations))) / "res" / "all_word.json"
    with path.open(encoding="utf-8") as handle:
        entries = json.load(handle)["all_word"]
    ranks: dict[str, int] = {}
    for entry in entries:
        # One entry per reading; every reading of a character carries the same rank.
        ranks.setdefault(entry["chinese"], int(entry["stroke_increment_level"]))
    return ranks


def stroke_chunk(char: str) -> str:
    """One character's 8-character chunk of the stroke key ("" for a space or "·", which are skipped)."""
    if char in _STROKE_SKIPPED:
        return ""
    rank = _stroke_ranks().get(char.lower() if char.isascii() else char)
    return f"0{rank:07d}" if rank is not None else f"1{ord(char):07d}"


def stroke_key(name: str) -> str:
    """Sort key for 姓氏笔画 order: stroke count, then stroke order, then the next character.

    Each character becomes an 8-character chunk: "0" + its 7-digit rank in cn-sort's stroke table
    (the rank already orders by stroke count, then by each stroke in 横 丨 丿 丶 乛 order), or, for a
    character the table lacks (CJK extension B and beyond, 〇, symbols), "1" + its 7-digit code point.
    So a name with an unknown character sorts after every name with a known character in that place,
    whatever the stroke count, and unknown characters sort among themselves by code point. Equal-width
    chunks make a shorter name sort before a longer one with the same start (王 < 王芳 < 王芳芳).
    Spaces and "·" are skipped; ASCII letters are compared case-insensitively. At most 10 characters
    count (80 key characters).
    """
    return "".join(map(stroke_chunk, name))[:STROKE_KEY_MAX_LENGTH]


def split_surname(name: str, *, surname: str | None = None) -> tuple[str, str]:
    """(surname, given name). Compound surnames (欧阳, 司马, …) are recognised in names of 3+ characters.

    A name with "·" or one not starting with a Chinese character (a transliterated or foreign name)
    has no surname to split: ("", name). Pass `surname` when the record knows it (e.g. 单于).
    """
    name = name.strip()
    if surname and name.startswith(surname):
        return surname, name[len(surname) :]
    if not name or "·" in name or not _CJK_CHAR.match(name):
        return "", name
    if len(name) >= 3 and name[:2] in _COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[0], name[1:]


def _words(pinyin: list[str]) -> list[str]:
    words: list[str] = []
    for item in pinyin:
        if not item.isascii():
            # pypinyin returns a character it cannot read as itself, with a "5" when asked for neutral tones.
            item = _UNREAD_WITH_FIVE.sub(r"\1", item)
        words.extend(word for word in _SEPARATORS.split(item.lower()) if word)
    return words


def pinyin_syllables(text: str) -> list[str]:
    """The syllables of a piece of text as the keys spell them ("zhang1", "san1"), read word by word.

    No surname rule: `pinyin_key` reads a name's surname through SURNAME_READINGS first. Callers that key
    many names (the roster import) read each surname and given name once with this.
    """
    from pypinyin import Style, lazy_pinyin  # its dictionaries take a tenth of a second to load

    return _words(lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True))


@functools.lru_cache(maxsize=4096)
def _syllables(name: str, surname: str | None) -> tuple[str, ...]:
    family, given = split_surname(name, surname=surname)
    reading = SURNAME_READINGS.get(family)
    head = list(reading) if reading is not None else pinyin_syllables(family)
    return tuple(head + pinyin_syllables(given))


def pinyin_key(name: str, *, surname: str | None = None) -> str:
    """Sort key for pinyin order: "shan4 xiong2 xin4", the surname read as a surname (单 shan4, 曾 zeng1).

    Syllables carry tone numbers (neutral tone 5, ü written v) and are separated by single spaces;
    the tone digit ends each syllable, so 李 "li3" sorts before 林 "lin2" even under a collation that
    ignores spaces. Characters without a reading (Latin letters, digits, the few Han characters pypinyin
    cannot read such as 兙) are kept as they are, lower-cased.
    """
    return " ".join(_syllables(name.strip(), surname))[:PINYIN_KEY_MAX_LENGTH]


def pinyin_initials(name: str, *, surname: str | None = None) -> str:
    """First letters of the syllables, for search by initials: 王芳 → "wf", 单雄信 → "sxx"."""
    return "".join(syllable[0] for syllable in _syllables(name.strip(), surname))
