"""Identity document numbers: the GB 11643-1999 citizen ID and the 18-digit permits that share its layout.

Layout (RULES.md §7): 6-digit address code, 8-digit birth date, 3-digit sequence (odd = male), and an
ISO 7064 MOD 11-2 check character. The address code only ever yields a warning: python-stdnum's GB/T 2260
table is incomplete, and people keep their number for life after their county is merged or renamed, so a
retired code is normal (the standard's own example uses 440524, retired in 1993). It is flagged only when
unknown, or when it was retired before the person was born.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from django.db import models

from gonghui.core.partial_dates import PartialDate, PartialDateError
from gonghui.core.text import collapse_spaces, to_halfwidth


class IdType(models.TextChoices):
    RESIDENT = "resident", "居民身份证"
    HMT_RESIDENCE = "hmt_residence", "港澳台居民居住证"
    FOREIGN_PR = "foreign_pr", "外国人永久居留身份证"
    PASSPORT = "passport", "护照"
    OTHER = "other", "其他证件"


_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_EARLIEST_BIRTH = dt.date(1900, 1, 1)
_HMT_PREFIXES = {"810000": "香港", "820000": "澳门", "830000": "台湾"}
_GENDER_LABELS = {"M": "男", "F": "女"}
_GENDER_CODES = {"M": "M", "F": "F", "男": "M", "女": "F"}
# Excel keeps 15 significant digits, so a longer number typed into a number cell has lost its tail.
_EXCEL_DIGITS = 15
_MAX_DOCUMENT_LENGTH = 32

_WHITESPACE = re.compile(r"\s+")
_DIGITS_15 = re.compile(r"[0-9]{15}")
_EIGHTEEN = re.compile(r"[0-9]{17}[0-9X]")
_NOT_DIGIT = re.compile(r"[^0-9]")
_DOCUMENT = re.compile(r"[A-Z0-9-]+")
_NOT_DOCUMENT_CHAR = re.compile(r"[^A-Z0-9-]")
_REGION_CODE = re.compile(r"[0-9]{6}")
_PERIOD = re.compile(r"\[(\d*)-(\d*)\](.*)")


@dataclass
class IdCheck:
    """The outcome of checking one number; `normalized`, `birth_date` and `gender` are set only when ok."""

    normalized: str | None = None
    birth_date: dt.date | None = None
    gender: str | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class _Region:
    province: str
    # (first year, last year, county name); None means open-ended.
    periods: tuple[tuple[int | None, int | None, str], ...]

    @property
    def last_year(self) -> int | None:
        """The year the code stopped being used, or None while it is still current."""
        ends = [end for _start, end, _name in self.periods]
        if any(end is None for end in ends):
            return None
        return max(end for end in ends if end is not None)

    @property
    def name(self) -> str:
        return self.province + self.periods[-1][2]


def _cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _check_char(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


@functools.lru_cache(maxsize=8192)
def _region(code: str) -> _Region | None:
    """The GB/T 2260 entry for an address code from python-stdnum's table, or None when it has none."""
    from stdnum import numdb  # loads the table on first use only

    merged: dict[str, str] = {}
    for _part, props in numdb.get("cn/loc").info(code):
        merged.update(props)
    if "province" not in merged or "county" not in merged:
        return None
    periods: list[tuple[int | None, int | None, str]] = []
    for entry in merged["county"].split(","):
        match = _PERIOD.fullmatch(entry)
        if match is None:
            periods.append((None, None, entry))
        else:
            start, end, name = match.groups()
            periods.append((int(start) if start else None, int(end) if end else None, name))
    return _Region(province=merged["province"], periods=tuple(periods))


def region_name(code: str) -> str | None:
    """The province and county an address code names (e.g. 北京市朝阳区), or None when it is unknown."""
    region = _region(code[:6]) if _REGION_CODE.fullmatch(code[:6]) else None
    return region.name if region else None


def normalize_id_number(raw: str) -> str:
    """Strip spaces (also inside), turn full-width characters half-width and upper-case letters (x → X)."""
    return _WHITESPACE.sub("", collapse_spaces(to_halfwidth(raw))).upper()


def _as_text(raw: object) -> tuple[str, str | None]:
    """The number as text, or an error when a spreadsheet stored it as a number and lost digits."""
    if raw is None:
        return "", None
    if isinstance(raw, bool):
        return "", f"证件号码「{raw}」无法识别"
    if isinstance(raw, int | float):
        if isinstance(raw, float) and not raw.is_integer():
            return "", f"证件号码「{raw}」不是整数，无法识别"
        digits = str(int(raw))
        if len(digits) > _EXCEL_DIGITS:
            return "", (
                f"证件号码「{digits}」是以数字格式保存的：Excel只保留15位有效数字，后几位可能已经丢失；"
                "请把该列设为文本格式后重新录入"
            )
        return digits, None
    return str(raw), None


def _check_document(number: str, label: str, result: IdCheck) -> None:
    if len(number) > _MAX_DOCUMENT_LENGTH:
        result.errors.append(f"{label}号码最长{_MAX_DOCUMENT_LENGTH}个字符，实际为{len(number)}个")
    elif not _DOCUMENT.fullmatch(number):
        bad = _NOT_DOCUMENT_CHAR.search(number)
        assert bad is not None
        result.errors.append(
            f"{label}号码只能包含字母、数字和短横线，第{bad.start() + 1}位是「{bad.group()}」"
        )
    else:
        result.normalized = number


def _upgrade_15(number: str) -> str:
    first17 = number[:6] + "19" + number[6:]
    return first17 + _check_char(first17)


def _format_errors(number: str, id_type: IdType) -> list[str]:
    if id_type == IdType.RESIDENT and len(number) == 15:
        bad = _NOT_DIGIT.search(number)
        assert bad is not None  # an all-digit 15-character number was converted before this
        return [f"15位旧身份证号应全为数字，第{bad.start() + 1}位是「{bad.group()}」"]
    if len(number) != 18:
        expected = "18位（或15位旧号码）" if id_type == IdType.RESIDENT else "18位"
        return [f"{id_type.label}号码应为{expected}，实际为{len(number)}位"]
    if not _EIGHTEEN.fullmatch(number):
        bad = _NOT_DIGIT.search(number[:17])
        if bad is not None:
            return [f"{id_type.label}号码前17位应全为数字，第{bad.start() + 1}位是「{bad.group()}」"]
        return [f"第18位是校验位，应为数字或X，实际为「{number[17]}」"]
    return []


def _prefix_errors(number: str, id_type: IdType) -> list[str]:
    if id_type == IdType.HMT_RESIDENCE and number[:6] not in _HMT_PREFIXES:
        return [
            f"港澳台居民居住证号码应以810000（香港）、820000（澳门）或830000（台湾）开头，实际为{number[:6]}"
        ]
    if id_type == IdType.FOREIGN_PR and number[0] != "9":
        return [f"外国人永久居留身份证号码应以9开头，实际为{number[0]}"]
    return []


def _birth_date(number: str, today: dt.date, errors: list[str]) -> dt.date | None:
    digits = number[6:14]
    try:
        partial = PartialDate(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except PartialDateError as exc:
        errors.append(f"第7–14位的出生日期{digits}无效（{exc}）")
        return None
    birth = partial.first_day
    if birth > today:
        errors.append(f"第7–14位的出生日期{_cn_date(birth)}晚于今天（{_cn_date(today)}），不可能")
        return None
    if birth < _EARLIEST_BIRTH:
        errors.append(f"第7–14位的出生日期{_cn_date(birth)}早于1900年1月1日，不可能")
        return None
    return birth


def _region_warnings(number: str, birth: dt.date) -> list[str]:
    code = number[:6]
    if code in _HMT_PREFIXES:
        return [
            f"号码以{code}开头，是{_HMT_PREFIXES[code]}居民居住证的格式；证件类型是否应为「港澳台居民居住证」？"
        ]
    if code.startswith("9"):
        return ["号码以9开头，是外国人永久居留身份证的格式；证件类型是否应为「外国人永久居留身份证」？"]
    region = _region(code)
    if region is None:
        return [f"地区码{code}（号码前6位）不在行政区划代码表中；格式和校验位都正确，请核对前6位是否录入有误"]
    last_year = region.last_year
    # A retired code is normal (县改区 renumbered many counties; people keep their number for life),
    # but a code retired before the person was born cannot have been assigned to them.
    if last_year is not None and birth.year > last_year:
        return [
            f"地区码{code}（{region.name}）只使用到{last_year}年，而出生日期在{birth.year}年，"
            "按规定不会再用该地区码编号；请核对前6位是否录入有误"
        ]
    return []


def check_id_number(
    raw: str | int | float | None, *, id_type: IdType = IdType.RESIDENT, today: dt.date | None = None
) -> IdCheck:
    """Check an identity document number of the given type; every problem is reported in Chinese.

    Resident IDs, HMT residence permits and foreign permanent-residence IDs get the full GB 11643
    check (length, digits, birth date, check character). A 15-digit resident ID is converted to 18
    digits with a warning. Passports and other documents only get a length and character check.
    """
    id_type = IdType(id_type)
    result = IdCheck()
    text, error = _as_text(raw)
    if error is not None:
        result.errors.append(error)
        return result
    number = normalize_id_number(text)
    if not number:
        result.errors.append("证件号码为空")
        return result
    if id_type in (IdType.PASSPORT, IdType.OTHER):
        _check_document(number, id_type.label, result)
        return result

    if id_type == IdType.RESIDENT and _DIGITS_15.fullmatch(number):
        upgraded = _upgrade_15(number)
        result.warnings.append(f"15位旧身份证号{number}已按GB 11643转换为18位：{upgraded}")
        number = upgraded
    result.errors.extend(_format_errors(number, id_type))
    if result.errors:
        return result
    result.errors.extend(_prefix_errors(number, id_type))
    birth = _birth_date(number, today or dt.date.today(), result.errors)
    expected = _check_char(number[:17])
    if number[17] != expected:
        result.errors.append(f"校验位错误：按前17位计算应为{expected}，实际为{number[17]}")
    if result.errors or birth is None:
        return result

    result.normalized = number
    result.birth_date = birth
    result.gender = "M" if int(number[16]) % 2 else "F"
    if id_type == IdType.RESIDENT:
        result.warnings.extend(_region_warnings(number, birth))
    return result


def check_against_id(check: IdCheck, *, birth: PartialDate | dt.date | None, gender: str | None) -> list[str]:
    """Errors where a separately entered birth date or gender (M/F or 男/女) disagrees with the ID.

    Returns nothing to compare when the ID itself did not pass (its own errors say why).
    """
    errors: list[str] = []
    if check.birth_date is not None and birth is not None:
        partial = birth if isinstance(birth, PartialDate) else PartialDate(birth.year, birth.month, birth.day)
        if not partial.agrees_with(check.birth_date):
            errors.append(f"出生日期「{partial}」与身份证号中的出生日期{_cn_date(check.birth_date)}不一致")
    if check.gender is not None and gender:
        code = _GENDER_CODES.get(gender.strip().upper())
        if code is None:
            errors.append(f"性别「{gender}」无法识别：应为男或女")
        elif code != check.gender:
            parity = "奇数" if check.gender == "M" else "偶数"
            errors.append(
                f"性别「{_GENDER_LABELS[code]}」与身份证号（第17位为{parity}，应为{_GENDER_LABELS[check.gender]}）不一致"
            )
    return errors


def make_id_number(region: str, birth: dt.date, seq: int) -> str:
    """A valid 18-digit number for the address code, birth date and 3-digit sequence (odd = male)."""
    if not _REGION_CODE.fullmatch(region):
        raise ValueError(f"地区码应为6位数字，实际为「{region}」")
    if not 0 <= seq <= 999:
        raise ValueError(f"顺序码应在0到999之间，实际为{seq}")
    first17 = f"{region}{birth.year:04d}{birth.month:02d}{birth.day:02d}{seq:03d}"
    return first17 + _check_char(first17)
