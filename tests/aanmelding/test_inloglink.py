"""Login without password for parents: one-time links (aanmelding/inloglink.py, the portal's login views)."""

import datetime
import hashlib
import re

import pytest
from django.core import mail
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from django.utils import timezone

from aanmelding.inloglink import InloglinkFout, inloglink_aanmaken, inloglink_gebruiken
from aanmelding.models import Ouder
from loket.models import Gebruiker, Inloglink, Logregel, Rol
from tests.factories import OpvangvraagFactory, OuderFactory

pytestmark = pytest.mark.django_db

NU = datetime.datetime(2025, 3, 10, 9, 0, tzinfo=datetime.UTC)


def zonder_csrf(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def token_uit(bericht):
    return re.search(r"/mijn/inloggen/([A-Za-z0-9_\-]+)/", bericht.body).group(1)


@pytest.fixture
def ouder(loket):
    vraag = OpvangvraagFactory(gezin__loket=loket)
    return OuderFactory(gezin=vraag.gezin, email="an.peeters@example.be")


def test_inloglink_aanmaken_mailt_link_en_bewaart_alleen_hash(ouder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        link = inloglink_aanmaken(email=" An.Peeters@Example.be ", nu=NU)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["an.peeters@example.be"]
    assert mail.outbox[0].subject == "Je link om in te loggen bij het Loket Kinderopvang"
    token = token_uit(mail.outbox[0])
    assert link.email == "an.peeters@example.be"
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert link.geldig_tot == NU + datetime.timedelta(minutes=15)
    assert not Inloglink.objects.filter(token_hash=token).exists()


def test_inloglink_onbekend_adres_stuurt_niets(loket, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert inloglink_aanmaken(email="niemand@example.be", nu=NU) is None
    assert mail.outbox == []
    assert Inloglink.objects.count() == 0


def test_inloglink_niet_voor_personeel(medewerker, django_capture_on_commit_callbacks):
    OuderFactory(email=medewerker.email)  # even when a staff member is also a parent
    with django_capture_on_commit_callbacks(execute=True):
        assert inloglink_aanmaken(email=medewerker.email, nu=NU) is None
    assert mail.outbox == []


def test_inloglink_hoogstens_vijf_per_uur(ouder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for minuut in range(5):
            assert inloglink_aanmaken(email=ouder.email, nu=NU + datetime.timedelta(minutes=minuut)) is not None
        assert inloglink_aanmaken(email=ouder.email, nu=NU + datetime.timedelta(minutes=59)) is None
        assert inloglink_aanmaken(email=ouder.email, nu=NU + datetime.timedelta(minutes=61)) is not None
    assert len(mail.outbox) == 6


def test_inloglink_gebruiken_maakt_ouderaccount_en_koppelt_ouders(ouder, django_capture_on_commit_callbacks):
    tweede_gezin = OuderFactory(email="AN.PEETERS@example.be")  # the same parent in another family record
    with django_capture_on_commit_callbacks(execute=True):
        inloglink_aanmaken(email=ouder.email, nu=NU)
    gebruiker = inloglink_gebruiken(token=token_uit(mail.outbox[0]), nu=NU + datetime.timedelta(minutes=14))
    assert gebruiker.email == "an.peeters@example.be"
    assert gebruiker.rol == Rol.OUDER
    assert not gebruiker.has_usable_password()
    assert set(Ouder.objects.filter(gebruiker=gebruiker)) == {ouder, tweede_gezin}
    assert Inloglink.objects.get().gebruikt_op == NU + datetime.timedelta(minutes=14)
    regel = Logregel.objects.get(actie="ouder.ingelogd")
    assert regel.gebruiker == gebruiker


def test_inloglink_gebruiken_hergebruikt_bestaand_account(ouder_met_vraag, django_capture_on_commit_callbacks):
    gebruiker, _vraag = ouder_met_vraag
    with django_capture_on_commit_callbacks(execute=True):
        inloglink_aanmaken(email=gebruiker.email, nu=NU)
    assert inloglink_gebruiken(token=token_uit(mail.outbox[0]), nu=NU) == gebruiker
    assert Gebruiker.objects.filter(email=gebruiker.email).count() == 1


def test_inloglink_werkt_maar_een_keer(ouder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inloglink_aanmaken(email=ouder.email, nu=NU)
    token = token_uit(mail.outbox[0])
    inloglink_gebruiken(token=token, nu=NU)
    with pytest.raises(InloglinkFout, match="al gebruikt"):
        inloglink_gebruiken(token=token, nu=NU)


def test_inloglink_verloopt_na_15_minuten(ouder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inloglink_aanmaken(email=ouder.email, nu=NU)
    with pytest.raises(InloglinkFout, match="verlopen"):
        inloglink_gebruiken(token=token_uit(mail.outbox[0]), nu=NU + datetime.timedelta(minutes=15))
    assert Inloglink.objects.get().gebruikt_op is None
    assert not Gebruiker.objects.filter(email=ouder.email).exists()


def test_inloglink_onbekend_token_geweigerd(db):
    with pytest.raises(InloglinkFout):
        inloglink_gebruiken(token="verzonnen")


# --- the views ------------------------------------------------------------------------------------


def test_portaal_vraagt_link_zelfde_antwoord_bekend_of_niet(client, ouder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        bekend = client.post("/mijn/", {"email": ouder.email}, follow=True)
        onbekend = client.post("/mijn/", {"email": "niemand@example.be"}, follow=True)
    assert bekend.redirect_chain == onbekend.redirect_chain == [("/mijn/link-verstuurd/", 302)]
    assert zonder_csrf(bekend.text) == zonder_csrf(onbekend.text)
    assert [m.to for m in mail.outbox] == [[ouder.email]]


def test_portaal_vraagt_link_zelfde_antwoord_na_limiet(client, ouder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        antwoorden = [client.post("/mijn/", {"email": ouder.email}) for _ in range(7)]
    assert {(a.status_code, a.url) for a in antwoorden} == {(302, "/mijn/link-verstuurd/")}
    assert len(mail.outbox) == 5


def test_portaal_ongeldig_email_toont_fout(client, loket):
    response = client.post("/mijn/", {"email": "geen-adres"})
    assert response.status_code == 200
    assert "Dit is geen geldig e-mailadres" in response.text


def test_inloglink_openen_logt_niet_in_tot_bevestigd(client, ouder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inloglink_aanmaken(email=ouder.email)
    pad = f"/mijn/inloggen/{token_uit(mail.outbox[0])}/"
    response = client.get(pad)  # a mail scanner opening the link must not use it up
    assert response.status_code == 200
    assert Inloglink.objects.get().gebruikt_op is None
    response = client.post(pad)
    assert response.status_code == 302
    assert response.url == "/mijn/"
    assert client.get("/mijn/").context["user"].email == ouder.email
    tweede = client.post(pad, follow=True)
    assert "al gebruikt" in tweede.text


def test_inloglink_verlopen_toont_melding(client, ouder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inloglink_aanmaken(email=ouder.email, nu=timezone.now() - datetime.timedelta(minutes=16))
    response = client.post(f"/mijn/inloggen/{token_uit(mail.outbox[0])}/", follow=True)
    assert "Deze link is verlopen" in response.text
    assert not response.context["user"].is_authenticated


@pytest.mark.parametrize(
    ("taal", "onderwerp"),
    [
        ("nl", "Je link om in te loggen bij het Loket Kinderopvang"),
        ("fr", "Votre lien pour vous connecter au Guichet Accueil d'enfants"),
        ("en", "Your link to log in to the Childcare Desk"),
    ],
)
def test_inloglink_mail_in_gevraagde_taal(ouder, taal, onderwerp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inloglink_aanmaken(email=ouder.email, taal=taal, nu=NU)
    assert mail.outbox[0].subject == onderwerp


def test_inloglink_fout_in_taal_van_de_pagina(client, loket):
    client.cookies["django_language"] = "en"
    response = client.post("/mijn/inloggen/verzonnen/", follow=True)
    assert "This link has already been used or does not exist. Ask for a new link." in response.text


def test_portaal_maakt_en_mailt_link_pas_na_het_antwoord(ouder, django_capture_on_commit_callbacks):
    # Made before the answer, a known address answered measurably slower than an unknown one.
    geheim = "a" * 32  # a CSRF secret, as cookie and as form field
    omgeving = (
        RequestFactory()
        .post("/mijn/", {"email": ouder.email, "csrfmiddlewaretoken": geheim}, HTTP_COOKIE=f"csrftoken={geheim}")
        .environ
    )
    # As the test client does: keep the test's transaction open across the request's signals.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        antwoord = WSGIHandler()(omgeving, lambda status, headers: None)
        assert (antwoord.status_code, antwoord.url) == (302, "/mijn/link-verstuurd/")
        assert (Inloglink.objects.count(), len(mail.outbox)) == (0, 0)
        with django_capture_on_commit_callbacks(execute=True):
            antwoord.close()  # the server has sent the answer
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert Inloglink.objects.get().email == ouder.email
    assert [m.to for m in mail.outbox] == [[ouder.email]]
