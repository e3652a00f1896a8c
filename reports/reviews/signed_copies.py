"""Pages of the signed copies of an issued version (bản ký): the version's copies with what
their digital signatures say, the upload of another, and the download of one — through the
scoped views only. The upload goes through ``services.attach_signed_copy``."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView
from django.views.generic.detail import SingleObjectMixin

from areas.base.views import ScopedViewMixin
from reports.reviews import services
from reports.reviews.downloads import pdf_download
from reports.reviews.forms import SignedCopyForm
from reports.reviews.models import ReportVersion, SignedCopy


def signed_copies_prefetch() -> Prefetch:
    """A version's signed copies, latest first, for its line on the report's page."""
    return Prefetch(
        "signed_copies", queryset=SignedCopy.objects.select_related("uploaded_by", "version")
    )


class SignedCopyView(ScopedViewMixin, SingleObjectMixin, FormView):
    """Bản ký of a version: every signed copy attached to it (latest first, with what its
    digital signatures say) and, once the version is issued, the upload of another."""

    model = ReportVersion
    form_class = SignedCopyForm
    template_name = "reports/review/signed_copies.html"

    def get_permission_required(self):
        if self.request.method == "POST":
            return ["reports.add_signedcopy"]
        return ["reports.view_signedcopy"]

    def get_queryset(self):
        return super().get_queryset().select_related("report")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.attach_signed_copy(
                version=self.object,
                user=self.request.user,
                content=form.content,
                name=form.cleaned_data["file"].name,
            )
        except services.ReviewError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("The signed copy is attached."))
        return redirect(f"{self.object.report.get_absolute_url()}#version-{self.object.pk}")

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 422
        return response

    def get_context_data(self, **kwargs):
        version = self.object
        return super().get_context_data(
            version=version,
            report=version.report,
            copies=list(version.signed_copies.select_related("uploaded_by", "version")),
            can_attach=version.is_issued and self.request.user.has_perm("reports.add_signedcopy"),
            title=_("Signed copy of version %(n)d") % {"n": version.number},
            **kwargs,
        )


class SignedCopyDownloadView(ScopedViewMixin, DetailView):
    """The file of a signed copy, only through this scoped view (no public media URL)."""

    model = SignedCopy
    permission_required = "reports.view_signedcopy"

    def get_queryset(self):
        return super().get_queryset().select_related("version__report")

    def get(self, request, *args, **kwargs):
        copy = self.get_object()
        return pdf_download(copy.file, copy.filename, inline=request.GET.get("inline") is not None)
