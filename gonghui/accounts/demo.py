"""Demo seeder: a login for every persona, printed by `gonghui demo`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from gonghui.accounts.models import AccountState, Role
from gonghui.accounts.services import role_grant, user_create
from gonghui.core.demo import DemoContext
from gonghui.members.models import CommitteePost, GroupLeadership, MembershipStatus, Person, PostTitle
from gonghui.orgs.models import CommitteeKind, Union

ORDER = 30
DEMO_PASSWORD = "gonghui-demo"


def _user(ctx: DemoContext, username: str, full_name: str, *, superuser: bool = False) -> Any:
    user_model = get_user_model()
    user: Any = user_model.objects.filter(username=username).first()
    if user is None:
        user, _ = user_create(
            actor=None,
            username=username,
            full_name=full_name,
            password=DEMO_PASSWORD,
            must_change_password=False,
        )
        if superuser:
            user.is_superuser = user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        ctx.count("登录账号")
    AccountState.objects.get_or_create(user=user)
    return user


def _chair(union: Union) -> Person | None:
    """The union committee's chair now, whose login the demo's 工会主席 persona is."""
    post = (
        CommitteePost.objects.filter(
            term__committee__union=union,
            term__committee__kind=CommitteeKind.UNION_COMMITTEE,
            title=PostTitle.CHAIR,
            ended_on__isnull=True,
        )
        .select_related("person")
        .first()
    )
    return post.person if post else None


def seed(ctx: DemoContext) -> None:
    unions: dict[str, Union] = ctx.objects["unions"]
    school = unions["QHYZ"]
    chair = _chair(school)
    firm, bureau = unions["QHHT"], unions["QHRS"]
    firm_chair, bureau_chair = _chair(firm), _chair(bureau)
    leadership = (
        GroupLeadership.objects.filter(union=school, ended_on__isnull=True)
        .select_related("group", "person")
        .order_by("group__sort_order")
        .first()
    )
    member = (
        Person.objects.filter(
            union=school, memberships__status=MembershipStatus.ACTIVE, memberships__ended_on__isnull=True
        )
        .exclude(pk__in=[p.pk for p in (chair, leadership.person if leadership else None) if p])
        .order_by("member_no")
        .first()
    )
    personas = [
        ("系统管理员", "admin", "系统管理员", None, None, None, None, True),
        (
            "工会主席（一中）",
            "qhyz-chair",
            chair.name if chair else "一中工会主席",
            school,
            Role.OFFICER,
            None,
            chair,
            False,
        ),
        ("财务（一中）", "qhyz-finance", "一中工会财务", school, Role.FINANCE, None, None, False),
        ("经审委员（一中）", "qhyz-auditor", "一中经审委员", school, Role.AUDITOR, None, None, False),
        ("帮扶关怀（一中）", "qhyz-care", "一中帮扶专干", school, Role.CARE, None, None, False),
        (
            "小组长（一中）",
            "qhyz-leader",
            leadership.person.name if leadership else "小组长",
            school,
            Role.GROUP_LEADER,
            leadership.group if leadership else None,
            leadership.person if leadership else None,
            False,
        ),
        (
            "会员（一中）",
            member.member_no.lower() if member else "qhyz-member",
            member.name if member else "会员",
            school,
            Role.MEMBER,
            None,
            member,
            False,
        ),
        (
            "上级工会（县教育工会）",
            "qhjy-fed",
            "县教育工会干部",
            unions["QHJY"],
            Role.FEDERATION,
            None,
            None,
            False,
        ),
        (
            "两校工会干部（实验小学、城关小学）",
            "qhsx-officer",
            "两校工会干部",
            unions["QHSX"],
            Role.OFFICER,
            None,
            None,
            False,
        ),
        (
            "工会主席（恒通机械，企业工会）",
            "qhht-chair",
            firm_chair.name if firm_chair else "恒通机械工会主席",
            firm,
            Role.OFFICER,
            None,
            firm_chair,
            False,
        ),
        (
            "工会主席（县人社局机关工会）",
            "qhrs-chair",
            bureau_chair.name if bureau_chair else "人社局机关工会主席",
            bureau,
            Role.OFFICER,
            None,
            bureau_chair,
            False,
        ),
        (
            "县总工会干部（全县各工会的统计与脱敏名单）",
            "qhzgh-fed",
            "县总工会干部",
            unions["QHZGH"],
            Role.FEDERATION,
            None,
            None,
            False,
        ),
    ]
    lines = ["", "示范账号（密码均为 " + DEMO_PASSWORD + "）："]
    for label, username, full_name, union, role, _group, person, superuser in personas:
        user = _user(ctx, username, full_name, superuser=superuser)
        if union is not None and role is not None:
            role_grant(actor=None, user=user, union=union, role=role, person=person)
        lines.append(f"  {username:<14} {label}")
    multi = get_user_model().objects.get(username="qhsx-officer")
    role_grant(actor=None, user=multi, union=unions["QHCG"], role=Role.OFFICER)
    # The county federation's cadre also keeps 清河县总工会's own organisation page up to date.
    county = get_user_model().objects.get(username="qhzgh-fed")
    role_grant(actor=None, user=county, union=unions["QHZGH"], role=Role.OFFICER)
    ctx.objects["logins"] = lines
