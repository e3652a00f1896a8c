"""The API under /api/: one router, each app registers its viewsets."""

from csp.constants import NONCE
from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from accounts.api.urls import register as register_accounts
from areas.api.urls import register as register_areas
from awards.api.urls import register as register_awards
from models_registry.api.urls import register as register_registry
from patrols.api.urls import register as register_patrols
from reports.api.urls import register as register_reports

router = DefaultRouter()
register_areas(router)
register_registry(router)
register_patrols(router)
register_awards(router)
register_reports(router)
register_accounts(router)


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI with its start-up script served from this URL (``?script``), not inline;
    its one inline ``<style>`` carries the response's CSP nonce."""

    template_name = "api/swagger_ui.html"


# The schema and the docs: logged-in users only (SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]);
# the docs page sends a visitor who is not logged in to the login page.
docs_view = login_required(csp_update({"style-src": [NONCE]})(ApiDocsView.as_view()))

urlpatterns = [
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs_view, name="api-docs"),
]
