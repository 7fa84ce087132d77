from gonghui.web.navigation import NavEntry

NAV = [
    NavEntry(area="组织", label="组织机构", url_name="orgs:overview", permission="orgs.view", order=10),
    NavEntry(area="组织", label="组织维护", url_name="orgs:maintain", permission="orgs.edit", order=20),
]
