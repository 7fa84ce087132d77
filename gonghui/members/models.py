"""People, their membership history, and the posts they hold."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q

from gonghui.core.fields import EncryptedTextField
from gonghui.core.idnumbers import IdType
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.core.models import UnionOwnedModel
from gonghui.orgs.models import CommitteeTerm, Department, SubUnion, Union, UnionGroup


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class PoliticalStatus(models.TextChoices):
    CPC = "cpc", "中共党员"
    CPC_PROBATIONARY = "cpc_probationary", "中共预备党员"
    CYL = "cyl", "共青团员"
    DEMOCRATIC_PARTY = "democratic_party", "民主党派"
    NONE = "none", "群众"


class Education(models.TextChoices):
    DOCTORATE = "doctorate", "博士研究生"
    MASTER = "master", "硕士研究生"
    BACHELOR = "bachelor", "大学本科"
    COLLEGE = "college", "大学专科"
    SECONDARY = "secondary", "中专/高中"
    JUNIOR = "junior", "初中及以下"


class EmploymentForm(models.TextChoices):
    ESTABLISHED = "established", "在编"
    CONTRACT = "contract", "合同"
    DISPATCHED = "dispatched", "劳务派遣"
    OUTSOURCED = "outsourced", "劳务外包"
    REHIRED_RETIREE = "rehired_retiree", "退休返聘"
    INTERN = "intern", "实习"


# Forms of employment that count as staff (职工) in the 入会率 denominator.
STAFF_EMPLOYMENT_FORMS = frozenset(
    {EmploymentForm.ESTABLISHED, EmploymentForm.CONTRACT, EmploymentForm.DISPATCHED}
)


class WorkStatus(models.TextChoices):
    AT_WORK = "at_work", "在岗"
    INTERNAL_RETIREMENT = "internal_retirement", "内退"
    SICK_LEAVE = "sick_leave", "病休"
    UNPAID_LEAVE = "unpaid_leave", "停薪留职"
    RETIRED = "retired", "退休"


class Person(UnionOwnedModel):
    """A person known to one union. Private fields are encrypted; lookups use the keyed hash.

    Indexes are declared in Meta, each for a query that uses it (docs/adr/0007): no db_index on the
    CharFields, which on PostgreSQL would add a varchar_pattern_ops twin to each that no query uses, and
    none of its own on union (the unique constraints and the sort-key indexes start with it).
    """

    union = models.ForeignKey(
        "orgs.Union", on_delete=models.PROTECT, verbose_name="工会", related_name="+", db_index=False
    )
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    ethnicity = models.CharField("民族", max_length=20, default="汉族", blank=True)
    political_status = models.CharField(
        "政治面貌", max_length=20, choices=PoliticalStatus.choices, default=PoliticalStatus.NONE, blank=True
    )
    education = models.CharField("学历", max_length=20, choices=Education.choices, blank=True)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices, default=IdType.RESIDENT)
    id_number = EncryptedTextField("证件号码")
    id_number_hash = models.CharField("证件号码哈希", max_length=64, editable=False)
    phone = EncryptedTextField("手机/电话", blank=True, default="")
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name="部门",
    )
    sub_union = models.ForeignKey(
        SubUnion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name="分工会",
        db_index=False,  # person_sub_union below: only the people who have one
    )
    group = models.ForeignKey(
        UnionGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name="工会小组",
    )
    post = models.CharField("职务/岗位", max_length=50, blank=True)
    employment_form = models.CharField(
        "用工性质", max_length=20, choices=EmploymentForm.choices, default=EmploymentForm.CONTRACT
    )
    work_status = models.CharField(
        "在岗状态", max_length=20, choices=WorkStatus.choices, default=WorkStatus.AT_WORK
    )
    is_migrant_worker = models.BooleanField("农民工", default=False)
    is_new_employment_form = models.BooleanField("新就业形态劳动者", default=False)
    work_started_on = models.DateField("参加工作时间", null=True, blank=True)
    member_no = models.CharField("会员编号", max_length=32)
    notes = models.TextField("备注", blank=True)
    name_stroke_key = models.CharField("姓氏笔画排序键", max_length=80, editable=False)
    name_pinyin_key = models.CharField("拼音排序键", max_length=120, editable=False)
    # Searched only with startswith beside contains on the name (selectors.person_list_for): no index helps.
    name_initials = models.CharField("拼音首字母", max_length=20, editable=False)

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["union", "name_stroke_key", "id"]
        indexes = [
            # The member list and every roster: a union's people in stroke order, or in pinyin order.
            models.Index(fields=["union", "name_stroke_key", "id"], name="person_union_strokes"),
            models.Index(fields=["union", "name_pinyin_key"], name="person_union_pinyin"),
            # Most people belong to no 分工会: their NULLs need no index entry (a lookup by value,
            # `sub_union_id = x`, implies NOT NULL, so SQLite and PostgreSQL use the partial index).
            models.Index(fields=["sub_union"], condition=Q(sub_union__isnull=False), name="person_sub_union"),
        ]
        constraints = [
            # Hash first: it also finds a number's people in every union (active membership elsewhere).
            models.UniqueConstraint(fields=["id_number_hash", "union"], name="person_unique_id_in_union"),
            models.UniqueConstraint(fields=["union", "member_no"], name="person_unique_member_no"),
            models.CheckConstraint(condition=Q(gender__in=["M", "F"]), name="person_gender_valid"),
            models.CheckConstraint(
                condition=~Q(is_migrant_worker=True) | Q(employment_form__in=["contract", "dispatched"]),
                name="person_migrant_worker_form",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def is_staff_member(self) -> bool:
        return self.employment_form in STAFF_EMPLOYMENT_FORMS


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", "在职会员"
    RETAINED = "retained", "保留会籍"


class StartKind(models.TextChoices):
    NEW = "new", "新发展"
    TRANSFER_IN = "transfer_in", "转入"
    RESTORED = "restored", "恢复"
    RETAINED = "retained", "保留会籍"


class RetainedReason(models.TextChoices):
    RETIREMENT = "retirement", "退休"
    UNEMPLOYMENT = "unemployment", "失业"
    UNIT_CLOSED = "unit_closed", "单位关闭或破产"


class EndKind(models.TextChoices):
    TRANSFER_OUT = "transfer_out", "转出"
    RETAINED = "retained", "转为保留会籍"
    RESTORED = "restored", "恢复为在职会员"
    WITHDREW = "withdrew", "本人退会"
    LAPSED = "lapsed", "视为自动退会"
    EXPELLED = "expelled", "开除会籍"
    DIED = "died", "去世"


# End kinds after which the person is no longer a member at all (drops out of every list).
LEAVING_END_KINDS = frozenset(
    {EndKind.TRANSFER_OUT, EndKind.WITHDREW, EndKind.LAPSED, EndKind.EXPELLED, EndKind.DIED}
)


class Membership(UnionOwnedModel):
    """One span of a person's membership with a constant status: [started_on, ended_on).

    A change of status closes the open span and opens the next on the same day; nothing is overwritten.
    """

    # The union's spans are found through the (union, status, …) index below, which leads with it.
    union = models.ForeignKey(
        "orgs.Union", on_delete=models.PROTECT, verbose_name="工会", related_name="+", db_index=False
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="memberships", verbose_name="人员"
    )
    status = models.CharField("会籍状态", max_length=16, choices=MembershipStatus.choices)
    started_on = models.DateField("开始日期")
    start_kind = models.CharField("开始方式", max_length=16, choices=StartKind.choices)
    approved_on = models.DateField("批准入会日期", null=True, blank=True)
    card_no = models.CharField("会员证号", max_length=32, blank=True)
    retained_reason = models.CharField(
        "保留会籍原因", max_length=16, choices=RetainedReason.choices, blank=True
    )
    held_by = models.ForeignKey(
        Union,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="会籍保留在",
        help_text="原单位关闭或破产时，会籍保留在上级工会",
        db_index=False,  # membership_held_by below: only the spans held elsewhere
    )
    ended_on = models.DateField("结束日期", null=True, blank=True)
    end_kind = models.CharField("结束方式", max_length=16, choices=EndKind.choices, blank=True)
    end_reason = models.CharField("结束原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "会籍记录"
        verbose_name_plural = "会籍记录"
        ordering = ["person", "started_on", "id"]
        indexes = [
            models.Index(fields=["union", "status", "started_on", "ended_on"]),
            models.Index(fields=["held_by"], condition=Q(held_by__isnull=False), name="membership_held_by"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(ended_on__isnull=True), name="membership_one_open"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="membership_dates_ordered",
            ),
            models.CheckConstraint(
                condition=(Q(ended_on__isnull=True) & Q(end_kind=""))
                | (Q(ended_on__isnull=False) & ~Q(end_kind="")),
                name="membership_end_kind_with_end",
            ),
            models.CheckConstraint(
                condition=(Q(status="retained") & Q(start_kind="retained") & ~Q(retained_reason=""))
                | (Q(status="active") & ~Q(start_kind="retained") & Q(retained_reason="")),
                name="membership_retained_consistent",
            ),
        ]

    def __str__(self) -> str:
        end = f"{self.ended_on:%Y-%m-%d}" if self.ended_on else "至今"
        return f"{self.person.name} {self.get_status_display()} {self.started_on:%Y-%m-%d}—{end}"

    def covers(self, day: dt.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day < self.ended_on)


class PostTitle(models.TextChoices):
    CHAIR = "chair", "主席"
    VICE_CHAIR = "vice_chair", "副主席"
    DIRECTOR = "director", "主任"
    VICE_DIRECTOR = "vice_director", "副主任"
    MEMBER = "member", "委员"
    FUNDS_OFFICER = "funds_officer", "经费审查委员"


class CommitteePost(UnionOwnedModel):
    """A person holding a post in one term of a committee, for dated service."""

    term = models.ForeignKey(
        CommitteeTerm, on_delete=models.PROTECT, related_name="posts", verbose_name="届次"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="posts", verbose_name="人员")
    title = models.CharField("职务", max_length=20, choices=PostTitle.choices)
    duty = models.CharField("分工", max_length=100, blank=True)
    started_on = models.DateField("任职日期")
    ended_on = models.DateField("离任日期", null=True, blank=True)

    class Meta:
        verbose_name = "委员会职务"
        verbose_name_plural = "委员会职务"
        ordering = ["term", "title", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="post_dates_ordered",
            ),
            models.UniqueConstraint(
                fields=["term", "person"], condition=Q(ended_on__isnull=True), name="post_one_open_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term} {self.get_title_display()} {self.person.name}"


class GroupLeadership(UnionOwnedModel):
    """The leader (组长) of a union group, for dated service."""

    group = models.ForeignKey(
        UnionGroup, on_delete=models.PROTECT, related_name="leaderships", verbose_name="小组"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="group_leaderships", verbose_name="组长"
    )
    started_on = models.DateField("任职日期")
    ended_on = models.DateField("离任日期", null=True, blank=True)

    class Meta:
        verbose_name = "小组长"
        verbose_name_plural = "小组长"
        ordering = ["group", "-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["group"], condition=Q(ended_on__isnull=True), name="group_one_open_leader"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="leadership_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group.name}组长 {self.person.name}"


class RosterMapping(UnionOwnedModel):
    """A column header used in a union's rosters and the roster field it means; saved by the importer."""

    header = models.CharField("表头", max_length=100)
    # A key of members.roster.columns.BY_FIELD, or "" for a column the union's rosters carry but we ignore.
    field = models.CharField("字段", max_length=32, blank=True)

    class Meta:
        verbose_name = "花名册列对应"
        verbose_name_plural = "花名册列对应"
        ordering = ["union", "header"]
        constraints = [
            models.UniqueConstraint(fields=["union", "header"], name="roster_mapping_unique_header")
        ]

    def __str__(self) -> str:
        return f"{self.header} → {self.field or '（忽略）'}"
