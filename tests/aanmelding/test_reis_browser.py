"""The whole journey in Chromium: register online -> the chosen provider offers -> the parent accepts
in the portal -> the desk's worklist shows the request assigned and the free place went down by one."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from aanbod.models import VrijePlaats
from aanmelding.models import Opvangvraag
from tests.aanmelding.test_ouder_browser import stappen_doorlopen
from tests.browser import inloggen
from tests.factories import VrijePlaatsFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_van_aanmelding_tot_toewijzing(page, browser, live_server, loket, locatie, aanbieder, medewerker):
    plaats = VrijePlaatsFactory(
        locatie=locatie, aantal=2, weekschema="DDDDD--", vanaf=timezone.localdate() + datetime.timedelta(days=60)
    )

    # 1. A parent registers online and chooses the location.
    stappen_doorlopen(page, live_server, locatie=locatie)
    expect(page.get_by_role("heading", level=1, name="Je aanvraag is verstuurd")).to_be_visible()
    vraag = Opvangvraag.objects.get()

    # 2. The provider sees it in its inbox and offers a place (after checking the difference).
    aanbieder_pagina = browser.new_context(locale="nl-BE").new_page()
    inloggen(aanbieder_pagina, live_server, aanbieder)
    aanbieder_pagina.goto(f"{live_server.url}/aanbieder/inbox/")
    aanbieder_pagina.get_by_role("link", name=vraag.referentie).click()
    aanbieder_pagina.get_by_role("link", name="Een plaats voorstellen").click()
    aanbieder_pagina.get_by_label("Vrije plaats").select_option(str(plaats.pk))
    aanbieder_pagina.get_by_role("button", name="Verschil bekijken").click()
    expect(aanbieder_pagina.get_by_text("Zo ziet het gezin het verschil met de aanvraag")).to_be_visible()
    aanbieder_pagina.get_by_role("button", name="Voorstel versturen").click()
    expect(aanbieder_pagina.get_by_text("Het voorstel is verstuurd.")).to_be_visible()
    assert mail.outbox[-1].to == ["an.peeters@example.be"]

    # 3. The parent logs in with a one-time link and accepts the offer in the portal.
    page.goto(f"{live_server.url}/mijn/")
    page.get_by_label("Je e-mailadres").fill("an.peeters@example.be")
    page.get_by_role("button", name="Stuur me een link").click()
    link = re.search(r"https?://\S+/mijn/inloggen/\S+/", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + link[link.index("/mijn/") :])
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Bekijk het voorstel").first.click()
    page.get_by_role("link", name="Ja, ik aanvaard").click()
    page.get_by_role("button", name="Ja, ik aanvaard deze plaats").click()
    expect(page.get_by_text("Je aanvaardde de plaats.")).to_be_visible()
    vraag.refresh_from_db()
    assert vraag.status == "toegewezen"

    # 4. The desk's worklist shows the request assigned; the free place went down by one.
    loket_pagina = browser.new_context(locale="nl-BE").new_page()
    inloggen(loket_pagina, live_server, medewerker)
    loket_pagina.goto(f"{live_server.url}/loket/?status=toegewezen")
    rij = loket_pagina.get_by_role("row").filter(has_text=vraag.referentie)
    expect(rij).to_contain_text("toegewezen")
    assert VrijePlaats.objects.get(pk=plaats.pk).aantal == 1
    loket_pagina.goto(f"{live_server.url}/loket/vrije-plaatsen/")
    expect(loket_pagina.get_by_role("row").filter(has_text=locatie.naam).first).to_contain_text("1")
