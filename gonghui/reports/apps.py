from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gonghui.reports"
    label = "reports"
    verbose_name = "报表"

    def ready(self) -> None:
        from gonghui.reports import registry

        registry.discover()
