"""Member permissions. Which people a role sees is decided in members.selectors (own group, own record)."""

PERMISSIONS = {
    "members.view": frozenset(
        {"officer", "finance", "auditor", "care", "group_leader", "member", "federation"}
    ),
    "members.view_all": frozenset({"officer", "finance", "auditor", "care", "federation"}),
    "members.edit": frozenset({"officer"}),
    # Unmasked ID numbers and phones: the officer who registers members, and care staff who visit them.
    "members.view_private": frozenset({"officer", "care"}),
    # The roster as a spreadsheet and its blank template; ID numbers and phones follow members.view_private.
    "members.export": frozenset({"officer", "finance", "auditor", "care"}),
}
