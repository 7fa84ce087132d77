"""Mainland China phone numbers: mobiles (11 digits) and landlines (area code + 7–8 digits).

Mobiles are checked with the loose rule ^1[3-9]\\d{9}$; a prefix that phonenumbers' CN table does not
know is only a warning, because its table lags behind new allocations (IoT and data-only ranges such
as 149 are missing). Landlines are checked against phonenumbers' CN fixed-line pattern. Both patterns
are read from the metadata once and compiled; phonenumbers.parse is never called per number.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Literal

from gonghui.core.text import to_halfwidth

PhoneKind = Literal["mobile", "landline"]

_WHITESPACE = re.compile(r"\s+")
_EXTENSION = re.compile(r"(?:转|分机|ext\.?|x|#)(\d{1,6})$")
_BRACKETS = re.compile(r"[()]")
_ALLOWED = re.compile(r"\+?[0-9-]+")
_NOT_ALLOWED = re.compile(r"[^0-9+-]")
_SEVERAL = re.compile(r"[/,;、，；]")
_DIGITS = re.compile(r"[0-9]+")
_EXTENSION_DIGITS = re.compile(r"[0-9]{1,6}")
_MOBILE_SHAPE = re.compile(r"1[0-9]{10}")
_MOBILE_LOOSE = re.compile(r"1[3-9][0-9]{9}")
_LOCAL_ONLY = re.compile(r"[2-9][0-9]{6,7}")
# 010 and 020–029 have a two-digit area code after the trunk 0; every other area code has three.
_TWO_DIGIT_AREAS = ("10", "2")


@dataclass
class PhoneCheck:
    """The outcome of checking one phone number; `normalized` and `kind` are set only when ok."""

    normalized: str | None = None
    kind: PhoneKind | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@functools.cache
def _cn_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """phonenumbers' CN (mobile, fixed-line) national-number patterns, compiled once."""
    import phonenumbers

    metadata = phonenumbers.PhoneMetadata.metadata_for_region("CN")
    assert metadata is not None and metadata.mobile is not None and metadata.fixed_line is not None
    mobile = metadata.mobile.national_number_pattern
    fixed = metadata.fixed_line.national_number_pattern
    assert mobile is not None and fixed is not None
    return re.compile(mobile), re.compile(fixed)


def _landline_parts(national: str) -> tuple[str, str]:
    """Split a landline written with its trunk 0 into area code (with the 0) and subscriber number."""
    size = 3 if national[1:].startswith(_TWO_DIGIT_AREAS) else 4
    return national[:size], national[size:]


def _is_landline(national: str) -> bool:
    _area, subscriber = _landline_parts(national)
    return 7 <= len(subscriber) <= 8 and _cn_patterns()[1].fullmatch(national[1:]) is not None


def _national(number: str) -> tuple[str | None, str | None]:
    """Remove a +86 / 0086 / 86 country code; returns (national number, error)."""
    if number.startswith("+"):
        if not number.startswith("+86"):
            return None, f"只支持中国大陆的电话号码（+86），「{number}」是其他国家或地区的号码"
        rest = number[3:]
    elif number.startswith("0086"):
        rest = number[4:]
    elif number.startswith("86") and (
        _MOBILE_SHAPE.fullmatch(number[2:]) or (number[2:3] == "0" and _is_landline(number[2:]))
    ):
        return number[2:], None
    else:
        return number, None
    # After an explicit country code a landline is written without its trunk 0 (+86 10 …).
    if (rest.startswith("1") and not rest.startswith("10")) or rest.startswith("0"):
        return rest, None
    return "0" + rest, None


def _check_mobile(number: str, extension: str | None, result: PhoneCheck) -> None:
    if len(number) != 11:
        result.errors.append(f"手机号应为11位数字，实际为{len(number)}位")
    elif not _MOBILE_LOOSE.fullmatch(number):
        result.errors.append(f"手机号第2位应为3到9，实际为{number[1]}：1{number[1]}开头的号码不是手机号")
    elif extension is not None:
        result.errors.append("手机号不能带分机号")
    else:
        result.normalized = number
        result.kind = "mobile"
        if _cn_patterns()[0].fullmatch(number) is None:
            result.warnings.append(
                f"手机号段{number[:3]}不在号码库（phonenumbers）的手机号段表中，"
                "可能是新开放的号段或物联网、上网卡号段；请核对号码"
            )


def _check_landline(number: str, extension: str | None, result: PhoneCheck) -> None:
    area, subscriber = _landline_parts(number)
    if not 7 <= len(subscriber) <= 8:
        result.errors.append(f"固定电话应为区号加7到8位号码，区号{area}之后有{len(subscriber)}位")
    elif _cn_patterns()[1].fullmatch(number[1:]) is None:
        result.errors.append(
            f"固定电话{area}-{subscriber}无效：区号{area}不存在，或与该地区号码的位数、开头不符"
        )
    else:
        result.normalized = f"{area}-{subscriber}" + (f"转{extension}" if extension else "")
        result.kind = "landline"


def _check_digits(number: str, extension: str | None) -> PhoneCheck:
    result = PhoneCheck()
    national, error = _national(number)
    if national is None:
        result.errors.append(error or "")
    elif not _DIGITS.fullmatch(national):
        result.errors.append(f"电话号码「{number}」中只能在开头使用+号")
    elif national.startswith("1"):
        _check_mobile(national, extension, result)
    elif national.startswith("01") and _MOBILE_LOOSE.fullmatch(national[1:]):
        # Dialling a mobile from another city used to need a leading 0; the number itself has none.
        _check_mobile(national[1:], extension, result)
        if result.ok:
            result.warnings.insert(0, f"手机号前多了一个0（{national}），已去掉")
    elif national.startswith("0"):
        _check_landline(national, extension, result)
    elif _LOCAL_ONLY.fullmatch(national):
        result.errors.append(f"固定电话「{national}」缺少区号：请写成区号加号码，例如010-{national}")
    else:
        result.errors.append(
            f"无法识别的电话号码「{national}」：手机号应为以1开头的11位数字，固定电话应为区号加7到8位号码"
        )
    return result


def check_phone(raw: str | None) -> PhoneCheck:
    """Check a mainland mobile or landline number and normalise it.

    Spaces, dashes, brackets and full-width characters are ignored, a +86 / 0086 / 86 prefix is
    removed, and a landline may carry an extension after 转, 分机, ext, # or a final dash. Mobiles are
    normalised to 11 digits, landlines to "010-12345678" or "010-12345678转123".
    """
    text = _WHITESPACE.sub("", to_halfwidth(raw or "")).lower()
    if not text:
        return PhoneCheck(errors=["电话号码为空"])
    if _SEVERAL.search(text):
        return PhoneCheck(errors=[f"「{raw}」像是多个号码：一栏只能填一个电话号码"])
    extension: str | None = None
    match = _EXTENSION.search(text)
    if match is not None:
        extension = match.group(1)
        text = text[: match.start()]
    text = _BRACKETS.sub("", text)
    if not _ALLOWED.fullmatch(text):
        bad = _NOT_ALLOWED.search(text)
        shown = bad.group() if bad else "+"
        return PhoneCheck(errors=[f"电话号码「{(raw or '').strip()}」含有无法识别的字符「{shown}」"])

    result = _check_digits(text.replace("-", ""), extension)
    groups = text.split("-")
    if result.ok or extension is not None or len(groups) < 2 or not _EXTENSION_DIGITS.fullmatch(groups[-1]):
        return result
    # "010-12345678-123": a last dash group is an extension only when the rest is a whole landline.
    with_extension = _check_digits("".join(groups[:-1]), groups[-1])
    return with_extension if with_extension.kind == "landline" else result
