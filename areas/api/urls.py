from areas.api import views


def register(router) -> None:
    router.register("areas", views.AreaViewSet, basename="area")
    router.register("villages", views.VillageViewSet, basename="village")
