from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.base.forms import PlainTextMixin, ScopedFormMixin, ScopedModelForm, show_errors
from areas.base.uploads import SPREADSHEET, LimitedFileField
from areas.models import Area, AreaLevel
from models_registry.models import (
    Camera,
    GrassrootsModel,
    MemberRole,
    Membership,
    ModelCategory,
    ModelRating,
    ModelType,
    Person,
    RatingStatus,
    RatingYear,
)
from models_registry.models.rating_rules import scale_choices


def person_label(person: Person) -> str:
    """A person in a choice list, told apart from namesakes by year of birth and village
    (the list's queryset selects the village). Every form that offers people uses it."""
    details = person_details(person)
    return f"{person.full_name} ({details})" if details else person.full_name


def person_details(person: Person) -> str:
    parts = [str(person.birth_year) if person.birth_year else ""]
    parts.append(person.village.name if person.village_id else "")
    return " · ".join(p for p in parts if p)


def _communes(field, instance) -> None:
    if instance.pk:
        # A recorded model or person stays in its commune: its members, cameras and villages
        # are that commune's. Moving them would hand one commune's records to another.
        field.disabled = True
        return
    field.queryset = field.queryset.filter(level=AreaLevel.COMMUNE).current()
    if field.queryset.count() == 1:
        field.initial = field.queryset.get().pk
        field.empty_label = None


class GrassrootsModelForm(ScopedModelForm):
    class Meta:
        model = GrassrootsModel
        fields = [
            "name",
            "model_type",
            "commune",
            "villages",
            "established_on",
            "motto",
            "status",
            "suspended_on",
            "dissolved_on",
            "notes",
        ]
        widgets = {
            "villages": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model_type"].queryset = ModelType.objects.filter(is_active=True)
        _communes(self.fields["commune"], self.instance)
        self.fields["villages"].queryset = (
            self.fields["villages"]
            .queryset.villages()
            .select_related("parent")
            .order_by("sort_name", "pk")
        )
        self.fields["villages"].label_from_instance = lambda v: f"{v.name} ({v.parent.label})"

    def clean(self):
        cleaned = super().clean()
        commune, villages = cleaned.get("commune"), cleaned.get("villages")
        if commune and villages:
            foreign = [v.name for v in villages if v.parent_id != commune.pk]
            if foreign:
                self.add_error(
                    "villages",
                    _("These villages are not in the chosen commune: %(names)s")
                    % {"names": ", ".join(foreign)},
                )
        return cleaned


class PersonForm(ScopedModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "birth_year", "gender", "phone", "commune", "village"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _communes(self.fields["commune"], self.instance)
        self.fields["village"].queryset = self.fields["village"].queryset.villages()
        self.fields["phone"].widget.attrs.update(inputmode="tel")


class MemberAddForm(ScopedFormMixin, forms.Form):
    """Add a member to a model: pick a resident already recorded, or enter a new one."""

    person = forms.ModelChoiceField(
        Person.objects.all(),
        label=_("Existing person"),
        required=False,
        help_text=_("Leave empty to record a new person below."),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=120, required=False)
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1920)
    gender = Person._meta.get_field("gender").formfield(required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    village = forms.ModelChoiceField(Area.objects.all(), label=_("Village"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    joined_on = forms.DateField(label=_("Joined on"))

    def __init__(self, *args, model: GrassrootsModel, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = model
        self.fields["person"].queryset = (
            self.fields["person"]
            .queryset.filter(commune=model.commune)
            .select_related("village")
            .order_by("sort_name", "pk")
        )
        self.fields["person"].label_from_instance = person_label
        self.fields["village"].queryset = self.fields["village"].queryset.filter(
            parent=model.commune, level=AreaLevel.VILLAGE
        )
        self.fields["joined_on"].initial = timezone.localdate()
        self.fields["phone"].widget.attrs.update(inputmode="tel")

    def clean(self):
        # Every rule is checked, whatever failed before it: the person's and the membership's
        # problems come back together.
        cleaned = super().clean()
        person = cleaned.get("person")
        if person is None:
            if not cleaned.get("full_name", "").strip() and "full_name" not in self.errors:
                self.add_error("full_name", _("Choose an existing person or enter a full name."))
            person = Person(
                full_name=" ".join(cleaned.get("full_name", "").split()),
                birth_year=cleaned.get("birth_year"),
                gender=cleaned.get("gender") or "",
                phone=cleaned.get("phone", ""),
                commune=self.model.commune,
                village=cleaned.get("village"),
            )
            self._validate(person, {"commune": "full_name"})
        membership = Membership(
            person=person,
            model=self.model,
            role=cleaned.get("role") or MemberRole.MEMBER,
            joined_on=cleaned.get("joined_on"),
        )
        exclude = ["person"] if person.pk is None else []
        if membership.joined_on is None:
            exclude.append("joined_on")  # its field already says why
        self._validate(membership, {"model": "__all__", "left_on": "joined_on"}, exclude=exclude)
        cleaned["new_person"] = person if person.pk is None else None
        cleaned["membership"] = membership
        return cleaned

    def _validate(self, obj, field_map, exclude=None):
        try:
            obj.full_clean(exclude=exclude, validate_constraints=False)
        except ValidationError as err:
            show_errors(self, err, field_map)


class MembershipForm(ScopedModelForm):
    class Meta:
        model = Membership
        fields = ["role", "joined_on", "left_on"]


class RatingForm(ScopedModelForm):
    class Meta:
        model = ModelRating
        fields = ["year", "rating", "note"]

    def __init__(self, *args, model: GrassrootsModel | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if model is not None:
            self.instance.model = model
        # Only the values of the scale of the model's type (or, for a rating already made,
        # of the scale it was made on).
        if self.instance.model_id:
            scale = (
                self.instance.scale
                if self.instance.pk
                else self.instance.model.model_type.rating_scale
            )
            self.fields["rating"].choices = [("", "---------"), *scale_choices(scale)]
            kind = self.instance.model.model_type.rating_year
        else:
            kind = RatingYear.CALENDAR
        self.fields["year"].initial = timezone.localdate().year
        if kind == RatingYear.STATUTORY:
            self.fields["year"].help_text = _(
                "The rating year ends on 14/11 of this year and begins on 15/11 of the year before."
            )

    def save(self, commit=True):
        # Saved on the model's page: a rating the commune edits is a confirmed one again.
        self.instance.status = RatingStatus.CONFIRMED
        return super().save(commit)


class CameraForm(ScopedModelForm):
    class Meta:
        model = Camera
        fields = [
            "model",
            "code",
            "place",
            "village",
            "latitude",
            "longitude",
            "kind",
            "funding",
            "installed_on",
            "linked_to_centre",
            "status",
            "removed_on",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].queryset = self.fields["model"].queryset.filter(
            model_type__category=ModelCategory.CAMERA
        )
        self.fields["village"].queryset = self.fields["village"].queryset.villages()


class MemberImportForm(forms.Form):
    file = LimitedFileField(
        limit=SPREADSHEET,
        label=_("Excel file (.xlsx)"),
        help_text=_(
            "Columns: Họ và tên, Năm sinh, Giới tính, Số điện thoại, Thôn/Tổ dân phố, Vai trò, "
            "Ngày tham gia (dd/mm/yyyy). The first row is the header."
        ),
    )


class MonthDecisionForm(PlainTextMixin, forms.Form):
    """A decision on a commune's month (``models_registry.signoff``): its one text field,
    named as the service's argument. A required text says it is missing with the service's
    own message; the service checks it again with the month's status, so that both problems
    come back together. Each form on the month's page has ids of its own (``auto_id``)."""

    text_field = "comment"
    auto_id = "id_%s"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", self.auto_id)
        super().__init__(*args, **kwargs)


def _text(label, *, required: bool = True, required_message=None):
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": required_message} if required_message else None,
    )


class MonthApproveForm(MonthDecisionForm):
    auto_id = "id_approve_%s"
    comment = _text(_("Comment (optional)"), required=False)


class MonthReturnForm(MonthDecisionForm):
    auto_id = "id_return_%s"
    comment = _text(
        _("What the commune should correct"),
        required_message=_("Say what the commune should correct."),
    )


class MonthReopenForm(MonthDecisionForm):
    text_field = "reason"
    reason = _text(
        _("Reason for reopening"), required_message=_("Give the reason for reopening the month.")
    )
