"""The request columns the report counts on are kept up to date by every write that can change them."""

import datetime
import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from aanmelding.models import Kind, Opvangvraag
from aanmelding.privacy import gezin_anonimiseren
from aanmelding.registratie import gezin_kwetsbaar_markeren, opvangvragen_samenvoegen
from aanmelding.voorstellen import toewijzing_annuleren, voorstel_aanvaarden, voorstel_doen
from rapportage.queries import rapport_kg
from tests.factories import LocatieFactory
from tests.rapportage.conftest import moment
from tests.rapportage.test_regels import controleer_doorklikken, getallen

pytestmark = pytest.mark.django_db

TELVELDEN = [
    "kwetsbaar_gezin",
    "specifieke_zorgbehoefte",
    "eerste_voorstel_op",
    "volgende_ingediend_op",
    "meerdere_aanvaard",
]


def rapport(loket, formaat="2020"):
    rapport = rapport_kg(loket=loket, jaar=2019, formaat=formaat)
    controleer_doorklikken(rapport)
    return rapport


def test_hernoemd_kind_wordt_een_kind_met_zijn_naamgenoot(bouw, loket):
    bouw.vraag(start="2019-06-01", voornaam="Lena", ingediend="2019-01-10")
    later = bouw.vraag(start="2019-06-01", voornaam="Lenna", ingediend="2019-02-10")
    assert rapport(loket).totaal.aantallen["totaal"] == 2
    later.kind.voornaam = "Léna"
    later.kind.save()
    assert rapport(loket).totaal.aantallen["totaal"] == 1
    later.kind.voornaam = "Lenna"
    later.kind.save(update_fields=["voornaam"])
    assert rapport(loket).totaal.aantallen["totaal"] == 2


def test_samengevoegde_vraag_laat_de_behouden_vraag_tellen(bouw, loket, medewerker):
    behouden = bouw.vraag(start="2019-06-01", voornaam="Arthur", ingediend="2019-01-10")
    dubbel = bouw.vraag(start="2019-06-01", voornaam="ARTHUR", ingediend="2019-02-10", gemeente="44013")
    assert [rij.naam for rij in rapport(loket).gemeenten if rij.aantallen["totaal"]] == ["Destelbergen"]
    opvangvragen_samenvoegen(behouden=behouden, samen_te_voegen=dubbel, door=medewerker)
    assert [rij.naam for rij in rapport(loket).gemeenten if rij.aantallen["totaal"]] == ["Gent"]


def test_gezin_later_kwetsbaar_telt_in_die_categorie(bouw, loket, medewerker):
    vraag = bouw.vraag(start="2019-06-01")
    assert rapport(loket).totaal.categorieen["kwetsbaar_gezin"]["totaal"] == 0
    gezin_kwetsbaar_markeren(gezin=vraag.gezin, door=medewerker, reden="geen vast adres")
    assert rapport(loket).totaal.categorieen["kwetsbaar_gezin"]["totaal"] == 1


def test_zorgbehoefte_later_aangevinkt_telt_in_die_categorie(bouw, loket):
    vraag = bouw.vraag(start="2019-06-01")
    vraag.kind.specifieke_zorgbehoefte = True
    vraag.kind.save(update_fields=["specifieke_zorgbehoefte"])
    assert rapport(loket).totaal.categorieen["specifieke_zorgbehoefte"]["totaal"] == 1


def test_voorstel_van_de_aanbieder_maakt_vraag_beantwoord_met_voorstel(bouw, loket, medewerker):
    vraag = bouw.vraag(start="2019-06-01")
    assert rapport(loket).totaal.aantallen == getallen(totaal=1, zonder_voorstel=1)
    nu = timezone.make_aware(datetime.datetime(2019, 3, 1, 10))
    voorstel_doen(
        vraag=vraag,
        locatie=LocatieFactory(),
        door=medewerker,
        startdatum=datetime.date(2019, 6, 1),
        weekschema="DDDD---",
        nu=nu,
    )
    assert Opvangvraag.objects.get(pk=vraag.pk).eerste_voorstel_op == nu
    assert rapport(loket).totaal.aantallen == getallen(totaal=1, voorstel_niet_aanvaard=1)


def test_anonimiseren_houdt_het_kind_een_kind_met_zijn_vraag_in_een_ander_gezin(bouw, loket, coordinator):
    blijft = bouw.vraag(start="2019-06-01", voornaam="Jules", ingediend="2019-01-10")
    gewist = bouw.vraag(  # another family, the same child, registered later
        start="2019-06-01", voornaam="Jules", ingediend="2019-02-10", intrek_reden="andere", ingetrokken_op="2019-02-20"
    )
    voor = rapport(loket).totaal.aantallen
    gezin_anonimiseren(gezin=gewist.gezin, door=coordinator, reden="wisverzoek")
    # One keyed identity (Kind.sleutel) for both: the later registration still counts, not both.
    assert Opvangvraag.objects.get(pk=blijft.pk).volgende_ingediend_op == gewist.ingediend_op
    assert rapport(loket).totaal.aantallen == voor == getallen(totaal=1)


def test_tweede_aanvaarding_na_annulering_laat_het_rapport_kiezen(bouw, loket, medewerker):
    vraag = bouw.vraag(start="2019-06-01", dagen="4")
    dag = timezone.make_aware(datetime.datetime(2019, 3, 1, 10))

    def voorstel_en_aanvaarding(start, nu):
        voorstel = voorstel_doen(
            vraag=vraag, locatie=LocatieFactory(), door=medewerker, startdatum=start, weekschema="DDDD---", nu=nu
        )
        return voorstel_aanvaarden(voorstel=voorstel, door=None, nu=nu + datetime.timedelta(hours=1))

    eerste = voorstel_en_aanvaarding(datetime.date(2019, 6, 1), dag)
    assert not Opvangvraag.objects.get(pk=vraag.pk).meerdere_aanvaard
    toewijzing_annuleren(voorstel=eerste, door=medewerker, reden="verhuisd", nu=dag + datetime.timedelta(days=2))
    voorstel_en_aanvaarding(datetime.date(2019, 9, 1), dag + datetime.timedelta(days=3))
    assert Opvangvraag.objects.get(pk=vraag.pk).meerdere_aanvaard
    assert rapport(loket).totaal.aantallen == getallen(totaal=1, later_gestart=1)


def test_migratie_vult_de_kolommen_zoals_telvelden_bijwerken(bouw, loket):
    eerste = bouw.vraag(start="2019-06-01", voornaam="Lena", ingediend="2019-01-10", kwetsbaar=True, zorg=True)
    bouw.vraag(start="2019-06-01", voornaam="LENA", ingediend="2019-02-10")
    bouw.vraag(start="2020-06-01", voornaam="Lena", ingediend="2019-03-10")  # another year
    bouw.voorstel(eerste, voorgesteld="2019-03-01", antwoord="geweigerd", beantwoord="2019-03-02")
    bouw.voorstel(
        eerste,
        voorgesteld="2019-02-01",
        start="2019-06-01",
        antwoord="aanvaard",
        beantwoord="2019-02-02",
        status="geannuleerd",
        afgesloten="2019-02-20",
    )
    bouw.voorstel(eerste, voorgesteld="2019-04-01", start="2019-06-01", antwoord="aanvaard", beantwoord="2019-04-02")
    verwacht = list(Opvangvraag.objects.order_by("pk").values_list("pk", *TELVELDEN))
    assert verwacht[0][1:] == (True, True, moment("2019-02-01"), moment("2019-02-10"), True)
    Opvangvraag.objects.update(
        kwetsbaar_gezin=False,
        specifieke_zorgbehoefte=False,
        eerste_voorstel_op=None,
        volgende_ingediend_op=None,
        meerdere_aanvaard=False,
    )
    migratie = importlib.import_module("aanmelding.migrations.0006_telvelden")
    # The models as that migration saw them (the offers were still the aanbod app's then).
    historisch = MigrationLoader(connection).project_state(("aanmelding", "0006_telvelden")).apps
    migratie.telvelden_vullen(historisch, None)
    assert list(Opvangvraag.objects.order_by("pk").values_list("pk", *TELVELDEN)) == verwacht


def test_verouderd_kind_object_telt_de_opgeslagen_identiteit_opnieuw(bouw, loket):
    bouw.vraag(start="2019-06-01", voornaam="Lena", ingediend="2019-01-10")
    mila = bouw.vraag(start="2019-06-01", voornaam="Mila", ingediend="2019-02-10")
    oud = Kind.objects.get(pk=mila.kind_id)
    hernoemd = Kind.objects.get(pk=mila.kind_id)
    hernoemd.voornaam = "Lena"
    hernoemd.save()
    assert rapport(loket).totaal.aantallen["totaal"] == 1
    oud.specifieke_zorgbehoefte = True
    oud.save()  # writes "Mila" back
    assert rapport(loket).totaal.aantallen["totaal"] == 2
