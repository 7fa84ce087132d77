"""Writes of the reports app: a union's summary settings (the 存在的不足 thresholds, heading style)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gonghui.core.audit import audit_record
from gonghui.core.errors import DomainError
from gonghui.core.models import AuditEventType
from gonghui.reports.models import SummarySettings

FIELDS = ("member_rate_target", "low_participation_percent", "never_percent", "heading_bold")
LABELS = {
    "member_rate_target": "入会率目标",
    "low_participation_percent": "小组参与率偏低的界线",
    "never_percent": "未参加活动会员比例的界线",
}


def _number(value: Any, field: str, *, whole: bool) -> Decimal | int:
    text = str(value).strip().rstrip("%％")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise DomainError(f"{LABELS[field]}「{value}」不是数字", field=field) from None
    if whole:
        if number != number.to_integral_value():
            raise DomainError(f"{LABELS[field]}须为整数（百分之几）", field=field)
        return int(number)
    return number.quantize(Decimal("0.1"))


@transaction.atomic
def summary_settings_update(*, actor: Any, union: Any, **values: Any) -> SummarySettings:
    """Set the union's summary settings; every value checked, nothing saved when one is wrong."""
    row = SummarySettings.objects.select_for_update().filter(union=union).first()
    before = {f: str(getattr(row, f)) for f in FIELDS} if row else None
    if row is None:
        row = SummarySettings(union=union)
    row.member_rate_target = _number(values["member_rate_target"], "member_rate_target", whole=False)
    row.low_participation_percent = _number(
        values["low_participation_percent"], "low_participation_percent", whole=True
    )  # type: ignore[assignment]
    row.never_percent = _number(values["never_percent"], "never_percent", whole=True)  # type: ignore[assignment]
    row.heading_bold = bool(values.get("heading_bold"))
    try:
        row.full_clean(exclude=["union"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        label = LABELS.get(field, field)
        raise DomainError(f"{label}：{'；'.join(messages)}（应在0到100之间）", field=field) from None
    row.save()
    audit_record(
        actor=actor,
        event_type=AuditEventType.UPDATE if before else AuditEventType.CREATE,
        obj=row,
        union_id=union.pk,
        before=before,
        after={f: str(getattr(row, f)) for f in FIELDS},
    )
    return row
