from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gonghui.core.models import AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """For rows that change only through services (which validate and audit): superusers may look, not touch."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "event_type", "object_type", "object_repr", "union_id"]
    list_filter = ["event_type", "object_type"]
    search_fields = ["object_repr", "actor_label"]
    date_hierarchy = "at"
