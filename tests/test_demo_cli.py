"""`gonghui demo` as a newcomer runs it: a fresh data dir, twice, and `gonghui stats` on the result."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

GONGHUI = str(Path(sys.executable).with_name("gonghui"))
ARGS = ["--no-serve", "--today", "2026-11-25", "--seed", "7"]
COUNT_SCRIPT = """
import datetime as dt
from gonghui.members.models import Person
from gonghui.members.selectors import people_in_lists
from gonghui.orgs.models import Union
day = dt.date(2026, 11, 25)
for code in ("QHYZ", "QHSX", "QHCG", "QHHT", "QHRS"):
    print("COUNT", code, people_in_lists(Union.objects.get(code=code), day).count())
print("NAMES", "|".join(Person.objects.order_by("union__code", "member_no").values_list("name", flat=True)))
"""


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if k != "DATABASE_URL"
    }  # the embedded SQLite, as a newcomer has
    env["GONGHUI_DATA_DIR"] = str(data_dir)
    return subprocess.run([GONGHUI, *args], env=env, capture_output=True, text=True, timeout=300, check=True)


def stats(data_dir: Path, code: str) -> dict:
    out = run(
        data_dir, "stats", "--union", code, "--period", "2026", "--today", "2026-11-25", "--json"
    ).stdout
    return json.loads(out)


def test_the_demo_builds_once_reruns_as_a_no_op_and_its_figures_match_the_lists(tmp_path):
    first = run(tmp_path / "a", "demo", *ARGS)
    assert "数据目录：" in first.stderr
    assert "人员704" in first.stdout and "qhyz-chair" in first.stdout and "登录地址：" in first.stdout
    for login in ("qhjy-fed", "qhzgh-fed", "qhht-chair", "qhrs-chair"):  # every demo union has a login
        assert login in first.stdout
    assert (tmp_path / "a" / "field-keys.json").exists() and (tmp_path / "a" / "secret_key").exists()
    again = run(tmp_path / "a", "demo", *ARGS)
    assert "示范数据已齐全，本次未新增记录" in again.stdout

    counts = {
        line.split()[1]: line.split()[2]
        for line in run(tmp_path / "a", "manage", "shell", "-c", COUNT_SCRIPT).stdout.splitlines()
        if line.startswith("COUNT ")
    }
    for code in ("QHYZ", "QHSX", "QHCG", "QHHT", "QHRS"):
        figures = {f["key"]: f["value"] for f in stats(tmp_path / "a", code)["figures"]}
        assert figures["members.active"] + figures["members.retained"] == int(counts[code]), code
    rates = {
        code: {f["key"]: f["value"] for f in stats(tmp_path / "a", code)["figures"]}["members.rate"]
        for code in ("QHYZ", "QHSX", "QHCG")
    }
    assert len(set(rates.values())) == 3, rates  # three schools, three different membership rates

    # A term is counted with the school's own calendar: 一中's 第一学期 ends a week after the primary schools'.
    term = ["stats", "--period", "2025-2026学年第一学期", "--today", "2026-11-25", "--json", "--union"]
    assert json.loads(run(tmp_path / "a", *term, "QHYZ").stdout)["period"] == {
        "label": "2025—2026学年第一学期",
        "start": "2025-09-01",
        "end": "2026-01-30",
    }
    assert json.loads(run(tmp_path / "a", *term, "QHSX").stdout)["period"]["end"] == "2026-01-23"
    assert (
        json.loads(run(tmp_path / "a", *term, "QHHT").stdout)["period"]["end"] == "2026-01-31"
    )  # default rule

    run(tmp_path / "b", "demo", *ARGS)
    again_counts = run(tmp_path / "b", "manage", "shell", "-c", COUNT_SCRIPT).stdout
    assert (
        again_counts == run(tmp_path / "a", "manage", "shell", "-c", COUNT_SCRIPT).stdout
    )  # same seed, same union
    assert stats(tmp_path / "b", "QHYZ") == stats(tmp_path / "a", "QHYZ")


def test_serve_refuses_an_unmigrated_database(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["GONGHUI_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(
        [GONGHUI, "serve", "--port", "0"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "数据库尚未迁移" in result.stderr
