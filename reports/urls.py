from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("units/<int:unit_pk>/", views.DashboardView.as_view(), name="unit_dashboard"),
    path("models/<int:model_pk>/", views.DashboardView.as_view(), name="model_dashboard"),
    path("completeness/", views.CompletenessView.as_view(), name="completeness"),
]
