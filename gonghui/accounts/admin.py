from django.contrib import admin

from gonghui.accounts.models import AccountState, ApiToken, RoleAssignment


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "union", "role", "person"]
    list_filter = ["role", "union"]
    raw_id_fields = ["person"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["token_hash", "prefix"]


admin.site.register(AccountState)
admin.site.site_header = "工会工作系统管理"
admin.site.site_title = "工会工作系统管理"
