"""Accounts: who may act in which union, in which role; one-time passwords; personal API tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.core.models import TimeStampedModel


class Role(models.TextChoices):
    OFFICER = "officer", "主席/工会干部"
    FINANCE = "finance", "财务"
    AUDITOR = "auditor", "经审委员"
    CARE = "care", "帮扶关怀"
    GROUP_LEADER = "group_leader", "小组长"
    MEMBER = "member", "会员"
    FEDERATION = "federation", "上级工会干部"


class RoleAssignment(TimeStampedModel):
    """A user holds a role in a union; a federation role also reaches every union below it.

    A group leader's groups are not stored here: they are the groups the linked person currently leads
    (members.GroupLeadership), so a replaced leader stops seeing the group on the day the change is made.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name="用户",
    )
    union = models.ForeignKey("orgs.Union", on_delete=models.PROTECT, related_name="+", verbose_name="工会")
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    person = models.ForeignKey(
        "members.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="本人档案",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="授权人",
    )

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        ordering = ["user", "union", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "union", "role"], name="role_unique_per_union"),
            models.CheckConstraint(
                condition=~Q(role="group_leader") | Q(person__isnull=False),
                name="role_group_leader_has_person",
            ),
            models.CheckConstraint(
                condition=~Q(role="member") | Q(person__isnull=False), name="role_member_has_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.union} · {self.get_role_display()}"


class AccountState(models.Model):
    """Per-user flags: a one-time password must be changed at first login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_state", verbose_name="用户"
    )
    must_change_password = models.BooleanField("须修改密码", default=False)

    class Meta:
        verbose_name = "账号状态"
        verbose_name_plural = "账号状态"

    def __str__(self) -> str:
        return f"{self.user} 账号状态"


class ApiToken(TimeStampedModel):
    """A personal API token; only its SHA-256 is stored, the token itself is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="用户"
    )
    name = models.CharField("名称", max_length=50)
    prefix = models.CharField("前缀", max_length=12)
    token_hash = models.CharField("哈希", max_length=64, unique=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        ordering = ["user", "-created_at"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"
