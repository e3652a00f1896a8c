from django.contrib import messages
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DeleteView, DetailView, UpdateView

from areas.base.columns import Column
from areas.base.history import history_of
from areas.base.views import ScopedListView, ScopedViewMixin, SoftDeleteViewMixin
from areas.filters import AreaFilterSet, VillageFilterSet
from areas.forms import VillageForm
from areas.models import Area, AreaLevel
from areas.scoping import unscoped


class AreaListView(ScopedListView):
    """Units inside the user's scope, communes in force by default."""

    model = Area
    permission_required = "areas.view_area"
    filterset_class = AreaFilterSet
    title = gettext_lazy("Administrative units")
    export_name = "don-vi-hanh-chinh"
    paginate_by = 50
    columns = [
        Column(gettext_lazy("Name"), "name", link=True),
        Column(gettext_lazy("Code"), "code"),
        Column(gettext_lazy("Kind"), "kind"),
        Column(gettext_lazy("Parent unit"), "parent.name"),
    ]

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        given = kwargs["data"].dict() if kwargs["data"] else {}
        if not set(given) - {"page", "export"}:
            kwargs["data"] = {"level": AreaLevel.COMMUNE, "current": "true", **given}
        return kwargs

    def get_queryset(self):
        return super().get_queryset().select_related("parent").order_by("level", "sort_name", "pk")


class AreaDetailView(ScopedViewMixin, DetailView):
    model = Area
    permission_required = "areas.view_area"
    template_name = "areas/area_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        area = self.object
        scope = self.request.user.scope_unit
        children = Area.objects.for_user(self.request.user).filter(parent=area)
        with unscoped("the units a unit came from or became are public, like its ancestors"):
            predecessors = list(area.predecessors.all().order_by("sort_name", "pk"))
            successors = list(area.successors.all().order_by("sort_name", "pk"))
        context.update(
            ancestors=[(a, scope.contains(a)) for a in area.ancestors()],
            children=children.order_by("sort_name", "pk")[:200],
            children_count=children.count(),
            predecessors=[(a, scope.contains(a)) for a in predecessors],
            successors=[(a, scope.contains(a)) for a in successors],
            history=history_of(area),
        )
        if area.is_commune and area.is_current:
            context["village_form"] = VillageForm(user=self.request.user, commune=area)
            context["can_add_village"] = self.request.user.has_perm("areas.add_area")
        return context


class VillageListView(ScopedListView):
    model = Area
    permission_required = "areas.view_area"
    filterset_class = VillageFilterSet
    title = gettext_lazy("Villages and residential groups")
    export_name = "thon-to-dan-pho"
    paginate_by = 50
    columns = [
        Column(gettext_lazy("Name"), "name", link=True),
        Column(gettext_lazy("Kind"), "kind"),
        Column(gettext_lazy("Commune"), "parent.name"),
    ]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .villages()
            .select_related("parent")
            .order_by("parent__sort_name", "sort_name", "pk")
        )


class VillageCreateView(ScopedViewMixin, CreateView):
    """Add a village under a commune (``pk``). From the commune page the form posts with htmx
    and only the village list is swapped in; without JavaScript it is an ordinary page."""

    model = Area
    permission_required = "areas.add_area"
    form_class = VillageForm
    template_name = "areas/village_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.commune = get_object_or_404(
                Area.objects.for_user(request.user).communes().current(), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "commune": self.commune}

    def form_valid(self, form):
        self.object = form.save()
        messages.success(self.request, _("Added %(name)s.") % {"name": self.object.name})
        if self.request.htmx:
            return self.render_villages(
                form=VillageForm(user=self.request.user, commune=self.commune)
            )
        return super().form_valid(form)

    def form_invalid(self, form):
        if self.request.htmx:
            return self.render_villages(form=form, status=422)
        return super().form_invalid(form)

    def render_villages(self, form, status=200):
        villages = Area.objects.for_user(self.request.user).villages().filter(parent=self.commune)
        return render(
            self.request,
            "areas/_villages.html",
            {
                "object": self.commune,
                "children": villages.order_by("sort_name", "pk"),
                "village_form": form,
                "can_add_village": True,
            },
            status=status,
        )

    def get_success_url(self):
        return reverse("areas:detail", args=[self.commune.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(commune=self.commune, **kwargs)


class VillageQuerysetMixin(ScopedViewMixin):
    model = Area

    def get_queryset(self):
        return super().get_queryset().villages()

    def get_success_url(self):
        return reverse("areas:detail", args=[self.object.parent_id])


class VillageUpdateView(VillageQuerysetMixin, UpdateView):
    permission_required = "areas.change_area"
    form_class = VillageForm
    template_name = "areas/village_form.html"

    def form_valid(self, form):
        messages.success(self.request, _("Saved."))
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(commune=self.object.parent, **kwargs)


class VillageDeleteView(VillageQuerysetMixin, SoftDeleteViewMixin, DeleteView):
    permission_required = "areas.delete_area"
    template_name = "areas/village_confirm_delete.html"

    def get_success_url(self):
        return reverse("areas:detail", args=[self.object.parent_id])
