"""The project's URLs. Each app has its own; a page that needs several layers is served by the
app at the top (``reports.dashboards``) and mounted here in the namespace and at the paths of
the app whose records it shows: the record pages of a model or a member under the registry's,
the proposal form (filled from the engine) under the register of commendations'."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from awards import urls as awards_urls
from models_registry import urls as registry_urls
from reports.dashboards.urls import awards_urlpatterns as proposal_pages
from reports.dashboards.urls import registry_urlpatterns as record_pages
from reports.dashboards.views import DashboardView

# The admin in the portal's name, not "Trang quản trị cho Django".
admin.site.site_header = _("Grassroots security administration")
admin.site.site_title = _("Grassroots security administration")
admin.site.index_title = _("System administration")

# A failed request gets the portal's page in Vietnamese, or JSON under /api/ (areas.base.errors).
handler400 = "areas.base.errors.bad_request"
handler403 = "areas.base.errors.permission_denied"
handler404 = "areas.base.errors.page_not_found"
handler500 = "areas.base.errors.server_error"

registry = ([*registry_urls.urlpatterns, *record_pages], registry_urls.app_name)
commendations = ([*awards_urls.urlpatterns, *proposal_pages], awards_urls.app_name)

urlpatterns = [
    path("", DashboardView.as_view(), name="home"),
    path("", include("reports.urls")),
    path("accounts/", include("accounts.urls")),
    path("users/", include("accounts.user_urls")),
    path("notifications/", include("accounts.notification_urls")),
    path("areas/", include("areas.urls")),
    path("registry/", include(registry)),
    path("patrols/", include("patrols.urls")),
    path("awards/", include(commendations)),
    path("api/", include("config.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
