"""API bases: viewsets that read through the one scoping mechanism, related fields limited to
the caller's unit, the model's own rules in every serializer. The role permissions and paging
every endpoint uses are DRF settings, in ``areas.base.drf``."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework import serializers, viewsets

from areas.base.text import clean_data


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related object the requesting user may see; others are reported as not found."""

    def get_queryset(self):
        return super().get_queryset().for_user(self.context["request"].user)


class ModelRulesSerializer(serializers.ModelSerializer):
    """Runs the model's ``full_clean`` so the API enforces exactly the rules the forms do."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        m2m = {f.name for f in self.Meta.model._meta.many_to_many if f.name in attrs}
        values = {k: v for k, v in attrs.items() if k not in m2m}
        instance = self.instance or self.Meta.model()
        original = {k: getattr(instance, k) for k in values} if self.instance else {}
        for key, value in values.items():
            setattr(instance, key, value)
        derived = [f.name for f in self.Meta.model._meta.fields if not f.editable]
        try:
            instance.full_clean(exclude=derived, validate_constraints=False)
        except DjangoValidationError as err:
            raise serializers.ValidationError(serializers.as_serializer_error(err)) from err
        finally:
            for key, value in original.items():  # leave the instance as it was until save
                setattr(instance, key, value)
        return attrs


class ScopedViewSetMixin:
    """``queryset`` is narrowed to the requesting user's unit subtree on every request; what
    is sent reaches the serializer through ``clean_text`` (``areas.base.text``), every string
    of the body at any depth, before any field reads it."""

    def get_queryset(self):
        return super().get_queryset().for_user(self.request.user)

    def get_serializer(self, *args, **kwargs):
        if "data" in kwargs:
            kwargs["data"] = clean_data(kwargs["data"])
        return super().get_serializer(*args, **kwargs)


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Writes are validated by the serializer, each in one transaction; DELETE is a soft delete."""

    def perform_create(self, serializer):
        with transaction.atomic():
            super().perform_create(serializer)

    def perform_update(self, serializer):
        with transaction.atomic():
            super().perform_update(serializer)

    def perform_destroy(self, instance) -> None:
        instance.soft_delete()
