"""The move of the demand models from aanbod to aanmelding applies to an existing database.

Voorkeur, Opvangvoorstel, Gezien, Doorverwijzing and Wachter keep their tables; only the
migration state and the content types move. A database with data is taken back to the previous
release's migrations (the main branch before the move), rows are added there with the historical
models, and migrating forward must keep every table's row count and the report's JSON.
"""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from aanmelding.models import Doorverwijzing, Gezien, Opvangvoorstel, Wachter
from loket.logboek import logregel_schrijven
from loket.models import Logregel
from tests.aanmelding.conftest import jaarrapport_scenario

# The latest migration of each app before the move.
VORIGE = [
    ("loket", "0006_logregel_alleen_toevoegen"),
    ("aanbod", "0007_doorverwijzing_toeleider"),
    ("aanmelding", "0007_atypisch_weekschema"),
]
VERHUISD = ["doorverwijzing", "gezien", "opvangvoorstel", "voorkeur", "wachter"]


def _aantallen():
    with connection.cursor() as cursor:
        tabellen = sorted(t for t in connection.introspection.table_names(cursor) if t != "django_migrations")
        aantallen = {}
        for tabel in tabellen:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(tabel)}")
            aantallen[tabel] = cursor.fetchone()[0]
    return aantallen


def _rapport(loket):
    uitvoer = io.StringIO()
    call_command("rapport_kg", "--loket", loket.code, "--jaar", "2019", "--json", "-", stdout=uitvoer)
    return uitvoer.getvalue()


def _migreren(doelen):
    executor = MigrationExecutor(connection)
    executor.migrate(doelen)
    ContentType.objects.clear_cache()
    return executor


def _laatste():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_herindeling_migreert_een_bestaande_databank(loket, locatie, aanbieder, medewerker):
    vragen = jaarrapport_scenario(loket)
    vraag = vragen[0]
    Gezien.objects.create(vraag=vraag, organisator=locatie.organisator, gezien_op=timezone.now())
    Doorverwijzing.objects.create(loket=loket, vraag=vraag, organisator=locatie.organisator, reden="geen_plaats")
    voorstel = Opvangvoorstel.objects.filter(vraag__loket=loket).first()
    logregel_schrijven(door=medewerker, actie="voorstel.bekeken", object=voorstel, loket=loket)
    voorstel_type = ContentType.objects.get_for_model(Opvangvoorstel)
    rapport = _rapport(loket)
    laatste = _laatste()

    # Back to the previous release: the offer models are aanbod's again, in state and content type.
    executor = _migreren(VORIGE)
    oud = executor.loader.project_state(VORIGE).apps
    assert {ct.app_label for ct in ContentType.objects.filter(model__in=VERHUISD)} == {"aanbod"}
    OudWachter = oud.get_model("aanbod", "Wachter")
    OudGezien = oud.get_model("aanbod", "Gezien")
    assert OudGezien.objects.count() == 1
    assert oud.get_model("aanbod", "Opvangvoorstel").objects.count() == Opvangvoorstel.objects.count()
    OudWachter.objects.create(vraag_id=vraag.pk, gebruiker_id=aanbieder.pk)
    OudGezien.objects.create(vraag_id=vragen[1].pk, organisator_id=locatie.organisator_id, gezien_op=timezone.now())
    voor = _aantallen()

    _migreren(laatste)
    na = _aantallen()
    # Rows stay where they were; tables of later releases start empty.
    assert {tabel: n for tabel, n in na.items() if tabel in voor} == voor
    assert {tabel: n for tabel, n in na.items() if tabel not in voor} == dict.fromkeys(set(na) - set(voor), 0)
    assert _rapport(loket) == rapport
    assert {ct.app_label for ct in ContentType.objects.filter(model__in=VERHUISD)} == {"aanmelding"}
    assert ContentType.objects.get_for_model(Opvangvoorstel).pk == voorstel_type.pk
    regel = Logregel.objects.get(actie="voorstel.bekeken")
    assert regel.content_type.model_class() is Opvangvoorstel
    assert Wachter.objects.get().vraag_id == vraag.pk
    assert Gezien.objects.count() == 2
