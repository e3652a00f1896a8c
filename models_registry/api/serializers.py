from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from areas.base.api import ModelRulesSerializer, ScopedPrimaryKeyRelatedField
from areas.models import Area, AreaLevel
from models_registry.models import (
    Camera,
    GrassrootsModel,
    Membership,
    ModelCategory,
    ModelRating,
    ModelType,
    Person,
    Rating,
)


class ModelTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ModelType
        fields = [
            "id",
            "name",
            "category",
            "is_statutory",
            "rating_scale",
            "rating_year",
            "description",
            "is_active",
        ]
        read_only_fields = fields


class ModelRatingSerializer(serializers.ModelSerializer):
    """A yearly rating as read: its scale, its rating year's label ("năm 2026 (15/11/2025 –
    14/11/2026)" for a statutory team) and where it is in the workflow."""

    year_label = serializers.CharField(read_only=True)

    class Meta:
        model = ModelRating
        fields = [
            "id",
            "model",
            "year",
            "year_label",
            "scale",
            "rating",
            "status",
            "note",
            "approved_at",
        ]
        read_only_fields = fields


class RatingConfirmSerializer(serializers.Serializer):
    """The commune confirms a model's rating for a rating year (the one record of that model
    and year, created or updated); the rating's rules are the model's, run by the service."""

    model = ScopedPrimaryKeyRelatedField(queryset=GrassrootsModel.objects.all())
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    rating = serializers.ChoiceField(choices=Rating.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class FixedCommuneMixin:
    """A recorded model or person stays in its commune (see the forms)."""

    def validate_commune(self, value):
        if self.instance is not None and value != self.instance.commune:
            raise serializers.ValidationError(
                _("The commune of a recorded entry cannot be changed.")
            )
        return value


class GrassrootsModelSerializer(FixedCommuneMixin, ModelRulesSerializer):
    commune = ScopedPrimaryKeyRelatedField(queryset=Area.objects.filter(level=AreaLevel.COMMUNE))
    villages = ScopedPrimaryKeyRelatedField(
        queryset=Area.objects.filter(level=AreaLevel.VILLAGE), many=True, required=False
    )
    model_type = serializers.PrimaryKeyRelatedField(
        queryset=ModelType.objects.filter(is_active=True)
    )
    ratings = ModelRatingSerializer(many=True, read_only=True)

    class Meta:
        model = GrassrootsModel
        fields = [
            "id",
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
            "ratings",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "ratings", "created_at", "updated_at"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        commune = attrs.get("commune", getattr(self.instance, "commune", None))
        foreign = [
            v.name for v in attrs.get("villages", []) if v.parent_id != getattr(commune, "pk", None)
        ]
        if foreign:
            raise serializers.ValidationError(
                {
                    "villages": _("These villages are not in the chosen commune: %(names)s")
                    % {"names": ", ".join(foreign)}
                }
            )
        return attrs


class PersonSerializer(FixedCommuneMixin, ModelRulesSerializer):
    commune = ScopedPrimaryKeyRelatedField(queryset=Area.objects.filter(level=AreaLevel.COMMUNE))
    village = ScopedPrimaryKeyRelatedField(
        queryset=Area.objects.filter(level=AreaLevel.VILLAGE), required=False, allow_null=True
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "full_name",
            "birth_year",
            "gender",
            "phone",
            "commune",
            "village",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]


class MembershipSerializer(ModelRulesSerializer):
    person = ScopedPrimaryKeyRelatedField(queryset=Person.objects.all())
    model = ScopedPrimaryKeyRelatedField(queryset=GrassrootsModel.objects.all())
    person_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "person",
            "person_name",
            "model",
            "role",
            "joined_on",
            "left_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "person_name", "created_at", "updated_at"]


class CameraSerializer(ModelRulesSerializer):
    model = ScopedPrimaryKeyRelatedField(
        queryset=GrassrootsModel.objects.filter(model_type__category=ModelCategory.CAMERA)
    )
    village = ScopedPrimaryKeyRelatedField(
        queryset=Area.objects.filter(level=AreaLevel.VILLAGE), required=False, allow_null=True
    )

    class Meta:
        model = Camera
        fields = [
            "id",
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
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
