"""Record pages that bring every layer together, so they live here, at the top: a member's
page (their memberships, their patrol turns and shifts led counted by the engine, their
commendations), a grassroots model's page (its members, ratings, cameras and commendations),
and the achievements a commendation proposal is filled with (worded from the engine).

``config/urls.py`` mounts the two record pages under the registry's own URLs and names
(``registry:person_detail``, ``registry:model_detail``), where their records live.
"""

from __future__ import annotations

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import formats, timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView

from areas.base.history import history_of
from areas.base.views import ScopedViewMixin
from areas.models import Area, AreaLevel
from awards.models import Award, Proposal
from models_registry.forms import RatingForm
from models_registry.models import (
    Camera,
    GrassrootsModel,
    Membership,
    ModelCategory,
    ModelRating,
    Person,
)
from reports.statistics import Period, Scope, achievements, compute, format_number


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
    template_name = "models_registry/person_detail.html"

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
    template_name = "models_registry/model_detail.html"

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
            ratings=ModelRating.objects.filter(model=model),
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


# --- a proposal's achievements -----------------------------------------------------------

FIGURES = ("models", "members", "shifts", "turns", "incidents", "tip_offs", "mediated")


def _date(day) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def write_achievements(*, user, commune, start, end, models, persons, commune_police: bool) -> str:
    found = achievements(user, start, end, models=models, persons=persons)
    lines = [
        _("Achievements from %(start)s to %(end)s:") % {"start": _date(start), "end": _date(end)}
    ]
    n = lambda row, name: format_number(row[name].value)  # noqa: E731
    for row in found.models:
        text = _(
            "%(name)s: %(shifts)s patrol shifts with %(turns)s participant turns; "
            "%(members)s members; %(incidents)s incidents found or handled, of which "
            "%(tip_offs)s from tip-offs; %(mediated)s mediated successfully."
        ) % {
            "name": row.label,
            "shifts": n(row, "shifts"),
            "turns": n(row, "turns"),
            "members": n(row, "members"),
            "incidents": n(row, "incidents"),
            "tip_offs": n(row, "tip_offs"),
            "mediated": n(row, "mediated"),
        }
        lines.append(f"- {text}")
    if commune_police:
        h = compute(user, Scope(unit=commune), Period(start, end)).headline
        text = _(
            "Police of %(commune)s: across the commune %(models)s models with %(members)s "
            "members, %(shifts)s patrol shifts with %(turns)s participant turns, "
            "%(incidents)s incidents, %(tip_offs)s tip-offs, %(mediated)s mediated successfully."
        ) % {
            "commune": commune.name,
            **{name: format_number(h[name].value) for name in FIGURES},
        }
        lines.append(f"- {text}")
    for row in found.persons:
        text = _(
            "%(name)s: took part in %(turns)s patrol shifts, led %(led)s; "
            "%(incidents)s incidents found on their shifts."
        ) % {
            "name": row.label,
            "turns": n(row, "turns"),
            "led": n(row, "led"),
            "incidents": n(row, "incidents"),
        }
        lines.append(f"- {text}")
    return "\n".join(lines)


class AchievementsView(ScopedViewMixin, View):
    """The achievements box of the proposal form, filled from the statistics engine for the
    commune, teams and members chosen (htmx). Each of them is looked up through the scoping
    mechanism: another commune's is a 404."""

    model = Proposal
    permission_required = "awards.add_proposal"
    scope_parameters = ("commune", "models", "persons")

    def get(self, request):
        query = request.GET
        communes = Area.objects.for_user(request.user).filter(level=AreaLevel.COMMUNE)
        raw = query.get("commune", "")
        if raw:
            commune = get_object_or_404(communes, pk=raw) if raw.isdigit() else None
        else:
            commune = communes.filter(pk=request.user.scope_unit_id).first()
        if commune is None:
            raise Http404("Choose a commune.")
        models = self._in_commune(GrassrootsModel, commune, query.getlist("models"))
        persons = self._in_commune(Person, commune, query.getlist("persons"))
        start, end = self._period(query)
        text = write_achievements(
            user=request.user,
            commune=commune,
            start=start,
            end=end,
            models=models,
            persons=persons,
            commune_police=query.get("commune_police") in {"on", "true", "1"},
        )
        return render(request, "awards/_achievements.html", {"text": text})

    def _in_commune(self, model, commune, raw_ids: list[str]) -> list:
        ids = {int(v) for v in raw_ids if v.isdigit()}
        if not ids:
            return []
        found = list(model.objects.for_user(self.request.user).filter(pk__in=ids, commune=commune))
        if len(found) != len(ids):
            raise Http404("Not in this commune.")
        return sorted(found, key=str)

    @staticmethod
    def _period(query) -> tuple[datetime.date, datetime.date]:
        def day(name: str) -> datetime.date | None:
            try:
                return parse_date(query.get(name) or "")
            except ValueError:  # well formed but not a date (31/02)
                return None

        today = timezone.localdate()
        start, end = day("period_start"), day("period_end")
        end = min(end or today, today)
        start = start or end.replace(month=1, day=1)
        if start > end:
            start = end
        return start, end
