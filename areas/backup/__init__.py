"""Backups: the database (pg_dump, custom format) and the private files in one dated archive,
and their restore into an empty database (``manage.py backup`` / ``manage.py restore``).

They touch no domain logic — the database is read table by table, whatever the apps — so they
live in the lowest app."""
