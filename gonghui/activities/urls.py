from django.urls import path

from gonghui.activities import backfill_web, views

app_name = "activities"
urlpatterns = [
    path("u/<str:code>/activities/", views.activity_list, name="list"),
    path("u/<str:code>/activities/new/", views.activity_create, name="create"),
    path("u/<str:code>/activities/participation/", views.participation, name="participation"),
    path("u/<str:code>/activities/settings/", views.activity_settings, name="settings"),
    path("u/<str:code>/activities/backfill/", backfill_web.backfill, name="backfill"),
    path("u/<str:code>/activities/<int:activity_id>/", views.activity_detail, name="detail"),
    path("u/<str:code>/activities/<int:activity_id>/edit/", views.activity_edit, name="edit"),
    path("u/<str:code>/activities/sessions/<int:session_id>/", views.session_detail, name="session"),
    path(
        "u/<str:code>/activities/<int:activity_id>/sessions/<int:session_id>/sheet.docx",
        views.sign_in_sheet,
        name="sheet",
    ),
    path(
        "u/<str:code>/activities/<int:activity_id>/sessions/<int:session_id>/qr/",
        views.session_qr,
        name="qr",
    ),
    # Public, no login: the page a session's QR code opens. `checkin/` alone answers that the code is invalid.
    path("checkin/", views.checkin, name="checkin"),
    path("checkin/<str:token>/", views.checkin, name="checkin"),
    path("u/<str:code>/activities/photos/<int:photo_id>/", views.photo_file, name="photo"),
    path("u/<str:code>/honours/", views.honours, name="honours"),
    path("u/<str:code>/honours/model-workers/", views.model_workers, name="model_workers"),
    path("u/<str:code>/my/activities/", views.mine, name="mine"),
    path("u/<str:code>/my/activities/<int:activity_id>/signup/", views.mine_signup, name="mine_signup"),
]
