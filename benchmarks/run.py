"""Benchmarks, run by `make bench` on SQLite and then on PostgreSQL. Figures are ratios against a baseline
measured in the same run, never absolute times compared across machines.

    python benchmarks/run.py --db sqlite|postgres [--members 5000] [--year 2025] [--repeat 7] [--roster-rows 0]

1. Work summary (benchmarks/summary_data.py): a school union of N members with a year of more than 20,000
   records. Computing every registered figure with its 同比 value, against one raw values_list pass
   reading the same records, each the best of --repeat rounds in which the steps take turns. Target: at
   most 3×. The steps are listed in summary_steps(); a later step (the whole summary document) adds one
   line there.
2. Roster import (benchmarks/roster_import.py): a generated roster of --roster-rows people, its dry run
   and its full import against python-calamine reading the same file. Targets: 2× and 3×, under 1 GB.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# benchmarks/ is on the path when this file is run
from roster_import import bench_roster_import, verdict
from summary_data import (
    SummaryCase,
    build_document,
    compute_figures,
    raw_pass,
    summary_case,
    write_docx_file,
)

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
DOCX_OUT = Path(tempfile.gettempdir()) / "gonghui-bench-summary.docx"


def best_of(runs: int, fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def setup_django(db: str) -> None:
    if db == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        os.environ["GONGHUI_DATA_DIR"] = tempfile.mkdtemp(prefix="gonghui-bench-")
    elif not os.environ.get("DATABASE_URL"):
        sys.exit("--db postgres needs DATABASE_URL (make bench starts a throwaway cluster for it)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


@dataclass(frozen=True)
class Step:
    """One timed step of the work-summary benchmark: `run` is timed best of N and, with `against`, compared
    with the time of that earlier step, with a target for the ratio."""

    key: str
    name: str
    run: Callable[[], object]
    against: str | None = None
    target_ratio: float | None = None


def measure(fn: Callable[[], object], repeat: int) -> float:
    """The best of `repeat` timed calls, after one untimed call that warms the caches."""
    fn()
    return best_of(repeat, fn)


def summary_steps(case: SummaryCase) -> list[Step]:
    """The steps, in order; a later step can be compared with any earlier one. To time one more, append
    e.g. Step("document", "the whole summary document", lambda: build_document(case), "figures", 2.0)."""
    return [
        Step("raw", "one raw values_list pass over the same records", lambda: raw_pass(case)),
        Step(
            "figures",
            "every registered figure with its 同比 value",
            lambda: compute_figures(case),
            against="raw",
            target_ratio=3.0,
        ),
        Step(
            "document",
            "the whole work summary built from the records (text, no charts)",
            lambda: build_document(case),
            against="figures",
            target_ratio=2.0,
        ),
        Step(
            "docx",
            "the same summary written as a GB/T 9704 .docx with its figure sheet",
            lambda: write_docx_file(case, DOCX_OUT),
            against="figures",
        ),
    ]


def measure_steps(steps: list[Step], repeat: int) -> dict[str, float]:
    """The best time of each step over `repeat` rounds, each round running every step once in turn, so
    that a machine busier at one moment than another weighs on every step alike. Each timed call starts
    after a full garbage collection: it pays for the collections its own objects cause, not for the
    garbage the step before it left."""
    for step in steps:
        step.run()  # warm the caches
    best = {step.key: float("inf") for step in steps}
    for _ in range(repeat):
        for step in steps:
            gc.collect()
            best[step.key] = min(best[step.key], best_of(1, step.run))
    return best


def bench_summary(case: SummaryCase, steps: list[Step], repeat: int) -> dict[str, Any]:
    """Time every step; the result goes into benchmarks/results/<db>.json."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seconds = measure_steps(steps, repeat)
    timed = []
    for step in steps:
        with CaptureQueriesContext(connection) as queries:
            step.run()
        entry: dict[str, Any] = {
            "key": step.key,
            "name": step.name,
            "seconds": round(seconds[step.key], 4),
            "queries": len(queries),
        }
        if step.against is not None:
            ratio = seconds[step.key] / seconds[step.against]
            entry.update(against=step.against, ratio=round(ratio, 2), target_ratio=step.target_ratio)
            if step.target_ratio is not None:
                entry["met"] = ratio <= step.target_ratio
        timed.append(entry)
    return {
        "name": "work summary: figures against one raw pass, the document against its figures",
        "members": case.members,
        "year": case.year,
        "records_of_the_year": case.records,
        "repeat": repeat,
        "steps": timed,
    }


def summary_verdicts(db: str, result: dict[str, Any]) -> list[str]:
    lines = []
    for step in result["steps"]:
        if step.get("target_ratio") is None:
            continue
        lines.append(
            f"[{db}] {step['name']}: {step['ratio']}× {step['against']} "
            f"(target ≤ {step['target_ratio']}×) — {'met' if step['met'] else 'NOT MET'}"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=7, help="each timed step is the best of this many runs")
    parser.add_argument(
        "--roster-rows", type=int, default=100_000, help="0 skips the roster import benchmark"
    )
    args = parser.parse_args()
    setup_django(args.db)
    started = time.perf_counter()
    case = summary_case(members=args.members, year=args.year)
    built = time.perf_counter() - started
    summary = bench_summary(case, summary_steps(case), args.repeat)
    summary["build_seconds"] = round(built, 1)
    benchmarks = [summary]
    roster = bench_roster_import(args.roster_rows) if args.roster_rows else None
    if roster is not None:
        benchmarks.append(roster)
    report = {"db": args.db, "members": args.members, "benchmarks": benchmarks}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.db}.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print(json.dumps(report, ensure_ascii=False, indent=2))
    for line in summary_verdicts(args.db, summary):
        print(line)
    if roster is not None:
        print(verdict(args.db, roster))


if __name__ == "__main__":
    main()
