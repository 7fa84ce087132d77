"""Messy roster files as unions send them, built in the tests themselves (nothing binary is committed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from gonghui.core.idnumbers import make_id_number

# People in the messy workbook; the numbers are valid unless a test says otherwise.
NIE_NA_ID = "11010519491231002X"  # GB 11643's own example number
WANG_FANG_ID = "440305198506151234"  # typed into a number cell: Excel keeps 15 digits
LI_QIANG_OLD_ID = "110105850615123"  # 15 digits: born 1985-06-15, sequence 123 (male)
LI_QIANG_ID = "110105198506151236"
ZHANG_WEI_ID = make_id_number("110108", dt.date(1990, 3, 7), 311)
ZHAO_MIN_BAD_ID = "110105194912310021"  # the check character should be X
SUN_LI_ID = make_id_number("110199", dt.date(1992, 8, 8), 222)  # 110199 is no county's code
ZHOU_JIE_ID = make_id_number("441427", dt.date(1988, 1, 20), 135)

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

HEADERS = [
    "序号", "*姓名", "性别", "身份证\n号码", "出生年月", "政治面貌", "学历", None, "部门", "工会小组",
    "用工形式", "是否农民工", "入会时间", "联系电话", "籍贯",
]  # fmt: skip


def build_messy_xlsx(path: Path) -> Path:
    """The roster every parsing test reads: one of each mess unions send, with known row numbers.

    Column A is blank (the table starts in B); row 1 is a title merged across, row 2 a date line, row 3
    blank, row 4 the header; people on rows 5–7 and 9–13 (row 8 is blank); totals and notes below.
    部门 is merged over rows 5–7 and 小组 over rows 5–6.
    """
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["B1"] = "红星机械厂工会会员花名册"
    sheet.merge_cells("B1:P1")
    sheet["B2"] = "填报单位（盖章）：红星机械厂工会        填报日期：2024年5月1日"
    for offset, header in enumerate(HEADERS):
        sheet.cell(row=4, column=2 + offset, value=header)
    rows = {
        5: [1, "聂 娜", "女", NIE_NA_ID.lower(), "1949.12", "中共党员", "本科", None, "維修車間", "第一小組",
            "合同制", "否", 43525, "１３８００１３８０００", "北京"],
        6: [2, "王芳", "女", int(WANG_FANG_ID), "1985-06", "群众", "大专", None, None, None,
            "劳务派遣工", "√", "2019-03-01", "13912345678", None],
        7: [3, "李　强 ", "男", LI_QIANG_OLD_ID, "1985年6月", "团员", "高中", None, None, "第二小组",
            "在编", "否", "2019/3/1", "010-12345678", None],
        9: [4, "张伟", "男", ZHANG_WEI_ID.translate(FULLWIDTH), "1990.04", "无党派", "研究生", None, "財務科",
            "財務小組", "合同工", "是", "2019.3", "1381234567", None],
        10: [5, "赵敏", "男", ZHAO_MIN_BAD_ID, dt.date(1949, 12, 31), "党员", "硕士", None, "财务科", None,
             "合同", "否", "2019年3月1日", None, None],
        11: [6, "钱进", "女", ZHANG_WEI_ID, None, None, None, None, "财务科", None,
             None, None, "20190301", None, None],
        12: [7, "孙丽", "女", SUN_LI_ID, "1992.08", "群众", "大学本科", None, "质检科", None,
             "实习生", "否", "2019-02-30", "14912345678", None],
        13: [8, "周傑", "男", ZHOU_JIE_ID, "1988-01-20", "群众", "初中", None, "质检科", None,
             "在编", "是", dt.date(2010, 7, 1), "13612345678", None],
    }  # fmt: skip
    for number, values in rows.items():
        for offset, value in enumerate(values):
            if value is not None:
                sheet.cell(row=number, column=2 + offset, value=value)
    sheet.merge_cells("J5:J7")
    sheet.merge_cells("K5:K6")
    sheet["N13"].number_format = "yyyy-mm-dd"
    sheet["F10"].number_format = "yyyy-mm-dd"
    sheet["B14"] = "合计"
    sheet["C14"] = "8人"
    sheet["B15"] = "注：1. 本表由人事科提供；"
    sheet.merge_cells("B15:P15")
    sheet["B16"] = "制表人：张三"
    sheet["E16"] = "审核人：李四"
    sheet["B17"] = "2. 入会时间以入会登记表为准。"
    workbook.save(path)
    return path
