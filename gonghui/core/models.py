"""Core models: the base for union-owned rows, the audit trail, and the key canary."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class UnionOwnedModel(TimeStampedModel):
    """Every row that belongs to a union carries union_id: the tenancy and sharding key."""

    union = models.ForeignKey("orgs.Union", on_delete=models.PROTECT, verbose_name="工会", related_name="+")

    class Meta:
        abstract = True


class AuditEventType(models.TextChoices):
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    MEMBERSHIP = "membership", "会籍变动"
    TRANSFER_OUT = "transfer_out", "会籍转出"
    TRANSFER_IN = "transfer_in", "会籍转入"
    POST = "post", "职务任免"
    TERM = "term", "换届"
    HEADCOUNT = "headcount", "职工人数"
    IMPORT = "import", "导入"


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("审计记录不可修改")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("审计记录不可删除")


class AuditEvent(models.Model):
    """Who changed what, when, from what to what. Rows are appended and never changed."""

    # A plain id, not a foreign key: the log outlives what it describes, and core depends on no app.
    union_id = models.BigIntegerField("工会", null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="操作人",
    )
    actor_label = models.CharField("操作人（记录时）", max_length=150)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    event_type = models.CharField("事件", max_length=32, choices=AuditEventType.choices)
    object_type = models.CharField("对象类型", max_length=64)
    object_id = models.CharField("对象编号", max_length=64)
    object_repr = models.CharField("对象", max_length=200)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)

    objects: ClassVar[models.Manager[AuditEvent]] = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["union_id", "at"])]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.get_event_type_display()} {self.object_repr}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise PermissionError("审计记录不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("审计记录不可删除")


class KeyCanary(models.Model):
    """A known value encrypted with each key version: proves at start-up that the keys fit the data."""

    key_version = models.PositiveIntegerField(unique=True)
    ciphertext = models.TextField()
    hash_check = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "密钥校验值"
        verbose_name_plural = "密钥校验值"

    def __str__(self) -> str:
        return f"第{self.key_version}版密钥校验值"
