"""Browser journey in headless Chromium: a desk user logs in and lands on the worklist."""

import pytest
from playwright.sync_api import expect

from tests.factories import OpvangvraagFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_loketmedewerker_logt_in_en_komt_op_werklijst(page, live_server, medewerker, loket):
    OpvangvraagFactory(gezin__loket=loket, referentie="26-ABC123")
    page.goto(f"{live_server.url}/loket/")
    expect(page).to_have_url(f"{live_server.url}/inloggen/?next=/loket/")
    page.get_by_label("E-mailadres").fill("medewerker@gent.be")
    page.get_by_label("Wachtwoord").fill("wachtwoord-voor-tests")
    page.get_by_role("button", name="Aanmelden").last.click()
    expect(page).to_have_url(f"{live_server.url}/loket/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Werklijst")
    expect(page.get_by_text("26-ABC123")).to_be_visible()
