"""The demo roster: 40 people, every kind of mess, exactly three rows in error."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from gonghui.members.roster.parsed import ERROR, WARNING
from gonghui.members.roster.parsing import parse_roster
from gonghui.members.roster.samples import write_messy_sample


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_the_sample_has_forty_people_and_exactly_three_bad_rows(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "示例花名册.xlsx"
    write_messy_sample(path, union_name="红星机械厂工会", seed=seed)
    parsed = parse_roster(path, today=dt.date(2024, 6, 1))

    assert parsed.header_row == 3
    assert parsed.unknown_headers == []
    assert parsed.file_issues == []
    assert len(parsed.rows) == 40
    assert sum(row.has_errors for row in parsed.rows) == 3
    errors = [issue.message for row in parsed.rows for issue in row.issues if issue.severity == ERROR]
    kinds = sorted(
        "duplicate" if re.fullmatch(r"与第\d+行身份证号重复", message)
        else "check digit" if message.startswith("校验位错误")
        else "impossible date" if re.fullmatch(r"\d{4}年2月30日不存在：.*", message)
        else message
        for message in errors
    )  # fmt: skip
    assert kinds == ["check digit", "duplicate", "duplicate", "impossible date"]
    warnings = [issue.message for row in parsed.rows for issue in row.issues if issue.severity == WARNING]
    assert len(warnings) == 2
    assert all(message.startswith("15位旧身份证号") for message in warnings)


def test_the_sample_is_messy_the_way_real_rosters_are(tmp_path: Path) -> None:
    path = tmp_path / "示例花名册.xlsx"
    write_messy_sample(path, union_name="红星机械厂工会", seed=3)
    parsed = parse_roster(path, today=dt.date(2024, 6, 1))
    raws = [row.raw for row in parsed.rows]
    assert any(re.search("[０-９]", raw["id_number"]) for raw in raws)
    assert any(re.search("[０-９]", raw["phone"]) for raw in raws)
    assert any(" " in raw["name"] for raw in raws)
    assert {type(row.values["joined_on"]) for row in parsed.rows if row.values["joined_on"]} == {dt.date}
    assert parsed.ignored_rows == [45, 46]
    departments = [row.values["department"] for row in parsed.rows]
    assert len(set(departments)) == 6
    assert departments == sorted(departments, key=departments.index)  # one block per department


def test_the_same_seed_gives_the_same_people(tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_messy_sample(first, union_name="工会", seed=5)
    write_messy_sample(second, union_name="工会", seed=5)
    assert [row.raw for row in parse_roster(first).rows] == [row.raw for row in parse_roster(second).rows]
