"""The work summary from known records: every number true and on the figure sheet, the writing rules,
determinism, privacy, 不足 with matching plan items, length, Traditional script, and the CLI."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document as read_docx
from openpyxl import load_workbook

from gonghui.activities import services as activities
from gonghui.orgs.services import committee_establish, group_create, headcount_record
from gonghui.reports import registry
from gonghui.reports.periods import parse_period
from gonghui.reports.summary.build import SummaryOptionError, build
from gonghui.reports.summary.document import NAME, NUMBER, TEXT, SummaryDocument
from gonghui.reports.summary.render import outline, to_markdown
from gonghui.reports.summary.run import to_traditional, write_summary
from gonghui.reports.summary.service import prepare_union
from gonghui.reports.wording import approx_value
from gonghui.testing import pdfcheck
from gonghui.testing.factories import make_person, make_union

pytestmark = pytest.mark.django_db

RARE = ("王堃", "李喆", "张昇", "刘珺", "陈犇", "杨玥", "赵璟", "黄祎", "周琤", "吴垚")
SIGNED = dt.date(2026, 1, 8)
AS_OF = dt.date(2026, 1, 8)


@pytest.fixture
def school(db):
    """A school union whose 2025 is known: 11 members against 12 staff; the 语文组 all took part, the
    数学组 one of five; a culture event with a county team result and a named winner, a training earning
    two hours each for three members, a city honour, and an activity in 2026 that 2025 must not show."""
    union = make_union(
        code="SY",
        name="清河县实验学校工会",
        party_org_name="中共清河县实验学校支部委员会",
        upper_union_name="清河县教育工会",
    )
    headcount_record(actor=None, union=union, as_of=dt.date(2025, 1, 1), total=12, women=6)
    chinese = group_create(actor=None, union=union, name="语文组")
    maths = group_create(actor=None, union=union, name="数学组")
    people = [
        make_person(union, name=name, joined_on=dt.date(2020, 9, 1), group=chinese if i < 5 else maths)
        for i, name in enumerate(RARE)
    ]
    newcomer = make_person(union, name="郑嫚", joined_on=dt.date(2025, 3, 1))
    games = activities.activity_create(
        actor=None,
        union=union,
        title="教职工趣味运动会",
        kind="文体活动",
        starts_on=dt.date(2025, 4, 10),
        start_time=dt.time(15, 40),
        place="学校操场",
        description="设置跳绳、拔河和接力三个项目。",
        is_highlight=True,
    )
    activities.attendance_set(actor=None, session=games.sessions.get(), persons=[*people[:5], people[5]])
    activities.result_add(
        actor=None, activity=games, level="county", title="团体第一名", is_team=True, issuer="县教育工会"
    )
    activities.result_add(
        actor=None, activity=games, level="county", title="男子跳绳第一名", persons=[people[0]]
    )
    training = activities.activity_create(
        actor=None,
        union=union,
        title="工会法专题学习会",
        kind="学习/培训",
        starts_on=dt.date(2025, 5, 20),
        start_time=dt.time(16, 0),
        place="学校会议室",
        training_hours=Decimal("2.0"),
        training_topic="工会法",
        trainer="县总工会讲师",
    )
    activities.attendance_set(actor=None, session=training.sessions.get(), persons=people[:3])
    activities.honour_add(
        actor=None,
        union=union,
        title="先进工作者",
        level="city",
        issuer="市人民政府",
        awarded_on=dt.date(2025, 9, 9),
        person=people[1],
    )
    later = activities.activity_create(
        actor=None,
        union=union,
        title="新春联欢会",
        kind="节日活动",
        starts_on=dt.date(2026, 1, 5),
        start_time=dt.time(15, 0),
    )
    activities.attendance_set(actor=None, session=later.sessions.get(), persons=people)
    return union, people, newcomer


def summary(union, period: str = "2025", *, as_of=AS_OF, **options) -> SummaryDocument:
    prepared = prepare_union(union, period=parse_period(period), as_of=as_of)
    return build(prepared, signed_on=options.pop("signed_on", SIGNED), **options)


def text_of(document: SummaryDocument) -> str:
    return to_markdown(document)


DATE = re.compile(r"\d{4}年(\d{1,2}月(\d{1,2}日)?)?|\d{1,2}月\d{1,2}日|\d{1,2}月")


def test_every_number_in_the_text_is_a_fact_with_that_value(school):
    union, _, _ = school
    document = summary(union)
    numbers = [span for span in document.spans() if span.kind == NUMBER]
    assert numbers
    for span in numbers:
        fact = document.facts[span.fact]
        approx = approx_value(span.text)
        if approx is None:
            assert span.text in (fact.written, f"{fact.value}"), span
        elif approx[0] == "余":
            assert fact.value > approx[1]
        else:
            assert approx[1] * Decimal("0.95") <= fact.value < approx[1]
    for span in document.spans():
        if span.kind == TEXT:
            plain = DATE.sub("", re.sub(r"“[^”]*”", "", span.text))
            assert not re.search(r"\d", plain), span.text


def test_the_known_values_are_true(school):
    union, _, _ = school
    facts = summary(union).facts
    assert facts["activities.count"].value == 2
    assert facts["activities.person_times"].value == 9
    assert facts["activities.trainings"].value == 1
    assert facts["activities.study_hours"].value == Decimal("6.0")
    assert facts["members.active"].value == 11
    assert facts["members.rate"].written == "91.7%"
    assert facts["members.new"].value == 1
    assert facts[f"activity:{_activity_pk(union, '教职工趣味运动会')}.persons"].value == 6
    assert [r.text for r in facts["activities.trainings"].record_list()] == ["2025年5月20日 工会法专题学习会"]


def _activity_pk(union, title: str) -> int:
    from gonghui.activities.models import Activity

    return Activity.objects.get(union=union, title=title).pk


def test_registry_facts_agree_with_gonghui_stats(school):
    union, _, _ = school
    document = summary(union)
    out = io.StringIO()
    call_command("stats", "--union", "SY", "--period", "2025", "--today", "2026-01-08", "--json", stdout=out)
    stats = {row["key"]: row["value"] for row in json.loads(out.getvalue())["figures"]}
    registry_facts = [f for f in document.facts.values() if f.from_registry and "@" not in f.key]
    assert len(registry_facts) >= 8
    for fact in registry_facts:
        assert stats[fact.key] == registry.serialise(registry.get(fact.key), fact.value), fact.key
        if fact.unit in ("人", "人次", "项", "次", "个"):
            assert approx_value(fact.written) or fact.written == str(stats[fact.key])


def test_structure_follows_the_union_kind_and_numbering_is_continuous(school):
    union, _, _ = school
    document = summary(union)
    lines = outline(document)
    assert lines[0] == ("title", "清河县实验学校工会2025年工作总结")
    h1 = [text for role, text in lines if role == "h1"]
    assert [h[: h.index("、") + 1] for h in h1] == ["一、", "二、", "三、", "四、", "五、", "六、"][: len(h1)]
    assert h1[-2].endswith("存在的不足") and h1[-1].endswith("2026年工作打算")
    assert all("，" in h for h in h1[:-2]), h1  # two-part headings
    opening = lines[1][1]
    assert "中共清河县实验学校支部委员会" in opening and "清河县教育工会" in opening
    assert lines[-2:] == [("signer", "清河县实验学校工会"), ("date", "2026年1月8日")]


def test_what_happens_after_as_of_is_not_written(school):
    union, _, _ = school
    text = text_of(summary(union))
    assert "新春联欢会" not in text
    early = text_of(summary(union, as_of=dt.date(2025, 4, 30)))
    assert "工会法专题学习会" not in early and "工会法" not in early
    assert "教职工趣味运动会" in early


def test_names_only_for_winners_and_honours_and_never_id_numbers(school):
    union, people, _ = school
    document = summary(union)
    text = text_of(document)
    names = {span.text for span in document.spans() if span.kind == NAME}
    assert names == {"王堃", "李喆"}
    assert "王堃获男子跳绳第一名" in text
    assert "李喆被市人民政府授予“先进工作者”称号" in text
    for person in people:
        assert person.id_number not in text


def test_gaps_come_from_the_data_with_a_matching_plan_item(school):
    union, _, _ = school
    prepared = prepare_union(union, period=parse_period("2025"), as_of=AS_OF)
    assert {f.key for f in prepared.review.qualifying} == {"groups", "never", "rate"}
    document = build(prepared, signed_on=SIGNED)
    gaps = next(s for s in document.sections if s.key == "gaps")
    plan = next(s for s in document.sections if s.key == "plan")
    gap_keys = [p.key for p in gaps.paragraphs() if p.key.startswith("gap.")]
    plan_keys = [p.key for p in plan.paragraphs()]
    assert len(gap_keys) == 3
    for key in gap_keys:
        assert f"plan.{key.removeprefix('gap.')}" in plan_keys
    gap_text = "".join(p.text for p in gaps.paragraphs())
    assert "数学组" not in gap_text and "个别" in gap_text  # groups are never named in 不足
    assert document.facts["gap.never.count"].value == 5
    assert document.facts["gap.groups.lowest_rate"].written == "20.0%"


def test_a_softer_gap_is_written_only_when_chosen(school):
    union, _, _ = school
    prepared = prepare_union(union, period=parse_period("2025"), as_of=AS_OF)
    with pytest.raises(SummaryOptionError, match="没有可选的不足项「nothing」"):
        build(prepared, signed_on=SIGNED, chosen_gaps=("nothing",))


def test_the_writing_rules_hold(school):
    union, _, _ = school
    text = text_of(summary(union))
    for banned in ("数据显示", "该工会", "0次", "1人次", "100.0%", "取得良好效果", "系统统计", "根据记录"):
        assert banned not in text
    assert not re.search(r"[\u4e00-\u9fff][,;:()?!][\u4e00-\u9fff]", text)
    sentences = [s for s in re.split(r"(?<=[。：])", text) if len(s) > 8]
    assert len(sentences) == len(set(sentences))


def test_the_same_records_give_the_same_text_and_file(school, tmp_path):
    union, _, _ = school
    assert text_of(summary(union)) == text_of(summary(union))
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    for path in (first, second):
        prepared = prepare_union(union, period=parse_period("2025"), as_of=AS_OF)
        write_summary(prepared, output=path, fmt="docx", signed_on=SIGNED)
    assert first.read_bytes() == second.read_bytes()
    paragraphs = [p.text for p in read_docx(str(first)).paragraphs if p.text]
    assert paragraphs[0] == "清河县实验学校工会2025年工作总结"


def test_shorter_lengths_drop_whole_paragraphs(school):
    union, _, _ = school
    full = summary(union, length="full")
    short = summary(union, length="short")
    assert short.body_length() <= full.body_length()
    full_paragraphs = {p.text for s in full.sections for p in s.paragraphs()}
    for section in short.sections:
        for paragraph in section.paragraphs():
            assert paragraph.text in full_paragraphs


def test_traditional_script_keeps_names_and_uses_mainland_words(school):
    union, _, _ = school
    document = to_traditional(summary(union))
    text = text_of(document)
    assert "計劃" in text or "計畫" not in text
    assert "王堃" in text and "李喆" in text
    assert "清河縣實驗學校工會" in text
    from gonghui.reports.summary.run import _s2t

    assert _s2t()("计划文件乒乓球") == "計劃文件乒乓球"


def test_the_figure_sheet_lists_every_number(school, tmp_path):
    union, _, _ = school
    prepared = prepare_union(union, period=parse_period("2025"), as_of=AS_OF)
    written = write_summary(prepared, output=tmp_path / "s.md", fmt="md", signed_on=SIGNED)
    sheet = load_workbook(written.figures_path)["文中数字"]
    assert sheet["A1"].value == "清河县实验学校工会 2025年工作总结所用数字（截至2025年12月31日）"
    rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert set(rows) == set(written.document.facts)
    assert rows["members.rate"][4] == "91.7%"
    assert rows["activities.person_times"][3] == 9
    assert rows["activities.person_times"][7] == "2025年1月1日至2025年12月31日"
    assert rows["activities.person_times"][8] == 9  # the nine attendance records behind it
    details = [r for r in load_workbook(written.figures_path)["明细"].iter_rows(min_row=2, values_only=True)]
    assert len([r for r in details if r[0] == "activities.person_times"]) == 9


def test_cli_writes_the_files_and_prints_the_checklist(school, tmp_path):
    union, _, _ = school
    committee_establish(
        actor=None,
        union=union,
        kind="union_committee",
        established_on=dt.date(2019, 6, 1),
        term_years=5,
    )
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "总结.md"
    call_command(
        "report", "summary", "--union", "SY", "--period", "2025", "--as-of", "2026-01-08",
        "--signed-on", "2026-01-08", "-o", str(target), stdout=out, stderr=err,
    )  # fmt: skip
    assert target.exists() and (tmp_path / "总结.figures.xlsx").exists()
    assert "尚未换届" in err.getvalue()
    assert "尚未换届" not in target.read_text(encoding="utf-8")
    assert "已生成清河县实验学校工会2025年工作总结" in out.getvalue()


def test_cli_usage_errors(school, tmp_path):
    with pytest.raises(CommandError, match="无法从文件名") as raised:
        call_command("report", "summary", "--union", "SY", "--period", "2025", "-o", str(tmp_path / "x.txt"))
    assert raised.value.returncode == 2
    with pytest.raises(CommandError, match="未找到简码为「NOPE」的工会"):
        call_command("report", "summary", "--union", "NOPE", "--period", "2025", "-o", str(tmp_path / "x.md"))
    with pytest.raises(CommandError, match="无法识别统计期间"):
        call_command("report", "summary", "--union", "SY", "--period", "去年", "-o", str(tmp_path / "x.md"))


def test_a_union_with_members_only_has_no_empty_sections(db):
    union = make_union(code="ONLY", name="清河县示范学校工会")
    headcount_record(actor=None, union=union, as_of=dt.date(2025, 1, 1), total=3)
    for name in ("王芳", "方明", "石磊"):
        make_person(union, name=name, joined_on=dt.date(2020, 9, 1))
    document = summary(union)
    assert [s.key for s in document.sections] == ["organisation", "plan"]
    assert next(text for role, text in outline(document) if role == "h1").startswith("一、")


def test_write_rejects_unknown_format(school, tmp_path):
    union, _, _ = school
    prepared = prepare_union(union, period=parse_period("2025"), as_of=AS_OF)
    with pytest.raises(ValueError, match="输出格式「rtf」无效"):
        write_summary(prepared, output=Path(tmp_path / "x.rtf"), fmt="rtf", signed_on=SIGNED)


def test_a_federation_aggregates_the_unions_below_and_narrates_only_its_own(school):
    union, _people, _ = school
    federation = make_union(code="FEDX", name="清河县教育工会", kind="federation")
    from gonghui.orgs.models import Union

    Union.objects.filter(pk=union.pk).update(parent=federation, path=f"{federation.path}{union.pk}/")
    union.refresh_from_db()
    document = summary(federation)
    text = text_of(document)
    assert "教职工趣味运动会" not in text  # a school's event is counted, not narrated
    assert "所属1个基层工会" in text or "1个工会" in text
    assert "教职工" in text  # every union below is a school
    assert "2026年工作打算" in text


def test_a_first_half_year_plan_is_dated_by_the_months_of_last_years_second_half(school):
    union, _people, _ = school
    activities.activity_create(
        actor=None,
        union=union,
        title="园丁杯羽毛球赛",
        kind="文体活动",
        series="园丁杯",
        edition=5,
        starts_on=dt.date(2024, 10, 20),
        start_time=dt.time(15, 40),
    )
    document = summary(union, "2025H1", as_of=dt.date(2025, 7, 3))
    lines = [text for role, text in outline(document)]
    assert any(h.endswith("存在的问题") for h in lines)
    plan = [line for line in lines if "园丁杯" in line]
    assert len(plan) == 1 and "10月，" in plan[0] and "（第六届）" in plan[0]
    assert any(line.endswith("下半年工作打算") for line in lines)


@pdfcheck.requires_soffice
@pytest.mark.slow
def test_pdf_output_keeps_every_rare_name_character(school, tmp_path):
    union, people, newcomer = school
    for person in [*people, newcomer]:
        activities.honour_add(
            actor=None,
            union=union,
            title="优秀会员",
            level="county",
            issuer="县教育工会",
            awarded_on=dt.date(2025, 12, 1),
            person=person,
        )
    prepared = prepare_union(union, period=parse_period("2025"), as_of=AS_OF)
    written = write_summary(prepared, output=tmp_path / "总结.pdf", fmt="pdf", signed_on=SIGNED)
    text = "".join(pdfcheck.all_text(written.path).split())
    for char in "堃喆昇珺犇玥璟祎琤垚嫚":
        assert char in text
    assert "清河县实验学校工会2025年工作总结" in text
    assert pdfcheck.font_families(written.path) <= {"FandolFang", "NotoSerifCJK", "NotoSansCJK", "LXGWWenKai"}
    assert written.figures_path.exists()


def test_a_term_summary_is_titled_by_school_year_and_term_with_a_plan_for_the_next_term(school):
    union, _people, _ = school
    document = summary(union, "2024-2025-2", as_of=dt.date(2025, 9, 5))
    lines = outline(document)
    assert lines[0] == ("title", "清河县实验学校工会2024—2025学年第二学期工作总结")
    assert lines[-3][1].endswith("下学期工作打算") or any(t.endswith("下学期工作打算") for _, t in lines)
    assert document.as_of == dt.date(2025, 8, 31)
    assert "教职工趣味运动会" in text_of(document)  # 4月10日 is in the second term by the default rule


def test_uneven_departments_are_a_gap_when_there_are_no_groups(db):
    from gonghui.orgs.services import department_create

    union = make_union(code="DEPT", name="清河县示范中学工会")
    headcount_record(actor=None, union=union, as_of=dt.date(2025, 1, 1), total=10)
    office = department_create(actor=None, union=union, name="办公室")
    logistics = department_create(actor=None, union=union, name="后勤处")
    staff = [
        make_person(
            union, name=name, joined_on=dt.date(2020, 9, 1), department=office if i < 5 else logistics
        )
        for i, name in enumerate(
            ("王芳", "方明", "石磊", "田静", "史强", "白雪", "孔亮", "邓超", "毛毅", "文静")
        )
    ]
    games = activities.activity_create(
        actor=None, union=union, title="趣味运动会", kind="文体活动", starts_on=dt.date(2025, 4, 10),
        start_time=dt.time(15, 40),
    )  # fmt: skip
    activities.attendance_set(actor=None, session=games.sessions.get(), persons=[*staff[:5], staff[5]])
    prepared = prepare_union(union, period=parse_period("2025"), as_of=AS_OF)
    finding = next(f for f in prepared.review.qualifying if f.key == "groups")
    assert finding.label == "部门参与率偏低：后勤处（20.0%）；全会60.0%"
    document = build(prepared, signed_on=SIGNED)
    text = text_of(document)
    assert "个别部门" in text and "后勤处" not in text
    assert "推动各部门均衡参与" in text
