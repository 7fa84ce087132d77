"""A union's school calendar, for reading term periods (2024-2025-2) with the union's own term dates.

Reports imports no domain app, so the app that keeps term dates plugs its selector in:
`<app>/calendars.py` with `SCHOOL_CALENDAR`, a function union → `SchoolCalendar` (orgs has it).
Without one, every term follows the default rule of `periods`.
"""

from __future__ import annotations

from typing import Any

from gonghui.core.plugins import app_modules
from gonghui.reports.periods import DEFAULT_CALENDAR, Period, SchoolCalendar, parse_period


def school_calendar(union: Any) -> SchoolCalendar:
    """The school calendar of `union` from the app that keeps term dates, else the default rule."""
    for module in app_modules("calendars"):
        provider = getattr(module, "SCHOOL_CALENDAR", None)
        if provider is not None:
            calendar: SchoolCalendar = provider(union)
            return calendar
    return DEFAULT_CALENDAR


def parse_period_for(union: Any, text: str) -> Period:
    """`parse_period` with the union's school calendar: a term takes the dates the union has set."""
    return parse_period(text, school_calendar(union))
