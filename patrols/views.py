from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, UpdateView

from areas.base.columns import Column
from areas.base.forms import show_errors
from areas.base.history import history_of
from areas.base.views import (
    DeactivateView,
    ScopedFormPageMixin,
    ScopedListView,
    ScopedViewMixin,
    SpreadsheetImportMixin,
)
from models_registry.models import GrassrootsModel, ModelCategory
from patrols.filters import IncidentFilterSet, ShiftFilterSet
from patrols.forms import (
    EVENING,
    EVENING_SPAN,
    IncidentForm,
    IncidentFormSet,
    IncidentRowForm,
    ShiftEntryForm,
    ShiftImportForm,
)
from patrols.imports import INCIDENT_COLUMNS, SHIFT_COLUMNS, import_shifts
from patrols.models import Incident, Shift
from patrols.services import ShiftRulesError, record_shift, shift_problems

SHIFT_FIELDS = ["route", "leader", "guests_police", "guests_militia", "guests_other", "notes"]


class ShiftEntryView(ScopedViewMixin, View):
    """The phone page: a shift, its participants and its incidents, saved in one submit.

    Choosing another team reloads only the form (htmx); adding an incident row needs no
    request at all. ``pk`` (optional) edits a recorded shift.
    """

    model = Shift
    permission_required = "patrols.add_shift"
    template_name = "patrols/shift_form.html"
    form_class = ShiftEntryForm  # also read by the outsider-denial harness
    extra_form_classes = [IncidentRowForm]

    def get_permission_required(self):
        return ["patrols.change_shift"] if "pk" in self.kwargs else ["patrols.add_shift"]

    def teams(self):
        return GrassrootsModel.objects.for_user(self.request.user).filter(
            model_type__category=ModelCategory.PATROL
        )

    def team_from(self, raw):
        if raw:
            return get_object_or_404(self.teams(), pk=raw) if str(raw).isdigit() else None
        # No team asked for: the team this commune logged last, else its first patrol team,
        # so the usual case is one page with everything on it.
        last = (
            Shift.objects.for_user(self.request.user)
            .filter(model__in=self.teams())
            .order_by("-created_at")
            .values_list("model_id", flat=True)
            .first()
        )
        teams = self.teams().order_by("sort_name", "pk")
        return teams.filter(pk=last).first() if last else teams.first()

    def get(self, request, pk=None):
        shift = self.get_shift(pk)
        team = shift.model if shift else self.team_from(request.GET.get("model"))
        form = ShiftEntryForm(user=request.user, team=team, initial=self.initial_for(shift))
        formset = IncidentFormSet(user=request.user, team=team, prefix="incidents")
        return self.render(form, formset, shift)

    def post(self, request, pk=None):
        shift = self.get_shift(pk)
        team = shift.model if shift else self.team_from(request.POST.get("model"))
        form = ShiftEntryForm(request.POST, user=request.user, team=team)
        formset = IncidentFormSet(request.POST, user=request.user, team=team, prefix="incidents")
        readable = form.is_valid() & formset.is_valid()  # both checked, whatever the first says
        if team is None:
            return self.render(form, formset, shift, status=422)
        target, participants, rows = self.entered(form, formset, shift, team)
        incidents = [incident for _row, incident in rows]
        if not readable:
            # The service's rules still run on what could be read: every problem at once.
            problems = shift_problems(shift=target, participants=participants, incidents=incidents)
            self.show_problems(form, rows, problems)
            return self.render(form, formset, shift, status=422)
        try:
            saved = record_shift(
                shift=target,
                participants=participants,
                incidents=incidents,
                villages=form.cleaned_data["villages"],
                submission_key=None if shift else form.cleaned_data["submission_key"],
            )
        except ShiftRulesError as err:
            self.show_problems(form, rows, err.problems)
            return self.render(form, formset, shift, status=422)
        messages.success(request, _("Shift saved."))
        return redirect("patrols:shift_detail", pk=saved.pk)

    @staticmethod
    def entered(form, formset, shift, team):
        """The shift, its participants (``None``: could not be read) and its incident rows
        with their incidents, from what the officer entered that could be read."""
        data = form.cleaned_data
        target = shift or Shift(model=team)
        target.starts_at, target.ends_at = form.shift_times()
        for name in SHIFT_FIELDS:
            if name in data:
                setattr(target, name, data[name])
        participants = list(data["participants"]) if "participants" in data else None
        times_read = "day" in data and "start" in data
        rows = []
        for row in formset.forms:
            if not row.has_changed() or formset._should_delete_form(row):
                continue
            incident = row.instance
            if times_read and "at" in row.cleaned_data:
                incident.occurred_at = row.occurred_at(data["day"], data["start"])
            rows.append((row, incident))
        return target, participants, rows

    @staticmethod
    def show_problems(form, rows, problems):
        """The service's problems at their fields: the shift's on the form, each incident's
        on its row."""
        show_errors(form, ValidationError(problems.fields), {"starts_at": "day", "ends_at": "end"})
        for index, fields in problems.incidents.items():
            show_errors(rows[index][0], ValidationError(fields), {"occurred_at": "at"})

    def get_shift(self, pk):
        if pk is None:
            return None
        return get_object_or_404(Shift.objects.for_user(self.request.user), pk=pk)

    @staticmethod
    def initial_for(shift):
        if shift is None:
            return {}
        start, end = timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)
        return {
            "model": shift.model_id,
            "day": start.date(),
            "start": start.time(),
            "end": end.time(),
            "next_day": end.date() > start.date(),
            "villages": list(shift.villages.all()),
            "participants": [p.person_id for p in shift.participants.all()],
            **{name: getattr(shift, name) for name in SHIFT_FIELDS},
        }

    def render(self, form, formset, shift, status=200):
        template = "patrols/_shift_form.html" if self.request.htmx else self.template_name
        return render(
            self.request,
            template,
            {
                "form": form,
                "formset": formset,
                "shift": shift,
                "team": form.team,
                "evening": EVENING,
                "evening_span_hours": int(EVENING_SPAN.total_seconds() // 3600),
            },
            status=status,
        )


class ShiftListView(ScopedListView):
    model = Shift
    permission_required = "patrols.view_shift"
    filterset_class = ShiftFilterSet
    title = gettext_lazy("Patrol shifts")
    create_url = "patrols:shift_add"
    export_name = "ca-tuan-tra"

    def get_context_data(self, **kwargs):
        can_import = self.request.user.has_perm("patrols.add_shift")
        return super().get_context_data(
            import_url=reverse("patrols:shift_import") if can_import else None, **kwargs
        )

    columns = [
        Column(gettext_lazy("Start"), "starts_at", link=True),
        Column(gettext_lazy("Patrol team"), "model.name"),
        Column(gettext_lazy("Commune"), "commune.name"),
        Column(gettext_lazy("Participant turns"), "turns"),
        Column(gettext_lazy("Guests"), "guest_count"),
        Column(gettext_lazy("Incidents"), "incident_count"),
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("model", "commune")
            .annotate(
                incident_count=Count("incidents", filter=Q(incidents__deleted_at__isnull=True))
            )
            .order_by("-starts_at", "-pk")
        )


class ShiftDetailView(ScopedViewMixin, DetailView):
    model = Shift
    permission_required = "patrols.view_shift"
    template_name = "patrols/shift_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("model", "commune", "leader")

    def get_context_data(self, **kwargs):
        shift = self.object
        minutes = int((shift.ends_at - shift.starts_at).total_seconds() // 60)
        return super().get_context_data(
            participants=shift.participants.select_related("person__village").order_by(
                "person__sort_name", "person_id"
            ),
            incidents=Incident.objects.filter(shift=shift)
            .select_related("category", "village", "camera", "solved_case__category")
            .order_by("occurred_at", "pk"),
            villages=shift.villages.all(),
            hours=minutes // 60,
            minutes=minutes % 60,
            next_day=timezone.localtime(shift.ends_at).date() != shift.start_day,
            history=history_of(shift),
            **kwargs,
        )


class ShiftDeleteView(DeactivateView):
    model = Shift
    permission_required = "patrols.delete_shift"
    success_url_name = "patrols:shift_list"


class IncidentListView(ScopedListView):
    model = Incident
    permission_required = "patrols.view_incident"
    filterset_class = IncidentFilterSet
    title = gettext_lazy("Incidents")
    create_url = "patrols:incident_add"
    export_name = "vu-viec"
    columns = [
        Column(gettext_lazy("Time"), "occurred_at", link=True),
        Column(gettext_lazy("Category"), "category.name"),
        Column(gettext_lazy("Model"), "model.name"),
        Column(gettext_lazy("Village"), "village.name"),
        Column(gettext_lazy("Detected by"), "detected_by"),
        Column(gettext_lazy("Outcome"), "outcome"),
        Column(gettext_lazy("Persons involved"), "persons_involved"),
        Column(gettext_lazy("Suspects arrested"), "suspects_arrested"),
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("category", "model", "village")
            .order_by("-occurred_at", "-pk")
        )


class ShiftImportView(ScopedViewMixin, SpreadsheetImportMixin, FormView):
    """Past shifts from an .xlsx workbook: preview, then every shift saved, or none."""

    model = Shift
    permission_required = "patrols.add_shift"
    form_class = ShiftImportForm
    template_name = "patrols/shift_import.html"
    template_filename = "mau-nhap-ca-tuan-tra.xlsx"
    template_sheets = [
        (gettext_lazy("Shifts"), SHIFT_COLUMNS),
        (gettext_lazy("Incidents"), INCIDENT_COLUMNS),
    ]

    def run_import(self, content, commit):
        return import_shifts(user=self.request.user, content=content, commit=commit)

    def on_saved(self, result):
        messages.success(self.request, _("Imported %(n)s shifts.") % {"n": len(result.rows)})
        return redirect("patrols:shift_list")


class IncidentDetailView(ScopedViewMixin, DetailView):
    model = Incident
    permission_required = "patrols.view_incident"
    template_name = "patrols/incident_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "model", "category", "village", "camera", "shift", "solved_case__category"
            )
        )

    def get_context_data(self, **kwargs):
        incident = self.object
        tip_offs = (
            Incident.objects.for_user(self.request.user)
            .filter(solved_case=incident)
            .select_related("category", "model")
            .order_by("occurred_at", "pk")
            if not incident.is_tip_off
            else Incident.objects.none()
        )
        return super().get_context_data(history=history_of(incident), tip_offs=tip_offs, **kwargs)


class IncidentFormPageMixin(ScopedFormPageMixin):
    """The incident form. Choosing the model of a new incident reloads the form (htmx),
    keeping what was typed, with the cases of the model's commune a tip-off may name."""

    model = Incident
    form_class = IncidentForm
    template_name = "patrols/incident_form.html"

    def get_initial(self):
        initial = super().get_initial()
        if self.request.htmx:
            initial.update(self.request.GET.dict())
        elif self.request.GET.get("model", "").isdigit():
            initial["model"] = self.request.GET["model"]
        return initial

    def get_template_names(self):
        if self.request.htmx:
            return ["patrols/_incident_form.html"]
        return [self.template_name]


class IncidentCreateView(IncidentFormPageMixin, CreateView):
    permission_required = "patrols.add_incident"
    title = gettext_lazy("Record an incident")


class IncidentUpdateView(IncidentFormPageMixin, UpdateView):
    permission_required = "patrols.change_incident"
    title = gettext_lazy("Edit incident")


class IncidentDeleteView(DeactivateView):
    model = Incident
    permission_required = "patrols.delete_incident"
    success_url_name = "patrols:incident_list"
