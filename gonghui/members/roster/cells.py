"""Normalising one cell of a roster: the rules per field, with the checks a single cell can show.

A normaliser takes a cell as calamine or the CSV reader gives it and returns the value to store, bare when
the cell is clean, or an `Outcome` carrying the value (None when unusable) and its problems. A column's
cells go through one normaliser each, most of them behind a `ValueCache`: a roster's 部门, 学历 or date
column holds a few hundred distinct values among 100,000 cells. ID numbers and mobiles in their usual shape
take a fast path that gives exactly what gonghui.core's full checks give (tests/test_fast_paths.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import mul
from typing import Any

from gonghui.core.idnumbers import IdType, check_id_number, normalize_id_number
from gonghui.core.names import normalize_person_name
from gonghui.core.partial_dates import MAX_YEAR, MIN_YEAR, PartialDate, PartialDateError, parse_partial_date
from gonghui.core.phones import check_phone
from gonghui.core.text import collapse_spaces, to_halfwidth
from gonghui.members.models import Education, EmploymentForm, Gender, PoliticalStatus, WorkStatus
from gonghui.members.roster.columns import BY_FIELD
from gonghui.members.roster.parsed import ERROR, WARNING
from gonghui.members.roster.reading import cell_text, is_blank

LOST_DIGITS_MESSAGE = "该列被存为数字，末位已丢失，请设为文本后重新填写"


class Outcome:
    """A blank cell, or a value that comes with problems; a clean value is passed around bare."""

    __slots__ = ("problems", "value")

    def __init__(self, value: Any, problems: tuple[tuple[str, str], ...] = ()) -> None:
        self.value = value
        self.problems = problems


BLANK = Outcome(None)


def failure(message: str) -> Outcome:
    return Outcome(None, ((ERROR, message),))


class ValueCache(dict[Any, Any]):
    """value → result, computed on first sight; `map(cache.__getitem__, cells)` runs at C speed on hits."""

    def __init__(self, compute: Callable[[Any], Any]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: Any) -> Any:
        result = self[key] = self.compute(key)
        return result


# Free text (部门, 小组, 职务) keeps Chinese punctuation such as （） and ，; only full-width digits, Latin
# letters and the ideographic space become ASCII.
_ALNUM_TABLE: dict[int, int] = {
    code: code - 0xFEE0
    for start, end in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
    for code in range(start, end + 1)
}
_ALNUM_TABLE[0x3000] = 0x20


def free_text(cell: Any) -> str:
    return collapse_spaces(cell_text(cell).translate(_ALNUM_TABLE))


def cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def years_later(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _choice_key(text: str) -> str:
    return "".join(to_halfwidth(text).split()).upper()


@dataclass(frozen=True)
class _Choices:
    label: str  # our header, for messages
    table: dict[str, str]  # spelling → stored value
    options: str  # the labels, for messages


def _choices(label: str, choices: Sequence[tuple[str, str]], variants: dict[str, str]) -> _Choices:
    table = {_choice_key(name): value for value, name in choices}
    table.update({_choice_key(name): value for name, value in variants.items()})
    return _Choices(label, table, "、".join(name for _value, name in choices))


_DEMOCRATIC_PARTIES = (
    "民革党员", "民盟盟员", "民建会员", "民进会员", "农工党党员", "致公党党员", "九三学社社员", "台盟盟员",
    "民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "台盟",
)  # fmt: skip

CHOICES: dict[str, _Choices] = {
    "gender": _choices("性别", Gender.choices, {"男性": "M", "女性": "F", "M": "M", "F": "F"}),
    "political_status": _choices(
        "政治面貌",
        PoliticalStatus.choices,
        {
            "党员": "cpc", "共产党员": "cpc", "中国共产党党员": "cpc",
            "预备党员": "cpc_probationary", "中共预备党员": "cpc_probationary",
            "团员": "cyl", "共青团员": "cyl", "中国共产主义青年团团员": "cyl",
            "群众": "none", "普通群众": "none",
            **dict.fromkeys(_DEMOCRATIC_PARTIES, "democratic_party"),
        },
    ),
    "education": _choices(
        "学历",
        Education.choices,
        {
            "博士": "doctorate", "博士研究生": "doctorate",
            "研究生": "master", "硕士": "master", "硕士研究生": "master",
            "本科": "bachelor", "大学本科": "bachelor",
            "大专": "college", "专科": "college", "大学专科": "college", "高职": "college",
            "高中": "secondary", "中专": "secondary", "职高": "secondary", "技校": "secondary",
            "中技": "secondary", "中职": "secondary", "高中/中专": "secondary", "中专/高中": "secondary",
            "初中": "junior", "小学": "junior", "初中以下": "junior", "初中及以下": "junior",
        },
    ),
    "employment_form": _choices(
        "用工性质",
        EmploymentForm.choices,
        {
            "在编": "established", "事业编": "established", "事业编制": "established",
            "编制内": "established", "行政编制": "established",
            "合同": "contract", "合同制": "contract", "合同工": "contract", "劳动合同": "contract",
            "派遣": "dispatched", "劳务派遣": "dispatched", "劳务派遣工": "dispatched", "派遣工": "dispatched",
            "外包": "outsourced", "劳务外包": "outsourced",
            "返聘": "rehired_retiree", "退休返聘": "rehired_retiree",
            "实习": "intern", "实习生": "intern",
        },
    ),
    "work_status": _choices(
        "在岗状态",
        WorkStatus.choices,
        {"在职": "at_work", "在岗": "at_work", "内部退养": "internal_retirement", "病假": "sick_leave"},
    ),
    "id_type": _choices(
        "证件类型",
        IdType.choices,
        {
            "身份证": "resident", "二代身份证": "resident", "第二代居民身份证": "resident",
            "港澳居民居住证": "hmt_residence", "台湾居民居住证": "hmt_residence",
            "港澳台居住证": "hmt_residence",
            "外国人永久居留证": "foreign_pr", "永久居留身份证": "foreign_pr",
            "其他": "other",
        },
    ),
}  # fmt: skip

_ETHNIC_GROUPS = frozenset(
    name + "族"
    for name in (
        "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 "
        "东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 "
        "俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
    ).split()
)
_YES = frozenset({"是", "√", "✓", "✔", "Y", "YES", "TRUE", "1", "是农民工"})
_NO = frozenset({"否", "×", "✗", "✘", "N", "NO", "FALSE", "0", "不是", "非"})
_MAX_LENGTHS = {"member_no": 32, "name": 50, "ethnicity": 20, "post": 50, "department": 100, "group": 100}

_PLAIN_NAME = re.compile("[\u4e00-\u9fff]{1,8}")
_ID18 = re.compile(r"[0-9]{17}[0-9X]")
_SCIENTIFIC = re.compile(r"[0-9](?:\.[0-9]+)?E\+?[0-9]+", re.IGNORECASE)
_SERIAL_TEXT = re.compile(r"\s*[0-9]{5}(?:\.[0-9]+)?\s*")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"
_ID_ZERO = ord("0") * sum(_ID_WEIGHTS)
_EARLIEST_BIRTH = dt.date(1900, 1, 1)


_QUICK_SEPARATED = re.compile(r"([12][0-9]{3})([-/.])([0-9]{1,2})(?:\2([0-9]{1,2}))?")
_QUICK_CHINESE = re.compile(r"([12][0-9]{3})年([0-9]{1,2})月(?:([0-9]{1,2})日)?")


def read_date(cell: Any) -> PartialDate:
    """parse_partial_date, with the plain text shapes (1985-03-01, 1985.3, 1985年3月1日) read directly."""
    if cell.__class__ is str:
        match = _QUICK_SEPARATED.fullmatch(cell)
        if match is not None:
            year, month, day = match.group(1, 3, 4)
        else:
            match = _QUICK_CHINESE.fullmatch(cell)
            if match is not None:
                year, month, day = match.group(1, 2, 3)
        if match is not None and MIN_YEAR <= int(year) <= MAX_YEAR:
            with contextlib.suppress(PartialDateError):  # an impossible day: parse again for the message
                return PartialDate(int(year), int(month), int(day) if day else None)
        if _SERIAL_TEXT.fullmatch(cell):
            # Five digits ("43525") are an Excel serial that lost its number format on the way.
            return parse_partial_date(float(cell))
    return parse_partial_date(cell)


class IdNumbers:
    """Resident ID checks, the common clean shape on a fast path that matches `check_id_number` exactly."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.births = ValueCache(self._birth)  # digits 7–14 → the birth date, or None when impossible
        self._region_warnings: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}

    def _birth(self, digits: str) -> dt.date | None:
        try:
            born = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        except ValueError:
            return None
        return born if _EARLIEST_BIRTH <= born <= self.today else None

    def __call__(self, cell: Any) -> Any:
        if cell.__class__ is not str or not _ID18.fullmatch(cell):
            return self._unusual(cell)
        number: str = cell
        total = sum(map(mul, number.encode("ascii"), _ID_WEIGHTS)) - _ID_ZERO
        if _ID_CHECK_CHARS[total % 11] != number[17] or self.births[number[6:14]] is None:
            return self.check(number, IdType.RESIDENT)
        # The only warnings a valid 18-digit number can get are about its address code, and they depend
        # on the code and the birth year alone.
        key = (number[:6], number[6:10])
        warnings = self._region_warnings.get(key)
        if warnings is None:
            found = check_id_number(number, today=self.today).warnings
            warnings = self._region_warnings[key] = tuple((WARNING, message) for message in found)
        return Outcome(number, warnings) if warnings else number

    def _unusual(self, cell: Any) -> Any:
        """Anything but a clean 18-character number: spaces, full-width digits, x, a number cell."""
        if cell.__class__ is not str:
            return BLANK if cell is None else self.check(cell, IdType.RESIDENT)
        stripped = cell.strip()
        if not stripped:
            return BLANK
        if _SCIENTIFIC.fullmatch(to_halfwidth(stripped)):  # a CSV saved from a number cell
            return failure(LOST_DIGITS_MESSAGE)
        number = normalize_id_number(cell)
        return self(number) if _ID18.fullmatch(number) else self.check(number, IdType.RESIDENT)

    def check(self, cell: Any, id_type: str) -> Any:
        if isinstance(cell, int | float) and not isinstance(cell, bool) and abs(cell) >= 1e15:
            return failure(LOST_DIGITS_MESSAGE)  # 16+ digits: Excel kept only 15
        result = check_id_number(cell, id_type=IdType(id_type), today=self.today)
        problems = tuple((ERROR, m) for m in result.errors) + tuple((WARNING, m) for m in result.warnings)
        if result.errors:
            return Outcome(None, problems)
        return Outcome(result.normalized, problems) if problems else result.normalized


@functools.cache
def _known_mobile() -> re.Pattern[str]:
    """phonenumbers' CN mobile ranges: an 11-digit number matching them passes check_phone with no remark."""
    import phonenumbers

    metadata = phonenumbers.PhoneMetadata.metadata_for_region("CN")
    assert metadata is not None and metadata.mobile is not None
    return re.compile(metadata.mobile.national_number_pattern or "(?!)")


class Phones:
    """check_phone, with plain 11-digit mobiles in known ranges taken as they are."""

    def __init__(self) -> None:
        self.known = _known_mobile()

    def __call__(self, cell: Any) -> Any:
        text = cell if cell.__class__ is str else cell_text(cell)
        if self.known.fullmatch(text):
            return text
        if not text.strip():
            return BLANK
        result = check_phone(text)
        problems = tuple((ERROR, m) for m in result.errors) + tuple((WARNING, m) for m in result.warnings)
        if result.errors:
            return Outcome(None, problems)
        return Outcome(result.normalized, problems) if problems else result.normalized


class CellRules:
    """One normaliser per field: cell → value, or an Outcome for a blank or a problem."""

    def __init__(self, today: dt.date, to_simplified: bool) -> None:
        self.today = today
        self.ids = IdNumbers(today)
        self.phones = Phones()
        self.convert: Callable[[str], str] | None = _traditional_to_simplified() if to_simplified else None

    def normalizer(self, name: str) -> tuple[Callable[[Any], Any], bool]:
        """The field's normaliser and whether its results may be cached per distinct cell value."""
        if name in CHOICES:
            return self._choice(CHOICES[name]), True
        unique: dict[str, Callable[[Any], Any]] = {
            "id_number": self.ids,
            "phone": self.phones,
            "name": self._name,
            "member_no": self._member_no,
        }
        if name in unique:
            return unique[name], False
        repeated: dict[str, Callable[[Any], Any]] = {
            "birth_date": self._birth_date,
            "joined_on": self._joined_on,
            "is_migrant_worker": self._migrant,
            "ethnicity": self._ethnicity,
            "department": self._unit,
            "group": self._unit,
            "notes": self._notes,
        }
        return repeated.get(name, self._text), True

    @staticmethod
    def _choice(choices: _Choices) -> Callable[[Any], Any]:
        def normalize(cell: Any) -> Any:
            text = cell_text(cell).strip()
            key = _choice_key(text)
            if not key:
                return BLANK
            value = choices.table.get(key)
            if value is None:
                return failure(f"{choices.label}「{text}」不在可选值中：{choices.options}")
            return value

        return normalize

    @staticmethod
    def _name(cell: Any) -> Any:
        if cell.__class__ is str and _PLAIN_NAME.fullmatch(cell):
            return cell
        name = normalize_person_name(cell_text(cell))
        if not name:
            return BLANK
        if len(name) > _MAX_LENGTHS["name"]:
            return failure(f"姓名超过{_MAX_LENGTHS['name']}个字符")
        return name

    @staticmethod
    def _member_no(cell: Any) -> Any:
        if not cell and cell != 0:  # None or "": most rosters' 会员编号 column is blank for new people
            return BLANK
        text = "".join(to_halfwidth(cell_text(cell)).split())
        if not text:
            return BLANK
        if len(text) > _MAX_LENGTHS["member_no"]:
            return failure(f"会员编号最长{_MAX_LENGTHS['member_no']}个字符，实际为{len(text)}个")
        return text

    @staticmethod
    def _notes(cell: Any) -> Any:
        text = cell_text(cell).strip()
        return text or BLANK

    @staticmethod
    def _text(cell: Any, name: str = "post") -> Any:
        text = free_text(cell)
        if not text:
            return BLANK
        if len(text) > _MAX_LENGTHS[name]:
            return failure(f"{BY_FIELD[name].header}最长{_MAX_LENGTHS[name]}个字，实际为{len(text)}个")
        return text

    def _unit(self, cell: Any) -> Any:
        text = free_text(cell)
        if not text:
            return BLANK
        if self.convert is not None:
            text = self.convert(text)
        if len(text) > _MAX_LENGTHS["department"]:
            return failure(f"名称最长{_MAX_LENGTHS['department']}个字，实际为{len(text)}个")
        return text

    @staticmethod
    def _ethnicity(cell: Any) -> Any:
        text = "".join(free_text(cell).split())
        if not text:
            return BLANK
        if text in _ETHNIC_GROUPS:
            return text
        if text + "族" in _ETHNIC_GROUPS:
            return text + "族"
        if len(text) > _MAX_LENGTHS["ethnicity"]:
            return failure(f"民族最长{_MAX_LENGTHS['ethnicity']}个字，实际为{len(text)}个")
        return Outcome(text, ((WARNING, f"「{text}」不是56个民族之一，请核对"),))

    @staticmethod
    def _migrant(cell: Any) -> Any:
        text = cell_text(cell).strip()
        key = _choice_key(text)
        if not key:
            return BLANK
        if key in _YES:
            return True
        if key in _NO:
            return False
        return failure(f"是否农民工「{text}」无法识别：应为“是”或“否”")

    def _birth_date(self, cell: Any) -> Any:
        if is_blank(cell):
            return BLANK
        try:
            partial = read_date(cell)
        except PartialDateError as exc:
            return failure(exc.message)
        if partial.first_day > self.today:
            return failure(f"出生日期{partial}晚于今天（{cn_date(self.today)}），不可能")
        return partial

    def _joined_on(self, cell: Any) -> Any:
        if is_blank(cell):
            return BLANK
        try:
            partial = read_date(cell)
        except PartialDateError as exc:
            return failure(exc.message)
        if partial.month is None:
            return failure(
                f"日期「{partial}」不完整：入会时间至少要写到月，最好精确到日，例如{partial.first_day.isoformat()}"
            )
        joined = partial.first_day
        if joined > self.today:
            return failure(f"入会时间{cn_date(joined)}晚于今天（{cn_date(self.today)}），不可能")
        if partial.day is None:
            # 入会年月 columns hold months only; a whole file of them must not be rejected.
            return Outcome(joined, ((WARNING, f"入会时间只写到月（{partial}），按{cn_date(joined)}导入"),))
        return joined


def _traditional_to_simplified() -> Callable[[str], str]:
    try:
        from opencc import OpenCC
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise RuntimeError("繁体转简体需要安装 opencc（pip install opencc）") from exc
    return OpenCC("t2s").convert
