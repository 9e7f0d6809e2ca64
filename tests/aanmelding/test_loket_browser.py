"""Browser journeys of the desk and a referrer in headless Chromium, with an axe-core check per page."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from aanmelding.models import Opvangvraag
from tests.aanmelding.test_ouder_browser import axe_controle
from tests.factories import OpvangvraagFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def inloggen(page, live_server, email, *, apparaat=None):
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill("wachtwoord-voor-tests")
    page.get_by_role("button", name="Aanmelden").last.click()
    if apparaat is not None:
        page.get_by_label("Code uit je authenticator-app").fill(f"{totp(apparaat.bin_key):06d}")
        page.get_by_role("button", name="Bevestigen").click()


def gekoppelde_app(gebruiker):
    return TOTPDevice.objects.create(user=gebruiker, name="telefoon", confirmed=True)


def test_loketmedewerker_met_gekoppelde_app_komt_op_werklijst_en_filtert(page, live_server, medewerker, loket):
    OpvangvraagFactory(gezin__loket=loket, referentie="26-GEWOON")
    OpvangvraagFactory(gezin__loket=loket, referentie="26-DRINGEND", dringend=True, dringend_reden="crisis")
    inloggen(page, live_server, "medewerker@gent.be", apparaat=gekoppelde_app(medewerker))

    expect(page).to_have_url(f"{live_server.url}/loket/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Werklijst")
    expect(page.get_by_role("link", name="26-GEWOON")).to_be_visible()
    axe_controle(page)
    page.get_by_label("dringend").check()
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("link", name="26-DRINGEND")).to_be_visible()
    expect(page.get_by_role("link", name="26-GEWOON")).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="aanvraag")).to_have_text("1 aanvraag")


def test_loketmedewerker_registreert_gezin_telefonisch(page, live_server, medewerker, loket, locatie):
    inloggen(page, live_server, "medewerker@gent.be", apparaat=gekoppelde_app(medewerker))
    page.get_by_role("link", name="Gezin aanmelden (balie of telefoon)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gezin aanmelden aan de balie of telefonisch")
    axe_controle(page)

    # First: is the family known? (It is not.)
    page.get_by_label("Naam van kind of ouder").fill("Janssens")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_text("Geen gezin gevonden.")).to_be_visible()

    geboren = timezone.localdate() - datetime.timedelta(days=100)
    start = timezone.localdate() + datetime.timedelta(days=60)
    page.locator("#id_kind-voornaam").fill("Lotte")
    page.locator("#id_kind-achternaam").fill("Janssens")
    page.locator("#id_kind-geboren_0").check()
    page.locator("#id_kind-geboortedatum").fill(geboren.isoformat())
    page.locator("#id_ouder1-voornaam").fill("An")
    page.locator("#id_ouder1-achternaam").fill("Janssens")
    page.locator("#id_ouder1-telefoon").fill("0470 11 22 33")
    page.locator("#id_adres-straat").fill("Veldstraat 1")
    page.locator("#id_adres-postcode").fill("9000")
    page.locator("#id_opvang-gewenste_startdatum").fill(start.isoformat())
    for dag in range(4):
        page.locator(f"#id_opvang-weekschema_{dag}").select_option("D")
    page.locator("#id_voorkeuren-keuze_1").select_option(label="Kinderdagverblijf Het Bolleke — Gent")
    expect(page.get_by_label("telefonisch")).to_be_checked()
    page.get_by_role("button", name="Aanvraag registreren").click()

    # One mistake on the way: the privacy notice was not yet explained.
    expect(page.get_by_text("Leg eerst uit wat het loket met de gegevens doet.")).to_be_visible()
    expect(page.locator("#id_kind-voornaam")).to_have_value("Lotte")  # nothing typed is lost
    page.get_by_label("Het gezin kreeg uitleg over wat het loket met zijn gegevens doet en gaat akkoord.").check()
    for dag in range(4):  # the week grid comes back as it was posted
        expect(page.locator(f"#id_opvang-weekschema_{dag}")).to_have_value("D")
    page.get_by_role("button", name="Aanvraag registreren").click()

    vraag = Opvangvraag.objects.get()
    expect(page).to_have_url(f"{live_server.url}/loket/vraag/{vraag.pk}/")
    expect(page.get_by_text(f"Aanvraag {vraag.referentie} is geregistreerd.")).to_be_visible()
    expect(page.get_by_role("link", name="Ontvangstbewijs (PDF) afdrukken")).to_be_visible()
    axe_controle(page)
    assert (vraag.kanaal, vraag.ingediend_door, str(vraag.kind)) == ("telefoon", medewerker, "Lotte Janssens")

    # The same child once more: refused, with a link to the existing request.
    page.goto(f"{live_server.url}/loket/aanmelden/?naam=lotte")
    expect(page.get_by_role("link", name=vraag.referentie)).to_be_visible()
    expect(page.get_by_text("loopt nog")).to_be_visible()


def test_toeleider_dient_aanvraag_in_voor_gezin(page, live_server, toeleider, loket, locatie):
    inloggen(page, live_server, "toeleider@ocmw.be")
    expect(page).to_have_url(f"{live_server.url}/toeleider/")
    axe_controle(page)
    page.get_by_role("link", name="Aanvraag indienen voor een gezin").click()
    expect(page).to_have_url(f"{live_server.url}/toeleider/aanmelden/")
    axe_controle(page)

    gisteren = timezone.localtime() - datetime.timedelta(days=1)
    page.get_by_label("Wanneer gaf het gezin toestemming?").fill(gisteren.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Hoe gaf het gezin toestemming?").select_option("schriftelijk")
    page.locator("#id_kind-voornaam").fill("Yasmine")
    page.locator("#id_kind-achternaam").fill("El Amrani")
    page.locator("#id_kind-geboren_1").check()  # not born yet
    page.locator("#id_kind-geboortedatum").fill((timezone.localdate() + datetime.timedelta(days=40)).isoformat())
    page.locator("#id_ouder1-voornaam").fill("Samira")
    page.locator("#id_ouder1-achternaam").fill("El Amrani")
    page.locator("#id_ouder1-email").fill("samira@example.be")
    page.locator("#id_adres-straat").fill("Dampoortstraat 12")
    page.locator("#id_adres-postcode").fill("9000")
    page.locator("#id_opvang-gewenste_startdatum").fill(
        (timezone.localdate() + datetime.timedelta(days=150)).isoformat()
    )
    for dag in range(5):
        page.locator(f"#id_opvang-weekschema_{dag}").select_option("V")
    page.locator("#id_voorkeuren-voorkeur_gemeente").select_option(label="Gent")
    page.get_by_label("Kwetsbaar gezin: waarom? (niet verplicht)").fill("Net verhuisd, geen netwerk")
    page.get_by_role("button", name="Aanvraag indienen").click()

    vraag = Opvangvraag.objects.get()
    expect(page).to_have_url(re.compile(rf"/toeleider/vraag/{vraag.pk}/$"))
    expect(page.get_by_text(f"Aanvraag {vraag.referentie} is ingediend.")).to_be_visible()
    axe_controle(page)
    assert (vraag.kanaal, vraag.toeleider, vraag.toestemming_wijze) == (
        "toeleider",
        toeleider,
        "schriftelijk (ondertekend formulier)",
    )
    assert vraag.gezin.kwetsbaar is True
    assert [m.to for m in mail.outbox] == [["samira@example.be", "toeleider@ocmw.be"]]

    page.get_by_role("link", name="Terug naar mijn aanvragen").click()
    expect(page.get_by_role("link", name=vraag.referentie)).to_be_visible()
