"""The policy dashboard's numbers against a small hand-built desk (tests/rapportage/beleid_data.py)."""

import datetime
from unittest import mock

import pytest

from aanmelding.models import Doorverwijzing, Kind, rijksregister_hash
from loket.logboek import logregel_schrijven
from loket.models import Gemeente
from rapportage.beleid import Keuze, dashboard, peilmomenten, percentiel
from rapportage.queries import rapport_kg
from tests.factories import DESTELBERGEN, GENT
from tests.rapportage.beleid_data import DASHBOARD_QUERIES, NU, _vraag, bouwen
from tests.rapportage.conftest import moment

pytestmark = pytest.mark.django_db

JAAR_2024 = {"van": datetime.date(2024, 1, 1), "tot": datetime.date(2024, 12, 1)}


@pytest.fixture
def data(loket):
    objecten = bouwen(loket)
    # Het Bolleke confirmed its free places on 1 December 2024 (fresh for 14 days after).
    with mock.patch("django.utils.timezone.now", return_value=moment("2024-12-01 12:00")):
        logregel_schrijven(door=None, actie="vrije_plaats.bevestigd", object=objecten["bolleke"])
    Doorverwijzing.objects.create(
        loket=loket,
        organisator=objecten["rakker"].organisator,
        locatie=objecten["rakker"],
        reden="geen_plaats",
        naam="Familie X",
        telefoon="0470 00 00 00",
        toestemming_op=moment("2024-07-02"),
    )
    Doorverwijzing.objects.filter(locatie=objecten["rakker"]).update(aangemaakt_op=moment("2024-07-02"))
    return objecten


def _figuren(loket, **keuze):
    overzicht = dashboard(Keuze(loket=loket, nu=NU, **(JAAR_2024 | keuze)))
    return {f.sleutel: f.tabel for f in overzicht.figuren()}


def _rij(tabel, naam):
    return next(rij for rij in [*tabel.rijen, *([tabel.totaal] if tabel.totaal else [])] if rij[0] == naam)


def test_vraag_per_maand(loket, data):
    tabellen = _figuren(loket)
    vraag = tabellen["vraag"]
    # Lena in January and again in March (the same child: no new child in March), Noah in February,
    # Emma and Mila in May.
    assert vraag.kolom("vragen") == [1, 1, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0]
    assert vraag.kolom("kinderen") == [1, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]
    assert vraag.totaal[1:] == [5, 4]
    assert tabellen["kanaal"].totaal[1:] == [1, 1, 1, 1, 1, 0]  # online, counter, phone, referrer, provider, import
    # Age at the desired start: Lena 10 months (twice), Noah 4.5, Emma 10.5, Mila 10.
    assert tabellen["leeftijd"].totaal[1:] == [1, 4, 0, 0, 0]
    assert tabellen["dagen"].totaal[1:] == [0, 1, 3, 1]
    assert tabellen["atypisch"].totaal[1:] == [0, 0, 1, 0, 1]
    assert tabellen["categorie"].totaal[1:] == [1, 0, 1, 0]  # urgent Emma, vulnerable Noah


def test_nieuw_kind_volgt_de_sleutel_van_het_rapport(loket, data):
    """A child registered again under another spelling with the same national register number is
    the same child (Kind.sleutel, as in the report): a request in June, but no new child."""
    lena = Kind.objects.get(voornaam="Lena")
    Kind.objects.filter(pk=lena.pk).update(rijksregister_hash=rijksregister_hash("23110112345"))
    variant = _vraag(
        loket,
        voornaam="Leena",
        achternaam="Peters",
        geboren="2023-11-01",
        gemeente=GENT,
        ingediend="2024-06-03",
        start="2024-10-01",
        kanaal="balie",
    )
    kind = variant.kind
    kind.rijksregister_hash = rijksregister_hash("23.11.01-123.45")
    kind.save()

    vraag = _figuren(loket)["vraag"]
    assert vraag.kolom("vragen")[5] == 1
    assert vraag.kolom("kinderen") == [1, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]


def test_aanbod_per_gemeente(loket, data):
    aanbod = _figuren(loket)["aanbod"]
    # Destelbergen: De Rakker's 2 free places are stale; the moved request (Noah) now counts in Gent.
    assert _rij(aanbod, "Destelbergen") == ["Destelbergen", 10, 0, 2, 0, 0, 0, 0.0, 0, 0]
    # Gent: open are Lena's second request and Emma's (her assignment fell through), both wanted already.
    assert _rij(aanbod, "Gent") == ["Gent", 18, 3, 0, 2, 2, 2, 2 / 3, 18, 1]
    assert aanbod.totaal == ["Totaal", 28, 3, 2, 2, 2, 2, 0.4, 18, 1]


def test_onbeantwoord_doorheen_de_tijd(loket, data):
    tabel = _figuren(loket)["onbeantwoord"]
    assert [rij[0] for rij in tabel.rijen][0] == "31/01/2024"
    assert [rij[0] for rij in tabel.rijen][-1] == "28/02/2025"
    # totaal, zonder voorstel, voorstel niet aanvaard, later gestart, minder dagen
    assert tabel.rijen[0][1:] == [1, 1, 0, 0, 0]  # Lena, no offer yet
    assert tabel.rijen[1][1:] == [2, 1, 0, 0, 0]  # Lena assigned, Noah without offer
    assert tabel.rijen[2][1:] == [2, 2, 0, 0, 0]  # Lena's second registration counts now, without offer
    assert tabel.rijen[3][1:] == [2, 1, 0, 1, 0]  # Noah assigned two months late
    assert tabel.rijen[5][1:] == [3, 1, 0, 1, 1]  # Mila assigned with fewer days
    assert tabel.rijen[-1][1:] == [3, 1, 0, 1, 1]


def test_februari_is_het_jaarrapport(loket, data):
    tabel = _figuren(loket)["onbeantwoord"]
    rapport = rapport_kg(loket=loket, jaar=2024)
    assert tabel.rijen[-1][1:] == [rapport.totaal.aantallen[k] for k in rapport.totaal.aantallen]


def test_wachttijden(loket, data):
    tabellen = _figuren(loket)
    tabel = tabellen["wachttijden"]
    februari = tabel.rijen[1]
    assert februari[1:5] == [1, 22, 22, 22]  # Lena: first offer 22 days after registering
    assert februari[5:9] == [1, 26, 26, 26]  # and assigned after 26 days
    juni = tabel.rijen[5]
    # Emma's (fell through: not an assignment) and Mila's offers; only Mila's assignment.
    assert juni[1:5] == [2, 21, 22, 22]
    assert juni[5:9] == [1, 23, 23, 23]
    assert tabel.totaal[5:9] == [3, 26, 42, 42]
    assert tabellen["lang_open"].rijen == [["open vragen", 2, 2, 2, 2]]


def test_intergemeentelijk(loket, data):
    tabellen = _figuren(loket)
    matrix = tabellen["intergemeentelijk"]
    kolommen = [k.titel for k in matrix.kolommen]
    assert kolommen[:4] == ["Gemeente van het gezin", "Destelbergen", "Gent", "Lochristi"]
    # Emma's assignment fell through: not counted. Noah (moved to Gent) found care in Lochristi.
    assert _rij(matrix, "Destelbergen")[1:] == [1, 0, 0, 1, 1, 0, 0, 0.0, 0.0]
    assert _rij(matrix, "Gent")[1:] == [0, 1, 1, 2, 1, 0, 1, 0.5, 0.5]
    locaties = tabellen["opvang_van_buiten"]
    assert locaties.rijen == [
        ["De Rakker", "Destelbergen", 1, 0, 0.0],
        ["Het Bolleke", "Gent", 1, 0, 0.0],
        ["Lochristi Kids", "Lochristi", 1, 1, 1.0],
    ]


def test_deelname_aanbieders(loket, data):
    tabel = _figuren(loket)["aanbieders"]
    rakker = _rij_locatie(tabel, "De Rakker")
    bolleke = _rij_locatie(tabel, "Het Bolleke")
    # fresh days, reactions, median reaction, offers made, accepted, walk-ins, referrals
    assert rakker[3:] == [0.0, 2, 21, 2, 2, 1, 1]
    assert bolleke[3:] == [15 / 366, 1, 22, 1, 1, 0, 0]


def _rij_locatie(tabel, naam):
    return next(rij for rij in tabel.rijen if rij[1] == naam)


def test_bereik_kwetsbare_gezinnen(loket, data):
    tabellen = _figuren(loket)
    bereik = tabellen["bereik"]
    assert bereik.rijen[0] == ["alle gezinnen", 5, 1, 0.2, 2, 0.4]
    assert bereik.rijen[1] == ["kwetsbare gezinnen", 1, 1, 1.0, 0, 0.0]
    onbeantwoord = tabellen["bereik_onbeantwoord"]
    assert onbeantwoord.rijen == [["alle gezinnen", 3, 1, 1 / 3, 2], ["kwetsbare gezinnen", 1, 0, 0.0, 1]]


def test_een_gemeente(loket, data):
    tabellen = _figuren(loket, gemeente=Gemeente.objects.get(nis=DESTELBERGEN))
    assert tabellen["vraag"].totaal[1:] == [1, 1]  # Mila; Noah's request counts in Gent now
    assert [rij[0] for rij in tabellen["aanbod"].rijen] == ["Destelbergen"]
    assert tabellen["onbeantwoord"].rijen[-1][1:] == [1, 0, 0, 0, 1]
    gent = _figuren(loket, gemeente=Gemeente.objects.get(nis=GENT))
    assert gent["onbeantwoord"].rijen[-1][1:] == [2, 1, 0, 1, 0]


def test_van_tot_maanden(loket, data):
    tabellen = _figuren(loket, van=datetime.date(2024, 5, 1), tot=datetime.date(2024, 7, 1))
    assert [rij[0] for rij in tabellen["vraag"].rijen] == ["Mei 2024", "Jun 2024", "Jul 2024"]
    assert tabellen["vraag"].totaal[1:] == [2, 2]
    assert [rij[0] for rij in tabellen["onbeantwoord"].rijen] == ["31/05/2024", "30/06/2024", "31/07/2024"]


def test_peilmomenten_niet_in_de_toekomst(loket):
    keuze = Keuze(loket=loket, van=datetime.date(2025, 1, 1), tot=datetime.date(2025, 12, 1), nu=NU)
    assert peilmomenten(keuze) == [datetime.date(2025, m, d) for m, d in ((1, 31), (2, 28), (3, 31), (4, 30), (5, 31))]


def test_percentiel():
    assert percentiel({}, 0.5) is None
    assert percentiel({3: 1, 10: 1, 20: 2}, 0.5) == 10
    assert percentiel({3: 1, 10: 1, 20: 2}, 0.9) == 20


def test_afgeschermd_toont_kleine_aantallen_als_minder_dan_5(loket, data):
    overzicht = dashboard(Keuze(loket=loket, nu=NU, **JAAR_2024)).voor_beleid()
    tabellen = {f.sleutel: f.tabel for f in overzicht.figuren()}
    assert tabellen["vraag"].totaal[1:] == [5, "<5"]
    assert tabellen["vraag"].rijen[1][1:] == ["<5", "<5"]
    assert tabellen["vraag"].rijen[3][1:] == [0, 0]
    # A median over fewer than 5 reactions is not shown either.
    assert tabellen["wachttijden"].rijen[1][1:5] == ["<5", "–", "–", "–"]
    assert tabellen["aanbod"].totaal[1] == 28  # places are not families: not masked
    for tabel in tabellen.values():
        for rij in [*tabel.rijen, *([tabel.totaal] if tabel.totaal else [])]:
            for waarde, kolom in zip(rij, tabel.kolommen, strict=True):
                if kolom.soort == "aantal":
                    assert not (isinstance(waarde, int) and 0 < waarde < 5), (tabel.sleutel, rij)


@pytest.mark.parametrize("maanden", [1, 12])
def test_aantal_queries_vast(loket, data, django_assert_num_queries, maanden):
    """The same number of queries for one month or twelve, one municipality or two."""
    keuze = Keuze(loket=loket, van=datetime.date(2024, 1, 1), tot=datetime.date(2024, maanden, 1), nu=NU)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        dashboard(keuze)


def test_aantal_queries_vast_met_meer_gemeenten(loket, data, django_assert_num_queries):
    from tests.factories import EVERGEM, LOCHRISTI, gemeente

    loket.werkingsgebied.add(gemeente(LOCHRISTI), gemeente(EVERGEM))
    with django_assert_num_queries(DASHBOARD_QUERIES):
        dashboard(Keuze(loket=loket, nu=NU, **JAAR_2024))
