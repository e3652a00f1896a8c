from django.urls import path

from areas import views

app_name = "areas"

urlpatterns = [
    path("", views.AreaListView.as_view(), name="list"),
    path("<int:pk>/", views.AreaDetailView.as_view(), name="detail"),
    path("<int:pk>/villages/add/", views.VillageCreateView.as_view(), name="village_add"),
    path("villages/", views.VillageListView.as_view(), name="village_list"),
    path("villages/<int:pk>/edit/", views.VillageUpdateView.as_view(), name="village_edit"),
    path("villages/<int:pk>/delete/", views.VillageDeleteView.as_view(), name="village_delete"),
]
