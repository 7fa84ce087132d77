"""Forms for activities, sessions, attendance, results, photos and honours; the services do the checking."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from gonghui.activities.models import (
    ActivityCategory,
    AttendeeKind,
    Audience,
    EditionUnit,
    Level,
    UnionRole,
)
from gonghui.activities.services import kind_choices
from gonghui.members.models import Person
from gonghui.orgs.models import Department, Union

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PersonChoiceField(forms.ModelChoiceField):
    """A person shown with what tells namesakes apart: 王芳（语文组·第一工会小组）."""

    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


def person_label(person: Person) -> str:
    where = "·".join(str(part) for part in (person.department, person.group) if part)
    return f"{person.name}（{where}）" if where else person.name


class ServiceErrorsMixin:
    def add_service_error(self, field: str | None, message: str) -> None:
        target = field if field in self.fields else None  # type: ignore[attr-defined]
        self.add_error(target, message)  # type: ignore[attr-defined]


class ActivityForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label="活动类型")
    title = forms.CharField(label="活动名称", max_length=100, help_text="如：三八节女教职工健步走")
    starts_on = forms.DateField(label="日期", widget=DATE)
    start_time = forms.TimeField(label="开始时间", widget=TIME, help_text="第一场的开始时间")
    end_time = forms.TimeField(label="结束时间", widget=TIME, required=False)
    ends_on = forms.DateField(label="结束日期", widget=DATE, required=False, help_text="跨多天的活动才填")
    place = forms.CharField(label="地点", max_length=100, required=False)
    role = forms.ChoiceField(label="工会角色", choices=UnionRole.choices, initial=UnionRole.HOST)
    audience = forms.ChoiceField(
        label="参加对象",
        choices=Audience.choices,
        initial=Audience.REGISTERED,
        help_text="签到表列出的人员：报名人员，或全体（女）会员",
    )
    series = forms.CharField(label="系列/品牌", max_length=50, required=False, help_text="如：读书会、园丁杯")
    edition = forms.IntegerField(label="届次/期数", min_value=1, required=False)
    edition_unit = forms.ChoiceField(label="届次单位", choices=EditionUnit.choices, initial=EditionUnit.JIE)
    departments = forms.ModelMultipleChoiceField(
        label="组织部门",
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    co_organisers = forms.CharField(
        label="协办/联合组织", max_length=200, required=False, help_text="如：团委、女职委、教导处"
    )
    planned_budget = forms.DecimalField(
        label="预算（元）", max_digits=12, decimal_places=2, min_value=0, required=False
    )
    description = forms.CharField(label="活动内容", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    effect_note = forms.CharField(label="成效/反响", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    is_highlight = forms.BooleanField(label="列为亮点", required=False)
    is_training = forms.BooleanField(label="学习/培训（计学时）", required=False)
    training_topic = forms.CharField(label="培训主题", max_length=100, required=False)
    trainer = forms.CharField(label="主讲人", max_length=100, required=False)
    training_hours = forms.DecimalField(
        label="每场学时", max_digits=4, decimal_places=1, min_value=0.5, required=False
    )

    def __init__(self, *args: Any, union: Union, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices(union)  # type: ignore[attr-defined]
        self.fields["departments"].queryset = Department.objects.filter(union=union)  # type: ignore[attr-defined]
        if editing:  # the first session's times are edited on the session's own page
            del self.fields["start_time"]
            del self.fields["end_time"]


class SessionForm(ServiceErrorsMixin, forms.Form):
    day = forms.DateField(label="日期", widget=DATE)
    start_time = forms.TimeField(label="开始时间", widget=TIME)
    end_time = forms.TimeField(label="结束时间", widget=TIME, required=False)
    title = forms.CharField(label="名称", max_length=100, required=False, help_text="如：第二轮、第3讲")
    place = forms.CharField(label="地点", max_length=100, required=False, help_text="不填则同活动地点")
    hours = forms.DecimalField(
        label="学时", max_digits=4, decimal_places=1, min_value=0.5, required=False, help_text="培训才填"
    )


class RegisterNamesForm(ServiceErrorsMixin, forms.Form):
    names = forms.CharField(
        label="报名人员姓名",
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "王芳、李明 张伟……"}),
        help_text="用顿号、逗号、空格或换行分开",
    )


class AllExceptForm(ServiceErrorsMixin, forms.Form):
    numbers = forms.CharField(
        label="全部出席，除了：",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "5, 17, 23", "autocomplete": "off"}),
        help_text="填签到表上缺席人员的序号；全部出席则留空",
    )


class PasteNamesForm(ServiceErrorsMixin, forms.Form):
    names = forms.CharField(
        label="粘贴出席人员姓名",
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "王芳、李明 张伟……"}),
        help_text="用顿号、逗号、空格或换行分开；不在名单中或有重名的姓名会列出，不会猜测",
    )


class GuestsForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(
        label="身份",
        choices=[(k, label) for k, label in AttendeeKind.choices if k != AttendeeKind.MEMBER],
        initial=AttendeeKind.FAMILY,
    )
    names = forms.CharField(
        label="姓名", widget=forms.Textarea(attrs={"rows": 2}), help_text="用顿号或换行分开"
    )


class ResultForm(ServiceErrorsMixin, forms.Form):
    level = forms.ChoiceField(label="级别", choices=Level.choices, initial=Level.COUNTY)
    title = forms.CharField(label="名次/奖项", max_length=100, help_text="如：团体第二名、女子组一等奖")
    is_team = forms.BooleanField(label="团体奖", required=False)
    persons = PeopleChoiceField(
        label="获奖人", queryset=Person.objects.none(), required=False, help_text="本工会人员，可多选"
    )
    awardee_names = forms.CharField(label="其他获奖人", max_length=200, required=False)
    issuer = forms.CharField(label="颁奖单位", max_length=100, required=False)
    awarded_on = forms.DateField(label="获奖日期", widget=DATE, required=False)

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["persons"].queryset = people  # type: ignore[attr-defined]


class PhotoForm(ServiceErrorsMixin, forms.Form):
    image = forms.FileField(label="照片", help_text="JPEG或PNG，不超过10MB")
    caption = forms.CharField(label="说明", max_length=200, required=False)
    place = forms.CharField(label="拍摄地点", max_length=100, required=False)
    taken_on = forms.DateField(label="拍摄日期", widget=DATE, required=False, help_text="不填则读取照片信息")


class HonourForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label="荣誉称号", max_length=100, help_text="如：优秀工会干部、先进工作者")
    level = forms.ChoiceField(label="级别", choices=Level.choices, initial=Level.COUNTY)
    person = PersonChoiceField(label="获得者（个人）", queryset=Person.objects.none(), required=False)
    unit_name = forms.CharField(label="获奖集体", max_length=100, required=False, help_text="授予集体的才填")
    issuer = forms.CharField(label="授予单位", max_length=100)
    awarded_on = forms.DateField(label="授予日期", widget=DATE)
    evidence = forms.CharField(
        label="依据/证明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="文件名称和文号、证书编号",
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class CareLogForm(ServiceErrorsMixin, forms.Form):
    person = PersonChoiceField(label="劳模", queryset=Person.objects.none())
    on = forms.DateField(label="日期", widget=DATE)
    note = forms.CharField(
        label="内容", widget=forms.Textarea(attrs={"rows": 2}), help_text="如：春节走访慰问"
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class KindForm(forms.Form):
    name = forms.CharField(label="类型名称", max_length=30, help_text="如：读书会、三八节活动")
    category = forms.ChoiceField(label="类别", choices=ActivityCategory.choices)


class ModelWorkerTitlesForm(forms.Form):
    titles = forms.CharField(
        label="劳模称号",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一个；荣誉称号含其中之一、且为市级及以上的，列入劳模名册",
    )


class CheckInForm(forms.Form):
    """The public QR check-in form: a name and the last four digits of the phone, no account."""

    name = forms.CharField(
        label="姓名",
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "name", "autofocus": True}),
        error_messages={"required": "请填写姓名"},
    )
    phone_last4 = forms.RegexField(
        label="手机号后四位",
        regex=r"^\d{4}$",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": "4", "autocomplete": "off"}),
        error_messages={"required": "请填写手机号后四位", "invalid": "请填写手机号的后四位数字"},
    )
