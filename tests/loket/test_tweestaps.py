"""Two-factor login (TOTP) for staff, coordinators, providers; login throttling per account and address."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.logboek import logregels_voor
from loket.models import MisluktePoging

pytestmark = pytest.mark.django_db

WACHTWOORD = "wachtwoord-voor-tests"


def inloggen(client, gebruiker, wachtwoord=WACHTWOORD, ip="10.0.0.1"):
    return client.post("/inloggen/", {"username": gebruiker.email, "password": wachtwoord}, REMOTE_ADDR=ip)


def test_eerste_keer_app_koppelen_daarna_werklijst(medewerker, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own delay after a wrong code is not under test here
    client = Client()
    response = inloggen(client, medewerker)
    assert client.get(response.url).url == "/inloggen/tweestaps/"
    pagina = client.get("/inloggen/tweestaps/")
    assert "data:image/svg+xml;base64," in pagina.text
    apparaat = TOTPDevice.objects.get(user=medewerker, confirmed=False)
    fout = client.post("/inloggen/tweestaps/", {"code": f"{(totp(apparaat.bin_key) + 1) % 1000000:06d}"})
    assert "Deze code klopt niet" in fout.text
    assert client.get("/loket/").url == "/inloggen/tweestaps/?next=%2Floket%2F"
    goed = client.post("/inloggen/tweestaps/", {"code": f"{totp(apparaat.bin_key):06d}", "next": "/loket/"})
    assert goed.url == "/loket/"
    apparaat.refresh_from_db()
    assert apparaat.confirmed is True
    assert client.get("/loket/").status_code == 200
    assert [r.actie for r in logregels_voor(medewerker)] == ["gebruiker.tweestaps_ingesteld"]


def test_gekoppelde_app_vraagt_code_bij_elke_aanmelding(aanbieder):
    apparaat = TOTPDevice.objects.create(user=aanbieder, name="telefoon", confirmed=True)
    client = Client()
    inloggen(client, aanbieder)
    assert client.get("/aanbieder/").url == "/inloggen/tweestaps/?next=%2Faanbieder%2F"
    assert "QR-code" not in client.get("/inloggen/tweestaps/").text  # no new key to show
    client.post("/inloggen/tweestaps/", {"code": f"{totp(apparaat.bin_key):06d}"})
    assert client.get("/aanbieder/").status_code == 200


def test_toeleider_en_ouder_zonder_tweede_stap(toeleider):
    client = Client()
    inloggen(client, toeleider)
    assert client.get("/toeleider/").status_code == 200


def test_tweede_stap_na_externe_next_blijft_op_site(medewerker):
    apparaat = TOTPDevice.objects.create(user=medewerker, name="telefoon", confirmed=True)
    client = Client()
    inloggen(client, medewerker)
    response = client.post(
        "/inloggen/tweestaps/", {"code": f"{totp(apparaat.bin_key):06d}", "next": "https://kwaad.example/"}
    )
    assert response.url == "/start/"


@pytest.mark.parametrize("volgende", ["²", "abc", "1\x00", "NaN"])
def test_tweestaps_next_dat_geen_pad_is_gaat_naar_start(client, toeleider, medewerker, volgende):
    """Found by tests/test_fuzz_paginas.py: redirect() took such a `next` for a URL name (500)."""
    client.force_login(toeleider)  # no second factor: straight on
    assert client.get("/inloggen/tweestaps/", {"next": volgende}).url == "/start/"
    assert client.get("/inloggen/tweestaps/", {"next": "/toeleider/"}).url == "/toeleider/"
    apparaat = TOTPDevice.objects.create(user=medewerker, name="telefoon", confirmed=True)
    inloggen(client, medewerker)
    response = client.post("/inloggen/tweestaps/", {"code": f"{totp(apparaat.bin_key):06d}", "next": volgende})
    assert response.url == "/start/"


def test_inloggen_vijf_fouten_dan_afkoelen(medewerker):
    client = Client()
    for _ in range(5):
        assert "horen niet bij elkaar" in inloggen(client, medewerker, wachtwoord="fout").text
    geblokkeerd = inloggen(client, medewerker)  # even the right password waits now
    assert geblokkeerd.status_code == 200
    assert "Te veel mislukte pogingen. Probeer opnieuw over 15 minuten." in geblokkeerd.text
    assert inloggen(Client(), medewerker, ip="10.0.0.2").status_code == 302  # another address is not blocked
    MisluktePoging.objects.update(tijdstip=timezone.now() - datetime.timedelta(minutes=16))
    assert inloggen(client, medewerker).status_code == 302


def test_inloggen_hoogstens_100_fouten_per_uur_per_account(medewerker):
    nu = timezone.now()
    MisluktePoging.objects.bulk_create(
        MisluktePoging(
            email=medewerker.email, ip=f"10.1.{i // 200}.{i % 200}", tijdstip=nu - datetime.timedelta(minutes=50)
        )
        for i in range(100)
    )
    response = inloggen(Client(), medewerker, ip="10.9.9.9")
    assert "Te veel mislukte pogingen. Probeer opnieuw over 10 minuten." in response.text
    MisluktePoging.objects.update(tijdstip=nu - datetime.timedelta(minutes=61))
    assert inloggen(Client(), medewerker, ip="10.9.9.9").status_code == 302


def test_inloggen_onbekend_account_zelfde_melding(db):
    response = Client().post("/inloggen/", {"username": "niemand@example.be", "password": "x"})
    assert "horen niet bij elkaar" in response.text
    assert MisluktePoging.objects.filter(email="niemand@example.be").count() == 1


def test_menu_verschijnt_pas_na_de_tweede_stap(medewerker):
    apparaat = TOTPDevice.objects.create(user=medewerker, name="telefoon", confirmed=True)
    client = Client()
    inloggen(client, medewerker)
    for url in ("/inloggen/tweestaps/", "/zoeken/"):
        pagina = client.get(url).text
        assert 'class="nav-link"' not in pagina  # neither the staff menu nor the parents' one
        assert "Afmelden" in pagina
    client.post("/inloggen/tweestaps/", {"code": f"{totp(apparaat.bin_key):06d}"})
    assert "Werklijst" in client.get("/zoeken/").text
