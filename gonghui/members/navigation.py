from gonghui.web.navigation import NavEntry

NAV = [
    NavEntry(area="会员", label="会员名册", url_name="members:list", permission="members.view", order=10),
    NavEntry(area="会员", label="登记会员", url_name="members:create", permission="members.edit", order=20),
    NavEntry(area="会员", label="导入花名册", url_name="members:import", permission="members.edit", order=30),
    NavEntry(area="组织", label="任职管理", url_name="members:posts", permission="members.edit", order=30),
]
