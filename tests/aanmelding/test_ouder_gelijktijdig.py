"""A double click on the final confirm, for real: two requests with the same session and token at
the same instant, each on its own PostgreSQL connection. Exactly one request is made."""

import threading

import pytest
from django.db import connection
from django.test import Client

from aanmelding.models import Gezin, Kind, Opvangvraag
from tests.aanmelding.ouder_hulp import stapdata, stappen_invullen

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def tegelijk_bevestigen(clients, *tokens):
    """POST the confirm from each client (with its token, or the one token) at the same instant."""
    barriere = threading.Barrier(len(clients))
    antwoorden = []

    def bevestig(client, token):
        try:
            barriere.wait(timeout=10)
            antwoorden.append(client.post("/aanmelden/bevestigen/", {"token": token}))
        finally:
            connection.close()

    paren = zip(clients, tokens if len(tokens) > 1 else tokens * len(clients), strict=True)
    draden = [threading.Thread(target=bevestig, args=paar) for paar in paren]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=30)
    return antwoorden


def test_dubbele_klik_tegelijk_maakt_een_vraag(loket, locatie):
    for poging in range(3):  # a race that passes once by luck should not pass three times
        eerste = Client()
        token = stappen_invullen(eerste, stapdata(locatie=locatie, voornaam=f"Kind{poging}")).context["token"]
        tweede = Client()
        tweede.cookies = eerste.cookies  # the same browser session, clicked twice
        antwoorden = tegelijk_bevestigen([eerste, tweede], token)
        assert sorted((a.status_code, a.url) for a in antwoorden) == [(302, "/aanmelden/ingediend/")] * 2
        assert Opvangvraag.objects.filter(kind__voornaam=f"Kind{poging}").count() == 1
    assert (Opvangvraag.objects.count(), Kind.objects.count(), Gezin.objects.count()) == (3, 3, 3)


def test_zelfde_kind_vanuit_twee_sessies_tegelijk_maakt_een_vraag(loket, locatie):
    """Two parents (two sessions, two new Kind rows) register the same child at the same instant."""
    for poging in range(2):
        clients, tokens = [Client(), Client()], []
        for client, email in zip(clients, ["mama@example.be", "papa@example.be"], strict=True):
            data = stapdata(locatie=locatie, voornaam=f"Tweeling{poging}", email=email)
            tokens.append(stappen_invullen(client, data).context["token"])
        antwoorden = tegelijk_bevestigen(clients, *tokens)
        assert sorted(a.url for a in antwoorden) == ["/aanmelden/al-aangevraagd/", "/aanmelden/ingediend/"]
        assert Opvangvraag.objects.filter(kind__voornaam=f"Tweeling{poging}").count() == 1
