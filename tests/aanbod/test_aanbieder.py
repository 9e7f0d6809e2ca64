"""The provider portal, supply side: profile, free places in one screen; outsiders get 404; fixed query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from aanbod.models import VrijePlaats
from loket.logboek import logregels_voor
from loket.models import Logregel
from tests.factories import VrijePlaatsFactory

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate()
DAG = datetime.timedelta(days=1)


def plaats_post(prefix, *, vanaf=None, aantal="2", leeftijdsgroep="alle", weekschema="DDDDD--"):
    data = {
        f"{prefix}-vanaf": (vanaf or VANDAAG).isoformat(),
        f"{prefix}-aantal": aantal,
        f"{prefix}-leeftijdsgroep": leeftijdsgroep,
    }
    for index, code in enumerate(weekschema):
        data[f"{prefix}-weekschema_{index}"] = code
    return data


def test_bevestigen_met_een_klik(client, aanbieder, locatie):
    plaats = VrijePlaatsFactory(locatie=locatie, bevestigd_op=timezone.now() - 20 * DAG)
    client.force_login(aanbieder)
    response = client.post(f"/aanbieder/locatie/{locatie.pk}/vrije-plaatsen/bevestigen/")
    assert (response.status_code, response.url) == (302, "/aanbieder/")
    plaats.refresh_from_db()
    assert timezone.now() - plaats.bevestigd_op < datetime.timedelta(minutes=1)
    assert plaats.bevestigd_door == aanbieder
    assert [r.actie for r in logregels_voor(locatie)] == ["vrije_plaats.bevestigd"]


def test_bevestigen_dat_de_server_niet_leest_bevestigt_niets(client, aanbieder, locatie, settings):
    """A POST the server refuses to read (too many fields: 400) confirms nothing (found by
    tests/test_fuzz_paginas.py: the confirmation was written before the form was read)."""
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    plaats = VrijePlaatsFactory(locatie=locatie, bevestigd_op=timezone.now() - 20 * DAG)
    client.force_login(aanbieder)
    velden = {f"p{i}": "1" for i in range(20)}
    assert client.post(f"/aanbieder/locatie/{locatie.pk}/vrije-plaatsen/bevestigen/", velden).status_code == 400
    plaats.refresh_from_db()
    assert timezone.now() - plaats.bevestigd_op > 19 * DAG
    assert Logregel.objects.count() == 0


@pytest.mark.parametrize("persona", ["andere_aanbieder", "locatie_aanbieder"])
def test_bevestigen_andermans_locatie_404(client, request, persona, locatie):
    plaats = VrijePlaatsFactory(locatie=locatie, bevestigd_op=timezone.now() - 20 * DAG)
    client.force_login(request.getfixturevalue(persona))
    assert client.post(f"/aanbieder/locatie/{locatie.pk}/vrije-plaatsen/bevestigen/").status_code == 404
    plaats.refresh_from_db()
    assert timezone.now() - plaats.bevestigd_op > 19 * DAG
    assert Logregel.objects.count() == 0


def test_vrije_plaats_toevoegen_via_scherm(client, aanbieder, locatie):
    client.force_login(aanbieder)
    response = client.post(
        f"/aanbieder/locatie/{locatie.pk}/vrije-plaatsen/nieuw/", plaats_post("nieuw", weekschema="DDV----")
    )
    assert (response.status_code, response.url) == (302, f"/aanbieder/locatie/{locatie.pk}/vrije-plaatsen/")
    [plaats] = VrijePlaats.objects.filter(locatie=locatie)
    assert (plaats.aantal, plaats.weekschema, plaats.vanaf, plaats.bevestigd_door) == (2, "DDV----", VANDAAG, aanbieder)


@pytest.mark.parametrize(
    ("aantal", "vanaf", "melding"),
    [
        ("-2", VANDAAG, "Geef minstens 1 vrije plaats op."),
        ("5000", VANDAAG, "Meer dan 200 vrije plaatsen op één locatie is niet mogelijk."),
        ("19", VANDAAG, "Meer vrije plaatsen dan vergunde plaatsen (18) is niet mogelijk."),
        ("veel", VANDAAG, "Voer een geheel getal in."),
        ("2", VANDAAG - 8 * DAG, "Deze datum ligt meer dan een week in het verleden."),
    ],
)
def test_vrije_plaats_toevoegen_slechte_invoer_duidelijke_melding_niets_bewaard(
    client, aanbieder, locatie, aantal, vanaf, melding
):
    client.force_login(aanbieder)
    response = client.post(
        f"/aanbieder/locatie/{locatie.pk}/vrije-plaatsen/nieuw/", plaats_post("nieuw", aantal=aantal, vanaf=vanaf)
    )
    assert response.status_code == 400
    assert melding in response.text
    assert "De vrije plaats is niet bewaard." in response.text
    assert VrijePlaats.objects.count() == 0
    assert Logregel.objects.count() == 0


@pytest.mark.parametrize("persona", ["andere_aanbieder", "locatie_aanbieder", "medewerker"])
def test_vrije_plaats_toevoegen_voor_andermans_locatie_geweigerd(client, request, persona, locatie):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(f"/aanbieder/locatie/{locatie.pk}/vrije-plaatsen/nieuw/", plaats_post("nieuw"))
    assert response.status_code == (403 if persona == "medewerker" else 404)
    assert VrijePlaats.objects.count() == 0


def test_vrije_plaats_wijzigen_en_verwijderen_via_scherm(client, aanbieder, locatie):
    plaats = VrijePlaatsFactory(locatie=locatie, aantal=2)
    client.force_login(aanbieder)
    prefix = f"plaats-{plaats.pk}"
    response = client.post(f"/aanbieder/vrije-plaats/{plaats.pk}/wijzigen/", plaats_post(prefix, aantal="0"))
    assert response.status_code == 302
    plaats.refresh_from_db()
    assert plaats.aantal == 0
    response = client.post(f"/aanbieder/vrije-plaats/{plaats.pk}/verwijderen/")
    assert (response.status_code, VrijePlaats.objects.count()) == (302, 0)
    assert [r.actie for r in logregels_voor(locatie)] == ["vrije_plaats.verwijderd"]


def test_vrije_plaats_wijzigen_fout_toont_scherm_met_fout_bij_die_plaats(client, aanbieder, locatie):
    plaats = VrijePlaatsFactory(locatie=locatie, aantal=2)
    client.force_login(aanbieder)
    response = client.post(
        f"/aanbieder/vrije-plaats/{plaats.pk}/wijzigen/", plaats_post(f"plaats-{plaats.pk}", aantal="-1")
    )
    assert response.status_code == 400
    assert "Het aantal plaatsen kan niet negatief zijn." in response.text
    plaats.refresh_from_db()
    assert plaats.aantal == 2


@pytest.mark.parametrize("persona", ["andere_aanbieder", "locatie_aanbieder"])
def test_vrije_plaats_van_ander_wijzigen_of_verwijderen_404(client, request, persona, locatie):
    plaats = VrijePlaatsFactory(locatie=locatie, aantal=2)
    client.force_login(request.getfixturevalue(persona))
    prefix = f"plaats-{plaats.pk}"
    assert (
        client.post(f"/aanbieder/vrije-plaats/{plaats.pk}/wijzigen/", plaats_post(prefix, aantal="9")).status_code
        == 404
    )
    assert client.post(f"/aanbieder/vrije-plaats/{plaats.pk}/verwijderen/").status_code == 404
    assert client.get(f"/aanbieder/vrije-plaats/{plaats.pk}/kandidaten/").status_code == 404
    assert client.get(f"/aanbieder/locatie/{locatie.pk}/vrije-plaatsen/").status_code == 404
    plaats.refresh_from_db()
    assert plaats.aantal == 2


def test_vrije_plaatsen_scherm_vast_aantal_queries(client, aanbieder, locatie, django_assert_num_queries):
    client.force_login(aanbieder)
    VrijePlaatsFactory(locatie=locatie)
    client.get(f"/aanbieder/locatie/{locatie.pk}/vrije-plaatsen/")  # session write after login
    with django_assert_num_queries(8):
        assert client.get(f"/aanbieder/locatie/{locatie.pk}/vrije-plaatsen/").status_code == 200
    for _ in range(9):
        VrijePlaatsFactory(locatie=locatie)
    with django_assert_num_queries(8):
        response = client.get(f"/aanbieder/locatie/{locatie.pk}/vrije-plaatsen/")
    assert response.text.count(">Wijzigen</button>") == 10


def test_profiel_wijzigen_logt_wijzigingen(client, aanbieder, locatie):
    client.force_login(aanbieder)
    data = {
        "type": "gezinsopvang",
        "straat": "Kerkstraat 5",
        "postcode": "9000",
        "erkende_plaatsen": "8",
        "inkomenstarief": "on",
        "leeftijd_van_maanden": "0",
        "leeftijd_tot_maanden": "36",
        "email": "bolleke@example.be",
        "telefoon": "09 111 22 33",
        "omschrijving": "Kleine groep, grote tuin.",
        "na_18u": "on",
        "ma_van": "07:00",
        "ma_tot": "18:30",
    }
    response = client.post(f"/aanbieder/locatie/{locatie.pk}/", data)
    assert response.status_code == 302
    locatie.refresh_from_db()
    assert (locatie.type, locatie.erkende_plaatsen, locatie.inkomenstarief, locatie.na_18u) == (
        "gezinsopvang",
        8,
        True,
        True,
    )
    assert locatie.openingsuren == {"ma": "07:00-18:30"}
    [regel] = logregels_voor(locatie)
    assert regel.actie == "locatie.gewijzigd"
    assert regel.details["erkende_plaatsen"] == [18, 8]
    assert regel.details["openingsuren"] == [{}, {"ma": "07:00-18:30"}]
    assert "naam" not in regel.details


def test_profiel_slechte_invoer_bewaart_niets(client, aanbieder, locatie):
    client.force_login(aanbieder)
    data = {
        "type": "groepsopvang",
        "postcode": "90",
        "erkende_plaatsen": "-4",
        "leeftijd_van_maanden": "30",
        "leeftijd_tot_maanden": "12",
        "di_van": "18:00",
        "di_tot": "07:00",
        "wo_van": "07:00",
    }
    response = client.post(f"/aanbieder/locatie/{locatie.pk}/", data)
    assert response.status_code == 200
    for melding in (
        "Een postcode heeft 4 cijfers.",
        "De leeftijd &#x27;tot&#x27; moet groter zijn dan de leeftijd &#x27;vanaf&#x27;.",
        "Het sluitingsuur moet na het openingsuur liggen.",
        "Vul beide uren in, of geen van beide (gesloten).",
    ):
        assert melding in response.text
    locatie.refresh_from_db()
    assert (locatie.erkende_plaatsen, locatie.postcode) == (18, "9000")
    assert Logregel.objects.count() == 0


@pytest.mark.parametrize("persona", ["andere_aanbieder", "locatie_aanbieder"])
def test_profiel_van_andere_locatie_404(client, request, persona, locatie):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/aanbieder/locatie/{locatie.pk}/").status_code == 404
    assert client.post(f"/aanbieder/locatie/{locatie.pk}/", {"type": "gezinsopvang"}).status_code == 404


def test_aanbiederpagina_weigert_andere_rollen(client, medewerker, andere_ouder, locatie):
    for gebruiker in (medewerker, andere_ouder):
        client.force_login(gebruiker)
        assert client.get(reverse("aanbod:profiel", args=[locatie.pk])).status_code == 403
