from models_registry.api import months, views


def register(router) -> None:
    router.register("model-types", views.ModelTypeViewSet, basename="modeltype")
    router.register("models", views.GrassrootsModelViewSet, basename="grassrootsmodel")
    router.register("persons", views.PersonViewSet, basename="person")
    router.register("memberships", views.MembershipViewSet, basename="membership")
    router.register("cameras", views.CameraViewSet, basename="camera")
    router.register("commune-months", months.CommuneMonthViewSet, basename="communemonth")
    router.register("ratings", views.ModelRatingViewSet, basename="modelrating")
