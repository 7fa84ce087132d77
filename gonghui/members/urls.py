from django.urls import path

from gonghui.members import views
from gonghui.members.roster import web as roster_web

app_name = "members"
urlpatterns = [
    path("u/<str:code>/members/", views.member_list, name="list"),
    path("u/<str:code>/members/new/", views.member_create, name="create"),
    path("u/<str:code>/members/<int:person_id>/", views.member_detail, name="detail"),
    path("u/<str:code>/members/<int:person_id>/edit/", views.member_edit, name="edit"),
    path(
        "u/<str:code>/members/<int:person_id>/membership/", views.membership_change, name="membership_change"
    ),
    path("u/<str:code>/org/posts/", views.posts, name="posts"),
    path("u/<str:code>/members/export/", views.member_export, name="export"),
    path("u/<str:code>/members/template/", views.member_template, name="template"),
    path("u/<str:code>/members/notice/", views.member_notice, name="notice"),
    path("u/<str:code>/members/import/", roster_web.import_upload, name="import"),
    path("u/<str:code>/members/import/<int:job_id>/", roster_web.import_preview, name="import_preview"),
    path("u/<str:code>/members/import/<int:job_id>/next/", roster_web.import_next, name="import_next"),
]
