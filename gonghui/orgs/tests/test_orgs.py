import datetime as dt

import pytest

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditEvent
from gonghui.members.models import CommitteePost
from gonghui.members.services import post_appoint
from gonghui.orgs import services
from gonghui.orgs.models import CommitteeKind, CommitteeTerm, UnionKind
from gonghui.orgs.selectors import committee_term_warnings, headcount_on, union_subtree
from gonghui.testing.factories import make_person, make_union

pytestmark = pytest.mark.django_db


def test_a_federation_tree_of_any_depth_is_read_in_one_query(django_assert_num_queries):
    province = make_union(code="PROV", kind=UnionKind.FEDERATION)
    county = make_union(code="CNTY", kind=UnionKind.FEDERATION, parent=province)
    school = make_union(code="SCH1", parent=county)
    other = make_union(code="OTHR")
    with django_assert_num_queries(1):
        codes = sorted(u.code for u in union_subtree(province))
    assert codes == ["CNTY", "PROV", "SCH1"]
    assert [u.code for u in union_subtree(county)] == ["CNTY", "SCH1"]
    assert school.depth == 3 and other.depth == 1


def test_moving_a_union_re_roots_its_subtree_and_refuses_a_cycle():
    a = make_union(code="AAAA", kind=UnionKind.FEDERATION)
    b = make_union(code="BBBB", kind=UnionKind.FEDERATION, parent=a)
    c = make_union(code="CCCC", parent=b)
    other = make_union(code="DDDD", kind=UnionKind.FEDERATION)
    services.union_update(actor=None, union=b, parent=other)
    c.refresh_from_db()
    assert c.path == f"{other.path}{b.pk}/{c.pk}/"
    with pytest.raises(DomainError) as caught:
        services.union_update(actor=None, union=other, parent=c)
    assert caught.value.message == "上级工会不能是本工会或其下级工会"


def test_a_union_code_is_unique_whatever_its_case():
    make_union(code="QHYZ")
    with pytest.raises(DomainError) as caught:
        make_union(code="qhyz")
    assert caught.value.message == "简码「qhyz」已被其他工会使用"


def test_the_headcount_on_a_date_is_the_last_one_recorded_before_it():
    union = make_union()
    services.headcount_record(actor=None, union=union, as_of=dt.date(2025, 1, 1), total=296, women=170)
    services.headcount_record(actor=None, union=union, as_of=dt.date(2026, 1, 1), total=302, women=175)
    assert headcount_on(union, dt.date(2025, 12, 31)).total == 296
    assert headcount_on(union, dt.date(2026, 1, 1)).total == 302
    assert headcount_on(union, dt.date(2024, 12, 31)) is None


def test_a_headcount_part_above_the_total_is_refused():
    union = make_union()
    with pytest.raises(DomainError) as caught:
        services.headcount_record(actor=None, union=union, as_of=dt.date(2026, 1, 1), total=50, women=51)
    assert caught.value.message == "女职工人数51不能超过职工总数50"


def test_a_committee_term_is_three_or_five_years():
    union = make_union()
    with pytest.raises(DomainError) as caught:
        services.committee_establish(
            actor=None,
            union=union,
            kind=CommitteeKind.UNION_COMMITTEE,
            established_on=dt.date(2024, 1, 1),
            term_years=4,
        )
    assert "3年或5年" in caught.value.message


def test_the_warning_starts_as_the_term_end_nears_and_goes_on_when_overdue():
    union = make_union()
    committee = services.committee_establish(
        actor=None,
        union=union,
        kind=CommitteeKind.UNION_COMMITTEE,
        established_on=dt.date(2021, 12, 28),
        term_years=5,
        first_term_number=3,
    )
    term = CommitteeTerm.objects.get(committee=committee)
    assert term.ends_on == dt.date(2026, 12, 28)
    assert committee_term_warnings(union=union, today=dt.date(2026, 9, 28), within_days=90) == []
    [warning] = committee_term_warnings(union=union, today=dt.date(2026, 11, 25), within_days=90)
    assert warning.days_left == 33
    assert warning.message == "工会委员会第3届任期将于2026年12月28日届满，还有33天，请做好换届准备"
    [late] = committee_term_warnings(union=union, today=dt.date(2027, 1, 7), within_days=90)
    assert late.message == "工会委员会第3届任期已于2026年12月28日届满，已超期10天，请尽快组织换届"


def test_reelection_closes_the_term_and_its_posts_and_opens_the_next():
    union = make_union()
    committee = services.committee_establish(
        actor=None, union=union, kind=CommitteeKind.WOMEN, established_on=dt.date(2021, 3, 1), term_years=5
    )
    term = CommitteeTerm.objects.get(committee=committee)
    person = make_person(union)
    post = post_appoint(
        actor=None, term=term, person=person, title="director", started_on=dt.date(2021, 3, 1)
    )
    new_term = services.committee_reelect(actor=None, committee=committee, elected_on=dt.date(2026, 2, 20))
    post.refresh_from_db()
    term.refresh_from_db()
    assert (term.closed_on, post.ended_on) == (dt.date(2026, 2, 20), dt.date(2026, 2, 20))
    assert (new_term.number, new_term.started_on, new_term.ends_on) == (
        2,
        dt.date(2026, 2, 20),
        dt.date(2031, 2, 20),
    )
    assert CommitteePost.objects.filter(ended_on__isnull=True).count() == 0
    assert committee_term_warnings(union=union, today=dt.date(2026, 2, 21)) == []
    assert AuditEvent.objects.filter(object_type="members.CommitteePost", object_id=str(post.pk)).count() == 2


def test_a_post_outside_the_term_or_a_second_chair_is_refused():
    union = make_union()
    committee = services.committee_establish(
        actor=None, union=union, kind=CommitteeKind.UNION_COMMITTEE, established_on=dt.date(2024, 1, 1)
    )
    term = CommitteeTerm.objects.get(committee=committee)
    chair = make_person(union, name="王芳")
    post_appoint(actor=None, term=term, person=chair, title="chair", started_on=dt.date(2024, 1, 1))
    with pytest.raises(DomainError) as caught:
        post_appoint(
            actor=None,
            term=term,
            person=make_person(union, name="方明", female=False),
            title="chair",
            started_on=dt.date(2024, 2, 1),
        )
    assert caught.value.message == "工会委员会第1届已有在任的主席"
    with pytest.raises(DomainError):
        post_appoint(
            actor=None,
            term=term,
            person=make_person(union, name="石磊", female=False),
            title="member",
            started_on=dt.date(2030, 1, 1),
        )
