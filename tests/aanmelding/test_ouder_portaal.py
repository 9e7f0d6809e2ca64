"""The parent portal (/mijn/): list, one request with its timeline, change, withdraw, answer offers,
and who may not see any of it."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format

from aanmelding.models import Opvangvoorstel, Opvangvraag
from aanmelding.views.portaal import voorstel_verschil
from aanmelding.voorstellen import voorstel_doen
from loket.models import Logregel
from tests.factories import (
    LocatieFactory,
    OpvangvoorstelFactory,
    OpvangvraagFactory,
    OuderFactory,
    VrijePlaatsFactory,
)

pytestmark = pytest.mark.django_db


def logregels(actie, object):
    return Logregel.objects.filter(
        actie=actie, content_type=ContentType.objects.get_for_model(object), object_id=str(object.pk)
    )


@pytest.fixture
def ouder(ouder_met_vraag):
    return ouder_met_vraag[0]


@pytest.fixture
def vraag(ouder_met_vraag):
    return ouder_met_vraag[1]


@pytest.fixture
def voorstel(vraag, locatie, aanbieder, django_capture_on_commit_callbacks):
    """An open offer made through the service (so the timeline has its Logregel): 6 weeks later, 3 days."""
    with django_capture_on_commit_callbacks(execute=True):
        return voorstel_doen(
            vraag=vraag,
            locatie=locatie,
            door=aanbieder,
            startdatum=vraag.gewenste_startdatum + datetime.timedelta(weeks=6),
            weekschema="DDD----",
        )


# --- the list ------------------------------------------------------------------------------------


def test_portaal_anoniem_toont_inlogformulier(client, loket):
    response = client.get("/mijn/")
    assert response.status_code == 200
    assert "Stuur me een link" in response.text


def test_portaal_personeel_naar_eigen_start(client, medewerker):
    client.force_login(medewerker)
    assert client.get("/mijn/").url == "/start/"


def test_portaal_toont_eigen_vragen_en_logt_inzage(client, ouder, vraag):
    ander = OpvangvraagFactory(gezin__loket=vraag.loket)
    client.force_login(ouder)
    response = client.get("/mijn/")
    assert response.status_code == 200
    assert response.context["vragen"] == [vraag]
    assert vraag.referentie in response.text
    assert ander.referentie not in response.text
    regel = logregels("opvangvraag.bekeken", vraag).get()
    assert (regel.gebruiker, regel.loket, regel.details) == (ouder, vraag.loket, {"pagina": "portaal"})


def test_portaal_toont_open_voorstel(client, ouder, voorstel, locatie):
    client.force_login(ouder)
    response = client.get("/mijn/")
    assert f"{locatie.naam} doet je een voorstel." in response.text
    assert f"/mijn/voorstel/{voorstel.pk}/" in response.text


def _vragen_voor(ouder, loket, aantal, locatie):
    for _ in range(aantal):
        vraag = OpvangvraagFactory(gezin__loket=loket)
        OuderFactory(gezin=vraag.gezin, email=ouder.email, gebruiker=ouder)
        OpvangvoorstelFactory(vraag=vraag, locatie=locatie)


@pytest.mark.parametrize("aantal", [1, 10])
def test_portaal_lijst_vast_aantal_queries(client, andere_ouder, loket, locatie, aantal, django_assert_num_queries):
    _vragen_voor(andere_ouder, loket, aantal, locatie)
    client.force_login(andere_ouder)
    ContentType.objects.clear_cache()
    # session, user, requests, their open offers, the content type, the audit rows (one insert),
    # the desk for the help box and for the footer
    with django_assert_num_queries(8):
        response = client.get("/mijn/")
    assert len(response.context["vragen"]) == aantal
    assert Logregel.objects.filter(actie="opvangvraag.bekeken").count() == aantal


# --- one request ---------------------------------------------------------------------------------


def test_vraag_toont_tijdlijn_en_logt_inzage(client, ouder, vraag, locatie, aanbieder):
    from aanmelding.inbox import opvangvraag_gezien_markeren
    from aanmelding.voorstellen import voorstel_weigeren
    from loket.logboek import logregel_schrijven

    logregel_schrijven(door=None, actie="opvangvraag.ingediend", object=vraag, loket=vraag.loket)
    opvangvraag_gezien_markeren(vraag=vraag, door=aanbieder)
    voorstel = voorstel_doen(
        vraag=vraag, locatie=locatie, door=aanbieder, startdatum=vraag.gewenste_startdatum, weekschema="DDDD---"
    )
    voorstel_weigeren(voorstel=voorstel, door=ouder, reden="prijs")
    # Internal entries stay out of the family's timeline.
    logregel_schrijven(door=aanbieder, actie="opvangvraag.notitie", object=vraag, loket=vraag.loket)
    client.force_login(ouder)
    response = client.get(f"/mijn/vraag/{vraag.pk}/")
    assert response.status_code == 200
    assert [item["tekst"] for item in response.context["tijdlijn"]] == [
        "Je aanvraag is ingediend.",
        f"{locatie.naam} heeft je aanvraag bekeken.",
        f"{locatie.naam} doet een voorstel.",
        f"Je weigerde het voorstel van {locatie.naam}.",
    ]
    assert logregels("opvangvraag.bekeken", vraag).get().details == {"pagina": "vraag"}


def test_vraag_pdf_voor_eigen_vraag(client, ouder, vraag):
    client.force_login(ouder)
    response = client.get(f"/mijn/vraag/{vraag.pk}/bewijs.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert logregels("opvangvraag.bekeken", vraag).get().details == {"pagina": "pdf"}


@pytest.fixture
def aanbieder_niet_gekozen(andere_aanbieder):
    return andere_aanbieder


@pytest.mark.parametrize(
    "persona", ["andere_ouder", "andere_aanbieder", "medewerker_ander_loket", "aanbieder", "medewerker"]
)
@pytest.mark.parametrize(
    ("methode", "pad"),
    [
        ("get", "/mijn/vraag/{vraag}/"),
        ("get", "/mijn/vraag/{vraag}/bewijs.pdf"),
        ("get", "/mijn/vraag/{vraag}/wijzigen/"),
        ("post", "/mijn/vraag/{vraag}/wijzigen/"),
        ("get", "/mijn/vraag/{vraag}/intrekken/"),
        ("post", "/mijn/vraag/{vraag}/intrekken/"),
        ("get", "/mijn/voorstel/{voorstel}/"),
        ("post", "/mijn/voorstel/{voorstel}/aanvaarden/"),
        ("post", "/mijn/voorstel/{voorstel}/weigeren/"),
    ],
)
def test_portaal_vraag_404_voor_buitenstaander(client, request, vraag, voorstel, persona, methode, pad):
    """Another parent, a provider (chosen or not) and desk staff (own desk or another) use their own
    pages, never the family's portal: 404, and nothing changes."""
    client.force_login(request.getfixturevalue(persona))
    url = pad.format(vraag=vraag.pk, voorstel=voorstel.pk)
    response = getattr(client, methode)(url, {"reden": "niet_meer_nodig"} if methode == "post" else None)
    assert response.status_code == 404
    vraag.refresh_from_db()
    voorstel.refresh_from_db()
    assert (vraag.status, voorstel.status) == ("voorstel", "open")


def test_portaal_anoniem_naar_inloggen_of_404(client, vraag):
    assert client.get(f"/mijn/vraag/{vraag.pk}/").status_code == 404


# --- change ----------------------------------------------------------------------------------------


def _wijzig_data(vraag, **extra):
    data = {
        "gewenste_startdatum": (vraag.gewenste_startdatum + datetime.timedelta(days=30)).isoformat(),
        **{f"weekschema_{i}": code for i, code in enumerate("DD-DD--")},
        "voor_7u": "on",
    }
    data.update(extra)
    return data


def test_wijzigen_past_vraag_aan_en_bewaart_originele_start(client, ouder, vraag, locatie):
    origineel = vraag.gewenste_startdatum_origineel
    tweede = LocatieFactory(naam="Tweede keuze")
    client.force_login(ouder)
    formulier = client.get(f"/mijn/vraag/{vraag.pk}/wijzigen/")
    assert formulier.status_code == 200
    assert formulier.context["voorkeuren"]["keuze_1"].value() == locatie.pk
    response = client.post(
        f"/mijn/vraag/{vraag.pk}/wijzigen/", _wijzig_data(vraag, keuze_1=tweede.pk, keuze_2=locatie.pk)
    )
    assert response.status_code == 302
    assert response.url == f"/mijn/vraag/{vraag.pk}/"
    vraag.refresh_from_db()
    assert vraag.gewenste_startdatum == origineel + datetime.timedelta(days=30)
    assert vraag.gewenste_startdatum_origineel == origineel
    assert (vraag.weekschema, vraag.dagen_per_week, vraag.dagen_per_week_origineel) == (
        "DD-DD--",
        Decimal("4"),
        Decimal("4"),
    )
    assert vraag.voor_7u is True
    assert [v.locatie for v in vraag.voorkeuren.all()] == [tweede, locatie]
    regel = logregels("opvangvraag.gewijzigd", vraag).get()
    assert regel.gebruiker == ouder
    assert regel.details["weekschema"] == ["DDDD---", "DD-DD--"]
    assert regel.details["voorkeuren"] == [[locatie.pk], [tweede.pk, locatie.pk]]
    pagina = client.get(response.url)
    assert "Je aanvraag is gewijzigd." in pagina.text
    assert "Eerst gevraagd" in pagina.text
    assert "Je aanvraag is gewijzigd. Door jou." in [i["tekst"] for i in pagina.context["tijdlijn"]]


def test_wijzigen_weigert_foute_invoer(client, ouder, vraag, locatie):
    client.force_login(ouder)
    response = client.post(
        f"/mijn/vraag/{vraag.pk}/wijzigen/",
        _wijzig_data(vraag, gewenste_startdatum="2001-01-01", keuze_1=locatie.pk, keuze_2=locatie.pk),
    )
    assert response.status_code == 200
    assert "Deze datum ligt in het verleden" in response.text
    assert "Deze locatie koos je al" in response.text
    assert not logregels("opvangvraag.gewijzigd", vraag).exists()


def test_wijzigen_houdt_verstreken_startdatum_als_die_niet_verandert(client, ouder, vraag, locatie):
    Opvangvraag.objects.filter(pk=vraag.pk).update(
        gewenste_startdatum=timezone.localdate() - datetime.timedelta(days=3)
    )
    vraag.refresh_from_db()
    client.force_login(ouder)
    data = _wijzig_data(vraag, gewenste_startdatum=vraag.gewenste_startdatum.isoformat(), keuze_1=locatie.pk)
    assert client.post(f"/mijn/vraag/{vraag.pk}/wijzigen/", data).status_code == 302


def test_wijzigen_afgesloten_vraag_geweigerd(client, ouder, vraag):
    Opvangvraag.objects.filter(pk=vraag.pk).update(status="toegewezen")
    client.force_login(ouder)
    response = client.get(f"/mijn/vraag/{vraag.pk}/wijzigen/", follow=True)
    assert "Een afgesloten aanvraag kan je niet meer wijzigen." in response.text


# --- withdraw --------------------------------------------------------------------------------------


def test_intrekken_met_bevestiging_en_reden(client, ouder, vraag, django_capture_on_commit_callbacks):
    client.force_login(ouder)
    bevestiging = client.get(f"/mijn/vraag/{vraag.pk}/intrekken/")
    assert "Ja, trek mijn aanvraag in" in bevestiging.text
    assert Opvangvraag.objects.get(pk=vraag.pk).status == "ingediend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/mijn/vraag/{vraag.pk}/intrekken/", {"reden": "elders_opvang_gevonden", "toelichting": "Oma past op."}
        )
    assert response.url == f"/mijn/vraag/{vraag.pk}/"
    vraag.refresh_from_db()
    assert (vraag.status, vraag.intrek_reden, vraag.intrek_toelichting) == (
        "ingetrokken",
        "elders_opvang_gevonden",
        "Oma past op.",
    )
    regel = logregels("opvangvraag.ingetrokken", vraag).get()
    assert (regel.gebruiker, regel.details["reden"]) == (ouder, "elders_opvang_gevonden")
    assert ouder.email in [adres for bericht in mail.outbox for adres in bericht.to]


def test_intrekken_zonder_reden_geweigerd(client, ouder, vraag):
    client.force_login(ouder)
    response = client.post(f"/mijn/vraag/{vraag.pk}/intrekken/", {"reden": ""})
    assert response.status_code == 200
    assert Opvangvraag.objects.get(pk=vraag.pk).status == "ingediend"


def test_intrekken_tweede_keer_toont_melding(client, ouder, vraag):
    client.force_login(ouder)
    client.post(f"/mijn/vraag/{vraag.pk}/intrekken/", {"reden": "niet_meer_nodig"})
    response = client.post(f"/mijn/vraag/{vraag.pk}/intrekken/", {"reden": "niet_meer_nodig"}, follow=True)
    assert "Deze aanvraag is al afgesloten." in response.text
    assert logregels("opvangvraag.ingetrokken", vraag).count() == 1


# --- offers ----------------------------------------------------------------------------------------


def test_voorstel_toont_verschil_met_vraag(client, ouder, vraag, voorstel):
    client.force_login(ouder)
    response = client.get(f"/mijn/voorstel/{voorstel.pk}/")
    assert response.status_code == 200
    assert response.context["verschil"][:2] == [
        f"Start 6 weken later dan je vroeg: op {date_format(voorstel.startdatum, 'j F Y')}.",
        "3 van de 4 dagen die je vroeg.",
    ]
    assert response.context["verschil"][2] == "Anders dan je vroeg op: donderdag."
    assert logregels("opvangvraag.bekeken", vraag).get().details == {"pagina": "voorstel"}


def test_voorstel_verschil_zinnen(vraag):
    voorstel = Opvangvoorstel(
        vraag=vraag, startdatum=vraag.gewenste_startdatum, weekschema="DDDD---", dagen_per_week=Decimal("4")
    )
    assert voorstel_verschil(voorstel, vraag)[1:] == ["Evenveel dagen als je vroeg."]
    assert voorstel_verschil(voorstel, vraag)[0].startswith("Start op de dag die je vroeg")
    voorstel.startdatum = vraag.gewenste_startdatum - datetime.timedelta(days=3)
    voorstel.weekschema, voorstel.dagen_per_week = "DDDDV--", Decimal("4.5")
    zinnen = voorstel_verschil(voorstel, vraag)
    assert zinnen[0].startswith("Start 3 dagen vroeger dan je vroeg")
    assert zinnen[1] == "Meer dagen dan je vroeg: 4,5 in plaats van 4."
    voorstel.startdatum = vraag.gewenste_startdatum + datetime.timedelta(days=1)
    assert voorstel_verschil(voorstel, vraag)[0].startswith("Start 1 dag later dan je vroeg")


def test_voorstel_aanvaarden(client, ouder, vraag, voorstel, django_capture_on_commit_callbacks):
    client.force_login(ouder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/mijn/voorstel/{voorstel.pk}/aanvaarden/", {"bevestigd": "ja"})
    assert response.url == f"/mijn/vraag/{vraag.pk}/"
    voorstel.refresh_from_db()
    vraag.refresh_from_db()
    assert (voorstel.status, voorstel.antwoord, vraag.status) == ("aanvaard", "aanvaard", "toegewezen")
    assert logregels("opvangvoorstel.aanvaard", voorstel).get().gebruiker == ouder
    pagina = client.get(response.url)
    assert "Je aanvaardde de plaats." in pagina.text
    assert f"Je aanvaardde het voorstel van {voorstel.locatie.naam}." in [
        i["tekst"] for i in pagina.context["tijdlijn"]
    ]


def test_voorstel_aanvaarden_vraagt_eerst_bevestiging(client, ouder, vraag, voorstel):
    client.force_login(ouder)
    # The offer page's "yes" is a link to the confirmation, not the acceptance itself.
    assert f'href="/mijn/voorstel/{voorstel.pk}/aanvaarden/"' in client.get(f"/mijn/voorstel/{voorstel.pk}/").text
    bevestiging = client.get(f"/mijn/voorstel/{voorstel.pk}/aanvaarden/")
    assert bevestiging.status_code == 200
    assert "Aanvaard je deze plaats?" in bevestiging.text
    assert "Let op: dit kan je zelf niet ongedaan maken." in bevestiging.text
    assert 'name="bevestigd" value="ja"' in bevestiging.text
    # One tap on an old form (a POST without the confirmation) accepts nothing.
    response = client.post(f"/mijn/voorstel/{voorstel.pk}/aanvaarden/")
    assert response.url == f"/mijn/voorstel/{voorstel.pk}/aanvaarden/"
    voorstel.refresh_from_db()
    vraag.refresh_from_db()
    assert (voorstel.status, vraag.status) == ("open", "voorstel")
    assert not logregels("opvangvoorstel.aanvaard", voorstel).exists()
    client.post(f"/mijn/voorstel/{voorstel.pk}/aanvaarden/", {"bevestigd": "ja"})
    voorstel.refresh_from_db()
    assert voorstel.status == "aanvaard"
    # Accepted: the confirmation page is gone.
    assert client.get(f"/mijn/voorstel/{voorstel.pk}/aanvaarden/").url == f"/mijn/voorstel/{voorstel.pk}/"


def test_voorstel_weigeren_met_reden(client, ouder, vraag, voorstel, django_capture_on_commit_callbacks):
    client.force_login(ouder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/mijn/voorstel/{voorstel.pk}/weigeren/", {"reden": "te_ver", "opmerking": "Twee bussen."}
        )
    assert response.url == f"/mijn/vraag/{vraag.pk}/"
    voorstel.refresh_from_db()
    vraag.refresh_from_db()
    assert (voorstel.status, voorstel.weigerreden, voorstel.opmerking, vraag.status) == (
        "geweigerd",
        "te_ver",
        "Twee bussen.",
        "in_behandeling",
    )
    regel = logregels("opvangvoorstel.geweigerd", voorstel).get()
    assert (regel.gebruiker, regel.details) == (ouder, {"reden": "te_ver"})


def test_voorstel_weigeren_zonder_reden_toont_fout(client, ouder, voorstel):
    client.force_login(ouder)
    response = client.post(f"/mijn/voorstel/{voorstel.pk}/weigeren/", {"reden": ""})
    assert response.status_code == 200
    assert response.context["weigerform"].errors["reden"] == ["Dit veld is verplicht."]
    voorstel.refresh_from_db()
    assert voorstel.status == "open"


def test_voorstel_na_termijn_aanvaarden_toont_melding(client, ouder, voorstel):
    Opvangvoorstel.objects.filter(pk=voorstel.pk).update(
        antwoord_tegen=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(ouder)
    response = client.post(f"/mijn/voorstel/{voorstel.pk}/aanvaarden/", {"bevestigd": "ja"}, follow=True)
    assert response.redirect_chain == [(f"/mijn/voorstel/{voorstel.pk}/", 302)]
    assert any(m.level_tag == "error" for m in response.context["messages"])
    voorstel.refresh_from_db()
    assert voorstel.status == "open"


def test_portaal_foutmelding_in_taal_van_de_ouder(client, ouder_met_vraag):
    from django.utils import timezone

    from aanmelding.models import Opvangvoorstel
    from tests.factories import OpvangvoorstelFactory

    gebruiker, vraag = ouder_met_vraag
    voorstel = OpvangvoorstelFactory(vraag=vraag)
    Opvangvoorstel.objects.filter(pk=voorstel.pk).update(status="ingetrokken", afgesloten_op=timezone.now())
    client.force_login(gebruiker)
    client.cookies["django_language"] = "fr"
    response = client.post(f"/mijn/voorstel/{voorstel.pk}/aanvaarden/", {"bevestigd": "ja"}, follow=True)
    assert "plus ouverte : elle a déjà reçu une réponse" in response.text


@pytest.mark.parametrize(
    ("taal", "melding", "tijdlijn", "onderwerp"),
    [
        (
            "fr",
            "Cette place n&#x27;est plus libre : elle vient d&#x27;être attribuée à quelqu&#x27;un d&#x27;autre.",
            "mais cette place n&#x27;était plus libre. La proposition n&#x27;est plus valable.",
            "Une proposition d'accueil n'est plus valable",
        ),
        (
            "en",
            "This place is no longer free: it was just given to someone else.",
            "but that place was no longer free. The offer no longer stands.",
            "A childcare offer no longer stands",
        ),
    ],
)
def test_aanvaarden_van_ingenomen_plaats_zegt_het_gezin_duidelijk(
    client, django_capture_on_commit_callbacks, ouder, vraag, locatie, taal, melding, tijdlijn, onderwerp
):
    # The offer's free place had one place, and the provider gave it away since (set it to 0).
    plaats = VrijePlaatsFactory(locatie=locatie, aantal=0)
    voorstel = OpvangvoorstelFactory(vraag=vraag, locatie=locatie, vrije_plaats=plaats)
    Opvangvraag.objects.filter(pk=vraag.pk).update(status="voorstel")
    vraag.gezin.taal = taal
    vraag.gezin.save(update_fields=["taal"])
    client.force_login(ouder)
    client.cookies["django_language"] = taal
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/mijn/voorstel/{voorstel.pk}/aanvaarden/", {"bevestigd": "ja"}, follow=True)
    assert response.redirect_chain == [(f"/mijn/voorstel/{voorstel.pk}/", 302)]
    assert melding in response.text
    voorstel.refresh_from_db()
    assert voorstel.status == "ingetrokken"
    assert tijdlijn in client.get(f"/mijn/vraag/{vraag.pk}/").text
    [aan_gezin] = [m for m in mail.outbox if m.to == [ouder.email]]
    assert aan_gezin.subject == f"{onderwerp} ({vraag.referentie})"
