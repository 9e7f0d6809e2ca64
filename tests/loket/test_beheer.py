"""The Django admin (/beheer/): logged in through the app's own login, throttle and second step."""

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.models import MisluktePoging, Rol
from tests.factories import GebruikerFactory

pytestmark = pytest.mark.django_db

WACHTWOORD = "wachtwoord-voor-tests"


@pytest.fixture
def beheerder(db):
    return GebruikerFactory(email="beheerder@platform.be", rol=Rol.BEHEERDER, is_staff=True, is_superuser=True)


def test_beheer_login_controleert_geen_wachtwoord(beheerder):
    # It answered 12 wrong passwords without a failure row, then "Please enter your OTP token" for the right one.
    client = Client()
    for wachtwoord in ["fout"] * 12 + [WACHTWOORD]:
        antwoord = client.post("/beheer/login/?next=/beheer/", {"username": beheerder.email, "password": wachtwoord})
        assert (antwoord.status_code, antwoord.url) == (302, "/inloggen/?next=/beheer/")
    assert "_auth_user_id" not in client.session
    assert client.get("/beheer/").url == "/beheer/login/?next=/beheer/"


def test_beheer_via_app_login_met_beperking_en_tweede_stap(beheerder):
    apparaat = TOTPDevice.objects.create(user=beheerder, name="telefoon", confirmed=True)
    client = Client()
    for _ in range(5):
        client.post("/inloggen/?next=/beheer/", {"username": beheerder.email, "password": "fout"})
    assert MisluktePoging.objects.filter(email=beheerder.email).count() == 5
    geweigerd = client.post("/inloggen/?next=/beheer/", {"username": beheerder.email, "password": WACHTWOORD})
    assert "Te veel mislukte pogingen." in geweigerd.text
    MisluktePoging.objects.all().delete()

    antwoord = client.post("/inloggen/?next=/beheer/", {"username": beheerder.email, "password": WACHTWOORD})
    assert antwoord.url == "/beheer/"
    assert client.get("/beheer/").url == "/beheer/login/?next=/beheer/"
    assert client.get("/beheer/login/?next=/beheer/").url == "/inloggen/tweestaps/?next=%2Fbeheer%2F"
    antwoord = client.post("/inloggen/tweestaps/", {"code": f"{totp(apparaat.bin_key):06d}", "next": "/beheer/"})
    assert antwoord.url == "/beheer/"
    assert client.get("/beheer/").status_code == 200
    assert client.get("/beheer/login/").url == "/beheer/"
    # Not a path: the admin's index, not a URL name to reverse (that was a 500).
    assert client.get("/beheer/login/?next=abc").url == "/beheer/"


def test_beheer_weigert_medewerker_na_tweede_stap(client, medewerker):
    client.force_login(medewerker)
    assert client.get("/beheer/").url == "/beheer/login/?next=/beheer/"
    assert client.get("/beheer/login/?next=/beheer/").status_code == 403


def test_beheer_login_volgt_geen_externe_next(beheerder):
    antwoord = Client().get("/beheer/login/?next=https://kwaad.example/")
    assert antwoord.url == "/inloggen/?next=/beheer/"
