from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("dashboard/units/<int:unit_pk>/", views.DashboardView.as_view(), name="unit_dashboard"),
    path("dashboard/models/<int:model_pk>/", views.DashboardView.as_view(), name="model_dashboard"),
    path("dashboard/completeness/", views.CompletenessView.as_view(), name="completeness"),
    path("reviews/", views.ReviewReportListView.as_view(), name="report_list"),
    path("reviews/new/", views.ReviewReportCreateView.as_view(), name="report_add"),
    path("reviews/<int:pk>/", views.ReviewReportDetailView.as_view(), name="report_detail"),
    path(
        "reviews/<int:pk>/preview/", views.ReviewReportPreviewView.as_view(), name="report_preview"
    ),
    path("reviews/<int:pk>/render/", views.RenderReportView.as_view(), name="report_render"),
    path("reviews/versions/<int:pk>/", views.VersionStatusView.as_view(), name="version_status"),
    path("reviews/versions/<int:pk>/pdf/", views.VersionDownloadView.as_view(), name="version_pdf"),
    path(
        "reviews/versions/<int:pk>/retry/", views.RetryRenderingView.as_view(), name="version_retry"
    ),
    path(
        "reviews/versions/<int:pk>/issue/", views.IssueVersionView.as_view(), name="version_issue"
    ),
]
