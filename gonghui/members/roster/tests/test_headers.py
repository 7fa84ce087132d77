"""Headers as unions write them: synonyms, the union's own mapping, two-row headers, missing columns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from gonghui.members.roster.parsed import ERROR, WARNING, Column, Issue
from gonghui.members.roster.parsing import RosterMappingError, parse_roster
from gonghui.members.roster.tests.fixtures import NIE_NA_ID, SUN_LI_ID, ZHANG_WEI_ID

TODAY = dt.date(2024, 6, 1)


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_synonyms_with_notes_in_brackets_are_recognised(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "r.csv",
        "职工姓名,＊公民身份号码（必填）,手机号码(选填),文化程度,所在单位,人员类别,在岗情况,入会日期,备注\n"
        f"聂娜,{NIE_NA_ID},13800138000,大学专科,办公室,返聘,在职,2019-03-01,  曾借调  \n",
    )
    parsed = parse_roster(path, today=TODAY)
    assert [column.field for column in parsed.columns] == [
        "name", "id_number", "phone", "education", "department", "employment_form", "work_status",
        "joined_on", "notes",
    ]  # fmt: skip
    assert parsed.rows[0].values == {
        "name": "聂娜",
        "id_number": NIE_NA_ID,
        "phone": "13800138000",
        "education": "college",
        "department": "办公室",
        "employment_form": "rehired_retiree",
        "work_status": "at_work",
        "joined_on": dt.date(2019, 3, 1),
        "notes": "曾借调",
    }


def test_the_union_mapping_names_columns_by_field_key_or_by_our_header(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "r.csv",
        f"工号,员工姓名,证件,岗位名称,序号,姓名拼音\nA-001,聂娜,{NIE_NA_ID},车工,1,nie na\n",
    )
    mapping = {
        "工号": "会员编号",
        "员工姓名": "name",
        "证件": "身份证号码",
        "岗位名称": "职务",
        "姓名拼音": "忽略",
    }
    parsed = parse_roster(path, mapping=mapping, today=TODAY)
    assert parsed.columns == [
        Column(0, "工号", "member_no"),
        Column(1, "员工姓名", "name"),
        Column(2, "证件", "id_number"),
        Column(3, "岗位名称", "post"),
        Column(4, "序号", None),
        Column(5, "姓名拼音", None),
    ]
    assert parsed.unknown_headers == []
    assert parsed.rows[0].values == {
        "member_no": "A-001",
        "name": "聂娜",
        "id_number": NIE_NA_ID,
        "post": "车工",
    }


def test_a_mapping_can_drop_a_column_we_would_have_read(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", f"姓名,身份证号,电话\n聂娜,{NIE_NA_ID},010-1234\n")
    parsed = parse_roster(path, mapping={"电话": ""}, today=TODAY)
    assert parsed.columns[2] == Column(2, "电话", None)
    assert parsed.rows[0].values == {"name": "聂娜", "id_number": NIE_NA_ID}
    assert parsed.rows[0].issues == []


def test_a_mapping_to_no_field_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", f"姓名,身份证号\n聂娜,{NIE_NA_ID}\n")
    with pytest.raises(RosterMappingError) as caught:
        parse_roster(path, mapping={"工号": "工资"})
    assert str(caught.value).startswith(
        "列名对应「工号=工资」中的「工资」不是花名册的字段：可用的有会员编号、姓名、"
    )


def test_a_missing_required_column_is_one_file_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", "姓名,部门\n聂娜,办公室\n张伟,办公室\n")
    parsed = parse_roster(path, today=TODAY)
    assert parsed.file_issues == [
        Issue(
            1, "", "",
            "表头中没有“身份证号”列（也没有身份证号码、公民身份号码、证件号码、身份证、证件号等同义列名）："
            "该列必填；如该列用了别的名称，请把它对应为“身份证号”",
        )
    ]  # fmt: skip
    assert [row.issues for row in parsed.rows] == [[], []]


def test_two_columns_for_one_field_keep_the_first(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "r.csv", f"姓名,身份证号,手机,联系电话\n聂娜,{NIE_NA_ID},13800138000,010-12345678\n"
    )
    parsed = parse_roster(path, today=TODAY)
    assert parsed.rows[0].values["phone"] == "13800138000"
    assert parsed.file_issues == [
        Issue(
            1, "联系电话", "",
            "列「联系电话」与列「手机」都对应“手机”，只导入「手机」列；如要导入这一列，请把「手机」列对应为“忽略”",
            WARNING, 3,
        )
    ]  # fmt: skip


def test_required_cells_left_blank_are_errors(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", f"姓名,身份证号,部门\n,{NIE_NA_ID},办公室\n张伟,  ,办公室\n")
    parsed = parse_roster(path, today=TODAY)
    assert [str(issue) for row in parsed.rows for issue in row.issues] == [
        "第2行 姓名「」：姓名不能为空",
        "第3行 身份证号「」：身份证号不能为空",
    ]


def test_a_two_row_header_under_a_merged_group_title(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["会员花名册"])
    sheet.merge_cells("A1:F1")
    sheet.append(["序号", "姓名", "身份证号", "联系方式", None, "入会时间"])
    sheet.append([None, None, None, "手机", "固定电话", None])
    for column in "ABCF":
        sheet.merge_cells(f"{column}2:{column}3")
    sheet.merge_cells("D2:E2")
    sheet.append([1, "聂娜", NIE_NA_ID, "13800138000", "010-12345678", "2019-03-01"])
    path = tmp_path / "r.xlsx"
    workbook.save(path)

    parsed = parse_roster(path, today=TODAY)
    assert parsed.header_row == 2
    assert parsed.columns == [
        Column(0, "序号", None),
        Column(1, "姓名", "name"),
        Column(2, "身份证号", "id_number"),
        Column(3, "手机", "phone"),
        Column(4, "固定电话", None),
        Column(5, "入会时间", "joined_on"),
    ]
    assert parsed.unknown_headers == ["固定电话"]
    assert [row.number for row in parsed.rows] == [4]
    assert parsed.rows[0].values == {
        "name": "聂娜",
        "id_number": NIE_NA_ID,
        "phone": "13800138000",
        "joined_on": dt.date(2019, 3, 1),
    }


def test_the_row_under_a_one_row_header_is_data_even_with_merged_cells(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["姓名", "身份证号", "部门"])
    sheet.append(["聂娜", NIE_NA_ID, "办公室"])
    sheet.append(["张伟", ZHANG_WEI_ID, None])
    sheet.merge_cells("C2:C3")
    path = tmp_path / "r.xlsx"
    workbook.save(path)
    parsed = parse_roster(path, today=TODAY)
    assert [row.values.get("department") for row in parsed.rows] == ["办公室", "办公室"]


def test_rows_of_spaces_and_pre_numbered_empty_rows_are_blank(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "r.csv",
        f"序号,姓名,身份证号,部门\n1,聂娜,{NIE_NA_ID},办公室\n2,  , ,\u3000\n3,,,\n4,,,\n",
    )
    parsed = parse_roster(path, today=TODAY)
    assert [row.number for row in parsed.rows] == [2]
    assert parsed.ignored_rows == []


def test_section_titles_and_a_repeated_header_are_not_people(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["姓名", "身份证号", "部门"])
    sheet.append(["一、机关"])
    sheet.append(["聂娜", NIE_NA_ID, "办公室"])
    sheet.append(["生产一线"])
    sheet.merge_cells("A4:C4")
    sheet.append(["姓名", "身份证号", "部门"])
    sheet.append(["张伟", ZHANG_WEI_ID, "一车间"])
    sheet.append(["小计", "2人"])
    path = tmp_path / "r.xlsx"
    workbook.save(path)
    parsed = parse_roster(path, today=TODAY)
    assert [row.number for row in parsed.rows] == [3, 6]
    assert parsed.ignored_rows == [2, 4, 5, 7]
    assert all(row.issues == [] for row in parsed.rows)


def test_a_person_listed_after_the_notes_is_still_read(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "r.csv",
        f"姓名,身份证号\n聂娜,{NIE_NA_ID}\n注：以下为新入职人员\n张伟,{ZHANG_WEI_ID}\n2. 以上人员已核对\n",
    )
    parsed = parse_roster(path, today=TODAY)
    assert [row.number for row in parsed.rows] == [2, 4]
    assert parsed.ignored_rows == [3, 5]


def test_id_types_other_than_the_resident_card_get_their_own_check(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "r.csv",
        "姓名,证件类型,证件号码,性别\n"
        "John Smith,护照,e1234567,男\n"
        "陈大文,港澳居民居住证,810000199001011234,男\n"
        f"孙丽,身份证,{SUN_LI_ID},女\n"
        "李雷,外国人永久居留证,110105199001011234,男\n"
        "韩梅梅,绿卡,E99,女\n",
    )
    parsed = parse_roster(path, today=TODAY)
    values = [row.values for row in parsed.rows]
    assert [v.get("id_type") for v in values] == ["passport", "hmt_residence", "resident", "foreign_pr", None]
    assert [v.get("id_number") for v in values] == ["E1234567", None, SUN_LI_ID, None, None]
    assert [(issue.severity, str(issue)) for row in parsed.rows for issue in row.issues] == [
        (ERROR, "第3行 证件号码「810000199001011234」：校验位错误：按前17位计算应为0，实际为4"),
        (
            WARNING,
            f"第4行 证件号码「{SUN_LI_ID}」：地区码110199（号码前6位）不在行政区划代码表中；格式和校验位都正确，"
            "请核对前6位是否录入有误",
        ),
        (ERROR, "第5行 证件号码「110105199001011234」：外国人永久居留身份证号码应以9开头，实际为1"),
        (ERROR, "第5行 证件号码「110105199001011234」：校验位错误：按前17位计算应为2，实际为4"),
        (
            ERROR,
            "第6行 证件类型「绿卡」：证件类型「绿卡」不在可选值中：居民身份证、港澳台居民居住证、外国人永久居留身份证、"
            "护照、其他证件",
        ),
        (ERROR, "第6行 证件号码「E99」：居民身份证号码应为18位（或15位旧号码），实际为3位"),
    ]
