"""The Django admin (/beheer/): logged in through the app's own login, throttle and second step."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.models import MisluktePoging, Rol
from tests.factories import (
    GebruikerFactory,
    LoketFactory,
    OpvangvoorstelFactory,
    OpvangvraagFactory,
    VrijePlaatsFactory,
)

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


def _beheer_url(object_of_model, pagina, *args):
    opts = object_of_model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{pagina}", args=args)


@pytest.mark.parametrize(
    ("maak", "veld", "waarde"),
    [
        (lambda: OpvangvraagFactory(), "status", "toegewezen"),
        (lambda: OpvangvoorstelFactory(), "status", "aanvaard"),
        (lambda: VrijePlaatsFactory(aantal=2), "aantal", "5"),
    ],
    ids=["opvangvraag", "opvangvoorstel", "vrije_plaats"],
)
def test_beheer_toont_domeingegevens_maar_wijzigt_ze_niet(client, beheerder, maak, veld, waarde):
    object = maak()
    model = type(object)
    voor = model.objects.values().get(pk=object.pk)
    client.force_login(beheerder)

    wijzigen = _beheer_url(object, "change", object.pk)
    pagina = client.get(wijzigen)
    assert pagina.status_code == 200
    assert b'name="_save"' not in pagina.content
    assert client.get(_beheer_url(object, "changelist"), {"q": "x"}).status_code == 200
    assert client.post(wijzigen, {veld: waarde, "_save": "Opslaan"}).status_code == 403
    assert client.get(_beheer_url(object, "add")).status_code == 403
    assert client.post(_beheer_url(object, "add"), {veld: waarde}).status_code == 403
    assert client.post(_beheer_url(object, "delete", object.pk), {"post": "yes"}).status_code == 403
    lijst = client.post(
        _beheer_url(object, "changelist"), {"action": "delete_selected", "_selected_action": [object.pk]}
    )
    assert lijst.status_code in (200, 302)

    assert model.objects.values().get(pk=object.pk) == voor
    assert model.objects.count() == 1


def test_beheer_loket_en_gebruiker_blijven_bewerkbaar(client, beheerder):
    loket = LoketFactory()
    client.force_login(beheerder)
    assert b'name="_save"' in client.get(_beheer_url(loket, "change", loket.pk)).content
    assert b'name="_save"' in client.get(_beheer_url(beheerder, "change", beheerder.pk)).content
    assert client.get(_beheer_url(loket, "add")).status_code == 200
