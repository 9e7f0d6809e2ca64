"""Browser journeys of the aanbod app in headless Chromium, with an axe-core check on the pages shown."""

import datetime

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from aanbod.models import VrijePlaats
from aanmelding.models import Doorverwijzing, Opvangvraag
from tests.aanmelding.test_ouder_browser import axe_controle
from tests.factories import (
    DESTELBERGEN,
    LocatieFactory,
    OpvangvraagFactory,
    VoorkeurFactory,
    VrijePlaatsFactory,
    gemeente,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VANDAAG = timezone.localdate()
DAG = datetime.timedelta(days=1)


def inloggen(page, live_server, gebruiker):
    """Log in with password and the second factor (an authenticator app linked beforehand)."""
    apparaat = TOTPDevice.objects.create(user=gebruiker, name="telefoon", confirmed=True)
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("E-mailadres").fill(gebruiker.email)
    page.get_by_label("Wachtwoord").fill("wachtwoord-voor-tests")
    page.get_by_role("button", name="Aanmelden").last.click()
    page.get_by_label("Code uit je authenticator-app").fill(f"{totp(apparaat.bin_key):06d}")
    page.get_by_role("button", name="Bevestigen").click()


def test_aanbieder_bevestigt_declareert_registreert_en_verwijst_door(page, live_server, loket, locatie, aanbieder):
    plaats = VrijePlaatsFactory(locatie=locatie, aantal=1, bevestigd_op=timezone.now() - 30 * DAG)
    inloggen(page, live_server, aanbieder)
    expect(page).to_have_url(f"{live_server.url}/aanbieder/")
    kaart = page.get_by_role("region", name=f"{locatie.naam} {locatie.gemeente}")
    expect(kaart.get_by_text("verouderd", exact=True).first).to_be_visible()
    axe_controle(page)

    # "Nothing changed" in one click.
    kaart.get_by_role("button", name="Niets veranderd: bevestigen").click()
    expect(page.get_by_role("status").first).to_contain_text("zijn bevestigd op")
    plaats.refresh_from_db()
    assert timezone.now() - plaats.bevestigd_op < datetime.timedelta(minutes=5)

    # A new declaration on the one screen.
    page.get_by_role("region", name=f"{locatie.naam} {locatie.gemeente}").get_by_role(
        "link", name="Vrije plaatsen aanpassen"
    ).click()
    nieuw = page.get_by_role("region", name="Vrije plaats toevoegen")
    nieuw.get_by_label("Vrij vanaf").fill((VANDAAG + 30 * DAG).isoformat())
    nieuw.get_by_label("Aantal plaatsen").fill("2")
    nieuw.get_by_label("Leeftijd").select_option("baby")
    for dag in ("Maandag", "Dinsdag", "Woensdag"):
        nieuw.get_by_label(dag).select_option("D")
    nieuw.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("status").first).to_have_text("De vrije plaats is toegevoegd.")
    axe_controle(page)
    nieuwe = VrijePlaats.objects.exclude(pk=plaats.pk).get()
    assert (nieuwe.aantal, nieuwe.leeftijdsgroep, nieuwe.vanaf) == (2, "baby", VANDAAG + 30 * DAG)
    assert nieuwe.weekschema.startswith("DDD")

    # A family walked in: register its request in the central request.
    page.get_by_role("link", name="Mijn locaties").first.click()
    page.get_by_role("link", name="Aanvraag registreren voor een gezin").click()
    page.get_by_label("Voornaam ouder").fill("Sara")
    page.get_by_label("Achternaam ouder").fill("Janssens")
    page.get_by_label("Telefoon ouder").fill("0470 11 22 33")
    page.get_by_label("Straat en nummer").fill("Dorp 1")
    page.get_by_label("Postcode").fill("9000")  # the municipality follows from it, as in the wizard
    page.get_by_label("Voornaam kind").fill("Mila")
    page.get_by_label("Achternaam kind").fill("Janssens")
    page.get_by_label("Geboortedatum of verwachte geboortedatum").fill((VANDAAG - 90 * DAG).isoformat())
    page.get_by_label("Gewenste startdatum").fill((VANDAAG + 60 * DAG).isoformat())
    for dag in ("Maandag", "Dinsdag"):
        page.get_by_label(dag).select_option("D")
    page.get_by_label("Het gezin geeft toestemming om deze aanvraag bij het lokaal loket te registreren.").check()
    page.get_by_label("Hoe gaf het gezin toestemming?").fill("mondeling aan de balie")
    axe_controle(page)
    page.get_by_role("button", name="Aanvraag registreren").click()
    expect(page.get_by_role("status").first).to_contain_text("heeft de aanvraag voor Mila ontvangen")
    vraag = Opvangvraag.objects.get()
    assert (vraag.kanaal, vraag.voorkeuren.get().locatie, vraag.gezin.gemeente.naam_nl) == (
        "aanbieder",
        locatie,
        "Gent",
    )

    # Another family the provider cannot help: referred to the desk in one action.
    page.get_by_role("link", name="Mijn locaties").first.click()
    page.get_by_role("link", name="Gezin doorverwijzen naar het loket").click()
    page.get_by_label("Naam van de ouder").fill("Fatima El Amrani")
    page.get_by_label("Telefoon").fill("0488 12 34 56")
    page.get_by_label("Waarom verwijs je door?").select_option("begeleiding")
    page.get_by_label("Het gezin geeft toestemming om deze gegevens aan het lokaal loket door te geven.").check()
    axe_controle(page)
    page.get_by_role("button", name="Doorverwijzen").click()
    expect(page.get_by_role("status").first).to_have_text(f"Het gezin is doorverwezen naar {loket.naam}.")
    assert Doorverwijzing.objects.get().naam == "Fatima El Amrani"


def test_ouder_vindt_locatie_op_gemeente_en_leeftijd(page, live_server, loket):
    gezocht = LocatieFactory(
        naam="Kinderdagverblijf Het Klavertje",
        gemeente=gemeente(DESTELBERGEN),
        telefoon="09 355 00 11",
        leeftijd_van_maanden=0,
        leeftijd_tot_maanden=36,
    )
    VrijePlaatsFactory(locatie=gezocht, aantal=2, vanaf=VANDAAG + 20 * DAG)
    LocatieFactory(naam="Peuterplek Gent", leeftijd_van_maanden=18)
    LocatieFactory(naam="Peuterplek Destelbergen", gemeente=gemeente(DESTELBERGEN), leeftijd_van_maanden=18)

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Opvang zoeken").first.click()
    page.get_by_label("Gemeente").select_option(label="Destelbergen")
    page.get_by_label("Leeftijd van je kind bij de start (in maanden)").fill("8")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("heading", level=2, name="1 opvanglocatie")).to_be_visible()
    resultaat = page.get_by_role("link", name="Kinderdagverblijf Het Klavertje")
    expect(resultaat).to_be_visible()
    expect(page.get_by_text("Peuterplek")).to_have_count(0)
    axe_controle(page)
    resultaat.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kinderdagverblijf Het Klavertje")
    expect(page.get_by_role("link", name="09 355 00 11")).to_be_visible()
    expect(page.get_by_text(f"2 plaatsen vanaf {VANDAAG + 20 * DAG:%d/%m/%Y}")).to_be_visible()
    axe_controle(page)


def test_loketmedewerker_ziet_passende_locaties_voor_een_vraag(page, live_server, loket, medewerker):
    vraag = OpvangvraagFactory(gezin__loket=loket, weekschema="DDD----", referentie="26-MATCH1")
    gekozen = VrijePlaatsFactory(locatie=LocatieFactory(naam="De Gekozen Stek"), vanaf=vraag.gewenste_startdatum)
    VoorkeurFactory(vraag=vraag, locatie=gekozen.locatie)
    VrijePlaatsFactory(
        locatie=LocatieFactory(naam="Het Zonnetje", gemeente=gemeente(DESTELBERGEN)),
        vanaf=vraag.gewenste_startdatum,
        bevestigd_op=timezone.now() - 40 * DAG,
    )
    inloggen(page, live_server, medewerker)
    page.goto(f"{live_server.url}/loket/vraag/{vraag.pk}/kandidaten/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Passende locaties voor aanvraag 26-MATCH1")
    lijst = page.get_by_role("list").filter(has_text="De Gekozen Stek").first
    expect(lijst.get_by_role("link", name="De Gekozen Stek", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Het Zonnetje", exact=True)).to_be_visible()
    expect(page.get_by_text("Alle gevraagde dagen passen (ma, di, wo).").first).to_be_visible()
    expect(page.get_by_text("Gekozen door het gezin")).to_be_visible()
    expect(page.get_by_text("Elders in het werkingsgebied")).to_be_visible()
    axe_controle(page)

    # A candidate's button opens the offer form with its location and free place chosen; choosing
    # another location reloads the free places of that one (htmx, no inline script).
    page.get_by_role("link", name="Voorstel doen voor deze plaats (De Gekozen Stek)").click()
    # htmx (a deferred script) listens from the page's load on: a change before it is a plain one.
    page.wait_for_load_state()
    expect(page.get_by_label("Locatie")).to_have_value(str(gekozen.locatie_id))
    expect(page.get_by_label("Vrije plaats")).to_have_value(str(gekozen.pk))
    page.get_by_label("Locatie").select_option(label="Het Zonnetje")
    expect(page.get_by_label("Vrije plaats").locator("option")).to_have_count(2)
    expect(page.get_by_label("Vrije plaats")).to_contain_text("2 plaatsen vrij vanaf")
    expect(page.get_by_label("Vrije plaats").locator(f"option[value='{gekozen.pk}']")).to_have_count(0)
    axe_controle(page)
