from awards.api import views


def register(router) -> None:
    router.register("awards", views.AwardViewSet, basename="award")
    router.register("award-proposals", views.ProposalViewSet, basename="proposal")
