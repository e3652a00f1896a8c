from django.urls import path

from reports.dashboards import proposals, rating_pages, records, search, views

urlpatterns = [
    path("search/", search.SearchView.as_view(), name="search"),
    path("dashboard/units/<int:unit_pk>/", views.DashboardView.as_view(), name="unit_dashboard"),
    path("dashboard/units/<int:unit_pk>/map/", views.MapView.as_view(), name="unit_map"),
    path("dashboard/models/<int:model_pk>/", views.DashboardView.as_view(), name="model_dashboard"),
    path("dashboard/completeness/", views.CompletenessView.as_view(), name="completeness"),
    path(
        "dashboard/achievements/",
        proposals.AchievementsView.as_view(),
        name="proposal_achievements",
    ),
    path("ratings/", rating_pages.RatingPageView.as_view(), name="ratings"),
    path(
        "ratings/models/<int:model_pk>/confirm/",
        rating_pages.RatingConfirmView.as_view(),
        name="rating_confirm",
    ),
    path(
        "ratings/<int:pk>/approve/",
        rating_pages.RatingDecisionView.as_view(action="approve"),
        name="rating_approve",
    ),
    path(
        "ratings/<int:pk>/reopen/",
        rating_pages.RatingDecisionView.as_view(action="reopen"),
        name="rating_reopen",
    ),
]

# Mounted by config/urls.py in the registry's namespace, at the registry's paths.
registry_urlpatterns = [
    path("models/<int:pk>/", records.ModelPageView.as_view(), name="model_detail"),
    path("persons/<int:pk>/", records.PersonPageView.as_view(), name="person_detail"),
]

# Mounted by config/urls.py in the register's namespace, at the register's paths.
awards_urlpatterns = [
    path("proposals/new/", proposals.ProposalCreateView.as_view(), name="proposal_add"),
]
