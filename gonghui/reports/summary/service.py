"""The doors' shared steps: find the union, read the period with its school calendar, load the settings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.apps import apps

from gonghui.core.errors import DomainError
from gonghui.reports.calendars import parse_period_for
from gonghui.reports.models import SummarySettings
from gonghui.reports.periods import Period
from gonghui.reports.summary.build import Prepared, prepare
from gonghui.reports.summary.context import Thresholds

# A union here is an orgs.Union, looked up by app label: reports imports no domain app.
Union = Any


def find_union(code: str) -> Union:
    model = apps.get_model("orgs", "Union")
    union = model._default_manager.filter(code__iexact=code.strip()).first()
    if union is None:
        raise DomainError(f"未找到简码为「{code}」的工会")
    return union


def period_for(union: Union, text: str) -> Period:
    """The period as the union means it: school terms come from its school calendar."""
    return parse_period_for(union, text)


def settings_for(union: Union) -> SummarySettings:
    return SummarySettings.objects.filter(union=union).first() or SummarySettings(union=union)


def thresholds_for(union: Union) -> Thresholds:
    found = settings_for(union)
    low = Decimal(found.low_participation_percent) / 100
    never = Decimal(found.never_percent) / 100
    return Thresholds(
        member_rate_target=Decimal(found.member_rate_target),
        low_participation_share=low,
        soft_participation_share=min(Decimal(1), low * Decimal("1.5")),
        never_share=never,
        soft_never_share=never / 2,
    )


def prepare_union(
    union: Union, *, period: Period, as_of: dt.date, thresholds: Thresholds | None = None
) -> Prepared:
    below = tuple(
        union.__class__._default_manager.filter(path__startswith=union.path)
        .exclude(pk=union.pk)
        .order_by("path")
        .values_list("kind", flat=True)
    )
    return prepare(
        union,
        union_kind=union.kind,
        period=period,
        as_of=as_of,
        thresholds=thresholds or thresholds_for(union),
        kinds_below=below,
    )
