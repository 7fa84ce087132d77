"""The extension point: each app contributes to the summary in `<app>/summary.py`.

- `BLOCKS`: `BlockWriter`s — paragraphs (with or without a （一） heading) for one theme of the summary
  ("study", "democracy", "care", "culture", "competition", "organisation" …). The document puts the blocks
  of a theme together under that theme's heading, in the order the union's kind uses.
- `HEADLINES`: one-clause results for the opening paragraph, most important first.
- `GAPS`: rules for 存在的不足, each with its matching plan item.
- `PLANS`: plan items that follow from the records (the next edition of a series, a quota kept …).
- `CHECKS`: things the officer must see before generating (anything that would read as a breach of rules).

This module imports no domain app; discovery goes through `gonghui.core.plugins.app_modules`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from gonghui.core.plugins import app_modules
from gonghui.reports.summary.context import SummaryContext
from gonghui.reports.summary.document import Block, Sentence


@dataclass(frozen=True)
class BlockWriter:
    key: str
    theme: str
    order: int
    write: Callable[[SummaryContext], list[Block]]


@dataclass(frozen=True)
class Headline:
    key: str
    order: int
    write: Callable[[SummaryContext], Sentence | None]


@dataclass(frozen=True)
class PlanItem:
    """A plan item: a heading-like lead ("继续办好读书会") and its measurable content."""

    key: str
    lead: str
    body: Sentence
    month: int | None = None  # for half-year plans dated by month


@dataclass(frozen=True)
class GapFinding:
    """One possible 存在的不足 item: problem with one figure and an objective cause, and its plan item.

    `severity` ranks findings (higher first); `qualifies` is False for a softer candidate the officer may
    choose when fewer than two qualify.
    """

    key: str
    label: str  # what the officer sees when choosing (Chinese, may name groups: it never enters the text)
    severity: float
    qualifies: bool
    problem: Sentence
    plan: PlanItem


@dataclass(frozen=True)
class GapRule:
    key: str
    evaluate: Callable[[SummaryContext], GapFinding | None]


@dataclass(frozen=True)
class CheckItem:
    key: str
    text: str


@dataclass(frozen=True)
class Check:
    key: str
    evaluate: Callable[[SummaryContext], list[CheckItem]]


@dataclass
class Contributions:
    blocks: list[BlockWriter] = field(default_factory=list)
    headlines: list[Headline] = field(default_factory=list)
    gaps: list[GapRule] = field(default_factory=list)
    plans: list[Callable[[SummaryContext], list[PlanItem]]] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)


def contributions() -> Contributions:
    """Everything the installed apps contribute, in a stable order."""
    found = Contributions()
    for module in app_modules("summary"):
        found.blocks.extend(getattr(module, "BLOCKS", []))
        found.headlines.extend(getattr(module, "HEADLINES", []))
        found.gaps.extend(getattr(module, "GAPS", []))
        found.plans.extend(getattr(module, "PLANS", []))
        found.checks.extend(getattr(module, "CHECKS", []))
    found.blocks.sort(key=lambda w: (w.order, w.key))
    found.headlines.sort(key=lambda h: (h.order, h.key))
    found.gaps.sort(key=lambda g: g.key)
    found.checks.sort(key=lambda c: c.key)
    return found
