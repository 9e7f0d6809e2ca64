"""Browser journeys of a parent in headless Chromium, with an axe-core check on every page."""

import datetime
import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from aanmelding.models import Opvangvraag
from tests.factories import LocatieFactory, OpvangvoorstelFactory, OpvangvraagFactory, OuderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_BRON = (Path(__file__).resolve().parent.parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")


def axe_controle(page):
    """No 'serious' or 'critical' violation of axe-core's WCAG 2.1 A/AA rules on the page as shown."""
    page.wait_for_load_state()
    # Evaluated through the DevTools protocol: the page's strict CSP forbids an injected <script>.
    page.evaluate(AXE_BRON)
    resultaat = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
    )
    ernstig = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in resultaat["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert ernstig == [], f"{page.url}: {ernstig}"


def kop(page, tekst):
    # By accessible name: the pictogram before the title is aria-hidden.
    expect(page.get_by_role("heading", level=1, name=tekst, exact=True)).to_be_visible()


def volgende(page):
    page.get_by_role("button", name="Volgende").click()


def stappen_doorlopen(page, live_server, *, locatie, voornaam="Lotte", geboren=None, fout_postcode=False):
    geboren = geboren or timezone.localdate() - datetime.timedelta(days=120)
    page.goto(f"{live_server.url}/aanmelden/")
    axe_controle(page)
    page.get_by_role("link", name="Begin").click()

    kop(page, "Je kind")
    axe_controle(page)
    page.get_by_label("Voornaam van je kind").fill(voornaam)
    page.get_by_label("Achternaam van je kind").fill("Peeters")
    page.get_by_label("Ja", exact=True).check()
    page.get_by_label("Geboortedatum").fill(geboren.isoformat())
    volgende(page)

    kop(page, "Jullie gezin")
    axe_controle(page)
    page.get_by_label("Voornaam").first.fill("An")
    page.get_by_label("Achternaam").first.fill("Peeters")
    page.get_by_label("E-mailadres").first.fill("an.peeters@example.be")
    page.get_by_label("Telefoon of gsm").first.fill("0470 12 34 56")
    volgende(page)

    kop(page, "Jullie adres")
    axe_controle(page)
    page.get_by_label("Straat en huisnummer").fill("Kerkstraat 1")
    if fout_postcode:
        page.get_by_label("Postcode").fill("9999")
        volgende(page)
        expect(page.get_by_text("Deze postcode kennen we niet. Kijk de postcode na.", exact=True)).to_be_visible()
        axe_controle(page)
    page.get_by_label("Postcode").fill("9000")
    volgende(page)

    kop(page, "Welke opvang?")
    axe_controle(page)
    page.get_by_label("Vanaf wanneer heb je opvang nodig?").fill(
        (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
    )
    for dag in ("Maandag", "Dinsdag", "Donderdag"):
        page.get_by_label(dag, exact=True).select_option("D")
    volgende(page)

    kop(page, "Waar?")
    axe_controle(page)
    page.get_by_label("Keuze 1").select_option(str(locatie.pk))
    volgende(page)

    kop(page, "Jullie situatie")
    axe_controle(page)
    volgende(page)

    kop(page, "Privacy")
    axe_controle(page)
    page.get_by_label(re.compile("Ik heb gelezen wat het loket")).check()
    volgende(page)

    kop(page, "Klopt alles?")
    axe_controle(page)
    page.get_by_role("button", name="Aanvraag versturen").click()


def test_ouder_meldt_online_aan_en_krijgt_mail_met_link(page, live_server, loket):
    locatie = LocatieFactory(naam="Kinderdagverblijf Het Bolleke")
    stappen_doorlopen(page, live_server, locatie=locatie, fout_postcode=True)

    kop(page, "Je aanvraag is verstuurd")
    axe_controle(page)
    vraag = Opvangvraag.objects.get()
    expect(page.get_by_text(vraag.referentie)).to_be_visible()
    assert (vraag.kind.voornaam, vraag.gezin.postcode, vraag.weekschema) == ("Lotte", "9000", "DD-D---")
    assert [v.locatie for v in vraag.voorkeuren.all()] == [locatie]
    assert [m.to for m in mail.outbox] == [["an.peeters@example.be"]]
    assert vraag.referentie in mail.outbox[0].subject
    assert re.search(r"https?://\S+/mijn/", mail.outbox[0].body)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download je bewijs (PDF)").click()
    assert download.value.suggested_filename == f"aanvraag-{vraag.referentie}.pdf"

    # The browser's Back button: the summary page now says the request was sent.
    page.go_back()
    kop(page, "Je aanvraag is al verstuurd")
    expect(page.get_by_text(vraag.referentie)).to_be_visible()
    axe_controle(page)


def test_zelfde_kind_opnieuw_wordt_vriendelijk_geweigerd(page, live_server, loket):
    locatie = LocatieFactory()
    geboren = timezone.localdate() - datetime.timedelta(days=200)
    bestaande = OpvangvraagFactory(
        gezin__loket=loket, kind__voornaam="Lotte", kind__achternaam="Peeters", kind__geboortedatum=geboren
    )
    OuderFactory(gezin=bestaande.gezin, email="bert@example.be")
    stappen_doorlopen(page, live_server, locatie=locatie, voornaam="LOTTE ", geboren=geboren)

    kop(page, "Er loopt al een aanvraag voor dit kind")
    axe_controle(page)
    expect(page.get_by_text(bestaande.referentie)).to_have_count(0)
    assert Opvangvraag.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["bert@example.be"]]
    assert "/mijn/inloggen/" in mail.outbox[0].body


def test_portaal_paginas_toegankelijk(page, live_server, loket):
    locatie = LocatieFactory(naam="Kinderdagverblijf Het Bolleke")
    vraag = OpvangvraagFactory(gezin__loket=loket, status="voorstel")
    OuderFactory(gezin=vraag.gezin, email="an.peeters@example.be")
    voorstel = OpvangvoorstelFactory(
        vraag=vraag, locatie=locatie, startdatum=vraag.gewenste_startdatum + datetime.timedelta(weeks=6)
    )

    page.goto(f"{live_server.url}/mijn/")
    axe_controle(page)
    page.get_by_label("Je e-mailadres").fill("an.peeters@example.be")
    page.get_by_role("button", name="Stuur me een link").click()
    kop(page, "Kijk in je mailbox")
    axe_controle(page)

    pad = re.search(r"/mijn/inloggen/[A-Za-z0-9_\-]+/", mail.outbox[0].body).group(0)
    page.goto(f"{live_server.url}{pad}")
    axe_controle(page)
    page.get_by_role("button", name="Inloggen").click()

    kop(page, "Mijn aanvragen")
    axe_controle(page)
    page.get_by_role("link", name=str(vraag.kind)).click()
    kop(page, f"Opvang voor {vraag.kind.voornaam}")
    axe_controle(page)
    page.get_by_role("link", name="Bekijk het voorstel en antwoord").click()
    expect(page.get_by_text("Start 6 weken later dan je vroeg", exact=False)).to_be_visible()
    axe_controle(page)
    page.get_by_role("button", name="Nee, ik weiger").click()  # without a reason: the error is shown
    expect(page.get_by_text("Dit veld is verplicht.")).to_be_visible()
    axe_controle(page)
    page.goto(f"{live_server.url}/mijn/vraag/{vraag.pk}/wijzigen/")
    axe_controle(page)
    page.goto(f"{live_server.url}/mijn/vraag/{vraag.pk}/intrekken/")
    axe_controle(page)
    page.get_by_label("Ik vond elders opvang.").check()
    page.get_by_role("button", name="Ja, trek mijn aanvraag in").click()
    expect(page.get_by_text("Je aanvraag is ingetrokken.", exact=False).first).to_be_visible()
    vraag.refresh_from_db()
    voorstel.refresh_from_db()
    assert (vraag.status, voorstel.status) == ("ingetrokken", "ingetrokken")
