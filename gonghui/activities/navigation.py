from gonghui.web.navigation import NavEntry

NAV = [
    NavEntry(
        area="活动", label="我的活动", url_name="activities:mine", permission="activities.self", order=5
    ),
    NavEntry(
        area="活动", label="活动记录", url_name="activities:list", permission="activities.view", order=10
    ),
    NavEntry(
        area="活动", label="新建活动", url_name="activities:create", permission="activities.edit", order=20
    ),
    NavEntry(
        area="活动",
        label="补录往期活动",
        url_name="activities:backfill",
        permission="activities.edit",
        order=25,
    ),
    NavEntry(
        area="活动",
        label="参与情况",
        url_name="activities:participation",
        permission="activities.view",
        order=30,
    ),
    NavEntry(
        area="活动", label="荣誉", url_name="activities:honours", permission="activities.view", order=40
    ),
    NavEntry(
        area="活动",
        label="劳模名册",
        url_name="activities:model_workers",
        permission="activities.view",
        order=50,
    ),
    NavEntry(
        area="活动", label="活动设置", url_name="activities:settings", permission="activities.edit", order=60
    ),
]
