from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.reports.numbers import money, money_text, percent_half_up, rate, rate_text, round_half_up


@pytest.mark.parametrize(
    ("numerator", "denominator", "shown"),
    [
        (2, 3, "66.7"),
        (1, 8, "12.5"),
        (1, 16, "6.3"),
        (5, 16, "31.3"),
        (1, 6, "16.7"),
        (199, 200, "99.5"),
        (0, 5, "0.0"),
        (3, 3, "100.0"),
    ],
)
def test_a_rate_is_rounded_half_up_to_one_place(numerator, denominator, shown):
    value = rate(numerator, denominator).value
    assert value is not None
    assert str(value) == shown


@pytest.mark.parametrize(("numerator", "denominator"), [(1999, 2000), (19999, 20000), (999_999, 1_000_000)])
def test_a_rate_short_of_its_denominator_is_never_shown_as_100(numerator, denominator):
    assert percent_half_up(numerator, denominator) == Decimal("100.0")
    assert str(rate(numerator, denominator).value) == "99.9"


def test_a_numerator_above_the_denominator_gives_no_rate():
    result = rate(4, 3)
    assert (result.value, result.exceeds, result.empty) == (None, True, False)


def test_a_zero_denominator_gives_no_rate():
    assert (rate(0, 0).value, rate(0, 0).empty, rate(0, 0).exceeds) == (None, True, False)
    assert (rate(1, 0).value, rate(1, 0).exceeds) == (None, True)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        rate(-1, 3)


@given(st.integers(min_value=1, max_value=10**7).flatmap(lambda d: st.tuples(st.integers(0, d), st.just(d))))
def test_a_rate_is_within_half_a_tenth_of_the_exact_ratio_and_100_only_when_equal(pair):
    numerator, denominator = pair
    value = rate(numerator, denominator).value
    assert value is not None
    assert value <= Decimal("100.0")
    assert (value == Decimal("100.0")) == (numerator == denominator)
    exact = Fraction(numerator * 100, denominator)
    if value != Decimal("99.9"):
        assert abs(Fraction(value) - exact) <= Fraction(1, 20)


def test_round_half_up_rounds_halves_away_from_zero():
    assert round_half_up(Decimal("2.25")) == Decimal("2.3")
    assert round_half_up(Decimal("2.35")) == Decimal("2.4")
    assert round_half_up(Decimal("1.005"), 2) == Decimal("1.01")


def test_money_has_two_places():
    assert money("1234.5") == Decimal("1234.50")
    assert money_text(Decimal("1234.5")) == "1234.50"
    assert money_text(Decimal("0")) == "0.00"


def test_a_rate_reads_with_one_place():
    assert rate_text(Decimal("95.44")) == "95.4"
    assert rate_text(Decimal("80")) == "80.0"
