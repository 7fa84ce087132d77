from decimal import Decimal

import pytest

from gonghui.reports.wording import approx_count, count_change, money_words, points_change, rate_words


@pytest.mark.parametrize(
    ("yuan", "text"),
    [
        ("8600", "8600元"),
        ("8600.50", "8600.5元"),
        ("13200", "1.32万元"),
        ("100000", "10万元"),
        ("12345.67", "1.23万元"),
    ],
)
def test_money(yuan, text):
    assert money_words(Decimal(yuan)) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(27, "27"), (29, "29"), (30, "30"), (184, "180余"), (196, "近200"), (1234, "1200余"), (1960, "近2000"),
     (2000, "2000"), (835, "830余"), (12345, "12000余")],
)  # fmt: skip
def test_approx_count(value, text):
    assert approx_count(value) == text


def test_rates_and_changes():
    assert rate_words(Decimal("95.44")) == "95.4%"
    assert rate_words(Decimal("100.0")) == "100%"
    assert points_change(Decimal("85.7"), Decimal("88.0")) == "提高2.3个百分点"
    assert points_change(Decimal("88.0"), Decimal("87.5")) == "下降0.5个百分点"
    assert count_change(9, 20) is None  # a base under 10 gets no percentage
    assert count_change(40, 50) == "增长25%"
    assert count_change(50, 40) == "减少20%"
