"""A school union's term dates (校历): the rules, the audit, the selector and the maintenance page."""

import datetime as dt

import pytest
from django.test import Client

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditEvent
from gonghui.orgs import services
from gonghui.orgs.models import SchoolTerm, UnionKind
from gonghui.orgs.selectors import school_calendar_for
from gonghui.reports.calendars import school_calendar
from gonghui.reports.periods import DEFAULT_CALENDAR, TermDates, term_period
from gonghui.testing.factories import make_union

pytestmark = pytest.mark.django_db

D = dt.date


def set_term(union, first_year, number, starts_on, ends_on):
    return services.school_term_set(
        actor=None, union=union, first_year=first_year, number=number, starts_on=starts_on, ends_on=ends_on
    )


def test_setting_a_term_records_it_and_an_audit_event():
    union = make_union()
    term = set_term(union, 2025, 1, D(2025, 9, 1), D(2026, 1, 23))
    assert str(term) == "2025—2026学年第一学期"
    event = AuditEvent.objects.get(object_type="orgs.SchoolTerm", object_id=str(term.pk))
    assert (event.event_type, event.union_id, event.before) == ("create", union.pk, None)
    assert event.after == {
        "first_year": 2025,
        "number": 1,
        "starts_on": "2025-09-01",
        "ends_on": "2026-01-23",
    }


def test_setting_a_term_again_corrects_its_dates_and_audits_the_change():
    union = make_union()
    first = set_term(union, 2025, 1, D(2025, 9, 1), D(2026, 1, 23))
    again = set_term(union, 2025, 1, D(2025, 9, 1), D(2026, 1, 30))
    assert again.pk == first.pk and SchoolTerm.objects.count() == 1
    update = AuditEvent.objects.filter(object_type="orgs.SchoolTerm").order_by("pk").last()
    assert (update.event_type, update.before, update.after) == (
        "update",
        {"ends_on": "2026-01-23"},
        {"ends_on": "2026-01-30"},
    )


@pytest.mark.parametrize(
    ("first_year", "number", "starts_on", "ends_on", "message"),
    [
        (2025, 1, D(2026, 1, 23), D(2025, 9, 1), "学期的结束日期应晚于开始日期"),
        (2025, 1, D(2025, 9, 1), D(2025, 9, 1), "学期的结束日期应晚于开始日期"),
        (
            2025,
            1,
            D(2025, 7, 20),
            D(2026, 1, 23),
            "2025—2026学年的学期应在2025年8月1日至2026年8月31日之间，「2025年7月20日至2026年1月23日」超出了这个范围",
        ),
        (
            2025,
            2,
            D(2026, 3, 2),
            D(2026, 9, 5),
            "2025—2026学年的学期应在2025年8月1日至2026年8月31日之间，「2026年3月2日至2026年9月5日」超出了这个范围",
        ),
        (
            2025,
            1,
            D(2026, 1, 5),
            D(2026, 6, 30),
            "2025—2026学年第一学期应在2025年开始，「2026年1月5日」不在2025年",
        ),
        (
            2025,
            2,
            D(2025, 12, 1),
            D(2026, 7, 10),
            "2025—2026学年第二学期应在2026年开始，「2025年12月1日」不在2026年",
        ),
        (1949, 1, D(1949, 9, 1), D(1950, 1, 20), "学年起始年份：学年起始年份应在1950–2100年之间"),
    ],
)
def test_a_term_outside_its_school_year_or_ending_before_it_starts_is_refused(
    first_year, number, starts_on, ends_on, message
):
    union = make_union()
    with pytest.raises(DomainError) as caught:
        set_term(union, first_year, number, starts_on, ends_on)
    assert caught.value.message == message
    assert (
        not SchoolTerm.objects.exists()
        and not AuditEvent.objects.filter(object_type="orgs.SchoolTerm").exists()
    )


def test_the_two_terms_of_a_year_may_not_overlap():
    union = make_union()
    set_term(union, 2025, 1, D(2025, 9, 1), D(2026, 1, 23))
    with pytest.raises(DomainError) as caught:
        set_term(union, 2025, 2, D(2026, 1, 23), D(2026, 7, 10))
    assert caught.value.message == (
        "2025—2026学年第二学期与2025—2026学年第一学期（2025年9月1日至2026年1月23日）重叠：第二学期应在第一学期结束之后开始"
    )
    set_term(union, 2025, 2, D(2026, 1, 24), D(2026, 7, 10))  # the next day is fine
    with pytest.raises(DomainError) as caught:
        set_term(union, 2025, 1, D(2025, 9, 1), D(2026, 2, 1))
    assert caught.value.message.startswith(
        "2025—2026学年第一学期与2025—2026学年第二学期（2026年1月24日至2026年7月10日）重叠"
    )
    other = make_union()
    set_term(other, 2025, 2, D(2026, 1, 20), D(2026, 7, 10))  # another school's terms are its own


def test_only_a_school_union_sets_term_dates():
    enterprise = make_union(kind=UnionKind.ENTERPRISE)
    with pytest.raises(DomainError) as caught:
        set_term(enterprise, 2025, 1, D(2025, 9, 1), D(2026, 1, 23))
    assert caught.value.message == "只有学校工会可以设定学期起止日期"


def test_the_calendar_of_a_union_holds_its_own_terms_and_the_default_for_the_rest():
    union, other = make_union(), make_union()
    set_term(union, 2025, 1, D(2025, 9, 1), D(2026, 1, 23))
    set_term(union, 2024, 2, D(2025, 2, 17), D(2025, 7, 4))
    set_term(other, 2025, 1, D(2025, 8, 28), D(2026, 1, 16))
    calendar = school_calendar_for(union)
    assert calendar.terms == (
        TermDates(2024, 2, D(2025, 2, 17), D(2025, 7, 4)),
        TermDates(2025, 1, D(2025, 9, 1), D(2026, 1, 23)),
    )
    assert calendar.dates(2023, 1) == (D(2023, 9, 1), D(2024, 1, 31))
    assert school_calendar(union) == calendar  # what the reports app reads through its plug-in
    assert school_calendar_for(make_union()) == DEFAULT_CALENDAR
    term = term_period(2025, 1, calendar)
    assert (term.start, term.end) == (D(2025, 9, 1), D(2026, 1, 23))
    # Last year's 第一学期 was not set: it runs from 1 September to the day before the set 第二学期.
    previous = term.previous_year()
    assert (previous.start, previous.end) == (D(2024, 9, 1), D(2025, 2, 16))


def officer(personas):
    client = Client()
    client.force_login(personas.officer_a)
    return client


def test_an_officer_sets_the_term_dates_on_the_maintenance_page(personas, settings):
    client = officer(personas)
    page = client.get("/u/SCHA/org/maintain/").content.decode()
    assert "校历（学期起止日期）" in page and "尚未设定学期起止日期" in page and "设定学期起止日期" in page
    response = client.post(
        "/u/SCHA/org/maintain/",
        {
            "action": "school_term",
            "school_term-first_year": "2025",
            "school_term-number": "1",
            "school_term-starts_on": "2025-09-01",
            "school_term-ends_on": "2026-01-23",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "已设定2025—2026学年第一学期：2025年9月1日至2026年1月23日" in page
    assert "2025年9月1日" in page and "2026年1月23日" in page
    term = SchoolTerm.objects.get(union=personas.a)
    event = AuditEvent.objects.get(object_type="orgs.SchoolTerm")
    assert (event.actor, event.union_id, event.event_type) == (personas.officer_a, personas.a.pk, "create")
    assert (term.first_year, term.number, term.starts_on, term.ends_on) == (
        2025,
        1,
        D(2025, 9, 1),
        D(2026, 1, 23),
    )
    assert "2025—2026学年第一学期：2025年9月1日至2026年1月23日" in client.get("/u/SCHA/org/").content.decode()


def test_a_bad_term_is_shown_on_the_form_and_nothing_is_written(personas):
    response = officer(personas).post(
        "/u/SCHA/org/maintain/",
        {
            "action": "school_term",
            "school_term-first_year": "2025",
            "school_term-number": "2",
            "school_term-starts_on": "2026-07-10",
            "school_term-ends_on": "2026-03-02",
        },
    )
    assert response.status_code == 200
    assert "学期的结束日期应晚于开始日期" in response.content.decode()
    assert not SchoolTerm.objects.exists()
    assert not AuditEvent.objects.filter(object_type="orgs.SchoolTerm").exists()


def test_a_union_that_is_not_a_school_has_no_term_section(personas):
    client = Client()
    client.force_login(personas.officer_a)
    personas.a.kind = UnionKind.ENTERPRISE
    personas.a.save(update_fields=["kind"])
    assert "设定学期起止日期" not in client.get("/u/SCHA/org/maintain/").content.decode()
    response = client.post(
        "/u/SCHA/org/maintain/",
        {
            "action": "school_term",
            "school_term-first_year": "2025",
            "school_term-number": "1",
            "school_term-starts_on": "2025-09-01",
            "school_term-ends_on": "2026-01-23",
        },
    )
    assert response.status_code == 404
    assert not SchoolTerm.objects.exists()
