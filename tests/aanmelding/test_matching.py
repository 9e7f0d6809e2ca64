"""Matching: the ranking of candidate locations for a request, and of requests for a free place (hand-built cases)."""

import datetime
import random
from decimal import Decimal

import pytest
from django.utils import timezone

from aanbod.models import Locatie
from aanmelding.matching import (
    ATYPISCH,
    GEBIED,
    GEMEENTE,
    VOORKEUR,
    Vraagprofiel,
    beoordelen,
    kandidaten_voor_vraag,
    leeftijd_in_maanden,
    punten,
    vragen_voor_vrije_plaats,
)
from aanmelding.models import Opvangvraag
from loket.datums import maanden_later
from tests.factories import (
    ANTWERPEN,
    DESTELBERGEN,
    GENT,
    LocatieFactory,
    LoketFactory,
    OpvangvraagFactory,
    VoorkeurFactory,
    VrijePlaatsFactory,
    gemeente,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 9, 1)
DAG = datetime.timedelta(days=1)


@pytest.fixture
def nu():
    return timezone.make_aware(datetime.datetime(2026, 6, 1, 12, 0))


def vraag_voor(loket, **velden):
    """A request in Gent for a child of 6 months on 1 September 2026, Monday to Thursday."""
    velden.setdefault("kind__geboortedatum", datetime.date(2026, 3, 1))
    velden.setdefault("weekschema", "DDDD---")
    velden.setdefault("gewenste_startdatum_origineel", START)
    return OpvangvraagFactory(gezin__loket=loket, **velden)


def plaats(naam, *, nu, vanaf=START, weekschema="DDDDD--", gemeente_nis=GENT, bevestigd=None, **velden):
    locatie_velden = {k[len("locatie__") :]: velden.pop(k) for k in list(velden) if k.startswith("locatie__")}
    locatie = LocatieFactory(naam=naam, gemeente=gemeente(gemeente_nis), **locatie_velden)
    return VrijePlaatsFactory(
        locatie=locatie, vanaf=vanaf, weekschema=weekschema, bevestigd_op=bevestigd or nu - DAG, **velden
    )


def test_leeftijd_in_maanden_telt_volle_maanden():
    geboren = datetime.date(2026, 1, 15)
    assert [
        leeftijd_in_maanden(geboren, datetime.date(2026, 2, 14)),
        leeftijd_in_maanden(geboren, datetime.date(2026, 2, 15)),
        leeftijd_in_maanden(datetime.date(2026, 1, 31), datetime.date(2026, 2, 28)),
        leeftijd_in_maanden(geboren, datetime.date(2027, 7, 15)),
        leeftijd_in_maanden(geboren, datetime.date(2026, 1, 14)),
    ] == [0, 1, 1, 18, -1]


def test_kandidaten_voor_vraag_rangschikt_voorkeur_gemeente_gebied(loket, nu):
    vraag = vraag_voor(loket)
    perfect_gekozen = plaats("A gekozen", nu=nu)
    zonder_plaats = LocatieFactory(naam="B gekozen zonder plaats")
    VoorkeurFactory(vraag=vraag, locatie=zonder_plaats, rang=1)
    VoorkeurFactory(vraag=vraag, locatie=perfect_gekozen.locatie, rang=2)
    later_minder_dagen = plaats("C later, 2 dagen", nu=nu, vanaf=START + 20 * DAG, weekschema="DD-----")
    verouderd = plaats("D verouderd", nu=nu, bevestigd=nu - 30 * DAG)
    plaats("E Destelbergen", nu=nu, gemeente_nis=DESTELBERGEN)
    plaats("F veel te laat", nu=nu, vanaf=START + 45 * DAG)
    plaats("G Antwerpen", nu=nu, gemeente_nis=ANTWERPEN)
    plaats("H alleen peuters", nu=nu, leeftijdsgroep="peuter")
    plaats("I inactief", nu=nu, locatie__actief=False)
    plaats("J weekend", nu=nu, weekschema="-----DD")
    plaats("K volzet", nu=nu, aantal=0)

    kandidaten = kandidaten_voor_vraag(vraag, nu=nu)

    assert [(k.locatie.naam, k.groep, k.past, k.score, k.verouderd) for k in kandidaten] == [
        ("A gekozen", VOORKEUR, True, 12, False),
        ("B gekozen zonder plaats", VOORKEUR, False, 6, False),
        ("C later, 2 dagen", GEMEENTE, True, 9, False),
        ("D verouderd", GEMEENTE, True, 9, True),
        ("E Destelbergen", GEBIED, True, 12, False),
    ]
    assert [r.tekst for r in kandidaten[0].redenen] == [
        "Vrij vanaf 01/09/2026, op tijd voor de gewenste start.",
        "Alle gevraagde dagen passen (ma, di, wo, do).",
        "Leeftijd bij de start: 6 maanden, dat past.",
    ]
    assert [r.oordeel for r in kandidaten[2].redenen] == ["deels", "deels", "past"]
    assert [r.tekst for r in kandidaten[2].redenen][:2] == [
        "Vrij vanaf 21/09/2026: 20 dagen na de gewenste start.",
        "2 van de 4 gevraagde dagen passen; niet: wo, do.",
    ]
    assert kandidaten[3].redenen[-1].tekst == "Verouderd: niet meer bevestigd sinds 02/05/2026."
    assert (kandidaten[2].plaats, kandidaten[1].plaats) == (later_minder_dagen, None)
    assert kandidaten[3].plaats == verouderd


def test_kandidaten_inkomenstarief_telt_als_gezin_het_nodig_heeft(loket, nu):
    vraag = vraag_voor(loket, gezin__laag_inkomen=True)
    plaats("Zonder tarief", nu=nu)
    plaats("Met tarief", nu=nu, locatie__inkomenstarief=True)
    kandidaten = kandidaten_voor_vraag(vraag, nu=nu)
    assert [(k.locatie.naam, k.score) for k in kandidaten] == [("Met tarief", 12), ("Zonder tarief", 10)]
    assert kandidaten[1].redenen[-1].tekst == "Geen inkomensgerelateerd tarief, en het gezin heeft dat nodig."


def test_kandidaten_inkomenstarief_maakt_niet_uit_zonder_nood(loket, nu):
    vraag = vraag_voor(loket)
    plaats("Zonder tarief", nu=nu)
    plaats("Met tarief", nu=nu, locatie__inkomenstarief=True)
    assert [(k.locatie.naam, k.score) for k in kandidaten_voor_vraag(vraag, nu=nu)] == [
        ("Met tarief", 12),
        ("Zonder tarief", 12),
    ]


def test_kandidaten_atypische_uren_gevraagd(loket, nu):
    vraag = vraag_voor(loket, na_18u=True, zaterdag=True)
    plaats("Niets", nu=nu)
    plaats("Na 18u", nu=nu, locatie__na_18u=True)
    plaats("Beide", nu=nu, locatie__na_18u=True, locatie__zaterdag=True)
    kandidaten = kandidaten_voor_vraag(vraag, nu=nu)
    assert [(k.locatie.naam, k.score) for k in kandidaten] == [("Beide", 12), ("Na 18u", 11), ("Niets", 10)]
    assert [r.tekst for r in kandidaten[1].redenen][-2:] == ["Biedt opvang na 18 uur.", "Geen opvang op zaterdag."]


def test_kandidaten_ongeboren_kind_past_niet(loket, nu):
    vraag = vraag_voor(loket, kind__geboortedatum=START + 30 * DAG, kind__verwacht=True)
    gekozen = plaats("Gekozen", nu=nu)
    VoorkeurFactory(vraag=vraag, locatie=gekozen.locatie)
    plaats("Andere", nu=nu)
    [kandidaat] = kandidaten_voor_vraag(vraag, nu=nu)
    assert (kandidaat.locatie.naam, kandidaat.past) == ("Gekozen", False)
    assert "Het kind is bij de start nog niet geboren." in [r.tekst for r in kandidaat.redenen]


def test_kandidaten_leeftijdsbereik_van_de_locatie(loket, nu):
    vraag = vraag_voor(loket, kind__geboortedatum=datetime.date(2024, 1, 1))  # 32 months at the start
    plaats("Tot 30 maanden", nu=nu, locatie__leeftijd_tot_maanden=30)
    plaats("Tot 36 maanden", nu=nu)
    assert [k.locatie.naam for k in kandidaten_voor_vraag(vraag, nu=nu)] == ["Tot 36 maanden"]


def test_kandidaten_beperkt_tot_eigen_locaties_toont_alles(loket, locatie, nu):
    vraag = vraag_voor(loket)
    VrijePlaatsFactory(locatie=locatie, vanaf=START + 60 * DAG, bevestigd_op=nu)
    plaats("Vreemd", nu=nu)
    [kandidaat] = kandidaten_voor_vraag(vraag, nu=nu, locaties=type(locatie).objects.filter(pk=locatie.pk))
    assert (kandidaat.locatie, kandidaat.past, kandidaat.groep) == (locatie, False, GEMEENTE)


def test_kandidaten_vaste_aantal_queries(loket, nu, django_assert_num_queries):
    vraag = vraag_voor(loket)
    VoorkeurFactory(vraag=vraag, locatie=plaats("Gekozen", nu=nu).locatie)
    with django_assert_num_queries(8):
        assert len(kandidaten_voor_vraag(vraag, nu=nu)) == 1
    for nummer in range(9):
        gekozen = plaats(f"Locatie {nummer}", nu=nu, gemeente_nis=GENT if nummer % 2 else DESTELBERGEN)
        if nummer < 3:
            VoorkeurFactory(vraag=vraag, locatie=gekozen.locatie, rang=nummer + 2)
    with django_assert_num_queries(8):
        assert len(kandidaten_voor_vraag(vraag, nu=nu)) == 10


def test_vragen_voor_vrije_plaats_rangschikt_zoals_het_loket(loket, nu):
    vrije = plaats("Hier", nu=nu)
    gekozen = vraag_voor(loket, referentie="R1")
    VoorkeurFactory(vraag=gekozen, locatie=vrije.locatie)
    dringend = vraag_voor(loket, referentie="R2", dringend=True, ingediend_op=nu)
    vroeg = vraag_voor(loket, referentie="R3", ingediend_op=nu - 90 * DAG)
    laat = vraag_voor(loket, referentie="R4", ingediend_op=nu - DAG)
    voorrang = vraag_voor(loket, referentie="R5", vg_alleenstaande_ouder=True, ingediend_op=nu)
    vraag_voor(loket, referentie="R6", gezin__gemeente=gemeente(DESTELBERGEN))
    vraag_voor(loket, referentie="R7", weekschema="-----DD")  # no day fits
    vraag_voor(loket, referentie="R8", gewenste_startdatum_origineel=START - 45 * DAG)  # place 45 days late
    vraag_voor(loket, referentie="R9", status="toegewezen")

    kandidaten = vragen_voor_vrije_plaats(vrije, vragen=Opvangvraag.objects.all(), nu=nu)

    assert [(k.vraag.referentie, k.groep) for k in kandidaten] == [
        ("R1", VOORKEUR),
        ("R2", GEMEENTE),
        ("R5", GEMEENTE),
        ("R3", GEMEENTE),
        ("R4", GEMEENTE),
        ("R6", GEBIED),
    ]
    assert {gekozen.pk, dringend.pk, vroeg.pk, laat.pk, voorrang.pk} <= {k.vraag.pk for k in kandidaten}


def test_vragen_voor_vrije_plaats_alleen_uit_de_gegeven_vragen(loket, nu, django_assert_num_queries):
    vrije = plaats("Hier", nu=nu)
    zichtbaar = vraag_voor(loket, referentie="ZICHTBAAR")
    vraag_voor(loket, referentie="ANDER")
    with django_assert_num_queries(4):
        kandidaten = vragen_voor_vrije_plaats(vrije, vragen=Opvangvraag.objects.filter(pk=zichtbaar.pk), nu=nu)
    assert [k.vraag.referentie for k in kandidaten] == ["ZICHTBAAR"]


def test_punten_en_beoordelen_geven_hetzelfde_op_willekeurige_gevallen(nu):
    """The fast first pass of the ranking (punten) and the scoring with reasons (beoordelen) agree."""
    rnd = random.Random(2026)
    schemas = ["DDDDD--", "DDD----", "VVVVV--", "NN-----", "-------", "DVNDV--", "-----DD"]
    for _ in range(3000):
        start = START + rnd.randrange(-40, 40) * DAG
        vraag = Vraagprofiel(
            pk=1,
            start=start,
            weekschema=(schema := rnd.choice(schemas)),
            gevraagd=tuple(i for i, code in enumerate(schema) if code != "-"),
            dagen_per_week=rnd.choice([1.0, 2.5, 4.0, 5.0]),
            atypisch=tuple(m for m in ATYPISCH if rnd.random() < 0.3),
            atypisch_zonder_detail=rnd.random() < 0.1,
            geboortedatum=start - rnd.randrange(-90, 1200) * DAG,
            tarief_nodig=rnd.random() < 0.3,
            gemeente_id=1,
            geldig_dagen=14,
            uiterlijk=maanden_later(start),
            vroegst=maanden_later(start, -1),
        )
        locatie = {
            "id": 1,
            "naam": "L",
            "gemeente_id": 1,
            "inkomenstarief": rnd.random() < 0.5,
            "leeftijd_van_maanden": rnd.choice([0, 0, 3, 18]),
            "leeftijd_tot_maanden": rnd.choice([36, 30, 12]),
            **{m: rnd.random() < 0.3 for m in ATYPISCH},
        }
        plaats = (
            None
            if rnd.random() < 0.1
            else {
                "id": 1,
                "locatie_id": 1,
                "vanaf": START + rnd.randrange(-80, 80) * DAG,
                "weekschema": rnd.choice(schemas[:-2] + ["DDDDD--"]),
                "leeftijdsgroep": rnd.choice(["alle", "baby", "peuter"]),
                "aantal": 1,
                "bevestigd_op": nu - rnd.randrange(0, 30) * DAG,
                "geldig_dagen": rnd.choice([None, 7, 14]),
            }
        )
        volledig = beoordelen(vraag, locatie, plaats, nu=nu)
        assert punten(vraag, locatie, plaats, nu=nu) == (volledig.score, volledig.past, volledig.verouderd)


@pytest.mark.parametrize("zaad", [1, 2, 3])
def test_rangschikking_in_sql_gelijk_aan_python(loket, nu, zaad):
    """The area ranked by the database gives the same candidates, points and order as `punten` in Python."""
    rnd = random.Random(zaad)
    LoketFactory(code="kort", gebied=[DESTELBERGEN], vrije_plaatsen_geldig_dagen=5)
    schemas = ["DDDDD--", "DDD----", "VVVVV--", "NN-----", "DVNDV--", "-----DD", "D------"]
    for nummer in range(40):
        locatie = LocatieFactory(
            naam=f"L{nummer % 7}",  # equal names: the tie-breaks must agree too
            gemeente=gemeente(rnd.choice([GENT, GENT, DESTELBERGEN, ANTWERPEN])),
            inkomenstarief=rnd.random() < 0.5,
            leeftijd_van_maanden=rnd.choice([0, 0, 3, 12]),
            leeftijd_tot_maanden=rnd.choice([36, 36, 24, 12]),
            voor_7u=rnd.random() < 0.3,
            na_18u=rnd.random() < 0.3,
            zaterdag=rnd.random() < 0.2,
            actief=rnd.random() < 0.95,
        )
        for _ in range(rnd.randrange(0, 4)):
            VrijePlaatsFactory(
                locatie=locatie,
                vanaf=START + rnd.randrange(-60, 50) * DAG,
                weekschema=rnd.choice(schemas),
                leeftijdsgroep=rnd.choice(["alle", "baby", "peuter"]),
                aantal=rnd.choice([0, 1, 2]),
                bevestigd_op=nu - rnd.randrange(0, 25) * DAG,
            )
    locaties = list(Locatie.objects.all())
    uit_het_gebied = 0
    for _ in range(8):
        schema = rnd.choice(schemas[:5] + ["-------"])
        vraag = vraag_voor(
            loket,
            weekschema=schema,
            gewenste_startdatum_origineel=START + rnd.randrange(-20, 20) * DAG,
            kind__geboortedatum=START - rnd.randrange(-40, 800) * DAG,
            dagen_per_week_origineel=Decimal(rnd.choice(["2.5", "4", "5"])),
            na_18u=rnd.random() < 0.3,
            voor_7u=rnd.random() < 0.2,
            gezin__hulp_inkomenstarief=rnd.random() < 0.3,
            gezin__gemeente=gemeente(rnd.choice([GENT, DESTELBERGEN])),
        )
        for rang, locatie in enumerate(rnd.sample(locaties, rnd.randrange(0, 3)), start=1):
            VoorkeurFactory(vraag=vraag, locatie=locatie, rang=rang)
        for per_groep in (3, 10):

            def samenvatting(methode, vraag=vraag, per_groep=per_groep):
                return [
                    (k.groep, k.locatie_id, k.plaats_id, k.score, k.past, k.verouderd)
                    for k in kandidaten_voor_vraag(vraag, nu=nu, per_groep=per_groep, methode=methode)
                ]

            in_sql = samenvatting("sql")
            assert in_sql == samenvatting("python")
            uit_het_gebied += sum(1 for groep, *_rest in in_sql if groep != VOORKEUR)
    assert uit_het_gebied >= 40  # the comparison covered many ranked candidates, not empty lists


def test_redenen_enkelvoud_bij_een_dag_of_maand():
    """ "1 dagen" and "1 maanden" were the plural with 1."""
    import datetime as dt

    from aanmelding.matching import _DAGEN_NA_START, _LEEFTIJD_PAST, Reden

    datum = dt.date(2027, 3, 1)
    assert Reden("deels", _DAGEN_NA_START, {"datum": datum, "aantal": 1}).tekst == (
        "Vrij vanaf 01/03/2027: 1 dag na de gewenste start."
    )
    assert Reden("deels", _DAGEN_NA_START, {"datum": datum, "aantal": 3}).tekst == (
        "Vrij vanaf 01/03/2027: 3 dagen na de gewenste start."
    )
    assert Reden("past", _LEEFTIJD_PAST, {"maanden": 1}).tekst == "Leeftijd bij de start: 1 maand, dat past."
