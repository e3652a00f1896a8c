"""The project's URLs. Each app has its own; a record page that shows what several apps record
about one model or member is served by the app at the top (``reports.dashboards.records``) and
mounted here in the namespace and at the paths of the registry, where its records live."""

from django.contrib import admin
from django.urls import include, path

from models_registry import urls as registry_urls
from reports.dashboards.urls import registry_urlpatterns as record_pages
from reports.dashboards.views import DashboardView

registry = ([*registry_urls.urlpatterns, *record_pages], registry_urls.app_name)

urlpatterns = [
    path("", DashboardView.as_view(), name="home"),
    path("", include("reports.urls")),
    path("accounts/", include("accounts.urls")),
    path("areas/", include("areas.urls")),
    path("registry/", include(registry)),
    path("patrols/", include("patrols.urls")),
    path("awards/", include("awards.urls")),
    path("api/", include("config.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
