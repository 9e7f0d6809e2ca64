"""The policy dashboard in a browser: a policy officer logs in, chooses a period and a municipality
without JavaScript, sees charts and tables but no family; axe-core finds no serious violation."""

from unittest import mock

import pytest
from playwright.sync_api import expect

from loket.models import Rol
from tests.aanmelding.test_ouder_browser import axe_controle
from tests.browser import inloggen
from tests.factories import GebruikerFactory
from tests.rapportage.beleid_data import NU, bouwen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def beleid(loket):
    return GebruikerFactory(email="beleid@gent.be", rol=Rol.BELEID, loket=loket)


@pytest.mark.parametrize("javascript", [True, False])
def test_beleid_dashboard_zonder_persoonsgegevens(
    browser, browser_context_args, live_server, loket, beleid, javascript
):
    with mock.patch("django.utils.timezone.now", return_value=NU):
        bouwen(loket)
    context = browser.new_context(
        **{**browser_context_args, "java_script_enabled": javascript, "viewport": {"width": 1280, "height": 900}}
    )
    page = context.new_page()
    inloggen(page, live_server, beleid)
    # After login the policy officer lands on the dashboard, linked from the menu.
    expect(page.get_by_role("heading", name="Beleidsinformatie", exact=True)).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Beleidsinformatie")
    ).to_be_visible()
    page.get_by_label("Van (maand)").fill("2024-01")
    page.get_by_label("Tot en met (maand)").fill("2024-12")
    page.get_by_label("Gemeente", exact=True).select_option(label="Gent")
    page.get_by_role("button", name="Toon").click()
    expect(page.get_by_role("heading", name="7. Bereik van kwetsbare gezinnen")).to_be_visible()
    expect(page.get_by_role("img", name="Nieuwe vragen en kinderen per maand", exact=True)).to_be_visible()
    inhoud = page.locator("main").inner_text()
    assert "<5" in inhoud
    for naam in ("Lena", "Peeters", "Noah", "Janssens", "Emma", "Mila"):
        assert naam not in inhoud
    if javascript:
        axe_controle(page)
    context.close()
