"""The bulk path against the reference: the same 50 rows imported, and registered one by one with
person_register, give the same rows — field by field, decrypted — and the same audit trail."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from gonghui.core.crypto import get_keyring
from gonghui.core.models import AuditEvent
from gonghui.members.models import Membership, Person
from gonghui.members.roster.importer import RosterImporter
from gonghui.members.roster.parsing import parse_roster
from gonghui.members.services import person_register
from gonghui.members.tests.roster_files import HEADERS, person_row, write_roster
from gonghui.orgs.models import Department, Union, UnionGroup
from gonghui.orgs.services import department_create, group_create
from gonghui.testing.factories import make_union

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)
PERSON_FIELDS = [
    f.attname for f in Person._meta.concrete_fields if f.attname not in ("id", "created_at", "updated_at")
]
WITH_ID_TYPE = (*HEADERS, "证件类型")
SPAN_FIELDS = [
    f.attname
    for f in Membership._meta.concrete_fields
    if f.attname not in ("id", "created_at", "updated_at", "person_id")
]


def _varied_rows() -> list[dict[str, Any]]:
    """Fifty people covering the choices, blanks, passports, 15-digit IDs, landlines and new structures."""
    statuses = ["群众", "中共党员", "中共预备党员", "共青团员", "民主党派"]
    educations = ["博士研究生", "硕士研究生", "大学本科", "大学专科", "中专/高中", "初中及以下", ""]
    forms = ["在编", "合同", "劳务派遣", "劳务外包", "退休返聘", "实习"]
    work = ["在岗", "内退", "病休", "停薪留职"]
    rows = []
    for n in range(50):
        form = forms[n % len(forms)]
        row = person_row(
            n,
            政治面貌=statuses[n % len(statuses)],
            学历=educations[n % len(educations)],
            用工性质=form,
            在岗状态=work[n % len(work)],
            是否农民工="是" if form in ("合同", "劳务派遣") and n % 4 == 1 else "否",
            部门=["语文组", "数学组", "", "后勤处"][n % 4],
            工会小组=["第一小组", "", "第二小组"][n % 3],
            民族=["汉族", "回族", "壮族", ""][n % 4],
            职务=["教师", "", "主任"][n % 3],
            备注=["", "调入", "兼任会计"][n % 3],
        )
        if n % 7 == 3:
            row["手机"] = ""
        if n % 11 == 5:
            row["手机"] = "010-62751234"
        if n % 9 == 4:
            row["入会时间"] = ""  # joins today, with a warning
        if n % 13 == 6:
            row.update(证件类型="护照", 身份证号=f"E{1000000 + n}", 出生日期="1990-05-06")
        rows.append(row)
    rows[17]["身份证号"] = "110105850312151"  # a 15-digit number, upgraded to 18 digits
    rows[17].update(性别="男", 出生日期="1985-03-12")
    rows[18]["姓名"] = "单雄信"  # a surname read as a surname in the pinyin key
    rows[19]["姓名"] = "阿依古丽·买买提"
    return rows


def _state(union: Union) -> dict[str, Any]:
    """Everything the union now holds about people: decrypted rows, spans and audit, ids left out."""
    departments = dict(Department.objects.filter(union=union).values_list("pk", "name"))
    groups = dict(UnionGroup.objects.filter(union=union).values_list("pk", "name"))
    people = []
    for person in Person.objects.filter(union=union).order_by("member_no"):
        row = {name: getattr(person, name) for name in PERSON_FIELDS}
        row["department_id"] = departments.get(row["department_id"])
        row["group_id"] = groups.get(row["group_id"])
        spans = [
            {name: getattr(span, name) for name in SPAN_FIELDS} for span in person.memberships.order_by("id")
        ]
        people.append({"person": row, "spans": spans})
    audit = [
        (event.event_type, event.object_type, event.object_repr, event.actor_label, event.before, event.after)
        for event in AuditEvent.objects.filter(union_id=union.pk).order_by("id")
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM members_person WHERE union_id = %s", [union.pk])
        ciphertexts = cursor.fetchall()
    seq = Union.objects.values_list("member_seq", flat=True).get(pk=union.pk)
    return {"people": people, "audit": audit, "ciphertexts": ciphertexts, "member_seq": seq}


def _without_registrations(audit: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """person_register's trail as the import writes it (ADR 0007): its events for the union, departments
    and groups, without the `create` of each person and the `membership` event of their first span, which
    the import records as one event for the file (checked by _check_import_event)."""
    return [event for event in audit if event[1] not in ("members.Person", "members.Membership")]


def _check_import_event(union: Union, *, file_name: str, created: int, updated: int) -> None:
    """The import's own event: the file, its counts, and exactly the people of the union it created."""
    event = AuditEvent.objects.filter(union_id=union.pk, event_type="import").latest("id")
    people = sorted(Person.objects.filter(union=union).values_list("pk", flat=True))
    assert event.object_type == "members.RosterImport" and event.actor_label == "系统"
    assert event.after["file"] == file_name and len(event.after["sha256"]) == 64
    assert (event.after["created"], event.after["updated"]) == (created, updated)
    named = [pk for first, last in event.after["people"] for pk in range(first, last + 1)]
    assert named == (people if created else [])


def _register_one_by_one(union: Union, path: Path) -> dict[str, Any]:
    """The reference: the same parsed values through department_create, group_create, person_register."""
    parsed = parse_roster(path, today=TODAY)
    with transaction.atomic():
        departments: dict[str, Any] = {}
        groups: dict[str, Any] = {}
        for row in parsed.rows:
            name = row.values.get("department")
            if name and name not in departments:
                departments[name] = Department.objects.filter(
                    union=union, name=name
                ).first() or department_create(actor=None, union=union, name=name)
        for row in parsed.rows:
            name = row.values.get("group")
            if name and name not in groups:
                groups[name] = UnionGroup.objects.filter(union=union, name=name).first() or group_create(
                    actor=None, union=union, name=name
                )
        for row in parsed.rows:
            v = row.values
            person_register(
                actor=None,
                union=union,
                name=v["name"],
                id_number=v["id_number"],
                id_type=v.get("id_type", "resident"),
                gender=v.get("gender"),
                birth=v["birth_date"].isoformat() if v.get("birth_date") else None,
                phone=v.get("phone", ""),
                ethnicity=v.get("ethnicity", "汉族"),
                political_status=v.get("political_status", "none"),
                education=v.get("education", ""),
                department=departments.get(v.get("department", "")),
                group=groups.get(v.get("group", "")),
                post=v.get("post", ""),
                employment_form=v.get("employment_form", "contract"),
                work_status=v.get("work_status", "at_work"),
                is_migrant_worker=v.get("is_migrant_worker", False),
                notes=v.get("notes", ""),
                joined_on=v.get("joined_on") or TODAY,
                today=TODAY,
            )
        state = _state(union)
        transaction.set_rollback(True)
    return state


def test_the_bulk_path_writes_what_person_register_writes(tmp_path):
    union = make_union(code="REF")
    path = write_roster(tmp_path / "名册.xlsx", _varied_rows(), headers=WITH_ID_TYPE)
    reference = _register_one_by_one(union, path)
    assert len(reference["people"]) == 50 and Person.objects.filter(union=union).count() == 0

    report = RosterImporter(union=union, actor=None, today=TODAY).run(path, dry_run=False)

    assert (report.errors, report.counts.created) == ([], 50)
    imported = _state(union)
    assert [p["person"]["member_no"] for p in imported["people"]] == [f"REF{n:05d}" for n in range(1, 51)]
    for mine, theirs in zip(imported["people"], reference["people"], strict=True):
        assert mine == theirs
    assert imported["audit"][:-1] == _without_registrations(reference["audit"])
    assert len(imported["audit"]) == 1 + 3 + 2 + 1  # the union, its new departments and groups, the import
    assert imported["audit"][-1][:3] == (
        "import",
        "members.RosterImport",
        "花名册「名册.xlsx」导入：新增50人",
    )
    _check_import_event(union, file_name="名册.xlsx", created=50, updated=0)
    assert imported["member_seq"] == reference["member_seq"] == 50
    # Every stored private value is ciphertext that the keyring opens.
    keyring = get_keyring()
    for id_cipher, phone_cipher in imported["ciphertexts"]:
        assert id_cipher.startswith("g1:1:")
        keyring.decrypt(id_cipher, label="members.Person.id_number")
        if phone_cipher:
            keyring.decrypt(phone_cipher, label="members.Person.phone")
    kinds = {p["person"]["id_type"] for p in imported["people"]}
    assert kinds == {"resident", "passport"}


def test_plain_rows_written_from_the_plan_s_columns_are_what_person_register_writes(tmp_path):
    union = make_union(code="PLN")
    department_create(actor=None, union=union, name="语文组")
    group_create(actor=None, union=union, name="第一工会小组")
    rows = [person_row(n, 会员编号="PLN00007" if n == 3 else "") for n in range(12)]
    path = write_roster(tmp_path / "名册.xlsx", rows)
    reference = _register_one_by_one(union, path)

    report = RosterImporter(union=union, actor=None, today=TODAY).run(path, dry_run=False)

    assert (report.errors, report.warnings, report.counts.created) == ([], [], 12)
    imported = _state(union)
    by_name = {p["person"]["name"]: p for p in reference["people"]}
    for mine in imported["people"]:
        theirs = by_name[mine["person"]["name"]]
        # person_register numbers in its own order; the import skips PLN00007, which row 4 brings.
        assert {**mine["person"], "member_no": ""} == {**theirs["person"], "member_no": ""}
        assert mine["spans"] == theirs["spans"]
    assert imported["audit"][:-1] == _without_registrations(reference["audit"])
    _check_import_event(union, file_name="名册.xlsx", created=12, updated=0)
    assert sorted(p["person"]["member_no"] for p in imported["people"]) == [
        f"PLN{n:05d}" for n in range(1, 13)
    ]


def test_the_bulk_path_updates_as_person_update_does(tmp_path):
    from gonghui.members.services import person_update

    union = make_union(code="UPD")
    rows = _varied_rows()[:10]
    path = write_roster(tmp_path / "名册.xlsx", rows, headers=WITH_ID_TYPE)
    RosterImporter(union=union, actor=None, today=TODAY).run(path, dry_run=False)
    changed = [dict(row) for row in rows]
    changed[0].update(手机="13700137000", 部门="后勤处", 职务="副主任")
    changed[1].update(姓名="王明明", 政治面貌="中共党员")
    changed[2].update(学历="博士研究生", 备注="新备注", 工会小组="第三小组")
    edited = write_roster(tmp_path / "修改.xlsx", changed, headers=WITH_ID_TYPE)

    with transaction.atomic():
        people = {p.name: p for p in Person.objects.filter(union=union)}
        group = group_create(actor=None, union=union, name="第三小组")
        department = Department.objects.get(union=union, name="后勤处")
        person_update(
            actor=None,
            person=people[rows[0]["姓名"]],
            phone="13700137000",
            department=department,
            post="副主任",
        )
        person_update(actor=None, person=people[rows[1]["姓名"]], name="王明明", political_status="cpc")
        person_update(
            actor=None, person=people[rows[2]["姓名"]], education="doctorate", notes="新备注", group=group
        )
        reference = _state(union)
        transaction.set_rollback(True)

    report = RosterImporter(union=union, actor=None, today=TODAY).run(edited, dry_run=False)

    assert (report.counts.updated, report.counts.unchanged) == (3, 7)
    imported = _state(union)
    assert imported["people"] == reference["people"]
    # person_update's three events, then the import's own (which names no new person).
    assert imported["audit"][:-1] == reference["audit"]
    assert imported["audit"][-1][:3] == ("import", "members.RosterImport", "花名册「修改.xlsx」导入：修改3人")
    _check_import_event(union, file_name="修改.xlsx", created=0, updated=3)


def test_the_bulk_name_keys_and_id_hash_are_those_of_core_and_the_services():
    from gonghui.core.idnumbers import make_id_number
    from gonghui.core.names import pinyin_initials, pinyin_key, stroke_key
    from gonghui.members.roster.derived import IdHasher, NameKeys
    from gonghui.members.services import id_number_hash

    awkward = [
        "王芳", "单雄信", "单于洋", "欧阳修", "司马光", "曾国藩", "覃小燕", "区志坚", "解晓东", "朴世英",
        "阿依古丽·买买提", "John Smith", "王", "王芳芳芳芳芳芳芳芳芳芳", "李〇", "张𠀀", "重庆", "长孙无忌",
        "诸葛亮", "尉迟恭", "乐嘉", "石磊", "方明", "繁漪", "查良镛", "翟天临", "万一",
        " 王芳 ", "王 芳", "\u2003王芳", "王芳\u3000", "欧阳", "单", "·", "Anna·李",
    ]  # fmt: skip
    generated = [
        surname + given
        for surname in "王李张刘陈杨黄赵单曾"
        for given in ("伟", "芳", "长青", "重阳", "乐乐", "行长", "银行", "朝阳", "调和")
    ]
    keys = NameKeys()
    for name in awkward + generated + awkward:  # twice: the second time from the caches
        assert keys(name) == (stroke_key(name), pinyin_key(name), pinyin_initials(name)[:20]), name

    hasher = IdHasher(get_keyring())
    for number in [make_id_number("110105", dt.date(1985, 3, 12), seq) for seq in range(0, 999, 37)]:
        assert hasher(number) == id_number_hash(number)
        assert hasher(number.lower() + " ") == id_number_hash(number)


def test_given_names_read_a_character_at_a_time_read_as_pypinyin_reads_them():
    """NameKeys reads a given name from its characters' readings when no part of it is a phrase pypinyin
    knows: the same syllables as core.names for 20,000 random given names of common characters."""
    import random

    from gonghui.core.names import _stroke_ranks, pinyin_syllables
    from gonghui.members.roster.derived import NameKeys

    ranks = _stroke_ranks()
    common = [char for char in sorted(ranks, key=ranks.__getitem__) if "\u4e00" <= char <= "\u9fff"][:4000]
    chooser = random.Random(20261125)
    texts = ["".join(chooser.choices(common, k=chooser.choice((2, 2, 3)))) for _ in range(20_000)]
    texts += ["长乐", "重阳", "银行", "朝阳", "乐乐", "会计", "行长", "a李", "李a", "𠀀芳", "芳〇"]
    keys = NameKeys()
    assert [keys._part(text) for text in texts] == [pinyin_syllables(text) for text in texts]
    assert len(keys.chars) > 100  # the character-at-a-time path did run


def _plan_facts(plan: Any) -> dict[str, Any]:
    return {
        "creates": [(c.row, c.values, c.joined_on) for c in plan.creates],
        "updates": [(u.row, u.person.pk, u.before, u.after) for u in plan.updates],
        "outcomes": [(o.row, o.name, o.action, o.member_no, o.changes) for o in plan.outcomes],
        "errors": [str(issue) for issue in plan.errors],
        "warnings": [str(issue) for issue in plan.warnings],
        "structure": (plan.new_departments, plan.new_groups),
    }


@pytest.mark.parametrize("strict", [False, True])
def test_plain_rows_decided_a_column_at_a_time_get_the_row_by_row_plan(tmp_path, monkeypatch, strict):
    """The planner's column-wise path for plain new people gives what the row-by-row rules give."""
    from gonghui.members.roster.plan import RosterPlanner, plan_roster

    union = make_union(code="FAST")
    department_create(actor=None, union=union, name="语文组")
    group_create(actor=None, union=union, name="第一小组")
    rows = _varied_rows()
    known = write_roster(tmp_path / "已有.xlsx", rows[40:], headers=WITH_ID_TYPE)
    RosterImporter(union=union, actor=None, today=TODAY).run(known, dry_run=False)
    plain = [person_row(100 + n, 部门="语文组", 工会小组="第一小组", 证件类型="") for n in range(30)]
    plain[3]["入会时间"] = "2015-09"  # month only: a warning
    plain[4]["在岗状态"] = "退休"
    plain[5].update(是否农民工="是", 用工性质="在编")
    plain[6]["部门"] = "新部门"
    plain[7]["会员编号"] = "FAST00001"  # someone already here
    plain[8]["入会时间"] = "1970-01-01"  # before the birth date
    plain[9]["手机"] = "138****8000"
    plain[10]["身份证号"] = plain[11]["身份证号"]
    plain[12]["职务"] = "很长的职务" * 20
    plain[13]["会员编号"] = "X1"
    plain[14]["民族"] = "火星族"
    path = write_roster(tmp_path / "名册.xlsx", rows + plain, headers=WITH_ID_TYPE)
    parsed = parse_roster(path, today=TODAY)

    column_wise_plan = plan_roster(parsed, union=union, today=TODAY, strict=strict)
    assert sum(1 for create in column_wise_plan.creates if create._values is None) >= 20
    column_wise = _plan_facts(column_wise_plan)
    monkeypatch.setattr(RosterPlanner, "plain_rows_at_once", False)
    row_by_row = _plan_facts(plan_roster(parsed, union=union, today=TODAY, strict=strict))
    assert column_wise == row_by_row
    assert len(column_wise["creates"]) > 30 and column_wise["errors"] and column_wise["warnings"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the background inserts are SQLite's")
def test_an_insert_failing_in_the_background_fails_the_import_with_django_s_error():
    from django.db import IntegrityError

    from gonghui.members.roster.write import _BackgroundInserts

    union = make_union(code="BGE")
    connection.ensure_connection()
    with pytest.raises(IntegrityError), transaction.atomic():
        inserts = _BackgroundInserts(connection.connection)
        row = (union.pk, None, "系统", "2026-11-25 00:00:00", "create", "x", "1", "x", None, None)
        columns = "union_id, actor_id, actor_label, at, event_type, object_type, object_id, object_repr, before, after"
        inserts.temporary_table("staged_audit", columns.split(", "))
        inserts.stage("staged_audit", 10, [row, (*row[:4], None, *row[5:])])  # event_type NULL: refused
        inserts.run(f"INSERT INTO core_auditevent ({columns}) SELECT {columns} FROM temp.staged_audit")
        inserts.finish()
    assert not AuditEvent.objects.filter(union_id=union.pk, object_type="x").exists()


def test_a_progress_callback_may_use_the_database_while_the_import_writes(tmp_path):
    """The web job's progress writes its row: not during a COPY (PostgreSQL) or the other thread's INSERT."""
    union = make_union(code="PRG")
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int, message: str) -> None:
        if message.startswith("正在写入"):
            seen.append((done, Person.objects.filter(union=union).count()))

    rows = [person_row(n) for n in range(8)]
    path = write_roster(tmp_path / "名册.xlsx", rows)
    report = RosterImporter(union=union, actor=None, today=TODAY, progress=progress).run(path, dry_run=False)

    assert report.counts.created == 8
    assert [done for done, _count in seen] == [8]
    assert Person.objects.filter(union=union).count() == 8
