from django.urls import path

from awards import views

app_name = "awards"

urlpatterns = [
    path("", views.AwardListView.as_view(), name="award_list"),
    path("new/", views.AwardCreateView.as_view(), name="award_add"),
    path("<int:pk>/", views.AwardDetailView.as_view(), name="award_detail"),
    path("<int:pk>/edit/", views.AwardUpdateView.as_view(), name="award_edit"),
    path("<int:pk>/delete/", views.AwardDeleteView.as_view(), name="award_delete"),
    path("proposals/", views.ProposalListView.as_view(), name="proposal_list"),
    path("proposals/<int:pk>/", views.ProposalDetailView.as_view(), name="proposal_detail"),
    path(
        "proposals/<int:pk>/approve/", views.ProposalApproveView.as_view(), name="proposal_approve"
    ),
    path("proposals/<int:pk>/return/", views.ProposalReturnView.as_view(), name="proposal_return"),
]
