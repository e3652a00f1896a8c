from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.api.serializers import NotificationSerializer
from accounts.filters import NotificationFilterSet
from accounts.models import Notification
from areas.base.api import ScopedReadOnlyViewSet


class NotificationViewSet(ScopedReadOnlyViewSet):
    """The caller's own notifications, newest first (``?unread=true``: the unread only)."""

    queryset = Notification.objects.order_by("-created_at", "-pk")
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet
    action_permissions = {"read": ["accounts.change_notification"]}

    @extend_schema(request=None, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark the notification read (a notification read already keeps its first reading)."""
        note = self.get_object()
        if note.read_at is None:
            note.read_at = timezone.now()
            self.get_queryset().filter(pk=note.pk, read_at__isnull=True).update(
                read_at=note.read_at
            )
        return Response(self.get_serializer(note).data)
