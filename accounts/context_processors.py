"""The bell of the top bar: the signed-in user's unread notifications, counted by one small
query (on an index of the unread rows), and only when a page draws the bell."""

from functools import cached_property

from accounts.models import Notification


class Unread:
    def __init__(self, user):
        self.user = user

    @cached_property
    def count(self) -> int:
        return Notification.objects.for_user(self.user).filter(read_at__isnull=True).count()


def notifications(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": Unread(user)}
