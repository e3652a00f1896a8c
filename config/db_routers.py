"""The read replica: which reads may go to it, and the router that sends them there.

With ``DATABASE_REPLICA_URL`` set, ``DATABASES["replica"]`` is a streaming replica of the
primary and ``READ_REPLICA`` names it (config/settings.py). Reads go to the replica only
where a view says so — the dashboards and the statistics API, the heavy reads that may be a
moment behind the primary (``ReadsFromReplica``) — and only the portal's own domain tables
(``REPLICA_APPS``): the request's own state (its session, its user, an API token, axes'
records) is always read from the primary, so a login is never missed on a replica that has
not caught up. Everything else reads the primary: a review report's snapshot, rendering and
issuing take the latest committed figures; so do the Celery tasks, which never run a view.

Every write goes to the primary, and so does every read inside a transaction on it (a read
that must see the transaction's own writes). The replica is never migrated: it is a copy.

The switch is a context variable, set for the time of the view and reset in ``finally``, so
it cannot outlive the request, nor reach another request or thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.template.response import SimpleTemplateResponse

# The apps whose tables the statistics read. Not accounts (users and roles), sessions,
# authtoken or axes: what a request needs to know who is asking comes from the primary.
REPLICA_APPS = frozenset({"areas", "models_registry", "patrols", "awards", "reports"})

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


def reads_from_replica() -> bool:
    """Whether the reads of the current context may go to the replica."""
    return _replica_reads.get()


@contextmanager
def replica_reads() -> Iterator[None]:
    """The reads of the domain tables inside the block go to the replica, when one is set."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


class ReadsFromReplica:
    """A view whose reads may come from the replica: the dashboards and the statistics API.
    Put first among the bases, so that it wraps the whole view (a page's template included)."""

    def dispatch(self, request, *args, **kwargs):
        with replica_reads():
            response = super().dispatch(request, *args, **kwargs)
            # A page's template is drawn after the view returns, by Django's handler: draw it
            # here, so that what it reads (the form's choices) comes from the same place.
            if isinstance(response, SimpleTemplateResponse):
                response.render()
            return response


class ReplicaRouter:
    """Reads of the domain tables to the replica inside ``replica_reads()``; all else to the
    primary."""

    def db_for_read(self, model, **hints) -> str:
        replica = settings.READ_REPLICA
        if (
            replica
            and _replica_reads.get()
            and model._meta.app_label in REPLICA_APPS
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return replica
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # The replica holds the same rows: a row read there may point to one read here.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS
