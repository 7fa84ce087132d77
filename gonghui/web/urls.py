from django.urls import path

from gonghui.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("switch/", views.switch, name="switch"),
    path("healthz", views.healthz, name="healthz"),
    path("u/<str:code>/", views.dashboard, name="dashboard"),
]
