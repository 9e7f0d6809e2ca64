"""The login throttle cannot be reset without a real login (found by tests/test_hypothesis_formulieren.py)."""

import pytest
from django.test import Client

from loket.models import MisluktePoging

pytestmark = pytest.mark.django_db


def inloggen(client, email, wachtwoord):
    return client.post("/inloggen/", {"username": email, "password": wachtwoord}, REMOTE_ADDR="10.0.0.1")


def test_leeg_wachtwoord_wist_de_mislukte_pogingen_niet(medewerker):
    client = Client()
    for _ in range(5):
        assert "horen niet bij elkaar" in inloggen(client, medewerker.email, "fout").text
        # An empty password is refused by the form itself; it used to clear the failures.
        assert inloggen(client, medewerker.email, "").status_code == 200
    assert MisluktePoging.objects.filter(email=medewerker.email).count() == 5
    geblokkeerd = inloggen(client, medewerker.email, "wachtwoord-voor-tests")
    assert "Te veel mislukte pogingen." in geblokkeerd.text


def test_echte_aanmelding_wist_de_pogingen_van_dat_adres(medewerker):
    client = Client()
    inloggen(client, medewerker.email, "fout")
    assert inloggen(client, medewerker.email, "wachtwoord-voor-tests").status_code == 302
    assert MisluktePoging.objects.filter(email=medewerker.email).count() == 0
