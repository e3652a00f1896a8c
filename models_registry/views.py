from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView

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
from models_registry.filters import CameraFilterSet, GrassrootsModelFilterSet, PersonFilterSet
from models_registry.forms import (
    CameraForm,
    GrassrootsModelForm,
    MemberAddForm,
    MemberImportForm,
    MembershipForm,
    PersonForm,
    RatingForm,
)
from models_registry.models import (
    Camera,
    GrassrootsModel,
    Membership,
    ModelRating,
    ModelType,
    Person,
)
from models_registry.querysets import MembershipQuerySet
from models_registry.services import IMPORT_COLUMNS, add_member, import_members

# --- Grassroots models ---------------------------------------------------------------------


class ModelListView(ScopedListView):
    model = GrassrootsModel
    permission_required = "models_registry.view_grassrootsmodel"
    filterset_class = GrassrootsModelFilterSet
    title = gettext_lazy("Grassroots security models")
    create_url = "registry:model_add"
    export_name = "mo-hinh"
    columns = [
        Column(gettext_lazy("Name"), "name", link=True),
        Column(gettext_lazy("Model type"), "model_type.name"),
        Column(gettext_lazy("Commune"), "commune.name"),
        Column(gettext_lazy("Established on"), "established_on"),
        Column(gettext_lazy("Status"), "status"),
        Column(gettext_lazy("Current members"), "member_count"),
    ]

    def get_queryset(self):
        today = timezone.localdate()
        return (
            super()
            .get_queryset()
            .select_related("model_type", "commune")
            .annotate(
                member_count=Count(
                    "memberships",
                    filter=Q(memberships__deleted_at__isnull=True)
                    & MembershipQuerySet.serving_q(today, "memberships__"),
                )
            )
            .order_by("commune__sort_name", "sort_name", "pk")
        )


class ModelCreateView(ScopedFormPageMixin, CreateView):
    model = GrassrootsModel
    form_class = GrassrootsModelForm
    permission_required = "models_registry.add_grassrootsmodel"
    title = gettext_lazy("New grassroots model")


class ModelUpdateView(ScopedFormPageMixin, UpdateView):
    model = GrassrootsModel
    form_class = GrassrootsModelForm
    permission_required = "models_registry.change_grassrootsmodel"
    title = gettext_lazy("Edit grassroots model")


class ModelDeactivateView(DeactivateView):
    model = GrassrootsModel
    permission_required = "models_registry.delete_grassrootsmodel"
    success_url_name = "registry:model_list"


class ModelChildMixin(ScopedViewMixin):
    """A page under one grassroots model (``pk``), found through the scoping mechanism."""

    model = GrassrootsModel

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.grassroots_model = get_object_or_404(
                GrassrootsModel.objects.for_user(request.user), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.grassroots_model, **kwargs)


class MemberAddView(ModelChildMixin, FormView):
    permission_required = "models_registry.add_membership"
    form_class = MemberAddForm
    template_name = "models_registry/member_add.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "model": self.grassroots_model}

    def form_valid(self, form):
        try:
            membership = add_member(
                membership=form.cleaned_data["membership"],
                new_person=form.cleaned_data["new_person"],
            )
        except ValidationError as err:  # a constraint another submit broke in the meantime
            show_errors(form, err, {"model": "__all__", "commune": "full_name"})
            return self.form_invalid(form)
        messages.success(self.request, _("Added %(name)s.") % {"name": membership.person})
        return redirect(self.grassroots_model)


class RatingAddView(ModelChildMixin, CreateView):
    permission_required = "models_registry.add_modelrating"
    form_class = RatingForm
    template_name = "includes/object_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "model": self.grassroots_model, "instance": None}

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Saved."))
        return redirect(self.grassroots_model)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Yearly rating"), **kwargs)


class MemberImportView(ModelChildMixin, SpreadsheetImportMixin, FormView):
    """Members of a model from an .xlsx sheet: preview, then all rows saved, or none."""

    permission_required = "models_registry.add_membership"
    form_class = MemberImportForm
    template_name = "models_registry/member_import.html"
    template_filename = "mau-nhap-thanh-vien.xlsx"
    template_sheets = [(gettext_lazy("Members"), IMPORT_COLUMNS)]

    def run_import(self, content, commit):
        return import_members(model=self.grassroots_model, content=content, commit=commit)

    def on_saved(self, result):
        messages.success(self.request, _("Imported %(n)s members.") % {"n": len(result.rows)})
        return redirect(self.grassroots_model)


# --- Memberships ---------------------------------------------------------------------------


class MembershipUpdateView(ScopedFormPageMixin, UpdateView):
    model = Membership
    form_class = MembershipForm
    permission_required = "models_registry.change_membership"
    title = gettext_lazy("Edit membership")


class MembershipDeactivateView(DeactivateView):
    model = Membership
    permission_required = "models_registry.delete_membership"

    def get_success_url(self):
        return self.object.model.get_absolute_url()


class RatingUpdateView(ScopedFormPageMixin, UpdateView):
    model = ModelRating
    form_class = RatingForm
    permission_required = "models_registry.change_modelrating"
    title = gettext_lazy("Yearly rating")


# --- Persons -------------------------------------------------------------------------------


class PersonListView(ScopedListView):
    model = Person
    permission_required = "models_registry.view_person"
    filterset_class = PersonFilterSet
    title = gettext_lazy("Members")
    create_url = "registry:person_add"
    export_name = "thanh-vien"
    columns = [
        Column(gettext_lazy("Full name"), "full_name", link=True),
        Column(gettext_lazy("Year of birth"), "birth_year"),
        Column(gettext_lazy("Gender"), "gender"),
        Column(gettext_lazy("Phone"), "phone"),
        Column(gettext_lazy("Village"), "village.name"),
        Column(gettext_lazy("Commune"), "commune.name"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("commune", "village")


class PersonCreateView(ScopedFormPageMixin, CreateView):
    model = Person
    form_class = PersonForm
    permission_required = "models_registry.add_person"
    title = gettext_lazy("New person")


class PersonUpdateView(ScopedFormPageMixin, UpdateView):
    model = Person
    form_class = PersonForm
    permission_required = "models_registry.change_person"
    title = gettext_lazy("Edit person")


class PersonDeactivateView(DeactivateView):
    model = Person
    permission_required = "models_registry.delete_person"
    success_url_name = "registry:person_list"


# --- Cameras -------------------------------------------------------------------------------


class CameraListView(ScopedListView):
    model = Camera
    permission_required = "models_registry.view_camera"
    filterset_class = CameraFilterSet
    title = gettext_lazy("Security cameras")
    create_url = "registry:camera_add"
    export_name = "camera"
    columns = [
        Column(gettext_lazy("Code"), "code", link=True),
        Column(gettext_lazy("Place"), "place"),
        Column(gettext_lazy("Camera network"), "model.name"),
        Column(gettext_lazy("Kind"), "kind"),
        Column(gettext_lazy("Funding"), "funding"),
        Column(gettext_lazy("Installed on"), "installed_on"),
        Column(gettext_lazy("Linked to centre"), "linked_to_centre"),
        Column(gettext_lazy("Status"), "status"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("model")


class CameraDetailView(ScopedViewMixin, DetailView):
    model = Camera
    permission_required = "models_registry.view_camera"
    template_name = "models_registry/camera_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(history=history_of(self.object), **kwargs)


class CameraCreateView(ScopedFormPageMixin, CreateView):
    model = Camera
    form_class = CameraForm
    permission_required = "models_registry.add_camera"
    title = gettext_lazy("New camera")

    def get_initial(self):
        return {"model": self.request.GET.get("model")}


class CameraUpdateView(ScopedFormPageMixin, UpdateView):
    model = Camera
    form_class = CameraForm
    permission_required = "models_registry.change_camera"
    title = gettext_lazy("Edit camera")


class CameraDeactivateView(DeactivateView):
    model = Camera
    permission_required = "models_registry.delete_camera"
    success_url_name = "registry:camera_list"


# --- Catalogue -----------------------------------------------------------------------------


class ModelTypeListView(ScopedViewMixin, ListView):
    """The national catalogue of model types: the same for every user."""

    model = ModelType
    permission_required = "models_registry.view_modeltype"
    template_name = "models_registry/modeltype_list.html"

    def get_queryset(self):
        return ModelType.objects.order_by("sort_order", "sort_name")
