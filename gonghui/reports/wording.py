"""Numbers written the way officers write them in a work summary (WRITING.md, GB/T 15835).

Counts and dates in Arabic digits without leading zeros; money under ten thousand yuan as "8600元", from
ten thousand as "1.32万元"; rates to one decimal ("95.4%", never "100.0%"); a rate's change in 百分点; a
count's change in per cent only when the base is 10 or more; "X余" only above a round X, "近X" only just
below it, and exact figures under 30.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from gonghui.reports.numbers import round_half_up

TEN_THOUSAND = Decimal(10000)
# "近X" is written only when the value is within this share below the round X.
NEAR_SHARE = Decimal("0.05")
EXACT_BELOW = 30
PERCENT_BASE_MIN = 10


def month_day(day: dt.date) -> str:
    """3月8日."""
    return f"{day.month}月{day.day}日"


def full_date(day: dt.date) -> str:
    """2025年3月8日."""
    return f"{day.year}年{day.month}月{day.day}日"


def _trim(value: Decimal) -> str:
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def money_words(yuan: Decimal) -> str:
    """8600 → "8600元"; 8600.5 → "8600.5元"; 13200 → "1.32万元"; 100000 → "10万元"."""
    if yuan < 0:
        raise ValueError("an amount written in prose is never negative")
    if yuan < TEN_THOUSAND:
        return f"{_trim(round_half_up(yuan, 2))}元"
    return f"{_trim(round_half_up(yuan / TEN_THOUSAND, 2))}万元"


def rate_words(value: Decimal) -> str:
    """95.44 → "95.4%"; 100 → "100%" (never "100.0%")."""
    rounded = round_half_up(value, 1)
    if rounded == rounded.to_integral_value() and rounded == 100:
        return "100%"
    return f"{rounded:f}%"


def points_change(before: Decimal, after: Decimal) -> str:
    """A rate's change in 百分点: "提高2.3个百分点", "下降0.5个百分点", "持平"."""
    delta = round_half_up(after, 1) - round_half_up(before, 1)
    if delta == 0:
        return "持平"
    verb = "提高" if delta > 0 else "下降"
    return f"{verb}{_trim(abs(delta))}个百分点"


def count_change(before: int, after: int) -> str | None:
    """A count's change against last year: "增长12.5%" or "减少3.2%"; None when the base is under 10
    (a percentage of a small base misleads) or nothing changed."""
    if before < PERCENT_BASE_MIN or before == after:
        return None
    share = (Decimal(after - before) * 100 / Decimal(before)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if share == 0:
        return None
    return f"{'增长' if share > 0 else '减少'}{_trim(abs(share))}%"


def _round_unit(value: int) -> int:
    """The step "X余" rounds down to: 10 below 1000, 100 below 10000, then 1000."""
    if value >= 10000:
        return 1000
    if value >= 1000:
        return 100
    return 10


def approx_count(value: int) -> str:
    """A large count as officers round it: 1234 → "1200余", 1960 → "近2000", 27 → "27".

    Exact under 30 and whenever the value is itself round; "近X" only within 5 % below X; "X余" only when the
    value is above the round X it names.
    """
    if value < EXACT_BELOW:
        return str(value)
    unit = _round_unit(value)
    near_unit = unit if value < 100 else unit * 10  # 近 names a rounder number: 近200, 近2000
    above = -(-value // near_unit) * near_unit  # the next round value at or above
    if above != value and Decimal(above - value) <= NEAR_SHARE * above:
        return f"近{above}"
    below = value // unit * unit
    if below == value:
        return str(value)
    return f"{below}余"


def approx_value(text: str) -> tuple[str, int] | None:
    """("余", 1200) for "1200余", ("近", 2000) for "近2000", None for an exact figure."""
    if text.endswith("余"):
        return "余", int(text[:-1])
    if text.startswith("近"):
        return "近", int(text[1:])
    return None


def hours_words(hours: Decimal) -> str:
    """12.5 → "12.5"; 48.0 → "48"."""
    return _trim(hours.normalize())
