"""Renaming a child while a request for its new name is registered at the same desk (PostgreSQL, threads).

The report's later-registration column (`volgende_ingediend_op`) of a child's group is worked out
by whoever writes last; without a common lock each of the two saw only its own change, and the
first request kept "no later registration" although the child was registered again.
"""

import datetime
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from aanmelding.models import Kind, Opvangvraag
from aanmelding.queries import telvelden_controleren
from aanmelding.registratie import aanmelding_registreren
from tests.factories import GezinFactory, OpvangvraagFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

GEBOREN = datetime.date(2024, 9, 1)
START = datetime.date(2025, 6, 1)


def naast_elkaar(eerste, tweede):
    """Run both in their own thread (own connection); re-raise what either raised."""
    fouten = []

    def draai(functie):
        try:
            functie()
        except Exception as fout:  # noqa: BLE001 - handed to the test thread
            fouten.append(fout)
        finally:
            connection.close()

    draden = [threading.Thread(target=draai, args=(f,)) for f in (eerste, tweede)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=30)
    assert not fouten, fouten


@pytest.fixture
def oude_vraag(loket):
    """A closed request of "Lenna", who is really Lena (a typo the desk corrects)."""
    gezin = GezinFactory(loket=loket)
    kind = Kind.objects.create(gezin=gezin, voornaam="Lenna", achternaam="Peeters", geboortedatum=GEBOREN)
    return OpvangvraagFactory(
        loket=loket,
        gezin=gezin,
        kind=kind,
        ingediend_op=timezone.make_aware(datetime.datetime(2025, 1, 10, 10)),
        gewenste_startdatum_origineel=START,
        gewenste_startdatum=START,
        status="ingetrokken",
        ingetrokken_op=timezone.make_aware(datetime.datetime(2025, 1, 20, 10)),
        intrek_reden="andere",
    )


def registreer_lena(loket, medewerker):
    return aanmelding_registreren(
        loket=loket,
        kanaal="balie",
        door=medewerker,
        gezin=GezinFactory(loket=loket),
        kind_velden={"voornaam": "Lena", "achternaam": "Peeters", "geboortedatum": GEBOREN},
        vraag_velden={"gewenste_startdatum": START, "weekschema": "DDDD---"},
    )


def hernoem(vraag):
    kind = Kind.objects.get(pk=vraag.kind_id)
    kind.voornaam = "Lena"
    kind.save()


def controleer(oude_vraag):
    nieuwe = Opvangvraag.objects.exclude(pk=oude_vraag.pk).get()
    assert Opvangvraag.objects.get(pk=oude_vraag.pk).volgende_ingediend_op == nieuwe.ingediend_op
    assert nieuwe.volgende_ingediend_op is None
    assert telvelden_controleren().in_orde


def test_hernoemen_terwijl_een_aanmelding_voor_de_nieuwe_naam_loopt(loket, medewerker, oude_vraag):
    aangemeld, hernoemd = threading.Event(), threading.Event()

    def aanmelden():
        with transaction.atomic():
            registreer_lena(loket, medewerker)
            aangemeld.set()
            hernoemd.wait(timeout=2)  # without a common lock the rename is done meanwhile

    def hernoemen():
        aangemeld.wait(timeout=10)
        hernoem(oude_vraag)
        hernoemd.set()

    naast_elkaar(aanmelden, hernoemen)
    controleer(oude_vraag)


def test_aanmelden_terwijl_een_kind_naar_die_naam_hernoemd_wordt(loket, medewerker, oude_vraag):
    aangemeld, hernoemd = threading.Event(), threading.Event()

    def hernoemen():
        with transaction.atomic():
            hernoem(oude_vraag)
            hernoemd.set()
            aangemeld.wait(timeout=2)  # without a common lock the registration is done meanwhile

    def aanmelden():
        hernoemd.wait(timeout=10)
        registreer_lena(loket, medewerker)
        aangemeld.set()

    naast_elkaar(hernoemen, aanmelden)
    controleer(oude_vraag)
