"""Report permissions."""

PERMISSIONS = {
    "figures.view": frozenset({"officer", "finance", "auditor", "care", "group_leader", "federation"}),
}
