import datetime
import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.base.forms import DateField, ScopedFormMixin, ScopedModelForm, TimeField
from areas.base.uploads import SPREADSHEET, LimitedFileField
from areas.models import Area
from models_registry.forms import person_label
from models_registry.models import GrassrootsModel, ModelCategory, Person
from patrols.models import DetectedBy, Incident, IncidentCategory, Outcome
from patrols.services import MAX_INCIDENTS, TOO_MANY, members_on, shift_times


class ArrestsMixin:
    """``suspects_arrested`` may be left out (a page cached on a phone before the field
    existed, an incident with nobody arrested): it is then 0."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["suspects_arrested"]
        field.required = False
        field.widget.attrs.update(inputmode="numeric", min=0)

    def clean_suspects_arrested(self):
        return self.cleaned_data.get("suspects_arrested") or 0


# The start from which a shift is taken to end the next day unless the officer says otherwise:
# the page ticks "Ends the next day" in advance for a start at or after 18:00.
EVENING = datetime.time(18, 0)
# ... as long as the end then gives a shift of at most 12 hours: 22:00 → 21:00 is far more
# likely a slip than a 23-hour shift, so a span that long is left for the officer to tick.
EVENING_SPAN = datetime.timedelta(hours=12)


class ShiftEntryForm(ScopedFormMixin, forms.Form):
    """One patrol shift on one page: time, who took part, guests, route, notes (in the order
    of the page, which the error summary follows)."""

    model = forms.ModelChoiceField(GrassrootsModel.objects.all(), label=_("Patrol team"))
    day = DateField(label=_("Date"))
    start = TimeField(label=_("From"))
    end = TimeField(label=_("To"))
    next_day = forms.BooleanField(label=_("Ends the next day"), required=False)
    participants = forms.ModelMultipleChoiceField(
        Person.objects.all(),
        label=_("Members who took part"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    leader = forms.ModelChoiceField(Person.objects.all(), label=_("Shift leader"), required=False)
    guests_police = forms.IntegerField(label=_("Commune police"), min_value=0, initial=0)
    guests_militia = forms.IntegerField(label=_("Militia"), min_value=0, initial=0)
    guests_other = forms.IntegerField(label=_("Others"), min_value=0, initial=0)
    villages = forms.ModelMultipleChoiceField(
        Area.objects.all(),
        label=_("Villages patrolled"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    route = forms.CharField(label=_("Route"), max_length=300, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, team: GrassrootsModel | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].queryset = (
            self.fields["model"]
            .queryset.filter(model_type__category=ModelCategory.PATROL)
            .select_related("commune")
        )
        self.fields["model"].label_from_instance = lambda m: f"{m.name} ({m.commune.label})"
        self.fields["submission_key"].initial = uuid.uuid4()
        for name in ("guests_police", "guests_militia", "guests_other"):
            self.fields[name].widget.attrs.update(inputmode="numeric")
        today = timezone.localdate()
        self.fields["day"].initial = today
        self.team = team
        self.current_member_ids = set()
        if team is not None:
            self.fields["model"].initial = team.pk
            self.fields["villages"].queryset = (
                self.fields["villages"].queryset.villages().filter(parent=team.commune_id)
            )
            day = self._day() or today
            # Anyone who ever served may be ticked (the service says clearly who was not a
            # member on the day); the page lists those serving on the chosen day.
            ever = (
                Person.objects.for_user(self.user)
                .filter(memberships__model=team)
                .distinct()
                .select_related("village")
                .order_by("sort_name", "pk")
            )
            for name in ("participants", "leader"):
                self.fields[name].queryset = ever
                self.fields[name].label_from_instance = person_label
            self.current_member_ids = set(members_on(team, day).values_list("pk", flat=True))
        else:
            for name in ("villages", "participants", "leader"):
                self.fields[name].queryset = self.fields[name].queryset.none()

    def _day(self):
        raw = self.data.get(self.add_prefix("day")) if self.is_bound else None
        if not raw:
            return None
        try:
            return self.fields["day"].clean(raw)
        except forms.ValidationError:
            return None

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and not data.get("next_day"):
            times = {"start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}
            if end < start:
                self.add_error(
                    "end",
                    _(
                        "The end (%(end)s) is before the start (%(start)s). If the shift ends "
                        "the next day, tick “Ends the next day”."
                    )
                    % times,
                )
            elif end == start:
                self.add_error(
                    "end",
                    _(
                        "The end is the same as the start (%(start)s). A shift of 24 hours ends "
                        "the next day: tick “Ends the next day”."
                    )
                    % times,
                )
        return data

    def shift_times(self) -> tuple[datetime.datetime | None, datetime.datetime | None]:
        """Start and end as the officer entered them, ``None`` where they could not be read
        (the service's rules that need them then say nothing)."""
        data = self.cleaned_data
        if "day" in self.errors or "start" in self.errors:
            return None, None
        if "end" in self.errors:
            return shift_times(data["day"], data["start"], data["start"])[0], None
        return shift_times(data["day"], data["start"], data["end"], next_day=data["next_day"])


class IncidentRowForm(ArrestsMixin, ScopedModelForm):
    """One incident found on the shift; its time is on the shift's date (or the morning after)."""

    at = TimeField(label=_("Time"))

    class Meta:
        model = Incident
        fields = [
            "at",
            "category",
            "village",
            "detected_by",
            "outcome",
            "persons_involved",
            "suspects_arrested",
            *Incident.ITEM_FIELDS,
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, team: GrassrootsModel | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = IncidentCategory.objects.filter(is_active=True)
        self.fields["detected_by"].initial = DetectedBy.PATROL
        self.fields["outcome"].initial = Outcome.HANDED_TO_POLICE
        commune_id = team.commune_id if team else None
        self.fields["village"].queryset = (
            self.fields["village"].queryset.villages().filter(parent=commune_id)
        )
        for name in Incident.ITEM_FIELDS + ["persons_involved"]:
            self.fields[name].widget.attrs.update(inputmode="decimal", min=0)

    @property
    def item_fields(self):
        return [self[name] for name in Incident.ITEM_FIELDS]

    def occurred_at(self, day: datetime.date, start: datetime.time) -> datetime.datetime:
        at = self.cleaned_data["at"]
        on = day if at >= start else day + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(on, at))


class BaseIncidentFormSet(forms.BaseFormSet):
    summary_row_label = _("Incident %(n)s")  # how the error summary names a row
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": TOO_MANY["incidents"],
    }

    def __init__(self, *args, user, team=None, **kwargs):
        self.user, self.team = user, team
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"user": self.user, "team": self.team}


IncidentFormSet = forms.formset_factory(
    IncidentRowForm,
    formset=BaseIncidentFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_INCIDENTS,
    validate_max=True,
    absolute_max=MAX_INCIDENTS,  # no more rows than that are even built
)


class ShiftImportForm(forms.Form):
    file = LimitedFileField(
        limit=SPREADSHEET,
        label=_("Excel file (.xlsx)"),
        help_text=_(
            "Sheet 1: one row per shift; name the members who took part separated by “;”. "
            "Sheet 2 (optional): one row per incident, with the shift's number. "
            "Download the template for the exact columns."
        ),
    )


class IncidentForm(ArrestsMixin, ScopedModelForm):
    """An incident recorded on its own: a mediation case, a camera detection, a tip-off — and
    for a tip-off, the case of its commune it helped solve."""

    class Meta:
        model = Incident
        fields = [
            "model",
            "occurred_at",
            "category",
            "village",
            "detected_by",
            "camera",
            "solved_case",
            "outcome",
            "persons_involved",
            "suspects_arrested",
            *Incident.ITEM_FIELDS,
            "description",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].queryset = self.fields["model"].queryset.select_related("commune")
        self.fields["model"].label_from_instance = lambda m: f"{m.name} ({m.commune.label})"
        self.fields["category"].queryset = IncidentCategory.objects.filter(is_active=True)
        self.fields["village"].queryset = self.fields["village"].queryset.villages()
        self.fields["camera"].queryset = self.fields["camera"].queryset.select_related("model")
        if self.instance.pk:
            self.fields["model"].disabled = True
        solved_case = self.fields["solved_case"]
        solved_case.queryset = self._cases()
        solved_case.label_from_instance = case_label
        solved_case.error_messages["invalid_choice"] = _(
            "Choose a case recorded in the tip-off's commune."
        )

    def _cases(self):
        """The cases a tip-off may name: the live incidents of its commune (inside the user's
        area, ``ScopedFormMixin``), not tip-offs, not this one, newest first. Until the
        commune is known (province staff, no model chosen yet) none: a province's cases are
        too many for one list, and choosing the model reloads the form."""
        commune_id = self._commune_id()
        if commune_id is None:
            return self.fields["solved_case"].queryset.none()
        return (
            self.fields["solved_case"]
            .queryset.filter(commune_id=commune_id, model__deleted_at__isnull=True)
            .exclude(detected_by=DetectedBy.TIP_OFF)
            .exclude(pk=self.instance.pk)
            .select_related("category", "model")
            .order_by("-occurred_at", "-pk")
        )

    def _commune_id(self) -> int | None:
        """The tip-off's commune: a recorded incident's, else the chosen model's, else the
        user's own when it is a commune."""
        if self.instance.pk:
            return self.instance.commune_id
        raw = (
            self.data.get(self.add_prefix("model")) if self.is_bound else self.initial.get("model")
        )
        if raw and str(raw).isdigit():
            models = self.fields["model"].queryset.filter(pk=raw)
            return models.values_list("commune_id", flat=True).first()
        unit = getattr(self.user, "scope_unit", None)
        return unit.pk if unit is not None and unit.is_commune else None

    def save(self, commit=True):
        self.instance.commune_id = self.instance.model.commune_id
        return super().save(commit)


def case_label(case: Incident) -> str:
    """A case in a choice list: its number (as on its page), day, category and model."""
    day = timezone.localtime(case.occurred_at)
    return f"#{case.pk} · {day:%d/%m/%Y} · {case.category} · {case.model.name}"
