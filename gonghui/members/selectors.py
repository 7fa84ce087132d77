"""Reads of people and membership; the `_for` selectors apply the acting user's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from gonghui.accounts.scope import ActorScope
from gonghui.core.errors import NotFound
from gonghui.core.models import AuditEvent
from gonghui.members.models import CommitteePost, GroupLeadership, Membership, MembershipStatus, Person
from gonghui.members.roster.trail import import_events_creating
from gonghui.orgs.models import Union


def spans_covering(day: dt.date) -> Q:
    """Membership spans in force on `day`: started on or before it and not yet ended."""
    return Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def members_on(
    union: Union, day: dt.date, *, statuses: tuple[str, ...] = (MembershipStatus.ACTIVE,)
) -> QuerySet[Person]:
    """People of `union` whose membership on `day` has one of `statuses` (default: active members)."""
    spans = Membership.objects.filter(spans_covering(day), union=union, status__in=statuses)
    return Person.objects.filter(union=union, pk__in=spans.values("person_id")).order_by(
        "name_stroke_key", "id"
    )


def people_in_lists(union: Union, day: dt.date) -> QuerySet[Person]:
    """Everyone who still belongs in the union's lists on `day`: active or retained, never the ended."""
    return members_on(union, day, statuses=(MembershipStatus.ACTIVE, MembershipStatus.RETAINED))


def current_status(person: Person, day: dt.date) -> Membership | None:
    return Membership.objects.filter(spans_covering(day), person=person).first()


@dataclass(frozen=True)
class PersonFile:
    """Everything about a person in one place: the member file page."""

    person: Person
    memberships: list[Membership]
    posts: list[CommitteePost]
    leaderships: list[GroupLeadership]
    audit: list[AuditEvent]

    @property
    def current(self) -> Membership | None:
        return next((span for span in self.memberships if span.ended_on is None), None)


def person_file(person: Person) -> PersonFile:
    memberships = list(
        Membership.objects.filter(person=person).select_related("held_by").order_by("started_on", "id")
    )
    posts = list(
        CommitteePost.objects.filter(person=person).select_related("term__committee").order_by("-started_on")
    )
    leaderships = list(
        GroupLeadership.objects.filter(person=person).select_related("group").order_by("-started_on")
    )
    object_keys = [("members.Person", str(person.pk))] + [
        ("members.Membership", str(m.pk)) for m in memberships
    ]
    audit_filter = Q()
    for object_type, object_id in object_keys:
        audit_filter |= Q(object_type=object_type, object_id=object_id)
    audit = list(
        AuditEvent.objects.filter(audit_filter, union_id=person.union_id).order_by("-at", "-id")[:200]
    )
    # A person created by a roster import: that file's import event (roster/trail.py) is theirs too.
    audit = sorted(
        audit + import_events_creating(person.union_id, person.pk), key=lambda e: (e.at, e.pk), reverse=True
    )[:200]
    return PersonFile(
        person=person, memberships=memberships, posts=posts, leaderships=leaderships, audit=audit
    )


# ---- reads for an acting user ----------------------------------------------------------------------

SORTS = {
    "strokes": ("name_stroke_key", "id"),
    "pinyin": ("name_pinyin_key", "name_stroke_key", "id"),
    "-strokes": ("-name_stroke_key", "-id"),
    "-pinyin": ("-name_pinyin_key", "-name_stroke_key", "-id"),
}


def person_visible_for(scope: ActorScope) -> QuerySet[Person]:
    """People of the scope's union this actor may see: all of them, their group's, or only themselves."""
    scope.require("members.view")
    people = Person.objects.filter(union=scope.union)
    if scope.can("members.view_all"):
        return people
    allowed = Q(pk__in=[])
    if scope.group_ids:
        allowed |= Q(group_id__in=scope.group_ids)
    if scope.person_id:
        allowed |= Q(pk=scope.person_id)
    return people.filter(allowed)


def person_list_for(
    scope: ActorScope,
    *,
    q: str = "",
    sort: str = "strokes",
    department_id: int | None = None,
    group_id: int | None = None,
    on: dt.date | None = None,
) -> QuerySet[Person]:
    """The member list: searchable by name, pinyin initials, department and group; sorted by strokes or pinyin."""
    people = person_visible_for(scope).select_related("department", "group")
    if on is not None:
        people = people.filter(
            pk__in=Membership.objects.filter(spans_covering(on), union=scope.union).values("person_id")
        )
    text = q.strip()
    if text:
        condition = (
            Q(name__contains=text) | Q(department__name__contains=text) | Q(group__name__contains=text)
        )
        if text.isascii() and text.isalpha():
            condition |= Q(name_initials__startswith=text.lower()) | Q(
                name_pinyin_key__startswith=text.lower()
            )
        people = people.filter(condition)
    if department_id:
        people = people.filter(department_id=department_id)
    if group_id:
        people = people.filter(group_id=group_id)
    return people.order_by(*SORTS.get(sort, SORTS["strokes"]))


def person_get_for(scope: ActorScope, person_id: int) -> Person:
    """One person, or NotFound when they are outside what this actor may see (never a different error)."""
    person = (
        person_visible_for(scope)
        .select_related("department", "group", "sub_union")
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        raise NotFound()
    return person


def may_see_private(scope: ActorScope, person: Person) -> bool:
    """Unmasked ID number and phone: roles that need them, and the member for their own record."""
    if scope.is_federation_view:
        return False
    return scope.can("members.view_private") or person.pk == scope.person_id


def current_statuses(person_ids: list[int], day: dt.date) -> dict[int, Membership]:
    """The membership span in force on `day` for each of the given people, in one query."""
    spans = Membership.objects.filter(spans_covering(day), person_id__in=person_ids)
    return {span.person_id: span for span in spans}


@dataclass(frozen=True)
class PostHolders:
    posts: list[CommitteePost]
    leaders: list[GroupLeadership]


def post_holders(scope: ActorScope) -> PostHolders:
    """Who holds a committee post or leads a group now."""
    scope.require("members.view_all")
    posts = (
        CommitteePost.objects.filter(union=scope.union, ended_on__isnull=True)
        .select_related("term__committee", "person")
        .order_by("term__committee__kind", "title", "person__name_stroke_key")
    )
    leaders = (
        GroupLeadership.objects.filter(union=scope.union, ended_on__isnull=True)
        .select_related("group", "person")
        .order_by("group__sort_order", "group__name")
    )
    return PostHolders(posts=list(posts), leaders=list(leaders))
