from patrols.api import views


def register(router) -> None:
    router.register(
        "incident-categories", views.IncidentCategoryViewSet, basename="incidentcategory"
    )
    router.register("shifts", views.ShiftViewSet, basename="shift")
    router.register("incidents", views.IncidentViewSet, basename="incident")
    router.register("shift-entry-data", views.ShiftEntryDataViewSet, basename="shift-entry-data")
