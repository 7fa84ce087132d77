"""Roster files for the import tests: a title row, our headers, then one row per person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from gonghui.core.idnumbers import make_id_number

HEADERS = (
    "会员编号",
    "姓名",
    "性别",
    "身份证号",
    "出生日期",
    "民族",
    "政治面貌",
    "学历",
    "部门",
    "职务",
    "用工性质",
    "在岗状态",
    "是否农民工",
    "入会时间",
    "手机",
    "工会小组",
    "备注",
)
TITLE = "测试学校工会会员名册"


def write_roster(
    path: Path, rows: Iterable[dict[str, Any]], *, headers: Sequence[str] = HEADERS, title: str | None = TITLE
) -> Path:
    """An .xlsx whose row 1 is a title (when given), the next row the headers, then the people."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "会员名册"
    if title:
        sheet.append([title])
    sheet.append(list(headers))
    for row in rows:
        sheet.append([row.get(header, "") for header in headers])
    workbook.save(path)
    return path


def person_row(n: int, **cells: Any) -> dict[str, Any]:
    """A valid new member: 王某n, born in the 1980s, with an ID number that matches gender and birth."""
    birth = dt.date(1980 + n % 10, 1 + n % 12, 1 + n % 28)
    female = n % 2 == 0
    id_number = make_id_number("110105", birth, 100 + 2 * n + (0 if female else 1))
    row: dict[str, Any] = {
        "姓名": f"王{'芳明磊静伟娜'[n % 6]}{'一二三四五六七八九十'[n % 10]}",
        "性别": "女" if female else "男",
        "身份证号": id_number,
        "出生日期": birth.isoformat(),
        "民族": "汉族",
        "政治面貌": "群众",
        "学历": "大学本科",
        "部门": "语文组",
        "职务": "教师",
        "用工性质": "合同",
        "在岗状态": "在岗",
        "是否农民工": "否",
        "入会时间": "2015-09-01",
        "手机": f"139{n:08d}",
        "工会小组": "第一工会小组",
    }
    row.update(cells)
    return row
