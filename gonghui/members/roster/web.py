"""The web door of the roster import: upload → a dry-run job → the preview → confirm (another job)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.accounts.scope import ActorScope
from gonghui.jobs.models import Job
from gonghui.jobs.selectors import job_get_for_actor
from gonghui.jobs.services import job_enqueue
from gonghui.members.roster.columns import COLUMNS
from gonghui.members.roster.jobs import IMPORT_KIND, import_params
from gonghui.web.access import union_view

ALLOWED_SUFFIXES = {".xlsx", ".xls", ".csv"}
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
FIELD_CHOICES = [("", "忽略此列")] + [(column.field, column.header) for column in COLUMNS]


class UploadForm(forms.Form):
    file = forms.FileField(
        label="花名册文件", help_text="Excel（.xlsx、.xls）或 CSV；标题行、合并单元格、序号列都可以保留"
    )
    strict = forms.BooleanField(label="本工会还没有的部门、小组视为错误（默认自动新建）", required=False)
    simplified = forms.BooleanField(label="部门、小组名称中的繁体字转为简体（姓名不转换）", required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(
                f"不支持“{suffix or '无扩展名'}”文件：请上传 .xlsx、.xls 或 .csv 文件"
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("文件超过50MB，请拆分后分批导入")
        if upload.size == 0:
            raise forms.ValidationError("文件是空的")
        return upload


def _store(scope: ActorScope, upload: Any) -> Path:
    folder = Path(settings.DATA_DIR) / "uploads" / str(scope.union.pk) / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(upload.name).name
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


@union_view("members.edit")
def import_upload(request: HttpRequest, scope: ActorScope) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        path = _store(scope, upload)
        job = job_enqueue(
            actor=request.user,
            union=scope.union,
            kind=IMPORT_KIND,
            title=f"检查花名册：{upload.name}",
            params=import_params(
                path=path,
                file_name=upload.name,
                dry_run=True,
                strict=form.cleaned_data["strict"],
                simplified=form.cleaned_data["simplified"],
            ),
        )
        return redirect("jobs:detail", job_id=job.pk)
    return render(request, "members/import_upload.html", {"form": form})


def _import_job(request: HttpRequest, scope: ActorScope, job_id: int) -> Job:
    job = job_get_for_actor(actor=request.user, job_id=job_id)
    if job.kind != IMPORT_KIND or job.union_id != scope.union.pk:
        raise Http404("未找到该导入")
    return job


@union_view("members.edit")
def import_preview(request: HttpRequest, scope: ActorScope, job_id: int) -> HttpResponse:
    job = _import_job(request, scope, job_id)
    if not job.is_finished:
        return redirect("jobs:detail", job_id=job.pk)
    report: dict[str, Any] = job.result_summary
    errors_only = request.GET.get("show") == "errors"
    issues = report.get("errors", []) + ([] if errors_only else report.get("warnings", []))
    issues.sort(key=lambda issue: (issue["row"], issue.get("column_index") or 0))
    changed = [row for row in report.get("rows", []) if row["action"] == "update"]
    return render(
        request,
        "members/import_preview.html",
        {
            "job": job,
            "report": report,
            "issues": issues,
            "errors_only": errors_only,
            "changed": changed,
            "field_choices": FIELD_CHOICES,
            "mapping_rows": sorted((report.get("mapping") or {}).items()),
        },
    )


@require_POST
@union_view("members.edit")
def import_next(request: HttpRequest, scope: ActorScope, job_id: int) -> HttpResponse:
    """From the preview: import for real, import only the valid rows, or check again with a new mapping."""
    job = _import_job(request, scope, job_id)
    params = dict(job.params)
    action = request.POST.get("action", "")
    if action == "import":
        params.update(dry_run=False, only_valid=False)
        title = f"导入花名册：{params.get('file_name', '')}"
    elif action == "import_valid":
        params.update(dry_run=False, only_valid=True)
        title = f"导入花名册（仅无误的行）：{params.get('file_name', '')}"
    elif action == "remap":
        mapping = dict(params.get("mapping") or {})
        for key, value in request.POST.items():
            if key.startswith("map:"):
                mapping[key[4:]] = value or None
        params.update(dry_run=True, mapping=mapping)
        title = f"检查花名册：{params.get('file_name', '')}"
    else:
        raise Http404("未知的操作")
    new_job = job_enqueue(actor=request.user, union=scope.union, kind=IMPORT_KIND, params=params, title=title)
    return redirect("jobs:detail", job_id=new_job.pk)
