import datetime as dt

import pytest
from django.test import Client

from gonghui.core.models import AuditEvent
from gonghui.members.models import CommitteePost, GroupLeadership
from gonghui.orgs.models import Committee, CommitteeTerm, StaffHeadcount, UnionGroup

pytestmark = pytest.mark.django_db


def officer(personas):
    client = Client()
    client.force_login(personas.officer_a)
    return client


def test_an_officer_records_a_headcount_and_the_rate_follows(personas):
    client = officer(personas)
    response = client.post(
        "/u/SCHA/org/maintain/",
        {
            "action": "headcount",
            "headcount-as_of": "2026-06-30",
            "headcount-total": "6",
            "headcount-women": "4",
            "headcount-migrant_workers": "0",
            "headcount-dispatched": "1",
        },
    )
    assert response.status_code == 302
    assert StaffHeadcount.objects.get(union=personas.a, as_of=dt.date(2026, 6, 30)).total == 6
    dashboard = client.get("/u/SCHA/").content.decode()
    assert "50.0" in dashboard  # 3 members of 6 staff


def test_a_headcount_part_above_the_total_is_shown_on_the_form_and_nothing_is_written(personas):
    before = StaffHeadcount.objects.count(), AuditEvent.objects.count()
    response = officer(personas).post(
        "/u/SCHA/org/maintain/",
        {
            "action": "headcount",
            "headcount-as_of": "2026-06-30",
            "headcount-total": "6",
            "headcount-women": "7",
            "headcount-migrant_workers": "0",
            "headcount-dispatched": "0",
        },
    )
    assert response.status_code == 200
    assert "女职工人数7不能超过职工总数6" in response.content.decode()
    assert (StaffHeadcount.objects.count(), AuditEvent.objects.count()) == before


def test_an_officer_adds_a_group_and_appoints_its_leader(personas):
    client = officer(personas)
    client.post(
        "/u/SCHA/org/maintain/",
        {"action": "group", "group-name": "第三工会小组", "group-established_on": "2026-09-01"},
    )
    group = UnionGroup.objects.get(union=personas.a, name="第三工会小组")
    person = personas.people_a[2]
    response = client.post(
        "/u/SCHA/org/posts/",
        {"action": "leader", "leader-group": group.pk, "leader-person": person.pk, "leader-on": "2026-09-01"},
    )
    assert response.status_code == 302
    assert GroupLeadership.objects.get(group=group, ended_on__isnull=True).person == person


def test_a_person_of_another_union_cannot_be_appointed(personas):
    client = officer(personas)
    response = client.post(
        "/u/SCHA/org/posts/",
        {
            "action": "leader",
            "leader-group": personas.group_a.pk,
            "leader-person": personas.person_b.pk,
            "leader-on": "2026-09-01",
        },
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()


def test_an_officer_establishes_a_committee_appoints_a_chair_and_reelects(personas):
    client = officer(personas)
    client.post(
        "/u/SCHA/org/maintain/",
        {
            "action": "committee",
            "committee-kind": "union_committee",
            "committee-name": "",
            "committee-established_on": "2022-01-10",
            "committee-term_years": "5",
            "committee-first_term_number": "2",
        },
    )
    committee = Committee.objects.get(union=personas.a)
    term = CommitteeTerm.objects.get(committee=committee)
    assert (term.number, term.ends_on) == (2, dt.date(2027, 1, 10))
    client.post(
        "/u/SCHA/org/posts/",
        {
            "action": "appoint",
            "appoint-term": term.pk,
            "appoint-person": personas.people_a[0].pk,
            "appoint-title": "chair",
            "appoint-duty": "主持全面工作",
            "appoint-started_on": "2022-01-10",
        },
    )
    assert CommitteePost.objects.get(term=term).title == "chair"
    client.post(
        "/u/SCHA/org/maintain/",
        {"action": "reelect", "reelect-committee": committee.pk, "reelect-elected_on": "2026-12-20"},
    )
    assert CommitteeTerm.objects.get(committee=committee, closed_on__isnull=True).number == 3
    assert CommitteePost.objects.get(term=term).ended_on == dt.date(2026, 12, 20)


def test_finance_cannot_maintain_the_organisation(personas):
    client = Client()
    client.force_login(personas.finance_a)
    assert client.get("/u/SCHA/org/maintain/").status_code == 404
    assert client.get("/u/SCHA/org/posts/").status_code == 404
    assert client.get("/u/SCHA/org/").status_code == 200
