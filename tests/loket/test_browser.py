"""Browser journey in headless Chromium: a desk user logs in (two steps) and lands on the worklist."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.factories import OpvangvraagFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_loketmedewerker_logt_in_met_twee_stappen_en_komt_op_werklijst(page, live_server, medewerker, loket):
    OpvangvraagFactory(gezin__loket=loket, referentie="26-ABC123")
    page.goto(f"{live_server.url}/loket/")
    expect(page).to_have_url(f"{live_server.url}/inloggen/?next=/loket/")
    page.get_by_label("E-mailadres").fill("medewerker@gent.be")
    page.get_by_label("Wachtwoord").fill("wachtwoord-voor-tests")
    page.get_by_role("button", name="Aanmelden").last.click()

    # First login: link an authenticator app with the key shown, then type its code.
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden in twee stappen")
    expect(page.get_by_role("img", name="QR-code om je authenticator-app te koppelen")).to_be_visible()
    apparaat = TOTPDevice.objects.get(user=medewerker, confirmed=False)
    assert apparaat.config_url.split("secret=")[1].startswith(page.locator("code").inner_text()[:8])
    page.get_by_label("Code uit je authenticator-app").fill(f"{totp(apparaat.bin_key):06d}")
    page.get_by_role("button", name="Bevestigen").click()

    expect(page).to_have_url(f"{live_server.url}/loket/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Werklijst")
    expect(page.get_by_text("26-ABC123")).to_be_visible()


@pytest.mark.parametrize("pad", ["/", "/zoeken/", "/aanmelden/", "/inloggen/"])
def test_publieke_pagina_zonder_consolefout_of_ontbrekend_bestand(page, live_server, pad):
    """The Content-Security-Policy blocks nothing a page itself loads (htmx's indicator style once
    was), and nothing it asks for is missing (the favicon once was)."""
    fouten, mislukt = [], []
    page.on("console", lambda bericht: bericht.type == "error" and fouten.append(bericht.text))
    page.on("response", lambda antwoord: antwoord.status >= 400 and mislukt.append(antwoord.url))
    page.goto(live_server.url + pad)
    page.wait_for_load_state("load")
    page.goto(live_server.url + "/favicon.ico")
    assert (fouten, mislukt) == ([], [])
