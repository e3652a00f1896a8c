from django.contrib import admin
from django.urls import include, path

from reports.views import DashboardView

urlpatterns = [
    path("", DashboardView.as_view(), name="home"),
    path("", include("reports.urls")),
    path("accounts/", include("accounts.urls")),
    path("areas/", include("areas.urls")),
    path("registry/", include("models_registry.urls")),
    path("patrols/", include("patrols.urls")),
    path("awards/", include("awards.urls")),
    path("api/", include("config.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
