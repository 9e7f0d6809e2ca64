"""Desk staff pages of the aanbod app: matching candidates of a request, free places of the area."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from aanbod.matching import kandidaten_voor_vraag
from aanbod.models import VrijePlaats
from tests.factories import (
    LocatieFactory,
    OpvangvoorstelFactory,
    OpvangvraagFactory,
    VoorkeurFactory,
    VrijePlaatsFactory,
)

pytestmark = pytest.mark.django_db

DAG = datetime.timedelta(days=1)


def vraag_met_plaatsen(loket, aantal):
    vraag = OpvangvraagFactory(gezin__loket=loket, weekschema="DDDD---")
    for nummer in range(aantal):
        plaats = VrijePlaatsFactory(
            locatie=LocatieFactory(naam=f"Kandidaat {nummer:02d}"),
            vanaf=vraag.gewenste_startdatum,
            bevestigd_op=timezone.now() - (40 if nummer == 0 else 1) * DAG,
        )
        if nummer < 2:
            VoorkeurFactory(vraag=vraag, locatie=plaats.locatie, rang=nummer + 1)
    return vraag


def test_kandidatenpagina_toont_gerangschikte_locaties_met_redenen(client, loket, medewerker):
    vraag = vraag_met_plaatsen(loket, 3)
    client.force_login(medewerker)
    response = client.get(f"/loket/vraag/{vraag.pk}/kandidaten/")
    assert response.status_code == 200
    tekst = response.text
    assert [k.locatie.naam for k in response.context["kandidaten"]] == ["Kandidaat 01", "Kandidaat 00", "Kandidaat 02"]
    assert "Gekozen door het gezin" in tekst
    assert "Alle gevraagde dagen passen (ma, di, wo, do)." in tekst
    assert tekst.count(">verouderd</span>") == 1


@pytest.mark.parametrize("persona", ["medewerker_ander_loket", "coordinator_ander_loket"])
def test_kandidatenpagina_ander_loket_404(client, request, persona, loket):
    vraag = vraag_met_plaatsen(loket, 1)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/loket/vraag/{vraag.pk}/kandidaten/").status_code == 404


@pytest.mark.parametrize("persona", ["aanbieder", "andere_ouder", "toeleider"])
def test_kandidatenpagina_andere_rollen_403(client, request, persona, loket):
    vraag = vraag_met_plaatsen(loket, 1)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/loket/vraag/{vraag.pk}/kandidaten/").status_code == 403


@pytest.mark.parametrize("aantal", [1, 10])
def test_kandidatenpagina_vast_aantal_queries(client, loket, medewerker, aantal, django_assert_num_queries):
    vraag = vraag_met_plaatsen(loket, aantal)
    client.force_login(medewerker)
    client.get("/loket/")
    with django_assert_num_queries(13):
        response = client.get(f"/loket/vraag/{vraag.pk}/kandidaten/")
    assert len(response.context["kandidaten"]) == aantal


def test_kandidatenfragment_voor_de_vraagpagina_van_het_loket(loket):
    vraag = vraag_met_plaatsen(loket, 2)
    html = render_to_string("aanbod/_kandidaten.html", {"kandidaten": kandidaten_voor_vraag(vraag)})
    assert (html.count("Kandidaat 0"), "keuze 1" in html, "Gekozen door het gezin" in html) == (2, True, True)


def test_vrije_plaatsen_overzicht_van_het_gebied(client, loket, medewerker, medewerker_ander_loket):
    VrijePlaatsFactory(locatie=LocatieFactory(naam="In Gent"), bevestigd_op=timezone.now() - 30 * DAG)
    client.force_login(medewerker)
    tekst = client.get("/loket/vrije-plaatsen/").text
    assert ("In Gent" in tekst, ">verouderd</span>" in tekst) == (True, True)
    client.force_login(medewerker_ander_loket)
    assert "In Gent" not in client.get("/loket/vrije-plaatsen/").text
    assert client.get("/loket/vrije-plaatsen/?loket=gent").status_code == 404


@pytest.mark.parametrize("aantal", [1, 10])
def test_vrije_plaatsen_overzicht_vast_aantal_queries(client, loket, medewerker, aantal, django_assert_num_queries):
    for _ in range(aantal):
        VrijePlaatsFactory(locatie=LocatieFactory())
    client.force_login(medewerker)
    client.get("/loket/")
    with django_assert_num_queries(9):
        response = client.get("/loket/vrije-plaatsen/")
    assert len(response.context["pagina"].object_list) == aantal


def test_kandidaat_heeft_knop_naar_voorstel_met_locatie_en_plaats(client, loket, medewerker):
    vraag = vraag_met_plaatsen(loket, 2)
    vraag.status = "in_behandeling"
    vraag.save(update_fields=["status"])
    plaats = VrijePlaats.objects.get(locatie__naam="Kandidaat 01")
    client.force_login(medewerker)
    tekst = client.get(f"/loket/vraag/{vraag.pk}/kandidaten/").text
    link = f"/loket/vraag/{vraag.pk}/voorstel/?locatie={plaats.locatie_id}&amp;vrije_plaats={plaats.pk}"
    assert tekst.count("Voorstel doen voor deze plaats") == 2 and link in tekst
    # The button opens the offer form with that location and free place chosen.
    form = client.get(link.replace("&amp;", "&")).context["form"]
    assert (form["locatie"].value(), form["vrije_plaats"].value()) == (plaats.locatie_id, plaats.pk)


def test_kandidaat_zonder_knop_als_er_geen_voorstel_kan(client, loket, medewerker):
    vraag = vraag_met_plaatsen(loket, 1)
    OpvangvoorstelFactory(vraag=vraag)  # an open offer: a second one cannot be made
    vraag.status = "voorstel"
    vraag.save(update_fields=["status"])
    client.force_login(medewerker)
    assert "Voorstel doen" not in client.get(f"/loket/vraag/{vraag.pk}/kandidaten/").text


def test_medewerker_van_twee_loketten_kiest_het_loket_met_een_link(client, loket, ander_loket, medewerker):
    medewerker.loketten.add(ander_loket)
    client.force_login(medewerker)
    for url in ("/loket/vrije-plaatsen/", "/loket/doorverwijzingen/"):
        tekst = client.get(url, {"loket": "antwerpen"}).text
        assert 'aria-current="page" href="?loket=antwerpen"' in tekst and 'href="?loket=gent"' in tekst, url
