"""Assemble the work summary from the records: title, opening, themed sections, 不足, plan, 落款.

The structure follows WRITING.md: sections in the order the union's kind uses, left out when they have no
records (heading numbers are given at layout time, so they stay continuous); 存在的不足 from the data with
a matching plan item for each; the length held to the target by dropping whole paragraphs, least
important first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gonghui.reports import registry
from gonghui.reports.periods import Period, PeriodKind, cn_date, shift_years
from gonghui.reports.registry import ScopeUnion
from gonghui.reports.summary.context import (
    SummaryContext,
    Thresholds,
    fill,
    join,
    nouns_for,
)
from gonghui.reports.summary.document import Block, Paragraph, Section, Sentence, Span, SummaryDocument
from gonghui.reports.summary.writers import CheckItem, Contributions, GapFinding, PlanItem, contributions

LENGTHS = ("short", "standard", "full")
MAX_GAPS = 4
MIN_GAPS = 2
MAX_PLAN_ITEMS = 5

THEME_ORDER: dict[str, tuple[str, ...]] = {
    "school": ("study", "democracy", "care", "culture", "competition", "organisation"),
    "enterprise": ("study", "competition", "democracy", "care", "culture", "organisation"),
    "organ": ("study", "democracy", "care", "culture", "competition", "organisation"),
}
DEFAULT_ORDER = ("study", "competition", "democracy", "care", "culture", "organisation")

# First-level headings: an action, a comma, then its aim (WRITING.md, Headings); three or more per theme.
THEME_HEADINGS: dict[str, tuple[str, ...]] = {
    "study": (
        "加强学习引领，提升{staff}思想业务素质",
        "抓好学习培训，建设高素质{staff}队伍",
        "坚持学习提升，增强{staff}履职本领",
    ),
    "competition": (
        "开展岗位练兵，激发{staff}建功热情",
        "搭建比武平台，促进{staff}技能提升",
        "深化劳动竞赛，引导{staff}争先创优",
    ),
    "democracy": (
        "推进民主管理，保障{staff}民主权利",
        "健全民主制度，畅通{staff}建言渠道",
        "深化{openness}，维护{staff}知情权参与权",
    ),
    "care": (
        "落实关爱举措，把温暖送到{staff}身边",
        "做实帮扶慰问，增强{staff}获得感",
        "倾情服务{staff}，办好暖心实事",
    ),
    "culture": (
        "丰富文体生活，建设温馨{home}",
        "开展文体活动，增强{staff}凝聚力",
        "搭建活动平台，营造和谐向上氛围",
    ),
    "organisation": (
        "加强自身建设，夯实工会工作基础",
        "健全组织体系，增强工会组织活力",
        "夯实组织基础，提升工会服务能力",
    ),
}
# The year's main line in the opening: what each theme stands for.
THEME_AIMS: dict[str, str] = {
    "study": "学习引领",
    "competition": "岗位建功",
    "democracy": "民主管理",
    "care": "关爱服务",
    "culture": "文体活动",
    "organisation": "组织建设",
}

# Length targets (WRITING.md, Length): the most characters for short / standard / full.
LENGTH_LIMITS: dict[str, tuple[int, int, int]] = {
    "term": (1400, 2000, 2500),
    "half": (1600, 2200, 2800),
    "annual": (2600, 4000, 5000),
    "annual_enterprise": (3000, 5000, 6000),
}


class SummaryOptionError(ValueError):
    """An option the officer gave that cannot be used (an unknown 不足 item, a length …)."""


@dataclass
class Review:
    """What the officer sees before generating: the checklist, and the 不足 items found."""

    checklist: list[CheckItem]
    qualifying: list[GapFinding]
    softer: list[GapFinding]

    @property
    def needs_choice(self) -> bool:
        return len(self.qualifying) < MIN_GAPS and bool(self.softer)


@dataclass
class Prepared:
    context: SummaryContext
    review: Review
    contributed: Contributions = field(repr=False)


def prepare(
    union: ScopeUnion,
    *,
    union_kind: str,
    period: Period,
    as_of: dt.date,
    thresholds: Thresholds | None = None,
    kinds_below: tuple[str, ...] = (),
) -> Prepared:
    """Compute the figures once and review the 不足 rules and the checklist."""
    results, reads = registry.compute_keeping_reads(union=union, period=period, today=as_of)
    context = SummaryContext(
        union=union,
        union_kind=union_kind,
        nouns=nouns_for(union_kind, name=union.name, below=kinds_below),
        period=period,
        as_of=period.counted_end(as_of),
        unions=registry.union_scope(union),
        results={result.figure.key: result for result in results},
        thresholds=thresholds or Thresholds(),
        reads=reads,
    )
    contributed = contributions()
    findings = [f for rule in contributed.gaps if (f := rule.evaluate(context)) is not None]
    findings.sort(key=lambda f: (-f.severity, f.key))
    checklist = [item for check in contributed.checks for item in check.evaluate(context)]
    review = Review(
        checklist=checklist,
        qualifying=[f for f in findings if f.qualifies],
        softer=[f for f in findings if not f.qualifies],
    )
    # Rules evaluated for the review must not leave their facts behind unless their item is written.
    context.facts.clear()
    context.book.used.clear()
    return Prepared(context=context, review=review, contributed=contributed)


def build(
    prepared: Prepared,
    *,
    signed_on: dt.date,
    length: str = "standard",
    chosen_gaps: tuple[str, ...] = (),
) -> SummaryDocument:
    """The whole document. `chosen_gaps` are the softer 不足 items the officer picked."""
    if length not in LENGTHS:
        raise SummaryOptionError(f"篇幅「{length}」无效，可选：short（精简）、standard（标准）、full（完整）")
    ctx = prepared.context
    contributed = prepared.contributed
    softer = {f.key: f for f in prepared.review.softer}
    unknown = [key for key in chosen_gaps if key not in softer]
    if unknown:
        offered = "、".join(softer) or "（无）"
        raise SummaryOptionError(f"没有可选的不足项「{'、'.join(unknown)}」；可选：{offered}")

    sections = _theme_sections(ctx, contributed)
    # Findings are evaluated again on the real context so their facts are recorded.
    findings = _gap_findings(ctx, contributed, prepared.review, chosen_gaps)
    plan_items = _plan_items(ctx, contributed, findings)
    if findings:
        sections.append(_gaps_section(ctx, findings))
    if plan_items:
        sections.append(_plan_section(ctx, plan_items))
    opening = _opening(ctx, contributed, sections)
    document = SummaryDocument(
        title=title_for(ctx.union.name, ctx.period),
        opening=opening,
        sections=sections,
        signer=ctx.union.name,
        signed_on=signed_on,
        as_of=ctx.as_of,
        period_label=ctx.period.label,
        counted=f"{cn_date(ctx.period.start)}至{cn_date(ctx.as_of)}",
        counted_before=_counted_before(ctx),
    )
    _fit_length(document, limit_for(ctx, length))
    document.facts = _facts_in_text(ctx, document)
    return document


def _counted_before(ctx: SummaryContext) -> str:
    before = ctx.period.previous_year()
    last = max(shift_years(ctx.as_of, -1), before.start)
    return f"{cn_date(before.start)}至{cn_date(min(before.end, last))}"


# ---- title and opening ----------------------------------------------------------------------------


def title_for(union_name: str, period: Period) -> str:
    """清河县第一中学工会2025年工作总结; …2024—2025学年第二学期工作总结."""
    return f"{union_name}{period.label}工作总结"


def _time_phrase(ctx: SummaryContext) -> str:
    period = ctx.period
    if period.kind is PeriodKind.YEAR:
        return ctx.pick("time", (f"{period.start.year}年，", "一年来，", "过去的一年里，"))
    if period.kind is PeriodKind.HALF_YEAR:
        half = "上半年" if period.start.month == 1 else "下半年"
        return ctx.pick("time", (f"{period.start.year}年{half}，", f"{half}以来，", f"{half}，"))
    if period.kind is PeriodKind.SCHOOL_YEAR:
        return ctx.pick("time", ("本学年，", f"{period.label}，", "一学年来，"))
    if period.kind.value == "term":
        return ctx.pick("time", ("本学期，", f"{period.label}，", "一学期来，"))
    return f"{period.label}，"


def _leadership(ctx: SummaryContext) -> Sentence:
    party = getattr(ctx.union, "party_org_name", "") or ""
    upper = getattr(ctx.union, "upper_union_name", "") or ""
    short, admin = ctx.nouns.union_short, ctx.nouns.unit_admin
    if party and upper:
        return ctx.say(
            "leadership",
            (
                "{short}在{party}和{upper}的领导下，在{admin}的支持下，",
                "{short}在{party}的领导和{upper}的指导下，依靠{admin}的支持，",
                "在{party}和{upper}的关心指导下，{short}紧紧依靠{admin}，",
            ),
            short=short,
            party=party,
            upper=upper,
            admin=admin,
        )
    leader = party or upper
    if leader:
        return ctx.say(
            "leadership",
            (
                "{short}在{leader}的领导下，在{admin}的支持下，",
                "在{leader}的领导下，{short}依靠{admin}的支持，",
                "{short}在{leader}的指导下，依靠{admin}，",
            ),
            short=short,
            leader=leader,
            admin=admin,
        )
    return fill("{short}", {"short": short})


def _main_line(ctx: SummaryContext, sections: list[Section]) -> Sentence:
    aims = [THEME_AIMS[s.key] for s in sections if s.key in THEME_AIMS][:3]
    staff = ctx.nouns.staff
    if not aims:
        return fill("围绕服务{staff}这一主线开展工作", {"staff": staff})
    listed = aims[0] if len(aims) == 1 else "、".join(aims[:-1]) + "和" + aims[-1]
    return ctx.say(
        "main_line",
        (
            "围绕{unit}中心工作，以{aims}为重点，扎实做好服务{staff}的各项工作",
            "坚持以服务{staff}为主线，突出{aims}，推动各项工作落到实处",
            "立足{unit}发展和{staff}需求，在{aims}等方面持续用力",
        ),
        unit=ctx.nouns.unit,
        aims=listed,
        staff=staff,
    )


def _opening(ctx: SummaryContext, contributed: Contributions, sections: list[Section]) -> Paragraph:
    headlines = [h for headline in contributed.headlines if (h := headline.write(ctx))][:3]
    sentences: list[Sentence] = [
        fill(
            "{time}{leadership}{main_line}。",
            {
                "time": _time_phrase(ctx),
                "leadership": _leadership(ctx),
                "main_line": _main_line(ctx, sections),
            },
        )
    ]
    if headlines:
        sentences.append(fill("{items}。", {"items": join(headlines, "，")}))
    label = ctx.period.label
    closing = {
        PeriodKind.YEAR: (
            "现将一年来的主要工作总结如下：",
            f"现将{label}工作总结如下：",
            "现将全年工作情况总结如下：",
        ),
        PeriodKind.HALF_YEAR: (
            "现将上半年工作小结如下：",
            f"现将{label}工作总结如下：",
            "现将半年来的工作总结如下：",
        ),
    }.get(
        ctx.period.kind,
        (f"现将{label}工作总结如下：", "现将主要工作总结如下：", f"现就{label}工作总结如下："),
    )
    sentences.append((Span(ctx.pick("handover", closing)),))
    return Paragraph(sentences, weight=3, key="opening")


# ---- themed sections ------------------------------------------------------------------------------


def _theme_sections(ctx: SummaryContext, contributed: Contributions) -> list[Section]:
    by_theme: dict[str, list[Block]] = {}
    for writer in contributed.blocks:
        blocks = [b for b in writer.write(ctx) if b.paragraphs]
        if blocks:
            by_theme.setdefault(writer.theme, []).extend(blocks)
    order = THEME_ORDER.get(ctx.union_kind, DEFAULT_ORDER)
    themes = [t for t in order if t in by_theme] + sorted(t for t in by_theme if t not in order)
    sections = []
    for theme in themes:
        variants = THEME_HEADINGS.get(theme, ("做好{theme}工作，服务{staff}",))
        heading = ctx.say(
            "heading",
            variants,
            salt=theme,
            staff=ctx.nouns.staff,
            home=ctx.nouns.home,
            openness=ctx.nouns.openness,
            theme=theme,
        )
        sections.append(Section(key=theme, heading=heading, blocks=by_theme[theme]))
    return sections


# ---- 存在的不足 and the plan -------------------------------------------------------------------------


def _gap_findings(
    ctx: SummaryContext, contributed: Contributions, review: Review, chosen: tuple[str, ...]
) -> list[GapFinding]:
    wanted = [f.key for f in review.qualifying[:MAX_GAPS]]
    wanted += [key for key in chosen if key not in wanted][: MAX_GAPS - len(wanted)]
    rules = {rule.key: rule for rule in contributed.gaps}
    found = []
    for finding in [*review.qualifying, *review.softer]:
        if finding.key in wanted:
            again = rules[finding.key].evaluate(ctx)
            if again is not None:
                found.append(again)
    return found


def _gaps_section(ctx: SummaryContext, findings: list[GapFinding]) -> Section:
    intro = ctx.say(
        "gaps_intro",
        (
            "工作中也还存在一些不足，主要是：",
            "对照{staff}的期待，工作中仍有不足，主要表现在：",
            "回顾{label}的工作，还存在以下不足：",
        ),
        staff=ctx.nouns.staff,
        label=ctx.period.label,
    )
    paragraphs = [Paragraph([intro], weight=3, key="gaps.intro")]
    paragraphs += [Paragraph([f.problem], weight=3, key=f"gap.{f.key}") for f in findings]
    return Section(
        key="gaps",
        # A half-year or term summary names it more lightly (WRITING.md, Half-year summary).
        heading=(Span("存在的不足" if ctx.is_annual else "存在的问题"),),
        blocks=[Block(None, paragraphs)],
        numbered_items=True,
    )


def plan_heading(period: Period) -> str:
    if period.kind is PeriodKind.YEAR:
        return f"{period.start.year + 1}年工作打算"
    if period.kind is PeriodKind.HALF_YEAR:
        return "下半年工作打算" if period.start.month == 1 else f"{period.start.year + 1}年工作打算"
    if period.kind is PeriodKind.SCHOOL_YEAR:
        return "新学年工作打算"
    if period.kind.value == "term":
        return "下学期工作打算"
    return "下一步打算"


def _plan_items(
    ctx: SummaryContext, contributed: Contributions, findings: list[GapFinding]
) -> list[PlanItem]:
    items = [f.plan for f in findings]
    leads = {item.lead for item in items}
    for source in contributed.plans:
        for item in source(ctx):
            if item.lead not in leads and len(items) < MAX_PLAN_ITEMS:
                items.append(item)
                leads.add(item.lead)
    if not ctx.is_annual:
        # The plan covers the next half-year or term: a dated item belongs only if its month falls in it.
        months = _months_after(ctx.period.end, days=182)
        items = [i for i in items if not i.month or i.month in months]
        dated = sorted((i for i in items if i.month), key=lambda i: list(months).index(i.month or 0))
        items = [*(i for i in items if not i.month), *dated]
    return items[:MAX_PLAN_ITEMS]


def _months_after(day: dt.date, *, days: int) -> dict[int, None]:
    """The months of the `days` after `day`, in calendar order from the next day (an ordered set)."""
    months: dict[int, None] = {}
    for offset in range(1, days + 1, 7):
        months.setdefault((day + dt.timedelta(days=offset)).month, None)
    return months


def _plan_section(ctx: SummaryContext, items: list[PlanItem]) -> Section:
    paragraphs = []
    for item in items:
        month = f"{item.month}月，" if item.month and not ctx.is_annual else ""
        paragraphs.append(
            Paragraph(
                [fill("{lead}。{month}{body}", {"lead": item.lead, "month": month, "body": item.body})],
                weight=3,
                key=f"plan.{item.key}",
            )
        )
    return Section(
        key="plan",
        heading=(Span(plan_heading(ctx.period)),),
        blocks=[Block(None, paragraphs)],
        numbered_items=True,
    )


# ---- length ---------------------------------------------------------------------------------------


def limit_for(ctx: SummaryContext, length: str) -> int:
    kind = ctx.period.kind
    if kind.value == "term":
        row = "term"
    elif kind in (PeriodKind.HALF_YEAR, PeriodKind.QUARTER, PeriodKind.RANGE):
        row = "half"
    else:
        row = "annual_enterprise" if ctx.union_kind == "enterprise" else "annual"
    return LENGTH_LIMITS[row][LENGTHS.index(length)]


def _fit_length(document: SummaryDocument, limit: int) -> None:
    """Drop whole paragraphs, least important (lowest weight, latest) first, until the text fits; a section
    keeps at least one paragraph, so the opening's main line never names a section that is gone."""
    candidates: list[tuple[int, int, Block, Paragraph]] = []
    position = 0
    for section in document.sections:
        for block in section.blocks:
            for paragraph in block.paragraphs:
                position += 1
                if paragraph.weight < 3:
                    candidates.append((paragraph.weight, -position, block, paragraph))
    candidates.sort(key=lambda c: (c[0], c[1]))
    for _weight, _position, block, paragraph in candidates:
        if document.body_length() <= limit:
            break
        section = next(s for s in document.sections if any(b is block for b in s.blocks))
        if sum(len(b.paragraphs) for b in section.blocks) <= 1:
            continue
        block.paragraphs = [p for p in block.paragraphs if p is not paragraph]
        section.blocks = [b for b in section.blocks if b.paragraphs]


def _facts_in_text(ctx: SummaryContext, document: SummaryDocument) -> dict:
    """Only the facts whose numbers are still in the text (a dropped paragraph takes its numbers away)."""
    used = {span.fact for span in document.spans() if span.fact}
    return {key: fact for key, fact in sorted(ctx.facts.items()) if key in used}
