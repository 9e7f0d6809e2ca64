"""The read replica: which database alias each kind of page reads from (loket/databank.py).

"replica" is a second alias on the same test database (tests/settings.py, TEST MIRROR), so what
the primary committed is there too; the queries each connection ran show who read what.
"""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from loket.databank import ReplicaRouter
from loket.models import Logregel

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def gelezen(client, url):
    """(tables read on the primary, tables read on the replica) while GETting url."""
    primair, kopie = CaptureQueriesContext(connections["default"]), CaptureQueriesContext(connections["replica"])
    with primair, kopie:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)

    def tabellen(context):
        return {
            q["sql"].split(" FROM ", 1)[1].split()[0].strip('"')
            for q in context.captured_queries
            if q["sql"].startswith("SELECT") and " FROM " in q["sql"]
        }

    return tabellen(primair), tabellen(kopie)


@pytest.fixture
def met_replica(settings):
    settings.DATABASE_REPLICA = "replica"


def test_rapport_en_zoeken_lezen_van_de_replica(met_replica, client, loket, coordinator, locatie):
    client.force_login(coordinator)
    primair, kopie = gelezen(client, f"/rapportage/?loket={loket.code}")
    assert "loket_loket" in kopie
    # Who asks (session, user) comes from the primary; nothing of the report does.
    assert primair <= {"django_session", "loket_gebruiker", "otp_totp_totpdevice"}, primair
    primair, kopie = gelezen(client, "/zoeken/")
    assert "aanbod_locatie" in kopie
    assert "aanbod_locatie" not in primair


def test_werklijst_en_andere_paginas_lezen_van_de_primaire(met_replica, client, loket, medewerker):
    client.force_login(medewerker)
    for url in ("/loket/", "/gezond/", "/"):
        primair, kopie = gelezen(client, url)
        assert kopie == set(), (url, kopie)
    assert primair  # the worklist read something, from the primary


def test_schrijven_altijd_naar_de_primaire_ook_op_een_leespagina(met_replica, client, loket, coordinator):
    client.force_login(coordinator)
    voor = Logregel.objects.using("default").count()
    with CaptureQueriesContext(connections["replica"]) as kopie:
        client.get(f"/rapportage/vragen/?loket={loket.code}&jaar=2026&kolom=totaal")
    assert not [q for q in kopie.captured_queries if not q["sql"].startswith(("SELECT", "SAVEPOINT", "RELEASE"))]
    assert Logregel.objects.using("default").count() >= voor


def test_zonder_replica_alles_op_de_primaire(client, loket, coordinator):
    client.force_login(coordinator)
    primair, kopie = gelezen(client, f"/rapportage/?loket={loket.code}")
    assert kopie == set()
    assert "loket_loket" in primair


def test_router_migreert_alleen_de_primaire():
    router = ReplicaRouter()
    assert router.allow_migrate("default", "loket") is True
    assert router.allow_migrate("replica", "loket") is False
    assert router.db_for_write(Logregel) == "default"
