from reports.dashboards.api import StatisticsViewSet


def register(router) -> None:
    router.register("statistics", StatisticsViewSet, basename="statistics")
