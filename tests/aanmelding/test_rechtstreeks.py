"""Requests that reach a provider directly: registered in the central request, or referred to the desk."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from aanmelding.models import Doorverwijzing, Gezin, Kind, Opvangvraag
from aanmelding.queries import doorverwijzingen_voor_loket
from loket.logboek import logregels_voor
from loket.models import Logregel
from tests.factories import LocatieFactory, OpvangvraagFactory, VoorkeurFactory

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate()
DAG = datetime.timedelta(days=1)


def aanvraag_data(locatie, **extra):
    data = {
        "locatie": locatie.pk,
        "ouder_voornaam": "Sara",
        "ouder_achternaam": "Janssens",
        "ouder_telefoon": "0470 11 22 33",
        "ouder_email": "sara@example.be",
        "taal": "nl",
        "straat": "Dorp 1",
        "postcode": "9000",
        "gemeente": locatie.gemeente_id,
        "kind_voornaam": "Mila",
        "kind_achternaam": "Janssens",
        "kind_geboortedatum": (VANDAAG - 60 * DAG).isoformat(),
        "gewenste_startdatum": (VANDAAG + 120 * DAG).isoformat(),
        "weekschema_0": "D",
        "weekschema_1": "D",
        "weekschema_2": "V",
        "weekschema_3": "-",
        "weekschema_4": "-",
        "weekschema_5": "-",
        "weekschema_6": "-",
        "vg_werk_of_opleiding": "on",
        "toestemming": "on",
        "toestemming_wijze": "mondeling aan de telefoon",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


BEVESTIGING = "Bedankt. Lokaal Loket Kinderopvang Gent heeft de aanvraag voor Mila ontvangen"


def test_aanvraag_registreren_maakt_centrale_vraag_met_kanaal_aanbieder(
    client, django_capture_on_commit_callbacks, loket, locatie, aanbieder
):
    client.force_login(aanbieder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/aanbieder/aanvraag/", aanvraag_data(locatie))
    vraag = Opvangvraag.objects.get()
    assert (response.status_code, response.url) == (302, "/aanbieder/aanvraag/")
    assert (vraag.loket, vraag.kanaal, vraag.ingediend_door, vraag.weekschema, str(vraag.dagen_per_week)) == (
        loket,
        "aanbieder",
        aanbieder,
        "DDV----",
        "2.5",
    )
    assert vraag.toestemming_op is not None
    assert vraag.toestemming_wijze == "mondeling aan de telefoon"
    assert [(v.locatie, v.rang) for v in vraag.voorkeuren.all()] == [(locatie, 1)]
    assert (vraag.vg_werk_of_opleiding, vraag.gezin.opvang_voor_werk_of_opleiding) == (True, True)
    assert [r.actie for r in logregels_voor(vraag)] == ["opvangvraag.ingediend"]
    assert [m.to for m in mail.outbox] == [["sara@example.be"]]
    tekst = client.get(response.url).text
    assert BEVESTIGING in tekst
    assert vraag.referentie not in tekst


def test_aanvraag_registreren_dubbel_kind_wordt_doorverwijzing_zonder_iets_te_verraden(
    client, django_capture_on_commit_callbacks, loket, locatie, aanbieder
):
    """The walk-in of a child that has a request goes to the desk: the request stays as it was,
    and the provider reads the same answer as for a new child (no reference, no inbox entry).
    """
    loket.email = "loket@gent.be"
    loket.save()
    bestaande = OpvangvraagFactory(
        gezin__loket=loket,
        kind__voornaam="MILA",
        kind__achternaam=" janssens ",
        kind__geboortedatum=VANDAAG - 60 * DAG,
        referentie="BESTAAND",
        weekschema="DDDDD--",
    )
    elders = LocatieFactory(naam="Kinderdagverblijf Elders")  # another organisation's
    VoorkeurFactory(vraag=bestaande, locatie=elders, rang=1)
    client.force_login(aanbieder)
    gevraagd = VANDAAG + 120 * DAG
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/aanbieder/aanvraag/", aanvraag_data(locatie, zaterdag="on"), follow=True)
    assert response.redirect_chain == [("/aanbieder/aanvraag/", 302)]
    assert BEVESTIGING in response.text
    assert "BESTAAND" not in response.text
    assert Opvangvraag.objects.count() == 1
    assert (Gezin.objects.count(), Kind.objects.count()) == (1, 1)  # the family typed again was not kept
    bestaande.refresh_from_db()
    assert [(v.locatie, v.rang) for v in bestaande.voorkeuren.order_by("rang")] == [(elders, 1)]
    assert (bestaande.weekschema, bestaande.zaterdag) == ("DDDDD--", False)
    assert [r.actie for r in logregels_voor(bestaande)] == []
    doorverwijzing = Doorverwijzing.objects.get()
    assert (doorverwijzing.loket, doorverwijzing.vraag, doorverwijzing.locatie, doorverwijzing.reden) == (
        loket,
        bestaande,
        locatie,
        "al_aanvraag",
    )
    assert doorverwijzing.gewenste_startdatum == gevraagd
    assert doorverwijzing.toelichting.splitlines() == [
        f"Gevraagde startdatum: {gevraagd:%d/%m/%Y}",
        "Gevraagde dagen: maandag (volledige dag), dinsdag (volledige dag), woensdag (voormiddag)",
        "Ook: op zaterdag",
        f"Gekozen locaties: {locatie.naam}",
    ]
    assert [m.to for m in mail.outbox] == [["loket@gent.be"]]  # the desk, not the family
    assert client.get(f"/aanbieder/inbox/{bestaande.pk}/").status_code == 404
    # A second walk-in for the same child is a second referral (the desk sees what was typed each time).
    client.post("/aanbieder/aanvraag/", aanvraag_data(locatie))
    assert Doorverwijzing.objects.count() == 2


def test_aanvraag_registreren_gemeente_volgt_uit_postcode(client, loket, locatie, aanbieder):
    """Postal code 9000 with "Evergem" chosen is Gent: the wizard's lookup decides, not a free choice."""
    from tests.factories import EVERGEM, gemeente

    client.force_login(aanbieder)
    assert "Select an option" not in client.get("/aanbieder/aanvraag/").text
    client.post("/aanbieder/aanvraag/", aanvraag_data(locatie, gemeente=gemeente(EVERGEM).pk))
    vraag = Opvangvraag.objects.get()
    assert (vraag.gezin.postcode, vraag.gezin.gemeente.naam_nl, vraag.gemeente.naam_nl) == ("9000", "Gent", "Gent")


@pytest.mark.parametrize(
    ("postcode", "melding"),
    [
        ("", "Dit veld is verplicht."),
        ("0001", "Deze postcode kennen we niet. Kijk de postcode na."),
        ("90a0", "Een postcode heeft 4 cijfers."),
    ],
)
def test_aanvraag_registreren_slechte_postcode_bewaart_niets(client, loket, locatie, aanbieder, postcode, melding):
    client.force_login(aanbieder)
    response = client.post("/aanbieder/aanvraag/", aanvraag_data(locatie, postcode=postcode))
    assert response.status_code == 200
    assert melding in response.text
    assert (Opvangvraag.objects.count(), Gezin.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("wijziging", "melding"),
    [
        ({"toestemming": None}, "Zonder toestemming van het gezin kan je de aanvraag niet registreren."),
        ({"ouder_telefoon": "", "ouder_email": ""}, "Geef een telefoonnummer of e-mailadres van de ouder."),
        ({"gewenste_startdatum": (VANDAAG - DAG).isoformat()}, "De gewenste startdatum ligt in het verleden."),
        ({"dringend": "on"}, "Kies waarom de aanvraag dringend is."),
    ],
)
def test_aanvraag_registreren_slechte_invoer_bewaart_niets(client, loket, locatie, aanbieder, wijziging, melding):
    client.force_login(aanbieder)
    response = client.post("/aanbieder/aanvraag/", aanvraag_data(locatie, **wijziging))
    assert response.status_code == 200
    assert melding in response.text
    assert (Opvangvraag.objects.count(), Gezin.objects.count(), Logregel.objects.count()) == (0, 0, 0)


def test_aanvraag_registreren_voor_andermans_locatie_kan_niet(client, loket, locatie, andere_aanbieder):
    client.force_login(andere_aanbieder)
    response = client.post("/aanbieder/aanvraag/", aanvraag_data(locatie))
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.text
    assert Opvangvraag.objects.count() == 0


def test_doorverwijzen_vanuit_inbox_in_een_actie(client, django_capture_on_commit_callbacks, loket, locatie, aanbieder):
    loket.email = "loket@gent.be"
    loket.save()
    vraag = OpvangvraagFactory(gezin__loket=loket)
    VoorkeurFactory(vraag=vraag, locatie=locatie)
    client.force_login(aanbieder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/aanbieder/inbox/{vraag.pk}/doorverwijzen/", {"reden": "geen_plaats", "toelichting": "Volzet tot 2027."}
        )
    assert response.status_code == 302
    doorverwijzing = Doorverwijzing.objects.get()
    assert (doorverwijzing.loket, doorverwijzing.vraag, doorverwijzing.locatie, doorverwijzing.door) == (
        loket,
        vraag,
        locatie,
        aanbieder,
    )
    assert (doorverwijzing.reden, doorverwijzing.toelichting, doorverwijzing.naam) == (
        "geen_plaats",
        "Volzet tot 2027.",
        "",
    )
    assert [r.actie for r in logregels_voor(doorverwijzing)] == ["doorverwijzing.gemaakt"]
    [bericht] = mail.outbox
    assert (bericht.to, bericht.subject) == (["loket@gent.be"], f"Nieuwe doorverwijzing van {locatie.naam}")
    assert vraag.kind.voornaam not in bericht.body
    response = client.post(f"/aanbieder/inbox/{vraag.pk}/doorverwijzen/", {"reden": "andere"}, follow=True)
    assert "Deze aanvraag werd al doorverwezen naar het loket." in response.text
    assert Doorverwijzing.objects.count() == 1


def doorverwijs_data(locatie, **extra):
    data = {
        "locatie": locatie.pk,
        "naam": "Fatima El Amrani",
        "telefoon": "0488 12 34 56",
        "gemeente": locatie.gemeente_id,
        "kind_geboortedatum": (VANDAAG + 40 * DAG).isoformat(),
        "reden": "begeleiding",
        "toelichting": "Zoekt ook hulp bij het inkomenstarief.",
        "toestemming": "on",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def test_doorverwijzen_gezin_zonder_vraag(client, loket, locatie, aanbieder):
    client.force_login(aanbieder)
    response = client.post("/aanbieder/doorverwijzen/", doorverwijs_data(locatie))
    assert (response.status_code, response.url) == (302, "/aanbieder/")
    doorverwijzing = Doorverwijzing.objects.get()
    assert (doorverwijzing.loket, doorverwijzing.vraag, doorverwijzing.naam, doorverwijzing.telefoon) == (
        loket,
        None,
        "Fatima El Amrani",
        "0488 12 34 56",
    )
    assert doorverwijzing.toestemming_op is not None


@pytest.mark.parametrize(
    ("wijziging", "melding"),
    [
        ({"toestemming": None}, "Zonder toestemming van het gezin kan je het niet doorverwijzen."),
        ({"telefoon": ""}, "Geef een telefoonnummer of e-mailadres, zodat het loket het gezin kan bereiken."),
        ({"reden": "onzin"}, "Selecteer een geldige keuze"),
    ],
)
def test_doorverwijzen_slechte_invoer_bewaart_niets(client, loket, locatie, aanbieder, wijziging, melding):
    client.force_login(aanbieder)
    response = client.post("/aanbieder/doorverwijzen/", doorverwijs_data(locatie, **wijziging))
    assert response.status_code == 200
    assert melding in response.text
    assert Doorverwijzing.objects.count() == 0


def test_loket_ziet_doorverwijzingen_met_wie_en_waarom(client, loket, locatie, aanbieder, medewerker):
    client.force_login(aanbieder)
    client.post("/aanbieder/doorverwijzen/", doorverwijs_data(locatie))
    client.force_login(medewerker)
    tekst = client.get("/loket/doorverwijzingen/").text
    for verwacht in ("Fatima El Amrani", "0488 12 34 56", locatie.naam, "aanbieder@bolleke.be", "begeleiding"):
        assert verwacht in tekst
    assert [r.actie for r in Logregel.objects.filter(actie__startswith="doorverwijzing.")] == [
        "doorverwijzing.bekeken",
        "doorverwijzing.gemaakt",
    ]
    doorverwijzing = Doorverwijzing.objects.get()
    response = client.post(f"/loket/doorverwijzingen/{doorverwijzing.pk}/afgehandeld/")
    assert (response.status_code, response.url) == (302, "/loket/doorverwijzingen/?loket=gent")
    doorverwijzing.refresh_from_db()
    assert (doorverwijzing.afgehandeld_door, doorverwijzing.afgehandeld_op is not None) == (medewerker, True)


def test_doorverwijzingen_van_ander_loket_onzichtbaar(client, loket, locatie, aanbieder, medewerker_ander_loket):
    client.force_login(aanbieder)
    client.post("/aanbieder/doorverwijzen/", doorverwijs_data(locatie))
    doorverwijzing = Doorverwijzing.objects.get()
    client.force_login(medewerker_ander_loket)
    assert "Fatima" not in client.get("/loket/doorverwijzingen/").text
    assert client.post(f"/loket/doorverwijzingen/{doorverwijzing.pk}/afgehandeld/").status_code == 404
    doorverwijzing.refresh_from_db()
    assert doorverwijzing.afgehandeld_op is None


def test_doorverwijzingen_lijst_weigert_aanbieder_en_ouder(client, aanbieder, andere_ouder):
    for gebruiker in (aanbieder, andere_ouder):
        client.force_login(gebruiker)
        assert client.get("/loket/doorverwijzingen/").status_code == 403


def test_doorverwijzingen_lijst_vast_aantal_queries(
    client, loket, locatie, aanbieder, medewerker, django_assert_num_queries
):
    from aanmelding.doorverwijzingen import doorverwijzing_maken

    def maak():
        vraag = OpvangvraagFactory(gezin__loket=loket)
        doorverwijzing_maken(door=aanbieder, locatie=locatie, vraag=vraag, reden="geen_plaats")

    maak()
    client.force_login(medewerker)
    client.get("/loket/doorverwijzingen/")
    with django_assert_num_queries(9):
        assert client.get("/loket/doorverwijzingen/").status_code == 200
    for _ in range(9):
        maak()
    with django_assert_num_queries(9):
        response = client.get("/loket/doorverwijzingen/")
    assert response.text.count(">Afgehandeld</button>") == 10
    assert doorverwijzingen_voor_loket(loket).count() == 10


def test_doorverwijzingen_anonimiseren_na_bewaartermijn(loket, locatie, aanbieder):
    from aanmelding.doorverwijzingen import doorverwijzing_afhandelen, doorverwijzing_maken
    from aanmelding.privacy import doorverwijzingen_anonimiseren

    nu = timezone.now()

    def maak(naam):
        return doorverwijzing_maken(
            door=aanbieder,
            locatie=locatie,
            loket=loket,
            reden="geen_plaats",
            toelichting=f"Bel {naam} na vijf uur.",
            naam=naam,
            telefoon="0488 00 00 00",
            toestemming=True,
        )

    oud_afgehandeld = maak("Oud Afgehandeld")
    doorverwijzing_afhandelen(doorverwijzing=oud_afgehandeld, door=aanbieder, nu=nu - 5 * 366 * DAG)
    oud_open = maak("Oud Open")
    Doorverwijzing.objects.filter(pk=oud_open.pk).update(aangemaakt_op=nu - 5 * 366 * DAG)
    recent = maak("Recent")
    doorverwijzing_afhandelen(doorverwijzing=recent, door=aanbieder, nu=nu - 4 * 365 * DAG)

    assert doorverwijzingen_anonimiseren(nu=nu) == 2
    assert doorverwijzingen_anonimiseren(nu=nu) == 0
    gewist = Doorverwijzing.objects.get(pk=oud_afgehandeld.pk)
    assert (gewist.naam, gewist.telefoon, gewist.toelichting, gewist.reden, gewist.geanonimiseerd_op) == (
        "",
        "",
        "",
        "geen_plaats",
        nu,
    )
    assert Doorverwijzing.objects.get(pk=recent.pk).naam == "Recent"
    assert Doorverwijzing.objects.get(pk=oud_open.pk).naam == ""
    [regel] = [r for r in logregels_voor(gewist) if r.actie == "doorverwijzing.geanonimiseerd"]
    assert regel.details == {}


def test_doorverwijzingen_lijst_zegt_geboren_of_verwacht(client, loket, locatie, aanbieder, medewerker):
    client.force_login(aanbieder)
    client.post("/aanbieder/doorverwijzen/", doorverwijs_data(locatie, kind_geboortedatum=(VANDAAG - 40 * DAG)))
    client.post("/aanbieder/doorverwijzen/", doorverwijs_data(locatie, naam="Tweede Gezin"))
    client.force_login(medewerker)
    tekst = client.get("/loket/doorverwijzingen/").text
    assert f"kind geboren op {VANDAAG - 40 * DAG:%d/%m/%Y}" in tekst
    assert f"kind verwacht op {VANDAAG + 40 * DAG:%d/%m/%Y}" in tekst
    assert "(verwacht) geboren" not in tekst


def test_doorverwijzing_registreer_dit_gezin_vult_de_balieregistratie_in(
    client, loket, locatie, aanbieder, medewerker, medewerker_ander_loket
):
    client.force_login(aanbieder)
    client.post(
        "/aanbieder/doorverwijzen/",
        doorverwijs_data(locatie, email="fatima@example.be", gewenste_startdatum=(VANDAAG + 90 * DAG).isoformat()),
    )
    doorverwijzing = Doorverwijzing.objects.get()
    client.force_login(medewerker)
    url = f"/loket/aanmelden/?loket=gent&amp;doorverwijzing={doorverwijzing.pk}#registratie"
    assert url in client.get("/loket/doorverwijzingen/").text
    response = client.get(f"/loket/aanmelden/?loket=gent&doorverwijzing={doorverwijzing.pk}")
    formulieren = response.context["f"]
    assert (formulieren["ouder1"]["voornaam"].value(), formulieren["ouder1"]["achternaam"].value()) == (
        "Fatima",
        "El Amrani",
    )
    assert (formulieren["ouder1"]["telefoon"].value(), formulieren["ouder1"]["email"].value()) == (
        "0488 12 34 56",
        "fatima@example.be",
    )
    assert (formulieren["kind"]["geboren"].value(), formulieren["kind"]["geboortedatum"].value()) == (
        "nee",
        VANDAAG + 40 * DAG,
    )
    assert formulieren["opvang"]["gewenste_startdatum"].value() == VANDAAG + 90 * DAG
    assert formulieren["voorkeuren"]["keuze_1"].value() == locatie.pk
    assert "Zoekt ook hulp bij het inkomenstarief." in response.text
    # Another desk's staff cannot open it; a referral about a request has no such link.
    client.force_login(medewerker_ander_loket)
    assert client.get(f"/loket/aanmelden/?doorverwijzing={doorverwijzing.pk}").status_code == 404
