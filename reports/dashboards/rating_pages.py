"""The pages of the yearly rating workflow (``ratings`` computes what they show): the rating
page of a commune and a rating year, confirming one team's rating (the commune), approving
or reopening it (the province)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from django.views.generic.detail import SingleObjectMixin

from areas.base.forms import PlainTextMixin
from areas.base.views import ScopedViewMixin, ServiceRulesMixin
from areas.models import Area, AreaLevel
from models_registry import services
from models_registry.models import GrassrootsModel, ModelRating, RatingYear
from models_registry.models.rating_rules import rating_period, rating_year_label, scale_choices
from reports.dashboards.ratings import rated_teams, rule_text, year_choices


def rating_page_url(model: GrassrootsModel, year: int) -> str:
    """Where a rating goes back to: the rating page of a statutory team's commune and year,
    the model's own page for the other models."""
    if model.model_type.rating_year == RatingYear.STATUTORY:
        return f"{reverse('reports:ratings')}?commune={model.commune_id}&year={year}"
    return model.get_absolute_url()


class RatingPageView(ScopedViewMixin, TemplateView):
    """The statutory teams of a commune for a rating year: figures, proposal, rating and its
    status, with the actions the user's role allows."""

    permission_required = "models_registry.view_modelrating"
    template_name = "reports/ratings/page.html"
    scope_parameters = ("commune",)

    def get_context_data(self, **kwargs):
        user = self.request.user
        query = self.request.GET
        communes = Area.objects.for_user(user).filter(level=AreaLevel.COMMUNE)
        commune = None
        if query.get("commune"):
            if not query["commune"].isdigit():
                raise Http404("No such commune in your area.")
            commune = communes.filter(pk=query["commune"]).first()
            if commune is None:
                raise Http404("No such commune in your area.")
        elif user.scope_unit is not None and user.scope_unit.level == AreaLevel.COMMUNE:
            commune = user.scope_unit
        today = timezone.localdate()
        years = year_choices(today)
        year = int(query["year"]) if query.get("year", "").isdigit() else today.year
        if year not in dict(years):
            year = today.year
        teams = rated_teams(user, commune, year) if commune is not None else []
        return super().get_context_data(
            title=_("Yearly rating of the security and order protection teams"),
            commune=commune,
            communes=[] if commune is not None else communes.current().order_by("sort_name"),
            year=year,
            year_label=rating_year_label(RatingYear.STATUTORY, year),
            years=years,
            teams=teams,
            rule=rule_text(year),
            can_pick=user.scope_unit is not None and user.scope_unit.level != AreaLevel.COMMUNE,
            can_confirm=user.has_perm("models_registry.add_modelrating"),
            can_approve=user.has_perm("models_registry.approve_modelrating"),
            counts=_counts(teams),
            **kwargs,
        )


def _counts(teams) -> list[tuple[str, int]]:
    """The page's summary line: ratings recorded by value, and the teams not yet eligible."""
    found: dict[str, int] = {}
    for team in teams:
        if not team.eligible:
            key = _("not yet eligible (under nine months)")
        elif team.record is None:
            key = _("not rated yet")
        else:
            key = team.record.get_rating_display()
        found[key] = found.get(key, 0) + 1
    return list(found.items())


def _year_choice(kind: str, year: int) -> str:
    """A rating year as a choice short enough for a phone's select box: "2026
    (15/11/2025–14/11/2026)" for a statutory year, "2026" otherwise."""
    if kind != RatingYear.STATUTORY:
        return str(year)
    start, end = rating_period(kind, year)
    return f"{year} ({start:%d/%m/%Y}–{end:%d/%m/%Y})"


class RatingConfirmForm(PlainTextMixin, forms.Form):
    # The rating years offered, each with its dates (the statutory year runs 15/11 – 14/11):
    # this one and the five before, as on the ratings page.
    year = forms.TypedChoiceField(label=gettext_lazy("Rating year"), coerce=int)
    rating = forms.ChoiceField(label=gettext_lazy("Rating"))
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)

    def __init__(self, *args, model: GrassrootsModel, **kwargs):
        super().__init__(*args, **kwargs)
        kind = model.model_type.rating_year
        self.fields["year"].choices = [
            (year, _year_choice(kind, year)) for year, _label in year_choices(timezone.localdate())
        ]
        self.fields["rating"].choices = [
            ("", "---------"),
            *scale_choices(model.model_type.rating_scale),
        ]


class RatingConfirmView(ScopedViewMixin, ServiceRulesMixin, FormView):
    """The commune confirms one team's rating for a rating year (the one record of that team
    and year, created or updated); its figures and the proposal are shown with the form."""

    model = GrassrootsModel
    permission_required = "models_registry.add_modelrating"
    form_class = RatingConfirmForm
    template_name = "reports/ratings/confirm.html"
    error_fields = {"model": "__all__"}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.team = get_object_or_404(
                GrassrootsModel.objects.for_user(request.user).select_related(
                    "model_type", "commune"
                ),
                pk=kwargs["model_pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "model": self.team}

    def year(self) -> int:
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        value = data.get("year", "")
        today = timezone.localdate()
        return int(value) if value.isdigit() and 2000 <= int(value) <= today.year else today.year

    def get_initial(self):
        year = self.year()
        team = rated_teams(self.request.user, self.team.commune, year, only=self.team)[0]
        rating = team.record.rating if team.record else team.proposed
        return {"year": year, "rating": rating, "note": team.record.note if team.record else ""}

    def get_context_data(self, **kwargs):
        year = self.year()
        team = rated_teams(self.request.user, self.team.commune, year, only=self.team)[0]
        return super().get_context_data(
            title=_("Confirm the yearly rating"),
            team=team,
            year_label=rating_year_label(self.team.model_type.rating_year, year),
            # The statutory teams' rule of the proposal; other types have none of their own.
            rule=rule_text(year)
            if self.team.model_type.rating_year == RatingYear.STATUTORY
            else "",
            back=rating_page_url(self.team, year),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.confirm_rating(
                model=self.team, year=data["year"], rating=data["rating"], note=data["note"]
            )
        except ValidationError as err:
            return self.refused(form, err)
        messages.success(self.request, _("The rating was confirmed."))
        return redirect(rating_page_url(self.team, data["year"]))


class RatingDecisionView(ScopedViewMixin, SingleObjectMixin, TemplateView):
    """Province staff approve a confirmed rating, or reopen an approved one; GET asks to
    confirm."""

    model = ModelRating
    permission_required = "models_registry.approve_modelrating"
    template_name = "reports/ratings/decide.html"
    action = "approve"

    def get_queryset(self):
        return super().get_queryset().select_related("model__model_type", "model__commune")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            if self.action == "approve":
                services.approve_rating(user=request.user, rating=self.object)
                messages.success(request, _("The rating was approved."))
            else:
                services.reopen_rating(rating=self.object)
                messages.success(request, _("The rating was reopened."))
        except ValidationError as err:
            context = self.get_context_data(errors=err.messages)
            return self.render_to_response(context, status=422)
        return redirect(rating_page_url(self.object.model, self.object.year))

    def get_context_data(self, **kwargs):
        titles = {"approve": _("Approve the rating"), "reopen": _("Reopen the rating")}
        return super().get_context_data(
            title=titles[self.action],
            action=self.action,
            back=rating_page_url(self.object.model, self.object.year),
            **kwargs,
        )
