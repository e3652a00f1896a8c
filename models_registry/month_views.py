"""The monthly sign-off pages: the communes' months for province staff (filtered by month),
a commune's months where its officer confirms, and one month with its history and the
province's decision. Writes go through ``models_registry.signoff``."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView

from areas.base.forms import show_errors
from areas.base.history import history_of
from areas.base.views import ScopedViewMixin
from areas.models import Area, AreaLevel
from models_registry import signoff
from models_registry.forms import MonthApproveForm, MonthReopenForm, MonthReturnForm
from models_registry.models import CommuneMonth, MonthStatus

_MONTH = re.compile(r"^\s*(?:(\d{1,2})/(\d{4})|(\d{4})-(\d{1,2}))\s*$")


def parse_month(text: str | None) -> datetime.date | None:
    """``10/2026`` (as the pages write it) or ``2026-10`` (links): the month's first day."""
    found = _MONTH.match(text or "")
    if not found:
        return None
    month, year = (found[1], found[2]) if found[1] else (found[4], found[3])
    try:
        return datetime.date(int(year), int(month), 1)
    except ValueError:
        return None


class MonthListView(ScopedViewMixin, TemplateView):
    """Province staff: every commune of their unit and its status for one month."""

    model = CommuneMonth
    permission_required = "models_registry.view_communemonth"
    template_name = "models_registry/month_list.html"
    title = gettext_lazy("Monthly sign-off of the communes' figures")

    def get_context_data(self, **kwargs):
        typed = self.request.GET.get("month", "")
        month = parse_month(typed) or signoff.previous_month()
        error = (
            _("Write the month as mm/yyyy, for example 10/2026.")
            if typed and not parse_month(typed)
            else ""
        )
        communes = list(
            Area.objects.for_user(self.request.user).communes().current().order_by("sort_name")
        )
        found = {
            row.commune_id: row
            for row in CommuneMonth.objects.for_user(self.request.user).filter(
                month=month, commune__in=[c.pk for c in communes]
            )
        }
        rows = []
        for commune in communes:
            row = found.get(commune.pk) or CommuneMonth(month=month)
            row.commune = commune  # the commune already read: no query per row for its name
            rows.append(row)
        approved = sum(1 for r in rows if r.status == MonthStatus.APPROVED)
        return super().get_context_data(
            title=self.title,
            month=month,
            typed=typed or f"{month:%m/%Y}",
            month_error=error,
            rows=rows,
            approved=approved,
            confirmed=sum(1 for r in rows if r.status == MonthStatus.CONFIRMED),
            total=len(rows),
            **kwargs,
        )


class CommuneMonthsView(ScopedViewMixin, TemplateView):
    """A commune's last twelve finished months: where its officer confirms one."""

    model = CommuneMonth
    permission_required = "models_registry.view_communemonth"
    template_name = "models_registry/commune_months.html"
    http_method_names = ["get", "post"]
    shown = 12

    def get_commune(self) -> Area:
        commune = get_object_or_404(
            Area.objects.for_user(self.request.user), pk=self.kwargs["unit_pk"]
        )
        if commune.level != AreaLevel.COMMUNE:
            raise Http404
        return commune

    def months(self) -> list[datetime.date]:
        months, month = [], signoff.previous_month()
        for _i in range(self.shown):
            months.append(month)
            month = signoff.previous_month(month)
        return months

    def get_context_data(self, **kwargs):
        commune = self.commune
        months = self.months()
        found = {
            row.month: row
            for row in CommuneMonth.objects.for_user(self.request.user)
            .filter(commune=commune, month__in=months)
            .select_related("confirmed_by", "decided_by", "reopened_by")
        }
        rows = [found.get(m) or CommuneMonth(commune=commune, month=m) for m in months]
        return super().get_context_data(
            commune=commune,
            rows=rows,
            title=_("Monthly sign-off: %(commune)s") % {"commune": commune.name},
            can_confirm=signoff.can_confirm(self.request.user, commune),
            today=timezone.localdate(),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        self.commune = self.get_commune()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.commune = self.get_commune()
        month = parse_month(request.POST.get("month"))
        if month is None:
            messages.error(request, _("Write the month as mm/yyyy, for example 10/2026."))
            return redirect("registry:commune_months", unit_pk=self.commune.pk)
        try:
            signoff.confirm_month(user=request.user, commune=self.commune, month=month)
        except ValidationError as err:
            messages.error(request, " ".join(err.messages))
        else:
            messages.success(
                request,
                _("The figures of %(month)s are confirmed and sent to the province police.")
                % {"month": f"{month:%m/%Y}"},
            )
        return redirect("registry:commune_months", unit_pk=self.commune.pk)


class MonthDetailView(ScopedViewMixin, DetailView):
    """One commune's month: its steps, its history, and the province's decision (a form for
    each decision the month's status allows, each with its error summary)."""

    model = CommuneMonth
    permission_required = "models_registry.view_communemonth"
    template_name = "models_registry/month_detail.html"
    http_method_names = ["get", "post"]
    actions = {
        "approve": (signoff.approve_month, MonthApproveForm, MonthStatus.CONFIRMED),
        "return": (signoff.return_month, MonthReturnForm, MonthStatus.CONFIRMED),
        "reopen": (signoff.reopen_month, MonthReopenForm, MonthStatus.APPROVED),
    }

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("commune", "confirmed_by", "decided_by", "reopened_by")
        )

    def get_context_data(self, **kwargs):
        month = self.object
        submitted = kwargs.pop("submitted", None)  # (action, its refused form)
        shown = {name: form_class() for name, (_s, form_class, _st) in self.actions.items()}
        refused_elsewhere = None
        if submitted:
            action, form = submitted
            if self.actions[action][2] == month.status:
                shown[action] = form
            else:
                # The month moved on (another user decided it): the form sent is not shown
                # any more, its problems are said above the month's forms.
                refused_elsewhere = _without_fields(form)
        return super().get_context_data(
            title=str(month),
            history=history_of(month),
            can_decide=signoff.can_decide(self.request.user, month.commune),
            can_confirm=signoff.can_confirm(self.request.user, month.commune),
            approve_form=shown["approve"],
            return_form=shown["return"],
            reopen_form=shown["reopen"],
            refused_elsewhere=refused_elsewhere,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        action = request.POST.get("action", "")
        if action not in self.actions:
            messages.error(request, _("Choose what to do with the month."))
            return redirect(self.object)
        service, form_class, _status = self.actions[action]
        form = form_class(request.POST)
        # A required text left blank is refused by the service too, with the month's status:
        # the service is asked whatever the form said, and every problem is shown at once.
        text = form.cleaned_data.get(form.text_field, "") if form.is_valid() else ""
        try:
            service(user=request.user, month=self.object, **{form.text_field: text})
        except ValidationError as err:
            show_errors(form, err)
            context = self.get_context_data(object=self.object, submitted=(action, form))
            return self.render_to_response(context, status=422)
        done = {
            "approve": _("The month is approved: its figures are locked."),
            "return": _("The month is returned to the commune."),
            "reopen": _("The month is reopened: the commune may correct its figures."),
        }
        messages.success(request, done[action])
        return redirect(self.object)


def _without_fields(form) -> forms.Form:
    """``form``'s problems as a form's own: no field of it is on the page to link to. The
    month's status first, then what was written."""
    shown = forms.Form(form.data)
    shown.is_valid()
    for name in sorted(form.errors, key=lambda name: name != NON_FIELD_ERRORS):
        for message in form.errors[name]:
            shown.add_error(None, message)
    return shown
