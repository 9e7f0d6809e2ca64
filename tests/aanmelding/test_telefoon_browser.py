"""The parent pages on a phone (390×844) in headless Chromium: a compact header, the wizard's error
summary in focus, with an axe-core check on each page shown."""

import pytest
from playwright.sync_api import expect

from tests.aanmelding.test_ouder_browser import axe_controle, kop, volgende

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TELEFOON = {"width": 390, "height": 844}


@pytest.fixture
def telefoon(browser):
    context = browser.new_context(locale="nl-BE", viewport=TELEFOON, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("pad", ["/", "/aanmelden/", "/mijn/", "/zoeken/"])
def test_kop_op_telefoon_is_compact_en_raakt_de_rand_niet(telefoon, live_server, loket, pad):
    telefoon.goto(f"{live_server.url}{pad}")
    kader = telefoon.locator("header").bounding_box()
    telefoon.screenshot(path=f"/tmp/e_shots/kop{pad.replace('/', '_')}.png")
    # Was 223 of 844 px: a quarter of the screen before any content.
    assert kader["height"] <= 120, kader
    menu = telefoon.get_by_role("navigation", name="Hoofdmenu")
    for element in (
        menu.get_by_role("link", name="Loket Kinderopvang"),
        menu.get_by_role("link", name="Opvang aanvragen"),
    ):
        assert element.bounding_box()["x"] >= 8, element
    # Every control of the header stays inside the screen, with a margin.
    for knop in menu.get_by_role("button").all() + menu.get_by_role("combobox").all():
        kader_knop = knop.bounding_box()
        assert kader_knop["x"] + kader_knop["width"] <= TELEFOON["width"] - 8, kader_knop
    breedte = telefoon.evaluate("document.documentElement.scrollWidth")
    assert breedte <= TELEFOON["width"]
    axe_controle(telefoon)


def test_foutoverzicht_krijgt_focus_na_verzenden(telefoon, live_server, loket):
    telefoon.goto(f"{live_server.url}/aanmelden/stap/kind/")
    kop(telefoon, "Je kind")
    telefoon.get_by_label("Voornaam van je kind").fill("Lotte")
    volgende(telefoon)
    overzicht = telefoon.locator("#foutoverzicht")
    expect(overzicht).to_be_visible()
    expect(overzicht).to_be_focused()
    expect(overzicht.get_by_role("link")).to_have_count(3)
    axe_controle(telefoon)
    # Each error links to its field.
    overzicht.get_by_role("link", name="Achternaam van je kind").click()
    telefoon.keyboard.type("Peeters")
    expect(telefoon.get_by_label("Achternaam van je kind")).to_have_value("Peeters")
