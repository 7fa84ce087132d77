"""The activities' part of the work summary: study and training, competitions, culture and festivals,
volunteering, higher-level results and honours; their headlines, 不足 rules and plan items.

Paragraphs go measure → facts → effect. Routine activities are aggregated; notable ones (highlights,
results, series, an effect the officer noted) are narrated in date order. Names appear only for prize
winners, honours and trainers. Every number is a registry figure (`ctx.num`) or a detail with its records
(`ctx.detail`), so it lands on the figure sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from django.db import models

from gonghui.activities.counting import (
    ActiveRow,
    AttendanceRow,
    active_rows,
    attendance_rows,
    distinct_attendees,
    in_period,
    participation,
)
from gonghui.activities.models import (
    LEVEL_RANK,
    Activity,
    ActivityCategory,
    Attendance,
    Audience,
    Honour,
    Level,
    Result,
    Session,
    UnionRole,
)
from gonghui.activities.wording import cn_number
from gonghui.reports.numbers import round_half_up
from gonghui.reports.registry import RecordRef
from gonghui.reports.summary.context import POINTS, Slot, SummaryContext, fill, join
from gonghui.reports.summary.document import Block, Paragraph, Sentence, Span
from gonghui.reports.summary.writers import BlockWriter, GapFinding, GapRule, Headline, PlanItem
from gonghui.reports.wording import month_day, rate_words

ACTIVITY = "activities.Activity"
ATTENDANCE = "activities.Attendance"
PERSON = "members.Person"
RESULT = "activities.Result"
HONOUR = "activities.Honour"
GROUP_LABEL = "orgs.UnionGroup"
CULTURE = (ActivityCategory.CULTURE_SPORTS, ActivityCategory.FESTIVAL, ActivityCategory.OTHER)
MAX_NAMED_WINNERS = 6
WEEKDAY_SHARE = Decimal("0.7")
BIG_TURNOUT = 30  # from this many attendees a sentence may say "达到" or "共有"


# ---- what the writers read, once per summary ----------------------------------------------------------


@dataclass
class ResultFacts:
    pk: int
    level: str
    title: str
    is_team: bool
    issuer: str
    winners: list[str]

    @property
    def higher(self) -> bool:
        return self.level != Level.UNIT


@dataclass
class ActivityFacts:
    pk: int
    title: str
    category: str
    kind: str
    starts_on: dt.date
    place: str
    series: str
    edition: int | None
    edition_unit: str
    role: str
    audience: str
    description: str
    effect: str
    highlight: bool
    is_training: bool
    topic: str
    trainer: str
    co_organisers: str
    union_id: int
    departments: list[str] = field(default_factory=list)
    sessions: int = 0
    rows: list[AttendanceRow] = field(default_factory=list)
    results: list[ResultFacts] = field(default_factory=list)

    @property
    def display_title(self) -> str:
        if not self.edition:
            return self.title
        label = f"第{cn_number(self.edition)}{self.edition_unit}"
        return self.title if label in self.title else f"{self.title}（{label}）"

    @property
    def natural_key(self) -> str:
        """What chooses this activity's phrasings: its date and title, never a database id (ids differ
        between databases and between a union's data dir and its backup)."""
        return f"{self.starts_on.isoformat()}:{self.title}"

    @property
    def team_title(self) -> str:
        """What a team went to: "组队参加县教职工运动会" → "县教职工运动会（第十二届）"."""
        title = self.display_title
        for lead in ("组队参加", "参加"):
            if title.startswith(lead) and len(title) > len(lead) + 1:
                return title[len(lead) :]
        return title

    @property
    def notable(self) -> bool:
        return bool(self.highlight or self.results or self.effect or self.role == UnionRole.TEAM)

    def people(self) -> list[AttendanceRow]:
        return distinct_attendees(self.rows)

    def members(self) -> list[AttendanceRow]:
        return distinct_attendees(r for r in self.rows if r.is_member)


@dataclass
class HonourFacts:
    pk: int
    title: str
    level: str
    awardee: str
    is_person: bool
    issuer: str
    awarded_on: dt.date


@dataclass
class Records:
    activities: list[ActivityFacts]
    rows: list[AttendanceRow]
    honours: list[HonourFacts]
    weekday_sessions: int
    all_sessions: int


def records(ctx: SummaryContext) -> Records:
    cached = ctx.cache.get("activities.records")
    if isinstance(cached, Records):
        return cached
    found = _load(ctx)
    ctx.cache["activities.records"] = found
    return found


def _load(ctx: SummaryContext) -> Records:
    start, end = ctx.start, ctx.as_of
    values = (
        Activity.objects.filter(union_id__in=ctx.unions, starts_on__gte=start, starts_on__lte=end)
        .order_by("starts_on", "pk")
        .values_list(
            "pk", "title", "kind__category", "kind__name", "starts_on", "place", "series", "edition",
            "edition_unit", "role", "audience", "description", "effect_note", "is_highlight", "is_training",
            "training_topic", "trainer", "co_organisers", "union_id",
        )
    )  # fmt: skip
    activities = {row[0]: ActivityFacts(*row) for row in values}
    through = Activity.departments.through
    for activity_id, name in (
        through.objects.filter(activity_id__in=activities)
        .order_by("department__sort_order", "department__name")
        .values_list("activity_id", "department__name")
    ):
        activities[activity_id].departments.append(name)
    sessions = Session.objects.filter(
        union_id__in=ctx.unions, starts_at__date__gte=start, starts_at__date__lte=end
    ).values_list("activity_id", "starts_at")
    weekday = total = 0
    for activity_id, starts_at in sessions:
        total += 1
        weekday += starts_at.weekday() < 5
        if activity_id in activities:
            activities[activity_id].sessions += 1
    shared = ctx.figure_rows("activities.attendance")
    if isinstance(shared, list):  # the figures read it already, for this period and last year's
        rows = [row for row in shared if start <= row.day <= end]
    else:
        rows = attendance_rows(Attendance.objects.filter(in_period(start, end), union_id__in=ctx.unions))
    for row in rows:
        if row.activity_id in activities:
            activities[row.activity_id].rows.append(row)
    results: dict[int, ResultFacts] = {}
    for pk, activity_id, level, title, is_team, issuer, names in (
        Result.objects.filter(activity_id__in=activities)
        .order_by("pk")
        .values_list("pk", "activity_id", "level", "title", "is_team", "issuer", "awardee_names")
    ):
        result = ResultFacts(pk, level, title, is_team, issuer, [n for n in _split_names(names)])
        results[pk] = result
        activities[activity_id].results.append(result)
    for result_id, name in (
        Result.persons.through.objects.filter(result_id__in=results)
        .order_by("person__name_stroke_key", "person__name")
        .values_list("result_id", "person__name")
    ):
        if name not in results[result_id].winners:
            results[result_id].winners.append(name)
    honours = [
        HonourFacts(pk, title, level, person or unit, person is not None, issuer, day)
        for pk, title, level, person, unit, issuer, day in (
            Honour.objects.filter(union_id__in=ctx.unions, awarded_on__gte=start, awarded_on__lte=end)
            .order_by("awarded_on", "pk")
            .values_list("pk", "title", "level", "person__name", "unit_name", "issuer", "awarded_on")
        )
    ]
    return Records(list(activities.values()), rows, honours, weekday, total)


def _split_names(text: str) -> list[str]:
    for separator in "，,；;/":
        text = text.replace(separator, "、")
    return [part.strip() for part in text.split("、") if part.strip()]


# ---- small pieces of sentences ------------------------------------------------------------------------


def _people_span(ctx: SummaryContext, activity: ActivityFacts) -> Span:
    people = activity.people()
    return ctx.detail(
        f"activity:{activity.pk}.persons",
        f"「{activity.display_title}」参加人数",
        "人",
        len(people),
        "该活动各场出席的会员、退休人员、家属和来宾，同一人只计一次",
        [
            RecordRef(PERSON if r.person_id else ATTENDANCE, r.person_id or r.attendance_id, r.name)
            for r in people
        ],
    )


def _person_times_span(ctx: SummaryContext, key: str, name: str, rows: Sequence[AttendanceRow]) -> Span:
    return ctx.detail(
        key,
        name,
        "人次",
        len(rows),
        "出席记录条数，同一人参加几场计几人次",
        lambda: [RecordRef(ATTENDANCE, r.attendance_id, f"{r.name} {r.activity_title}") for r in rows],
    )


def _count_span(ctx: SummaryContext, key: str, name: str, unit: str, items: Sequence[ActivityFacts]) -> Span:
    return ctx.detail(
        key,
        name,
        unit,
        len(items),
        "期初至期末开始的活动个数",
        [RecordRef(ACTIVITY, a.pk, a.display_title) for a in items],
    )


def _quoted(title: str) -> str:
    """A title in “”; quotes inside it become ‘’ (“‘安康杯’竞赛启动仪式”)."""
    inner = title.replace("“", "‘").replace("”", "’")
    return f"“{inner}”"


def _partners(activity: ActivityFacts) -> str:
    names = [*activity.departments, *_split_names(activity.co_organisers)]
    return "、".join(dict.fromkeys(names))


def _winner_names(ctx: SummaryContext, names: Sequence[str]) -> Sentence:
    return join([ctx.name(n) for n in names[:MAX_NAMED_WINNERS]])


def _sentence_end(text: str) -> str:
    text = text.strip()
    return text if text.endswith(("。", "！", "？")) else f"{text}。"


def _description(activity: ActivityFacts) -> str:
    """The officer's own words on what the activity comprised, as one sentence."""
    return _sentence_end(activity.description) if activity.description else ""


# ---- dated events -------------------------------------------------------------------------------------


def _event_sentences(ctx: SummaryContext, activity: ActivityFacts) -> list[Sentence]:
    staff = ctx.nouns.staff
    when = month_day(activity.starts_on)
    partners = _partners(activity)
    with_partners = f"联合{partners}" if partners else ""
    place = f"在{activity.place}" if activity.place else ""
    sentences: list[Sentence] = []
    people = len(activity.people())
    if activity.role == UnionRole.TEAM:
        sentences.append(
            ctx.say(
                "event.team",
                (
                    "{when}，{short}组队参加{title}，{n}名{staff}参赛。",
                    "{when}，{short}选派{n}名{staff}组队参加{title}。",
                    "{when}举行的{title}中，{short}组织{n}名{staff}参赛。",
                ),
                salt=activity.natural_key,
                when=when,
                short=ctx.nouns.union_short,
                title=activity.team_title,
                n=_people_span(ctx, activity),
                staff=staff,
            )
            if people
            else ctx.say(
                "event.team.plain",
                (
                    "{when}，{short}组队参加{title}。",
                    "{when}，{short}选派代表队参加{title}。",
                    "{when}举行的{title}，{short}组队参加。",
                ),
                salt=activity.natural_key,
                when=when,
                short=ctx.nouns.union_short,
                title=activity.team_title,
            )
        )
    elif people:
        sentences.append(
            ctx.say(
                "event",
                (
                    "{when}，{partners}{place}举办{title}，{n}人参加。",
                    "{when}，{title}{place}举行，{partners_by}参加的有{n}人。",
                    "{title}于{when}{place}开展，{partners_by}共有{n}人参与。",
                    "{when}，{partners}{place}组织{title}，参加人数达到{n}人。",
                )
                if people >= BIG_TURNOUT
                else (
                    # "达到" and "共有" overstate a small gathering.
                    "{when}，{partners}{place}举办{title}，{n}人参加。",
                    "{when}，{title}{place}举行，{partners_by}参加的有{n}人。",
                    "{title}于{when}{place}开展，{partners_by}{n}人参加。",
                ),
                salt=activity.natural_key,
                when=when,
                partners=with_partners,
                partners_by=f"由{partners}协办，" if partners else "",
                place=place,
                title=_quoted(activity.display_title),
                n=_people_span(ctx, activity),
            )
        )
    else:
        sentences.append(
            ctx.say(
                "event.plain",
                (
                    "{when}，{place}举办{title}。",
                    "{title}于{when}{place}举行。",
                    "{when}，{partners}{place}组织{title}。",
                ),
                salt=activity.natural_key,
                when=when,
                place=place,
                partners=with_partners,
                title=_quoted(activity.display_title),
            )
        )
    if activity.description:
        sentences.append((Span(_description(activity)),))
    results = _results_sentence(ctx, activity)
    if results:
        sentences.append(results)
    if activity.effect:
        sentences.append((Span(_sentence_end(activity.effect)),))
    return sentences


def _results_sentence(ctx: SummaryContext, activity: ActivityFacts) -> Sentence | None:
    """Named winners "甲、乙获一等奖"; a team's place as the union's ("校工会代表队获团体第二名") at a higher
    level, or as "评出冠军（装配车间队）" inside the union."""
    if not activity.results:
        return None
    ordered = sorted(activity.results, key=lambda r: (-LEVEL_RANK[r.level], r.pk))
    higher = any(r.higher for r in ordered)
    named: list[Sentence] = []
    unnamed: list[str] = []
    for result in ordered:
        if result.winners and not result.is_team:
            named.append(
                fill("{names}获{title}", {"names": _winner_names(ctx, result.winners), "title": result.title})
            )
        elif higher:
            named.append(
                fill("{team}获{title}", {"team": f"{ctx.nouns.union_short}代表队", "title": result.title})
            )
        else:
            unnamed.append(result.title)
    pieces: list[Sentence] = []
    if unnamed:
        pieces.append(fill("评出{titles}", {"titles": "、".join(unnamed)}))
    pieces += named
    listed = join(pieces, "，")
    if higher:
        return ctx.say(
            "event.results",
            ("比赛中，{listed}。", "经过角逐，{listed}。", "最终，{listed}。"),
            salt=activity.natural_key,
            listed=listed,
        )
    return ctx.say(
        "event.unit_results",
        ("比赛结果：{listed}。", "最终{listed}。", "经评委评定，{listed}。"),
        salt=activity.natural_key,
        listed=listed,
    )


def _routine_sentence(ctx: SummaryContext, routine: Sequence[ActivityFacts], key: str) -> Sentence | None:
    if not routine:
        return None
    titles = [_quoted(a.display_title) for a in routine]
    listed = "、".join(titles[:4])
    rows = [r for a in routine for r in a.rows]
    if len(routine) > 4:
        return ctx.say(
            "routine",
            (
                "此外，还组织了{listed}等{n}项活动，参加{pt}人次。",
                "{listed}等{n}项活动也相继举办，共{pt}人次参加。",
                "其余{n}项活动，如{listed}等，累计参加{pt}人次。",
            ),
            salt=key,
            listed=listed,
            n=_count_span(ctx, f"{key}.routine", "其他活动", "项", routine),
            pt=_person_times_span(ctx, f"{key}.routine_times", "其他活动参加人次", rows),
        )
    if not rows:
        return ctx.say(
            "routine.plain",
            ("此外，还组织了{listed}。", "{listed}也相继举办。", "同时开展了{listed}。"),
            salt=key,
            listed=listed,
        )
    return ctx.say(
        "routine",
        (
            "此外，还组织了{listed}，参加{pt}人次。",
            "{listed}也相继举办，共{pt}人次参加。",
            "同时开展了{listed}，累计参加{pt}人次。",
        ),
        salt=key,
        listed=listed,
        pt=_person_times_span(ctx, f"{key}.routine_times", "其他活动参加人次", rows),
    )


def _narrate(ctx: SummaryContext, items: Sequence[ActivityFacts], key: str) -> list[Paragraph]:
    """Notable activities one paragraph each in date order (highlights weigh most), the rest aggregated."""
    notable = [a for a in items if a.notable]
    routine = [a for a in items if not a.notable]
    paragraphs = [
        Paragraph(
            _event_sentences(ctx, a),
            weight=3 if a.highlight or any(r.higher for r in a.results) else 2,
            key=f"activity.{a.pk}",
        )
        for a in notable
    ]
    sentence = _routine_sentence(ctx, routine, key)
    if sentence:
        paragraphs.append(Paragraph([sentence], weight=1, key=f"{key}.routine"))
    return paragraphs


# ---- a federation's own work and the unions below it --------------------------------------------------


def own_and_below(
    ctx: SummaryContext, items: Sequence[ActivityFacts]
) -> tuple[list[ActivityFacts], list[ActivityFacts]]:
    """The scope's own activities (narrated) and those of the unions below it (aggregated)."""
    root = ctx.union.pk
    return [a for a in items if a.union_id == root], [a for a in items if a.union_id != root]


def below_paragraph(
    ctx: SummaryContext, items: Sequence[ActivityFacts], key: str, what: str
) -> list[Paragraph]:
    if not items:
        return []
    unions = len({a.union_id for a in items})
    rows = [r for a in items for r in a.rows if r.is_member]
    slots: dict[str, Any] = {
        "k": ctx.detail(
            f"{key}.below_unions",
            f"开展{what}的基层工会",
            "个",
            unions,
            "期初至期末开展过此类活动的下级工会个数",
        ),
        "n": _count_span(ctx, f"{key}.below_count", f"基层工会开展的{what}", "项", items),
        "what": what,
    }
    if rows:
        slots["pt"] = _person_times_span(ctx, f"{key}.below_times", f"基层工会{what}会员参加人次", rows)
        sentence = ctx.say(
            "below",
            (
                "所属{k}个基层工会结合实际开展{what}{n}项，会员参加{pt}人次。",
                "各基层工会共开展{what}{n}项，涉及{k}个基层工会，会员参与{pt}人次。",
                "在基层，{k}个工会组织{what}{n}项，累计{pt}人次会员参加。",
            ),
            salt=key,
            **slots,
        )
    else:
        sentence = ctx.say(
            "below.plain",
            (
                "所属{k}个基层工会结合实际开展{what}{n}项。",
                "各基层工会共开展{what}{n}项，涉及{k}个基层工会。",
                "在基层，{k}个工会组织{what}{n}项。",
            ),
            salt=key,
            **slots,
        )
    return [Paragraph([sentence], weight=2, key=f"{key}.below")]


# ---- study and training -----------------------------------------------------------------------------


def study_blocks(ctx: SummaryContext) -> list[Block]:
    trainings = [a for a in records(ctx).activities if a.is_training]
    if not trainings:
        return []
    staff = ctx.nouns.staff
    measure: list[Sentence] = [
        ctx.say(
            "study.measure",
            (
                "{short}把学习培训作为提升{staff}素质的基础工作，全年组织集中学习和专题培训{n}次。",
                "坚持以学促干，{period}共组织专题学习和培训{n}次。",
                "围绕{staff}思想和业务提升，{short}组织各类学习培训{n}次。",
            ),
            short=ctx.nouns.union_short,
            staff=staff,
            period="本学期"
            if ctx.period.kind.value == "term"
            else ("全年" if ctx.is_annual else "上半年" if ctx.period.start.month == 1 else "下半年"),
            n=ctx.num("activities.trainings"),
        )
    ]
    hours = ctx.value("activities.study_hours")
    if hours:
        measure.append(
            ctx.say(
                "study.hours",
                (
                    "会员参加学习累计获得{h}学时。",
                    "参训会员的学习时长累计达到{h}学时。",
                    "参训会员累计获得{h}个学时。",
                ),
                h=ctx.num("activities.study_hours"),
            )
        )
    own, below = own_and_below(ctx, trainings)
    paragraphs = [Paragraph(measure, weight=3, key="study.measure")] if own else []
    series: dict[str, list[ActivityFacts]] = {}
    single = []
    for activity in own:
        if activity.series:
            series.setdefault(activity.series, []).append(activity)
        else:
            single.append(activity)
    for activity in single:
        paragraphs.append(
            Paragraph(_training_sentences(ctx, activity), weight=2, key=f"activity.{activity.pk}")
        )
    for name, items in series.items():
        paragraphs.append(_series_paragraph(ctx, name, items))
    paragraphs += below_paragraph(ctx, below, "study", "学习培训")
    return [Block(None, paragraphs)]


def _training_sentences(ctx: SummaryContext, activity: ActivityFacts) -> list[Sentence]:
    topic = f"“{activity.topic}”" if activity.topic else _quoted(activity.display_title)
    who = f"邀请{activity.trainer}" if activity.trainer else ""
    people = len(activity.people())
    slots: dict[str, Slot] = {
        "when": month_day(activity.starts_on),
        "who": who,
        "place": f"在{activity.place}" if activity.place else "",
        "topic": topic,
        "title": _quoted(activity.display_title),
        "staff": ctx.nouns.staff,
    }
    if people:
        slots["n"] = _people_span(ctx, activity)
        sentence = ctx.say(
            "training",
            (
                "{when}，{who}{place}作{topic}专题辅导，{n}名{staff}参加学习。",
                "{when}举办{title}，{who}围绕{topic}{place}授课，{n}人参加。",
                "{when}，{title}{place}举行，{who}讲授{topic}，参训{n}人。",
            ),
            salt=activity.natural_key,
            **slots,
        )
    else:
        sentence = ctx.say(
            "training.plain",
            (
                "{when}，{who}{place}作{topic}专题辅导。",
                "{when}举办{title}，{who}围绕{topic}授课。",
                "{when}，{title}{place}举行，{who}讲授{topic}。",
            ),
            salt=activity.natural_key,
            **slots,
        )
    sentences = [sentence]
    if activity.description:
        sentences.append((Span(_description(activity)),))
    if activity.effect:
        sentences.append((Span(_sentence_end(activity.effect)),))
    return sentences


def _series_paragraph(ctx: SummaryContext, name: str, items: list[ActivityFacts]) -> Paragraph:
    rows = [r for a in items for r in a.rows]
    unit = items[0].edition_unit
    editions = "、".join(f"第{cn_number(a.edition)}{unit}" for a in items if a.edition)
    slots: dict[str, Slot] = {
        "name": _quoted(name),
        "editions": editions,
        "period": "全年" if ctx.is_annual else "本期",
        "n": _count_span(ctx, f"series:{name}.count", f"「{name}」本期举办次数", "次", items),
        "pt": _person_times_span(ctx, f"series:{name}.times", f"「{name}」参加人次", rows),
        "topics": "、".join(f"“{a.topic}”" for a in items if a.topic),
    }
    if editions:
        first = ctx.say(
            "series",
            (
                "{name}坚持常态化开展，{period}先后举办{editions}，参加{pt}人次。",
                "{name}已成为固定品牌，{period}举办了{editions}，累计{pt}人次参与。",
                "{period}，{name}接续举办{editions}，共有{pt}人次参加。",
            ),
            salt=name,
            **slots,
        )
    else:
        first = ctx.say(
            "series",
            (
                "{name}坚持常态化开展，{period}举办{n}次，参加{pt}人次。",
                "{name}{period}共举办{n}次，累计{pt}人次参与。",
                "{period}，{name}开展{n}次，共有{pt}人次参加。",
            ),
            salt=name,
            **slots,
        )
    sentences = [first]
    if slots["topics"]:
        many = len(items) > 1
        sentences.append(
            ctx.say(
                "series.topics",
                ("主题分别是{topics}。", "分享主题依次为{topics}。", "各期主题为{topics}。")
                if many
                else ("主题是{topics}。", "本期主题为{topics}。", "围绕{topics}展开。"),
                salt=name,
                **slots,
            )
        )
    return Paragraph(sentences, weight=2, key=f"series.{name}")


# ---- competitions -----------------------------------------------------------------------------------


def competition_blocks(ctx: SummaryContext) -> list[Block]:
    items = [
        a for a in records(ctx).activities if a.category == ActivityCategory.COMPETITION and not a.is_training
    ]
    if not items:
        return []
    staff = ctx.nouns.staff
    measure = ctx.say(
        "competition.measure",
        (
            "{short}以岗位练兵为抓手，组织开展劳动竞赛和技能比武{n}项。",
            "围绕提升{staff}岗位技能，开展各类竞赛比武{n}项。",
            "{period}组织劳动竞赛、技能比武{n}项，为{staff}搭建展示才干的平台。",
        ),
        short=ctx.nouns.union_short,
        staff=staff,
        period="全年" if ctx.is_annual else "本期",
        n=_count_span(ctx, "competition.count", "劳动竞赛和技能比武", "项", items),
    )
    own, below = own_and_below(ctx, items)
    paragraphs = [Paragraph([measure], weight=3, key="competition.measure")] if own else []
    for activity in own:
        paragraphs.append(Paragraph(_event_sentences(ctx, activity), weight=2, key=f"activity.{activity.pk}"))
    paragraphs += below_paragraph(ctx, below, "competition", "竞赛比武")
    return [Block(None, paragraphs)]


# ---- culture, festivals, volunteering -------------------------------------------------------------------


def culture_blocks(ctx: SummaryContext) -> list[Block]:
    found = records(ctx)
    culture = [a for a in found.activities if a.category in CULTURE and not a.is_training]
    volunteer = [
        a for a in found.activities if a.category == ActivityCategory.VOLUNTEER and not a.is_training
    ]
    blocks = []
    women = [a for a in culture if a.audience == Audience.WOMEN]
    others = [a for a in culture if a.audience != Audience.WOMEN]
    if others:
        rows = [r for a in others for r in a.rows if r.is_member]
        measure = ctx.say(
            "culture.measure",
            (
                "{short}把文体活动作为凝聚{staff}的重要载体，{period}组织文体和节日活动{n}项，会员参加{pt}人次。",
                "坚持小型多样、就近就便，{period}开展文体和节日活动{n}项，累计{pt}人次会员参与。",
                "围绕传统节日和{staff}兴趣，{period}共组织文体活动{n}项，会员参与{pt}人次。",
            ),
            short=ctx.nouns.union_short,
            staff=ctx.nouns.staff,
            period="全年" if ctx.is_annual else "本期",
            n=_count_span(ctx, "culture.count", "文体和节日活动", "项", others),
            pt=_person_times_span(ctx, "culture.member_times", "文体和节日活动会员参加人次", rows),
        )
        own, below = own_and_below(ctx, others)
        paragraphs = [Paragraph([measure], weight=3, key="culture.measure")] if own else []
        paragraphs += _narrate(ctx, own, "culture")
        paragraphs += below_paragraph(ctx, below, "culture", "文体和节日活动")
        paragraphs += participation_paragraphs(ctx)
        blocks.append(
            Block(
                (
                    Span(
                        ctx.pick(
                            "culture.heading",
                            (
                                "办好特色活动，活跃{staff}文化生活",
                                "突出节日主题，增进{staff}交流",
                                "坚持常态开展，丰富{staff}业余生活",
                            ),
                        ).format(staff=ctx.nouns.staff)
                    ),
                ),
                paragraphs,
            )
        )
    if women:
        own, below = own_and_below(ctx, women)
        paragraphs = _narrate(ctx, own, "women") + below_paragraph(ctx, below, "women", "女职工活动")
        women_count = ctx.value("members.women")
        if women_count and own:
            paragraphs.insert(
                0,
                Paragraph(
                    [
                        ctx.say(
                            "women.measure",
                            (
                                "{short}现有女会员{n}人，结合三八妇女节等节点开展关爱女{staff}的活动。",
                                "针对{n}名女会员的需求，{short}组织了专门的节日活动。",
                                "面向{n}名女会员，{short}用心安排女{staff}的节日活动。",
                            ),
                            short=ctx.nouns.union_short,
                            staff=ctx.nouns.staff,
                            n=ctx.num("members.women"),
                        )
                    ],
                    weight=2,
                    key="women.measure",
                ),
            )
        blocks.append(
            Block(
                (
                    Span(
                        ctx.pick(
                            "women.heading",
                            (
                                "关心女{staff}，营造温馨节日氛围",
                                "关注女{staff}需求，办好女{staff}活动",
                                "做实女工工作，关爱女{staff}身心",
                            ),
                        ).format(staff=ctx.nouns.staff)
                    ),
                ),
                paragraphs,
            )
        )
    if volunteer:
        blocks.append(
            Block(
                (
                    Span(
                        ctx.pick(
                            "volunteer.heading",
                            (
                                "组织志愿服务，展示{staff}良好形象",
                                "参与公益活动，传递{staff}爱心",
                                "开展志愿服务，服务社区群众",
                            ),
                        ).format(staff=ctx.nouns.staff)
                    ),
                ),
                _narrate_all(ctx, own_and_below(ctx, volunteer)[0])
                + below_paragraph(ctx, own_and_below(ctx, volunteer)[1], "volunteer", "志愿服务活动"),
            )
        )
    return blocks


def _narrate_all(ctx: SummaryContext, items: Sequence[ActivityFacts]) -> list[Paragraph]:
    return [Paragraph(_event_sentences(ctx, a), weight=2, key=f"activity.{a.pk}") for a in items]


def participation_paragraphs(ctx: SummaryContext) -> list[Paragraph]:
    """The year's reach: members who took part, the participation rate and its change."""
    persons = ctx.count("activities.persons")
    rate = ctx.value("activities.participation_rate")
    if not persons or rate is None:
        return []
    slots: dict[str, Any] = {
        "n": ctx.num("activities.persons"),
        "rate": ctx.num("activities.participation_rate"),
        "pt": ctx.num("activities.person_times"),
        "staff": ctx.nouns.staff,
    }
    sentence = ctx.say(
        "participation",
        (
            "各类活动共吸引{n}名会员参加，会员参与率为{rate}，累计{pt}人次。",
            "从参与面看，{period}有{n}名会员参加过工会活动，参与率{rate}，合计{pt}人次。",
            "参加过活动的会员达{n}人，占在职会员的{rate}，参加总量为{pt}人次。",
        ),
        period="全年" if ctx.is_annual else "本期",
        **slots,
    )
    sentences = [sentence]
    before = ctx.previous("activities.participation_rate")
    had_activities = bool(ctx.previous("activities.persons"))
    if (
        had_activities
        and before is not None
        and round_half_up(Decimal(before)) != round_half_up(Decimal(rate))
    ):
        change = round_half_up(Decimal(rate)) - round_half_up(Decimal(before))
        delta = ctx.detail(
            "activities.participation_rate@变化",
            "会员活动参与率比去年同期的变化",
            POINTS,
            abs(change),
            "本期参与率减去去年同期参与率（各按一位小数），单位为百分点",
        )
        sentences.append(
            ctx.say(
                "participation.change",
                (
                    "比去年同期{verb}{delta}个百分点。",
                    "与去年同期的{before}相比，{verb}了{delta}个百分点。",
                    "较去年同期{verb}{delta}个百分点。",
                ),
                verb="提高" if change > 0 else "下降",
                delta=delta,
                before=ctx.num_previous("activities.participation_rate"),
            )
        )
    return [Paragraph(sentences, weight=2, key="participation")]


# ---- honours -----------------------------------------------------------------------------------------


def honour_blocks(ctx: SummaryContext) -> list[Block]:
    honours = records(ctx).honours
    if not honours:
        return []
    ranked = sorted(honours, key=lambda h: (-LEVEL_RANK[h.level], h.awarded_on, h.pk))
    counts: dict[str, list[HonourFacts]] = {}
    for honour in ranked:
        counts.setdefault(Level(honour.level).label, []).append(honour)
    parts = [
        ctx.detail(
            f"honours.level:{level}",
            f"{level}荣誉",
            "项",
            len(items),
            "期初至期末授予的荣誉称号数，按级别分列",
            [RecordRef(HONOUR, h.pk, f"{h.awardee} {h.title}") for h in items],
        )
        for level, items in counts.items()
    ]
    breakdown = join(
        [fill("{level}{n}项", {"level": level, "n": span}) for level, span in zip(counts, parts, strict=True)]
    )
    first = ctx.say(
        "honours",
        (
            "{period}，{short}和会员共获得各级荣誉{n}项，其中{breakdown}。",
            "{staff}的努力得到认可，{period}共获得荣誉{n}项，其中{breakdown}。",
            "{period}获得的各级荣誉共{n}项，其中{breakdown}。",
        ),
        period="全年" if ctx.is_annual else "本期",
        short=ctx.nouns.union_short,
        staff=ctx.nouns.staff,
        n=ctx.num("honours.count"),
        breakdown=breakdown
        if len(counts) > 1
        else fill("{level}{n}项", {"level": next(iter(counts)), "n": parts[0]}),
    )
    top = [h for h in ranked if LEVEL_RANK[h.level] >= LEVEL_RANK[Level.COUNTY]]
    grouped: dict[tuple[str, str], list[HonourFacts]] = {}
    for honour in top:
        grouped.setdefault((honour.issuer or Level(honour.level).label, honour.title), []).append(honour)
    sentences = [first]
    if grouped:
        named = join(
            [
                fill(
                    "{who}被{issuer}授予“{title}”称号",
                    {
                        "who": join([ctx.name(h.awardee) if h.is_person else h.awardee for h in items]),
                        "issuer": issuer,
                        "title": title,
                    },
                )
                for (issuer, title), items in list(grouped.items())[:4]
            ],
            "，",
        )
        sentences.append(fill("{named}。", {"named": named}))
    return [Block(None, [Paragraph(sentences, weight=3, key="honours")])]


# ---- headlines -----------------------------------------------------------------------------------------


def headline_activities(ctx: SummaryContext) -> Sentence | None:
    if not ctx.count("activities.count") or not ctx.count("activities.person_times"):
        return None
    return ctx.say(
        "headline.activities",
        (
            "{period}开展各类活动{n}项、会员参加{pt}人次",
            "组织活动{n}项，会员参与{pt}人次",
            "各类活动开展{n}项，累计{pt}人次会员参加",
        ),
        period="全年" if ctx.is_annual else "",
        n=ctx.num("activities.count"),
        pt=ctx.num("activities.person_times", approx=True),
    )


def headline_results(ctx: SummaryContext) -> Sentence | None:
    higher = ctx.count("activities.higher_results")
    honours = [h for h in records(ctx).honours if LEVEL_RANK[h.level] >= LEVEL_RANK[Level.COUNTY]]
    if higher:
        return ctx.say(
            "headline.results",
            ("在上级比赛中获奖{n}项", "参加上级比赛获得名次和奖项{n}项", "在县级以上比赛中取得{n}项名次"),
            n=ctx.num("activities.higher_results"),
        )
    if honours:
        return fill(
            "获得县级以上荣誉{n}项",
            {
                "n": ctx.detail(
                    "honours.county_up",
                    "县级以上荣誉",
                    "项",
                    len(honours),
                    "期初至期末授予的区县级及以上荣誉称号数",
                    [RecordRef(HONOUR, h.pk, f"{h.awardee} {h.title}") for h in honours],
                )
            },
        )
    return None


# ---- 存在的不足 ---------------------------------------------------------------------------------------------


def _actives(ctx: SummaryContext) -> list[ActiveRow]:
    """The active members on the counted end with their group, read once per summary."""
    cached = ctx.cache.get("activities.actives")
    if isinstance(cached, list):
        return cached
    found = active_rows(ctx.unions, ctx.as_of)
    ctx.cache["activities.actives"] = found
    return found


def _few(count: int, total: int) -> str:
    """个别 (one or two), 少数 (under about a third) or 部分."""
    if count <= 2:
        return "个别"
    if count * 3 < total:
        return "少数"
    return "部分"


def _timing_cause(ctx: SummaryContext) -> str:
    found = records(ctx)
    if found.all_sessions and Decimal(found.weekday_sessions) >= WEEKDAY_SHARE * found.all_sessions:
        return f"活动大多安排在工作日，与一些{ctx.nouns.staff}的工作时间冲突"
    return "活动通知主要依靠集中发布，传达到小组和个人还不够及时"


UNITS_OF = {"group": ("工会小组", "未分小组"), "department": ("部门", "未填部门")}


def _uneven(ctx: SummaryContext, by: str, rate: Decimal) -> tuple[list[Any], list[Any], list[Any]]:
    """(the groups or departments of 3 or more members, those under the low share of the union's rate,
    those under the softer share), lowest first."""
    unlabelled = UNITS_OF[by][1]
    rows = [
        r
        for r in participation(_actives(ctx), records(ctx).rows, by=by)
        if r.members >= 3 and r.label != unlabelled
    ]
    if len(rows) < 2:
        return rows, [], []
    low = [
        r
        for r in rows
        if r.rate.value is not None and r.rate.value < rate * ctx.thresholds.low_participation_share
    ]
    soft = [
        r
        for r in rows
        if r.rate.value is not None and r.rate.value < rate * ctx.thresholds.soft_participation_share
    ]
    return rows, low, soft


def gap_low_groups(ctx: SummaryContext) -> GapFinding | None:
    """Groups — or, where that is where the gap shows, departments — taking part at under half the union's
    rate. Never named in the text (个别/少数/部分); the names are in the label the officer sees."""
    union_rate = ctx.value("activities.participation_rate")
    if union_rate is None or not union_rate:
        return None
    rate = Decimal(union_rate)
    candidates = []
    for by in ("group", "department"):
        rows, low, soft = _uneven(ctx, by, rate)
        chosen = low or soft
        if chosen:
            candidates.append((not low, chosen[0].rate.value or Decimal(0), by, rows, low, chosen))
    if not candidates:
        return None
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    _soft_only, _lowest_rate, by, rows, low, chosen = candidates[0]
    noun = UNITS_OF[by][0]
    lowest = chosen[0]
    lowest_span = ctx.detail(
        "gap.groups.lowest_rate",
        f"参与率最低的{noun}的会员参与率",
        "%",
        lowest.rate.value or Decimal(0),
        f"该{noun}参加过活动的会员÷该{noun}在职会员（{lowest.label}：{lowest.participants}/{lowest.members}）",
    )
    target = (rate * Decimal("0.8") / 5).to_integral_value(rounding=ROUND_FLOOR) * 5
    target_span = ctx.detail(
        "gap.groups.target",
        f"计划目标：各{noun}会员参与率",
        "%",
        target,
        "全会参与率的八成，向下取整到5的倍数",
        whole=True,
    )
    slots: dict[str, Any] = {
        "few": _few(len(chosen), len(rows)),
        "share": "一半" if low else "四分之三",
        "lowest": lowest_span,
        "cause": _timing_cause(ctx),
        "noun": noun,
        "t": target_span,
    }
    problem = ctx.say(
        "gap.groups",
        (
            "活动开展还不够均衡。{few}{noun}的会员参与率不到全会平均水平的{share}，最低的只有{lowest}，主要是{cause}。",
            "各{noun}参与程度差别较大。{few}{noun}的参与率低于全会平均水平的{share}，最低为{lowest}，原因是{cause}。",
            "{noun}之间冷热不均。{few}{noun}会员参与率不足全会平均水平的{share}，最低仅{lowest}，主要原因是{cause}。",
        ),
        **slots,
    )
    plans = (
        (
            "每个工会小组每学期至少自行组织一次小组活动，活动时间兼顾不同岗位，力争各小组会员参与率都达到{t}以上。",
            "由小组长牵头，每个小组每学期至少开展一次小组活动，使各小组会员参与率均不低于{t}。",
            "把小组活动纳入小组长工作考评，各小组每学期至少组织一次活动，参与率全部达到{t}以上。",
        )
        if by == "group"
        else (
            "与各部门商定活动时间，避开工作高峰，力争各部门会员参与率都达到{t}以上。",
            "活动安排前征求各部门意见，分批次、分时段组织，使各部门会员参与率均不低于{t}。",
            "请各部门确定一名联络员负责活动通知和组织，各部门会员参与率全部达到{t}以上。",
        )
    )
    plan = PlanItem(
        key="groups",
        lead="推动小组活动均衡开展" if by == "group" else "推动各部门均衡参与",
        body=ctx.say("plan.groups", plans, **slots),
    )
    labels = "、".join(f"{r.label}（{rate_words(r.rate.value or Decimal(0))}）" for r in chosen)
    return GapFinding(
        key="groups",
        label=f"{noun}参与率偏低：{labels}；全会{rate_words(rate)}",
        severity=float((rate - (lowest.rate.value or Decimal(0))) / rate) + (1 if low else 0),
        qualifies=bool(low),
        problem=problem,
        plan=plan,
    )


def gap_never(ctx: SummaryContext) -> GapFinding | None:
    members = ctx.count("members.active")
    took_part = ctx.value("activities.participation_rate")
    if not members or took_part is None or not ctx.count("activities.count"):
        return None  # with no activity recorded, nobody "never took part": the records are missing
    actives = {a.identity for a in _actives(ctx)}
    attended = {r.identity for r in records(ctx).rows if r.person_id is not None}
    never = sorted(actives - attended)
    share = Decimal(len(never)) / Decimal(len(actives)) if actives else Decimal(0)
    if share <= ctx.thresholds.soft_never_share:
        return None
    count_span = ctx.detail(
        "gap.never.count",
        "本期未参加过任何活动的在职会员",
        "人",
        len(never),
        "期末在职会员中，期初至期末没有任何出席记录的人数（名单见在职会员与参加活动会员名单之差）",
    )
    share_value = (share * 100).quantize(Decimal("0.1"))
    share_span = ctx.detail(
        "gap.never.share",
        "未参加活动会员占在职会员的比例",
        "%",
        share_value,
        "未参加过活动的会员÷期末在职会员",
    )
    target = max((share_value / 2).to_integral_value(rounding=ROUND_FLOOR), Decimal(1))
    target_span = ctx.detail(
        "gap.never.target",
        "计划目标：未参加活动会员比例",
        "%",
        target,
        "本期比例的一半，向下取整",
        whole=True,
    )
    problem = ctx.say(
        "gap.never",
        (
            "活动覆盖面还不够广。{period}仍有{n}名会员没有参加过工会组织的活动，占在职会员的{share}，活动的时间和形式还不能兼顾所有会员。",
            "参与面有待扩大。还有{n}名会员{period}未参加任何工会活动，占{share}，现有活动项目对这部分会员吸引力不足。",
            "部分会员参与不多。{period}没有参加过活动的会员有{n}人，占在职会员的{share}，活动安排还未能照顾到各类会员的需求。",
        ),
        period="全年" if ctx.is_annual else "本期",
        n=count_span,
        share=share_span,
    )
    plan = PlanItem(
        key="never",
        lead="扩大活动覆盖面",
        body=ctx.say(
            "plan.never",
            (
                "开学初和年初征集会员的活动意愿，增加小型、分散、时间灵活的项目，把全年未参加活动的会员比例降到{t}以下。",
                "针对未参加活动的会员逐一了解原因，增设适合不同年龄和岗位的项目，使未参加活动的会员比例低于{t}。",
                "丰富活动形式，兼顾不同时段，力争未参加任何活动的会员比例降至{t}以下。",
            ),
            t=target_span,
        ),
    )
    return GapFinding(
        key="never",
        label=f"本期未参加任何活动的会员{len(never)}人，占{rate_words(share_value)}",
        severity=float(share) * 2,
        qualifies=share > ctx.thresholds.never_share,
        problem=problem,
        plan=plan,
    )


# ---- plan items that follow from the records --------------------------------------------------------------


def plan_items(ctx: SummaryContext) -> list[PlanItem]:
    items = []
    found = records(ctx)
    seen: set[str] = set()
    own = own_and_below(ctx, found.activities)[0]
    for activity in own:
        if not activity.series or not activity.edition or activity.series in seen:
            continue
        seen.add(activity.series)
        editions = [a for a in own if a.series == activity.series and a.edition]
        if len(editions) > 1:
            items.append(
                PlanItem(
                    key=f"series.{activity.series}",
                    lead=f"办好“{activity.series}”",
                    body=ctx.say(
                        "plan.series.many",
                        (
                            "坚持按期举办，{span}不少于{n}期，每期事先征集会员推荐的主题。",
                            "保持{span}{n}期以上的频次，扩大参与面。",
                            "{span}举办不少于{n}期，每期有主题、有记录。",
                        ),
                        salt=activity.series,
                        span=_next_span(ctx),
                        n=ctx.detail(
                            f"plan.series:{activity.series}.target",
                            f"计划目标：「{activity.series}」期数",
                            "期",
                            len(editions),
                            "不少于本期举办的期数",
                        ),
                    ),
                )
            )
            continue
        latest = max(
            (a for a in own if a.series == activity.series and a.edition),
            key=lambda a: a.edition or 0,
        )
        next_edition = f"第{cn_number((latest.edition or 0) + 1)}{latest.edition_unit}"
        base = latest.title
        if latest.role == UnionRole.TEAM:
            items.append(
                PlanItem(
                    key=f"series.{activity.series}",
                    lead=f"组织参加{activity.series}",
                    body=fill(
                        ctx.pick(
                            "plan.team",
                            (
                                "提前做好{next}{series}的报名和赛前训练，争取保持或提高名次。",
                                "赛前组织集训，组队参加{next}{series}。",
                                "做好{next}{series}的选拔和集训，组织{staff}积极参赛。",
                            ),
                            salt=activity.series,
                        ),
                        {"next": next_edition, "series": activity.series, "staff": ctx.nouns.staff},
                    ),
                    month=latest.starts_on.month,
                )
            )
            continue
        items.append(
            PlanItem(
                key=f"series.{activity.series}",
                lead=f"办好“{activity.series}”品牌活动",
                body=fill(
                    ctx.pick(
                        "plan.series",
                        (
                            "筹备{base}（{next}），在项目设置上听取会员意见。",
                            "继续举办{base}（{next}），扩大参与面。",
                            "按惯例组织{base}（{next}），保持品牌活动的连续性。",
                        ),
                        salt=activity.series,
                    ),
                    {"base": _quoted(base), "next": next_edition},
                ),
                month=latest.starts_on.month,
            )
        )
    items += _recurring_next_half(ctx, seen)
    trainings = ctx.count("activities.trainings")
    if trainings:
        items.append(
            PlanItem(
                key="study",
                lead="坚持学习培训常态化",
                body=ctx.say(
                    "plan.study",
                    (
                        "{span}组织集中学习和专题培训不少于{n}次，做到每次有主题、有记录、有学时。",
                        "制订学习计划，{span}专题学习和培训不少于{n}次，并记录会员学时。",
                        "{span}集中学习培训保持在{n}次以上，学习内容紧扣{staff}需求。",
                    ),
                    span=_next_span(ctx),
                    n=ctx.detail(
                        "plan.study.target",
                        "计划目标：学习培训次数",
                        "次",
                        trainings,
                        "不少于本期学习培训次数（activities.trainings）",
                    ),
                    staff=ctx.nouns.staff,
                ),
            )
        )
    return items


def _recurring_next_half(ctx: SummaryContext, seen: set[str]) -> list[PlanItem]:
    """After a first half-year: the series and highlights the union held in last year's second half, dated by
    month, as the second half's plan (WRITING.md: 下半年工作打算, dated by month)."""
    period = ctx.period
    if period.kind.value != "half_year" or period.start.month != 1:
        return []
    last_year = period.start.year - 1
    rows = (
        Activity.objects.filter(
            union_id=ctx.union.pk,
            starts_on__gte=dt.date(last_year, 7, 1),
            starts_on__lte=dt.date(last_year, 12, 31),
        )
        .filter(models.Q(is_highlight=True) | ~models.Q(series=""))
        .order_by("starts_on", "pk")
        .values_list("title", "series", "edition", "edition_unit", "starts_on")
    )
    latest: dict[str, int] = {}
    for activity in own_and_below(ctx, records(ctx).activities)[0]:
        if activity.series and activity.edition:
            latest[activity.series] = max(latest.get(activity.series, 0), activity.edition)
    items = []
    for title, series, edition, unit, starts_on in rows:
        key = series or title
        if key in seen:
            continue
        seen.add(key)
        next_edition = max(edition or 0, latest.get(series, 0)) + 1
        label = f"（第{cn_number(next_edition)}{unit}）" if edition else ""
        items.append(
            PlanItem(
                key=f"recurring.{key}",
                lead=ctx.pick("plan.recurring.lead", ("办好{t}", "组织{t}", "筹办{t}"), salt=key).format(
                    t=_quoted(title)
                ),
                body=ctx.say(
                    "plan.recurring",
                    (
                        "参照去年的做法举办{t}{label}，提前做好方案和报名。",
                        "继续举办{t}{label}，在项目安排上听取会员意见。",
                        "按往年惯例开展{t}{label}，扩大会员参与面。",
                    ),
                    salt=key,
                    t=_quoted(title),
                    label=label,
                ),
                month=starts_on.month,
            )
        )
    return items


def _next_span(ctx: SummaryContext) -> str:
    """The span the plan covers: 下半年 after a first half-year, 下学期 after a term, else the next year."""
    if ctx.period.kind.value == "half_year" and ctx.period.start.month == 1:
        return "下半年"
    if ctx.period.kind.value == "term":
        return "下学期"
    return "全年"


BLOCKS = [
    BlockWriter("activities.study", "study", 10, study_blocks),
    BlockWriter("activities.competition", "competition", 10, competition_blocks),
    BlockWriter("activities.culture", "culture", 10, culture_blocks),
    BlockWriter("activities.honours", "organisation", 50, honour_blocks),
]
HEADLINES = [
    Headline("activities.count", 20, headline_activities),
    Headline("activities.results", 30, headline_results),
]
GAPS = [GapRule("groups", gap_low_groups), GapRule("never", gap_never)]
PLANS = [plan_items]
