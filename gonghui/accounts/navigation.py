from gonghui.web.navigation import NavEntry

NAV = [
    NavEntry(
        area="系统",
        label="会员账号",
        url_name="accounts:member_logins",
        permission="accounts.manage",
        order=10,
    )
]
