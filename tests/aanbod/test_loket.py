"""Desk staff pages of the aanbod app: the free places of the area."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import LocatieFactory, VrijePlaatsFactory

pytestmark = pytest.mark.django_db

DAG = datetime.timedelta(days=1)


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


def test_medewerker_van_twee_loketten_kiest_het_loket_met_een_link(client, loket, ander_loket, medewerker):
    medewerker.loketten.add(ander_loket)
    client.force_login(medewerker)
    for url in ("/loket/vrije-plaatsen/", "/loket/doorverwijzingen/"):
        tekst = client.get(url, {"loket": "antwerpen"}).text
        assert 'aria-current="page" href="?loket=antwerpen"' in tekst and 'href="?loket=gent"' in tekst, url
