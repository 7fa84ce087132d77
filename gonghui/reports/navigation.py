from gonghui.web.navigation import NavEntry

NAV = [
    NavEntry(
        area="文书报表", label="工作总结", url_name="reports:summary", permission="summary.generate", order=10
    ),
]
