"""Report permissions."""

PERMISSIONS = {
    "figures.view": frozenset({"officer", "finance", "auditor", "care", "group_leader", "federation"}),
    # Writing the union's work summary is the officers' (and the federation's, for the unions below it).
    "summary.generate": frozenset({"officer", "federation"}),
}
