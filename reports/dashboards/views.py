"""The dashboards: a unit's or a model's figures for the period picked, with their chart,
breakdown table and .xlsx export, and the completeness page. Every figure comes from the
engine (``reports.statistics``); these views only pick the scope and the period."""

from __future__ import annotations

import datetime

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from areas.base.sorting import vi_key
from areas.base.xlsx import xlsx_response
from config.db_routers import ReadsFromReplica
from reports.dashboards import charts, exports, maps
from reports.dashboards.forms import CompletenessForm, MapFigureForm, PeriodForm
from reports.statistics import NotInScope, Scope, completeness, compute, resolve_scope
from reports.statistics.signoff import approvals

# Headline cards: figure name and the direction that is good news.
CARDS = [
    ("models", "up"),
    ("members", "up"),
    ("shifts", "up"),
    ("turns", "up"),
    ("incidents", "down"),
    ("tip_offs", "up"),
    ("cases_solved", "up"),
    ("suspects_arrested", "up"),
    ("camera_incidents", "up"),
    ("cameras", "up"),
]
SORT_COLUMNS = [
    ("label", gettext_lazy("Name")),
    ("models", gettext_lazy("Models")),
    ("members", gettext_lazy("Members")),
    ("shifts", gettext_lazy("Shifts")),
    ("turns", gettext_lazy("Participant turns")),
    ("incidents", gettext_lazy("Incidents")),
    ("last_shift", gettext_lazy("Last shift")),
]
SORT_KEYS = [key for key, _text in SORT_COLUMNS]


def scope_or_404(user, **ids) -> Scope:
    """The scope named by ids, or 404 when the user may not see it."""
    try:
        return resolve_scope(user, **ids)
    except NotInScope as exc:
        raise Http404(str(exc)) from exc


class DashboardView(ReadsFromReplica, LoginRequiredMixin, TemplateView):
    """The dashboard of a unit (country, province: its communes; commune: its models) or of
    one model (``model_pk``), for the period picked. ``?export=xlsx`` downloads the figures.
    Read from the replica when there is one (config/db_routers.py)."""

    template_name = "reports/dashboard.html"

    def get(self, request, *args, **kwargs):
        if not kwargs and request.user.scope_unit_id is None:
            # The start page of a user without a unit: say so rather than a 404.
            return render(request, "reports/home.html")
        self.scope = scope_or_404(
            request.user,
            unit=kwargs.get("unit_pk"),
            model=kwargs.get("model_pk"),
            model_type=request.GET.get("model_type") or None,
        )
        self.form = PeriodForm(
            request.GET or None,
            with_type=not self.scope.is_model,
            with_comparison=self.scope.is_model,
        )
        self.period = self.form.period()
        comparison = self.form.cleaned_data.get("comparison") if self.form.is_valid() else None
        self.figures = compute(request.user, self.scope, self.period, comparison=comparison)
        if request.GET.get("export") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def export(self) -> HttpResponse:
        unit, period = self.scope.unit, self.period
        filename = f"thong-ke-{unit.code or unit.pk}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
        return xlsx_response(filename, exports.figures_sheets(self.figures))

    def sorted_breakdown(self):
        sort = self.request.GET.get("sort", "label")
        descending = sort.startswith("-")
        key = sort.lstrip("-")
        if key not in SORT_KEYS:
            key, descending = "label", False
        rows = self.figures.breakdown

        def value(row):
            if key == "label":
                return vi_key(row.label)
            if key == "last_shift":
                return row.extra.get("last_shift") or datetime.date.min
            return row[key].value  # every breakdown row has every figure of SORT_KEYS

        return sorted(rows, key=value, reverse=descending), ("-" if descending else "") + key

    def breadcrumbs(self):
        crumbs = []
        unit = self.scope.unit
        if self.request.user.scope_unit_id != unit.pk:
            crumbs.append((_("Overview"), reverse("home")))
        if self.scope.is_model:
            crumbs.append((unit.name, reverse("reports:unit_dashboard", args=[unit.pk])))
        return crumbs

    def cards(self) -> list[tuple[str, str]]:
        if "own_incidents" not in self.figures.headline:
            return CARDS
        i = CARDS.index(("incidents", "down"))
        return CARDS[:i] + [("own_incidents", "up")] + CARDS[i:]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows, sort = self.sorted_breakdown()
        if "own_incidents" in self.figures.headline:
            # A model against the time before it was set up: the incidents and what follows
            # them are its commune's in both periods; the model's own are a card of their own.
            context["area_note"] = _(
                "Incidents, tip-offs and items seized: all of %(commune)s, in both periods "
                "(before the model was set up it had none of its own)."
            ) % {"commune": self.scope.unit.name[:1].lower() + self.scope.unit.name[1:]}
        query = self.request.GET.copy()
        query.pop("sort", None)
        query.pop("export", None)
        context.update(
            scope=self.scope,
            figures=self.figures,
            headline=self.figures.headline,
            period=self.period,
            form=self.form,
            breakdown=rows,
            sort=sort,
            query=query.urlencode(),
            breadcrumbs=self.breadcrumbs(),
            approvals=approvals(self.request.user, self.scope, self.period),
            chart_data=charts.dashboard_charts(self.figures),
            rating_summary=charts.rating_summary(self.figures),
            cards=self.cards(),
            sort_columns=[
                (key, text)
                for key, text in SORT_COLUMNS
                if key != "models" or self.scope.breakdown != "model"
            ],
            title=_("Dashboard"),
        )
        return context


class MapView(ReadsFromReplica, LoginRequiredMixin, TemplateView):
    """The map of a unit (a province: its communes; the country: its provinces; a commune:
    itself and its cameras) for the dashboard's period, the circles sized and coloured by the
    figure picked. The figures are the engine's breakdown rows (``reports/dashboards/maps.py``).
    Read from the replica when there is one."""

    template_name = "reports/map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        scope = scope_or_404(
            request.user,
            unit=kwargs["unit_pk"],
            model_type=request.GET.get("model_type") or None,
        )
        form = PeriodForm(request.GET or None)
        figure_form = MapFigureForm(request.GET or None)
        period = form.period()
        figures = compute(request.user, scope, period)
        # The circles open their unit's dashboard for the same period (and model type).
        query = request.GET.copy()
        for name in ("figure", "sort", "export"):
            query.pop(name, None)
        unit_map = maps.unit_map(
            request.user, figures, figure_form.chosen(), timezone.localdate(), query.urlencode()
        )
        context.update(
            scope=scope,
            figures=figures,
            period=period,
            form=form,
            figure_form=figure_form,
            map=unit_map,
            query=query.urlencode(),
            silent_days=maps.SILENT_DAYS,
            title=_("Map"),
        )
        return context


class CompletenessView(ReadsFromReplica, LoginRequiredMixin, TemplateView):
    """Communes and patrol teams with no shift logged in the last N days (from the replica
    when there is one)."""

    template_name = "reports/completeness.html"
    scope_parameters = ("unit",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scope = scope_or_404(self.request.user, unit=self.request.GET.get("unit") or None)
        form = CompletenessForm(self.request.GET or None)
        result = completeness(self.request.user, scope.unit, form.window(), timezone.localdate())
        context.update(scope=scope, form=form, result=result, title=_("Reporting completeness"))
        return context
