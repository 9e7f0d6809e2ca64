"""The desk's worklist and request pages at a laptop's width (1366 px), in headless Chromium."""

import pytest
from playwright.sync_api import expect

from tests.aanmelding.test_ouder_browser import AXE_BRON
from tests.browser import inloggen
from tests.factories import OpvangvraagFactory, OuderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAST_IN_SELECT = """(select) => {
    const stijl = getComputedStyle(select);
    const tekst = document.createElement("span");
    tekst.style.font = stijl.font;
    tekst.style.whiteSpace = "nowrap";
    tekst.textContent = select.options[select.selectedIndex].text;
    document.body.appendChild(tekst);
    const breedte = tekst.getBoundingClientRect().width;
    tekst.remove();
    return select.clientWidth - parseFloat(stijl.paddingLeft) - parseFloat(stijl.paddingRight) - breedte;
}"""


def best_practice(page, regels):
    """axe-core's named rules (best practices outside the WCAG tags): no violation of any impact."""
    page.evaluate(AXE_BRON)
    resultaat = page.evaluate(
        "async (regels) => await axe.run(document, {runOnly: {type: 'rule', values: regels}})", regels
    )
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in resultaat["violations"]] == []


def test_werklijst_op_1366_px_breekt_geen_referentie_en_toont_de_statusfilter(page, live_server, medewerker, loket):
    page.set_viewport_size({"width": 1366, "height": 768})
    vraag = OpvangvraagFactory(
        gezin__loket=loket, referentie="26-A1B2C3", kind__voornaam="Marie-Louise", kind__achternaam="Vandenberghe"
    )
    OuderFactory(gezin=vraag.gezin, voornaam="Anne-Sophie", achternaam="Vandenberghe-Desmet", telefoon="0470 12 34 56")
    inloggen(page, live_server, medewerker)
    expect(page.get_by_role("link", name="26-A1B2C3")).to_be_visible()
    assert page.get_by_role("link", name="26-A1B2C3").evaluate("(a) => a.getClientRects().length") == 1
    assert page.get_by_label("Status").evaluate(PAST_IN_SELECT) >= 0

    page.goto(f"{live_server.url}/loket/vraag/{vraag.pk}/")
    best_practice(page, ["empty-table-header", "heading-order"])
    page.goto(f"{live_server.url}/loket/vraag/{vraag.pk}/kandidaten/")
    best_practice(page, ["empty-table-header", "heading-order"])
