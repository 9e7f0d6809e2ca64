"""Parent pages, mails and the PDF receipt in Dutch, French and English (compiled catalogues)."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from aanmelding.pdf import bewijs_html
from tests.aanmelding.ouder_hulp import aanmelden, stapdata
from tests.factories import OpvangvoorstelFactory, OpvangvraagFactory, OuderFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("taal", "teksten"),
    [
        ("nl", ["Voornaam van je kind", "Is je kind al geboren?", "Volgende"]),
        ("fr", ["Prénom de votre enfant", "Votre enfant est-il déjà né ?", "Suivant"]),
        ("en", ["Your child&#x27;s first name", "Has your child been born yet?", "Next"]),
    ],
)
def test_wizard_in_drie_talen(client, loket, taal, teksten):
    client.cookies["django_language"] = taal
    response = client.get("/aanmelden/stap/kind/")
    assert f'<html lang="{taal}">' in response.text
    for tekst in teksten:
        assert tekst in response.text


@pytest.mark.parametrize(
    ("taal", "melding"),
    [
        ("fr", "Nous ne connaissons pas ce code postal. Vérifiez le code postal."),
        ("en", "We do not know this postal code. Please check it."),
    ],
)
def test_foutmelding_in_taal_van_de_pagina(client, loket, taal, melding):
    client.cookies["django_language"] = taal
    data = stapdata()
    for stap in ("kind", "gezin"):
        client.post(f"/aanmelden/stap/{stap}/", data[stap])
    response = client.post("/aanmelden/stap/adres/", {"straat": "Rue 1", "postcode": "9999"})
    assert melding in response.text


@pytest.mark.parametrize(
    ("taal", "onderwerp", "zin"),
    [
        ("fr", "Votre demande d'accueil a été reçue", "Nous avons bien reçu votre demande d'accueil pour Lotte."),
        ("en", "Your childcare request has been received", "We have received your childcare request for Lotte."),
    ],
)
def test_bevestigingsmail_in_gekozen_taal(
    client, loket, locatie, taal, onderwerp, zin, django_capture_on_commit_callbacks
):
    data = stapdata(locatie=locatie)
    data["gezin"]["taal"] = taal
    with django_capture_on_commit_callbacks(execute=True):
        aanmelden(client, data)
    assert mail.outbox[0].subject.startswith(onderwerp)
    assert zin in mail.outbox[0].body
    assert ("lundi (journée complète)" if taal == "fr" else "Monday (full day)") in mail.outbox[0].body


@pytest.mark.parametrize(
    ("taal", "titel"),
    [("fr", "Preuve de votre demande d'accueil d'enfants"), ("en", "Receipt of your childcare request")],
)
def test_bewijs_in_taal_van_het_gezin(loket, taal, titel):
    vraag = OpvangvraagFactory(gezin__loket=loket, gezin__taal=taal)
    OuderFactory(gezin=vraag.gezin)
    assert titel in bewijs_html(vraag)


def test_portaal_in_het_frans(client, ouder_met_vraag):
    ouder, vraag = ouder_met_vraag
    client.force_login(ouder)
    client.cookies["django_language"] = "fr"
    response = client.get(f"/mijn/vraag/{vraag.pk}/")
    assert "Ce que vous avez demandé" in response.text
    assert "Ce qui s'est déjà passé" in response.text


@pytest.mark.parametrize(
    ("taal", "zinnen"),
    [
        ("fr", ["Début le jour demandé (16 février 2027).", "Autant de jours que demandé."]),
        ("en", ["Starts on the day you asked (16 February 2027).", "As many days as you asked for."]),
    ],
)
def test_voorstel_verschil_in_taal_van_de_pagina(client, ouder_met_vraag, locatie, taal, zinnen):
    """The comparison with the request is what the parent decides on: never Dutch on a French page."""
    ouder, vraag = ouder_met_vraag
    vraag.gewenste_startdatum = datetime.date(2027, 2, 16)
    vraag.weekschema, vraag.dagen_per_week = "DDDD---", Decimal("4")
    vraag.save(update_fields=["gewenste_startdatum", "weekschema", "dagen_per_week"])
    voorstel = OpvangvoorstelFactory(vraag=vraag, locatie=locatie, startdatum=vraag.gewenste_startdatum)
    client.force_login(ouder)
    client.cookies["django_language"] = taal
    response = client.get(f"/mijn/voorstel/{voorstel.pk}/")
    assert response.context["verschil"] == zinnen
    assert "je vroeg" not in response.text


@pytest.mark.parametrize("taal", ["nl", "fr", "en"])
def test_taalkeuze_noemt_elke_taal_in_haar_eigen_naam(client, loket, taal):
    """A French speaker on a Dutch page looks for "Français", not "Frans"."""
    client.cookies["django_language"] = taal
    response = client.get("/aanmelden/")
    for code, naam in [("nl", "Nederlands"), ("fr", "Français"), ("en", "English")]:
        gekozen = " selected" if code == taal else ""
        assert f'<option value="{code}" lang="{code}"{gekozen}>{naam}</option>' in response.text
