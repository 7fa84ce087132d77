"""Read a member roster as unions keep it (.xlsx, .xls or .csv) into normalised rows, with every problem
the file alone can show. The importer adds the checks that need the database.

A union's roster is a payroll or HR export kept by hand for years: title rows above the header, a 序号
column, merged 部门 cells, dates written five ways, full-width digits, ID numbers that Excel turned into
numbers, notes under the table. `parse_roster` reads all of that in one pass and never stops at the first
problem.

This module finds the header and the rows that hold people and checks across cells and rows;
`reading` turns the file into a grid of cells and `cells` normalises each cell.

Speed: a file can hold 100,000 rows and parsing must cost little more than reading it. Cells are
normalised a column at a time through per-value caches, rows are assembled with C-level loops, and the
cyclic garbage collector is paused while the rows are built.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

from gonghui.core.idnumbers import IdCheck, IdType, check_against_id
from gonghui.core.partial_dates import PartialDate
from gonghui.core.text import collapse_spaces, to_halfwidth
from gonghui.members.models import EmploymentForm
from gonghui.members.roster.cells import (
    BLANK,
    LOST_DIGITS_MESSAGE,
    CellRules,
    Outcome,
    ValueCache,
    cn_date,
    years_later,
)
from gonghui.members.roster.columns import BY_FIELD, COLUMNS
from gonghui.members.roster.parsed import ERROR, WARNING, Column, Issue, ParsedRoster
from gonghui.members.roster.reading import (
    SUPPORTED_SUFFIXES,
    RosterFileError,
    Sheet,
    cell_text,
    is_blank,
    read_sheets,
)

__all__ = [
    "HEADER_SEARCH_ROWS",
    "IGNORE",
    "LOST_DIGITS_MESSAGE",
    "NO_HEADER_MESSAGE",
    "SUPPORTED_SUFFIXES",
    "RosterFileError",
    "RosterMappingError",
    "collector_paused",
    "parse_roster",
]

HEADER_SEARCH_ROWS = 20
IGNORE = "忽略"  # a mapping target that drops the column

NO_HEADER_MESSAGE = "未找到表头：前20行中没有一行同时包含“姓名”和“身份证号”等列名"


class RosterMappingError(ValueError):
    """A column mapping (saved, or given with --map) names a field the roster does not have."""


# --- Headers -----------------------------------------------------------------------------------------

_HEADER_NOISE = re.compile(r"[\s*:]+")
_TRAILING_NOTE = re.compile(r"\([^()]*\)$|\[[^\[\]]*\]$|【[^【】]*】$")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
# 序号 is a row count the file keeps for itself: recognised, never imported, never reported as unknown.
_SERIAL_HEADERS = ("序号", "序", "顺序号", "no", "no.")


def _header_key(cell: Any) -> str:
    """A header cell reduced for matching: half-width, lower-case, no spaces, line breaks, "*" or ":"."""
    if cell.__class__ is not str:
        return ""
    return _HEADER_NOISE.sub("", to_halfwidth(cell)).lower()


def _header_display(cell: Any) -> str:
    """A header as written, on one line ("身份证\\n号码" → "身份证号码")."""
    return collapse_spaces(_LINE_BREAKS.sub("", cell_text(cell)))


_AUTO_HEADERS: dict[str, str | None] = {}
for _column in COLUMNS:
    for _text in (_column.field, _column.header, *_column.synonyms):
        _AUTO_HEADERS.setdefault(_header_key(_text), _column.field)
for _text in _SERIAL_HEADERS:
    _AUTO_HEADERS.setdefault(_text, None)


def _mapping_target(header: str, target: str) -> str | None:
    if target in BY_FIELD:
        return target
    key = _header_key(target)
    if not key or key == IGNORE:
        return None
    found = _AUTO_HEADERS.get(key)
    if found is None:
        fields = "、".join(column.header for column in COLUMNS)
        raise RosterMappingError(
            f"列名对应「{header}={target}」中的「{target}」不是花名册的字段：可用的有{fields}，或“{IGNORE}”"
        )
    return found


class _HeaderTable:
    """Header text → field, from our headers and synonyms overlaid with the union's mapping."""

    def __init__(self, mapping: dict[str, str] | None) -> None:
        self.fields = dict(_AUTO_HEADERS)
        for header, target in (mapping or {}).items():
            self.fields[_header_key(header)] = _mapping_target(header, target)

    def lookup(self, cell: Any) -> tuple[bool, str | None]:
        """(known, field): known headers with field None are ignored columns (序号, or mapped to 忽略)."""
        key = _header_key(cell)
        if not key:
            return False, None
        if key in self.fields:
            return True, self.fields[key]
        bare = _TRAILING_NOTE.sub("", key)  # "身份证号码（必填）"
        if bare != key and bare in self.fields:
            return True, self.fields[bare]
        return False, None

    def field_count(self, row: Sequence[Any]) -> int:
        return len({found for cell in row if (found := self.lookup(cell)[1]) is not None})


def _find_header(sheet: Sheet, headers: _HeaderTable) -> int | None:
    """The header row: the first of the sheet's first 20 rows naming at least two of our fields."""
    for r, row in enumerate(sheet.cells[: max(0, HEADER_SEARCH_ROWS - sheet.first_row)]):
        if headers.field_count(row) >= 2:
            return r
    return None


def _header_texts(sheet: Sheet, h: int, headers: _HeaderTable) -> tuple[list[str], int]:
    """Each column's header text and the first data row, reading a second header row when there is one.

    A two-row header puts a group title ("联系方式", merged across) above its sub-columns (手机, 电话),
    while single headers are merged down over both rows (filled down into the second row already).
    The row below is a second header row when everything in it either repeats the header above, sits
    under a blank or merged-across header, or is itself a header, and at least one cell is a new header.
    """
    cells = sheet.cells
    top = [_header_display(cell) for cell in cells[h]]
    if h + 1 >= len(cells):
        return top, h + 1
    below = [_header_display(cell) for cell in cells[h + 1]]
    spanned = {c for r, c1, c2 in sheet.spans if r == h for c in range(c1, c2 + 1)}
    new_header = False
    for c, text in enumerate(below):
        if not text or text == top[c]:
            continue
        known = headers.lookup(text)[0]
        if not (known or not top[c] or c in spanned):
            return top, h + 1
        new_header = new_header or known
    if not new_header:
        return top, h + 1
    combined = []
    for c, (upper, lower) in enumerate(zip(top, below, strict=True)):
        if (
            lower
            and lower != upper
            and (headers.lookup(lower)[0] or not headers.lookup(upper)[0] or c in spanned)
        ):
            combined.append(lower)
        else:
            combined.append(upper)
    return combined, h + 2


# --- Rows --------------------------------------------------------------------------------------------

_ID_LIKE = re.compile(r"\d{14}")
_MIN_JOINING_AGE = 16  # 劳动法第十五条: no employment under 16

_ROW_NOISE = re.compile(r"\s+")
# Text under the table: notes, signatures and dates; everything after such a row that does not carry an
# ID number is part of the notes too ("注：1. …", "2. …").
_NOTE_ROW = re.compile(
    r"注|备注|说明|填表|制表|填报|审核|审批|单位负责人|负责人|经办人|联系人|日期|盖章|签字|签名|报送"
)
_TOTAL_ROW = re.compile(r"合计|总计|小计|共计|总人数|人数合计")
_SECTION_ROW = re.compile(r"[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)")
_BANNER_WIDTH = 3  # a row that is one cell merged across this many columns is a title, not a person


@dataclass
class _Spec:
    position: int  # column in `cells`
    field: str
    header: str  # as written
    index: int  # 0-based sheet column


def _tuple_getter(positions: list[int]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    if len(positions) == 1:
        position = positions[0]
        return lambda row: (row[position],)
    return itemgetter(*positions)


def _looks_like_id(cell: Any) -> bool:
    if cell.__class__ is str:
        return _ID_LIKE.search(cell) is not None
    return isinstance(cell, int | float) and not isinstance(cell, bool) and abs(cell) >= 1e13


class _Reader:
    def __init__(
        self, path: Path, sheet: Sheet, header: int, headers: _HeaderTable, rules: CellRules
    ) -> None:
        self.path = path
        self.sheet = sheet
        self.header = header
        self.headers = headers
        self.rules = rules
        self.file_issues: list[Issue] = []
        self.ignored_rows: list[int] = []

    def excel_row(self, r: int) -> int:
        return self.sheet.first_row + r + 1

    def read(self) -> ParsedRoster:
        texts, data_start = _header_texts(self.sheet, self.header, self.headers)
        columns, specs, unknown = self._columns(texts)
        candidates = self._data_rows(data_start, specs)
        parsed = ParsedRoster(
            path=self.path,
            sheet_name=self.sheet.name,
            header_row=self.excel_row(self.header),
            columns=columns,
            unknown_headers=unknown,
            file_issues=self.file_issues,
            ignored_rows=self.ignored_rows,
        )
        self._parse_rows(candidates, specs, parsed)
        return parsed

    def _columns(self, texts: list[str]) -> tuple[list[Column], list[_Spec], list[str]]:
        columns: list[Column] = []
        specs: list[_Spec] = []
        unknown: list[str] = []
        taken: dict[str, str] = {}
        for position, text in enumerate(texts):
            if not text:
                continue
            index = self.sheet.first_col + position
            known, name = self.headers.lookup(text)
            if not known:
                if text not in unknown:
                    unknown.append(text)
            elif name is not None and name in taken:
                self.file_issues.append(
                    Issue(
                        self.excel_row(self.header), text, "",
                        f"列「{text}」与列「{taken[name]}」都对应“{BY_FIELD[name].header}”，只导入「{taken[name]}」列；"
                        f"如要导入这一列，请把「{taken[name]}」列对应为“{IGNORE}”",
                        severity=WARNING, column_index=index,
                    )
                )  # fmt: skip
                name = None
            elif name is not None:
                taken[name] = text
                specs.append(_Spec(position, name, text, index))
            columns.append(Column(index=index, header=text, field=name))
        for name in ("name", "id_number"):
            if name not in taken:
                column = BY_FIELD[name]
                self.file_issues.append(
                    Issue(
                        self.excel_row(self.header), "", "",
                        f"表头中没有“{column.header}”列（也没有{'、'.join(column.synonyms)}等同义列名）："
                        f"该列必填；如该列用了别的名称，请把它对应为“{column.header}”",
                    )
                )  # fmt: skip
        return columns, specs, unknown

    def _row_kind(self, r: int, specs: list[_Spec]) -> str | None:
        """What a row that is not a person is: "note", "total", "section" or "header"; None for a person."""
        row = self.sheet.cells[r]
        for c, cell in enumerate(row):
            if is_blank(cell):
                continue
            if cell.__class__ is str:
                text = _ROW_NOISE.sub("", to_halfwidth(cell))
                if _NOTE_ROW.match(text):
                    return "note"
                if _TOTAL_ROW.match(text):
                    return "total"
                if _SECTION_ROW.match(text):
                    return "section"
            if any(s == r and c1 == c and c2 - c1 + 1 >= _BANNER_WIDTH for s, c1, c2 in self.sheet.spans):
                return "section"
            break
        # The header repeated (files glued together, or printed with repeating title rows).
        key_cells = [s for s in specs if s.field in ("name", "id_number")]
        if key_cells and all(_header_key(row[s.position]) == _header_key(s.header) for s in key_cells):
            return "header"
        return None

    def _data_rows(self, start: int, specs: list[_Spec]) -> list[int]:
        """The rows below the header that hold people: blank rows, notes, totals and titles left out."""
        cells = self.sheet.cells
        filled = self.sheet.filled
        positions = [s.position for s in specs]
        if not positions:
            return []
        below = cells[start:]
        occupied = list(map(any, map(_tuple_getter(positions), below)))
        id_position = next((s.position for s in specs if s.field == "id_number"), None)
        if id_position is None:
            people: list[Any] = [None] * len(below)
        else:
            id_cells = list(map(itemgetter(id_position), below))
            looks_like_id = _ID_LIKE.search if set(map(type, id_cells)) <= {str} else _looks_like_id
            people = list(map(looks_like_id, id_cells))
        candidates: list[int] = []
        trailer = False
        for r, busy, person in zip(range(start, len(cells)), occupied, people, strict=True):
            if not busy:
                # Nothing in our columns; a note merged across from the 序号 column is still a note.
                if any(cells[r]) and not all(map(is_blank, cells[r])):
                    kind = self._row_kind(r, specs)
                    if kind is not None or trailer:
                        self.ignored_rows.append(self.excel_row(r))
                        trailer = trailer or kind == "note"
                continue
            if person and r not in filled:
                candidates.append(r)
                continue
            row = cells[r]
            if r in filled and all(is_blank(row[c]) for c in positions if c not in filled[r]):
                continue  # only the tail of a merged 部门 cell
            if not person:
                kind = self._row_kind(r, specs)
                if kind is not None or trailer:
                    self.ignored_rows.append(self.excel_row(r))
                    trailer = trailer or kind == "note"
                    continue
            candidates.append(r)
        return candidates

    def _parse_rows(self, candidates: list[int], specs: list[_Spec], parsed: ParsedRoster) -> None:
        """Normalise the candidate rows a column at a time into `parsed`'s columns, with every issue."""
        cells = self.sheet.cells
        count = len(candidates)
        numbers = [self.sheet.first_row + r + 1 for r in candidates]
        if not specs or not count:
            return
        # The sheet turned into columns at C speed (rows are padded to one width), then ours picked out.
        sheet_columns = list(zip(*map(cells.__getitem__, candidates), strict=True))
        columns = [sheet_columns[s.position] for s in specs]
        del sheet_columns

        outcomes: dict[str, list[Any]] = {}
        raws: dict[str, Sequence[str]] = {}
        for spec, column in zip(specs, columns, strict=True):
            normalize, cacheable = self.rules.normalizer(spec.field)
            types = set(map(type, column))
            if cacheable and bool not in types:  # True == 1 == 1.0 as dict keys
                outcomes[spec.field] = list(map(ValueCache(normalize).__getitem__, column))
            else:
                outcomes[spec.field] = list(map(normalize, column))
            if types <= {str}:
                raws[spec.field] = column
            else:
                raws[spec.field] = [c if c.__class__ is str else cell_text(c) for c in column]

        if "id_type" in outcomes and "id_number" in outcomes:
            ids, id_cells = outcomes["id_number"], columns[[s.field for s in specs].index("id_number")]
            for k, id_type in enumerate(outcomes["id_type"]):
                if id_type.__class__ is str and id_type != IdType.RESIDENT:
                    ids[k] = (
                        self.rules.ids.check(id_cells[k], id_type) if not is_blank(id_cells[k]) else BLANK
                    )
        del columns

        issues: dict[int, list[Issue]] = {}
        by_field = {s.field: s for s in specs}

        def add(k: int, name: str, message: str, severity: str = ERROR) -> None:
            spec = by_field[name]
            shown = str(raws[name][k]).strip()
            issues.setdefault(k, []).append(
                Issue(numbers[k], spec.header, shown, message, severity, spec.index)
            )

        values: dict[str, list[Any]] = {}
        blanks: dict[str, list[int]] = {}
        for spec in specs:
            out = outcomes[spec.field]
            special = (
                [k for k, o in enumerate(out) if o.__class__ is Outcome]
                if Outcome in set(map(type, out))
                else []
            )
            clean = out[:] if special else out
            blank_rows = []
            for k in special:
                o = out[k]
                clean[k] = o.value
                if o is BLANK:
                    blank_rows.append(k)
                for severity, message in o.problems:
                    add(k, spec.field, message, severity)
            values[spec.field] = clean
            blanks[spec.field] = blank_rows

        dropped = self._blank_rows(count, specs, blanks, outcomes)
        del outcomes
        for name in ("name", "id_number"):
            if name in blanks:
                for k in blanks[name]:
                    if k not in dropped:
                        add(k, name, f"{BY_FIELD[name].header}不能为空")
        _cross_check(self.rules, values, numbers, add)

        for found in issues.values():
            found.sort(key=_by_column)
        if dropped:
            kept = [k for k in range(count) if k not in dropped]
            new_index = {k: n for n, k in enumerate(kept)}
            pick = _tuple_getter(kept) if kept else (lambda column: ())
            numbers = list(pick(numbers))
            values = {name: list(pick(column)) for name, column in values.items()}
            raws = {name: list(pick(column)) for name, column in raws.items()}
            blanks = {name: [new_index[k] for k in rows if k in new_index] for name, rows in blanks.items()}
            issues = {new_index[k]: found for k, found in issues.items() if k in new_index}
        parsed.numbers = numbers
        parsed.values = values
        parsed.raw = raws
        parsed.blanks = {name: frozenset(rows) for name, rows in blanks.items()}
        parsed.issues = issues

    @staticmethod
    def _blank_rows(
        count: int, specs: list[_Spec], blanks: dict[str, list[int]], outcomes: dict[str, list[Any]]
    ) -> set[int]:
        """Rows whose cells all held only spaces (a quick `any()` let them through)."""
        key = "name" if "name" in blanks else specs[0].field
        return {k for k in blanks[key] if all(outcomes[s.field][k] is BLANK for s in specs)}


def _by_column(issue: Issue) -> int:
    return issue.column_index or 0


def _cross_check(
    rules: CellRules, values: dict[str, list[Any]], numbers: list[int], add: Callable[..., None]
) -> None:
    """Checks across columns (birth date and gender against the ID, dates in order) and across rows."""
    none = [None] * len(numbers)
    ids = values.get("id_number", none)
    births = values.get("birth_date", none)
    genders = values.get("gender", none)
    joined = values.get("joined_on", none)
    if births is not none or genders is not none or joined is not none:
        rows = zip(ids, values.get("id_type", none), births, genders, joined, strict=True)
        born_on = rules.ids.births
        for k, (number, id_type, birth, gender, day) in enumerate(rows):
            born: dt.date | None = None
            if number is not None and id_type not in _NO_BIRTH_IN_NUMBER:
                born = born_on[number[6:14]]
                if (birth is not None and not birth.agrees_with(born)) or (
                    gender is not None and gender != _GENDER_BY_DIGIT[number[16]]
                ):
                    _check_against_id(k, number, born, birth, gender, add)
            if day is not None:
                if born is None and birth is not None:
                    born = birth.first_day if birth.day is not None else None
                    if born is None and day < birth.first_day:
                        add(k, "joined_on", f"入会时间{cn_date(day)}早于出生日期{birth}")
                if born is not None and day.year - born.year <= _MIN_JOINING_AGE:
                    _check_joining_age(k, day, born, add)
    _check_migrant_workers(values, add)
    _check_duplicates(ids, numbers, "id_number", add)
    if "member_no" in values:
        _check_duplicates(values["member_no"], numbers, "member_no", add)


_NO_BIRTH_IN_NUMBER = frozenset({IdType.PASSPORT.value, IdType.OTHER.value})
_GENDER_BY_DIGIT = {str(digit): "M" if digit % 2 else "F" for digit in range(10)}


def _check_against_id(
    k: int,
    number: str,
    born: dt.date,
    birth: PartialDate | None,
    gender: str | None,
    add: Callable[..., None],
) -> None:
    check = IdCheck(normalized=number, birth_date=born, gender=_GENDER_BY_DIGIT[number[16]])
    if birth is not None:
        for message in check_against_id(check, birth=birth, gender=None):
            add(k, "birth_date", message)
    if gender is not None:
        for message in check_against_id(check, birth=None, gender=gender):
            add(k, "gender", message)


def _check_joining_age(k: int, joined: dt.date, born: dt.date, add: Callable[..., None]) -> None:
    if joined < born:
        add(k, "joined_on", f"入会时间{cn_date(joined)}早于出生日期{cn_date(born)}")
    elif joined < years_later(born, _MIN_JOINING_AGE):
        add(
            k, "joined_on",
            f"入会时间{cn_date(joined)}时未满{_MIN_JOINING_AGE}周岁（出生日期{cn_date(born)}），请核对",
            WARNING,
        )  # fmt: skip


def _check_migrant_workers(values: dict[str, list[Any]], add: Callable[..., None]) -> None:
    migrants, forms = values.get("is_migrant_worker"), values.get("employment_form")
    if migrants is None or forms is None:
        return
    allowed = {EmploymentForm.CONTRACT.value, EmploymentForm.DISPATCHED.value}
    for k, (migrant, form) in enumerate(zip(migrants, forms, strict=True)):
        if migrant is True and form is not None and form not in allowed:
            add(
                k,
                "is_migrant_worker",
                f"农民工的用工性质只能是合同或劳务派遣，本行是「{EmploymentForm(form).label}」",
            )


def _check_duplicates(column: list[Any], numbers: list[int], name: str, add: Callable[..., None]) -> None:
    first: dict[Any, int] = {}
    repeated: dict[Any, list[int]] = {}
    for k, value in enumerate(column):
        if value is None:
            continue
        seen = first.setdefault(value, k)
        if seen != k:
            repeated.setdefault(value, [seen]).append(k)
    label = BY_FIELD[name].header
    for group in repeated.values():
        for k in group:
            others = "、".join(f"第{numbers[o]}行" for o in group if o != k)
            add(k, name, f"与{others}{label}重复")


# --- Entry point -------------------------------------------------------------------------------------


def parse_roster(
    path: Path,
    *,
    mapping: dict[str, str] | None = None,
    to_simplified: bool = False,
    today: dt.date | None = None,
) -> ParsedRoster:
    """Read a roster file (.xlsx, .xls or .csv) into normalised rows with every problem the file shows.

    `mapping` maps a header as written to a field key or one of our headers ("工号" → "会员编号");
    "" or "忽略" drops the column. `to_simplified` converts Traditional characters in 部门 and 工会小组
    (never in names). Raises `RosterFileError` when the file cannot be read as a roster at all, and
    `RosterMappingError` when the mapping names no field. Rows are kept even with errors; a missing
    required column is one file-level error, not one per row.
    """
    path = Path(path)
    headers = _HeaderTable(mapping)
    rules = CellRules(today or dt.date.today(), to_simplified)
    saw_cells = False
    with collector_paused():
        for sheet in read_sheets(path):
            saw_cells = saw_cells or any(not is_blank(cell) for row in sheet.cells[:200] for cell in row)
            header = _find_header(sheet, headers)
            if header is not None:
                return _Reader(path, sheet, header, headers, rules).read()
    if not saw_cells:
        raise RosterFileError(f"文件「{path.name}」是空的")
    raise RosterFileError(NO_HEADER_MESSAGE)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of cells are turned into rows (and planned).

    The parse allocates a few objects per cell and frees almost none, so each collection walks the whole
    growing heap for nothing: with the collector running, a 100,000-row file takes about 40% longer. The
    importer keeps it paused through planning and writing too, which allocate a few objects per row.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
