"""Reporting periods: a year, half-year, quarter, school year, school term or date range, parsed from short text.

School terms (第一学期 / 第二学期) take their dates from a `SchoolCalendar`: the dates a school union has
entered (orgs.SchoolTerm, read by `orgs.selectors.school_calendar_for`), else the default rule below.
This module imports no domain app; the caller passes the calendar in.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from gonghui.core.text import to_halfwidth

MIN_YEAR = 1901
MAX_YEAR = 9998
SCHOOL_YEAR_START_MONTH = 9

ACCEPTED_FORMS = (
    "2025（全年）、2025H1或2025H2（上半年或下半年）、2025Q1至2025Q4（季度）、"
    "2024-2025（学年，9月1日至次年8月31日）、"
    "2024-2025-1或2024-2025-2（第一或第二学期，也可写作2024-2025学年第一学期；"
    "起止日期按学校工会设定的校历，未设定的按9月1日至次年1月31日、2月1日至8月31日）、"
    "2025-03-01..2025-06-30（起止日期，含首尾两天）"
)

_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})H([12])$")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_SCHOOL_YEAR = re.compile(r"^(\d{4})[-–—](\d{4})(?:学年)?$")
_TERM = re.compile(r"^(\d{4})[-–—](\d{4})[-–—]([12])$")
_TERM_CN = re.compile(r"^(\d{4})[-–—](\d{4})(?:学年)?(?:第([一二12])|([上下]))学期$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")

_QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}
TERM_NAMES = {1: "第一学期", 2: "第二学期"}
_TERM_NUMBERS = {"一": 1, "1": 1, "上": 1, "二": 2, "2": 2, "下": 2}


class PeriodError(ValueError):
    """A period text that cannot be read; the message says which forms are accepted."""


class PeriodKind(enum.Enum):
    YEAR = "year"
    HALF_YEAR = "half_year"
    QUARTER = "quarter"
    SCHOOL_YEAR = "school_year"
    RANGE = "range"
    TERM = "term"


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
class TermDates:
    """The first and last day (both included) of one term of a school year, as a school has set them."""

    first_year: int
    number: int
    start: dt.date
    end: dt.date


def default_term_dates(first_year: int, number: int) -> tuple[dt.date, dt.date]:
    """The default rule: 第一学期 1 September–31 January, 第二学期 1 February–31 August.

    Real terms leave the winter and summer holidays out, but a school that has set no dates still needs
    every day of its school year to fall in exactly one term: then the two terms' figures add up to the
    school year's, and what happens in a holiday (a 寒假 visit, 送清凉 in July) is counted in a term
    rather than in none. A school that wants its real term dates sets them (orgs.SchoolTerm).
    """
    if number == 1:
        return dt.date(first_year, SCHOOL_YEAR_START_MONTH, 1), dt.date(first_year + 1, 1, 31)
    return dt.date(first_year + 1, 2, 1), dt.date(first_year + 1, SCHOOL_YEAR_START_MONTH, 1) - dt.timedelta(
        days=1
    )


@dataclass(frozen=True)
class SchoolCalendar:
    """A school's term dates by (first_year, number); a term it has not set follows the default rule.

    A term not set beside one that is set fills the rest of its school year, so the two never overlap:
    the default 第二学期 starts the day after a set 第一学期 ends, and the default 第一学期 ends the day
    before a set 第二学期 starts. The terms are kept sorted, so two calendars with the same dates are equal.
    """

    terms: tuple[TermDates, ...] = ()

    def __post_init__(self) -> None:
        seen: set[tuple[int, int]] = set()
        for term in self.terms:
            if term.number not in TERM_NAMES:
                raise PeriodError(f"学期只能是第一学期或第二学期，不能是第{term.number}学期")
            name = _term_label(term.first_year, term.number)
            if term.start > term.end:
                raise PeriodError(f"{name}的开始日期{cn_date(term.start)}晚于结束日期{cn_date(term.end)}")
            if (term.first_year, term.number) in seen:
                raise PeriodError(f"{name}的起止日期设定了两次")
            seen.add((term.first_year, term.number))
        object.__setattr__(self, "terms", tuple(sorted(self.terms, key=lambda t: (t.first_year, t.number))))

    @classmethod
    def of(cls, terms: Iterable[TermDates]) -> SchoolCalendar:
        return cls(tuple(terms))

    def configured(self, first_year: int, number: int) -> TermDates | None:
        """The dates the school has set for this term, or None when it follows the default rule."""
        return next((t for t in self.terms if (t.first_year, t.number) == (first_year, number)), None)

    def dates(self, first_year: int, number: int) -> tuple[dt.date, dt.date]:
        """The first and last day of the term `number` (1 or 2) of the school year starting in `first_year`."""
        own = self.configured(first_year, number)
        if own is not None:
            return own.start, own.end
        start, end = default_term_dates(first_year, number)
        other = self.configured(first_year, 3 - number)
        if other is not None:
            if number == 1 and other.start - dt.timedelta(days=1) >= start:
                end = other.start - dt.timedelta(days=1)
            elif number == 2 and other.end + dt.timedelta(days=1) <= end:
                start = other.end + dt.timedelta(days=1)
        return start, end


DEFAULT_CALENDAR = SchoolCalendar()


@dataclass(frozen=True)
class Period:
    """A span of days [start, end], both included, with its normalised key and its Chinese label."""

    key: str
    label: str
    start: dt.date
    end: dt.date
    kind: PeriodKind
    # A term keeps the calendar it was read with, so that its 同比 term takes that calendar's dates too.
    calendar: SchoolCalendar | None = field(default=None, compare=False, repr=False)

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
        if self.kind is PeriodKind.TERM:
            # The same term one school year earlier, with the dates the calendar gives that year (the
            # school's own or the default rule), not this term's dates moved back a year.
            first_year, _, number = self.key.split("-")
            return term_period(int(first_year) - 1, int(number), self.calendar)
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


def term_period(first_year: int, number: int, calendar: SchoolCalendar | None = None) -> Period:
    """第一学期 (number 1) or 第二学期 (2) of the school year starting in `first_year`, dated by `calendar`
    (the default rule when None)."""
    _check_year(first_year)
    _check_year(first_year + 1)
    if number not in TERM_NAMES:
        raise PeriodError(f"学期只能是第一学期或第二学期，不能是第{number}学期")
    calendar = DEFAULT_CALENDAR if calendar is None else calendar
    start, end = calendar.dates(first_year, number)
    return Period(
        key=f"{first_year}-{first_year + 1}-{number}",
        label=_term_label(first_year, number),
        start=start,
        end=end,
        kind=PeriodKind.TERM,
        calendar=calendar,
    )


def _term_label(first_year: int, number: int) -> str:
    return f"{first_year}—{first_year + 1}学年{TERM_NAMES[number]}"


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


def parse_period(text: str, calendar: SchoolCalendar | None = None) -> Period:
    """Read a period written as 2025, 2025H1, 2025Q3, 2024-2025, 2024-2025-2 (or 2024-2025学年第二学期)
    or 2025-03-01..2025-06-30; a term takes its dates from `calendar` (the default rule when None)."""
    shown = text
    cleaned = "".join(to_halfwidth(text).split()).upper()
    if match := _YEAR.match(cleaned):
        return year_period(_year(match[1], shown))
    if match := _HALF.match(cleaned):
        return half_year_period(_year(match[1], shown), int(match[2]))
    if match := _QUARTER.match(cleaned):
        return quarter_period(_year(match[1], shown), int(match[2]))
    if match := _SCHOOL_YEAR.match(cleaned):
        return school_year_period(_school_year(match[1], match[2], shown))
    if match := _TERM.match(cleaned):
        number = int(match[3])
        return term_period(_school_year(match[1], match[2], shown, number), number, calendar)
    if match := _TERM_CN.match(cleaned):
        number = _TERM_NUMBERS[match[3] or match[4]]
        return term_period(_school_year(match[1], match[2], shown, number), number, calendar)
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


def _school_year(first_digits: str, second_digits: str, shown: str, term: int | None = None) -> int:
    """The first year of a school year written as two years, which must follow each other."""
    first, second = _year(first_digits, shown), _year(second_digits, shown)
    if second != first + 1:
        example = f"{first}-{first + 1}（{first}年9月1日至{first + 1}年8月31日）"
        if term is not None:
            example = f"{first}-{first + 1}-{term}（{_term_label(first, term)}）"
        raise PeriodError(f"统计期间「{shown}」：学年的两个年份应前后相连，如{example}")
    return first


def _date(text: str, shown: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise PeriodError(f"统计期间「{shown}」中的「{text}」不是有效的日期") from exc
