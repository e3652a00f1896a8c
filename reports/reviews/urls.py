from django.urls import path

from reports.reviews import signed_copies, views

urlpatterns = [
    path("reviews/", views.ReviewReportListView.as_view(), name="report_list"),
    path("reviews/new/", views.ReviewReportCreateView.as_view(), name="report_add"),
    path("reviews/<int:pk>/", views.ReviewReportDetailView.as_view(), name="report_detail"),
    path(
        "reviews/<int:pk>/preview/", views.ReviewReportPreviewView.as_view(), name="report_preview"
    ),
    path("reviews/<int:pk>/render/", views.RenderReportView.as_view(), name="report_render"),
    path("reviews/<int:pk>/awards/", views.ConferredAwardsView.as_view(), name="report_awards"),
    path("reviews/versions/<int:pk>/", views.VersionStatusView.as_view(), name="version_status"),
    path("reviews/versions/<int:pk>/pdf/", views.VersionDownloadView.as_view(), name="version_pdf"),
    path("reviews/versions/<int:pk>/docx/", views.VersionDocxView.as_view(), name="version_docx"),
    path("reviews/versions/<int:pk>/xlsx/", views.VersionXlsxView.as_view(), name="version_xlsx"),
    path(
        "reviews/versions/<int:pk>/retry/", views.RetryRenderingView.as_view(), name="version_retry"
    ),
    path(
        "reviews/versions/<int:pk>/issue/", views.IssueVersionView.as_view(), name="version_issue"
    ),
    path(
        "reviews/versions/<int:pk>/signed-copy/",
        signed_copies.SignedCopyView.as_view(),
        name="version_signed_copy",
    ),
    path(
        "reviews/signed-copies/<int:pk>/pdf/",
        signed_copies.SignedCopyDownloadView.as_view(),
        name="signed_copy_pdf",
    ),
]
