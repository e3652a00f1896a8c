from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from areas.base.api import ScopedPrimaryKeyRelatedField
from areas.models import VILLAGE_KINDS, Area, AreaLevel


class AreaSerializer(serializers.ModelSerializer):
    parent_name = serializers.CharField(source="parent.name", read_only=True, default=None)

    class Meta:
        model = Area
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "kind",
            "level",
            "parent",
            "parent_name",
            "valid_from",
            "valid_to",
            "latitude",
            "longitude",
            "area_km2",
        ]
        read_only_fields = fields


class VillageSerializer(serializers.ModelSerializer):
    commune = ScopedPrimaryKeyRelatedField(
        source="parent",
        queryset=Area.objects.filter(level=AreaLevel.COMMUNE),
        label=_("Commune"),
    )
    kind = serializers.ChoiceField(choices=[(k.value, k.label) for k in VILLAGE_KINDS])

    class Meta:
        model = Area
        fields = ["id", "commune", "kind", "name", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]

    def validate_name(self, value):
        value = " ".join(value.split())
        if not value:
            raise serializers.ValidationError(_("Enter a name."))
        return value

    def validate(self, attrs):
        parent = attrs.get("parent", getattr(self.instance, "parent", None))
        name = attrs.get("name", getattr(self.instance, "name", None))
        if parent is not None and not parent.is_current:
            raise serializers.ValidationError(
                {"commune": _("Villages can only be added to communes currently in force.")}
            )
        clash = Area.objects.villages().filter(parent=parent, name__iexact=name)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(
                {"name": _("This commune already has a village with this name.")}
            )
        return attrs
