"""Exact rounding for figures: rates as Decimal percent to one place, money as Decimal yuan to the fen."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ONE_PLACE = Decimal("0.1")
FEN = Decimal("0.01")
FULL_RATE = Decimal("100.0")
# The largest rate shown when the numerator is short of the denominator: 1999/2000 is 99.9, not 100.0.
BELOW_FULL_RATE = Decimal("99.9")


def round_half_up(value: Decimal, places: int = 1) -> Decimal:
    """Round half away from zero (四舍五入) to `places` decimal places."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def money(value: Decimal | int | str) -> Decimal:
    """An amount in yuan with exactly two places."""
    return round_half_up(Decimal(value), 2)


def money_text(value: Decimal) -> str:
    """An amount as plain text with two places: 1234.5 → "1234.50"."""
    return f"{money(value):f}"


def percent_half_up(numerator: int, denominator: int) -> Decimal:
    """numerator ÷ denominator × 100, rounded half-up to one place, in exact integer arithmetic."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    tenths, remainder = divmod(numerator * 1000, denominator)
    if 2 * remainder >= denominator:
        tenths += 1
    return Decimal(tenths).scaleb(-1)


@dataclass(frozen=True)
class Rate:
    """A percentage that may be unavailable: `exceeds` when the numerator is above the denominator."""

    value: Decimal | None
    numerator: int
    denominator: int

    @property
    def exceeds(self) -> bool:
        return self.numerator > self.denominator

    @property
    def empty(self) -> bool:
        return self.denominator == 0


def rate(numerator: int, denominator: int) -> Rate:
    """A percent never above 100.0, and 100.0 only when equal; none when the numerator is above or d = 0."""
    # A numerator above the denominator means a headcount out of date: the caller flags it instead.
    if numerator < 0 or denominator < 0:
        raise ValueError("counts cannot be negative")
    if denominator == 0 or numerator > denominator:
        return Rate(value=None, numerator=numerator, denominator=denominator)
    value = percent_half_up(numerator, denominator)
    if value == FULL_RATE and numerator < denominator:
        value = BELOW_FULL_RATE
    return Rate(value=value, numerator=numerator, denominator=denominator)


def rate_text(value: Decimal) -> str:
    """A rate as plain text with one place: 95.4."""
    return f"{round_half_up(value, 1):f}"
