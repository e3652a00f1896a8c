from accounts.api import views


def register(router) -> None:
    router.register("notifications", views.NotificationViewSet, basename="notification")
