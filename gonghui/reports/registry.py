"""The registry of figures: each app declares `FIGURES` in `<app>/figures.py`; every consumer asks here.

This module imports no domain app. A union is anything with `pk`, `code`, `name` and the materialised
tree `path`; the subtree is read through the union's own model class.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol, TypeVar, cast, overload

from django.db.models import Model

from gonghui.core.plugins import app_modules
from gonghui.reports.numbers import money_text, rate_text
from gonghui.reports.periods import Period, PeriodError, cn_date, shift_years

UNITS = ("人", "人次", "户", "元", "%", "件", "个", "次", "项", "学时")
MONEY_UNIT = "元"
RATE_UNIT = "%"
# Study hours may be halves (1.5学时): written with no trailing zeros, "12.5" or "48".
HOURS_UNIT = "学时"

Number = int | Decimal | None
T = TypeVar("T")


class ScopeUnion(Protocol):
    """What the registry needs of a union: its key, code, name and tree path."""

    @property
    def pk(self) -> Any: ...

    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def path(self) -> str: ...


class FigureError(LookupError):
    """A figure that is unknown, or declared twice."""


@dataclass(frozen=True, slots=True)
class RecordRef:
    """One record behind a figure: its model label ("members.Person"), key and display text. Slotted: a
    figure over a year's attendance lists tens of thousands."""

    model: str
    pk: int
    text: str


@dataclass
class SharedReads:
    """The rows read once for all the queries of one computation: a period and its 同比 period, which
    between them cover the days from `first` to `last`. Kept by `compute()`, keyed by figure key and scope."""

    first: dt.date
    last: dt.date
    memo: dict[tuple[str, tuple[int, ...]], Any] = field(default_factory=dict, repr=False)
    records: dict[tuple[str, int, str], RecordRef] = field(default_factory=dict, repr=False)

    def rows(self, key: str, unions: tuple[int, ...]) -> Any | None:
        """The rows read under `key` for `unions` (covering `first` to `last`), or None if none were."""
        return self.memo.get((key, unions))


@dataclass(frozen=True)
class FigureQuery:
    """What a figure is asked: the unions in scope, the period, and the day counting stops (`as_of`)."""

    unions: tuple[int, ...]
    root: ScopeUnion
    period: Period
    today: dt.date
    as_of: dt.date
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    across: SharedReads | None = field(default=None, compare=False, repr=False)

    def shared(self, key: str, load: Callable[[], T]) -> T:
        """Rows several figures read (e.g. the active members on `as_of`), loaded once per query."""
        if key not in self.memo:
            self.memo[key] = load()
        return cast(T, self.memo[key])

    @property
    def reach(self) -> tuple[dt.date, dt.date]:
        """The days `shared_across` reads: those of every query computed with this one (the period and its
        同比 period), or just `start` to `as_of` for a query computed alone."""
        if self.across is None:
            return (self.start, self.as_of)
        return (self.across.first, self.across.last)

    def record(self, model: str, pk: int, text: str) -> RecordRef:
        """The RecordRef of a record shown with `text`: one object per computation, however many figures
        of either period list it (a member is in 在职会员, 女会员, 入会率, 参加活动 … of both years)."""
        records = self.across.records if self.across is not None else self.shared("records", dict)
        key = (model, pk, text)
        found = records.get(key)
        if found is None:
            found = records[key] = RecordRef(model, pk, text)
        return found

    def shared_across(self, key: str, load: Callable[[dt.date, dt.date], T]) -> T:
        """Rows several figures read for this period and for the others computed with it, loaded once per
        computation: `load(first, last)` reads every day of `reach`, and each figure keeps the rows of its
        own days (`start` to `as_of`). A query computed alone reads only its own days, once."""
        if self.across is None:
            return self.shared(f"across:{key}", lambda: load(self.start, self.as_of))
        memo_key = (key, self.unions)
        if memo_key not in self.across.memo:
            self.across.memo[memo_key] = load(self.across.first, self.across.last)
        return cast(T, self.across.memo[memo_key])

    @property
    def start(self) -> dt.date:
        return self.period.start

    @property
    def is_subtree(self) -> bool:
        return len(self.unions) > 1


@dataclass
class FigureValue:
    """A figure's value with the records it counted and any flags (Chinese) a reader must see."""

    value: Number
    records: list[RecordRef] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Figure:
    """A named computation over a scope and a period, declared once and read by every consumer."""

    key: str
    name: str
    unit: str
    definition: str
    compute: Callable[[FigureQuery], FigureValue]
    order: int
    source: str = ""

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise FigureError(f"指标「{self.key}」的单位「{self.unit}」不在{'、'.join(UNITS)}之中")


@dataclass(frozen=True)
class FigureResult:
    """A figure's value for the period, the same figure a year earlier (同比), its records and flags."""

    figure: Figure
    value: Number
    previous: Number
    records: list[RecordRef]
    flags: list[str]


_figures: dict[str, Figure] = {}


def register(figure: Figure) -> Figure:
    """Add a figure; a second figure under a key already taken is refused."""
    existing = _figures.get(figure.key)
    if existing is not None and existing is not figure:
        raise FigureError(f"指标「{figure.key}」已登记过（{existing.name}），不能重复登记")
    _figures[figure.key] = figure
    return figure


def figures() -> list[Figure]:
    """Every registered figure in display order."""
    return sorted(_figures.values(), key=lambda f: (f.order, f.key))


def get(key: str) -> Figure:
    """The figure registered under `key`."""
    try:
        return _figures[key]
    except KeyError:
        raise FigureError(f"没有名为「{key}」的指标") from None


def discover() -> None:
    """Register the `FIGURES` of every installed app's `figures` module; running it again adds nothing."""
    for module in app_modules("figures"):
        for figure in getattr(module, "FIGURES", []):
            register(figure)


def union_scope(union: ScopeUnion, *, subtree: bool | None = None) -> tuple[int, ...]:
    """The union ids a figure covers: the union alone, or (the default) it and every union below it."""
    if subtree is False or not union.path:
        return (union.pk,)
    model = cast(type[Model], type(union))
    ids = (
        model._default_manager.filter(path__startswith=union.path)
        .order_by("path")
        .values_list("pk", flat=True)
    )
    return tuple(ids)


def compute(
    *,
    union: ScopeUnion,
    period: Period,
    today: dt.date,
    keys: Iterable[str] | None = None,
    subtree: bool | None = None,
) -> list[FigureResult]:
    """Compute figures (all, or `keys` in registry order) for the union's scope, with their 同比 values."""
    return compute_keeping_reads(union=union, period=period, today=today, keys=keys, subtree=subtree)[0]


def compute_keeping_reads(
    *,
    union: ScopeUnion,
    period: Period,
    today: dt.date,
    keys: Iterable[str] | None = None,
    subtree: bool | None = None,
) -> tuple[list[FigureResult], SharedReads]:
    """`compute`, also handing back the rows it read (`SharedReads.rows`), so that a document built on the
    figures reads the same rows instead of reading them again."""
    if not period.has_started(today):
        raise PeriodError(f"{period.label}尚未开始（今天是{cn_date(today)}），没有可统计的数据")
    chosen = figures() if keys is None else sorted((get(k) for k in keys), key=lambda f: (f.order, f.key))
    scope = union_scope(union, subtree=subtree)
    previous_period = period.previous_year()
    # The same day a year earlier, but not before the earlier period began: a term set by a school's
    # calendar may have started a day or two later last year than this year.
    previous_today = max(shift_years(period.counted_end(today), -1), previous_period.start)
    # Both periods read their rows once between them (FigureQuery.shared_across); each keeps its own.
    across = SharedReads(
        first=min(period.start, previous_period.start),
        last=max(period.counted_end(today), previous_period.counted_end(previous_today)),
    )
    query = _query(scope, union, period, today, across)
    previous_query = _query(scope, union, previous_period, previous_today, across)
    results = []
    for figure in chosen:
        current = figure.compute(query)
        previous = figure.compute(previous_query)
        results.append(
            FigureResult(
                figure=figure,
                value=current.value,
                previous=previous.value,
                records=current.records,
                flags=current.flags,
            )
        )
    return results, across


def _query(
    scope: tuple[int, ...], union: ScopeUnion, period: Period, today: dt.date, across: SharedReads
) -> FigureQuery:
    return FigureQuery(
        unions=scope, root=union, period=period, today=today, as_of=period.counted_end(today), across=across
    )


def serialise(figure: Figure, value: Number) -> int | str | None:
    """A value for JSON: counts as ints, rates as "95.4", money as "1234.50", nothing as None."""
    if value is None:
        return None
    if figure.unit == MONEY_UNIT:
        return money_text(Decimal(value))
    if figure.unit == RATE_UNIT:
        return rate_text(Decimal(value))
    if figure.unit == HOURS_UNIT:
        return f"{Decimal(value).normalize():f}"
    if isinstance(value, Decimal):
        if value != value.to_integral_value():
            raise FigureError(f"指标「{figure.key}」的单位是{figure.unit}，值{value}却不是整数")
        return int(value)
    return value


@overload
def format_value(result: FigureResult, /) -> int | str | None: ...


@overload
def format_value(figure: Figure, value: Number, /) -> int | str | None: ...


def format_value(subject: FigureResult | Figure, *value: Number) -> int | str | None:
    """A result's value, or a figure's given value (e.g. `result.previous`), serialised for JSON."""
    if isinstance(subject, FigureResult) and not value:
        return serialise(subject.figure, subject.value)
    if isinstance(subject, Figure) and len(value) == 1:
        return serialise(subject, value[0])
    raise TypeError("format_value takes a FigureResult, or a Figure and a value")


def format_previous(result: FigureResult) -> int | str | None:
    """A result's 同比 value serialised for JSON."""
    return serialise(result.figure, result.previous)


def display(figure: Figure, value: Number) -> str:
    """A value with its unit for reading: "8人", "80.0%", "1234.50元"; "—" when there is none."""
    shown = serialise(figure, value)
    if shown is None:
        return "—"
    return f"{shown}{figure.unit}"
