"""API bases: viewsets that read through the one scoping mechanism, related fields limited to
the caller's unit, the model's own rules in every serializer. The role permissions and paging
every endpoint uses are DRF settings, in ``areas.base.drf``."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework import serializers, viewsets
from rest_framework.relations import MANY_RELATION_KWARGS

from areas.base.text import clean_data


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related object the requesting user may see; others are reported as not found.
    With ``many=True``, the list is read in one query (``ScopedManyRelatedField``)."""

    def get_queryset(self):
        return super().get_queryset().for_user(self.context["request"].user)

    @classmethod
    def many_init(cls, *args, **kwargs):
        # DRF's RelatedField.many_init, with the list field that reads in one query.
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        for key in kwargs:
            if key in MANY_RELATION_KWARGS:
                list_kwargs[key] = kwargs[key]
        return ScopedManyRelatedField(**list_kwargs)


class ScopedManyRelatedField(serializers.ManyRelatedField):
    """A list of ids read in one query, not one per id: the same objects in the same order as
    DRF's field gives, and the same refusal of the first id that is not one (wrong type, or not
    found among those the user may see)."""

    def to_internal_value(self, data):
        if isinstance(data, str) or not hasattr(data, "__iter__"):
            self.fail("not_a_list", input_type=type(data).__name__)
        if not self.allow_empty and len(data) == 0:
            self.fail("empty")
        child = self.child_relation
        queryset = child.get_queryset()
        pk = queryset.model._meta.pk
        items = []  # (value as the child reads it, its key or the child's refusal)
        for item in data:
            try:
                value = child.pk_field.to_internal_value(item) if child.pk_field else item
            except serializers.ValidationError as refusal:
                items.append((item, refusal))
                continue
            try:
                if isinstance(value, bool):
                    raise TypeError
                items.append((value, pk.get_prep_value(value)))  # as ``queryset.get(pk=…)``
            except (TypeError, ValueError):
                items.append((value, _NOT_A_KEY))
        wanted = [key for _value, key in items if not _refused(key)]
        found = {obj.pk: obj for obj in queryset.filter(pk__in=wanted)} if wanted else {}
        for value, key in items:
            if isinstance(key, serializers.ValidationError):
                raise key
            if key is _NOT_A_KEY:
                child.fail("incorrect_type", data_type=type(value).__name__)
            if key not in found:
                child.fail("does_not_exist", pk_value=value)
        return [found[key] for _value, key in items]


_NOT_A_KEY = object()


def _refused(key) -> bool:
    return key is _NOT_A_KEY or isinstance(key, serializers.ValidationError)


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
        try:
            instance.soft_delete()
        except DjangoValidationError as err:  # a rule of the row's app: nothing deleted
            raise serializers.ValidationError(serializers.as_serializer_error(err)) from err
