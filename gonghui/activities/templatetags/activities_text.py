"""Template filters for activity pages."""

from __future__ import annotations

from decimal import Decimal

from django import template

from gonghui.activities.wording import hours_text

register = template.Library()


@register.filter
def hours(value: Decimal | None) -> str:
    """Study hours without trailing zeros: 12.5, 48."""
    return "" if value is None else hours_text(Decimal(value))
