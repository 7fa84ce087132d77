"""Benchmarks, run by `make bench` on SQLite and then on PostgreSQL. Figures are ratios against a baseline
measured in the same run, never absolute times compared across machines.

    python benchmarks/run.py --db sqlite|postgres [--members 5000]

1. Membership figures: computing every membership figure (with its 同比) for a union of N members,
   against one raw pass reading the same records with values_list. Target: at most 3×.
2. Roster import (benchmarks/roster_import.py): a generated roster of --roster-rows people, its dry run
   and its full import against python-calamine reading the same file. Targets: 2× and 3×, under 1 GB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from roster_import import bench_roster_import, verdict  # benchmarks/ is on the path when this file is run

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"


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


def build_union(members: int) -> Any:
    """A union of `members` people registered through the services, a tenth of them with a later change."""
    from django.db import transaction

    from gonghui.core.idnumbers import make_id_number
    from gonghui.members.services import membership_end, membership_retain, person_register
    from gonghui.orgs.services import group_create, headcount_record, union_create

    today = dt.date(2026, 11, 25)
    with transaction.atomic():
        union = union_create(actor=None, name="基准测试工会", code="BENCH", kind="enterprise")
        headcount_record(actor=None, union=union, as_of=dt.date(2026, 1, 1), total=members + members // 10)
        groups = [group_create(actor=None, union=union, name=f"第{n}小组") for n in range(1, 21)]
        for n in range(members):
            birth = dt.date(1960 + n % 40, 1 + n % 12, 1 + n % 28)
            person = person_register(
                actor=None,
                union=union,
                name=f"王{'芳明磊静'[n % 4]}{n}",
                today=today,
                id_number=make_id_number("130534", birth, n % 999),
                group=groups[n % 20],
                joined_on=dt.date(2000 + n % 26, 3, 1),
                phone=f"138{n:08d}",
            )
            if n % 20 == 1:
                membership_retain(actor=None, person=person, on=dt.date(2026, 6, 1), reason="retirement")
            elif n % 20 == 2:
                membership_end(actor=None, person=person, on=dt.date(2026, 5, 1), kind="withdrew")
    return union


def bench_figures(union: Any) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.members.models import Membership, Person
    from gonghui.reports.periods import parse_period
    from gonghui.reports.registry import compute
    from gonghui.reports.registry import figures as registry_figures

    period = parse_period("2026")
    today = dt.date(2026, 11, 25)
    keys = [f.key for f in registry_figures() if f.key.startswith("members.")]

    def raw() -> None:
        list(
            Membership.objects.filter(union=union).values_list(
                "person_id", "status", "start_kind", "end_kind", "started_on", "ended_on"
            )
        )
        list(
            Person.objects.filter(union=union).values_list(
                "id", "name", "gender", "employment_form", "is_migrant_worker", "id_number_hash"
            )
        )

    def figures() -> None:
        compute(union=union, period=period, today=today, keys=keys)

    raw()
    figures()  # warm caches on both sides
    baseline = best_of(3, raw)
    measured = best_of(3, figures)
    with CaptureQueriesContext(connection) as queries:
        figures()
    return {
        "name": "membership figures vs one raw pass",
        "figures": len(keys),
        "baseline_seconds": round(baseline, 4),
        "seconds": round(measured, 4),
        "ratio": round(measured / baseline, 2),
        "target_ratio": 3.0,
        "queries": len(queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument(
        "--roster-rows", type=int, default=100_000, help="0 skips the roster import benchmark"
    )
    args = parser.parse_args()
    setup_django(args.db)
    started = time.perf_counter()
    union = build_union(args.members)
    built = time.perf_counter() - started
    result = bench_figures(union)
    benchmarks = [result]
    roster = bench_roster_import(args.roster_rows) if args.roster_rows else None
    if roster is not None:
        benchmarks.append(roster)
    report = {
        "db": args.db,
        "members": args.members,
        "build_seconds": round(built, 1),
        "benchmarks": benchmarks,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.db}.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print(json.dumps(report, ensure_ascii=False, indent=2))
    met = result["ratio"] <= result["target_ratio"]
    print(
        f"[{args.db}] {result['name']}: {result['ratio']}× (target ≤ {result['target_ratio']}×) — "
        f"{'met' if met else 'NOT MET'}"
    )
    if roster is not None:
        print(verdict(args.db, roster))


if __name__ == "__main__":
    main()
