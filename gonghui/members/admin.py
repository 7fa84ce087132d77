"""Read-only admin: people and memberships change only through the services, which validate and audit."""

from django.contrib import admin

from gonghui.core.admin import ReadOnlyAdmin
from gonghui.members.models import CommitteePost, GroupLeadership, Membership, Person


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = [
        "name",
        "union",
        "member_no",
        "gender",
        "id_number_masked",
        "department",
        "employment_form",
    ]
    list_filter = ["union", "employment_form", "work_status"]
    search_fields = ["name", "member_no", "name_initials"]
    exclude = ["id_number", "phone"]
    ordering = ["union", "name_stroke_key"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["person", "union", "status", "started_on", "start_kind", "ended_on", "end_kind"]
    list_filter = ["status", "start_kind", "end_kind", "union"]


@admin.register(CommitteePost)
class CommitteePostAdmin(ReadOnlyAdmin):
    list_display = ["person", "term", "title", "started_on", "ended_on"]


@admin.register(GroupLeadership)
class GroupLeadershipAdmin(ReadOnlyAdmin):
    list_display = ["group", "person", "started_on", "ended_on"]
