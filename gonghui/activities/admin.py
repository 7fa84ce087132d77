"""Read-only admin: activity records change only through the services, which validate and audit."""

from django.contrib import admin

from gonghui.activities.models import Activity, ActivityKind, Attendance, Honour, Photo, Result, Session
from gonghui.core.admin import ReadOnlyAdmin


@admin.register(ActivityKind)
class ActivityKindAdmin(ReadOnlyAdmin):
    list_display = ["name", "category", "union"]
    list_filter = ["category", "union"]


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["title", "union", "kind", "starts_on", "role", "is_training", "is_highlight"]
    list_filter = ["union", "role", "is_training"]
    search_fields = ["title", "series"]
    date_hierarchy = "starts_on"


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ["activity", "number", "starts_at", "ends_at", "union"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["session", "person", "guest_name", "attendee_kind", "method", "union"]
    list_filter = ["attendee_kind", "method"]


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    list_display = ["activity", "level", "title", "union"]


@admin.register(Photo)
class PhotoAdmin(ReadOnlyAdmin):
    list_display = ["activity", "caption", "taken_on", "union"]


@admin.register(Honour)
class HonourAdmin(ReadOnlyAdmin):
    list_display = ["title", "level", "person", "unit_name", "awarded_on", "union"]
    list_filter = ["level", "union"]
