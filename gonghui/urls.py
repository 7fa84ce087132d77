"""URL configuration: every app's `urls.py` is included automatically (see gonghui.core.plugins)."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from gonghui.api import api
from gonghui.core.plugins import app_modules

urlpatterns: list[URLPattern | URLResolver] = [path("admin/", admin.site.urls), path("api/", api.urls)]
urlpatterns += [path("", include(module)) for module in app_modules("urls") if module.__name__ != __name__]
