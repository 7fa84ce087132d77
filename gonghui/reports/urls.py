from django.urls import path

from gonghui.reports import views

app_name = "reports"
urlpatterns = [
    path("u/<str:code>/figures/export/", views.figure_sheet_export, name="figure_sheet_export"),
    path("u/<str:code>/summary/", views.summary_page, name="summary"),
    path("u/<str:code>/summary/settings/", views.summary_settings, name="summary_settings"),
]
