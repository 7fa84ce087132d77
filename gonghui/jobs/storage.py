"""Where job files live: DATA_DIR/jobs/<id>/ for results, DATA_DIR/jobs/work/<id>/ for a running kind's scratch."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

from django.conf import settings

SAFE_SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,10}$")


def jobs_root() -> Path:
    """DATA_DIR/jobs, read at call time so that tests can point DATA_DIR elsewhere."""
    return Path(settings.DATA_DIR) / "jobs"


def job_result_dir(job_id: int) -> Path:
    return jobs_root() / str(job_id)


def job_scratch_dir(job_id: int) -> Path:
    """A private folder for a running kind to write into; created on request, removed when the run ends."""
    path = jobs_root() / "work" / str(job_id)
    path.mkdir(parents=True, exist_ok=True)
    return path


def remove_job_files(job_id: int) -> None:
    """Delete the job's result and scratch folders, whatever state they are in."""
    shutil.rmtree(job_result_dir(job_id), ignore_errors=True)
    shutil.rmtree(jobs_root() / "work" / str(job_id), ignore_errors=True)


def stored_file_name(source: Path) -> str:
    """The name a result is stored under: "result" plus the source's suffix when it is plain ASCII."""
    return f"result{source.suffix.lower()}" if SAFE_SUFFIX.match(source.suffix) else "result"


def download_name(name: str, *, fallback: str) -> str:
    """A file name safe to offer for download: no folders, no control characters, at most 200 characters."""
    cleaned = "".join(
        "_" if char in '/\\:*?"<>|' else char
        for char in name
        if not unicodedata.category(char).startswith("C")
    ).strip(" .")
    return cleaned[:200] or fallback
