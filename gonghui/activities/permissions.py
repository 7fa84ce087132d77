"""Activity permissions. A member reaches activities only through 我的活动 (activities.self), never the lists."""

PERMISSIONS = {
    "activities.view": frozenset({"officer", "finance", "auditor", "care", "group_leader", "federation"}),
    "activities.edit": frozenset({"officer"}),
    # 我的活动: sign up and withdraw, own attendance and study hours; the view also needs the own person record.
    "activities.self": frozenset({"member", "group_leader"}),
}
