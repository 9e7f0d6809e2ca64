"""A dump of the live database restores into a scratch database with every request and offer back."""

import subprocess
import uuid

import psycopg
import pytest
from django.db import connection

from tests.factories import OpvangvoorstelFactory, OpvangvraagFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def libpq_args(naam):
    instellingen = connection.settings_dict
    args = ["-h", instellingen["HOST"] or "127.0.0.1", "-p", str(instellingen["PORT"] or 5432)]
    if instellingen["USER"]:
        args += ["-U", instellingen["USER"]]
    return [*args, "-d", naam]


def test_pg_dump_en_pg_restore_brengen_alle_vragen_en_voorstellen_terug(tmp_path):
    OpvangvraagFactory.create_batch(3)
    OpvangvoorstelFactory.create_batch(2)  # each with a request of its own: 5 requests, 2 offers
    with connection.cursor() as cursor:
        cursor.execute("SELECT referentie FROM aanmelding_opvangvraag")
        verwacht = sorted(cursor.fetchall())
    assert len(verwacht) == 5
    dump = tmp_path / "loket.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "-f", str(dump), *libpq_args(connection.settings_dict["NAME"])],
        check=True,
        timeout=120,
    )

    kladblok = f"herstel_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{kladblok}"')
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", *libpq_args(kladblok), str(dump)], check=True, timeout=120
        )
        instellingen = connection.settings_dict
        with psycopg.connect(
            host=instellingen["HOST"] or "127.0.0.1",
            port=instellingen["PORT"] or 5432,
            user=instellingen["USER"] or None,
            dbname=kladblok,
        ) as hersteld:
            assert sorted(hersteld.execute("SELECT referentie FROM aanmelding_opvangvraag").fetchall()) == verwacht
            assert hersteld.execute("SELECT count(*) FROM aanbod_opvangvoorstel").fetchone()[0] == 2
            assert hersteld.execute("SELECT count(*) FROM loket_gemeente").fetchone()[0] == 304
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{kladblok}"')
