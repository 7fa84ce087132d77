from django.urls import path

from gonghui.members import views

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
]
