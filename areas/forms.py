from django import forms
from django.utils.translation import gettext_lazy as _

from areas.base.forms import ScopedModelForm
from areas.models import VILLAGE_KINDS, Area, AreaKind, AreaLevel


class VillageForm(ScopedModelForm):
    """A village or residential group under a commune the user may see."""

    class Meta:
        model = Area
        fields = ["parent", "kind", "name"]
        labels = {"parent": _("Commune"), "name": _("Name")}

    def __init__(self, *args, commune: Area | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.value, k.label) for k in VILLAGE_KINDS]
        self.fields["kind"].initial = AreaKind.VILLAGE
        if commune is not None:
            # Added from a commune's page: the commune comes from the (scoped) URL.
            del self.fields["parent"]
            self.instance.parent = commune
        else:
            parent = self.fields["parent"]
            parent.queryset = parent.queryset.filter(level=AreaLevel.COMMUNE).current()
            parent.empty_label = None
        self.fields["name"].widget.attrs.update(placeholder=_("e.g. Thôn 1"), autocomplete="off")

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter a name."))
        return name

    def clean(self):
        cleaned = super().clean()
        parent = cleaned.get("parent", self.instance.parent if self.instance.parent_id else None)
        name = cleaned.get("name")
        if parent and name:
            clash = Area.objects.villages().filter(parent=parent, name__iexact=name)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("name", _("This commune already has a village with this name."))
        return cleaned
