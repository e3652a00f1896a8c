from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import otp_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # The reset link by e-mail (only with EMAIL_HOST set; otherwise these answer 404).
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("two-factor/", otp_views.OtpVerifyView.as_view(), name="otp_verify"),
    path("two-factor/setup/", otp_views.OtpSetupView.as_view(), name="otp_setup"),
    path(
        "two-factor/recovery-codes/",
        otp_views.RecoveryCodesView.as_view(),
        name="otp_recovery_codes",
    ),
    path("two-factor/off/", otp_views.OtpDisableView.as_view(), name="otp_disable"),
]
