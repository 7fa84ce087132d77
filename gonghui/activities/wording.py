"""How activity facts are written in Chinese: 第六届, 2025年3月8日, 1500.00元."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 16 → 十六, 20 → 二十, 105 → 一百零五; numbers of 1000 and more stay in digits."""
    if n < 0 or n >= 1000:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    head = _DIGITS[n // 100] + "百"
    if rest == 0:
        return head
    if rest < 10:
        return head + "零" + _DIGITS[rest]
    if rest < 20:
        return head + "一" + cn_number(rest)  # 一百一十五, not 一百十五
    return head + cn_number(rest)


def cn_date(day: dt.date) -> str:
    """2025年3月8日, without leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_month_day(day: dt.date) -> str:
    """3月8日."""
    return f"{day.month}月{day.day}日"


def fen_to_yuan(fen: int) -> Decimal:
    """Integer fen → Decimal yuan with two places, exactly."""
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def yuan_text(fen: int) -> str:
    return f"{fen_to_yuan(fen):f}"


def hours_text(hours: Decimal) -> str:
    """12.5 → "12.5", 48.0 → "48"."""
    text = f"{hours.normalize():f}"
    return text
