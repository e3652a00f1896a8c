from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from areas.base.api import ModelRulesSerializer, ScopedPrimaryKeyRelatedField
from areas.models import Area, AreaLevel
from awards.models import Award, Proposal, ProposalRecipient, RecipientKind
from awards.services import submit_proposal
from models_registry.models import GrassrootsModel, Person


class AwardSerializer(ModelRulesSerializer):
    """One commended collective or individual; the award rules of the model apply."""

    unit = ScopedPrimaryKeyRelatedField(
        queryset=Area.objects.current().filter(level__in=[AreaLevel.PROVINCE, AreaLevel.COMMUNE]),
        required=False,
        help_text="Commune or province; taken from the model or member when one is named.",
    )
    model = ScopedPrimaryKeyRelatedField(
        queryset=GrassrootsModel.objects.all(), required=False, allow_null=True
    )
    person = ScopedPrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    recipient = serializers.CharField(read_only=True)
    recipient_type = serializers.CharField(read_only=True)

    class Meta:
        model = Award
        fields = [
            "id",
            "recipient_kind",
            "recipient_type",
            "recipient",
            "unit",
            "model",
            "person",
            "recipient_name",
            "recipient_unit",
            "form",
            "form_other",
            "issuer",
            "issuer_other",
            "decision_number",
            "decision_date",
            "reason",
            "proposal",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "proposal", "created_at", "updated_at"]

    def validate(self, attrs):
        kind = attrs.get("recipient_kind", getattr(self.instance, "recipient_kind", None))
        named = {RecipientKind.MODEL: "model", RecipientKind.PERSON: "person"}.get(kind)
        recipient = attrs.get(named, getattr(self.instance, named, None)) if named else None
        if recipient is not None:
            attrs["unit"] = recipient.commune
        if "unit" not in attrs and self.instance is None:
            raise serializers.ValidationError(
                {"unit": [self.fields["unit"].error_messages["required"]]}
            )
        return super().validate(attrs)


class ProposalRecipientSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = ProposalRecipient
        fields = ["recipient_kind", "model", "person", "name"]
        read_only_fields = fields


class ProposalSerializer(serializers.ModelSerializer):
    """A commune's proposal with its recipients. Submitted once; province staff decide it on
    the portal, which then records the awards (``awards`` lists them)."""

    commune = ScopedPrimaryKeyRelatedField(
        queryset=Area.objects.current().filter(level=AreaLevel.COMMUNE)
    )
    models = ScopedPrimaryKeyRelatedField(
        queryset=GrassrootsModel.objects.all(), many=True, required=False, write_only=True
    )
    persons = ScopedPrimaryKeyRelatedField(
        queryset=Person.objects.all(), many=True, required=False, write_only=True
    )
    commune_police = serializers.BooleanField(required=False, default=False, write_only=True)
    recipients = ProposalRecipientSerializer(many=True, read_only=True)
    awards = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "commune",
            "period_start",
            "period_end",
            "proposed_form",
            "proposed_issuer",
            "reason",
            "achievements",
            "models",
            "persons",
            "commune_police",
            "recipients",
            "status",
            "decided_at",
            "decision_comment",
            "awards",
            "created_at",
        ]
        read_only_fields = ["id", "status", "decided_at", "decision_comment", "created_at"]

    def create(self, validated_data):
        models = validated_data.pop("models", [])
        persons = validated_data.pop("persons", [])
        police = validated_data.pop("commune_police", False)
        try:
            return submit_proposal(
                user=self.context["request"].user,
                proposal=Proposal(**validated_data),
                models=models,
                persons=persons,
                commune_police=police,
            )
        except DjangoValidationError as err:
            raise serializers.ValidationError(serializers.as_serializer_error(err)) from err
