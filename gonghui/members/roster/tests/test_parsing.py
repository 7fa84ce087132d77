"""The parser on the messy workbook: layout, normalised values, and every problem with its row and header."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gonghui.core.partial_dates import PartialDate
from gonghui.members.roster.parsed import ERROR, WARNING, Column, Issue, ParsedRoster
from gonghui.members.roster.parsing import parse_roster
from gonghui.members.roster.tests.fixtures import (
    FULLWIDTH,
    LI_QIANG_ID,
    NIE_NA_ID,
    SUN_LI_ID,
    ZHANG_WEI_ID,
    ZHOU_JIE_ID,
    build_messy_xlsx,
)

TODAY = dt.date(2024, 6, 1)


@pytest.fixture
def messy(tmp_path: Path) -> ParsedRoster:
    return parse_roster(build_messy_xlsx(tmp_path / "花名册.xlsx"), today=TODAY)


def rows_by_number(parsed: ParsedRoster) -> dict[int, dict[str, object]]:
    return {row.number: row.values for row in parsed.rows}


def test_it_finds_the_header_below_the_title_rows(messy: ParsedRoster) -> None:
    assert messy.sheet_name == "Sheet"
    assert messy.header_row == 4
    assert messy.file_issues == []


def test_it_maps_headers_as_written_and_lists_the_unknown_ones(messy: ParsedRoster) -> None:
    assert messy.columns == [
        Column(1, "序号", None),
        Column(2, "*姓名", "name"),
        Column(3, "性别", "gender"),
        Column(4, "身份证号码", "id_number"),
        Column(5, "出生年月", "birth_date"),
        Column(6, "政治面貌", "political_status"),
        Column(7, "学历", "education"),
        Column(9, "部门", "department"),
        Column(10, "工会小组", "group"),
        Column(11, "用工形式", "employment_form"),
        Column(12, "是否农民工", "is_migrant_worker"),
        Column(13, "入会时间", "joined_on"),
        Column(14, "联系电话", "phone"),
        Column(15, "籍贯", None),
    ]
    assert messy.unknown_headers == ["籍贯"]


def test_it_skips_blank_rows_and_keeps_excel_row_numbers(messy: ParsedRoster) -> None:
    assert [row.number for row in messy.rows] == [5, 6, 7, 9, 10, 11, 12, 13]


def test_totals_and_notes_under_the_table_are_not_people(messy: ParsedRoster) -> None:
    assert messy.ignored_rows == [14, 15, 16, 17]


def test_it_normalises_a_clean_row(messy: ParsedRoster) -> None:
    row = messy.rows[0]
    assert row.values == {
        "name": "聂娜",
        "gender": "F",
        "id_number": NIE_NA_ID,
        "birth_date": PartialDate(1949, 12),
        "political_status": "cpc",
        "education": "bachelor",
        "department": "維修車間",
        "group": "第一小組",
        "employment_form": "contract",
        "is_migrant_worker": False,
        "joined_on": dt.date(2019, 3, 1),
        "phone": "13800138000",
    }
    assert row.raw == {
        "name": "聂 娜",
        "gender": "女",
        "id_number": "11010519491231002x",
        "birth_date": "1949.12",
        "political_status": "中共党员",
        "education": "本科",
        "department": "維修車間",
        "group": "第一小組",
        "employment_form": "合同制",
        "is_migrant_worker": "否",
        "joined_on": "43525",
        "phone": "１３８００１３８０００",
    }
    assert row.issues == []


def test_vertical_merges_fill_department_and_group_down(messy: ParsedRoster) -> None:
    values = rows_by_number(messy)
    assert [values[n].get("department") for n in (5, 6, 7)] == ["維修車間"] * 3
    assert [values[n].get("group") for n in (5, 6, 7)] == ["第一小組", "第一小組", "第二小组"]


def test_it_reads_every_date_form(messy: ParsedRoster) -> None:
    values = rows_by_number(messy)
    # serial 43525, 2019-03-01, 2019/3/1, 2019.3 (month only), 2019年3月1日, 20190301, a date cell
    march_first = dt.date(2019, 3, 1)
    assert [values[n].get("joined_on") for n in (5, 6, 7, 9, 10, 11, 13)] == [march_first] * 6 + [
        dt.date(2010, 7, 1)
    ]
    assert values[12]["joined_on"] is None  # 2019-02-30
    assert [values[n].get("birth_date") for n in (5, 6, 7, 10, 13)] == [
        PartialDate(1949, 12),
        PartialDate(1985, 6),
        PartialDate(1985, 6),
        PartialDate(1949, 12, 31),
        PartialDate(1988, 1, 20),
    ]


def test_it_cleans_names_ids_and_phones(messy: ParsedRoster) -> None:
    values = rows_by_number(messy)
    assert values[7]["name"] == "李强"  # ideographic space inside, trailing space
    assert values[7]["id_number"] == LI_QIANG_ID  # 15 digits converted
    assert values[9]["id_number"] == ZHANG_WEI_ID  # full-width digits
    assert values[7]["phone"] == "010-12345678"
    assert values[13]["name"] == "周傑"  # names are never converted to Simplified


def test_choice_labels_and_their_variants_become_stored_values(messy: ParsedRoster) -> None:
    values = rows_by_number(messy)
    assert [values[n].get("political_status") for n in (5, 6, 7, 10, 12)] == [
        "cpc",
        "none",
        "cyl",
        "cpc",
        "none",
    ]
    assert [values[n].get("education") for n in (5, 6, 7, 9, 10, 12, 13)] == [
        "bachelor", "college", "secondary", "master", "master", "bachelor", "junior",
    ]  # fmt: skip
    assert [values[n].get("employment_form") for n in (5, 6, 7, 9, 12)] == [
        "contract", "dispatched", "established", "contract", "intern",
    ]  # fmt: skip
    assert [values[n].get("is_migrant_worker") for n in (5, 6, 9)] == [False, True, True]


def test_it_reports_every_problem_with_row_header_and_value(messy: ParsedRoster) -> None:
    issues = [(issue.severity, str(issue)) for row in messy.rows for issue in row.issues]
    assert issues == [
        (ERROR, "第6行 身份证号码「440305198506151000」：该列被存为数字，末位已丢失，请设为文本后重新填写"),
        (
            WARNING,
            "第7行 身份证号码「110105850615123」：15位旧身份证号110105850615123已按GB 11643转换为18位："
            f"{LI_QIANG_ID}",
        ),
        (ERROR, f"第9行 身份证号码「{ZHANG_WEI_ID.translate(FULLWIDTH)}」：与第11行身份证号重复"),
        (ERROR, "第9行 出生年月「1990.04」：出生日期「1990年4月」与身份证号中的出生日期1990年3月7日不一致"),
        (
            ERROR,
            "第9行 政治面貌「无党派」：政治面貌「无党派」不在可选值中：中共党员、中共预备党员、共青团员、民主党派、群众",
        ),
        (WARNING, "第9行 入会时间「2019.3」：入会时间只写到月（2019年3月），按2019年3月1日导入"),
        (ERROR, "第9行 联系电话「1381234567」：手机号应为11位数字，实际为10位"),
        (ERROR, "第10行 身份证号码「110105194912310021」：校验位错误：按前17位计算应为X，实际为1"),
        (ERROR, "第11行 性别「女」：性别「女」与身份证号（第17位为奇数，应为男）不一致"),
        (ERROR, f"第11行 身份证号码「{ZHANG_WEI_ID}」：与第9行身份证号重复"),
        (
            WARNING,
            f"第12行 身份证号码「{SUN_LI_ID}」：地区码110199（号码前6位）不在行政区划代码表中；"
            "格式和校验位都正确，请核对前6位是否录入有误",
        ),
        (ERROR, "第12行 入会时间「2019-02-30」：2019年2月30日不存在：2019年2月只有28天"),
        (
            WARNING,
            "第12行 联系电话「14912345678」：手机号段149不在号码库（phonenumbers）的手机号段表中，"
            "可能是新开放的号段或物联网、上网卡号段；请核对号码",
        ),
        (ERROR, "第13行 是否农民工「是」：农民工的用工性质只能是合同或劳务派遣，本行是「在编」"),
    ]


def test_issues_point_at_the_sheet_column(messy: ParsedRoster) -> None:
    row = next(row for row in messy.rows if row.number == 10)
    assert row.issues == [
        Issue(10, "身份证号码", "110105194912310021", "校验位错误：按前17位计算应为X，实际为1", ERROR, 4)
    ]


def test_warnings_do_not_make_a_row_bad(messy: ParsedRoster) -> None:
    assert {row.number: row.has_errors for row in messy.rows} == {
        5: False, 6: True, 7: False, 9: True, 10: True, 11: True, 12: True, 13: True,
    }  # fmt: skip


def test_unusable_values_are_present_as_none_and_blank_cells_absent(messy: ParsedRoster) -> None:
    values = rows_by_number(messy)
    assert values[6]["id_number"] is None
    assert values[9]["political_status"] is None
    assert "phone" not in values[10]
    assert set(values[11]) == {"name", "gender", "id_number", "department", "joined_on"}


def test_traditional_departments_and_groups_become_simplified_on_request(tmp_path: Path) -> None:
    pytest.importorskip("opencc", reason="opencc is not installed")
    parsed = parse_roster(build_messy_xlsx(tmp_path / "r.xlsx"), to_simplified=True, today=TODAY)
    values = rows_by_number(parsed)
    assert [values[n].get("department") for n in (5, 6, 7, 9)] == [
        "维修车间",
        "维修车间",
        "维修车间",
        "财务科",
    ]
    assert [values[n].get("group") for n in (5, 6, 9)] == ["第一小组", "第一小组", "财务小组"]
    assert values[13]["name"] == "周傑"
    assert values[5]["name"] == "聂娜"


def test_a_future_joining_date_and_a_joining_date_before_birth_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "姓名,身份证号,入会时间\n"
        f"周傑,{ZHOU_JIE_ID},2024-06-02\n"
        f"聂娜,{NIE_NA_ID},1949-12-30\n"
        f"孙丽,{SUN_LI_ID},2005-01-01\n",
        encoding="utf-8",
    )
    parsed = parse_roster(path, today=TODAY)
    assert [str(issue) for row in parsed.rows for issue in row.issues if issue.header == "入会时间"] == [
        "第2行 入会时间「2024-06-02」：入会时间2024年6月2日晚于今天（2024年6月1日），不可能",
        "第3行 入会时间「1949-12-30」：入会时间1949年12月30日早于出生日期1949年12月31日",
        "第4行 入会时间「2005-01-01」：入会时间2005年1月1日时未满16周岁（出生日期1992年8月8日），请核对",
    ]
