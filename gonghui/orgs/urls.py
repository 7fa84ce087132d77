from django.urls import path

from gonghui.orgs import views

app_name = "orgs"
urlpatterns = [
    path("u/<str:code>/org/", views.overview, name="overview"),
    path("u/<str:code>/org/maintain/", views.maintain, name="maintain"),
]
