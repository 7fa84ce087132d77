"""Reporting periods: a year, half-year, quarter, school year or date range, parsed from short text."""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass

from gonghui.core.text import to_halfwidth

MIN_YEAR = 1901
MAX_YEAR = 9998
SCHOOL_YEAR_START_MONTH = 9

ACCEPTED_FORMS = (
    "2025（全年）、2025H1或2025H2（上半年或下半年）、2025Q1至2025Q4（季度）、"
    "2024-2025（学年，9月1日至次年8月31日）、2025-03-01..2025-06-30（起止日期，含首尾两天）"
)

_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})H([12])$")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_SCHOOL_YEAR = re.compile(r"^(\d{4})[-–—](\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")

_QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}


class PeriodError(ValueError):
    """A period text that cannot be read; the message says which forms are accepted."""


class PeriodKind(enum.Enum):
    YEAR = "year"
    HALF_YEAR = "half_year"
    QUARTER = "quarter"
    SCHOOL_YEAR = "school_year"
    RANGE = "range"
    # School terms (第一/第二学期) will come from a configurable school calendar.


def cn_date(day: dt.date) -> str:
    """A date written the Chinese way, without leading zeros: 2025年3月1日."""
    return f"{day.year}年{day.month}月{day.day}日"


def shift_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (or earlier); 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Period:
    """A span of days [start, end], both included, with its normalised key and its Chinese label."""

    key: str
    label: str
    start: dt.date
    end: dt.date
    kind: PeriodKind

    def counted_end(self, today: dt.date) -> dt.date:
        """The last day that can be counted: the period's end, or today while the period runs."""
        return min(self.end, today)

    def is_over(self, today: dt.date) -> bool:
        """True when every day of the period is counted: today is its last day or later."""
        return today >= self.end

    def has_started(self, today: dt.date) -> bool:
        """True when the period's first day is today or earlier."""
        return self.start <= today

    def previous_year(self) -> Period:
        """The same dates a year earlier (同比)."""
        year = self.start.year - 1
        if self.kind is PeriodKind.YEAR:
            return year_period(year)
        if self.kind is PeriodKind.HALF_YEAR:
            return half_year_period(year, 1 if self.start.month == 1 else 2)
        if self.kind is PeriodKind.QUARTER:
            return quarter_period(year, (self.start.month - 1) // 3 + 1)
        if self.kind is PeriodKind.SCHOOL_YEAR:
            return school_year_period(year)
        return range_period(shift_years(self.start, -1), shift_years(self.end, -1))


def year_period(year: int) -> Period:
    """The calendar year."""
    _check_year(year)
    return Period(
        key=f"{year}",
        label=f"{year}年",
        start=dt.date(year, 1, 1),
        end=dt.date(year, 12, 31),
        kind=PeriodKind.YEAR,
    )


def half_year_period(year: int, half: int) -> Period:
    """上半年 (1 January–30 June) or 下半年 (1 July–31 December)."""
    _check_year(year)
    first = half == 1
    return Period(
        key=f"{year}H{half}",
        label=f"{year}年{'上' if first else '下'}半年",
        start=dt.date(year, 1 if first else 7, 1),
        end=dt.date(year, 6, 30) if first else dt.date(year, 12, 31),
        kind=PeriodKind.HALF_YEAR,
    )


def quarter_period(year: int, quarter: int) -> Period:
    """The calendar quarter 1–4."""
    _check_year(year)
    start = dt.date(year, 3 * quarter - 2, 1)
    next_start = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return Period(
        key=f"{year}Q{quarter}",
        label=f"{year}年第{_QUARTER_NAMES[quarter]}季度",
        start=start,
        end=next_start - dt.timedelta(days=1),
        kind=PeriodKind.QUARTER,
    )


def school_year_period(first_year: int) -> Period:
    """The school year from 1 September of `first_year` to 31 August of the next year."""
    _check_year(first_year)
    return Period(
        key=f"{first_year}-{first_year + 1}",
        label=f"{first_year}—{first_year + 1}学年",
        start=dt.date(first_year, SCHOOL_YEAR_START_MONTH, 1),
        end=dt.date(first_year + 1, SCHOOL_YEAR_START_MONTH, 1) - dt.timedelta(days=1),
        kind=PeriodKind.SCHOOL_YEAR,
    )


def range_period(start: dt.date, end: dt.date) -> Period:
    """Any run of days from `start` to `end`, both included."""
    _check_year(start.year)
    _check_year(end.year)
    if start > end:
        raise PeriodError(f"起始日期{cn_date(start)}晚于结束日期{cn_date(end)}，请调换两个日期")
    return Period(
        key=f"{start.isoformat()}..{end.isoformat()}",
        label=f"{cn_date(start)}至{cn_date(end)}",
        start=start,
        end=end,
        kind=PeriodKind.RANGE,
    )


def parse_period(text: str) -> Period:
    """Read a period written as 2025, 2025H1, 2025Q3, 2024-2025 or 2025-03-01..2025-06-30."""
    shown = text
    cleaned = "".join(to_halfwidth(text).split()).upper()
    if match := _YEAR.match(cleaned):
        return year_period(_year(match[1], shown))
    if match := _HALF.match(cleaned):
        return half_year_period(_year(match[1], shown), int(match[2]))
    if match := _QUARTER.match(cleaned):
        return quarter_period(_year(match[1], shown), int(match[2]))
    if match := _SCHOOL_YEAR.match(cleaned):
        first, second = _year(match[1], shown), _year(match[2], shown)
        if second != first + 1:
            raise PeriodError(
                f"统计期间「{shown}」：学年的两个年份应前后相连，如{first}-{first + 1}（{first}年9月1日至{first + 1}年8月31日）"
            )
        return school_year_period(first)
    if match := _RANGE.match(cleaned):
        return range_period(_date(match[1], shown), _date(match[2], shown))
    raise PeriodError(f"无法识别统计期间「{shown}」。可用的写法：{ACCEPTED_FORMS}")


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(f"年份{year}不在{MIN_YEAR}–{MAX_YEAR}年之间")


def _year(digits: str, shown: str) -> int:
    year = int(digits)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(f"统计期间「{shown}」的年份{year}不在{MIN_YEAR}–{MAX_YEAR}年之间")
    return year


def _date(text: str, shown: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise PeriodError(f"统计期间「{shown}」中的「{text}」不是有效的日期") from exc
