"""The jobs app's own kind: a self-test that proves the queue, the worker, progress and downloads work."""

from __future__ import annotations

import csv
import time

from gonghui.core.errors import DomainError
from gonghui.jobs.models import Job
from gonghui.jobs.registry import JobOutcome, ProgressFn, job_kind
from gonghui.jobs.storage import job_scratch_dir

SELFTEST_MAX_COUNT = 100_000
SELFTEST_MAX_PAUSE_MS = 1_000


def _bounded_int(
    params: dict[str, object], key: str, *, default: int, low: int, high: int, label: str
) -> int:
    value = params.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise DomainError(f"{label}应为 {low} 到 {high} 之间的整数")
    return value


@job_kind("jobs.selftest", title="系统自检")
def selftest(job: Job, progress: ProgressFn) -> JobOutcome:
    """Count to `count`, pausing `pause_ms` per step, and write each number and its square to a CSV."""
    count = _bounded_int(job.params, "count", default=100, low=1, high=SELFTEST_MAX_COUNT, label="计数")
    pause_ms = _bounded_int(
        job.params, "pause_ms", default=0, low=0, high=SELFTEST_MAX_PAUSE_MS, label="每步停顿毫秒数"
    )
    path = job_scratch_dir(job.pk) / "selftest.csv"
    # utf-8-sig: Excel opens a CSV with a byte-order mark as UTF-8, otherwise the Chinese header is garbled.
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["序号", "平方"])
        for number in range(1, count + 1):
            writer.writerow([number, number * number])
            progress(number, count, f"已数到 {number}/{count}")
            if pause_ms:
                time.sleep(pause_ms / 1000)
    return JobOutcome(file_path=path, file_name="系统自检结果.csv", summary={"count": count})
