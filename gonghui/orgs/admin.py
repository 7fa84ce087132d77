"""Admin for superusers: unions are created and moved through the services (path, audit); the rest is read-only."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gonghui.core.admin import ReadOnlyAdmin
from gonghui.orgs import services
from gonghui.orgs.models import (
    Committee,
    CommitteeTerm,
    Department,
    SchoolTerm,
    StaffHeadcount,
    SubUnion,
    Union,
    UnionGroup,
)

UNION_FIELDS = services.UNION_AUDIT_FIELDS


@admin.register(Union)
class UnionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "founded_on"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    fields = list(UNION_FIELDS)

    def save_model(self, request: HttpRequest, obj: Union, form: Any, change: bool) -> None:
        values = {name: form.cleaned_data[name] for name in UNION_FIELDS if name in form.cleaned_data}
        if change:
            saved = services.union_update(actor=request.user, union=obj, **values)
        else:
            saved = services.union_create(actor=request.user, **values)
        obj.pk, obj.path = saved.pk, saved.path

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(StaffHeadcount)
class StaffHeadcountAdmin(ReadOnlyAdmin):
    list_display = ["union", "as_of", "total", "women", "migrant_workers", "dispatched"]
    list_filter = ["union"]


@admin.register(Department, SubUnion, UnionGroup)
class NamedAdmin(ReadOnlyAdmin):
    list_display = ["name", "union"]
    list_filter = ["union"]
    search_fields = ["name"]


@admin.register(Committee)
class CommitteeAdmin(ReadOnlyAdmin):
    list_display = ["name", "union", "kind", "term_years", "established_on"]
    list_filter = ["kind", "union"]


@admin.register(CommitteeTerm)
class CommitteeTermAdmin(ReadOnlyAdmin):
    list_display = ["committee", "number", "started_on", "ends_on", "closed_on"]
    list_filter = ["committee__union"]


@admin.register(SchoolTerm)
class SchoolTermAdmin(ReadOnlyAdmin):
    list_display = ["union", "first_year", "number", "starts_on", "ends_on"]
    list_filter = ["union"]
