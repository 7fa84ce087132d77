"""The work-summary benchmark's builder makes valid data: what the services would have written."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from benchmarks.summary_data import OTHER_CODE, raw_pass, summary_case
from gonghui.activities.models import Attendance, Session
from gonghui.activities.services import attendee_kinds
from gonghui.members.models import Membership, Person
from gonghui.members.services import id_number_hash
from gonghui.members.validation import check_person_identity
from gonghui.orgs.models import Union

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def case():
    return summary_case(members=200, year=YEAR)


def test_the_people_are_valid_and_match_their_id_numbers(case):
    people = list(Person.objects.filter(union=case.union))
    assert len(people) == 200
    for person in people:
        check = check_person_identity(
            name=person.name,
            id_number=person.id_number,  # decrypted by the field: it was sealed on the way in
            birth=person.birth_date,
            gender=person.gender,
            phone=person.phone,
            today=case.today,
        )
        assert check.ok, (person.name, check.errors)
        assert person.id_number_hash == id_number_hash(person.id_number)
        person.full_clean()
    assert len({p.member_no for p in people}) == 200
    assert Union.objects.get(pk=case.union.pk).member_seq == 200


def test_each_history_is_a_chain_of_spans_with_at_most_one_open(case):
    spans: dict[int, list[Membership]] = {}
    for span in Membership.objects.filter(union__code__in=[case.union.code, OTHER_CODE]).order_by(
        "started_on", "pk"
    ):
        span.full_clean()
        spans.setdefault(span.person_id, []).append(span)
    assert len(spans) >= 200
    for chain in spans.values():
        for before, after in itertools.pairwise(chain):
            assert before.ended_on is not None and before.ended_on <= after.started_on
    kinds = {(s.start_kind, s.end_kind) for chain in spans.values() for s in chain}
    assert ("transfer_in", "") in kinds and ("new", "transfer_out") in kinds
    assert ("new", "retained") in kinds and ("retained", "") in kinds


def test_attendance_kinds_are_those_the_services_would_record(case):
    sessions = Session.objects.filter(union=case.union, starts_at__year=YEAR).order_by("starts_at")
    assert 140 <= sessions.count() <= 160
    for session in sessions[::10]:
        rows = Attendance.objects.filter(session=session, person__isnull=False)
        recorded = dict(rows.values_list("person_id", "attendee_kind"))
        assert recorded
        assert attendee_kinds(case.union.pk, recorded, session.day) == recorded


def test_the_year_is_counted_by_the_figures(case):
    from benchmarks.summary_data import compute_figures

    found = {result.figure.key: result for result in compute_figures(case)}
    assert found["activities.count"].value == case.records["activities"] == 60
    assert found["activities.sessions"].value == case.records["sessions"]
    assert found["activities.person_times_all"].value == case.records["attendance"]
    assert found["activities.study_hours"].value > 0
    assert found["honours.count"].value == case.records["honours"]
    assert found["members.rate"].value is not None and not found["members.rate"].flags
    assert found["members.new"].previous and found["members.ended_died"].value is not None
    assert case.today == dt.date(YEAR + 1, 1, 15)
    assert raw_pass(case) >= case.records["attendance"]
