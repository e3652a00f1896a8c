"""Record pages that bring every layer together, so they live here, at the top: a member's
page (their memberships, their patrol turns and shifts led counted by the engine, their
commendations) and a grassroots model's page (its members, ratings, cameras and
commendations). Their templates are ``reports/records/``.

``config/urls.py`` mounts the two record pages under the registry's own URLs and names
(``registry:person_detail``, ``registry:model_detail``), where their records live.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.views.generic import DetailView

from areas.base.history import history_of
from areas.base.views import ScopedViewMixin
from awards.models import Award
from models_registry.forms import RatingForm
from models_registry.models import (
    Camera,
    GrassrootsModel,
    Membership,
    ModelCategory,
    ModelRating,
    Person,
)
from reports.statistics import achievements


def commendations(obj, user) -> dict | None:
    """The commendations of a model or a member, for the section on its page (or nothing for
    a role that may not see the register)."""
    if not user.has_perm("awards.view_award"):
        return None
    field = "person" if isinstance(obj, Person) else "model"
    awards = Award.objects.for_user(user).filter(**{field: obj}).select_related("unit")
    return {
        "awards": list(awards[:50]),
        "add_query": f"{field}={obj.pk}",
        "can_add": user.has_perm("awards.add_award"),
        "can_propose": user.has_perm("awards.add_proposal"),
    }


class PersonPageView(ScopedViewMixin, DetailView):
    """A member's page."""

    model = Person
    permission_required = "models_registry.view_person"
    template_name = "reports/records/person_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("commune", "village")

    def get_context_data(self, **kwargs):
        person, user = self.object, self.request.user
        memberships = (
            Membership.objects.filter(person=person)
            .select_related("model", "model__model_type")
            .order_by("-joined_on")
        )
        # All of their patrol turns, counted as the dashboards count them (a deleted shift or
        # a deactivated team's shift is not a turn).
        record = achievements(user, datetime.date.min, timezone.localdate(), persons=[person])
        return super().get_context_data(
            memberships=memberships,
            participation=record.persons[0],
            commendations=commendations(person, user),
            history=history_of(person),
            **kwargs,
        )


class ModelPageView(ScopedViewMixin, DetailView):
    """A grassroots model's page."""

    model = GrassrootsModel
    permission_required = "models_registry.view_grassrootsmodel"
    template_name = "reports/records/model_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("model_type", "commune")

    def get_context_data(self, **kwargs):
        model, user = self.object, self.request.user
        memberships = Membership.objects.filter(model=model).select_related(
            "person", "person__village"
        )
        today = timezone.localdate()
        current = [m for m in memberships if m.serves_on(today)]
        return super().get_context_data(
            villages=model.villages.all(),
            current_members=current,
            past_members=[m for m in memberships if m not in current],
            ratings=ModelRating.objects.filter(model=model).select_related("model__model_type"),
            cameras=Camera.objects.filter(model=model)
            if model.category == ModelCategory.CAMERA
            else None,
            history=history_of(model),
            can_change=user.has_perm("models_registry.change_grassrootsmodel"),
            can_add_member=user.has_perm("models_registry.add_membership"),
            can_rate=user.has_perm("models_registry.add_modelrating"),
            rating_form=RatingForm(user=user, model=model),
            commendations=commendations(model, user),
            **kwargs,
        )
