"""Forms for keeping the organisation up to date; the services check the rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from gonghui.orgs.models import Committee, CommitteeKind, SubUnion, SubUnionKind, TermNumber, Union

DATE = forms.DateInput(attrs={"type": "date"})


class HeadcountForm(forms.Form):
    as_of = forms.DateField(label="统计日期", widget=DATE)
    total = forms.IntegerField(
        label="职工总数", min_value=0, help_text="含劳务派遣；不含退休、返聘、外包和实习人员"
    )
    women = forms.IntegerField(label="其中女职工", min_value=0, initial=0)
    migrant_workers = forms.IntegerField(label="其中农民工", min_value=0, initial=0)
    dispatched = forms.IntegerField(label="其中劳务派遣", min_value=0, initial=0)
    note = forms.CharField(label="说明", max_length=200, required=False)


class DepartmentForm(forms.Form):
    name = forms.CharField(label="部门名称", max_length=100)


class SubUnionForm(forms.Form):
    name = forms.CharField(label="分工会名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=SubUnionKind.choices)


class GroupForm(forms.Form):
    name = forms.CharField(label="小组名称", max_length=100)
    sub_union = forms.ModelChoiceField(label="所属分工会", queryset=SubUnion.objects.none(), required=False)
    established_on = forms.DateField(label="成立日期", widget=DATE, required=False)

    def __init__(self, *args: Any, union: Union, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sub_union"].queryset = SubUnion.objects.filter(union=union)  # type: ignore[attr-defined]


class CommitteeForm(forms.Form):
    kind = forms.ChoiceField(label="委员会", choices=CommitteeKind.choices)
    name = forms.CharField(label="名称（选“其他”时填写）", max_length=100, required=False)
    established_on = forms.DateField(label="成立（本届选举）日期", widget=DATE)
    term_years = forms.TypedChoiceField(label="每届任期", choices=[(5, "5年"), (3, "3年")], coerce=int)
    first_term_number = forms.IntegerField(label="本届为第几届", min_value=1, initial=1)


class ReelectForm(forms.Form):
    committee = forms.ModelChoiceField(label="委员会", queryset=Committee.objects.none())
    elected_on = forms.DateField(label="换届选举日期", widget=DATE)

    def __init__(self, *args: Any, union: Union, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.filter(union=union)  # type: ignore[attr-defined]


def school_year_of(day: dt.date) -> int:
    """The first year of the school year `day` falls in (a school year starts on 1 September)."""
    return day.year if day.month >= 9 else day.year - 1


class SchoolTermForm(forms.Form):
    first_year = forms.TypedChoiceField(label="学年", coerce=int)
    number = forms.TypedChoiceField(label="学期", choices=TermNumber.choices, coerce=int)
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    ends_on = forms.DateField(
        label="结束日期",
        widget=DATE,
        help_text="按校历填写。寒暑假不在学期之内，假期里的活动只计入学年和年度统计；已设定的学期再次提交即修改",
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = school_year_of(today)
        field = self.fields["first_year"]
        field.choices = [  # type: ignore[attr-defined]
            (year, f"{year}—{year + 1}学年") for year in range(current + 1, current - 5, -1)
        ]
        field.initial = current
