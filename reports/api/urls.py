from reports.dashboards.api import StatisticsViewSet
from reports.reviews.api import ReviewReportViewSet, SignedCopyViewSet, VersionViewSet


def register(router) -> None:
    router.register("statistics", StatisticsViewSet, basename="statistics")
    # Before "reviews": its detail route would take "versions" for a report's id.
    router.register("reviews/versions", VersionViewSet, basename="reportversion")
    router.register("reviews/signed-copies", SignedCopyViewSet, basename="signedcopy")
    router.register("reviews", ReviewReportViewSet, basename="reviewreport")
