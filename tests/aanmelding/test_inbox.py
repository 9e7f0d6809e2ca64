"""The provider inbox: only requests that chose the provider (or shared urgent ones), no family identity,
the desk's priority order, the first-reaction deadline, "gezien" on first opening; outsiders get 404."""

import datetime
import re

import pytest
from django.utils import timezone

from aanmelding.models import Gezien
from aanmelding.queries import gezien_door_aanbieders
from loket.logboek import logregels_voor
from tests.factories import OpvangvraagFactory, OuderFactory, VoorkeurFactory, VrijePlaatsFactory

pytestmark = pytest.mark.django_db

DAG = datetime.timedelta(days=1)


def gekozen_vraag(loket, locatie, *, rang=1, **velden):
    vraag = OpvangvraagFactory(gezin__loket=loket, **velden)
    VoorkeurFactory(vraag=vraag, locatie=locatie, rang=rang)
    return vraag


def test_inbox_toont_gekozen_open_vragen_zonder_identiteit(client, loket, locatie, aanbieder, andere_aanbieder):
    vraag = gekozen_vraag(
        loket,
        locatie,
        referentie="GEKOZEN",
        kind__voornaam="Zoë",
        kind__achternaam="Vermeulen",
        gezin__straat="Lindelaan 7",
    )
    OuderFactory(gezin=vraag.gezin, voornaam="Griet", achternaam="Vermeulen", telefoon="0499 88 77 66")
    gekozen_vraag(loket, locatie, referentie="TOEGEWEZEN", status="toegewezen")
    OpvangvraagFactory(gezin__loket=loket, referentie="NIET-GEKOZEN")
    client.force_login(aanbieder)
    tekst = client.get("/aanbieder/inbox/").text
    assert ("GEKOZEN" in tekst, "TOEGEWEZEN" in tekst, "NIET-GEKOZEN" in tekst) == (True, False, False)
    for persoonlijk in ("Zoë", "Vermeulen", "Griet", "Lindelaan", "0499 88 77 66", "@example.be"):
        assert persoonlijk not in tekst
    assert f"keuze 1: {locatie.naam}" in tekst
    client.force_login(andere_aanbieder)
    assert "GEKOZEN" not in client.get("/aanbieder/inbox/").text


def test_inbox_volgorde_dringend_voorrang_wachttijd(client, loket, locatie, aanbieder):
    nu = timezone.now()
    gekozen_vraag(loket, locatie, referentie="GEWOON-OUD", ingediend_op=nu - 30 * DAG)
    gekozen_vraag(loket, locatie, referentie="GEWOON-NIEUW", ingediend_op=nu - DAG)
    gekozen_vraag(loket, locatie, referentie="VOORRANG", vg_pleegkind=True, ingediend_op=nu)
    gekozen_vraag(loket, locatie, referentie="DRINGEND", dringend=True, dringend_reden="crisis", ingediend_op=nu)
    client.force_login(aanbieder)
    tekst = client.get("/aanbieder/inbox/").text
    volgorde = sorted(["GEWOON-OUD", "GEWOON-NIEUW", "VOORRANG", "DRINGEND"], key=tekst.index)
    assert volgorde == ["DRINGEND", "VOORRANG", "GEWOON-OUD", "GEWOON-NIEUW"]


def test_inbox_reactietermijn_afgeteld(client, loket, locatie, aanbieder):
    ingediend = timezone.now() - 5 * DAG
    gekozen_vraag(loket, locatie, ingediend_op=ingediend)
    gekozen_vraag(loket, locatie, ingediend_op=timezone.now() - 30 * DAG)
    client.force_login(aanbieder)
    tekst = client.get("/aanbieder/inbox/").text
    tegen = timezone.localtime(ingediend).date() + 21 * DAG
    assert f"{tegen:%d/%m/%Y}" in tekst
    assert "nog 16 dagen" in tekst
    assert "termijn verstreken" in tekst


def test_inbox_gedeelde_dringende_vraag_alleen_als_loket_deelt(client, loket, locatie, aanbieder):
    OpvangvraagFactory(gezin__loket=loket, referentie="DRINGEND-GEDEELD", dringend=True, dringend_reden="crisis")
    client.force_login(aanbieder)
    assert "DRINGEND-GEDEELD" not in client.get("/aanbieder/inbox/").text
    loket.dringend_delen = True
    loket.save()
    tekst = client.get("/aanbieder/inbox/").text
    assert "DRINGEND-GEDEELD" in tekst
    assert "gedeeld door het loket" in tekst


def test_inbox_vast_aantal_queries(client, loket, locatie, aanbieder, django_assert_num_queries):
    VrijePlaatsFactory(locatie=locatie)
    gekozen_vraag(loket, locatie)
    client.force_login(aanbieder)
    client.get("/aanbieder/inbox/")
    with django_assert_num_queries(8):
        assert client.get("/aanbieder/inbox/").status_code == 200
    for _ in range(9):
        gekozen_vraag(loket, locatie, vg_laag_inkomen=True)
        VrijePlaatsFactory(locatie=locatie)
    with django_assert_num_queries(8):
        response = client.get("/aanbieder/inbox/")
    assert len(re.findall(r'href="/aanbieder/inbox/\d+/"', response.text)) == 10


def test_vraag_openen_markeert_gezien_eenmaal(client, loket, locatie, tweede_locatie, aanbieder):
    vraag = gekozen_vraag(loket, tweede_locatie, rang=1)
    VoorkeurFactory(vraag=vraag, locatie=locatie, rang=2)
    client.force_login(aanbieder)
    assert client.get(f"/aanbieder/inbox/{vraag.pk}/").status_code == 200
    assert client.get(f"/aanbieder/inbox/{vraag.pk}/").status_code == 200
    [gezien] = gezien_door_aanbieders(vraag)
    assert (gezien.organisator, gezien.locatie, gezien.gebruiker) == (locatie.organisator, tweede_locatie, aanbieder)
    assert [r.actie for r in logregels_voor(vraag)] == [
        "opvangvraag.gezien",
        "opvangvraag.bekeken",
        "opvangvraag.bekeken",
    ]
    assert "nieuw</span>" not in client.get("/aanbieder/inbox/").text


def test_vraag_openen_door_collega_telt_niet_opnieuw(client, loket, tweede_locatie, aanbieder, locatie_aanbieder):
    vraag = gekozen_vraag(loket, tweede_locatie)
    client.force_login(locatie_aanbieder)
    client.get(f"/aanbieder/inbox/{vraag.pk}/")
    client.force_login(aanbieder)
    client.get(f"/aanbieder/inbox/{vraag.pk}/")
    assert list(Gezien.objects.values_list("gebruiker__email", flat=True)) == ["stip@bolleke.be"]


@pytest.mark.parametrize("persona", ["andere_aanbieder", "locatie_aanbieder"])
def test_vraag_van_andere_aanbieder_404_en_niet_gezien(client, request, persona, loket, locatie):
    vraag = gekozen_vraag(loket, locatie)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/aanbieder/inbox/{vraag.pk}/").status_code == 404
    assert client.post(f"/aanbieder/inbox/{vraag.pk}/doorverwijzen/", {"reden": "geen_plaats"}).status_code == 404
    assert Gezien.objects.count() == 0
    assert list(logregels_voor(vraag)) == []


def test_vraag_detail_toont_passing_met_eigen_vrije_plaatsen(client, loket, locatie, aanbieder):
    vraag = gekozen_vraag(loket, locatie, weekschema="DDDD---")
    VrijePlaatsFactory(locatie=locatie, vanaf=vraag.gewenste_startdatum, weekschema="DDDDD--")
    client.force_login(aanbieder)
    tekst = client.get(f"/aanbieder/inbox/{vraag.pk}/").text
    assert "Alle gevraagde dagen passen (ma, di, wo, do)." in tekst
    assert vraag.kind.voornaam not in tekst


def test_inbox_weigert_loketmedewerker(client, medewerker):
    client.force_login(medewerker)
    assert client.get("/aanbieder/inbox/").status_code == 403


@pytest.mark.parametrize("aantal", [1, 10])
def test_passende_aanvragen_voor_vrije_plaats_vast_aantal_queries(
    client, loket, locatie, aanbieder, aantal, django_assert_num_queries
):
    plaats = VrijePlaatsFactory(locatie=locatie, weekschema="DDDDD--")
    for _ in range(aantal):
        vraag = gekozen_vraag(loket, locatie, weekschema="DDD----")
        plaats.vanaf = vraag.gewenste_startdatum
    plaats.save()
    OpvangvraagFactory(gezin__loket=loket, referentie="NIET-ZICHTBAAR")
    client.force_login(aanbieder)
    client.get("/aanbieder/")
    with django_assert_num_queries(9):
        response = client.get(f"/aanbieder/vrije-plaats/{plaats.pk}/kandidaten/")
    assert len(response.context["kandidaten"]) == aantal
    assert "NIET-ZICHTBAAR" not in response.text
