from django.urls import path

from patrols import offline, views

app_name = "patrols"

urlpatterns = [
    path("shifts/", views.ShiftListView.as_view(), name="shift_list"),
    path("shifts/new/", views.ShiftEntryView.as_view(), name="shift_add"),
    path("shifts/import/", views.ShiftImportView.as_view(), name="shift_import"),
    path("shifts/<int:pk>/", views.ShiftDetailView.as_view(), name="shift_detail"),
    path("shifts/<int:pk>/edit/", views.ShiftEntryView.as_view(), name="shift_edit"),
    path("shifts/<int:pk>/delete/", views.ShiftDeleteView.as_view(), name="shift_delete"),
    path("offline/", offline.OfflineQueueView.as_view(), name="offline_queue"),
    path("offline/sw.js", offline.service_worker, name="service_worker"),
    path("incidents/", views.IncidentListView.as_view(), name="incident_list"),
    path("incidents/new/", views.IncidentCreateView.as_view(), name="incident_add"),
    path("incidents/<int:pk>/", views.IncidentDetailView.as_view(), name="incident_detail"),
    path("incidents/<int:pk>/edit/", views.IncidentUpdateView.as_view(), name="incident_edit"),
    path("incidents/<int:pk>/delete/", views.IncidentDeleteView.as_view(), name="incident_delete"),
]
