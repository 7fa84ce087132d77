"""The web door of the back-fill: upload → the check (a dry run, synchronous: these files are small) →
every problem listed → 确认导入, which runs the same file again for real.

The uploaded file stays under DATA_DIR/uploads/<union id>/<token>/; the confirm form sends only the
token, which is looked up in this union's folder, never a path from the client.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gonghui.accounts.scope import ActorScope
from gonghui.activities.backfill import BackfillReport, backfill_import
from gonghui.members.roster.reading import SUPPORTED_SUFFIXES
from gonghui.web.access import union_view

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
_TOKEN = re.compile(r"[0-9a-f]{32}")


class BackfillUploadForm(forms.Form):
    file = forms.FileField(
        label="补录文件",
        help_text="Excel（.xlsx、.xls）或 CSV，每行一人次；列：活动名称、活动类型、日期、开始时间、地点、姓名、部门、参加者类别、学时",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            raise forms.ValidationError(
                f"不支持“{suffix or '无扩展名'}”文件：请上传 .xlsx、.xls 或 .csv 文件"
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("文件超过2MB，请拆分后分批补录")
        if upload.size == 0:
            raise forms.ValidationError("文件是空的")
        return upload


def _folder(scope: ActorScope) -> Path:
    return Path(settings.DATA_DIR) / "uploads" / str(scope.union.pk)


def _store(scope: ActorScope, upload: Any) -> tuple[str, Path]:
    token = uuid.uuid4().hex
    folder = _folder(scope) / token
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(upload.name).name
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return token, path


def _stored(scope: ActorScope, token: str) -> Path:
    """The file kept for `token` in this union's upload folder; 404 for anything else."""
    if not _TOKEN.fullmatch(token):
        raise Http404("未找到该文件")
    folder = _folder(scope) / token
    files = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    if len(files) != 1:
        raise Http404("未找到该文件")
    return files[0]


@require_http_methods(["GET", "HEAD", "POST"])
@union_view("activities.edit")
def backfill(request: HttpRequest, scope: ActorScope) -> HttpResponse:
    form = BackfillUploadForm()
    report: BackfillReport | None = None
    token = ""
    file_name = ""
    if request.method == "POST" and request.POST.get("action") == "import":
        token = request.POST.get("token", "")
        path = _stored(scope, token)
        file_name = path.name
        report = backfill_import(scope=scope, path=path, dry_run=False)
        if report.written:
            messages.success(
                request,
                f"已补录：新建活动{report.activities_created}个、场次{report.sessions_created}场，"
                f"出席记录{report.attendance_added}条（已存在{report.attendance_existing}条）",
            )
            return redirect("activities:list", code=scope.union.code)
    elif request.method == "POST":
        form = BackfillUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            token, path = _store(scope, upload)
            file_name = upload.name
            report = backfill_import(scope=scope, path=path, dry_run=True)
    return render(
        request,
        "activities/backfill.html",
        {"form": form, "report": report, "token": token, "file_name": file_name},
    )
