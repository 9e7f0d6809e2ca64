"""What every benchmark does first: pick its own scratch database, then start Django."""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT = Path(__file__).resolve().parent.parent


def database_kiezen(naam, sqlite_pad):
    """Point DATABASE_URL at the scratch database (created on the PostgreSQL server if missing)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        delen = urlsplit(url)
        beheer = urlunsplit(delen._replace(path="/postgres"))
        with psycopg.connect(beheer, autocommit=True) as verbinding:
            if not verbinding.execute("SELECT 1 FROM pg_database WHERE datname = %s", [naam]).fetchone():
                verbinding.execute(f'CREATE DATABASE "{naam}"')
        os.environ["DATABASE_URL"] = urlunsplit(delen._replace(path=f"/{naam}"))
        return f"PostgreSQL {naam}"
    os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_pad}"
    return f"SQLite {sqlite_pad}"


def django_starten(settings="loket.settings"):
    sys.path.insert(0, str(PROJECT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    os.environ.setdefault("SECRET_KEY", "bench-sleutel-niet-geheim")
    import django

    django.setup()
