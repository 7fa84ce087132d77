"""Organisation permissions."""

PERMISSIONS = {
    "orgs.view": frozenset({"officer", "finance", "auditor", "care", "group_leader", "member", "federation"}),
    "orgs.edit": frozenset({"officer"}),
}
