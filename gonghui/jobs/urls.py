from django.urls import path

from gonghui.jobs import views

app_name = "jobs"
urlpatterns = [
    path("jobs/<int:job_id>/", views.job_detail, name="detail"),
    path("jobs/<int:job_id>/status", views.job_status, name="status"),
    path("jobs/<int:job_id>/download", views.job_download, name="download"),
    path("jobs/selftest/", views.selftest_start, name="selftest"),
]
