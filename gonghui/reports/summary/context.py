"""What every section writer is given: the union, its nouns, the period, the figures, and the means to write.

Numbers enter the text only through `num` (a registry figure) or `detail` (a count behind one activity,
one group …): both record a `Fact`, so the figure sheet lists every number the document uses. Sentences
are chosen from several phrasings with `say`, deterministically from the union, the period and the kind of
sentence, never twice the same phrasing while another is unused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from gonghui.reports.periods import Period, PeriodKind
from gonghui.reports.registry import (
    HOURS_UNIT,
    MONEY_UNIT,
    RATE_UNIT,
    FigureResult,
    RecordRef,
    ScopeUnion,
    SharedReads,
)
from gonghui.reports.summary.document import NAME, NUMBER, TEXT, Fact, Sentence, Span
from gonghui.reports.wording import approx_count, hours_words, money_words, rate_words

Slot = str | Span | Sentence
# The unit of a change of a rate, written "提高2.3个百分点".
POINTS = "百分点"


@dataclass(frozen=True)
class Nouns:
    """The words that change with the union's kind (WRITING.md, Structure)."""

    staff: str  # 教职工 / 职工 / 干部职工
    union_short: str  # 校工会 / 公司工会 / 机关工会
    unit: str  # 学校 / 公司 / 机关
    unit_admin: str  # 学校行政 / 公司行政 / 机关各科室
    congress: str  # 教代会 / 职代会 / ""
    openness: str  # 校务公开 / 厂务公开 / 政务公开
    home: str  # 教工之家 / 职工之家


NOUNS: dict[str, Nouns] = {
    "school": Nouns("教职工", "校工会", "学校", "学校行政", "教代会", "校务公开", "教工之家"),
    "enterprise": Nouns("职工", "公司工会", "公司", "公司行政", "职代会", "厂务公开", "职工之家"),
    "organ": Nouns("干部职工", "机关工会", "机关", "机关各科室", "", "政务公开", "职工之家"),
    "institution": Nouns("职工", "单位工会", "单位", "单位行政", "职代会", "院务公开", "职工之家"),
}
DEFAULT_NOUNS = Nouns("职工", "工会", "单位", "单位行政", "职代会", "事务公开", "职工之家")


def nouns_for(kind: str, *, name: str = "", below: tuple[str, ...] = ()) -> Nouns:
    """The words for a union of `kind`; a federation speaks of itself by name, and of 教职工 when every
    union below it is a school."""
    if kind != "federation":
        return NOUNS.get(kind, DEFAULT_NOUNS)
    schools = bool(below) and all(k == "school" for k in below)
    return Nouns(
        staff="教职工" if schools else "职工",
        union_short=name or "工会",
        unit="全系统" if schools else "全县",
        unit_admin="有关部门",
        congress="教代会" if schools else "职代会",
        openness="校务公开" if schools else "厂务公开",
        home="教工之家" if schools else "职工之家",
    )


@dataclass(frozen=True)
class Thresholds:
    """The 存在的不足 thresholds (configurable per union; WRITING.md gives the defaults)."""

    member_rate_target: Decimal = Decimal("95.0")
    low_participation_share: Decimal = Decimal("0.5")  # a group under half the union's rate
    soft_participation_share: Decimal = Decimal("0.75")
    never_share: Decimal = Decimal("0.2")  # more than a fifth of members never took part
    soft_never_share: Decimal = Decimal("0.1")


class Phrasebook:
    """Chooses one of several phrasings from a seed (union + period), never reusing one while another of
    the same kind is unused."""

    def __init__(self, seed: str) -> None:
        self.seed = seed
        self.used: dict[str, set[int]] = {}

    def choose(self, kind: str, count: int, salt: str = "") -> int:
        if count < 1:
            raise ValueError("no phrasing to choose from")
        digest = hashlib.sha256(f"{self.seed}|{kind}|{salt}".encode()).digest()
        start = int.from_bytes(digest[:4], "big") % count
        used = self.used.setdefault(kind, set())
        if len(used) >= count:
            used.clear()
        index = start
        while index in used:
            index = (index + 1) % count
        used.add(index)
        return index


def fill(template: str, slots: Mapping[str, Slot]) -> Sentence:
    """A template "…{n}人次…" with its slots filled: text, a span, or a whole sentence."""
    spans: list[Span] = []
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        if literal:
            spans.append(Span(literal))
        if name is None:
            continue
        if name not in slots:
            raise KeyError(f"template slot {name!r} not given: {template}")
        value = slots[name]
        if isinstance(value, str):
            if value:
                spans.append(Span(value))
        elif isinstance(value, Span):
            spans.append(value)
        else:
            spans.extend(value)
    return _merge(spans)


def _merge(spans: Iterable[Span]) -> Sentence:
    merged: list[Span] = []
    for span in spans:
        if merged and span.kind == TEXT and merged[-1].kind == TEXT:
            merged[-1] = Span(merged[-1].text + span.text)
        elif span.text:
            merged.append(span)
    return tuple(merged)


def join(parts: Sequence[Slot], separator: str = "、") -> Sentence:
    """Slots joined by a separator into one sentence piece: 甲、乙和丙 is written by the caller."""
    spans: list[Span] = []
    for index, part in enumerate(parts):
        if index:
            spans.append(Span(separator))
        if isinstance(part, str):
            spans.append(Span(part))
        elif isinstance(part, Span):
            spans.append(part)
        else:
            spans.extend(part)
    return _merge(spans)


@dataclass
class SummaryContext:
    """One summary run: everything a section writer may read, and the facts and phrasings it has used."""

    union: ScopeUnion
    union_kind: str
    nouns: Nouns
    period: Period
    as_of: dt.date
    unions: tuple[int, ...]
    results: dict[str, FigureResult]
    thresholds: Thresholds = field(default_factory=Thresholds)
    facts: dict[str, Fact] = field(default_factory=dict)
    book: Phrasebook = field(init=False)
    cache: dict[str, object] = field(default_factory=dict)
    reads: SharedReads | None = None  # the rows the figures read, for writers to reuse

    def figure_rows(self, key: str) -> object | None:
        """Rows the figures read under `key` for this scope (they cover this period and last year's)."""
        return None if self.reads is None else self.reads.rows(key, self.unions)

    def __post_init__(self) -> None:
        self.book = Phrasebook(f"{self.union.code}|{self.period.key}")

    # ---- the period ---------------------------------------------------------------------------------

    @property
    def is_annual(self) -> bool:
        return self.period.kind in (PeriodKind.YEAR, PeriodKind.SCHOOL_YEAR)

    @property
    def start(self) -> dt.date:
        return self.period.start

    # ---- figures ------------------------------------------------------------------------------------

    def figure(self, key: str) -> FigureResult | None:
        return self.results.get(key)

    def value(self, key: str) -> int | Decimal | None:
        result = self.results.get(key)
        return None if result is None else result.value

    def count(self, key: str) -> int:
        """A count figure's value, 0 when the figure is missing or has no value."""
        value = self.value(key)
        return int(value) if value is not None else 0

    def previous(self, key: str) -> int | Decimal | None:
        result = self.results.get(key)
        return None if result is None else result.previous

    def num(self, key: str, *, approx: bool = False) -> Span:
        """A registry figure's value as the text writes it, recorded for the figure sheet."""
        result = self.results[key]
        if result.value is None:
            raise ValueError(f"figure {key} has no value to write")
        figure = result.figure
        written = written_value(result.value, figure.unit, approx=approx)
        self._record(
            Fact(
                key=key,
                name=figure.name,
                unit=figure.unit,
                value=result.value,
                written=written,
                definition=figure.definition,
                records=tuple(result.records),
                from_registry=True,
            )
        )
        return Span(written, NUMBER, key)

    def num_previous(self, key: str) -> Span:
        """A registry figure's value a year earlier (同比), recorded as its own fact."""
        result = self.results[key]
        if result.previous is None:
            raise ValueError(f"figure {key} has no previous value")
        figure = result.figure
        written = written_value(result.previous, figure.unit)
        fact_key = f"{key}@去年同期"
        self._record(
            Fact(
                key=fact_key,
                name=f"{figure.name}（去年同期）",
                unit=figure.unit,
                value=result.previous,
                written=written,
                definition=f"{figure.definition}（按去年同期的期间计算）",
                from_registry=True,
            )
        )
        return Span(written, NUMBER, fact_key)

    def detail(
        self,
        key: str,
        name: str,
        unit: str,
        value: int | Decimal,
        definition: str,
        records: Iterable[RecordRef] | Callable[[], Iterable[RecordRef]] = (),
        *,
        approx: bool = False,
        whole: bool = False,
    ) -> Span:
        """A number that is not a registry figure (one activity's attendance, a group count …); `whole`
        writes a target rate without decimals when it is whole ("95%")."""
        written = written_value(value, unit, approx=approx)
        if whole and unit == RATE_UNIT and Decimal(value) == Decimal(value).to_integral_value():
            written = f"{int(value)}%"
        self._record(
            Fact(
                key=key,
                name=name,
                unit=unit,
                value=value,
                written=written,
                definition=definition,
                records=records if callable(records) else tuple(records),
            )
        )
        return Span(written, NUMBER, key)

    def _record(self, fact: Fact) -> None:
        existing = self.facts.get(fact.key)
        if existing is not None and (existing.value != fact.value):
            raise ValueError(f"fact {fact.key} written with two values: {existing.value} and {fact.value}")
        if existing is None or (existing.written != fact.written and fact.written.isdigit()):
            # The exact form wins on the sheet when a number is written both rounded and exact.
            self.facts[fact.key] = fact

    # ---- words --------------------------------------------------------------------------------------

    def say(self, kind: str, variants: Sequence[str], salt: str = "", **slots: Slot) -> Sentence:
        """One of the phrasings of a kind of sentence, its slots filled."""
        return fill(variants[self.book.choose(kind, len(variants), salt)], slots)

    def pick(self, kind: str, variants: Sequence[str], salt: str = "") -> str:
        """One of several words or heading texts, chosen the same way."""
        return variants[self.book.choose(kind, len(variants), salt)]

    @staticmethod
    def name(text: str) -> Span:
        """A person's name: never converted to another script."""
        return Span(text, NAME)


def written_value(value: int | Decimal, unit: str, *, approx: bool = False) -> str:
    """How a value is written in the text: counts as digits (or rounded with 余/近), rates with %, money with
    元 or 万元, study hours without trailing zeros."""
    if unit == RATE_UNIT:
        return rate_words(Decimal(value))
    if unit == MONEY_UNIT:
        return money_words(Decimal(value))
    if unit in (HOURS_UNIT, POINTS):
        return hours_words(Decimal(value))
    if isinstance(value, Decimal) and value != value.to_integral_value():
        raise ValueError(f"a count is never fractional: {value}{unit}")
    number = int(value)
    return approx_count(number) if approx else str(number)
