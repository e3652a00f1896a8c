from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from areas.base.api import ModelRulesSerializer, ScopedPrimaryKeyRelatedField
from areas.models import Area, AreaLevel
from models_registry.models import Camera, GrassrootsModel, ModelCategory, Person
from patrols.models import Incident, IncidentCategory, Shift, ShiftParticipant
from patrols.services import LIMITS, record_shift, too_many

ITEM_FIELDS = Incident.ITEM_FIELDS


class IncidentCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = IncidentCategory
        fields = ["id", "code", "name", "is_active"]
        read_only_fields = fields


class ShiftIncidentSerializer(serializers.ModelSerializer):
    """An incident inside a shift: the team and the shift come from the shift."""

    village = ScopedPrimaryKeyRelatedField(
        queryset=Area.objects.filter(level=AreaLevel.VILLAGE), required=False, allow_null=True
    )
    camera = ScopedPrimaryKeyRelatedField(
        queryset=Camera.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Incident
        fields = [
            "id",
            "occurred_at",
            "village",
            "category",
            "detected_by",
            "outcome",
            "camera",
            "persons_involved",
            "suspects_arrested",
            *ITEM_FIELDS,
            "description",
        ]
        read_only_fields = ["id"]


class ParticipantField(ScopedPrimaryKeyRelatedField):
    """A participant: a person's id on the way in; on the way out, the person of one of the
    shift's participant turns (``Shift.participants``), so they are read once."""

    def to_representation(self, value):
        return value.person_id if isinstance(value, ShiftParticipant) else value.pk


class ShiftSerializer(serializers.ModelSerializer):
    """A shift with its participants (person ids) and incidents, saved by the same service as
    the entry page, so every rule holds here too. ``submission_key`` makes a retry safe.
    A shift holds at most 200 incidents, 100 participants and 200 villages
    (``patrols.services.LIMITS``): more are refused before any of them is read."""

    model = ScopedPrimaryKeyRelatedField(
        # with its type, which the shift's rules read (only patrol teams record shifts)
        queryset=GrassrootsModel.objects.filter(
            model_type__category=ModelCategory.PATROL
        ).select_related("model_type")
    )
    villages = ScopedPrimaryKeyRelatedField(
        queryset=Area.objects.filter(level=AreaLevel.VILLAGE), many=True, required=False
    )
    leader = ScopedPrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    participants = ParticipantField(queryset=Person.objects.all(), many=True)
    incidents = ShiftIncidentSerializer(many=True, required=False)
    submission_key = serializers.UUIDField(required=False, write_only=True)

    class Meta:
        model = Shift
        fields = [
            "id",
            "model",
            "commune",
            "starts_at",
            "ends_at",
            "villages",
            "route",
            "leader",
            "guests_police",
            "guests_militia",
            "guests_other",
            "notes",
            "participants",
            "incidents",
            "submission_key",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "commune", "created_at", "updated_at"]

    def to_internal_value(self, data):
        if isinstance(data, dict):  # a form's lists are its repeated fields
            lists = {
                name: data.getlist(name) if hasattr(data, "getlist") else data.get(name)
                for name in LIMITS
            }
            errors = {
                name: [too_many(name)]
                for name, values in lists.items()
                if isinstance(values, list) and len(values) > LIMITS[name]
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)

    def _save(self, shift: Shift, validated: dict) -> Shift:
        participants = validated.pop("participants", None)
        incidents = [Incident(**row) for row in validated.pop("incidents", [])]
        villages = validated.pop("villages", None)
        key = validated.pop("submission_key", None)
        for name, value in validated.items():
            setattr(shift, name, value)
        if participants is None:
            participants = [p.person for p in shift.participants.select_related("person")]
        try:
            return record_shift(
                shift=shift,
                participants=participants,
                incidents=incidents,
                villages=villages,
                submission_key=key,
            )
        except DjangoValidationError as err:
            raise serializers.ValidationError(serializers.as_serializer_error(err)) from err

    def create(self, validated_data):
        return self._save(Shift(), validated_data)

    def update(self, instance, validated_data):
        if validated_data.get("incidents"):
            raise serializers.ValidationError(
                {"incidents": [_("Edit a recorded shift's incidents at /api/incidents/.")]}
            )
        return self._save(instance, validated_data)


class IncidentSerializer(ModelRulesSerializer):
    """An incident on its own (a mediation team's case, a camera detection, a tip-off). A
    tip-off names the case it helped solve in ``solved_case``: an incident of its commune
    that is not a tip-off (an id outside the caller's area is not found); a case records its
    ``suspects_arrested``."""

    model = ScopedPrimaryKeyRelatedField(queryset=GrassrootsModel.objects.all())
    shift = ScopedPrimaryKeyRelatedField(
        queryset=Shift.objects.all(), required=False, allow_null=True
    )
    camera = ScopedPrimaryKeyRelatedField(
        queryset=Camera.objects.all(), required=False, allow_null=True
    )
    village = ScopedPrimaryKeyRelatedField(
        queryset=Area.objects.filter(level=AreaLevel.VILLAGE), required=False, allow_null=True
    )
    solved_case = ScopedPrimaryKeyRelatedField(
        queryset=Incident.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Incident
        fields = [
            "id",
            "model",
            "commune",
            "shift",
            "camera",
            "occurred_at",
            "village",
            "category",
            "detected_by",
            "outcome",
            "solved_case",
            "persons_involved",
            "suspects_arrested",
            *ITEM_FIELDS,
            "description",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "commune", "created_at", "updated_at"]
