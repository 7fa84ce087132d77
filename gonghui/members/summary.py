"""The membership part of the work summary: the organisation paragraph, the 入会率 headline, the 不足 rule
for a rate below target, the plan item that keeps the rate, and the checklist items the officer must see
(an overdue committee term, a missing headcount) — never written into the text by themselves."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from typing import Any

from gonghui.activities.wording import cn_number
from gonghui.orgs.models import CommitteeKind, CommitteeTerm
from gonghui.reports.summary.context import POINTS, SummaryContext, fill
from gonghui.reports.summary.document import Block, Paragraph, Sentence
from gonghui.reports.summary.writers import (
    BlockWriter,
    Check,
    CheckItem,
    GapFinding,
    GapRule,
    Headline,
    PlanItem,
)
from gonghui.reports.wording import full_date, month_day, rate_words


def _period_word(ctx: SummaryContext) -> str:
    return "全年" if ctx.is_annual else "本期"


def organisation_blocks(ctx: SummaryContext) -> list[Block]:
    members = ctx.count("members.active")
    if not members:
        return []
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    slots: dict[str, Any] = {
        "as_of": full_date(ctx.as_of),
        "short": ctx.nouns.union_short,
        "n": ctx.num("members.active"),
        "staff": ctx.nouns.staff,
    }
    rate = ctx.value("members.rate")
    if rate is not None:
        sentences.append(
            ctx.say(
                "members.size",
                (
                    "截至{as_of}，{short}有在职会员{n}人，入会率{rate}。",
                    "到{as_of}，在职会员共{n}人，{staff}入会率为{rate}。",
                    "截至{as_of}，会员队伍达到{n}人，入会率{rate}。",
                ),
                rate=ctx.num("members.rate"),
                **slots,
            )
        )
    else:
        sentences.append(
            ctx.say(
                "members.size",
                (
                    "截至{as_of}，{short}有在职会员{n}人。",
                    "到{as_of}，在职会员共{n}人。",
                    "截至{as_of}，会员队伍达到{n}人。",
                ),
                **slots,
            )
        )
    joined = ctx.count("members.new")
    moved_in = ctx.count("members.transfer_in")
    if joined and moved_in:
        sentences.append(
            ctx.say(
                "members.joined",
                (
                    "{period}发展新会员{new}人，办理会籍转入{moved}人，新入职{staff}做到应入尽入。",
                    "{period}新吸收会员{new}人，接收转入会员{moved}人。",
                    "{period}共发展新会员{new}人，另有{moved}人办理会籍接转转入。",
                ),
                period=_period_word(ctx),
                new=ctx.num("members.new"),
                moved=ctx.num("members.transfer_in"),
                staff=ctx.nouns.staff,
            )
            if rate is not None and rate >= ctx.thresholds.member_rate_target
            else ctx.say(
                "members.joined",
                (
                    "{period}发展新会员{new}人，办理会籍转入{moved}人。",
                    "{period}新吸收会员{new}人，接收转入会员{moved}人。",
                    "{period}共发展新会员{new}人，另有{moved}人办理会籍接转转入。",
                ),
                period=_period_word(ctx),
                new=ctx.num("members.new"),
                moved=ctx.num("members.transfer_in"),
            )
        )
    elif joined:
        sentences.append(
            ctx.say(
                "members.joined",
                (
                    "{period}发展新会员{new}人。",
                    "{period}新吸收会员{new}人。",
                    "{period}共发展新会员{new}人。",
                ),
                period=_period_word(ctx),
                new=ctx.num("members.new"),
            )
        )
    before = ctx.previous("members.rate")
    if rate is not None and before is not None and round(Decimal(before), 1) != round(Decimal(rate), 1):
        change = round(Decimal(rate), 1) - round(Decimal(before), 1)
        sentences.append(
            fill(
                "入会率比去年同期{verb}{delta}个百分点。",
                {
                    "verb": "提高" if change > 0 else "下降",
                    "delta": ctx.detail(
                        "members.rate@变化",
                        "入会率比去年同期的变化",
                        POINTS,
                        abs(change),
                        "本期入会率减去去年同期入会率（各按一位小数），单位为百分点",
                    ),
                },
            )
        )
    paragraphs.append(Paragraph(sentences, weight=3, key="members.size"))

    groups = ctx.count("members.groups")
    if groups:
        groups_sentences = [
            ctx.say(
                "members.groups",
                (
                    "按部门设立工会小组{g}个，小组长负责本组会员的联系和活动组织。",
                    "{short}下设工会小组{g}个，活动和通知落实到小组。",
                    "全会共有工会小组{g}个，做到每名会员都有小组归属。",
                ),
                g=ctx.num("members.groups"),
                short=ctx.nouns.union_short,
            )
        ]
        retained = ctx.count("members.retained")
        if retained:
            groups_sentences.append(
                ctx.say(
                    "members.retained",
                    (
                        "为{n}名退休人员保留会籍，继续把他们纳入关心服务范围。",
                        "对{n}名退休人员保留会籍，节日活动邀请他们参加。",
                        "保留会籍的退休人员{n}人，日常联系不断线。",
                    ),
                    n=ctx.num("members.retained"),
                )
            )
        paragraphs.append(Paragraph(groups_sentences, weight=1, key="members.groups"))

    elections = _elections(ctx)
    if elections:
        paragraphs.append(Paragraph(elections, weight=2, key="members.elections"))
    return [Block(None, paragraphs)]


def _elections(ctx: SummaryContext) -> list[Sentence]:
    terms = (
        CommitteeTerm.objects.filter(
            union_id__in=ctx.unions,
            elected_on__gte=ctx.start,
            elected_on__lte=ctx.as_of,
            committee__kind=CommitteeKind.UNION_COMMITTEE,
        )
        .order_by("elected_on")
        .values_list("number", "elected_on")
    )
    return [
        ctx.say(
            "members.election",
            (
                "{when}，召开会员大会，选举产生第{number}届工会委员会。",
                "{when}，按照程序完成换届，选举产生第{number}届工会委员会。",
                "{when}，会员大会选举产生了第{number}届工会委员会。",
            ),
            when=month_day(elected_on),
            number=cn_number(number),
        )
        for number, elected_on in terms
        if elected_on is not None
    ]


def headline_rate(ctx: SummaryContext) -> Sentence | None:
    rate = ctx.value("members.rate")
    if rate is None or rate < ctx.thresholds.member_rate_target:
        return None
    return ctx.say(
        "headline.rate",
        ("入会率达到{rate}", "入会率保持在{rate}", "{staff}入会率为{rate}"),
        rate=ctx.num("members.rate"),
        staff=ctx.nouns.staff,
    )


def gap_rate(ctx: SummaryContext) -> GapFinding | None:
    rate = ctx.value("members.rate")
    target = ctx.thresholds.member_rate_target
    if rate is None or rate >= target:
        return None
    target_span = ctx.detail(
        "gap.rate.target", "入会率目标", "%", target, "工会设置中的入会率目标", whole=True
    )
    gap = Decimal(target) - Decimal(rate)
    problem = ctx.say(
        "gap.rate",
        (
            "会员发展还有差距。入会率为{rate}，低于{target}的目标，新入职和劳务派遣{staff}的入会动员还不够及时。",
            "组织覆盖仍需扩大。目前入会率{rate}，距离{target}的目标还有差距，主要是人员流动后入会手续没有跟上。",
            "入会工作有待加强。入会率只有{rate}，没有达到{target}的目标，新进人员入会宣传还不到位。",
        ),
        rate=ctx.num("members.rate"),
        target=target_span,
        staff=ctx.nouns.staff,
    )
    plan = PlanItem(
        key="rate",
        lead="做好会员发展工作",
        body=ctx.say(
            "plan.rate",
            (
                "新入职{staff}报到时同步宣传和办理入会，逐一联系尚未入会的人员，年底入会率达到{target}以上。",
                "建立新进人员入会提醒，做到随进随入，使入会率提高到{target}以上。",
                "对未入会人员逐一做好动员，入会率力争达到{target}。",
            ),
            staff=ctx.nouns.staff,
            target=target_span,
        ),
    )
    return GapFinding(
        key="rate",
        label=f"入会率{rate_words(Decimal(rate))}，低于目标{rate_words(Decimal(target))}",
        severity=float(gap) / 5 + 1,
        qualifies=True,
        problem=problem,
        plan=plan,
    )


def plan_membership(ctx: SummaryContext) -> list[PlanItem]:
    rate = ctx.value("members.rate")
    if rate is None or rate < ctx.thresholds.member_rate_target:
        return []
    keep = (Decimal(rate)).to_integral_value(rounding=ROUND_FLOOR)
    return [
        PlanItem(
            key="membership",
            lead="巩固会员队伍",
            body=ctx.say(
                "plan.membership",
                (
                    "新入职{staff}随进随入，及时办理会籍接转，入会率保持在{t}以上。",
                    "做好新进人员入会和会籍管理，确保入会率不低于{t}。",
                    "坚持应入尽入，规范会籍管理，入会率稳定在{t}以上。",
                ),
                staff=ctx.nouns.staff,
                t=ctx.detail(
                    "plan.rate.keep", "计划目标：入会率", "%", keep, "本期入会率向下取整", whole=True
                ),
            ),
        )
    ]


def check_terms(ctx: SummaryContext) -> list[CheckItem]:
    terms = (
        CommitteeTerm.objects.filter(union_id__in=ctx.unions, closed_on__isnull=True, ends_on__lt=ctx.as_of)
        .select_related("committee", "union")
        .order_by("ends_on", "pk")
    )
    return [
        CheckItem(
            f"term.{term.pk}",
            f"{term.union.name}{term.committee.name}第{term.number}届任期已于{full_date(term.ends_on)}届满，尚未换届。"
            "总结不会写入此事，请确认是否需要在文中说明。",
        )
        for term in terms
    ]


def check_headcount(ctx: SummaryContext) -> list[CheckItem]:
    result = ctx.figure("members.rate")
    if result is None or result.value is not None:
        return []
    flags = "；".join(result.flags) or "未登记职工人数"
    return [
        CheckItem("headcount", f"入会率无法计算（{flags}），总结中不写入会率。请先在组织页面登记职工人数。")
    ]


BLOCKS = [BlockWriter("members.organisation", "organisation", 10, organisation_blocks)]
HEADLINES = [Headline("members.rate", 10, headline_rate)]
GAPS = [GapRule("rate", gap_rate)]
PLANS = [plan_membership]
CHECKS = [Check("terms", check_terms), Check("headcount", check_headcount)]
