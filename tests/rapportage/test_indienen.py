"""Submitting the yearly report: an immutable, versioned snapshot, and what changed since (year 2019)."""

import datetime
import hashlib

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction

from aanmelding.privacy import gezin_anonimiseren
from aanmelding.registratie import opvangvragen_samenvoegen
from loket.models import Logregel
from rapportage.models import IngediendRapport
from rapportage.services import indienherinneringen_versturen, rapport_indienen, verschil_met_ingediend
from tests.factories import GENT
from tests.rapportage.conftest import moment

pytestmark = pytest.mark.django_db

NA_PEILDATUM = moment("2020-03-05 09:00")


def indienen(loket, coordinator, nu=NA_PEILDATUM):
    return rapport_indienen(loket=loket, jaar=2019, door=coordinator, nu=nu)


def test_indienen_bewaart_cijfers_bestanden_en_controlegetallen(bouw, coordinator):
    bouw.vraag(start="2019-05-01")

    ingediend = indienen(bouw.loket, coordinator)

    ingediend = IngediendRapport.objects.get(pk=ingediend.pk)
    assert (ingediend.versie, ingediend.formaat, ingediend.peildatum) == (1, "2019", datetime.date(2020, 2, 29))
    assert ingediend.cijfers["totaal"]["totaal"] == 1
    assert bytes(ingediend.xlsx)[:2] == b"PK" and bytes(ingediend.pdf)[:4] == b"%PDF"
    assert ingediend.sha256_xlsx == hashlib.sha256(bytes(ingediend.xlsx)).hexdigest()
    assert ingediend.sha256_pdf == hashlib.sha256(bytes(ingediend.pdf)).hexdigest()
    assert (ingediend.ingediend_door, ingediend.ingediend_op) == (coordinator, NA_PEILDATUM)
    regel = Logregel.objects.get(actie="rapport.ingediend")
    assert regel.details["versie"] == 1 and regel.details["sha256_pdf"] == ingediend.sha256_pdf


def test_opnieuw_indienen_maakt_een_nieuwe_versie_en_de_vorige_blijft(bouw, coordinator):
    bouw.vraag(start="2019-05-01")
    eerste = indienen(bouw.loket, coordinator)
    bouw.vraag(start="2019-06-01", ingediend="2019-02-01")

    tweede = indienen(bouw.loket, coordinator)

    assert (eerste.versie, tweede.versie) == (1, 2)
    assert IngediendRapport.objects.get(pk=eerste.pk).cijfers["totaal"]["totaal"] == 1
    assert IngediendRapport.objects.get(pk=tweede.pk).cijfers["totaal"]["totaal"] == 2


def test_ingediend_rapport_kan_niet_gewijzigd_of_gewist_worden(bouw, coordinator):
    ingediend = indienen(bouw.loket, coordinator)
    ingediend.formaat = "2024"
    with pytest.raises(PermissionDenied):
        ingediend.save()
    with pytest.raises(PermissionDenied):
        IngediendRapport.objects.filter(pk=ingediend.pk).update(formaat="2024")
    with pytest.raises(PermissionDenied):
        ingediend.delete()
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE rapportage_ingediendrapport SET formaat = '2024'")
    assert IngediendRapport.objects.get(pk=ingediend.pk).formaat == "2019"


def test_bestanden_blijven_byte_gelijk_als_de_gegevens_veranderen(bouw, coordinator):
    vraag = bouw.vraag(start="2019-05-01")
    ingediend = indienen(bouw.loket, coordinator)
    bewaard = (bytes(ingediend.xlsx), bytes(ingediend.pdf), ingediend.cijfers)

    bouw.voorstel(vraag, antwoord="aanvaard", start="2019-05-01", beantwoord="2019-03-02")
    bouw.vraag(start="2019-07-01", ingediend="2019-03-01", kanaal="import")

    opnieuw = IngediendRapport.objects.get(pk=ingediend.pk)
    assert (bytes(opnieuw.xlsx), bytes(opnieuw.pdf), opnieuw.cijfers) == bewaard
    assert hashlib.sha256(bytes(opnieuw.xlsx)).hexdigest() == ingediend.sha256_xlsx
    assert not verschil_met_ingediend(opnieuw).gelijk


def test_geen_verschil_zonder_wijzigingen(bouw, coordinator):
    bouw.vraag(start="2019-05-01")
    assert verschil_met_ingediend(indienen(bouw.loket, coordinator)).gelijk


def cellen(verschil):
    return {(c.gemeente, c.categorie, c.kolom, c.ingediend, c.nu, tuple(c.vragen)) for c in verschil.cellen}


def test_late_registratie_van_voor_de_peildatum_verandert_precies_haar_cellen(bouw, coordinator):
    bouw.vraag(start="2019-05-01")
    ingediend = indienen(bouw.loket, coordinator)

    laat = bouw.vraag(start="2019-06-01", ingediend="2019-11-01", kanaal="import", referentie="IMP-1")

    assert laat.ingediend_op < moment("2020-02-29 23:59")
    assert cellen(verschil_met_ingediend(ingediend)) == {
        ("Gent", None, "totaal", 1, 2, (("IMP-1", "ingevoerd"),)),
        ("Gent", None, "zonder_voorstel", 1, 2, (("IMP-1", "ingevoerd"),)),
        ("Totaal", None, "totaal", 1, 2, (("IMP-1", "ingevoerd"),)),
        ("Totaal", None, "zonder_voorstel", 1, 2, (("IMP-1", "ingevoerd"),)),
    }


def test_late_balieregistratie_met_datum_voor_de_peildatum_telt_als_laat_geregistreerd(bouw, coordinator):
    ingediend = indienen(bouw.loket, coordinator)
    bouw.vraag(start="2019-06-01", ingediend="2020-01-10", referentie="LAAT")

    oorzaken = {v for c in verschil_met_ingediend(ingediend).cellen for v in c.vragen}
    assert oorzaken == {("LAAT", "laat_geregistreerd")}


def test_samenvoegen_kan_een_cijfer_veranderen(bouw, coordinator):
    eerste = bouw.vraag(start="2019-05-01", ingediend="2019-01-10", voornaam="Lena", referentie="A")
    bouw.voorstel(eerste, antwoord="aanvaard", start="2019-05-01", beantwoord="2019-02-01")
    eerste.status = "toegewezen"
    eerste.save(update_fields=["status"])
    tweede = bouw.vraag(start="2019-05-01", ingediend="2019-03-10", voornaam="Lena", referentie="B")
    tweede.kind = eerste.kind
    tweede.save()
    ingediend = indienen(bouw.loket, coordinator)
    assert ingediend.cijfers["totaal"]["zonder_voorstel"] == 1

    opvangvragen_samenvoegen(behouden=eerste, samen_te_voegen=tweede, door=coordinator)

    assert cellen(verschil_met_ingediend(ingediend)) == {
        ("Gent", None, "zonder_voorstel", 1, 0, (("B", "samengevoegd"),)),
        ("Totaal", None, "zonder_voorstel", 1, 0, (("B", "samengevoegd"),)),
    }


def test_anonimiseren_verandert_geen_ingediend_cijfer(bouw, coordinator):
    vraag = bouw.vraag(start="2019-05-01", intrek_reden="niet_meer_nodig", ingetrokken_op="2019-04-01", voornaam="Mila")
    bouw.vraag(start="2019-05-01", voornaam="Mila", ingediend="2019-01-01", gemeente=GENT)
    ingediend = indienen(bouw.loket, coordinator)

    gezin_anonimiseren(gezin=vraag.gezin, door=None, reden="bewaartermijn")

    assert verschil_met_ingediend(ingediend).gelijk


def test_herinnering_voor_1_maart_een_keer_en_niet_na_indienen(
    loket, ander_loket, coordinator, django_capture_on_commit_callbacks
):
    assert indienherinneringen_versturen(nu=moment("2020-02-10")) == 0
    rapport_indienen(loket=ander_loket, jaar=2019, door=coordinator, nu=moment("2020-02-12"))

    with django_capture_on_commit_callbacks(execute=True):
        assert indienherinneringen_versturen(nu=moment("2020-02-20")) == 1
    assert indienherinneringen_versturen(nu=moment("2020-02-21")) == 0
    assert indienherinneringen_versturen(nu=moment("2020-03-01")) == 0
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert "2019" in mail.outbox[0].subject
    assert Logregel.objects.filter(actie="rapport.herinnerd", loket=loket).count() == 1
