"""The reports' pages: the dashboards and the review reports (one namespace, "reports")."""

from reports.dashboards.urls import urlpatterns as dashboard_urlpatterns
from reports.reviews.urls import urlpatterns as review_urlpatterns

app_name = "reports"

urlpatterns = [*dashboard_urlpatterns, *review_urlpatterns]
