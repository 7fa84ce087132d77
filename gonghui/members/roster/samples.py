"""A realistic messy roster for officers to try the import on, and for the importer's tests.

It looks like a payroll export kept by hand: a merged title and a date line above the header, a 序号
column, 部门 merged down over each department's people, 入会时间 in six different forms, full-width digits,
a name typed with a space, two 15-digit IDs and notes under the table. Exactly three rows carry errors:

- one ID number with a wrong check digit;
- one 入会时间 that does not exist (2月30日);
- one person entered twice: the second entry repeats the first one's ID number (the first entry is the
  row with the impossible date, so the duplicate flags no fourth row).

Everything else parses cleanly; the 15-digit IDs only bring a warning each.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from gonghui.core.idnumbers import make_id_number

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任"
)
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志宏海燕丹凤晨阳"
_DEPARTMENTS = ("厂部办公室", "财务科", "一车间", "二车间", "质检科", "后勤保障部")
_POSTS = {"厂部办公室": "科员", "财务科": "会计", "一车间": "操作工", "二车间": "钳工", "质检科": "质检员"}
_POLITICAL = ("中共党员", "群众", "群众", "共青团员", "党员", "群众")
_EDUCATION = ("大学本科", "本科", "大专", "高中", "中专", "硕士研究生")
_FORMS = ("合同制", "合同", "劳务派遣", "在编")
# Address codes that python-stdnum's table knows, so valid numbers bring no region warning.
_REGIONS = ("110105", "310101", "320102", "330106", "370102", "420102", "440305", "510104")
_MOBILE_PREFIXES = ("138", "139", "186", "135", "150", "177", "189", "158")
_HEADERS = (
    "序号", "姓名", "性别", "身份证号码", "出生年月", "民族", "政治面貌", "文化程度", "部门", "职务",
    "用工形式", "入会时间", "联系电话", "工会小组", "备注",
)  # fmt: skip
_PEOPLE = 40
_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _joined_cell(joined: dt.date, form: int) -> object:
    """入会时间 in one of the six ways rosters write it."""
    return (
        joined,  # a real date cell
        (joined - _EXCEL_EPOCH).days,  # an Excel serial left in a plain number cell
        joined.isoformat(),
        f"{joined.year}/{joined.month}/{joined.day}",
        f"{joined.year}年{joined.month}月{joined.day}日",
        joined.strftime("%Y%m%d"),
    )[form % 6]


def write_messy_sample(path: Path, *, union_name: str, seed: int) -> None:
    """Write a roster of 40 people as a union would keep it, with three rows in error (see the module)."""
    rng = random.Random(seed)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "会员花名册"
    width = len(_HEADERS)
    sheet.append([f"{union_name}会员花名册"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([f"填报日期：{2024 + seed % 2}年{1 + seed % 12}月{1 + seed % 28}日"])
    sheet.append(list(_HEADERS))

    people = sorted(range(_PEOPLE), key=lambda i: i % len(_DEPARTMENTS))
    bad_check, bad_date, duplicate = rng.sample(range(3, _PEOPLE - 1), 3)
    old_ids = set(rng.sample([i for i in range(_PEOPLE) if i not in (bad_check, bad_date, duplicate)], 2))
    spaced_name = rng.choice([i for i in range(_PEOPLE) if i not in old_ids])
    used_ids: set[str] = set()
    rows: list[list[object]] = []
    first_id_of: dict[int, str] = {}
    joined_of: dict[int, dt.date] = {}
    for position, person in enumerate(people):
        department = _DEPARTMENTS[person % len(_DEPARTMENTS)]
        born = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 35))
        if person in old_ids:  # a 15-digit number: only people born in the 1900s have them
            born = born.replace(year=min(born.year, 1980))
        number = make_id_number(rng.choice(_REGIONS), born, rng.randrange(0, 1000))
        while number in used_ids:
            number = make_id_number(number[:6], born, rng.randrange(0, 1000))
        used_ids.add(number)
        gender = "男" if int(number[16]) % 2 else "女"
        joined = born + dt.timedelta(days=365 * 20 + rng.randrange(0, 365 * 15))
        joined = min(joined, dt.date(2023, 12, 31))
        joined_cell = _joined_cell(joined, position)

        id_cell: object = number
        if person in old_ids:
            id_cell = number[:6] + number[8:17]
        elif position % 7 == 3:
            id_cell = number.translate(_FULLWIDTH_DIGITS)
        if person == bad_check:
            id_cell = number[:17] + ("0" if number[17] != "0" else "1")
        if person == bad_date:
            joined_cell = f"{max(joined.year, 2001)}-02-30"
        first_id_of[position] = number
        joined_of[position] = joined

        name = rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))
        if person == spaced_name:  # typed with a space to line up with three-character names
            name = f"{name[0]} {name[-1]}"
        phone = rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        if position % 9 == 5:
            phone = phone.translate(_FULLWIDTH_DIGITS)
        rows.append(
            [
                position + 1, name, gender, id_cell, f"{born.year}.{born.month:02d}", "汉族",
                rng.choice(_POLITICAL), rng.choice(_EDUCATION), department, _POSTS.get(department, "职员"),
                rng.choice(_FORMS), joined_cell, phone, f"{department}小组", "",
            ]
        )  # fmt: skip

    # The duplicate: the person with the impossible date entered a second time, further down.
    bad_date_position = people.index(bad_date)
    duplicate_position = people.index(duplicate)
    twin = list(rows[bad_date_position])
    twin[0] = rows[duplicate_position][0]
    twin[11] = _joined_cell(joined_of[bad_date_position], duplicate_position)
    twin[3] = first_id_of[bad_date_position]
    for keep in (8, 9, 13):  # stays in the department block it is listed in
        twin[keep] = rows[duplicate_position][keep]
    rows[duplicate_position] = twin

    first_data_row = 4
    for row in rows:
        sheet.append(row)
        date_cell = sheet.cell(row=sheet.max_row, column=12)
        if isinstance(date_cell.value, dt.date):
            date_cell.number_format = "yyyy-mm-dd"
    # 部门 merged down over each department's block, as printed rosters do.
    start = first_data_row
    for offset in range(1, len(rows) + 1):
        row_number = first_data_row + offset
        if offset == len(rows) or rows[offset][8] != rows[offset - 1][8]:
            if row_number - 1 > start:
                sheet.merge_cells(start_row=start, start_column=9, end_row=row_number - 1, end_column=9)
            start = row_number
    last = first_data_row + len(rows) - 1
    sheet.append([])
    sheet.append(["注：1. 本表由人事科提供，工会办公室核对；2. 入会时间以入会登记表为准。"])
    sheet.merge_cells(start_row=last + 2, start_column=1, end_row=last + 2, end_column=width)
    sheet.append(["制表人：", "", "", "审核人：", "", "", "", "", "", "", "", "制表日期："])
    for column, size in zip(
        "ABCDEFGHIJKLMNO", (6, 10, 6, 22, 10, 8, 10, 10, 12, 10, 10, 14, 15, 14, 10), strict=True
    ):
        sheet.column_dimensions[column].width = size
    workbook.save(path)
