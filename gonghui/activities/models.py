"""Activities and what makes a summary's sentences true: sessions, sign-up, attendance, results, photos,
trainings, honours and the model-worker care log.

Every person and person-time count is derived from `Attendance` rows: one row per person (or named
guest) per session. Money is integer fen; study hours are Decimal(4,1) (hours are not money).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from gonghui.activities.wording import cn_date, cn_number, fen_to_yuan
from gonghui.core.models import UnionOwnedModel
from gonghui.members.models import Person
from gonghui.orgs.models import Department


class ActivityCategory(models.TextChoices):
    CULTURE_SPORTS = "culture_sports", "文体活动"
    STUDY = "study", "学习/培训"
    COMPETITION = "competition", "劳动竞赛/技能比武"
    VOLUNTEER = "volunteer", "志愿/公益"
    FESTIVAL = "festival", "节日活动"
    OTHER = "other", "其他"


# The kinds every union starts with; a union adds its own on the settings page.
DEFAULT_KINDS: tuple[tuple[str, str], ...] = (
    ("文体活动", ActivityCategory.CULTURE_SPORTS),
    ("学习/培训", ActivityCategory.STUDY),
    ("劳动竞赛/技能比武", ActivityCategory.COMPETITION),
    ("志愿/公益", ActivityCategory.VOLUNTEER),
    ("节日活动", ActivityCategory.FESTIVAL),
    ("其他", ActivityCategory.OTHER),
)


class ActivityKind(UnionOwnedModel):
    """A kind of activity as the union names it (三八节活动, 读书会 …), filed under one of six categories."""

    name = models.CharField("名称", max_length=30)
    category = models.CharField("类别", max_length=20, choices=ActivityCategory.choices)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "活动类型"
        verbose_name_plural = "活动类型"
        ordering = ["union", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["union", "name"], name="activity_kind_unique_name")]

    def __str__(self) -> str:
        return self.name


class UnionRole(models.TextChoices):
    HOST = "host", "主办"
    UNDERTAKE = "undertake", "承办"
    CO_HOST = "co_host", "协办"
    TEAM = "team", "组队参加上级活动"


class Audience(models.TextChoices):
    """Who is expected at each session: the sign-in sheet lists them in stroke order."""

    REGISTERED = "registered", "报名人员"
    ALL_MEMBERS = "all_members", "全体在职会员"
    WOMEN = "women", "全体女会员"


class EditionUnit(models.TextChoices):
    JIE = "届", "届"
    QI = "期", "期"
    CI = "次", "次"


class Level(models.TextChoices):
    """The level of an honour or a result; `LEVEL_RANK` orders them (区 and 县 are one tier)."""

    UNIT = "unit", "本单位"
    DISTRICT = "district", "区级"
    COUNTY = "county", "县级"
    CITY = "city", "市级"
    PROVINCE = "province", "省级"
    NATIONAL = "national", "全国"


LEVEL_RANK: dict[str, int] = {
    Level.UNIT: 0,
    Level.DISTRICT: 1,
    Level.COUNTY: 1,
    Level.CITY: 2,
    Level.PROVINCE: 3,
    Level.NATIONAL: 4,
}


def levels_at_least(level: str) -> list[str]:
    """The levels ranked as high as `level` or higher."""
    return [value for value, rank in LEVEL_RANK.items() if rank >= LEVEL_RANK[level]]


class Activity(UnionOwnedModel):
    """One activity: what, when, where, who organised it, and the substance a summary needs beyond counts."""

    kind = models.ForeignKey(ActivityKind, on_delete=models.PROTECT, related_name="+", verbose_name="类型")
    title = models.CharField("活动名称", max_length=100)
    series = models.CharField("系列/品牌", max_length=50, blank=True, help_text="如读书会、“园丁杯”")
    edition = models.PositiveSmallIntegerField("届次/期数", null=True, blank=True)
    edition_unit = models.CharField(
        "届次单位", max_length=2, choices=EditionUnit.choices, default=EditionUnit.JIE
    )
    role = models.CharField("工会角色", max_length=16, choices=UnionRole.choices, default=UnionRole.HOST)
    audience = models.CharField(
        "参加对象", max_length=16, choices=Audience.choices, default=Audience.REGISTERED
    )
    departments = models.ManyToManyField(Department, blank=True, related_name="+", verbose_name="组织部门")
    co_organisers = models.CharField(
        "协办/联合组织", max_length=200, blank=True, help_text="如团委、女职委、教导处，用顿号分开"
    )
    place = models.CharField("地点", max_length=100, blank=True)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期", null=True, blank=True)
    planned_budget_fen = models.BigIntegerField("预算（分）", null=True, blank=True)
    description = models.TextField("活动内容", blank=True)
    effect_note = models.TextField("成效/反响", blank=True)
    is_highlight = models.BooleanField("亮点", default=False)
    is_training = models.BooleanField("学习/培训", default=False)
    training_topic = models.CharField("培训主题", max_length=100, blank=True)
    trainer = models.CharField("主讲人", max_length=100, blank=True)
    training_hours = models.DecimalField("每场学时", max_digits=4, decimal_places=1, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="录入人",
    )

    class Meta:
        verbose_name = "活动"
        verbose_name_plural = "活动"
        ordering = ["union", "-starts_on", "-id"]
        indexes = [models.Index(fields=["union", "starts_on"])]
        constraints = [
            models.UniqueConstraint(fields=["union", "title", "starts_on"], name="activity_unique_per_day"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="activity_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(planned_budget_fen__isnull=True) | Q(planned_budget_fen__gte=0),
                name="activity_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(edition__isnull=True) | Q(edition__gte=1), name="activity_edition_positive"
            ),
            models.CheckConstraint(
                condition=Q(training_hours__isnull=True) | Q(training_hours__gt=0),
                name="activity_training_hours_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def edition_label(self) -> str:
        """第六届, 第三期; empty without an edition number."""
        return f"第{cn_number(self.edition)}{self.edition_unit}" if self.edition else ""

    @property
    def display_title(self) -> str:
        """The title with its edition, unless the title already says it: 园丁杯羽毛球赛（第六届）."""
        label = self.edition_label
        if not label or label in self.title:
            return self.title
        return f"{self.title}（{label}）"

    @property
    def last_day(self) -> dt.date:
        return self.ends_on or self.starts_on

    @property
    def planned_budget(self) -> Decimal | None:
        return None if self.planned_budget_fen is None else fen_to_yuan(self.planned_budget_fen)

    @property
    def date_text(self) -> str:
        if self.ends_on and self.ends_on != self.starts_on:
            return f"{cn_date(self.starts_on)}至{cn_date(self.ends_on)}"
        return cn_date(self.starts_on)

    def covers(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.last_day


class Session(UnionOwnedModel):
    """One sitting of an activity (a round, a weekly class) with its time window; 人次 sums over these."""

    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="sessions", verbose_name="活动"
    )
    number = models.PositiveSmallIntegerField("场次")
    title = models.CharField("名称", max_length=100, blank=True, help_text="如第一轮、第3讲")
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间", null=True, blank=True)
    place = models.CharField("地点", max_length=100, blank=True, help_text="不填则同活动地点")
    hours = models.DecimalField(
        "学时", max_digits=4, decimal_places=1, null=True, blank=True, help_text="不填则按活动的每场学时"
    )
    expected_frozen_at = models.DateTimeField("签到表生成时间", null=True, blank=True)
    checkin_token = models.CharField(
        "扫码签到码", max_length=43, null=True, blank=True, unique=True, editable=False
    )

    class Meta:
        verbose_name = "场次"
        verbose_name_plural = "场次"
        ordering = ["activity", "number"]
        indexes = [models.Index(fields=["union", "starts_at"])]
        constraints = [
            models.UniqueConstraint(fields=["activity", "number"], name="session_unique_number"),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="session_times_ordered",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="session_number_positive"),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gt=0), name="session_hours_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity.display_title} 第{self.number}场"

    @property
    def day(self) -> dt.date:
        return timezone.localtime(self.starts_at).date()

    @property
    def label(self) -> str:
        return self.title or f"第{self.number}场"


class ExpectedAttendee(UnionOwnedModel):
    """A line of a session's sign-in sheet: the number stays fixed once given (see session_expected_freeze)."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="expected", verbose_name="场次"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="人员")
    number = models.PositiveIntegerField("序号")

    class Meta:
        verbose_name = "签到表人员"
        verbose_name_plural = "签到表人员"
        ordering = ["session", "number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="expected_unique_number"),
            models.UniqueConstraint(fields=["session", "person"], name="expected_unique_person"),
            models.CheckConstraint(condition=Q(number__gte=1), name="expected_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.person.name}"


class RegistrationVia(models.TextChoices):
    OFFICER = "officer", "工会干部登记"
    SELF = "self", "本人报名"


class Registration(UnionOwnedModel):
    """A person signed up for an activity, by an officer or by themselves on 我的活动."""

    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="registrations", verbose_name="活动"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="人员")
    via = models.CharField("报名方式", max_length=10, choices=RegistrationVia.choices)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="登记人",
    )

    class Meta:
        verbose_name = "报名"
        verbose_name_plural = "报名"
        ordering = ["activity", "person__name_stroke_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="registration_unique_person")
        ]

    def __str__(self) -> str:
        return f"{self.person.name}报名{self.activity.display_title}"


class AttendeeKind(models.TextChoices):
    MEMBER = "member", "会员"
    RETIREE = "retiree", "退休人员"
    FAMILY = "family", "家属"
    GUEST = "guest", "来宾"


class AttendanceMethod(models.TextChoices):
    MANUAL = "manual", "逐人勾选"
    SHEET_NUMBERS = "sheet_numbers", "按签到表序号"
    PASTED_NAMES = "pasted_names", "粘贴名单"
    QR = "qr", "扫码签到"
    IMPORT = "import", "表格导入"


class Attendance(UnionOwnedModel):
    """One person (or one named guest without a record) present at one session."""

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="attendances", verbose_name="场次"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="人员"
    )
    guest_name = models.CharField("姓名（未登记人员）", max_length=50, blank=True)
    attendee_kind = models.CharField("身份", max_length=10, choices=AttendeeKind.choices)
    method = models.CharField("登记方式", max_length=16, choices=AttendanceMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="登记人",
    )

    class Meta:
        verbose_name = "出席记录"
        verbose_name_plural = "出席记录"
        ordering = ["session", "id"]
        indexes = [models.Index(fields=["union", "session"]), models.Index(fields=["person", "session"])]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=Q(person__isnull=False),
                name="attendance_unique_person",
            ),
            models.UniqueConstraint(
                fields=["session", "attendee_kind", "guest_name"],
                condition=Q(person__isnull=True),
                name="attendance_unique_guest",
            ),
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(guest_name=""))
                | (Q(person__isnull=True) & ~Q(guest_name="") & ~Q(attendee_kind="member")),
                name="attendance_person_or_named_guest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attendee_name} 出席 {self.session}"

    @property
    def attendee_name(self) -> str:
        return self.person.name if self.person_id and self.person else self.guest_name


class Result(UnionOwnedModel):
    """A place or prize won: 县赛团体第二名, or an individual prize with the winners' names."""

    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="results", verbose_name="活动"
    )
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    title = models.CharField("名次/奖项", max_length=100, help_text="如团体第二名、女子组一等奖")
    is_team = models.BooleanField("团体奖", default=False)
    persons = models.ManyToManyField(Person, blank=True, related_name="+", verbose_name="获奖人")
    awardee_names = models.CharField(
        "获奖人（未登记）", max_length=200, blank=True, help_text="不在本工会名册中的获奖人，用顿号分开"
    )
    issuer = models.CharField("颁奖单位", max_length=100, blank=True)
    awarded_on = models.DateField("获奖日期", null=True, blank=True, help_text="不填则按活动日期")

    class Meta:
        verbose_name = "比赛成绩"
        verbose_name_plural = "比赛成绩"
        ordering = ["activity", "id"]

    def __str__(self) -> str:
        return f"{self.get_level_display()}{self.title}"

    @property
    def is_higher_level(self) -> bool:
        return self.level != Level.UNIT


def photo_upload_path(photo: Photo, filename: str) -> str:
    return f"activities/photos/{photo.union_id}/{filename}"


class Photo(UnionOwnedModel):
    """A photo kept as evidence, captioned with date, place and event."""

    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, related_name="photos", verbose_name="活动"
    )
    image = models.FileField("照片", upload_to=photo_upload_path, max_length=200)
    content_type = models.CharField("文件类型", max_length=30)
    size = models.PositiveIntegerField("大小（字节）")
    caption = models.CharField("说明", max_length=200, blank=True)
    place = models.CharField("拍摄地点", max_length=100, blank=True)
    taken_on = models.DateField("拍摄日期", null=True, blank=True)
    taken_on_from_exif = models.BooleanField("拍摄日期取自照片信息", default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="上传人",
    )

    class Meta:
        verbose_name = "活动照片"
        verbose_name_plural = "活动照片"
        ordering = ["activity", "taken_on", "id"]

    def __str__(self) -> str:
        return self.full_caption

    @property
    def full_caption(self) -> str:
        """2025年3月8日 城北湿地公园 三八节女教职工健步走：出发前合影."""
        activity = self.activity
        parts = [
            cn_date(self.taken_on or activity.starts_on),
            self.place or activity.place,
            activity.display_title,
        ]
        text = " ".join(part for part in parts if part)
        return f"{text}：{self.caption}" if self.caption else text

    @property
    def date_warning(self) -> str:
        """A warning when the capture date is not a day of the activity; empty when it is or is unknown."""
        if self.taken_on is None or self.activity.covers(self.taken_on):
            return ""
        return (
            f"照片拍摄日期（{cn_date(self.taken_on)}）与活动日期（{self.activity.date_text}）不一致，请核对"
        )


class AwardeeKind(models.TextChoices):
    PERSON = "person", "个人"
    UNIT = "unit", "集体"


class Honour(UnionOwnedModel):
    """评先评优: a title awarded to a person or a unit, at a level, by an issuer, on a date."""

    title = models.CharField("荣誉称号", max_length=100)
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    awardee_kind = models.CharField("授予对象", max_length=10, choices=AwardeeKind.choices)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="获得者"
    )
    unit_name = models.CharField("获奖集体", max_length=100, blank=True, help_text="如本校工会、语文教研组")
    issuer = models.CharField("授予单位", max_length=100)
    awarded_on = models.DateField("授予日期")
    evidence = models.TextField("依据/证明", blank=True, help_text="文件名称和文号、证书编号")

    class Meta:
        verbose_name = "荣誉"
        verbose_name_plural = "荣誉"
        ordering = ["union", "-awarded_on", "id"]
        indexes = [models.Index(fields=["union", "awarded_on"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(awardee_kind="person") & Q(person__isnull=False) & Q(unit_name=""))
                | (Q(awardee_kind="unit") & Q(person__isnull=True) & ~Q(unit_name="")),
                name="honour_person_or_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.awardee_name} {self.get_level_display()}{self.title}"

    @property
    def awardee_name(self) -> str:
        return self.person.name if self.person_id and self.person else self.unit_name


DEFAULT_MODEL_WORKER_TITLES = ["劳动模范", "先进工作者", "五一劳动奖章"]


class ActivitySettings(UnionOwnedModel):
    """A union's settings for this area; a union without a row uses the defaults."""

    model_worker_titles = models.JSONField(
        "劳模称号", default=list, help_text="荣誉称号含其中之一、且为市级及以上的，列入劳模名册"
    )

    class Meta:
        verbose_name = "活动设置"
        verbose_name_plural = "活动设置"
        constraints = [models.UniqueConstraint(fields=["union"], name="activity_settings_one_per_union")]

    def __str__(self) -> str:
        return f"{self.union}活动设置"


MODEL_WORKER_MIN_LEVEL = Level.CITY


class ModelWorkerCareLog(UnionOwnedModel):
    """A contact with a model worker: a visit, a greeting, a check-up arranged."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="劳模")
    on = models.DateField("日期")
    note = models.TextField("内容")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="登记人",
    )

    class Meta:
        verbose_name = "劳模关怀记录"
        verbose_name_plural = "劳模关怀记录"
        ordering = ["person", "-on", "-id"]

    def __str__(self) -> str:
        return f"{cn_date(self.on)} {self.person.name}"
