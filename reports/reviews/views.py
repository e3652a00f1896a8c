"""Pages of the review reports: the list, a new report, its page (header and written
sections, editable until issued; its versions with their progress), the preview, the
actions on a version (render, retry, issue, download); its signed copies are in
``signed_copies``. Writes go through ``services`` and ``jobs``."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import DetailView, FormView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from areas.base.columns import Column
from areas.base.history import history_of
from areas.base.views import ScopedFormPageMixin, ScopedListView, ScopedViewMixin
from reports.reviews import document, jobs, services
from reports.reviews.downloads import pdf_download, version_file_response
from reports.reviews.filters import ReviewReportFilterSet
from reports.reviews.forms import (
    ConferForm,
    ReviewReportCreateForm,
    ReviewReportForm,
    SignedCopyForm,
    decision_label,
    part_field,
)
from reports.reviews.models import RenderStatus, ReportVersion, ReviewReport
from reports.reviews.signed_copies import signed_copies_prefetch
from reports.statistics import Scope
from reports.statistics.signoff import approvals


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
        if self.object.is_issued:
            messages.error(request, _("This report has been issued; it can no longer be changed."))
            return redirect(self.object)
        restore = request.POST.get("restore")
        if restore:
            services.restore_generated_part(report=self.object, key=restore)
            messages.success(request, _("The part is back to the text generated from the figures."))
            return redirect(f"{self.object.get_absolute_url()}#part-{restore}")
        return super().post(request, *args, **kwargs)

    def generated_parts(self) -> list[dict]:
        """Section II as the engine words it now (each part's generated text), once."""
        if not hasattr(self, "_parts"):
            self._parts = document.section_two(self.object, self.request.user)
        return self._parts

    def get_form_kwargs(self):
        generated = {
            p["key"]: (p["heading"], "\n".join(p["generated"])) for p in self.generated_parts()
        }
        return {**super().get_form_kwargs(), "generated": generated}

    def get_context_data(self, **kwargs):
        report = self.object
        versions = list(
            report.versions.select_related("requested_by", "issued_by").prefetch_related(
                signed_copies_prefetch()
            )
        )
        user = self.request.user
        issued = report.is_issued
        self.title = report.title
        context = super().get_context_data(
            versions=versions,
            issued=issued,
            can_change=user.has_perm("reports.change_reviewreport") and not issued,
            can_render=user.has_perm("reports.add_reportversion") and not issued,
            can_issue=user.has_perm("reports.change_reportversion") and not issued,
            can_attach=user.has_perm("reports.add_signedcopy"),
            signed_copy_form=SignedCopyForm(),
            history=history_of(report),
            # On the page only, never in the PDF: whether the period's figures are signed off.
            approvals=approvals(user, Scope(unit=report.unit), report.period),
            **awards_context(report, user),
            **kwargs,
        )
        form = context.get("form")
        context["result_parts"] = [
            {
                "key": p["key"],
                "heading": p["heading"],
                "edited": p["edited"],
                "field": form[part_field(p["key"])] if form is not None else None,
                "shown": form[f"{part_field(p['key'])}_shown"] if form is not None else None,
            }
            for p in self.generated_parts()
        ]
        return context


class ReviewReportPreviewView(ScopedViewMixin, DetailView):
    """The document as it would print now, in the browser: the same template as the PDF,
    built from the engine's figures of this moment."""

    model = ReviewReport
    permission_required = "reports.view_reviewreport"
    template_name = "reports/review/preview.html"

    def get_context_data(self, **kwargs):
        doc = document.build_document(self.object, self.request.user)
        return super().get_context_data(doc=doc, title=_("Preview"), static_base="", **kwargs)


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
        except services.ReviewError as exc:
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
        version = jobs.request_rendering(report=self.object, user=self.request.user)
        say_version_state(self.request, version)


class RetryRenderingView(ActionView):
    model = ReportVersion
    permission_required = "reports.add_reportversion"
    question = gettext_lazy("Render this version again?")
    button = gettext_lazy("Try again")

    def act(self):
        version = jobs.retry_rendering(version=self.object, user=self.request.user)
        say_version_state(self.request, version)


def say_version_state(request, version: ReportVersion) -> None:
    """The message after asking for a rendering, from the version's state once the request is
    done — the job enqueued, or already run inline, or refused by a broker that is down — so
    it never says "being rendered" beside a ready or failed version. A job still to run is
    only said to be asked for: its state is the version's own line, which follows it."""
    version.refresh_from_db()
    n = version.number
    if version.status == RenderStatus.READY:
        messages.success(request, _("Version %(n)d is ready.") % {"n": n})
    elif version.status == RenderStatus.FAILED:
        messages.error(
            request,
            _("Version %(n)d could not be rendered: %(reason)s")
            % {"n": n, "reason": version.error},
        )
    else:
        messages.info(
            request, _("Version %(n)d is requested; its progress shows below.") % {"n": n}
        )


class IssueVersionView(ScopedViewMixin, SingleObjectMixin, View):
    """Ban hành: a confirmation page listing what is missing or in doubt in the version as
    printed — number and symbol, date, signer, prompts left, numbers of rewritten text not
    among the figures (each confirmed here) — that issues only when nothing is left."""

    model = ReportVersion
    permission_required = "reports.change_reportversion"

    def get_queryset(self):
        return super().get_queryset().select_related("report")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.page()

    def page(self, status: int = 200):
        version = self.object
        problems = services.issue_problems(version)
        return render(
            request=self.request,
            template_name="reports/review/issue.html",
            context={
                "version": version,
                "report": version.report,
                "problems": problems,
                "numbers": services.unconfirmed_numbers(version) if version.snapshot else [],
                "issued": version.report.is_issued,
                "title": _("Issue version %(n)d") % {"n": version.number},
            },
            status=status,
        )

    def post(self, request, *args, **kwargs):
        self.object = version = self.get_object()
        try:
            if "confirm" in request.POST:
                n = services.confirm_numbers(version=version, keys=request.POST.getlist("number"))
                if n:
                    messages.success(
                        request,
                        ngettext("%(n)d number confirmed.", "%(n)d numbers confirmed.", n)
                        % {"n": n},
                    )
                return redirect("reports:version_issue", pk=version.pk)
            services.issue_version(version=version, user=request.user)
        except services.ReviewError as exc:
            messages.error(request, str(exc))
            self.object.refresh_from_db()
            return self.page(status=422)
        messages.success(request, _("The version is issued."))
        return redirect(version.report)


class VersionStatusView(ScopedViewMixin, DetailView):
    """The progress of one rendering, polled by the report's page (our own scoped view: the
    job's state is read from its row, never from an unauthenticated result endpoint)."""

    model = ReportVersion
    permission_required = "reports.view_reportversion"
    template_name = "reports/review/_version.html"
    context_object_name = "version"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("report", "requested_by")
            .prefetch_related(signed_copies_prefetch())
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            can_render=user.has_perm("reports.add_reportversion"),
            can_attach=user.has_perm("reports.add_signedcopy"),
            signed_copy_form=SignedCopyForm(),
            can_issue=user.has_perm("reports.change_reportversion")
            and not self.object.report.is_issued,
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
        return pdf_download(
            version.pdf, version.filename, inline=request.GET.get("inline") is not None
        )


class VersionFileView(ScopedViewMixin, DetailView):
    """The version's document in another format (``downloads``), through this scoped view."""

    model = ReportVersion
    permission_required = "reports.view_reportversion"
    kind: str

    def get(self, request, *args, **kwargs):
        return version_file_response(self.get_object(), self.kind)


class VersionDocxView(VersionFileView):
    """The version as a Word file, in the layout of its PDF (``wordfile``)."""

    kind = "docx"


class VersionXlsxView(VersionFileView):
    """The version's tables as a workbook, one sheet per table (``spreadsheet``)."""

    kind = "xlsx"


class ConferredAwardsView(ScopedViewMixin, SingleObjectMixin, FormView):
    """The commendations conferred at the review's conference ("Tại Hội nghị …"): the decisions
    recorded with the report, one more to record, one to withdraw; fixed once it is issued."""

    model = ReviewReport
    form_class = ConferForm
    template_name = "reports/review/awards.html"

    def get_permission_required(self):
        if self.request.method == "POST":
            return ["reports.change_reviewreport"]
        return ["reports.view_reviewreport"]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "decisions": services.decisions_to_confer(self.object, self.request.user),
        }

    def post(self, request, *args, **kwargs):
        withdraw = request.POST.get("withdraw", "")
        if withdraw:
            day, _sep, number = withdraw.partition("|")
            try:
                day = datetime.date.fromisoformat(day)
                services.withdraw_decision(
                    report=self.object, user=request.user, number=number, day=day
                )
            except ValueError as exc:  # a key not made by the page
                raise Http404("No such decision.") from exc
            except services.ReviewError as exc:
                messages.error(request, str(exc))
            return redirect(self.object)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        number, day = form.cleaned_decision()
        try:
            count = services.confer_decision(
                report=self.object, user=self.request.user, number=number, day=day
            )
        except services.ReviewError as exc:
            messages.error(self.request, str(exc))
        else:
            messages.success(
                self.request, _("%(n)d commendations recorded at this review.") % {"n": count}
            )
        return redirect(self.object)

    def get_context_data(self, **kwargs):
        context = awards_context(self.object, self.request.user)
        if "form" in kwargs:
            context["confer_form"] = kwargs["form"]
        return super().get_context_data(**context, **kwargs)


def awards_context(report: ReviewReport, user) -> dict:
    """What the conferred-commendations section of a report's page shows."""
    can_change = user.has_perm("reports.change_reviewreport") and not report.is_issued
    conferred = services.conferred_decisions(report, user)
    for decision in conferred:
        decision["label"] = decision_label(decision)
    context = {"conferred": conferred, "can_confer": can_change}
    if can_change:
        context["confer_form"] = ConferForm(decisions=services.decisions_to_confer(report, user))
    return context
