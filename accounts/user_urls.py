"""The users of one's unit: pages acting on other users (accounts.user_views)."""

from django.urls import path

from accounts import user_views

app_name = "users"

urlpatterns = [
    path("", user_views.ManagedUserListView.as_view(), name="list"),
    path("new/", user_views.ManagedUserCreateView.as_view(), name="create"),
    path("<int:pk>/", user_views.ManagedUserDetailView.as_view(), name="detail"),
    path(
        "<int:pk>/temporary-password/",
        user_views.SetTemporaryPasswordView.as_view(),
        name="set_temporary_password",
    ),
    path("<int:pk>/lock/", user_views.DeactivateAccountView.as_view(), name="lock"),
    path("<int:pk>/unlock/", user_views.ReactivateAccountView.as_view(), name="unlock"),
    path(
        "<int:pk>/reset-two-factor/",
        user_views.ResetTwoFactorView.as_view(),
        name="reset_two_factor",
    ),
]
