"""Shared base of every API viewset: reads go through the one scoping mechanism."""

from django.db import transaction
from rest_framework import viewsets


class ScopedViewSetMixin:
    """``queryset`` is narrowed to the requesting user's unit subtree on every request."""

    def get_queryset(self):
        return super().get_queryset().for_user(self.request.user)


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
