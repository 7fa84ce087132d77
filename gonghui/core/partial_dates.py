"""Dates known only to the year or the month (出生年月, 入会年月), and a forgiving parser for them.

Spreadsheets from unions write dates every way there is: real date cells, Excel serial numbers,
"2019.3", "2019年3月", "201903". `parse_partial_date` reads all of them and keeps the precision the
writer gave, so "1985年3月" is never silently turned into 1 March 1985.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from gonghui.core.text import collapse_spaces, to_halfwidth

Precision = Literal["year", "month", "day"]

# Years outside this range are typing mistakes in this domain (birth, joining and payment dates).
MIN_YEAR = 1900
MAX_YEAR = 2100

# Excel's 1900 date system: serial 1 is 1900-01-01 and serial 60 is 1900-02-29, a day that never
# existed (Lotus 1-2-3 treated 1900 as a leap year and Excel kept the bug).
_EXCEL_EPOCH_BEFORE_LEAP_BUG = dt.date(1899, 12, 31)
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_FAKE_LEAP_DAY = 60
_EXCEL_MAX_SERIAL = 2958465  # 9999-12-31

_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_WHITESPACE = re.compile(r"\s+")
_SEPARATED = re.compile(r"(\d{4})([-/.])(\d{1,2})(?:\2(\d{1,2}))?")
_CHINESE = re.compile(r"(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})[日号]?)?)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})?(\d{2})?")
_PATTERNS = (_SEPARATED, _CHINESE, _COMPACT)
_SEPARATED_GROUPS = (1, 3, 4)
_OTHER_GROUPS = (1, 2, 3)

_FORMATS_HINT = "请写成2019-03-01、2019/3/1、2019.3、2019年3月、2019年或20190301等形式"


class PartialDateError(ValueError):
    """A date that cannot be read or does not exist; the message says which and why, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class PartialDate:
    """A calendar date known to the year, the month or the day; `day` requires `month`."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise PartialDateError(f"{self.year}年某日缺少月份：有日必须有月")
        if not dt.MINYEAR <= self.year <= dt.MAXYEAR:
            raise PartialDateError(f"{self.year}年不存在")
        if self.month is not None and not 1 <= self.month <= 12:
            raise PartialDateError(f"{self.year}年{self.month}月不存在：月份应在1到12之间")
        if self.month is not None and self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise PartialDateError(
                    f"{self.year}年{self.month}月{self.day}日不存在：{self.year}年{self.month}月只有{last}天"
                )

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    @property
    def first_day(self) -> dt.date:
        """The earliest real date this partial date can stand for."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        """The latest real date this partial date can stand for."""
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def agrees_with(self, d: dt.date) -> bool:
        """True when `d` falls inside this partial date, compared only as far as its precision goes."""
        if d.year != self.year:
            return False
        if self.month is not None and d.month != self.month:
            return False
        return self.day is None or d.day == self.day

    def isoformat(self) -> str:
        """'1985', '1985-03' or '1985-03-01'; `parse_partial_date` reads each back."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year}年"
        if self.day is None:
            return f"{self.year}年{self.month}月"
        return f"{self.year}年{self.month}月{self.day}日"


def _in_range(partial: PartialDate, shown: str) -> PartialDate:
    if not MIN_YEAR <= partial.year <= MAX_YEAR:
        raise PartialDateError(
            f"日期「{shown}」的年份{partial.year}不在{MIN_YEAR}–{MAX_YEAR}年之间，可能是录入错误"
        )
    return partial


def _from_text(text: str, shown: str) -> PartialDate:
    cleaned = collapse_spaces(to_halfwidth(text))
    cleaned = _WHITESPACE.sub("", _TIME_SUFFIX.sub("", cleaned))
    for pattern in _PATTERNS:
        match = pattern.fullmatch(cleaned)
        if match is None:
            continue
        groups = _SEPARATED_GROUPS if pattern is _SEPARATED else _OTHER_GROUPS
        year, month, day = (match.group(i) for i in groups)
        return _in_range(
            PartialDate(int(year), int(month) if month else None, int(day) if day else None), shown
        )
    raise PartialDateError(f"无法识别的日期「{shown}」：{_FORMATS_HINT}")


def _from_excel_serial(serial: int, shown: str) -> PartialDate:
    if not 1 <= serial <= _EXCEL_MAX_SERIAL:
        raise PartialDateError(
            f"无法把数值{shown}当作Excel日期：Excel日期序列号应在1到{_EXCEL_MAX_SERIAL}之间"
        )
    if serial == _EXCEL_FAKE_LEAP_DAY:
        raise PartialDateError("Excel日期序列号60对应1900年2月29日，这一天不存在（Excel沿袭的历史错误）")
    epoch = _EXCEL_EPOCH_BEFORE_LEAP_BUG if serial < _EXCEL_FAKE_LEAP_DAY else _EXCEL_EPOCH
    d = epoch + dt.timedelta(days=serial)
    return _in_range(PartialDate(d.year, d.month, d.day), shown)


def _from_number(value: int | float | Decimal) -> PartialDate:
    shown = repr(value) if isinstance(value, float) else str(value)
    if not (value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)):
        raise PartialDateError(f"无法识别的日期值{shown}")
    if value == int(value):
        number = int(value)
        # A bare year, 201903 or 20190301 typed into a number cell; none of these collide with an
        # Excel serial inside MIN_YEAR..MAX_YEAR (serials 1900–2100 are days in 1905).
        if MIN_YEAR <= number <= MAX_YEAR or len(str(number)) in (6, 8):
            return _from_text(str(number), shown)
        return _from_excel_serial(number, shown)
    if MIN_YEAR <= value < MAX_YEAR + 1:
        # "1985.3" typed into a number cell arrives as the number 1985.3 (year.month). A float has lost
        # any trailing zero, so 1985.1 may have been typed as 1985.1 or 1985.10.
        if isinstance(value, float) and shown.endswith(".1"):
            year = int(value)
            raise PartialDateError(
                f"数值{shown}无法区分{year}年1月和{year}年10月（数字单元格会丢掉末尾的0）；"
                "请把单元格设为文本，或写成年-月-日"
            )
        return _from_text(shown, shown)
    return _from_excel_serial(math.floor(value), shown)


def parse_partial_date(value: object) -> PartialDate:
    """Read a date cell or text, keeping the precision it was written with.

    Accepts `date` and `datetime` objects, Excel serial numbers (1900 date system; the time of day is
    dropped), bare years, and text such as "2019-03-01", "2019/3/1", "2019.3", "2019年3月1日",
    "2019年", "20190301" or "201903", in full-width digits too. A whole number from MIN_YEAR to MAX_YEAR
    is read as a year, not as an Excel serial. Raises `PartialDateError` with a Chinese message.
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _in_range(PartialDate(value.year, value.month, value.day), value.isoformat())
    if isinstance(value, bool):
        raise PartialDateError(f"无法识别的日期值「{value}」")
    if isinstance(value, int | float | Decimal):
        return _from_number(value)
    if isinstance(value, str):
        shown = value.strip()
        if not shown:
            raise PartialDateError("日期为空")
        return _from_text(value, shown)
    if value is None:
        raise PartialDateError("日期为空")
    raise PartialDateError(f"无法识别的日期值「{value}」")


def parse_full_date(value: object) -> dt.date:
    """Like `parse_partial_date`, but the value must give the day as well."""
    partial = parse_partial_date(value)
    if partial.month is None or partial.day is None:
        raise PartialDateError(
            f"日期「{partial}」不完整：这里需要精确到日，例如{partial.first_day.isoformat()}"
        )
    return dt.date(partial.year, partial.month, partial.day)
