"""Per-union settings of the document generators (the 存在的不足 thresholds, heading style)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from gonghui.core.models import UnionOwnedModel


class SummarySettings(UnionOwnedModel):
    """How one union wants its work summary judged and laid out; absent, the defaults of WRITING.md apply."""

    member_rate_target = models.DecimalField(
        "入会率目标（%）",
        max_digits=4,
        decimal_places=1,
        default=Decimal("95.0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    low_participation_percent = models.PositiveSmallIntegerField(
        "小组参与率低于全会平均的百分之几算偏低",
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    never_percent = models.PositiveSmallIntegerField(
        "未参加活动的会员超过百分之几算不足",
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    heading_bold = models.BooleanField("二级标题（楷体）加粗", default=False)

    class Meta:
        verbose_name = "总结设置"
        verbose_name_plural = "总结设置"
        constraints = [models.UniqueConstraint(fields=["union"], name="summary_settings_one_per_union")]

    def __str__(self) -> str:
        return f"总结设置（{self.union_id}）"
