from django.urls import path

from models_registry import month_views, views

app_name = "registry"

# The pages of one model and one member show what the apps above record about them
# (patrol turns, commendations): they are served by reports.dashboards.records, mounted
# in this namespace by config/urls.py.

urlpatterns = [
    path("models/", views.ModelListView.as_view(), name="model_list"),
    path("models/add/", views.ModelCreateView.as_view(), name="model_add"),
    path("models/<int:pk>/edit/", views.ModelUpdateView.as_view(), name="model_edit"),
    path(
        "models/<int:pk>/deactivate/", views.ModelDeactivateView.as_view(), name="model_deactivate"
    ),
    path("models/<int:pk>/members/add/", views.MemberAddView.as_view(), name="member_add"),
    path("models/<int:pk>/members/import/", views.MemberImportView.as_view(), name="member_import"),
    path("models/<int:pk>/ratings/add/", views.RatingAddView.as_view(), name="rating_add"),
    path("ratings/<int:pk>/edit/", views.RatingUpdateView.as_view(), name="rating_edit"),
    path(
        "memberships/<int:pk>/edit/", views.MembershipUpdateView.as_view(), name="membership_edit"
    ),
    path(
        "memberships/<int:pk>/deactivate/",
        views.MembershipDeactivateView.as_view(),
        name="membership_deactivate",
    ),
    path("persons/", views.PersonListView.as_view(), name="person_list"),
    path("persons/add/", views.PersonCreateView.as_view(), name="person_add"),
    path("persons/<int:pk>/edit/", views.PersonUpdateView.as_view(), name="person_edit"),
    path(
        "persons/<int:pk>/deactivate/",
        views.PersonDeactivateView.as_view(),
        name="person_deactivate",
    ),
    path("cameras/", views.CameraListView.as_view(), name="camera_list"),
    path("cameras/add/", views.CameraCreateView.as_view(), name="camera_add"),
    path("cameras/<int:pk>/", views.CameraDetailView.as_view(), name="camera_detail"),
    path("cameras/<int:pk>/edit/", views.CameraUpdateView.as_view(), name="camera_edit"),
    path(
        "cameras/<int:pk>/deactivate/",
        views.CameraDeactivateView.as_view(),
        name="camera_deactivate",
    ),
    path("types/", views.ModelTypeListView.as_view(), name="modeltype_list"),
    path("months/", month_views.MonthListView.as_view(), name="month_list"),
    path("months/<int:pk>/", month_views.MonthDetailView.as_view(), name="month_detail"),
    path(
        "months/commune/<int:unit_pk>/",
        month_views.CommuneMonthsView.as_view(),
        name="commune_months",
    ),
]
