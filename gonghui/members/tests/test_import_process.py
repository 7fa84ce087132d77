"""`gonghui import members` as a real process: its exit codes, and a kill -9 in the middle of the write
leaving the database exactly as it was (the write is one transaction)."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from gonghui.core.idnumbers import make_id_number
from gonghui.members.tests.roster_files import HEADERS, person_row, write_roster

pytestmark = pytest.mark.slow

GONGHUI = str(Path(sys.executable).with_name("gonghui"))
TODAY = "2026-11-25"
SETUP = """
import django, json, sys
django.setup()
from gonghui.core.models import AuditEvent
from gonghui.members.models import Membership, Person
from gonghui.orgs.models import Union
from gonghui.orgs.services import union_create
if sys.argv[1] == "setup":
    union_create(actor=None, name="压力测试工会", code="KILL", kind="enterprise")
print(json.dumps([Person.objects.count(), Membership.objects.count(), AuditEvent.objects.count()]))
"""


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)


def _counts(env: dict[str, str], action: str = "count") -> list[int]:
    done = _run(env, sys.executable, "-c", SETUP, action)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


@pytest.fixture(scope="module")
def process_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Settings for child processes: a database of their own (a file, or a fresh PostgreSQL database)."""
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    env["GONGHUI_DATA_DIR"] = str(tmp_path_factory.mktemp("data"))
    url = os.environ.get("DATABASE_URL")
    name = f"gonghui_process_{os.getpid()}"
    if url:
        import psycopg

        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
    migrated = _run(env, GONGHUI, "manage", "migrate", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    _counts(env, "setup")
    yield env
    if url:
        import psycopg

        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def _big_roster(path: Path, rows: int) -> Path:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("会员名册")
    sheet.append(list(HEADERS))
    for n in range(rows):
        birth = dt.date(1970 + n % 20, 1 + n % 12, 1 + n % 28)
        row = person_row(0, 姓名=f"张{'伟芳娜敏静丽强磊军洋'[n % 10]}{'一二三四五六七八九十'[n // 10 % 10]}")
        row.update(
            身份证号=make_id_number(f"{110101 + n // 999 % 9:06d}", birth, n % 999),
            性别="男" if n % 999 % 2 else "女",
            出生日期=birth.isoformat(),
            手机=f"138{n:08d}",
            部门=f"第{n % 12 + 1}车间",
        )
        sheet.append([row.get(header, "") for header in HEADERS])
    workbook.save(path)
    return path


def test_a_kill_during_the_write_leaves_the_database_as_it_was(process_env, tmp_path):
    path = _big_roster(tmp_path / "大名册.xlsx", 20_000)
    before = _counts(process_env)
    command = [GONGHUI, "import", "members", str(path), "--union", "KILL", "--today", TODAY]

    child = subprocess.Popen(
        command, env=process_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert child.stderr is not None
    seen = []
    for line in child.stderr:
        seen.append(line)
        if line.startswith("正在写入"):
            child.send_signal(signal.SIGKILL)
            break
    child.wait(timeout=120)

    assert child.returncode == -signal.SIGKILL, "".join(seen)
    assert _counts(process_env) == before
    # The database is neither locked nor damaged: the same import then runs to the end.
    done = _run(process_env, *command)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _counts(process_env) == [
        before[0] + 20_000,
        before[1] + 20_000,
        before[2] + 1 + 12 + 1,
    ]  # the import's event (naming the 20,000 people), 12 departments, 1 group


def test_the_exit_status_is_0_1_or_2(process_env, tmp_path):
    good = write_roster(tmp_path / "好.xlsx", [person_row(41)])
    bad_row = person_row(42)
    bad_row["身份证号"] = bad_row["身份证号"][:-1] + ("1" if bad_row["身份证号"][-1] != "1" else "2")
    bad = write_roster(tmp_path / "坏.xlsx", [bad_row])

    def status(*args: str) -> tuple[int, str]:
        done = _run(process_env, GONGHUI, "import", "members", *args, "--today", TODAY)
        return done.returncode, done.stderr.strip().splitlines()[-1]

    assert status(str(good), "--union", "KILL", "--dry-run") == (0, "检查完成")
    assert status(str(bad), "--union", "KILL")[0] == 1
    assert status(str(tmp_path / "无.xlsx"), "--union", "KILL") == (
        2,
        f"CommandError: 找不到文件「{tmp_path / '无.xlsx'}」",
    )
    assert status(str(good), "--union", "NOPE") == (2, "CommandError: 未找到简码为「NOPE」的工会")
    assert status(str(good))[0] == 2  # --union missing: argparse's own usage error
