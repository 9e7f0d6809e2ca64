"""The audit log is append-only in the database too, and its authors are deactivated, never deleted."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.db.models.sql import UpdateQuery
from django.db.models.sql.constants import CURSOR

from loket.logboek import logregel_schrijven, logregels_voor
from loket.models import Gebruiker, Logregel, Rol
from tests.factories import GebruikerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(db):
    return GebruikerFactory(email="beheerder@platform.be", rol=Rol.BEHEERDER, is_staff=True, is_superuser=True)


def test_gebruiker_met_logregels_kan_niet_gewist_worden(medewerker, loket):
    regel = logregel_schrijven(door=medewerker, actie="test.actie", object=loket, loket=loket)
    with pytest.raises(ProtectedError), transaction.atomic():
        medewerker.delete()
    assert Logregel.objects.get(pk=regel.pk).gebruiker == medewerker


def test_beheer_wist_geen_gebruiker_maar_deactiveert(client, beheerder, medewerker, loket):
    # Deleting a user in the admin set the author of their audit rows to NULL ("het systeem").
    regel = logregel_schrijven(door=medewerker, actie="test.actie", object=loket, loket=loket)
    client.force_login(beheerder)
    assert client.get(f"/beheer/loket/gebruiker/{medewerker.pk}/delete/").status_code == 403
    assert client.post(f"/beheer/loket/gebruiker/{medewerker.pk}/delete/", {"post": "yes"}).status_code == 403
    lijst = client.get("/beheer/loket/gebruiker/")
    assert "delete_selected" not in lijst.text
    antwoord = client.post(
        "/beheer/loket/gebruiker/", {"action": "deactiveren", "_selected_action": [medewerker.pk]}, follow=True
    )
    assert "1 gebruiker gedeactiveerd." in antwoord.text
    medewerker.refresh_from_db()
    assert medewerker.is_active is False
    assert Logregel.objects.get(pk=regel.pk).gebruiker_id == medewerker.pk
    [gedeactiveerd] = logregels_voor(medewerker)
    assert (gedeactiveerd.actie, gedeactiveerd.gebruiker) == ("gebruiker.gedeactiveerd", beheerder)


def test_beheer_deactiveren_weigert_wie_geen_beheerder_is(client, medewerker, coordinator):
    client.force_login(coordinator)
    client.post("/beheer/loket/gebruiker/", {"action": "deactiveren", "_selected_action": [medewerker.pk]})
    assert Gebruiker.objects.get(pk=medewerker.pk).is_active is True


def wijzigingen(regel):
    """Every way around the Python guards that the outsider tried."""
    tabel = Logregel._meta.db_table

    def raw_update():
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {tabel} SET actie = 'vervalst' WHERE id = %s", [regel.pk])

    def raw_delete():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {tabel} WHERE id = %s", [regel.pk])

    def update_query():
        query = UpdateQuery(Logregel)
        query.add_update_values({"actie": "vervalst"})
        query.add_filter("pk", regel.pk)
        query.get_compiler(using="default").execute_sql(CURSOR)

    def author_null():
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {tabel} SET gebruiker_id = NULL WHERE id = %s", [regel.pk])

    return [
        raw_update,
        raw_delete,
        update_query,
        author_null,
        lambda: Logregel.objects.filter(pk=regel.pk)._raw_delete(using="default"),
    ]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_database_weigert_update_en_delete_van_logregels(medewerker, loket):
    # Transactional: after the test Django empties the table with TRUNCATE, which the row trigger lets pass.
    regel = logregel_schrijven(door=medewerker, actie="test.actie", object=loket, loket=loket)
    for wijziging in wijzigingen(regel):
        with pytest.raises(IntegrityError, match="auditlog"), transaction.atomic():
            wijziging()
    bewaard = Logregel.objects.get(pk=regel.pk)
    assert (bewaard.actie, bewaard.gebruiker_id) == ("test.actie", medewerker.pk)
