"""Browser journeys of the GDPR pages in headless Chromium, with an axe-core check on every page:
a parent downloads the data and asks for erasure; the coordinator looks at the audit trail and anonymises."""

import json
import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from aanmelding.models import Ouder, Wisverzoek
from loket.models import Rol
from tests.aanmelding.test_ouder_browser import axe_controle, kop
from tests.browser import inloggen
from tests.factories import GebruikerFactory, OpvangvraagFactory, OuderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ouder_downloadt_en_vraagt_om_te_wissen(page, live_server, loket):
    vraag = OpvangvraagFactory(
        gezin__loket=loket, status="ingetrokken", ingetrokken_op=timezone.now(), intrek_reden="niet_meer_nodig"
    )
    OuderFactory(gezin=vraag.gezin, voornaam="An", achternaam="Peeters", email="an.peeters@example.be")

    page.goto(f"{live_server.url}/mijn/")
    page.get_by_label("Je e-mailadres").fill("an.peeters@example.be")
    page.get_by_role("button", name="Stuur me een link").click()
    kop(page, "Kijk in je mailbox")
    pad = re.search(r"/mijn/inloggen/[A-Za-z0-9_\-]+/", mail.outbox[0].body).group(0)
    page.goto(f"{live_server.url}{pad}")
    page.get_by_role("button", name="Inloggen").click()
    kop(page, "Mijn aanvragen")

    page.get_by_role("link", name="Mijn gegevens: alles downloaden of laten wissen").click()
    kop(page, "Mijn gegevens")
    axe_controle(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download als JSON (voor een computer)").click()
    gegevens = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert gegevens["gezinnen"][0]["ouders"][0]["achternaam"] == "Peeters"

    page.get_by_role("link", name="Vraag om mijn gegevens te wissen").click()
    kop(page, "Wil je je gegevens laten wissen?")
    axe_controle(page)
    page.get_by_role("button", name="Ja, vraag om mijn gegevens te wissen").click()
    expect(page.get_by_text("Vink dit aan als je je gegevens wil laten wissen.")).to_be_visible()
    axe_controle(page)
    page.get_by_label("Ik begrijp het", exact=False).check()
    page.get_by_role("button", name="Ja, vraag om mijn gegevens te wissen").click()
    kop(page, "Mijn gegevens")
    expect(page.get_by_text("Je vraag om je gegevens te wissen is doorgegeven.", exact=False)).to_be_visible()
    axe_controle(page)
    assert Wisverzoek.objects.filter(gezin=vraag.gezin, afgehandeld_op__isnull=True).count() == 1


def test_coordinator_bekijkt_audit_en_wist(page, live_server, loket):
    coordinator = GebruikerFactory(email="coordinator@gent.be", rol=Rol.COORDINATOR, loket=loket)
    vraag = OpvangvraagFactory(
        gezin__loket=loket, status="ingetrokken", ingetrokken_op=timezone.now(), intrek_reden="niet_meer_nodig"
    )
    ouder = OuderFactory(gezin=vraag.gezin, voornaam="An", achternaam="Peeters")
    Wisverzoek.objects.create(gezin=vraag.gezin, gevraagd_op=timezone.now())

    inloggen(page, live_server, coordinator)
    expect(page.get_by_text("1 gezin vraagt om zijn gegevens te wissen.", exact=False)).to_be_visible()
    page.get_by_role("link", name="Bekijk de verzoeken").click()
    kop(page, "Verzoeken om gegevens te wissen")
    axe_controle(page)
    page.get_by_role("row").nth(1).get_by_role("link").click()
    kop(page, "Verzoek om gegevens te wissen")
    axe_controle(page)

    page.get_by_role("link", name="Wie bekeek dit gezin?").click()
    kop(page, "Wie bekeek of wijzigde dit gezin?")
    expect(page.get_by_role("cell", name="gegevens van het gezin bekeken").first).to_be_visible()
    axe_controle(page)
    page.go_back()

    page.get_by_label("Ik heb nagekeken", exact=False).check()
    page.get_by_role("button", name="Gegevens wissen").click()
    kop(page, "Verzoeken om gegevens te wissen")
    expect(page.get_by_text("De gegevens van het gezin zijn gewist.", exact=False)).to_be_visible()
    axe_controle(page)
    assert Ouder.objects.get(pk=ouder.pk).achternaam == ""
