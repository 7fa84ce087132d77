"""Unions and their structure: the federation tree, headcounts, departments, sub-unions, groups, committees,
and a school union's term dates."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q

from gonghui.core.models import TimeStampedModel, UnionOwnedModel

region_code_validator = RegexValidator(r"^\d{6}$", "区划代码应为6位数字")
union_code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$", "简码只能由字母、数字、下划线和连字符组成（2–32位）"
)


class UnionKind(models.TextChoices):
    ENTERPRISE = "enterprise", "企业"
    ORGAN = "organ", "机关"
    INSTITUTION = "institution", "事业单位"
    SCHOOL = "school", "学校"
    TOWNSHIP = "township", "乡镇"
    FEDERATION = "federation", "区域或行业联合会"


class Union(TimeStampedModel):
    """A union; `parent` links it into a federation tree of any depth, `path` makes subtree reads one query."""

    name = models.CharField("名称", max_length=100)
    code = models.CharField("简码", max_length=32, unique=True, validators=[union_code_validator])
    kind = models.CharField("类型", max_length=16, choices=UnionKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="上级工会",
    )
    path = models.CharField("树路径", max_length=255, db_index=True, editable=False, default="")
    founded_on = models.DateField("成立日期", null=True, blank=True)
    province_code = models.CharField(
        "省级区划代码", max_length=6, blank=True, validators=[region_code_validator]
    )
    city_code = models.CharField("市级区划代码", max_length=6, blank=True, validators=[region_code_validator])
    county_code = models.CharField(
        "县级区划代码", max_length=6, blank=True, validators=[region_code_validator]
    )
    full_time_cadres = models.PositiveIntegerField("专职工会干部数", default=0)
    part_time_cadres = models.PositiveIntegerField("兼职工会干部数", default=0)
    party_org_name = models.CharField("同级党组织名称", max_length=100, blank=True)
    upper_union_name = models.CharField(
        "上级工会名称", max_length=100, blank=True, help_text="上级工会不在本系统中时填写"
    )
    member_seq = models.PositiveIntegerField("会员编号计数", default=0, editable=False)

    class Meta:
        verbose_name = "工会"
        verbose_name_plural = "工会"
        ordering = ["path"]
        constraints = [models.CheckConstraint(condition=~Q(parent=F("pk")), name="union_not_own_parent")]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1 if self.path else 0

    @property
    def upper_name(self) -> str:
        return self.parent.name if self.parent_id and self.parent else self.upper_union_name


class StaffHeadcount(UnionOwnedModel):
    """职工总数 on a date: the denominator of 入会率 (派遣 included; retirees, 返聘, 外包, interns excluded)."""

    as_of = models.DateField("统计日期")
    total = models.PositiveIntegerField("职工总数")
    women = models.PositiveIntegerField("其中女职工", default=0)
    migrant_workers = models.PositiveIntegerField("其中农民工", default=0)
    dispatched = models.PositiveIntegerField("其中劳务派遣", default=0)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "职工人数"
        verbose_name_plural = "职工人数"
        ordering = ["union", "-as_of"]
        constraints = [
            models.UniqueConstraint(fields=["union", "as_of"], name="headcount_one_per_day"),
            models.CheckConstraint(condition=Q(women__lte=F("total")), name="headcount_women_le_total"),
            models.CheckConstraint(
                condition=Q(migrant_workers__lte=F("total")), name="headcount_migrant_le_total"
            ),
            models.CheckConstraint(
                condition=Q(dispatched__lte=F("total")), name="headcount_dispatched_le_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.as_of:%Y-%m-%d} 职工{self.total}人"


class Department(UnionOwnedModel):
    name = models.CharField("名称", max_length=100)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering = ["union", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["union", "name"], name="department_unique_name")]

    def __str__(self) -> str:
        return self.name


class SubUnionKind(models.TextChoices):
    BRANCH = "branch", "分工会"
    DEPARTMENT = "department", "部门工会"
    WORKSHOP = "workshop", "车间工会"


class SubUnion(UnionOwnedModel):
    """A 分工会/部门工会 inside a union (a university's 院系, a firm's 车间); not a union of its own."""

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=16, choices=SubUnionKind.choices, default=SubUnionKind.BRANCH)
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="对应部门",
    )

    class Meta:
        verbose_name = "分工会"
        verbose_name_plural = "分工会"
        ordering = ["union", "name"]
        constraints = [models.UniqueConstraint(fields=["union", "name"], name="subunion_unique_name")]

    def __str__(self) -> str:
        return self.name


class UnionGroup(UnionOwnedModel):
    """工会小组; its leaders are dated records in members.GroupLeadership."""

    name = models.CharField("名称", max_length=100)
    sub_union = models.ForeignKey(
        SubUnion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="groups",
        verbose_name="所属分工会",
    )
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="对应部门",
    )
    established_on = models.DateField("成立日期", null=True, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "工会小组"
        verbose_name_plural = "工会小组"
        ordering = ["union", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["union", "name"], name="group_unique_name")]

    def __str__(self) -> str:
        return self.name


class CommitteeKind(models.TextChoices):
    UNION_COMMITTEE = "union_committee", "工会委员会"
    WOMEN = "women", "女职工委员会"
    FUNDS_AUDIT = "funds_audit", "经费审查委员会"
    DISPUTE_MEDIATION = "dispute_mediation", "劳动争议调解委员会"
    LABOUR_LAW_SUPERVISION = "labour_law_supervision", "劳动法律监督委员会"
    LABOUR_PROTECTION = "labour_protection", "劳动保护监督检查委员会"
    OTHER = "other", "其他"


class Committee(UnionOwnedModel):
    """A committee the union has established; its terms (届) and the posts in them are kept as history."""

    kind = models.CharField("类型", max_length=32, choices=CommitteeKind.choices)
    name = models.CharField("名称", max_length=100)
    established_on = models.DateField("成立日期", null=True, blank=True)
    term_years = models.PositiveSmallIntegerField(
        "每届任期（年）", choices=[(3, "3年"), (5, "5年")], default=5
    )

    class Meta:
        verbose_name = "委员会"
        verbose_name_plural = "委员会"
        ordering = ["union", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "kind"], condition=~Q(kind="other"), name="committee_one_per_kind"
            ),
            models.UniqueConstraint(fields=["union", "name"], name="committee_unique_name"),
            models.CheckConstraint(condition=Q(term_years__in=[3, 5]), name="committee_term_3_or_5"),
        ]

    def __str__(self) -> str:
        return self.name


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class CommitteeTerm(UnionOwnedModel):
    """One term (第N届) of a committee, from its election to the day the next must be elected."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="terms", verbose_name="委员会"
    )
    number = models.PositiveSmallIntegerField("届次")
    started_on = models.DateField("任期开始")
    ends_on = models.DateField("任期届满")
    elected_on = models.DateField("选举日期", null=True, blank=True)
    closed_on = models.DateField("换届日期", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "届次"
        verbose_name_plural = "届次"
        ordering = ["committee", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "number"], name="term_unique_number"),
            models.UniqueConstraint(
                fields=["committee"], condition=Q(closed_on__isnull=True), name="term_one_open"
            ),
            models.CheckConstraint(condition=Q(ends_on__gt=F("started_on")), name="term_ends_after_start"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("started_on")),
                name="term_closed_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee.name}第{self.number}届"


class TermNumber(models.IntegerChoices):
    FIRST = 1, "第一学期"
    SECOND = 2, "第二学期"


FIRST_YEAR_MIN, FIRST_YEAR_MAX = 1950, 2100
TERM_ORDER_MESSAGE = "学期的结束日期应晚于开始日期"


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class SchoolTerm(UnionOwnedModel):
    """The dates a school union has set for one term of a school year (its 校历).

    A term with no row follows the default rule of `reports.periods` (第一学期 9月1日–次年1月31日,
    第二学期 2月1日–8月31日); `orgs.selectors.school_calendar_for` turns the rows into that calendar.
    """

    first_year = models.PositiveSmallIntegerField(
        "学年起始年份",
        help_text="2025—2026学年填2025",
        validators=[
            MinValueValidator(FIRST_YEAR_MIN, f"学年起始年份应在{FIRST_YEAR_MIN}–{FIRST_YEAR_MAX}年之间"),
            MaxValueValidator(FIRST_YEAR_MAX, f"学年起始年份应在{FIRST_YEAR_MIN}–{FIRST_YEAR_MAX}年之间"),
        ],
    )
    number = models.PositiveSmallIntegerField("学期", choices=TermNumber.choices)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")

    class Meta:
        verbose_name = "学期"
        verbose_name_plural = "学期"
        ordering = ["union", "-first_year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "first_year", "number"],
                name="school_term_unique",
                violation_error_message="本工会已设定这一学期的起止日期",
            ),
            models.CheckConstraint(condition=Q(number__in=[1, 2]), name="school_term_number_1_or_2"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="school_term_ends_after_start",
                violation_error_message=TERM_ORDER_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_year_label}{TermNumber(self.number).label}"

    @property
    def school_year_label(self) -> str:
        return f"{self.first_year}—{self.first_year + 1}学年"

    def clean(self) -> None:
        """Starts before it ends, lies within its school year (8月1日–次年8月31日) and beside, not over, the
        other term of the same year: 第一学期 starts in the first year, 第二学期 in the second."""
        if None in (self.first_year, self.number, self.starts_on, self.ends_on):
            return  # the field checks report what is missing
        if not FIRST_YEAR_MIN <= self.first_year <= FIRST_YEAR_MAX or self.number not in TermNumber.values:
            return  # so do they for a year or term number out of range
        if self.starts_on >= self.ends_on:
            raise ValidationError(TERM_ORDER_MESSAGE)
        low, high = dt.date(self.first_year, 8, 1), dt.date(self.first_year + 1, 8, 31)
        if self.starts_on < low or self.ends_on > high:
            raise ValidationError(
                f"{self.school_year_label}的学期应在{_cn(low)}至{_cn(high)}之间，"
                f"「{_cn(self.starts_on)}至{_cn(self.ends_on)}」超出了这个范围"
            )
        starts_in = self.first_year if self.number == TermNumber.FIRST else self.first_year + 1
        if self.starts_on.year != starts_in:
            raise ValidationError(f"{self}应在{starts_in}年开始，「{_cn(self.starts_on)}」不在{starts_in}年")
        other = (
            SchoolTerm.objects.filter(union_id=self.union_id, first_year=self.first_year)
            .exclude(number=self.number)
            .first()
        )
        if other is None:
            return
        first, second = (self, other) if self.number == TermNumber.FIRST else (other, self)
        if first.ends_on >= second.starts_on:
            raise ValidationError(
                f"{self}与{other}（{_cn(other.starts_on)}至{_cn(other.ends_on)}）重叠："
                "第二学期应在第一学期结束之后开始"
            )
