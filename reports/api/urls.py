from reports.api import views


def register(router) -> None:
    router.register("statistics", views.StatisticsViewSet, basename="statistics")
