"""The online registration wizard (/aanmelden/), end to end with the Django test client."""

import datetime
import hashlib
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from aanmelding.models import Gezin, Kind, Opvangvraag, Ouder
from loket.models import EenmaligeVerzending, Logregel
from tests.aanmelding.ouder_hulp import STAPPEN, aanmelden, stapdata, stappen_invullen
from tests.factories import ANTWERPEN, DESTELBERGEN, KindFactory, LocatieFactory, OpvangvraagFactory, OuderFactory
from tests.factories import gemeente as gemeente_met_nis

pytestmark = pytest.mark.django_db


def test_aanmelden_volledig_maakt_een_vraag(client, loket, locatie, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = aanmelden(client, stapdata(locatie=locatie))
    assert response.status_code == 302
    assert response.url == "/aanmelden/ingediend/"
    vraag = Opvangvraag.objects.get()
    assert vraag.loket == loket
    assert vraag.kanaal == "online"
    assert vraag.status == "ingediend"
    assert (vraag.kind.voornaam, vraag.kind.achternaam, vraag.kind.verwacht) == ("Lotte", "Peeters", False)
    assert vraag.gezin.postcode == "9000"
    assert vraag.gezin.gemeente.naam_nl == "Gent"
    assert vraag.gemeente.naam_nl == "Gent"
    assert vraag.gezin.taal == "nl"
    assert (vraag.gezin.laag_inkomen, vraag.gezin.opvang_voor_werk_of_opleiding, vraag.gezin.kwetsbaar) == (
        True,
        True,
        True,
    )
    assert [(o.voornaam, o.email, o.situatie) for o in vraag.gezin.ouders.all()] == [
        ("An", "an.peeters@example.be", "werkt")
    ]
    assert vraag.weekschema == "DDDV---"
    assert vraag.dagen_per_week == vraag.dagen_per_week_origineel == Decimal("3.5")
    assert vraag.gewenste_startdatum == vraag.gewenste_startdatum_origineel
    assert vraag.gewenste_startdatum == timezone.localdate() + datetime.timedelta(days=90)
    assert (vraag.zaterdag, vraag.voor_7u, vraag.dringend) == (True, False, False)
    assert (vraag.vg_werk_of_opleiding, vraag.vg_laag_inkomen, vraag.vg_alleenstaande_ouder) == (True, True, False)
    assert [v.locatie for v in vraag.voorkeuren.all()] == [locatie]
    assert vraag.toestemming_wijze == "online aangevinkt"
    assert vraag.toestemming_op is not None
    assert Logregel.objects.filter(actie="opvangvraag.ingediend", object_id=str(vraag.pk)).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["an.peeters@example.be"]
    assert vraag.referentie in mail.outbox[0].subject
    assert "maandag (volledige dag)" in mail.outbox[0].body

    bevestiging = client.get("/aanmelden/ingediend/")
    assert bevestiging.status_code == 200
    assert vraag.referentie in bevestiging.text
    assert Logregel.objects.filter(actie="opvangvraag.bekeken", object_id=str(vraag.pk)).count() == 1
    assert "aanmelding" not in client.session  # the typed data is gone from the session


def test_aanmelden_bewaart_niets_voor_de_bevestiging(client, loket, locatie):
    overzicht = stappen_invullen(client, stapdata(locatie=locatie))
    assert overzicht.status_code == 200
    assert "Lotte Peeters" in overzicht.text
    assert (Gezin.objects.count(), Kind.objects.count(), Ouder.objects.count(), Opvangvraag.objects.count()) == (
        0,
        0,
        0,
        0,
    )


def test_aanmelden_terug_behoudt_wat_getypt_werd(client, loket):
    data = stapdata()
    assert client.post("/aanmelden/stap/kind/", data["kind"]).url == "/aanmelden/stap/gezin/"
    # Typed an invalid e-mail, then went back: nothing is lost, not even the invalid text.
    gezin = {**data["gezin"], "ouder1-email": "an.peeters@", "actie": "vorige"}
    assert client.post("/aanmelden/stap/gezin/", gezin).url == "/aanmelden/stap/kind/"
    kind = client.get("/aanmelden/stap/kind/")
    assert 'value="Lotte"' in kind.text
    assert 'value="Peeters"' in kind.text
    terug = client.get("/aanmelden/stap/gezin/")
    assert 'value="an.peeters@"' in terug.text
    assert "Dit is geen geldig e-mailadres" in terug.text
    # Going back from the summary to step 1 and forward again keeps every later step.
    stappen_invullen(client, data)
    assert client.get("/aanmelden/stap/opvang/").context["opvang"]["zaterdag"].value() is True
    assert client.post("/aanmelden/stap/kind/", data["kind"]).url == "/aanmelden/nakijken/"


@pytest.mark.parametrize(
    ("stap", "wijziging", "veld", "melding"),
    [
        ("adres", {"postcode": "9999"}, "postcode", "Deze postcode kennen we niet"),
        # Raw input reaches a query before validation: a NUL byte is a database error on PostgreSQL.
        ("adres", {"postcode": "\x00"}, "postcode", "Een postcode heeft 4 cijfers"),
        ("gezin", {"ouder1-email": "an@"}, "ouder1-email", "Dit is geen geldig e-mailadres"),
        ("kind", {"geboortedatum": "2019-01-01"}, "geboortedatum", "ouder dan 4 jaar"),
        (
            "opvang",
            {"weekschema_0": "-", "weekschema_1": "-", "weekschema_2": "-", "weekschema_3": "-"},
            "weekschema",
            "Kies minstens één dag",
        ),
        ("opvang", {"gewenste_startdatum": "2020-01-01"}, "gewenste_startdatum", "in het verleden"),
        ("privacy", {"toestemming": ""}, "toestemming", "Vink dit aan"),
    ],
)
def test_aanmelden_foute_invoer_blijft_op_stap_met_melding(client, loket, stap, wijziging, veld, melding):
    data = stapdata()
    for vorige in STAPPEN[: STAPPEN.index(stap)]:
        client.post(f"/aanmelden/stap/{vorige}/", data[vorige])
    response = client.post(f"/aanmelden/stap/{stap}/", {**data[stap], **wijziging})
    assert response.status_code == 200
    assert melding in response.text
    assert f'id="error_1_id_{veld}"' in response.text or 'id="weekschema_fout_1"' in response.text
    assert client.get("/aanmelden/nakijken/").url == f"/aanmelden/stap/{stap}/"


def test_aanmelden_start_voor_geboorte_geweigerd(client, loket):
    data = stapdata()
    verwacht = timezone.localdate() + datetime.timedelta(days=150)
    client.post("/aanmelden/stap/kind/", {**data["kind"], "geboren": "nee", "geboortedatum": verwacht.isoformat()})
    for stap in ("gezin", "adres"):
        client.post(f"/aanmelden/stap/{stap}/", data[stap])
    response = client.post("/aanmelden/stap/opvang/", data["opvang"])
    assert response.status_code == 200
    assert "De opvang kan niet starten voor de geboorte" in response.text


def test_aanmelden_stap_overslaan_kan_niet(client, loket):
    assert client.get("/aanmelden/stap/opvang/").url == "/aanmelden/stap/kind/"
    assert client.get("/aanmelden/nakijken/").url == "/aanmelden/stap/kind/"
    assert client.get("/aanmelden/stap/bestaat-niet/").status_code == 404


def test_aanmelden_voorkeuren_meer_keuzes_en_filter(client, loket):
    loket.max_voorkeuren = 0
    loket.save()
    gent = LocatieFactory(naam="Crèche Gent")
    destelbergen = LocatieFactory(naam="Crèche Destelbergen", gemeente=gemeente_met_nis(DESTELBERGEN))
    data = stapdata(locatie=gent)
    for stap in STAPPEN[:4]:
        client.post(f"/aanmelden/stap/{stap}/", data[stap])
    assert len(client.get("/aanmelden/stap/voorkeuren/").context["voorkeuren"].keuzevelden()) == 5
    client.post("/aanmelden/stap/voorkeuren/", {"keuze_1": gent.pk, "actie": "meer"})
    pagina = client.get("/aanmelden/stap/voorkeuren/")
    assert len(pagina.context["voorkeuren"].keuzevelden()) == 8
    client.post("/aanmelden/stap/voorkeuren/", {"keuze_1": gent.pk, "actie": "filter", "filter_gemeente": DESTELBERGEN})
    gefilterd = client.get("/aanmelden/stap/voorkeuren/").context["voorkeuren"]
    # The filter narrows the lists, but the location already chosen stays available.
    assert {waarde for waarde, _label in gefilterd.fields["keuze_2"].choices if waarde} == {
        str(gent.pk),
        str(destelbergen.pk),
    }
    assert gefilterd["keuze_1"].value() == str(gent.pk)


@pytest.mark.parametrize(
    ("keuze", "melding"),
    [
        ("abc", "Kies een locatie uit de lijst."),
        ("9" * 25, "Kies een locatie uit de lijst."),
        ("-1", "Kies een locatie uit de lijst."),
        ("\x00", "Kies een locatie uit de lijst."),
    ],
)
def test_aanmelden_filter_met_onzinnige_keuze_geeft_een_melding(client, loket, keuze, melding):
    data = stapdata()
    for stap in STAPPEN[:4]:
        client.post(f"/aanmelden/stap/{stap}/", data[stap])
    client.post("/aanmelden/stap/voorkeuren/", {"actie": "filter", "filter_gemeente": DESTELBERGEN})
    response = client.post("/aanmelden/stap/voorkeuren/", {"keuze_1": keuze})
    assert response.status_code == 200
    assert melding in response.text


def test_aanmelden_te_veel_voorkeuren_geweigerd(client, loket):
    loket.max_voorkeuren = 1
    loket.save()
    eerste, tweede = LocatieFactory(), LocatieFactory()
    data = stapdata()
    for stap in STAPPEN[:4]:
        client.post(f"/aanmelden/stap/{stap}/", data[stap])
    response = client.post("/aanmelden/stap/voorkeuren/", {"keuze_1": eerste.pk, "keuze_2": tweede.pk})
    assert response.status_code == 200
    assert "Je kan hoogstens 1 locatie kiezen." in response.text


def test_aanmelden_met_loket_parameter(client, loket, ander_loket):
    client.get("/aanmelden/?loket=antwerpen")
    data = stapdata()
    data["adres"] = {"straat": "Meir 1", "postcode": "2000"}
    data["voorkeuren"] = {"voorkeur_gemeente": gemeente_met_nis(ANTWERPEN).pk}
    aanmelden(client, data)
    vraag = Opvangvraag.objects.get()
    assert vraag.loket == ander_loket
    assert vraag.voorkeur_gemeente.naam_nl == "Antwerpen"
    assert client.get("/aanmelden/?loket=bestaat-niet").status_code == 404


def test_aanmelden_als_ingelogde_ouder_koppelt_account(client, ouder_met_vraag):
    gebruiker, _ = ouder_met_vraag
    client.force_login(gebruiker)
    aanmelden(client, stapdata(voornaam="Broer", email=gebruiker.email))
    nieuwe = Opvangvraag.objects.get(kind__voornaam="Broer")
    assert nieuwe.ingediend_door == gebruiker
    assert list(nieuwe.gezin.ouders.values_list("gebruiker", flat=True)) == [gebruiker.pk]
    assert client.get("/mijn/").context["vragen"][0] == nieuwe


@pytest.mark.parametrize(
    ("voornaam", "achternaam"),
    [("Lotte", "Peeters"), ("LOTTE", "peeters"), ("  Lötte ", "Peeters  "), ("lotte", "  PEETERS")],
)
def test_aanmelden_zelfde_kind_vriendelijk_geweigerd(
    client, loket, voornaam, achternaam, django_capture_on_commit_callbacks
):
    geboren = timezone.localdate() - datetime.timedelta(days=200)
    bestaande = OpvangvraagFactory(
        gezin__loket=loket, kind__voornaam="Lotte", kind__achternaam="Peeters", kind__geboortedatum=geboren
    )
    OuderFactory(gezin=bestaande.gezin, voornaam="Bert", email="bert@example.be")
    data = stapdata(voornaam=voornaam, achternaam=achternaam, geboren=geboren, email="iemand.anders@example.be")
    with django_capture_on_commit_callbacks(execute=True):
        response = aanmelden(client, data)
    assert response.status_code == 302
    assert response.url == "/aanmelden/al-aangevraagd/"
    assert list(Opvangvraag.objects.all()) == [bestaande]
    assert (Kind.objects.count(), Gezin.objects.count()) == (1, 1)
    assert [m.to for m in mail.outbox] == [["bert@example.be"]]
    assert mail.outbox[0].subject == "Er loopt al een aanvraag voor je kind"
    assert re.search(r"/mijn/inloggen/[A-Za-z0-9_\-]+/", mail.outbox[0].body)
    pagina = client.get(response.url)
    assert pagina.status_code == 200
    assert "Er loopt al een aanvraag voor dit kind" in pagina.text
    for geheim in (bestaande.referentie, "bert@example.be", "Bert"):
        assert geheim not in pagina.text


def test_aanmelden_ander_kind_met_zelfde_naam_wel_toegelaten(client, loket):
    KindFactory(gezin__loket=loket, voornaam="Lotte", achternaam="Peeters")
    OpvangvraagFactory(
        gezin__loket=loket,
        kind__voornaam="Lotte",
        kind__achternaam="Peeters",
        kind__geboortedatum=timezone.localdate() - datetime.timedelta(days=500),
    )
    assert aanmelden(client, stapdata()).url == "/aanmelden/ingediend/"
    assert Opvangvraag.objects.count() == 2


def test_aanmelden_dubbel_klik_maakt_een_vraag(client, loket, locatie, django_capture_on_commit_callbacks):
    overzicht = stappen_invullen(client, stapdata(locatie=locatie))
    token = overzicht.context["token"]
    with django_capture_on_commit_callbacks(execute=True):
        eerste = client.post("/aanmelden/bevestigen/", {"token": token})
        tweede = client.post("/aanmelden/bevestigen/", {"token": token})
    assert eerste.url == tweede.url == "/aanmelden/ingediend/"
    assert Opvangvraag.objects.count() == 1
    assert len(mail.outbox) == 1


def test_aanmelden_gelijktijdig_verzonden_vindt_eerste_vraag(client, loket, locatie):
    """Two requests with the same token at once: the second one fails on the unique key and shows
    the request the first one made (simulated: the key is already in the database)."""
    overzicht = stappen_invullen(client, stapdata(locatie=locatie))
    token = overzicht.context["token"]
    eerste = OpvangvraagFactory(gezin__loket=loket)
    EenmaligeVerzending.objects.create(sleutel=hashlib.sha256(token.encode()).hexdigest(), object_id=str(eerste.pk))
    response = client.post("/aanmelden/bevestigen/", {"token": token})
    assert response.url == "/aanmelden/ingediend/"
    assert Opvangvraag.objects.count() == 1
    assert client.get("/aanmelden/ingediend/").context["vraag"] == eerste


def test_aanmelden_bevestigen_zonder_token_maakt_niets(client, loket, locatie):
    stappen_invullen(client, stapdata(locatie=locatie))
    response = client.post("/aanmelden/bevestigen/", {"token": "vals"})
    assert response.url == "/aanmelden/nakijken/"
    assert Opvangvraag.objects.count() == 0
    assert client.get("/aanmelden/bevestigen/").status_code == 405


def test_ingediend_en_pdf_alleen_in_dezelfde_sessie(client, loket, locatie):
    from django.test import Client

    aanmelden(client, stapdata(locatie=locatie))
    pdf = client.get("/aanmelden/ingediend/bewijs.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    vreemde = Client()
    assert vreemde.get("/aanmelden/ingediend/").status_code == 404
    assert vreemde.get("/aanmelden/ingediend/bewijs.pdf").status_code == 404


def test_aanmelden_opnieuw_wist_wat_getypt_werd(client, loket):
    client.post("/aanmelden/stap/kind/", stapdata()["kind"])
    assert client.get("/aanmelden/").context["bezig"] is True
    client.post("/aanmelden/opnieuw/")
    assert "aanmelding" not in client.session
    assert client.get("/aanmelden/stap/gezin/").url == "/aanmelden/stap/kind/"


def test_bewijs_vat_de_aanvraag_samen(loket, locatie):
    from aanmelding.pdf import bewijs_html, bewijs_pdf

    vraag = OpvangvraagFactory(gezin__loket=loket, kind__voornaam="Lotte", weekschema="DDV----", zaterdag=True)
    vraag.voorkeuren.create(locatie=locatie, rang=1)
    OuderFactory(gezin=vraag.gezin, voornaam="An", achternaam="Peeters", email="an@example.be")
    html = bewijs_html(vraag)
    for tekst in (
        vraag.referentie,
        "Lotte",
        "An Peeters",
        "an@example.be",
        "maandag: volledige dag",
        "woensdag: voormiddag",
        "op zaterdag",
        locatie.naam,
        loket.telefoon,
        "/mijn/",
    ):
        assert tekst in html
    assert bewijs_pdf(vraag).startswith(b"%PDF-")
