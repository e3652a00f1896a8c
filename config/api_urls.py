"""The API under /api/: one router, each app registers its viewsets."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

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

urlpatterns = [
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]
