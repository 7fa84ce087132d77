"""Forms for registering and editing a person; the services do the checking, the form shows the messages."""

from __future__ import annotations

from typing import Any

from django import forms

from gonghui.core.idnumbers import IdType
from gonghui.members.models import (
    CommitteePost,
    Education,
    EmploymentForm,
    EndKind,
    Gender,
    Person,
    PoliticalStatus,
    PostTitle,
    RetainedReason,
    StartKind,
    WorkStatus,
)
from gonghui.orgs.models import CommitteeTerm, Department, Union, UnionGroup

DATE = forms.DateInput(attrs={"type": "date"})


class PersonForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    id_type = forms.ChoiceField(label="证件类型", choices=IdType.choices, initial=IdType.RESIDENT)
    id_number = forms.CharField(label="证件号码", max_length=32)
    gender = forms.ChoiceField(
        label="性别", choices=[("", "按身份证号"), *list(Gender.choices)], required=False
    )
    birth_date = forms.CharField(
        label="出生日期", required=False, help_text="可不填（按身份证号）；也可只填到月，如 1985.03"
    )
    phone = forms.CharField(label="手机/电话", max_length=32, required=False)
    ethnicity = forms.CharField(label="民族", max_length=20, initial="汉族", required=False)
    political_status = forms.ChoiceField(label="政治面貌", choices=PoliticalStatus.choices, initial="none")
    education = forms.ChoiceField(label="学历", choices=[("", "—"), *list(Education.choices)], required=False)
    department = forms.ModelChoiceField(label="部门", queryset=Department.objects.none(), required=False)
    group = forms.ModelChoiceField(label="工会小组", queryset=UnionGroup.objects.none(), required=False)
    post = forms.CharField(label="职务/岗位", max_length=50, required=False)
    employment_form = forms.ChoiceField(
        label="用工性质", choices=EmploymentForm.choices, initial="established"
    )
    work_status = forms.ChoiceField(label="在岗状态", choices=WorkStatus.choices, initial="at_work")
    is_migrant_worker = forms.BooleanField(label="农民工", required=False)
    is_new_employment_form = forms.BooleanField(label="新就业形态劳动者", required=False)
    work_started_on = forms.DateField(label="参加工作时间", required=False, widget=DATE)
    notes = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, union: Union, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(union=union)  # type: ignore[attr-defined]
        self.fields["group"].queryset = UnionGroup.objects.filter(union=union)  # type: ignore[attr-defined]

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


class RegisterForm(PersonForm):
    joined_on = forms.DateField(label="入会日期", widget=DATE)
    join_kind = forms.ChoiceField(
        label="入会方式",
        choices=[(k, label) for k, label in StartKind.choices if k != StartKind.RETAINED],
        initial=StartKind.NEW,
    )
    card_no = forms.CharField(label="会员证号", max_length=32, required=False)


PERSON_FIELDS = [
    "name",
    "id_type",
    "id_number",
    "gender",
    "birth_date",
    "phone",
    "ethnicity",
    "political_status",
    "education",
    "department",
    "group",
    "post",
    "employment_form",
    "work_status",
    "is_migrant_worker",
    "is_new_employment_form",
    "work_started_on",
    "notes",
]


class MembershipChangeForm(forms.Form):
    ACTIONS = [
        ("retain", "保留会籍（退休、失业、单位关闭）"),
        ("restore", "恢复为在职会员"),
        ("end", "终止会籍（退会、自动退会、开除、去世）"),
        ("transfer", "会籍接转（转到本系统中的另一工会）"),
        ("rejoin", "重新入会"),
    ]
    action = forms.ChoiceField(label="变动", choices=ACTIONS)
    on = forms.DateField(label="生效日期", widget=DATE)
    retained_reason = forms.ChoiceField(
        label="保留原因", choices=[("", "—"), *list(RetainedReason.choices)], required=False
    )
    end_kind = forms.ChoiceField(
        label="终止方式",
        choices=[("", "—")]
        + [(k.value, k.label) for k in (EndKind.WITHDREW, EndKind.LAPSED, EndKind.EXPELLED, EndKind.DIED)],
        required=False,
    )
    reason = forms.CharField(label="原因/说明", max_length=200, required=False)
    to_union_code = forms.CharField(label="转入工会简码", max_length=32, required=False)
    card_no = forms.CharField(label="会员证号", max_length=32, required=False)


class PostsFormMixin(forms.Form):
    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["person"].label_from_instance = lambda p: f"{p.name}（{p.member_no}）"  # type: ignore[attr-defined]


class GroupLeaderForm(PostsFormMixin):
    group = forms.ModelChoiceField(label="工会小组", queryset=UnionGroup.objects.none())
    person = forms.ModelChoiceField(label="组长", queryset=Person.objects.none())
    on = forms.DateField(label="任职日期", widget=DATE)

    def __init__(self, *args: Any, union: Union, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, people=people, **kwargs)
        self.fields["group"].queryset = UnionGroup.objects.filter(union=union)  # type: ignore[attr-defined]


class PostAppointForm(PostsFormMixin):
    term = forms.ModelChoiceField(label="委员会（本届）", queryset=CommitteeTerm.objects.none())
    person = forms.ModelChoiceField(label="人员", queryset=Person.objects.none())
    title = forms.ChoiceField(label="职务", choices=PostTitle.choices)
    duty = forms.CharField(label="分工", max_length=100, required=False)
    started_on = forms.DateField(label="任职日期", widget=DATE)

    def __init__(self, *args: Any, union: Union, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, people=people, **kwargs)
        self.fields["term"].queryset = CommitteeTerm.objects.filter(  # type: ignore[attr-defined]
            union=union, closed_on__isnull=True
        ).select_related("committee")


class PostEndForm(forms.Form):
    post = forms.ModelChoiceField(label="职务", queryset=CommitteePost.objects.none())
    on = forms.DateField(label="离任日期", widget=DATE)

    def __init__(self, *args: Any, union: Union, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = CommitteePost.objects.filter(  # type: ignore[attr-defined]
            union=union, ended_on__isnull=True
        ).select_related("term__committee", "person")
