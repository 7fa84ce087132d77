"""Files as they come: CSV in GBK or UTF-8, .xls, renamed and broken files."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from gonghui.core.partial_dates import PartialDate
from gonghui.members.roster.parsing import NO_HEADER_MESSAGE, RosterFileError, parse_roster
from gonghui.members.roster.tests.fixtures import LI_QIANG_ID, NIE_NA_ID, ZHANG_WEI_ID, build_messy_xlsx

TODAY = dt.date(2024, 6, 1)

CSV_TEXT = (
    "红星机械厂工会会员花名册\n"
    "序号,姓名,身份证号码,部门,入会时间,手机号码\n"
    f"1,聂 娜,{NIE_NA_ID.lower()},维修车间,2019/3/1,13800138000\n"
    ",,,,,\n"
    f"2,李强,110105850615123,财务科,2019年3月1日,\n"
    "注：本表由人事科提供\n"
)


def assert_csv_parsed(path: Path) -> None:
    parsed = parse_roster(path, today=TODAY)
    assert parsed.header_row == 2
    assert [row.number for row in parsed.rows] == [3, 5]
    assert parsed.ignored_rows == [6]
    assert parsed.rows[0].values == {
        "name": "聂娜",
        "id_number": NIE_NA_ID,
        "department": "维修车间",
        "joined_on": dt.date(2019, 3, 1),
        "phone": "13800138000",
    }
    assert parsed.rows[1].values["id_number"] == LI_QIANG_ID
    assert [str(issue) for row in parsed.rows for issue in row.issues] == [
        f"第5行 身份证号码「110105850615123」：15位旧身份证号110105850615123已按GB 11643转换为18位：{LI_QIANG_ID}"
    ]


def test_it_reads_a_gbk_csv(tmp_path: Path) -> None:
    path = tmp_path / "花名册.csv"
    path.write_bytes(CSV_TEXT.replace("\n", "\r\n").encode("gbk"))
    assert_csv_parsed(path)


def test_it_reads_a_utf8_csv_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "花名册.csv"
    path.write_bytes(CSV_TEXT.encode("utf-8-sig"))
    assert_csv_parsed(path)


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_it_sniffs_tab_and_semicolon_delimiters(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "花名册.csv"
    path.write_text(CSV_TEXT.replace(",", delimiter), encoding="utf-8")
    assert_csv_parsed(path)


def test_tab_separated_text_saved_as_xls_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "导出.xls"
    path.write_bytes(CSV_TEXT.replace(",", "\t").encode("gb18030"))
    assert_csv_parsed(path)


def test_an_id_number_that_a_csv_kept_in_scientific_notation_has_lost_its_digits(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("姓名,身份证号\n聂娜,1.10105E+17\n", encoding="utf-8")
    row = parse_roster(path, today=TODAY).rows[0]
    assert [str(issue) for issue in row.issues] == [
        "第2行 身份证号「1.10105E+17」：该列被存为数字，末位已丢失，请设为文本后重新填写"
    ]


def test_it_reads_an_xls_with_merged_cells(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt", reason="xlwt (dev extra) is needed to write an .xls fixture")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("花名册")
    sheet.write_merge(0, 0, 0, 4, "红星机械厂工会会员花名册")
    for column, header in enumerate(["序号", "姓名", "身份证号", "部门", "入会时间"]):
        sheet.write(1, column, header)
    people = [
        (1, "聂娜", NIE_NA_ID, dt.date(2019, 3, 1)),
        (2, "张伟", ZHANG_WEI_ID, 43525),
        (3, "李强", LI_QIANG_ID, "2019.3.1"),
    ]
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for offset, (serial, name, number, joined) in enumerate(people):
        row = 2 + offset
        sheet.write(row, 0, serial)
        sheet.write(row, 1, name)
        sheet.write(row, 2, number)
        if isinstance(joined, dt.date):
            sheet.write(row, 4, joined, date_style)
        else:
            sheet.write(row, 4, joined)
    sheet.write_merge(2, 4, 3, 3, "維修車間")
    path = tmp_path / "花名册.xls"
    book.save(str(path))

    parsed = parse_roster(path, today=TODAY)
    assert parsed.sheet_name == "花名册"
    assert parsed.header_row == 2
    assert [row.values for row in parsed.rows] == [
        {"name": name, "id_number": number, "department": "維修車間", "joined_on": dt.date(2019, 3, 1)}
        for _serial, name, number, _joined in people
    ]
    assert [row.issues for row in parsed.rows] == [[], [], []]


def test_an_xlsx_renamed_to_csv_is_still_read_as_a_workbook(tmp_path: Path) -> None:
    path = build_messy_xlsx(tmp_path / "messy.xlsx").rename(tmp_path / "messy.csv")
    parsed = parse_roster(path, today=TODAY)
    assert parsed.header_row == 4
    assert len(parsed.rows) == 8


def test_a_partial_birth_date_keeps_its_precision(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(f"姓名,身份证号,出生年月\n聂娜,{NIE_NA_ID},1949年\n", encoding="utf-8")
    assert parse_roster(path, today=TODAY).rows[0].values["birth_date"] == PartialDate(1949)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("花名册.docx", b"PK\x03\x04", "不支持的文件类型「.docx」：请上传 .xlsx、.xls 或 .csv 文件"),
        ("花名册", b"abc", "不支持的文件类型「（无扩展名）」：请上传 .xlsx、.xls 或 .csv 文件"),
        ("花名册.xlsx", b"", "文件「花名册.xlsx」是空的"),
        ("花名册.csv", b"\r\n \r\n", "文件「花名册.csv」是空的"),
        (
            "花名册.xlsx",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "文件「花名册.xlsx」不是电子表格，无法读取：请上传 .xlsx、.xls 或 .csv 文件",
        ),
        (
            "花名册.xlsx",
            b"PK\x03\x04 this is not a workbook",
            "文件「花名册.xlsx」已损坏或不是Excel文件，无法读取：请用Excel打开后另存为.xlsx再导入",
        ),
        (
            "花名册.xls",
            "<html><body><table><tr><td>姓名</td></tr></table></body></html>".encode(),
            "文件「花名册.xls」实际上是网页（HTML）格式，只是扩展名为.xls：请用Excel打开后另存为.xlsx再导入",
        ),
        ("花名册.csv", "会员花名册\n单位,日期\n".encode(), NO_HEADER_MESSAGE),
    ],
)
def test_unreadable_files_raise_a_chinese_message(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(RosterFileError) as caught:
        parse_roster(path)
    assert str(caught.value) == message


def test_a_workbook_without_cells_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "空表.xlsx"
    Workbook().save(path)
    with pytest.raises(RosterFileError, match=r"^文件「空表\.xlsx」是空的$"):
        parse_roster(path)


def test_the_header_must_be_within_the_first_20_rows(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A21"], sheet["B21"] = "姓名", "身份证号"
    path = tmp_path / "r.xlsx"
    workbook.save(path)
    with pytest.raises(RosterFileError) as caught:
        parse_roster(path)
    assert str(caught.value) == "未找到表头：前20行中没有一行同时包含“姓名”和“身份证号”等列名"


def test_a_missing_file_is_a_file_error(tmp_path: Path) -> None:
    with pytest.raises(RosterFileError, match=r"^无法打开文件「不存在\.xlsx」"):
        parse_roster(tmp_path / "不存在.xlsx")


def test_a_hidden_lookup_sheet_before_the_roster_is_passed_over(tmp_path: Path) -> None:
    workbook = Workbook()
    lists = workbook.active
    assert lists is not None
    lists.title = "下拉选项"
    lists.append(["中共党员", "群众"])
    lists.sheet_state = "hidden"
    roster = workbook.create_sheet("花名册")
    roster.append(["姓名", "身份证号"])
    roster.append(["聂娜", NIE_NA_ID])
    path = tmp_path / "r.xlsx"
    workbook.save(path)
    parsed = parse_roster(path)
    assert parsed.sheet_name == "花名册"
    assert parsed.rows[0].values == {"name": "聂娜", "id_number": NIE_NA_ID}


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(RosterFileError, match="已损坏或不是Excel文件"):
        parse_roster(path)
