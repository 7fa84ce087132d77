"""The roster importer and `gonghui import members`: every problem reported, nothing half-done, upserts."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from gonghui.core.errors import DomainError
from gonghui.core.masking import mask_id_number
from gonghui.core.models import AuditEvent
from gonghui.members.models import Membership, Person, RosterMapping
from gonghui.members.roster.export import write_roster as export_roster
from gonghui.members.roster.importer import Change, ImportCounts, RosterImporter
from gonghui.members.services import person_update
from gonghui.members.tests.roster_files import HEADERS, person_row, write_roster
from gonghui.orgs.models import Department

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)
MESSY_ERRORS = [
    "第3行 身份证号「11010519810202103X」：与第9行身份证号重复",
    "第4行 身份证号「110105198203031040」：校验位错误：按前17位计算应为2，实际为0",
    "第5行 在岗状态「退休」：退休人员应办理保留会籍，不能登记为在职会员",
    "第6行 身份证号「{b_id}」：已在其他工会有有效会籍，需办理会籍接转",
    "第7行 身份证号「1101**********1234」：身份证号已隐去，无法匹配：请保留会员编号列或填写完整号码",
    "第8行 政治面貌「党外人士」：政治面貌「党外人士」不在可选值中：中共党员、中共预备党员、共青团员、民主党派、群众",
    "第9行 身份证号「11010519810202103X」：与第3行身份证号重复",
]


def _counts() -> tuple[int, int, int]:
    return Person.objects.count(), Membership.objects.count(), AuditEvent.objects.count()


def _messy_rows(personas) -> list[dict]:
    bad_check_digit = person_row(2)
    bad_check_digit["身份证号"] = bad_check_digit["身份证号"][:-1] + "0"
    first = person_row(1)
    return [
        first,
        bad_check_digit,
        person_row(3, 在岗状态="退休"),
        # The person of union B, whose ID number is all this file shares with them.
        person_row(4, 身份证号=personas.person_b.id_number, 性别="女", 出生日期="1985-03-12"),
        person_row(5, 身份证号="1101**********1234"),
        person_row(6, 政治面貌="党外人士"),
        person_row(7, 身份证号=first["身份证号"], 性别=first["性别"], 出生日期=first["出生日期"]),
    ]


def _fixed_rows(personas) -> list[dict]:
    return [person_row(n) for n in range(1, 7)] + [person_row(8, 部门="数学组", 工会小组="新小组")]


def _import(personas, path: Path, *, dry_run: bool = False, actor=None, **options):
    importer = RosterImporter(union=personas.a, actor=actor, today=TODAY, **options)
    return importer.run(path, dry_run=dry_run)


def _cli(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import", "members", *args, "--today", TODAY.isoformat(), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_messy_file_reports_every_error_at_once_and_writes_nothing(personas, tmp_path):
    path = write_roster(tmp_path / "名册.xlsx", _messy_rows(personas))
    before = _counts()

    report = _import(personas, path)

    expected = [line.format(b_id=personas.person_b.id_number) for line in MESSY_ERRORS]
    assert [str(issue) for issue in report.errors] == expected
    assert (report.written, report.exit_status) == (False, 1)
    assert report.counts == ImportCounts(created=0, updated=0, unchanged=0, skipped=7, absent=3)
    assert report.summary_lines()[0] == "发现7处错误，未导入任何数据：请改正后重新导入。"
    assert _counts() == before
    assert RosterMapping.objects.count() == 0


def test_after_fixing_the_file_it_imports_exactly_what_the_file_says(personas, tmp_path):
    rows = _fixed_rows(personas)
    path = write_roster(tmp_path / "名册.xlsx", rows)
    people, spans, audits = _counts()

    report = _import(personas, path)

    assert report.errors == []
    assert [str(issue) for issue in report.warnings] == [
        "第9行 部门「数学组」：本工会还没有名为「数学组」的部门，导入时将新建",
        "第9行 工会小组「新小组」：本工会还没有名为「新小组」的工会小组，导入时将新建",
    ]
    assert (report.written, report.exit_status) == (True, 0)
    assert report.counts == ImportCounts(created=7, updated=0, unchanged=0, skipped=0, absent=3)
    assert (report.new_departments, report.new_groups) == (["数学组"], ["新小组"])
    # Seven people, seven spans; audit: a department, a group, and the import's event naming the seven.
    assert _counts() == (people + 7, spans + 7, audits + 2 + 1)
    created = Person.objects.filter(union=personas.a).order_by("member_no")[3:]
    assert [p.member_no for p in created] == [f"SCHA{n:05d}" for n in range(4, 11)]
    for person, row in zip(created, rows, strict=True):
        assert (person.name, person.get_gender_display(), person.id_number, person.phone) == (
            row["姓名"],
            row["性别"],
            row["身份证号"],
            row["手机"],
        )
        assert person.birth_date.isoformat() == row["出生日期"]
        assert (person.department.name, person.group.name) == (row["部门"], row["工会小组"])
        assert (person.political_status, person.education, person.post) == ("none", "bachelor", "教师")
        assert (person.employment_form, person.work_status, person.is_migrant_worker) == (
            "contract",
            "at_work",
            False,
        )
        span = person.memberships.get()
        assert (span.status, span.start_kind, span.started_on, span.approved_on) == (
            "active",
            "new",
            dt.date(2015, 9, 1),
            dt.date(2015, 9, 1),
        )
    assert Department.objects.filter(name="数学组", union=personas.a).count() == 1
    assert dict(RosterMapping.objects.filter(union=personas.a).values_list("header", "field")) == {
        header: field
        for header, field in zip(
            HEADERS,
            [
                "member_no",
                "name",
                "gender",
                "id_number",
                "birth_date",
                "ethnicity",
                "political_status",
                "education",
                "department",
                "post",
                "employment_form",
                "work_status",
                "is_migrant_worker",
                "joined_on",
                "phone",
                "group",
                "notes",
            ],
            strict=True,
        )
    }


def test_importing_the_same_file_again_changes_nothing(personas, tmp_path):
    path = write_roster(tmp_path / "名册.xlsx", _fixed_rows(personas))
    _import(personas, path)
    before = _counts()

    report = _import(personas, path)

    assert report.counts == ImportCounts(created=0, updated=0, unchanged=7, skipped=0, absent=3)
    assert (report.errors, report.warnings) == ([], [])
    assert report.written is True
    assert _counts() == before


def test_an_update_lists_what_changed_from_what_to_what(personas, tmp_path):
    wang = personas.people_a[0]
    headers = ("会员编号", "姓名", "身份证号", "部门", "手机", "工会小组", "职务")
    row = {
        "会员编号": wang.member_no,
        "姓名": "王芳",
        "身份证号": wang.id_number,
        "部门": "数学组",  # union B has one of that name; union A gets its own
        "手机": "13900139001",
        "工会小组": "第二工会小组",
        "职务": "",  # a blank cell never erases anything
    }
    path = write_roster(tmp_path / "名册.xlsx", [row], headers=headers)
    audits = AuditEvent.objects.count()

    report = _import(personas, path)

    assert report.counts == ImportCounts(created=0, updated=1, unchanged=0, skipped=0, absent=2)
    (outcome,) = report.rows
    assert (outcome.row, outcome.name, outcome.action, outcome.member_no) == (
        3,
        "王芳",
        "update",
        "SCHA00001",
    )
    assert outcome.changes == [
        Change("部门", "语文组", "数学组"),
        Change("手机", "138****8000", "139****9001"),
        Change("工会小组", "第一工会小组", "第二工会小组"),
    ]
    wang.refresh_from_db()
    assert (wang.department.name, wang.department.union_id, wang.group.name, wang.phone) == (
        "数学组",
        personas.a.pk,
        "第二工会小组",
        "13900139001",
    )
    update = AuditEvent.objects.filter(object_type="members.Person", event_type="update").get()
    assert (update.before, update.after) == (
        {"department": "语文组", "group": "第一工会小组", "phone": "138****8000"},
        {"department": "数学组", "group": "第二工会小组", "phone": "139****9001"},
    )
    # The new department, the person's update and the import's event.
    assert AuditEvent.objects.count() == audits + 3
    event = AuditEvent.objects.filter(event_type="import").get()
    assert (event.object_repr, event.after["created"], event.after["updated"], event.after["people"]) == (
        "花名册「名册.xlsx」导入：修改1人",
        0,
        1,
        [],
    )


def test_an_officer_sees_the_changes_unmasked(personas, tmp_path):
    wang = personas.people_a[0]
    headers = ("姓名", "身份证号", "手机")
    path = write_roster(
        tmp_path / "名册.xlsx",
        [{"姓名": "王芳", "身份证号": wang.id_number, "手机": "13900139001"}],
        headers=headers,
    )

    report = _import(personas, path, dry_run=True, actor=personas.officer_a)

    assert report.rows[0].changes == [Change("手机", "13800138000", "13900139001")]
    assert Person.objects.get(pk=wang.pk).phone == "13800138000"


def test_a_masked_export_imports_back_by_member_number_and_changes_nothing(personas, tmp_path):
    from gonghui.accounts.scope import scope_for

    path = tmp_path / "导出.xlsx"
    export_roster(
        path, scope=scope_for(personas.finance_a, personas.a), on=TODAY
    )  # finance sees masked values
    sheet = load_workbook(path).active
    assert {sheet.cell(row=row, column=4).value for row in (3, 4, 5)} == {
        mask_id_number(person.id_number) for person in personas.people_a
    }
    before = _counts()

    report = _import(personas, path)

    assert (report.errors, report.warnings) == ([], [])
    assert report.counts == ImportCounts(created=0, updated=0, unchanged=3, skipped=0, absent=0)
    assert _counts() == before


def test_a_masked_row_may_still_change_its_other_cells(personas, tmp_path):
    wang = personas.people_a[0]
    headers = ("会员编号", "姓名", "身份证号", "手机", "职务")
    row = {
        "会员编号": wang.member_no,
        "姓名": "王芳",
        "身份证号": mask_id_number(wang.id_number),
        "手机": "138****8000",
        "职务": "教研组长",
    }
    path = write_roster(tmp_path / "名册.xlsx", [row], headers=headers)

    report = _import(personas, path)

    assert report.errors == []
    assert report.rows[0].changes == [Change("职务", "", "教研组长")]
    wang.refresh_from_db()
    assert (wang.post, wang.phone) == ("教研组长", "13800138000")


def _some_bad_rows() -> list[dict]:
    bad_check_digit = person_row(2)
    bad_check_digit["身份证号"] = bad_check_digit["身份证号"][:-1] + "0"
    return [person_row(1), bad_check_digit, person_row(3), person_row(6, 政治面貌="党外人士")]


def test_only_valid_imports_the_good_rows_and_lists_the_skipped_ones(personas, tmp_path):
    path = write_roster(tmp_path / "名册.xlsx", _some_bad_rows())
    people, spans, audits = _counts()

    out, _err = _cli(str(path), "--union", "SCHA", "--only-valid")

    assert out.splitlines() == [
        "错误（2处）：",
        "  第4行 身份证号「110105198203031040」：校验位错误：按前17位计算应为2，实际为0",
        "  第6行 政治面貌「党外人士」：政治面貌「党外人士」不在可选值中：中共党员、中共预备党员、共青团员、民主党派、群众",
        "跳过的行（有错误，未导入）：第4、6行",
        "共4行：新增2人，更新0人，0人没有变化，跳过2行；本工会另有3名会员不在文件中（未作任何改动）。",
        "已导入无误的行；有错误的2行已跳过。",
        f"错误和提示已标在：{tmp_path / '名册.错误.xlsx'}",
    ]
    assert _counts() == (people + 2, spans + 2, audits + 1)  # the import's event names the two
    assert set(Person.objects.filter(union=personas.a).values_list("name", flat=True)) == {
        "王芳",
        "方明",
        "石磊",
        person_row(1)["姓名"],
        person_row(3)["姓名"],
    }


def test_strict_makes_a_department_the_union_lacks_an_error(personas, tmp_path):
    path = write_roster(tmp_path / "名册.xlsx", [person_row(1), person_row(2, 部门="数学组")])
    before = _counts()

    report = _import(personas, path, strict=True)

    assert [str(issue) for issue in report.errors] == [
        "第4行 部门「数学组」：本工会没有名为「数学组」的部门（严格模式下不新建部门）"
    ]
    assert (report.written, report.exit_status, report.new_departments) == (False, 1, [])
    assert _counts() == before
    assert not Department.objects.filter(union=personas.a, name="数学组").exists()


def test_a_person_active_in_another_union_is_refused_without_a_word_about_that_union(personas, tmp_path):
    person_b = personas.person_b
    row = person_row(4, 身份证号=person_b.id_number, 性别="女", 出生日期="1985-03-12", 部门="", 工会小组="")
    path = write_roster(tmp_path / "名册.xlsx", [row])
    before = _counts()

    out, _err = _json_cli(path, expect_exit=1)

    assert [error["text"] for error in out["errors"]] == [
        f"第3行 身份证号「{person_b.id_number}」：已在其他工会有有效会籍，需办理会籍接转"
    ]
    text = json.dumps(out, ensure_ascii=False)
    for secret in ("乙校", "SCHB", personas.b.name, person_b.member_no, "数学组", "13900139000", "138****"):
        assert secret not in text
    assert _counts() == before


def _json_cli(path: Path, *args: str, expect_exit: int = 0) -> tuple[dict, str]:
    out, err = io.StringIO(), io.StringIO()
    command = [
        "import",
        "members",
        str(path),
        "--union",
        "SCHA",
        "--json",
        "--today",
        TODAY.isoformat(),
        *args,
    ]
    if expect_exit:
        with pytest.raises(SystemExit) as exited:
            call_command(*command, stdout=out, stderr=err)
        assert exited.value.code == expect_exit
    else:
        call_command(*command, stdout=out, stderr=err)
    return json.loads(out.getvalue()), err.getvalue()


def test_json_output_has_the_whole_report(personas, tmp_path):
    path = write_roster(tmp_path / "名册.xlsx", [person_row(1), person_row(2, 入会时间="")])

    data, err = _json_cli(path, "--dry-run")

    assert set(data) == {
        "file_name",
        "sheet_name",
        "header_row",
        "mapping",
        "unknown_headers",
        "ignored_rows",
        "errors",
        "warnings",
        "rows",
        "counts",
        "new_departments",
        "new_groups",
        "dry_run",
        "only_valid",
        "written",
        "exit_status",
        "error_book",
    }
    assert (data["file_name"], data["sheet_name"], data["header_row"]) == ("名册.xlsx", "会员名册", 2)
    assert data["mapping"]["身份证号"] == "id_number"
    assert data["counts"] == {"created": 2, "updated": 0, "unchanged": 0, "skipped": 0, "absent": 3}
    assert (data["dry_run"], data["written"], data["exit_status"]) == (True, False, 0)
    assert data["errors"] == []
    assert data["warnings"] == [
        {
            "row": 4,
            "header": "入会时间",
            "value": "",
            "message": "未填入会时间，按今天（2026年11月25日）登记",
            "severity": "warning",
            "column_index": 13,
            "text": "第4行 入会时间「」：未填入会时间，按今天（2026年11月25日）登记",
        }
    ]
    assert data["rows"][0] == {
        "row": 3,
        "name": person_row(1)["姓名"],
        "action": "create",
        "member_no": "",
        "changes": [],
    }
    assert data["error_book"] == str(tmp_path / "名册.错误.xlsx")
    assert err.splitlines()[-1] == "检查完成"
    assert Person.objects.count() == 4


def test_exit_codes(personas, tmp_path):
    good = write_roster(tmp_path / "好.xlsx", [person_row(1)])
    bad = write_roster(tmp_path / "坏.xlsx", _messy_rows(personas))

    _cli(str(good), "--union", "SCHA", "--dry-run")  # 0: no exception
    with pytest.raises(SystemExit) as exited:
        _cli(str(bad), "--union", "SCHA")
    assert exited.value.code == 1
    usage = {
        "找不到文件「" + str(tmp_path / "无.xlsx") + "」": [str(tmp_path / "无.xlsx"), "--union", "SCHA"],
        "未找到简码为「NOPE」的工会": [str(good), "--union", "NOPE"],
        "未找到用户「nobody」": [str(good), "--union", "SCHA", "--as", "nobody"],
        "用户「member_a」在甲校工会没有导入会员名册的权限（需要工会干部角色）": [
            str(good),
            "--union",
            "SCHA",
            "--as",
            "member_a",
        ],
        "用户「officer_b」在甲校工会没有导入会员名册的权限（需要工会干部角色）": [
            str(good),
            "--union",
            "SCHA",
            "--as",
            "officer_b",
        ],
        "--map 的值「工号」应写成 列名=字段，例如 --map 工号=会员编号": [
            str(good),
            "--union",
            "SCHA",
            "--map",
            "工号",
        ],
        "--map 的值「工号=工资」中的「工资」不是花名册的字段": [
            str(good),
            "--union",
            "SCHA",
            "--map",
            "工号=工资",
        ],
    }
    for message, args in usage.items():
        with pytest.raises(CommandError) as refused:
            _cli(*args)
        assert (str(refused.value), refused.value.returncode) == (message, 2)
    assert Person.objects.count() == 4


def test_the_error_workbook_marks_the_bad_cells(personas, tmp_path):
    path = write_roster(tmp_path / "名册.xlsx", _some_bad_rows())
    with pytest.raises(SystemExit):
        _cli(str(path), "--union", "SCHA")

    sheet = load_workbook(tmp_path / "名册.错误.xlsx").active
    assert sheet.cell(row=2, column=18).value == "错误/提示"
    assert sheet.cell(row=3, column=18).value is None
    assert sheet.cell(row=4, column=18).value == (
        "错误：身份证号「110105198203031040」：校验位错误：按前17位计算应为2，实际为0"
    )
    bad_id = sheet.cell(row=4, column=4)
    assert bad_id.value == "110105198203031040"
    assert bad_id.fill.fgColor.rgb == "00FFC7CE"
    assert bad_id.comment.text == "校验位错误：按前17位计算应为2，实际为0"
    assert sheet.cell(row=4, column=18).fill.fgColor.rgb == "00FFC7CE"
    assert sheet.cell(row=6, column=7).fill.fgColor.rgb == "00FFC7CE"  # 政治面貌
    assert sheet.cell(row=3, column=4).fill.fgColor.rgb == "00000000"  # a good cell keeps no fill
    assert sheet.cell(row=1, column=1).value == "测试学校工会会员名册"  # the file's own rows are kept


def test_the_error_workbook_of_a_csv_is_a_new_xlsx_with_the_same_rows(personas, tmp_path):
    rows = _some_bad_rows()
    path = tmp_path / "名册.csv"
    lines = [",".join(HEADERS)] + [",".join(str(row.get(h, "")) for h in HEADERS) for row in rows]
    path.write_text("\n".join(lines), encoding="utf-8-sig")
    with pytest.raises(SystemExit):
        _cli(str(path), "--union", "SCHA")

    sheet = load_workbook(tmp_path / "名册.错误.xlsx").active
    assert [cell.value for cell in sheet[1]] == [*HEADERS, "错误/提示"]
    assert sheet.cell(row=3, column=4).value == "110105198203031040"
    assert sheet.cell(row=3, column=4).fill.fgColor.rgb == "00FFC7CE"
    assert sheet.cell(row=3, column=18).value.startswith("错误：身份证号「110105198203031040」：校验位错误")


def test_a_warning_is_yellow_in_the_error_workbook(personas, tmp_path):
    path = write_roster(tmp_path / "名册.xlsx", [person_row(1, 部门="数学组")])
    _cli(str(path), "--union", "SCHA", "--dry-run")

    sheet = load_workbook(tmp_path / "名册.错误.xlsx").active
    assert sheet.cell(row=3, column=9).fill.fgColor.rgb == "00FFEB9C"
    assert (
        sheet.cell(row=3, column=18).value
        == "提示：部门「数学组」：本工会还没有名为「数学组」的部门，导入时将新建"
    )


def test_the_mapping_is_saved_for_the_union_and_used_next_time(personas, tmp_path):
    headers = ("员工姓名", "证件号", "工作单位")
    rows = [{"员工姓名": "赵一", "证件号": person_row(1)["身份证号"], "工作单位": "语文组"}]
    path = write_roster(tmp_path / "名册.xlsx", rows, headers=headers)

    _cli(str(path), "--union", "SCHA", "--map", "员工姓名=姓名", "--map", "工作单位=忽略")
    second = _import(personas, path)

    assert dict(RosterMapping.objects.filter(union=personas.a).values_list("header", "field")) == {
        "员工姓名": "name",
        "证件号": "id_number",
        "工作单位": "",
    }
    assert second.mapping == {"员工姓名": "name", "证件号": "id_number", "工作单位": None}
    assert second.counts == ImportCounts(created=0, updated=0, unchanged=1, skipped=0, absent=3)
    assert Person.objects.get(name="赵一").department is None


def test_a_retiree_already_active_cannot_retire_by_roster(personas, tmp_path):
    wang = personas.people_a[0]
    headers = ("姓名", "身份证号", "在岗状态")
    path = write_roster(
        tmp_path / "名册.xlsx",
        [{"姓名": "王芳", "身份证号": wang.id_number, "在岗状态": "退休"}],
        headers=headers,
    )

    report = _import(personas, path)

    assert [str(issue) for issue in report.errors] == [
        "第3行 在岗状态「退休」：在职会员退休时应办理保留会籍（会籍变动 → 保留会籍），不能只改在岗状态"
    ]


def test_an_id_number_corrected_through_the_member_number_rehashes_the_person(personas, tmp_path):
    wang = personas.people_a[0]
    corrected = person_row(10)  # a valid number of a woman born 1980-11-11
    headers = ("会员编号", "姓名", "身份证号")
    row = {"会员编号": wang.member_no, "姓名": "王芳", "身份证号": corrected["身份证号"]}
    path = write_roster(tmp_path / "名册.xlsx", [row], headers=headers)

    report = _import(personas, path, actor=personas.officer_a)

    assert report.rows[0].changes == [
        Change("身份证号", wang.id_number, corrected["身份证号"]),
        Change("出生日期", "1985-03-12", corrected["出生日期"]),
    ]
    wang.refresh_from_db()
    assert wang.id_number == corrected["身份证号"]
    person_update(actor=None, person=wang, post="教师")  # the stored hash agrees with the number
    assert Person.objects.filter(union=personas.a, id_number_hash=wang.id_number_hash).count() == 1


def test_a_mapping_may_name_the_field_by_our_header_or_drop_a_column(personas, tmp_path):
    headers = ("员工姓名", "证件号", "工作单位")
    rows = [{"员工姓名": "赵一", "证件号": person_row(1)["身份证号"], "工作单位": "语文组"}]
    path = write_roster(tmp_path / "名册.xlsx", rows, headers=headers)

    report = _import(personas, path, dry_run=True, mapping_overrides={"员工姓名": "name", "工作单位": "忽略"})

    assert report.mapping == {"员工姓名": "name", "证件号": "id_number", "工作单位": None}
    with pytest.raises(DomainError) as refused:
        _import(personas, path, dry_run=True, mapping_overrides={"员工姓名": "工资"})
    assert str(refused.value) == "列名对应「员工姓名=工资」中的「工资」不是花名册的字段"


def test_the_progress_bar_redraws_in_place_on_a_terminal():
    from importlib import import_module

    progress_class = import_module("gonghui.members.management.commands.import")._Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        bar = progress_class(stream)
        bar(0, 1, "正在读取文件")
        bar(5000, 10000, "正在校验 5000/10000 行")
        bar(10000, 10000, "正在写入 10000/10000 人")
        bar.finish("导入完成")
    assert terminal.getvalue().startswith("\r░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░ 正在读取文件\x1b[K\r")
    assert "\r███████████████░░░░░░░░░░░░░░░ 正在校验 5000/10000 行" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r导入完成\x1b[K\n")
    assert pipe.getvalue().splitlines() == [
        "正在读取文件",
        "正在校验 5000/10000 行",
        "正在写入 10000/10000 人",
        "导入完成",
    ]


def test_a_person_s_file_page_shows_the_import_that_created_them(personas, tmp_path, client):
    path = write_roster(tmp_path / "名册.xlsx", _fixed_rows(personas))
    report = _import(personas, path, actor=personas.officer_a)
    assert report.counts.created == 7
    created = Person.objects.filter(union=personas.a).order_by("member_no")[3:]
    earlier = Person.objects.filter(union=personas.a).order_by("member_no")[0]

    client.force_login(personas.officer_a)
    page = client.get(f"/u/SCHA/members/{created[0].pk}/").content.decode()
    other = client.get(f"/u/SCHA/members/{earlier.pk}/").content.decode()

    assert "花名册「名册.xlsx」导入：新增7人" in page and "<td>导入</td>" in page
    assert "officer_a" in page
    assert "花名册「名册.xlsx」导入" not in other  # registered before the import: not among its people
