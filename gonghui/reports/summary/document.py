"""The summary as a structure before it is laid out: sections, paragraphs, sentences and spans.

A span is plain text, a person's name (never converted to Traditional script) or a number that comes
from a fact (a registry figure, or a detail such as one activity's attendance) — so every number in
the text can be traced to the figure sheet. Heading numbers (一、 （一） 1.) are given when the document
is laid out, so leaving a section out never leaves a gap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal

from gonghui.reports.registry import RecordRef

TEXT, NAME, NUMBER = "text", "name", "number"


@dataclass(frozen=True)
class Span:
    """A piece of a sentence: plain text, a person's name, or a number taken from the fact `fact`."""

    text: str
    kind: str = TEXT
    fact: str = ""


Sentence = tuple[Span, ...]


def sentence_text(sentence: Sentence) -> str:
    return "".join(span.text for span in sentence)


@dataclass(frozen=True)
class Fact:
    """A number the document uses: its value, how it is written, what it means, and the records behind it."""

    key: str
    name: str
    unit: str
    value: int | Decimal
    written: str
    definition: str
    # The records, or a function giving them: most are only needed when the figure sheet is written.
    records: tuple[RecordRef, ...] | Callable[[], Iterable[RecordRef]] = ()
    from_registry: bool = False

    def record_list(self) -> list[RecordRef]:
        return list(self.records() if callable(self.records) else self.records)


@dataclass
class Paragraph:
    """Sentences that go together. `weight` 3 is never dropped to shorten; 1 goes first."""

    sentences: list[Sentence]
    weight: int = 2
    key: str = ""

    @property
    def text(self) -> str:
        return "".join(sentence_text(s) for s in self.sentences)


@dataclass
class Block:
    """A （一） subsection with its heading, or (heading None) paragraphs straight under the section."""

    heading: Sentence | None
    paragraphs: list[Paragraph]


@dataclass
class Section:
    """A first-level section: a two-part heading (an action, then its aim) and its blocks."""

    key: str
    heading: Sentence
    blocks: list[Block]
    numbered_items: bool = False  # 不足 and plan items are written as 1. 2. 3. paragraphs

    def paragraphs(self) -> Iterator[Paragraph]:
        for block in self.blocks:
            yield from block.paragraphs


@dataclass
class SummaryDocument:
    """The whole summary, ready to be laid out as .docx, Markdown or PDF."""

    title: str
    opening: Paragraph
    sections: list[Section]
    signer: str
    signed_on: dt.date
    as_of: dt.date
    period_label: str
    facts: dict[str, Fact] = field(default_factory=dict)
    # The days counted, and those of the same period a year earlier (for the 同比 numbers).
    counted: str = ""
    counted_before: str = ""

    def spans(self) -> Iterator[Span]:
        for sentence in self.opening.sentences:
            yield from sentence
        for section in self.sections:
            yield from section.heading
            for block in section.blocks:
                if block.heading:
                    yield from block.heading
                for paragraph in block.paragraphs:
                    for sentence in paragraph.sentences:
                        yield from sentence

    def body_length(self) -> int:
        """Characters the way WRITING.md counts them: every non-whitespace character, punctuation included,
        from the title to the date."""
        parts = [self.title, *(span.text for span in self.spans()), self.signer, signed_text(self.signed_on)]
        return sum(len("".join(part.split())) for part in parts)

    def converted(self, convert: Callable[[str], str]) -> SummaryDocument:
        """The same document with every span but names passed through `convert` (e.g. to Traditional)."""

        def sentence(s: Sentence) -> Sentence:
            return tuple(span if span.kind == NAME else replace(span, text=convert(span.text)) for span in s)

        def paragraph(p: Paragraph) -> Paragraph:
            return Paragraph([sentence(s) for s in p.sentences], p.weight, p.key)

        sections = [
            Section(
                key=s.key,
                heading=sentence(s.heading),
                blocks=[
                    Block(sentence(b.heading) if b.heading else None, [paragraph(p) for p in b.paragraphs])
                    for b in s.blocks
                ],
                numbered_items=s.numbered_items,
            )
            for s in self.sections
        ]
        return replace(
            self,
            title=convert(self.title),
            opening=paragraph(self.opening),
            sections=sections,
            signer=convert(self.signer),
        )


def signed_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


CN_NUMERALS = "一二三四五六七八九十"


def level1_number(index: int) -> str:
    """0 → 一、"""
    return f"{_cn(index + 1)}、"


def level2_number(index: int) -> str:
    """0 → （一）"""
    return f"（{_cn(index + 1)}）"


def level3_number(index: int) -> str:
    """0 → 1."""
    return f"{index + 1}."


def _cn(n: int) -> str:
    if n <= 10:
        return CN_NUMERALS[n - 1]
    if n < 20:
        return "十" + CN_NUMERALS[n - 11]
    tens, ones = divmod(n, 10)
    return CN_NUMERALS[tens - 1] + "十" + (CN_NUMERALS[ones - 1] if ones else "")
