"""The parser's fast paths give exactly what the full checks in gonghui.core give."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.idnumbers import check_id_number, make_id_number
from gonghui.core.partial_dates import PartialDateError, parse_partial_date
from gonghui.core.phones import check_phone
from gonghui.members.roster.cells import IdNumbers, Outcome, Phones, read_date
from gonghui.members.roster.parsed import ERROR, WARNING

TODAY = dt.date(2024, 6, 1)
# Current, retired, unknown, Hong Kong and foreign-permit address codes.
REGIONS = ("110105", "440524", "110199", "810000", "910000", "130534", "000000")


def as_check(result: Any) -> tuple[Any, list[str], list[str]]:
    if isinstance(result, Outcome):
        errors = [m for severity, m in result.problems if severity == ERROR]
        warnings = [m for severity, m in result.problems if severity == WARNING]
        return result.value, errors, warnings
    return result, [], []


def expected(number: str) -> tuple[Any, list[str], list[str]]:
    check = check_id_number(number, today=TODAY)
    return check.normalized, check.errors, check.warnings


@given(
    region=st.sampled_from(REGIONS),
    birth=st.dates(dt.date(1890, 1, 1), dt.date(2030, 12, 31)),
    sequence=st.integers(0, 999),
    last=st.sampled_from([None, *"0123456789X"]),
)
def test_id_numbers_fast_path_matches_check_id_number(
    region: str, birth: dt.date, sequence: int, last: str | None
) -> None:
    number = make_id_number(region, birth, sequence)
    if last is not None:
        number = number[:17] + last
    ids = IdNumbers(TODAY)
    assert as_check(ids(number)) == expected(number)
    assert as_check(ids(number)) == expected(number)  # again, from the caches


@given(st.text(alphabet="0123456789Xx -", min_size=14, max_size=20))
def test_id_numbers_of_any_shape_match_check_id_number(text: str) -> None:
    if not text.strip():
        return
    assert as_check(IdNumbers(TODAY)(text)) == expected(text)


@given(st.from_regex(r"1[0-9]{10}", fullmatch=True))
def test_mobiles_fast_path_matches_check_phone(number: str) -> None:
    check = check_phone(number)
    assert as_check(Phones()(number)) == (check.normalized, check.errors, check.warnings)


@given(
    year=st.integers(1880, 2120),
    month=st.integers(0, 13),
    day=st.integers(0, 32),
    shape=st.sampled_from(
        ["{y}-{m}-{d}", "{y}/{m}/{d}", "{y}.{m}", "{y}年{m}月{d}日", "{y}年{m}月", "{y}.{m:02d}.{d:02d}"]
    ),
)
def test_dates_fast_path_matches_parse_partial_date(year: int, month: int, day: int, shape: str) -> None:
    text = shape.format(y=year, m=month, d=day)
    try:
        wanted: object = parse_partial_date(text)
    except PartialDateError as exc:
        wanted = str(exc)
    try:
        got: object = read_date(text)
    except PartialDateError as exc:
        got = str(exc)
    assert got == wanted
