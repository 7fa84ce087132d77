"""Input of the job pages."""

from __future__ import annotations

from django import forms

from gonghui.jobs.tasks import SELFTEST_MAX_COUNT, SELFTEST_MAX_PAUSE_MS


class SelftestForm(forms.Form):
    count = forms.IntegerField(label="计数", min_value=1, max_value=SELFTEST_MAX_COUNT, initial=100)
    pause_ms = forms.IntegerField(
        label="每步停顿（毫秒）",
        min_value=0,
        max_value=SELFTEST_MAX_PAUSE_MS,
        initial=20,
        help_text="便于观察进度条；0 为不停顿",
    )
