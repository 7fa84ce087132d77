"""The roster import as a background job: every web upload runs here, dry run first, then the real import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.urls import reverse

from gonghui.core.errors import DomainError
from gonghui.jobs.models import Job
from gonghui.jobs.registry import JobOutcome, ProgressFn, job_kind
from gonghui.jobs.storage import job_scratch_dir
from gonghui.members.roster.error_book import write_error_book
from gonghui.members.roster.importer import RosterImporter

IMPORT_KIND = "members.roster_import"


def import_params(
    *,
    path: Path,
    file_name: str,
    dry_run: bool,
    only_valid: bool = False,
    strict: bool = False,
    simplified: bool = False,
    mapping: dict[str, str | None] | None = None,
) -> dict[str, Any]:
    return {
        "path": str(path),
        "file_name": file_name,
        "dry_run": dry_run,
        "only_valid": only_valid,
        "strict": strict,
        "simplified": simplified,
        "mapping": dict(mapping or {}),
    }


@job_kind(IMPORT_KIND, title="导入会员名册")
def roster_import(job: Job, progress: ProgressFn) -> JobOutcome:
    """Run the importer on the uploaded file; the report goes into the summary and the preview page shows it."""
    if job.union is None:
        raise DomainError("导入任务缺少工会")
    params = job.params
    path = Path(str(params.get("path", "")))
    if not path.is_file():
        raise DomainError("上传的文件已不存在，请重新上传")
    importer = RosterImporter(
        union=job.union,
        actor=job.created_by,
        only_valid=bool(params.get("only_valid")),
        strict=bool(params.get("strict")),
        mapping_overrides=params.get("mapping") or None,
        to_simplified=bool(params.get("simplified")),
        progress=progress,
    )
    report = importer.run(path, dry_run=bool(params.get("dry_run", True)))
    summary = report.to_dict()
    summary["summary_lines"] = report.summary_lines()
    summary["result_page"] = reverse(
        "members:import_preview", kwargs={"code": job.union.code, "job_id": job.pk}
    )
    if not (report.errors or report.warnings) or not report.sheet_name:
        return JobOutcome(summary=summary)
    # The workbook back with an error column and the bad cells marked, offered for download on the preview.
    book = write_error_book(
        path,
        sheet_name=report.sheet_name,
        header_row=report.header_row,
        issues=[*report.errors, *report.warnings],
        rows=len(report.rows),
        target=job_scratch_dir(job.pk) / "marked.xlsx",
    )
    stem = Path(str(params.get("file_name") or path.name)).stem
    return JobOutcome(file_path=book, file_name=f"{stem}.错误.xlsx", summary=summary)
