"""The user's notifications (mounted at notifications/)."""

from django.urls import path

from accounts import views

app_name = "notifications"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("<int:pk>/", views.NotificationDetailView.as_view(), name="detail"),
    path("settings/", views.NotificationSettingsView.as_view(), name="settings"),
]
