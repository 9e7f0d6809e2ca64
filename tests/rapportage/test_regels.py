"""DESIGN.md's report rules, one hand-computed scenario each (year 2019, P = 2020-02-29 unless said)."""

import datetime
import itertools

import pytest

from loket.datums import maanden_later
from rapportage.queries import (
    KOLOMMEN,
    Peiling,
    rapport_kg,
    standaard_formaat,
    standaard_peildatum,
    vragen_in_cel,
    vragen_met_waarschuwing,
)
from tests.factories import ANTWERPEN, DESTELBERGEN, GENT

pytestmark = pytest.mark.django_db

NUL = dict.fromkeys(KOLOMMEN, 0)


def getallen(**aantallen):
    return {**NUL, **aantallen}


def totaal(loket, jaar=2019, **opties):
    rapport = rapport_kg(loket=loket, jaar=jaar, **opties)
    controleer_doorklikken(rapport)
    return {k: rapport.totaal.aantallen[k] for k in KOLOMMEN}


def controleer_doorklikken(rapport):
    """Every number equals the length of the list behind it (same rules, other query)."""
    controleer_telvelden(rapport.peiling)
    for rij in rapport.gemeenten:
        gemeente = "geen" if rij.gemeente_id is None else rij.gemeente_id
        for kolom in KOLOMMEN:
            vragen = vragen_in_cel(rapport.peiling, kolom=kolom, gemeente=gemeente)
            assert vragen.count() == rij.aantallen[kolom], (rij.naam, kolom)
            for categorie in rapport.categorieen:
                vragen = vragen_in_cel(rapport.peiling, kolom=kolom, gemeente=gemeente, categorie=categorie)
                assert vragen.count() == rij.categorieen[categorie][kolom], (rij.naam, kolom, categorie)


def controleer_telvelden(peiling):
    """The request columns the report reads (telvelden_bijwerken) agree with the rules worked out here."""
    populatie = list(peiling.populatie().select_related("kind", "gezin").prefetch_related("voorstellen"))
    laatste = {}
    for vraag in sorted(populatie, key=lambda v: (v.ingediend_op, v.aangemaakt_op, v.pk)):
        # The child's key (Kind.sleutel): also one child once one of its families was anonymised.
        laatste[vraag.kind.sleutel] = vraag.pk
    assert set(peiling.tellende_vragen().values_list("pk", flat=True)) == set(laatste.values())
    for vraag in populatie:
        voorstellen = vraag.voorstellen.all()
        verwacht = (
            vraag.gezin.kwetsbaar,
            vraag.kind.specifieke_zorgbehoefte,
            min((v.voorgesteld_op for v in voorstellen), default=None),
            sum(v.antwoord == "aanvaard" for v in voorstellen) > 1,
        )
        opgeslagen = (
            vraag.kwetsbaar_gezin,
            vraag.specifieke_zorgbehoefte,
            vraag.eerste_voorstel_op,
            vraag.meerdere_aanvaard,
        )
        assert opgeslagen == verwacht, vraag.referentie


def test_standaard_peildatum_is_laatste_dag_van_februari():
    assert standaard_peildatum(2019) == datetime.date(2020, 2, 29)
    assert standaard_peildatum(2020) == datetime.date(2021, 2, 28)


def test_standaard_formaat_volgt_het_jaar():
    assert [standaard_formaat(j) for j in (2018, 2019, 2020, 2023, 2024, 2030)] == [
        "2019",
        "2019",
        "2020",
        "2020",
        "2024",
        "2024",
    ]


@pytest.mark.parametrize(
    ("datum", "verwacht"),
    [
        ("2019-01-31", "2019-02-28"),
        ("2020-01-31", "2020-02-29"),
        ("2020-01-30", "2020-02-29"),
        ("2019-01-28", "2019-02-28"),
        ("2019-03-31", "2019-04-30"),
        ("2019-05-31", "2019-06-30"),
        ("2019-12-31", "2020-01-31"),
        ("2019-08-26", "2019-09-26"),
    ],
)
def test_een_maand_later_klemt_op_laatste_dag(datum, verwacht):
    assert maanden_later(datetime.date.fromisoformat(datum)) == datetime.date.fromisoformat(verwacht)


def test_startdatum_op_1_januari_en_31_december_telt_mee(bouw, loket):
    bouw.vraag(start="2018-12-31")
    bouw.vraag(start="2019-01-01")
    bouw.vraag(start="2019-12-31")
    bouw.vraag(start="2020-01-01")
    assert totaal(loket) == getallen(totaal=2, zonder_voorstel=2)


def test_ingediend_op_peildatum_telt_erna_niet(bouw, loket):
    bouw.vraag(start="2019-06-01", ingediend="2020-02-29 23:59")
    # 00:10 Belgian time on 1 March is still 29 February in UTC: the Belgian date decides.
    bouw.vraag(start="2019-06-01", ingediend="2020-03-01 00:10")
    assert totaal(loket) == getallen(totaal=1, zonder_voorstel=1)


def test_andere_peildatum_verschuift_de_grens(bouw, loket):
    bouw.vraag(start="2019-06-01", ingediend="2019-05-01")
    bouw.vraag(start="2019-06-01", ingediend="2019-05-02")
    assert totaal(loket, peildatum=datetime.date(2019, 5, 1)) == getallen(totaal=1, zonder_voorstel=1)


def test_voorstel_na_peildatum_telt_niet(bouw, loket):
    vraag = bouw.vraag(start="2019-06-01")
    bouw.voorstel(
        vraag, voorgesteld="2020-03-01 00:30", start="2020-04-01", antwoord="aanvaard", beantwoord="2020-03-02"
    )
    assert totaal(loket) == getallen(totaal=1, zonder_voorstel=1)


def test_voorstel_op_peildatum_nog_open_is_niet_aanvaard(bouw, loket):
    vraag = bouw.vraag(start="2019-06-01")
    bouw.voorstel(vraag, voorgesteld="2020-02-29 23:30", start="2019-06-01")
    assert totaal(loket) == getallen(totaal=1, voorstel_niet_aanvaard=1)


def test_aanvaarding_na_peildatum_stond_nog_open(bouw, loket):
    vraag = bouw.vraag(start="2019-06-01", dagen="4")
    bouw.voorstel(
        vraag,
        voorgesteld="2020-02-20",
        start="2020-04-01",
        dagen="2",
        antwoord="aanvaard",
        beantwoord="2020-03-01 00:05",
    )
    assert totaal(loket) == getallen(totaal=1, voorstel_niet_aanvaard=1)


def test_aanvaarding_op_peildatum_telt(bouw, loket):
    vraag = bouw.vraag(start="2019-06-01")
    bouw.voorstel(
        vraag, voorgesteld="2020-02-20", start="2019-06-01", antwoord="aanvaard", beantwoord="2020-02-29 23:55"
    )
    assert totaal(loket) == getallen(totaal=1)


def test_weigering_na_peildatum_stond_nog_open(bouw, loket):
    vraag = bouw.vraag(start="2019-06-01")
    bouw.voorstel(vraag, voorgesteld="2020-02-20", antwoord="geweigerd", beantwoord="2020-03-03")
    assert totaal(loket) == getallen(totaal=1, voorstel_niet_aanvaard=1)


@pytest.mark.parametrize(
    ("jaar", "gewenst", "gestart", "later"),
    [
        (2019, "2019-03-15", "2019-04-15", 1),  # exactly one month
        (2019, "2019-03-15", "2019-04-14", 0),  # one day short
        (2019, "2019-01-31", "2019-02-28", 1),  # 31 Jan -> 28 Feb
        (2019, "2019-01-31", "2019-02-27", 0),
        (2019, "2019-01-29", "2019-02-28", 1),  # clamped too
        (2020, "2020-01-31", "2020-02-29", 1),  # leap year: 29 Feb
        (2020, "2020-01-31", "2020-02-28", 0),
        (2020, "2020-01-29", "2020-02-29", 1),
        (2020, "2020-01-29", "2020-02-28", 0),
        (2019, "2019-05-31", "2019-06-30", 1),
        (2019, "2019-05-31", "2019-06-29", 0),
        (2019, "2019-12-31", "2020-01-31", 1),  # over the year boundary
        (2019, "2019-12-31", "2020-01-30", 0),
        (2019, "2019-08-26", "2019-10-01", 1),
        (2019, "2019-08-26", "2019-08-01", 0),  # earlier than asked
    ],
)
def test_minstens_een_maand_later_gestart(bouw, loket, jaar, gewenst, gestart, later):
    vraag = bouw.vraag(start=gewenst, ingediend=f"{jaar - 1}-06-01")
    bouw.voorstel(
        vraag, voorgesteld=f"{jaar - 1}-12-01", start=gestart, antwoord="aanvaard", beantwoord=f"{jaar - 1}-12-02"
    )
    assert totaal(loket, jaar=jaar) == getallen(totaal=1, later_gestart=later)


@pytest.mark.parametrize("jaar", [2019, 2020])
def test_later_gestart_sql_gelijk_aan_python(bouw, loket, jaar):
    """The SQL month rule agrees with maanden_later() around the threshold of every month end."""
    verwacht = 0
    gevallen = []
    for maand, dag in itertools.product(range(1, 13), (1, 15, 28, 29, 30, 31)):
        try:
            gewenst = datetime.date(jaar, maand, dag)
        except ValueError:
            continue
        drempel = maanden_later(gewenst)
        for verschuiving in (-1, 0, 1):
            gestart = drempel + datetime.timedelta(days=verschuiving)
            gevallen.append((gewenst, gestart))
            verwacht += gestart >= drempel
    for gewenst, gestart in gevallen:
        vraag = bouw.vraag(start=gewenst.isoformat(), ingediend=f"{jaar - 1}-06-01")
        bouw.voorstel(
            vraag,
            voorgesteld=f"{jaar - 1}-12-01",
            start=gestart.isoformat(),
            antwoord="aanvaard",
            beantwoord=f"{jaar - 1}-12-02",
        )
    rapport = rapport_kg(loket=loket, jaar=jaar)
    assert rapport.totaal.aantallen["totaal"] == len(gevallen)
    assert rapport.totaal.aantallen["later_gestart"] == verwacht


@pytest.mark.parametrize(
    ("gevraagd", "aangeboden", "minder"), [("4", "4", 0), ("4", "3.5", 1), ("4", "5", 0), ("2.5", "2", 1)]
)
def test_minder_dagen_vergelijkt_met_oorspronkelijke_vraag(bouw, loket, gevraagd, aangeboden, minder):
    vraag = bouw.vraag(start="2019-06-01", dagen=gevraagd)
    bouw.voorstel(vraag, start="2019-06-01", dagen=aangeboden, antwoord="aanvaard", beantwoord="2019-03-02")
    assert totaal(loket) == getallen(totaal=1, minder_dagen=minder)


def test_minder_dagen_negeert_latere_wijziging_van_de_vraag(bouw, loket):
    vraag = bouw.vraag(start="2019-06-01", dagen="4")
    vraag.dagen_per_week = 3
    vraag.save(update_fields=["dagen_per_week"])
    bouw.voorstel(vraag, start="2019-06-01", dagen="3", antwoord="aanvaard", beantwoord="2019-03-02")
    assert totaal(loket) == getallen(totaal=1, minder_dagen=1)


def test_beide_afwijkingen_tellen_in_beide_kolommen(bouw, loket):
    vraag = bouw.vraag(start="2019-06-01", dagen="5")
    bouw.voorstel(vraag, start="2019-09-01", dagen="3", antwoord="aanvaard", beantwoord="2019-03-02")
    assert totaal(loket) == getallen(totaal=1, later_gestart=1, minder_dagen=1)


@pytest.mark.parametrize("reden", ["elders_opvang_gevonden", "niet_meer_nodig", "vervallen", "andere"])
def test_ingetrokken_telt_alleen_in_totaal(bouw, loket, reden):
    bouw.vraag(start="2019-06-01", intrek_reden=reden, ingetrokken_op="2019-05-01")
    met_voorstel = bouw.vraag(start="2019-06-01", intrek_reden=reden, ingetrokken_op="2020-02-29 23:00")
    bouw.voorstel(met_voorstel, antwoord="geweigerd", beantwoord="2019-03-03")
    assert totaal(loket) == getallen(totaal=2)


def test_ingetrokken_zonder_opvang_gevonden_blijft_onbeantwoord(bouw, loket):
    bouw.vraag(start="2019-06-01", intrek_reden="geen_opvang_gevonden", ingetrokken_op="2019-05-01")
    met_voorstel = bouw.vraag(start="2019-06-01", intrek_reden="geen_opvang_gevonden", ingetrokken_op="2019-05-01")
    bouw.voorstel(met_voorstel, status="verlopen", afgesloten="2019-03-12")
    assert totaal(loket) == getallen(totaal=2, zonder_voorstel=1, voorstel_niet_aanvaard=1)


def test_ingetrokken_na_peildatum_telt_als_open(bouw, loket):
    bouw.vraag(start="2019-06-01", intrek_reden="elders_opvang_gevonden", ingetrokken_op="2020-03-01 00:30")
    assert totaal(loket) == getallen(totaal=1, zonder_voorstel=1)


def test_toewijzing_geannuleerd_voor_peildatum_is_voorstel_niet_aanvaard(bouw, loket):
    vraag = bouw.vraag(start="2019-06-01")
    bouw.voorstel(
        vraag,
        start="2019-09-01",
        antwoord="aanvaard",
        beantwoord="2019-03-02",
        status="geannuleerd",
        afgesloten="2020-02-29 20:00",
    )
    assert totaal(loket) == getallen(totaal=1, voorstel_niet_aanvaard=1)


def test_toewijzing_geannuleerd_na_peildatum_stond_nog(bouw, loket):
    vraag = bouw.vraag(start="2019-06-01")
    bouw.voorstel(
        vraag,
        start="2019-09-01",
        antwoord="aanvaard",
        beantwoord="2019-03-02",
        status="geannuleerd",
        afgesloten="2020-03-01 00:30",
    )
    assert totaal(loket) == getallen(totaal=1, later_gestart=1)


def test_geannuleerd_en_later_opnieuw_aanvaard_telt_het_laatste(bouw, loket):
    vraag = bouw.vraag(start="2019-06-01", dagen="4")
    bouw.voorstel(
        vraag,
        voorgesteld="2019-03-01",
        start="2019-06-01",
        dagen="2",
        antwoord="aanvaard",
        beantwoord="2019-03-02",
        status="geannuleerd",
        afgesloten="2019-04-01",
    )
    bouw.voorstel(
        vraag, voorgesteld="2019-04-05", start="2019-08-01", dagen="4", antwoord="aanvaard", beantwoord="2019-04-06"
    )
    assert totaal(loket) == getallen(totaal=1, later_gestart=1)


def test_van_twee_staande_aanvaardingen_telt_de_laatst_beantwoorde(bouw, loket):
    vraag = bouw.vraag(start="2019-06-01", dagen="4")
    # Imported history can hold two accepted offers; the one answered last decides.
    bouw.voorstel(
        vraag,
        voorgesteld="2019-03-10",
        start="2019-06-01",
        dagen="3",
        antwoord="aanvaard",
        beantwoord="2019-04-01",
        status="geannuleerd",
        afgesloten="2020-05-01",
    )
    bouw.voorstel(
        vraag, voorgesteld="2019-03-01", start="2019-09-01", dagen="4", antwoord="aanvaard", beantwoord="2019-04-02"
    )
    assert totaal(loket) == getallen(totaal=1, later_gestart=1)


def test_gelijk_beantwoord_dan_telt_het_laatst_voorgestelde(bouw, loket):
    vraag = bouw.vraag(start="2019-06-01", dagen="4")
    bouw.voorstel(
        vraag,
        voorgesteld="2019-03-10",
        start="2019-06-01",
        dagen="3",
        antwoord="aanvaard",
        beantwoord="2019-04-01",
        status="geannuleerd",
        afgesloten="2020-05-01",
    )
    bouw.voorstel(
        vraag, voorgesteld="2019-03-01", start="2019-09-01", dagen="4", antwoord="aanvaard", beantwoord="2019-04-01"
    )
    assert totaal(loket) == getallen(totaal=1, minder_dagen=1)


def test_gelijk_beantwoord_en_voorgesteld_dan_telt_het_laatst_aangemaakte(bouw, loket):
    vraag = bouw.vraag(start="2019-06-01", dagen="4")
    bouw.voorstel(
        vraag,
        start="2019-06-01",
        dagen="3",
        antwoord="aanvaard",
        beantwoord="2019-04-01",
        status="geannuleerd",
        afgesloten="2020-05-01",
    )
    bouw.voorstel(vraag, start="2019-09-01", dagen="4", antwoord="aanvaard", beantwoord="2019-04-01")
    assert totaal(loket) == getallen(totaal=1, later_gestart=1)


def test_aanvaard_zonder_startdatum_is_niet_later(bouw, loket):
    vraag = bouw.vraag(start="2019-06-01")
    bouw.voorstel(vraag, start=None, antwoord="aanvaard", beantwoord="2019-03-02")
    assert totaal(loket) == getallen(totaal=1)


def test_geweigerd_daarna_aanvaard_is_beantwoord(bouw, loket):
    vraag = bouw.vraag(start="2019-06-01")
    bouw.voorstel(vraag, voorgesteld="2019-03-01", antwoord="geweigerd", beantwoord="2019-03-02")
    bouw.voorstel(vraag, voorgesteld="2019-03-05", start="2019-06-01", antwoord="aanvaard", beantwoord="2019-03-06")
    bouw.voorstel(vraag, voorgesteld="2019-02-01", status="verlopen", afgesloten="2019-02-12")
    assert totaal(loket) == getallen(totaal=1)


def test_zelfde_kind_twee_keer_telt_eenmaal_de_laatst_ingediende(bouw, loket):
    eerste = bouw.vraag(
        start="2019-06-01", voornaam="Léna", achternaam="Peeters", ingediend="2019-01-10", gemeente=GENT
    )
    bouw.voorstel(eerste, start="2019-09-01", antwoord="aanvaard", beantwoord="2019-03-02")
    bouw.vraag(
        start="2019-07-01", voornaam="  lena ", achternaam="PEETERS  ", ingediend="2019-02-10", gemeente=DESTELBERGEN
    )
    bouw.vraag(start="2019-07-01", voornaam="Lena", achternaam="Peeters", geboren="2018-12-02", ingediend="2019-01-01")
    rapport = rapport_kg(loket=loket, jaar=2019)
    controleer_doorklikken(rapport)
    per_gemeente = {rij.naam: rij.aantallen for rij in rapport.gemeenten}
    assert per_gemeente == {
        "Destelbergen": getallen(totaal=1, zonder_voorstel=1),
        "Gent": getallen(totaal=1, zonder_voorstel=1),  # the other birth date is another child
    }


def test_zelfde_kind_gelijk_ingediend_telt_het_laatst_aangemaakte(bouw, loket):
    bouw.vraag(start="2019-06-01", voornaam="Noah", achternaam="De Smet", ingediend="2019-01-10 10:00", gemeente=GENT)
    later = bouw.vraag(
        start="2019-06-01", voornaam="noah", achternaam="de  smet", ingediend="2019-01-10 10:00", gemeente=DESTELBERGEN
    )
    bouw.voorstel(later, antwoord="geweigerd", beantwoord="2019-03-02")
    assert totaal(loket) == getallen(totaal=1, voorstel_niet_aanvaard=1)
    rapport = rapport_kg(loket=loket, jaar=2019)
    assert [rij.naam for rij in rapport.gemeenten if rij.aantallen["totaal"]] == ["Destelbergen"]


def test_zelfde_kind_ingediend_na_peildatum_verdringt_niet(bouw, loket):
    bouw.vraag(start="2019-06-01", voornaam="Mila", ingediend="2019-01-10")
    bouw.vraag(start="2019-06-01", voornaam="MILA", ingediend="2020-03-05", gemeente=ANTWERPEN)
    assert totaal(loket) == getallen(totaal=1, zonder_voorstel=1)
    assert [rij.naam for rij in rapport_kg(loket=loket, jaar=2019).gemeenten] == ["Destelbergen", "Gent"]


def test_zelfde_kind_in_twee_jaren_telt_in_elk_jaar(bouw, loket):
    bouw.vraag(start="2019-06-01", voornaam="Arthur", ingediend="2019-01-10")
    bouw.vraag(start="2020-01-15", voornaam="arthur", ingediend="2019-12-10")
    assert totaal(loket, jaar=2019) == getallen(totaal=1, zonder_voorstel=1)
    assert totaal(loket, jaar=2020) == getallen(totaal=1, zonder_voorstel=1)


def test_andere_loketten_tellen_niet(bouw, loket, ander_loket):
    andere = type(bouw)(ander_loket)
    andere.vraag(start="2019-06-01", gemeente=ANTWERPEN)
    assert totaal(loket) == NUL


def test_gemeente_buiten_werkingsgebied_en_zonder_gemeente_krijgen_een_rij(bouw, loket):
    bouw.vraag(start="2019-06-01", gemeente=ANTWERPEN)
    bouw.vraag(start="2019-06-01", gemeente=None)
    bouw.vraag(start="2019-06-01", gemeente=GENT)
    rapport = rapport_kg(loket=loket, jaar=2019)
    controleer_doorklikken(rapport)
    assert [(rij.nis, rij.naam, rij.in_werkingsgebied, rij.aantallen["totaal"]) for rij in rapport.gemeenten] == [
        ("44013", "Destelbergen", True, 0),
        ("44021", "Gent", True, 1),
        ("11002", "Antwerpen", False, 1),
        (None, "zonder gemeente", False, 1),
    ]
    assert rapport.totaal.aantallen["totaal"] == 3


def test_categorieen_formaat_2020(bouw, loket):
    bouw.vraag(start="2019-06-01", dringend=True, dringend_reden="crisis")
    bouw.vraag(start="2019-06-01", zaterdag=True)
    bouw.vraag(start="2019-06-01", atypisch_zonder_detail=True, vg_pleegkind=True)
    bouw.vraag(start="2019-06-01", vg_zonder_detail=True)
    kwetsbaar = bouw.vraag(start="2019-06-01", kwetsbaar=True)
    bouw.voorstel(kwetsbaar, antwoord="geweigerd", beantwoord="2019-03-02")
    zorg = bouw.vraag(start="2019-06-01", zorg=True, dagen="5")
    bouw.voorstel(zorg, start="2019-06-01", dagen="3", antwoord="aanvaard", beantwoord="2019-03-02")
    bouw.vraag(start="2019-06-01")
    rapport = rapport_kg(loket=loket, jaar=2019, formaat="2020")
    controleer_doorklikken(rapport)
    assert rapport.categorieen == [
        "dringend",
        "atypisch",
        "voorrangsgroep",
        "kwetsbaar_gezin",
        "specifieke_zorgbehoefte",
    ]
    assert rapport.totaal.categorieen == {
        "dringend": getallen(totaal=1, zonder_voorstel=1),
        "atypisch": getallen(totaal=2, zonder_voorstel=2),
        "voorrangsgroep": getallen(totaal=2, zonder_voorstel=2),
        "kwetsbaar_gezin": getallen(totaal=1, voorstel_niet_aanvaard=1),
        "specifieke_zorgbehoefte": getallen(totaal=1, minder_dagen=1),
    }
    assert rapport.totaal.aantallen == getallen(totaal=7, zonder_voorstel=5, voorstel_niet_aanvaard=1, minder_dagen=1)


def test_formaat_2024_zonder_voorrangsgroep_en_2019_zonder_categorieen(bouw, loket):
    bouw.vraag(start="2024-06-01", ingediend="2024-01-01", vg_laag_inkomen=True, dringend=True, dringend_reden="crisis")
    rapport_2024 = rapport_kg(loket=loket, jaar=2024)
    assert rapport_2024.formaat == "2024"
    assert list(rapport_2024.totaal.categorieen) == [
        "dringend",
        "atypisch",
        "kwetsbaar_gezin",
        "specifieke_zorgbehoefte",
    ]
    assert rapport_2024.totaal.categorieen["dringend"] == getallen(totaal=1, zonder_voorstel=1)
    json_2024 = rapport_2024.als_json()
    assert "voorrangsgroep" not in json_2024["totaal"]["categorieen"]
    rapport_2019 = rapport_kg(loket=loket, jaar=2024, formaat="2019")
    assert "categorieen" not in rapport_2019.als_json()["totaal"]
    assert "categorieen" not in rapport_2019.als_json()["gemeenten"][0]


def test_json_volgt_het_contract(bouw, loket):
    bouw.vraag(start="2019-06-01", gemeente=GENT)
    assert rapport_kg(loket=loket, jaar=2019, formaat="2019").als_json() == {
        "formaat": "2019",
        "jaar": 2019,
        "peildatum": "2020-02-29",
        "loket": {
            "code": "gent",
            "organisator": "Stad Gent",
            "naam": "Lokaal Loket Kinderopvang Gent",
            "dossiernummer": "1234567",
        },
        "gemeenten": [
            {"nis": "44013", "gemeente": "Destelbergen", "in_werkingsgebied": True, **NUL},
            {"nis": "44021", "gemeente": "Gent", "in_werkingsgebied": True, **getallen(totaal=1, zonder_voorstel=1)},
        ],
        "totaal": getallen(totaal=1, zonder_voorstel=1),
    }


def test_uitleg_noemt_de_reden(bouw, loket):
    vraag = bouw.vraag(start="2019-08-26", dagen="4")
    bouw.voorstel(vraag, start="2019-10-01", dagen="3", antwoord="aanvaard", beantwoord="2019-03-02")
    from rapportage.queries import uitleg

    peiling = Peiling.maak(loket=loket, jaar=2019)
    [rij] = vragen_in_cel(peiling, kolom="later_gestart")
    assert uitleg(rij, peiling) == (
        "aanvaard voorstel start 2019-10-01, 5 weken na gewenste start 2019-08-26; "
        "minstens 1 maand later (vanaf 2019-09-26); 3 dagen per week, gevraagd 4"
    )


@pytest.mark.parametrize(
    ("opzet", "verwacht"),
    [
        ({"antwoord": "geweigerd", "beantwoord": "2019-03-02"}, "laatste voorstel: geweigerd"),
        ({"status": "verlopen", "afgesloten": "2019-03-12"}, "laatste voorstel: verlopen"),
        ({}, "laatste voorstel: stond open op de peildatum"),
        (
            {"antwoord": "aanvaard", "beantwoord": "2019-03-02", "status": "geannuleerd", "afgesloten": "2019-04-01"},
            "laatste voorstel: aanvaard, toewijzing geannuleerd op 2019-04-01",
        ),
    ],
)
def test_uitleg_voorstel_niet_aanvaard(bouw, loket, opzet, verwacht):
    from rapportage.queries import uitleg

    vraag = bouw.vraag(start="2019-06-01")
    bouw.voorstel(vraag, **opzet)
    peiling = Peiling.maak(loket=loket, jaar=2019)
    [rij] = vragen_in_cel(peiling, kolom="voorstel_niet_aanvaard")
    assert uitleg(rij, peiling) == verwacht


def test_waarschuwing_dubbels_vindt_zelfde_identiteit_en_gelijkende_naam(bouw, loket):
    bouw.vraag(start="2019-06-01", voornaam="Noah", achternaam="Claes", geboren="2018-03-03")
    bouw.vraag(start="2019-07-01", voornaam=" NOAH", achternaam="claes ", geboren="2018-03-03")  # same identity
    bouw.vraag(start="2019-06-01", voornaam="Mila", achternaam="Janssens", geboren="2018-04-04")
    bouw.vraag(start="2019-06-01", voornaam="Milla", achternaam="JANSSENS", geboren="2018-04-04")  # look-alike
    bouw.vraag(start="2019-06-01", voornaam="Mila", achternaam="Janssens", geboren="2018-04-05")  # another child
    bouw.vraag(start="2020-06-01", voornaam="Noah", achternaam="Claes", geboren="2018-03-03")  # another year
    dubbels = vragen_met_waarschuwing(Peiling.maak(loket=loket, jaar=2019), "dubbels")
    assert sorted((v.kind.voornaam, v.kind.geboortedatum.isoformat()) for v in dubbels) == [
        (" NOAH", "2018-03-03"),
        ("Mila", "2018-04-04"),
        ("Milla", "2018-04-04"),
        ("Noah", "2018-03-03"),
    ]
