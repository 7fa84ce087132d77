"""Background jobs: one row per import, document run or roll-up, polled by the page that started it."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.jobs.storage import jobs_root


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "进行中"
    SUCCEEDED = "succeeded", "已完成"
    FAILED = "failed", "失败"


FINISHED_STATUSES = (JobStatus.SUCCEEDED, JobStatus.FAILED)


class Job(models.Model):
    """A unit of long work with its status, progress, result file and, when it failed, the reason."""

    union = models.ForeignKey(
        "orgs.Union",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="工会",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="提交人",
    )
    kind = models.CharField("任务类型", max_length=64)
    title = models.CharField("名称", max_length=200)
    params = models.JSONField("参数", default=dict, blank=True)
    status = models.CharField("状态", max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    progress_message = models.CharField("进度说明", max_length=200, blank=True)
    result_file = models.CharField(
        "结果文件", max_length=255, blank=True, help_text="相对于数据目录下的 jobs 文件夹"
    )
    result_name = models.CharField("结果文件名", max_length=200, blank=True)
    result_summary = models.JSONField("结果摘要", default=dict, blank=True)
    error = models.TextField("失败原因", blank=True)
    error_detail = models.TextField("技术详情", blank=True, help_text="仅系统管理员可见")
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("执行次数", default=0)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="job_status_created")]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="job_progress_0_100"
            ),
            models.CheckConstraint(condition=Q(status__in=JobStatus.values), name="job_status_known"),
            models.CheckConstraint(
                condition=~Q(status=JobStatus.SUCCEEDED) | Q(finished_at__isnull=False),
                name="job_succeeded_has_finished_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_status_display()}）"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def has_download(self) -> bool:
        return self.status == JobStatus.SUCCEEDED and bool(self.result_file)

    @property
    def result_path(self) -> Path | None:
        """The absolute path of the result file, or None when the job has none."""
        return jobs_root() / self.result_file if self.result_file else None
