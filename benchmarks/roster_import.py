"""Roster import against a raw read of the same file (the "Member rosters in and out of Excel" targets).

    python benchmarks/roster_import.py --db sqlite|postgres [--rows 100000]

The baseline is python-calamine reading the sheet into Python lists, best of 3, in this process. Measured:
the dry run (parse + every check against the database), best of 3; the full import of the same file into an
empty union (validation, encryption, hashing, audit, write, commit), once, since a second import of the same
people is a different job; and that second import (every row unchanged). Targets: dry run ≤ 2×, full import
≤ 3×, peak memory (the process's maximum resident set) under 1 GB. Also reported: the database's own time to
take the same rows (database_floor: INSERT … SELECT into copies of the tables, no client work), added to
the read, which no import can beat. benchmarks/run.py runs this after the
figures benchmark; run alone, it sets up its own database the same way.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 25)
# Address codes that python-stdnum knows as current (no warning); not run.py's 130534, so the two
# benchmarks' people never meet.
REGIONS = ("110101", "110102", "110105", "110106", "110108", "310101", "310104", "440103", "510104")
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华玉萍红玲芬燕彩春菊凤洁梅琳素云莲真环雪荣爱香月莺媛瑞"
    "凡佳嘉琼勤珍贞莉桂叶璐娅琦晶妍茜秋珊莎锦青倩婷婉娴瑾颖露瑶怡雁蓓仪荷丹蓉眉君琴蕊薇菁梦岚婕馨韵园艺卿"
    "聪澜纯悦昭冰爽茗羽希宁欣育滢筠柔竹凝晓欢枫芸菲寒伊亚宜可舒影思"
)
HEADERS = (
    "会员编号", "姓名", "性别", "身份证号", "出生日期", "民族", "政治面貌", "学历", "部门", "职务", "用工性质",
    "在岗状态", "是否农民工", "入会时间", "手机", "工会小组", "备注",
)  # fmt: skip
POLITICAL = ("群众", "中共党员", "共青团员", "群众", "中共预备党员")
EDUCATION = ("大学本科", "大学专科", "硕士研究生", "中专/高中", "初中及以下", "博士研究生")
FORMS = ("合同", "在编", "劳务派遣", "合同", "劳务外包")


def roster_row(n: int) -> list[Any]:
    """One person of the generated roster: unique ID number, realistic name, mostly-distinct names."""
    from gonghui.core.idnumbers import make_id_number

    birth = dt.date(1966, 1, 1) + dt.timedelta(days=n % 12_000)
    seq = n // 12_000 * 2 + n % 2  # with the birth day, unique for up to 6 million rows; odd for men
    region = REGIONS[n % len(REGIONS)]
    given = GIVEN[n * 7 % len(GIVEN)] + (GIVEN[(n * 13 + n // len(GIVEN)) % len(GIVEN)] if n % 3 else "")
    form = FORMS[n % len(FORMS)]
    return [
        "",
        SURNAMES[n * 31 % len(SURNAMES)] + given,
        "男" if seq % 2 else "女",
        make_id_number(region, birth, seq),
        birth.isoformat(),
        "汉族" if n % 10 else "回族",
        POLITICAL[n % len(POLITICAL)],
        EDUCATION[n % len(EDUCATION)],
        f"第{n % 40 + 1}部门",
        "职员" if n % 4 else "技术员",
        form,
        "在岗",
        "是" if form == "劳务派遣" and n % 2 else "否",
        dt.date(min(birth.year + 22, 2025), 1 + n % 12, 1).isoformat(),
        f"13{n % 7 + 3}{n:08d}",
        f"第{n % 60 + 1}小组",
        "",
    ]


def write_roster_file(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("会员名册")
    sheet.append(list(HEADERS))
    for n in range(rows):
        sheet.append(roster_row(n))
    workbook.save(path)


def _best_of(runs: int, fn: Any) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _copy_tables(cursor: Any, vendor: str) -> None:
    """Empty copies bench_person and bench_membership of the two tables, with the same indexes, constraints
    and foreign keys (the copy of a span naming the copy of its person)."""
    if vendor == "sqlite":
        for table, copy in (("members_person", "bench_person"), ("members_membership", "bench_membership")):
            cursor.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = %s AND sql IS NOT NULL", [table]
            )
            for kind, name, sql in sorted(cursor.fetchall(), key=lambda item: item[0] != "table"):
                sql = sql.replace('"members_person"', '"bench_person"').replace(f'"{table}"', f'"{copy}"')
                cursor.execute(sql if kind == "table" else sql.replace(f'"{name}"', f'"bench_{name}"', 1))
        return
    for table, copy in (("members_person", "bench_person"), ("members_membership", "bench_membership")):
        cursor.execute(f"CREATE TABLE {copy} (LIKE {table} INCLUDING ALL)")
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        for (definition,) in cursor.fetchall():
            cursor.execute(f"ALTER TABLE {copy} ADD {definition.replace('members_person(', 'bench_person(')}")


def database_floor(union_id: int) -> float:
    """The database's own time to take the rows an import wrote, with no client work at all.

    The union's people and spans, copied first into temporary tables, go by INSERT … SELECT into empty
    copies of members_person and members_membership (same indexes, constraints and foreign keys), in one
    transaction, commit included. What the import adds to this is reading, checking, encrypting and
    keying the rows and handing them over; no import of these rows can take less.
    """
    from django.db import connection, transaction

    from gonghui.members.roster.write import checkpoint_afterwards

    vendor = connection.vendor
    with connection.cursor() as cursor:
        _copy_tables(cursor, vendor)
        temporary = "TEMPORARY TABLE" if vendor == "postgresql" else "TEMP TABLE"
        cursor.execute(
            f"CREATE {temporary} src_person AS SELECT * FROM members_person WHERE union_id = %s", [union_id]
        )
        cursor.execute(
            f"CREATE {temporary} src_membership AS SELECT * FROM members_membership WHERE union_id = %s",
            [union_id],
        )
    started = time.perf_counter()
    # The commit as the import's: on SQLite the WAL checkpoint comes after it (write.checkpoint_afterwards).
    with checkpoint_afterwards(), transaction.atomic(), connection.cursor() as cursor:
        # The WHERE keeps SQLite from copying pages wholesale (its transfer optimisation): row by row, as an
        # import inserts.
        cursor.execute("INSERT INTO bench_person SELECT * FROM src_person WHERE id > 0")
        cursor.execute("INSERT INTO bench_membership SELECT * FROM src_membership WHERE id > 0")
    floor = time.perf_counter() - started
    with connection.cursor() as cursor:
        for table in ("bench_membership", "bench_person", "src_membership", "src_person"):
            cursor.execute(f"DROP TABLE {table}")
    return floor


def bench_roster_import(rows: int, *, code: str = "ROSTER") -> dict[str, Any]:
    """Time calamine, the dry run and the full import of a generated roster of `rows` people."""
    from python_calamine import CalamineWorkbook

    from gonghui.members.roster.importer import RosterImporter
    from gonghui.orgs.services import department_create, group_create, union_create

    folder = Path(tempfile.mkdtemp(prefix="gonghui-roster-"))
    path = folder / "roster.xlsx"
    # Written by a child process, so that openpyxl's memory does not count in this one's peak.
    subprocess.run([sys.executable, __file__, "--write", str(path), "--rows", str(rows)], check=True)

    def read() -> list[list[Any]]:
        return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()

    baseline, cells = _best_of(3, read)
    assert len(cells) == rows + 1
    del cells
    union = union_create(actor=None, name="名册导入基准工会", code=code, kind="enterprise")
    # The union's structure exists already, as it does when a union imports its roster.
    for number in range(1, 41):
        department_create(actor=None, union=union, name=f"第{number}部门")
    for number in range(1, 61):
        group_create(actor=None, union=union, name=f"第{number}小组")
    importer = RosterImporter(union=union, actor=None, today=TODAY)
    dry, report = _best_of(3, lambda: importer.run(path, dry_run=True))
    assert report.errors == [] and report.warnings == [], (report.errors[:3], report.warnings[:3])
    started = time.perf_counter()
    report = importer.run(path, dry_run=False)
    full = time.perf_counter() - started
    assert (report.written, report.counts.created) == (True, rows)
    started = time.perf_counter()
    again = importer.run(path, dry_run=False)
    unchanged = time.perf_counter() - started
    assert (again.counts.unchanged, again.counts.created, again.counts.updated) == (rows, 0, 0)
    floor = database_floor(union.pk)
    size = path.stat().st_size
    path.unlink()
    folder.rmdir()
    return {
        "name": "roster import vs a calamine read of the same file",
        "rows": rows,
        "file_mb": round(size / 1e6, 1),
        "baseline_seconds": round(baseline, 3),
        "dry_run_seconds": round(dry, 3),
        "import_seconds": round(full, 3),
        "reimport_unchanged_seconds": round(unchanged, 3),
        "dry_run_ratio": round(dry / baseline, 2),
        "import_ratio": round(full / baseline, 2),
        "reimport_ratio": round(unchanged / baseline, 2),
        "database_floor_seconds": round(floor, 3),
        "read_plus_floor_ratio": round((baseline + floor) / baseline, 2),
        "target_dry_run_ratio": 2.0,
        "target_import_ratio": 3.0,
        "peak_memory_mb": round(_peak_mb()),
        "target_peak_memory_mb": 1024,
    }


def verdict(db: str, result: dict[str, Any]) -> str:
    parts = [
        f"dry run {result['dry_run_ratio']}× (≤ {result['target_dry_run_ratio']}×)",
        f"import {result['import_ratio']}× (≤ {result['target_import_ratio']}×)",
        f"peak {result['peak_memory_mb']} MB (< {result['target_peak_memory_mb']} MB)",
        f"the read plus the database's own time for these rows: {result['read_plus_floor_ratio']}×",
    ]
    met = (
        result["dry_run_ratio"] <= result["target_dry_run_ratio"]
        and result["import_ratio"] <= result["target_import_ratio"]
        and result["peak_memory_mb"] < result["target_peak_memory_mb"]
    )
    return f"[{db}] {result['name']}: {'; '.join(parts)} — {'met' if met else 'NOT MET'}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--write", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.write:
        write_roster_file(Path(args.write), args.rows)
        return
    from run import setup_django  # benchmarks/ is on the path when this file is run

    setup_django(args.db)
    result = bench_roster_import(args.rows)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    print(verdict(args.db, result))


if __name__ == "__main__":
    main()
