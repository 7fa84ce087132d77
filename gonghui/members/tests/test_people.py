import datetime as dt

import pytest
from django.db import connection

from gonghui.core.errors import DomainError, InvalidInput
from gonghui.core.idnumbers import make_id_number
from gonghui.core.models import AuditEvent
from gonghui.members import services
from gonghui.members.models import EndKind, Membership, MembershipStatus, Person, StartKind, WorkStatus
from gonghui.members.selectors import current_status, members_on, people_in_lists, person_file
from gonghui.testing.factories import make_id, make_person, make_union

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)


def test_it_registers_a_member_with_a_first_span_and_audit():
    union = make_union(code="QHYZ")
    id_number = make_id_number("130534", dt.date(1986, 4, 2), 123)
    person = services.person_register(
        actor=None,
        union=union,
        name=" 聂 娜 ",
        id_number=id_number,
        joined_on=dt.date(2012, 9, 1),
        phone="138 0013 8000",
        today=TODAY,
    )
    assert person.name == "聂娜"
    assert person.gender == "M"
    assert person.birth_date == dt.date(1986, 4, 2)
    assert person.member_no == "QHYZ00001"
    span = Membership.objects.get(person=person)
    assert (span.status, span.start_kind, span.started_on, span.ended_on) == (
        "active",
        "new",
        dt.date(2012, 9, 1),
        None,
    )
    assert span.approved_on == dt.date(2012, 9, 1)
    events = AuditEvent.objects.filter(union_id=union.pk).order_by("id")
    assert [e.event_type for e in events] == ["create", "create", "membership"]
    person_event = events[1]
    assert person_event.object_type == "members.Person"
    assert person_event.after["id_number"] == id_number[:4] + "**********" + id_number[-4:]
    assert person_event.after["phone"] == "138****8000"


def test_it_stores_id_numbers_and_phones_encrypted_at_rest():
    union = make_union()
    id_number = make_id_number("130534", dt.date(1986, 4, 2), 123)
    person = make_person(
        union, id_number=id_number, female=False, birth=dt.date(1986, 4, 2), phone="13800138000"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM members_person WHERE id = %s", [person.pk])
        raw_id, raw_phone = cursor.fetchone()
    assert raw_id.startswith("g1:1:") and id_number not in raw_id
    assert raw_phone.startswith("g1:1:") and "13800138000" not in raw_phone
    fresh = Person.objects.get(pk=person.pk)
    assert fresh.id_number == id_number
    assert fresh.phone == "13800138000"
    assert fresh.id_number_masked == id_number[:4] + "*" * 10 + id_number[-4:]
    assert fresh.phone_masked == "138****8000"


def test_it_refuses_a_duplicate_person_in_one_union_and_writes_nothing():
    union = make_union()
    id_number = make_id(female=True)
    make_person(union, id_number=id_number)
    people, audits = Person.objects.count(), AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as caught:
        make_person(union, name="王芳芳", id_number=id_number.lower())
    assert "id_number" in caught.value.errors
    assert "本工会已有证件号码为" in caught.value.errors["id_number"][0]
    assert (Person.objects.count(), AuditEvent.objects.count()) == (people, audits)


def test_it_refuses_a_person_active_in_another_union_without_naming_it():
    union_a, union_b = make_union(name="甲校工会"), make_union(name="乙校工会")
    id_number = make_id(female=True)
    make_person(union_a, id_number=id_number)
    with pytest.raises(InvalidInput) as caught:
        make_person(union_b, id_number=id_number)
    assert caught.value.errors["id_number"] == ["已在其他工会有有效会籍，需办理会籍接转"]
    assert "甲校" not in str(caught.value)


def test_it_refuses_a_birth_date_or_gender_that_disagrees_with_the_id():
    union = make_union()
    id_number = make_id_number("130534", dt.date(1986, 4, 2), 124)  # even: female
    with pytest.raises(InvalidInput) as caught:
        services.person_register(
            actor=None,
            union=union,
            name="李娜",
            id_number=id_number,
            birth="1985.04",
            gender="男",
            joined_on=dt.date(2010, 1, 1),
            today=TODAY,
        )
    assert set(caught.value.errors) == {"birth_date", "gender"}
    assert Person.objects.count() == 0


def test_it_accepts_a_partial_birth_date_at_the_precision_given():
    union = make_union()
    id_number = make_id_number("130534", dt.date(1986, 4, 2), 124)
    person = services.person_register(
        actor=None,
        union=union,
        name="李娜",
        id_number=id_number,
        birth="1986.04",
        gender="女",
        joined_on=dt.date(2010, 1, 1),
        today=TODAY,
    )
    assert person.birth_date == dt.date(1986, 4, 2)


def test_it_refuses_a_bad_check_digit_and_an_impossible_phone_in_one_pass():
    union = make_union()
    good = make_id_number("130534", dt.date(1986, 4, 2), 124)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(InvalidInput) as caught:
        services.person_register(
            actor=None,
            union=union,
            name="李娜",
            id_number=bad,
            phone="12012345678",
            joined_on=dt.date(2010, 1, 1),
            today=TODAY,
        )
    assert set(caught.value.errors) >= {"id_number", "phone"}
    assert "校验" in caught.value.errors["id_number"][0]


def test_it_refuses_to_register_a_retiree_as_an_active_member():
    with pytest.raises(InvalidInput) as caught:
        make_person(make_union(), work_status=WorkStatus.RETIRED)
    assert caught.value.errors["work_status"] == ["退休人员应办理保留会籍，不能登记为在职会员"]


def test_retirement_retains_membership_and_a_retiree_cannot_be_restored():
    union = make_union()
    person = make_person(union)
    services.membership_retain(actor=None, person=person, on=dt.date(2025, 3, 1), reason="retirement")
    person.refresh_from_db()
    assert person.work_status == WorkStatus.RETIRED
    spans = list(Membership.objects.filter(person=person).order_by("started_on", "id"))
    assert [(s.status, s.start_kind, s.ended_on, s.end_kind) for s in spans] == [
        ("active", "new", dt.date(2025, 3, 1), "retained"),
        ("retained", "retained", None, ""),
    ]
    assert list(members_on(union, dt.date(2025, 2, 28))) == [person]
    assert list(members_on(union, dt.date(2025, 3, 1))) == []
    assert list(people_in_lists(union, dt.date(2025, 3, 1))) == [person]
    with pytest.raises(DomainError) as caught:
        services.membership_restore(actor=None, person=person, on=dt.date(2025, 6, 1))
    assert "退休" in caught.value.message
    with pytest.raises(InvalidInput):
        services.person_update(
            actor=None, person=make_person(union, name="赵敏"), work_status=WorkStatus.RETIRED
        )


def test_an_unemployed_member_can_be_restored():
    union = make_union()
    person = make_person(union)
    services.membership_retain(actor=None, person=person, on=dt.date(2024, 1, 1), reason="unemployment")
    span = services.membership_restore(actor=None, person=person, on=dt.date(2024, 7, 1))
    assert (span.status, span.start_kind, span.started_on) == (
        "active",
        StartKind.RESTORED,
        dt.date(2024, 7, 1),
    )


def test_it_refuses_membership_dates_out_of_order_and_changes_nothing():
    person = make_person(make_union(), joined_on=dt.date(2015, 9, 1))
    before = list(Membership.objects.values_list("id", "ended_on"))
    with pytest.raises(DomainError) as caught:
        services.membership_end(actor=None, person=person, on=dt.date(2015, 8, 31), kind="withdrew")
    assert "日期顺序不对" in caught.value.message
    assert list(Membership.objects.values_list("id", "ended_on")) == before


def test_an_ended_member_drops_out_of_every_list_from_the_end_date():
    union = make_union()
    person = make_person(union)
    services.membership_end(
        actor=None, person=person, on=dt.date(2026, 5, 1), kind=EndKind.DIED, reason="因病去世"
    )
    assert list(people_in_lists(union, dt.date(2026, 4, 30))) == [person]
    assert list(people_in_lists(union, dt.date(2026, 5, 1))) == []
    assert current_status(person, dt.date(2026, 5, 1)) is None


def test_lapsing_needs_a_reason():
    person = make_person(make_union())
    with pytest.raises(DomainError) as caught:
        services.membership_end(actor=None, person=person, on=dt.date(2026, 1, 1), kind=EndKind.LAPSED)
    assert caught.value.message == "视为自动退会须写明原因"


def test_a_transfer_creates_the_person_in_the_receiving_union_linked_only_by_the_hash():
    union_a, union_b = make_union(name="甲校工会"), make_union(name="乙校工会")
    person = make_person(union_a, phone="13900139000")
    received = services.membership_transfer(
        actor=None, person=person, to_union=union_b, on=dt.date(2025, 9, 1)
    )
    assert received.pk != person.pk and received.union_id == union_b.pk
    assert received.id_number_hash == person.id_number_hash
    assert received.id_number == person.id_number
    assert received.department_id is None and received.group_id is None
    old = Membership.objects.get(person=person)
    assert (old.ended_on, old.end_kind) == (dt.date(2025, 9, 1), "transfer_out")
    new = Membership.objects.get(person=received)
    assert (new.status, new.start_kind, new.started_on) == (
        MembershipStatus.ACTIVE,
        "transfer_in",
        dt.date(2025, 9, 1),
    )
    b_events = AuditEvent.objects.filter(union_id=union_b.pk).exclude(object_type="orgs.Union")
    assert [e.event_type for e in b_events.order_by("id")] == ["transfer_in", "membership"]
    assert all("甲校" not in str(e.before) + str(e.after) + e.object_repr for e in b_events)


def test_the_member_file_shows_history_posts_and_audit():
    union = make_union()
    person = make_person(union)
    services.membership_retain(actor=None, person=person, on=dt.date(2025, 3, 1), reason="retirement")
    file = person_file(person)
    assert [s.status for s in file.memberships] == ["active", "retained"]
    assert file.current is not None and file.current.status == "retained"
    # person created, first span, first span closed, person marked retired, retained span opened
    assert len(file.audit) == 5


def test_a_partial_birth_date_object_is_accepted_as_well_as_text():
    from gonghui.core.partial_dates import PartialDate

    id_number = make_id_number("130534", dt.date(1986, 4, 2), 124)
    person = services.person_register(
        actor=None,
        union=make_union(),
        name="李娜",
        id_number=id_number,
        birth=PartialDate(1986, 4, None),
        joined_on=dt.date(2010, 1, 1),
        today=TODAY,
    )
    assert person.birth_date == dt.date(1986, 4, 2)
