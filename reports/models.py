"""The models of the reports app: the review reports and their versions, defined with the rest
of the review reports in ``reports/reviews/models.py`` (Django looks for them here)."""

from reports.reviews.models import (  # noqa: F401
    ConferredAward,
    RenderStatus,
    ReportVersion,
    ReviewKind,
    ReviewReport,
    SignatureReading,
    SignedCopy,
    SigningMode,
    version_path,
)
