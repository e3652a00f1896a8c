"""Each connection's session settings (config/settings.py DATABASE_SESSION_OPTIONS)."""

from django.db import connection


def test_connections_run_without_jit(db):
    """The statistics' country-sized queries pass PostgreSQL's JIT threshold; compiling them
    cost more than it saved, so every connection turns it off."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
