"""The provider's home page: each location with its free places and their freshness; fixed query count."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import LocatieFactory, VrijePlaatsFactory

pytestmark = pytest.mark.django_db

DAG = datetime.timedelta(days=1)


def test_home_toont_locaties_met_versheid(client, aanbieder, locatie, tweede_locatie):
    VrijePlaatsFactory(locatie=locatie, aantal=3, bevestigd_op=timezone.now() - 20 * DAG)
    client.force_login(aanbieder)
    response = client.get("/aanbieder/")
    assert response.status_code == 200
    tekst = response.text
    assert (locatie.naam in tekst, tweede_locatie.naam in tekst) == (True, True)
    assert tekst.count("verouderd</span>") == 3  # the stale location, its declaration, and the never-confirmed one
    assert "Niets veranderd: bevestigen" in tekst


def test_home_locatie_aanbieder_ziet_alleen_zijn_locatie(client, locatie_aanbieder, locatie, tweede_locatie):
    client.force_login(locatie_aanbieder)
    tekst = client.get("/aanbieder/").text
    assert (tweede_locatie.naam in tekst, locatie.naam in tekst) == (True, False)


def test_home_vast_aantal_queries(client, aanbieder, locatie, django_assert_num_queries):
    client.force_login(aanbieder)
    VrijePlaatsFactory(locatie=locatie)
    client.get("/aanbieder/")  # the first request after login writes the session; measure the steady state
    with django_assert_num_queries(7):
        assert client.get("/aanbieder/").status_code == 200
    for _ in range(9):
        VrijePlaatsFactory(locatie=LocatieFactory(organisator=locatie.organisator))
    with django_assert_num_queries(7):
        response = client.get("/aanbieder/")
    assert response.text.count("Niets veranderd: bevestigen") == 10
