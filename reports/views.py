"""Dashboards and review reports. Every figure comes from ``reports.statistics``; the
dashboard views only pick scope and period, the report views call ``reports.services``."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from areas.base.columns import Column
from areas.base.history import history_of
from areas.base.views import ScopedFormPageMixin, ScopedListView, ScopedViewMixin
from areas.base.xlsx import xlsx_response
from reports import charts, documents, exports, services
from reports.filters import ReviewReportFilterSet
from reports.forms import CompletenessForm, PeriodForm, ReviewReportCreateForm, ReviewReportForm
from reports.models import RenderStatus, ReportVersion, ReviewReport
from reports.statistics import completeness, compute, resolve_scope

# Headline cards: figure name and the direction that is good news.
CARDS = [
    ("models", "up"),
    ("members", "up"),
    ("shifts", "up"),
    ("turns", "up"),
    ("incidents", "down"),
    ("tip_offs", "up"),
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


class DashboardView(LoginRequiredMixin, TemplateView):
    """The dashboard of a unit (country, province: its communes; commune: its models) or of
    one model (``model_pk``), for the period picked. ``?export=xlsx`` downloads the figures."""

    template_name = "reports/dashboard.html"

    def get(self, request, *args, **kwargs):
        if not kwargs and request.user.scope_unit_id is None:
            # The start page of a user without a unit: say so rather than a 404.
            return render(request, "reports/home.html")
        self.scope = resolve_scope(
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
                return row.label
            if key == "last_shift":
                return row.extra.get("last_shift") or datetime.date.min
            return row.figures[key].value if key in row.figures else 0

        return sorted(rows, key=value, reverse=descending), ("-" if descending else "") + key

    def breadcrumbs(self):
        crumbs = []
        unit = self.scope.unit
        if self.request.user.scope_unit_id != unit.pk:
            crumbs.append((_("Overview"), reverse("home")))
        if self.scope.is_model:
            crumbs.append((unit.name, reverse("reports:unit_dashboard", args=[unit.pk])))
        return crumbs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows, sort = self.sorted_breakdown()
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
            chart_data=charts.dashboard_charts(self.figures),
            cards=CARDS,
            sort_columns=[
                (key, text)
                for key, text in SORT_COLUMNS
                if key != "models" or self.scope.breakdown == "commune"
            ],
            title=_("Dashboard"),
        )
        return context


class CompletenessView(LoginRequiredMixin, TemplateView):
    """Communes and patrol teams with no shift logged in the last N days."""

    template_name = "reports/completeness.html"
    scope_parameters = ("unit",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scope = resolve_scope(self.request.user, unit=self.request.GET.get("unit") or None)
        form = CompletenessForm(self.request.GET or None)
        result = completeness(self.request.user, scope.unit, form.window(), timezone.localdate())
        context.update(scope=scope, form=form, result=result, title=_("Reporting completeness"))
        return context


# --- review reports ------------------------------------------------------------------------


class ReviewReportListView(ScopedListView):
    model = ReviewReport
    permission_required = "reports.view_reviewreport"
    filterset_class = ReviewReportFilterSet
    title = gettext_lazy("Review reports")
    create_url = "reports:report_add"
    export_name = "bao-cao"
    columns = [
        Column(gettext_lazy("Subject line"), "title", link=True),
        Column(gettext_lazy("Kind"), "kind"),
        Column(gettext_lazy("Unit"), "unit.name"),
        Column(gettext_lazy("Period start"), "period_start"),
        Column(gettext_lazy("Period end"), "period_end"),
        Column(gettext_lazy("Number"), "number"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("unit")


class ReviewReportCreateView(ScopedViewMixin, FormView):
    """Start a report: what it covers and its period; the rest is drafted."""

    model = ReviewReport
    permission_required = "reports.add_reviewreport"
    form_class = ReviewReportCreateForm
    template_name = "includes/object_form.html"

    def form_valid(self, form):
        data = form.cleaned_data
        report = services.create_report(
            user=self.request.user,
            kind=data["kind"],
            unit=data["unit"],
            period=form.period(),
            model=data.get("model"),
            model_type=data.get("model_type"),
        )
        messages.success(self.request, _("The report is drafted. Complete its sections."))
        return redirect(report)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("New review report"), **kwargs)


class ReviewReportDetailView(ScopedFormPageMixin, UpdateView):
    """The report's page: its header and written sections (editable until it is issued), its
    versions with their progress, and the buttons to preview and render."""

    model = ReviewReport
    form_class = ReviewReportForm
    template_name = "reports/review/detail.html"

    def get_permission_required(self):
        if self.request.method == "POST":
            return ["reports.change_reviewreport"]
        return ["reports.view_reviewreport"]

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "model", "model_type")

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.versions.filter(issued_at__isnull=False).exists():
            messages.error(request, _("This report has been issued; it can no longer be changed."))
            return redirect(self.object)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        report = self.object
        versions = list(report.versions.select_related("requested_by", "issued_by"))
        user = self.request.user
        issued = any(v.is_issued for v in versions)
        self.title = report.title
        return super().get_context_data(
            versions=versions,
            issued=issued,
            can_change=user.has_perm("reports.change_reviewreport") and not issued,
            can_render=user.has_perm("reports.add_reportversion") and not issued,
            can_issue=user.has_perm("reports.change_reportversion") and not issued,
            history=history_of(report),
            **kwargs,
        )


class ReviewReportPreviewView(ScopedViewMixin, DetailView):
    """The document as it would print now, in the browser: the same template as the PDF,
    built from the engine's figures of this moment."""

    model = ReviewReport
    permission_required = "reports.view_reviewreport"
    template_name = "reports/review/preview.html"

    def get_context_data(self, **kwargs):
        document = documents.build_document(self.object, self.request.user)
        return super().get_context_data(doc=document, title=_("Preview"), static_base="", **kwargs)


class ActionView(ScopedViewMixin, SingleObjectMixin, View):
    """A POST that changes one object; GET asks to confirm (usable without JavaScript)."""

    question = ""
    button = ""

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return render(
            request,
            "reports/review/confirm.html",
            {
                "object": self.object,
                "question": self.question,
                "button": self.button,
                "back": self.back_url(),
            },
        )

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            self.act()
        except services.RenderingError as exc:
            messages.error(request, str(exc))
        return redirect(self.back_url())

    def back_url(self) -> str:
        obj = self.object
        return (obj.report if isinstance(obj, ReportVersion) else obj).get_absolute_url()


class RenderReportView(ActionView):
    model = ReviewReport
    permission_required = "reports.add_reportversion"
    question = gettext_lazy(
        "Render a new PDF version of this report from its current text and figures?"
    )
    button = gettext_lazy("Render PDF")

    def act(self):
        version = services.request_rendering(report=self.object, user=self.request.user)
        messages.success(
            self.request, _("Version %(n)d is being rendered.") % {"n": version.number}
        )


class RetryRenderingView(ActionView):
    model = ReportVersion
    permission_required = "reports.add_reportversion"
    question = gettext_lazy("Render this version again?")
    button = gettext_lazy("Try again")

    def act(self):
        services.retry_rendering(version=self.object, user=self.request.user)


class IssueVersionView(ActionView):
    model = ReportVersion
    permission_required = "reports.change_reportversion"
    question = gettext_lazy(
        "Issue this version? It becomes the report as sent out and can no longer be changed."
    )
    button = gettext_lazy("Issue")

    def act(self):
        services.issue_version(version=self.object, user=self.request.user)
        messages.success(self.request, _("The version is issued."))


class VersionStatusView(ScopedViewMixin, DetailView):
    """The progress of one rendering, polled by the report's page (our own scoped view: the
    job's state is read from its row, never from an unauthenticated result endpoint)."""

    model = ReportVersion
    permission_required = "reports.view_reportversion"
    template_name = "reports/review/_version.html"
    context_object_name = "version"

    def get_queryset(self):
        return super().get_queryset().select_related("report", "requested_by")

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            can_render=user.has_perm("reports.add_reportversion"),
            can_issue=user.has_perm("reports.change_reportversion")
            and not self.object.report.versions.filter(issued_at__isnull=False).exists(),
            **kwargs,
        )


class VersionDownloadView(ScopedViewMixin, DetailView):
    """The PDF of a ready version, only through this scoped view (no public media URL)."""

    model = ReportVersion
    permission_required = "reports.view_reportversion"

    def get(self, request, *args, **kwargs):
        version = self.get_object()
        if version.status != RenderStatus.READY or not version.pdf:
            raise Http404("This version has no PDF yet.")
        return FileResponse(
            version.pdf.open("rb"),
            as_attachment=request.GET.get("inline") is None,
            filename=version.filename,
            content_type="application/pdf",
        )
