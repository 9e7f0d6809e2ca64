"""The wizard's steps under odd use: many clicks, junk input, going back and forth, Back after sending."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aanmelding.forms import MAX_KEUZES_ONBEPERKT
from aanmelding.models import ATYPISCH_Q, Opvangvraag
from aanmelding.registratie import opvangvraag_wijzigen
from loket.models import Logregel
from tests.aanmelding.ouder_hulp import STAPPEN, aanmelden, stapdata, stappen_invullen, weekschema
from tests.factories import DESTELBERGEN, LocatieFactory, OpvangvraagFactory, OuderFactory
from tests.factories import gemeente as gemeente_met_nis

pytestmark = pytest.mark.django_db


def _tot_voorkeuren(client, data):
    for stap in STAPPEN[:4]:
        assert client.post(f"/aanmelden/stap/{stap}/", data[stap]).status_code == 302


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


# --- many preferences, junk in the session ------------------------------------------------------


def test_voorkeuren_meer_keuzes_begrensd_met_vaste_querytelling(client, loket):
    loket.max_voorkeuren = 0
    loket.save()
    for _i in range(25):
        LocatieFactory()
    _tot_voorkeuren(client, stapdata())
    eerste, queries_eerst = _queries(client, "/aanmelden/stap/voorkeuren/")
    assert eerste.context["voorkeuren"].aantal == 5
    for _i in range(40):
        client.post("/aanmelden/stap/voorkeuren/", {"actie": "meer"})
    laatste, queries_laatst = _queries(client, "/aanmelden/stap/voorkeuren/")
    # Unlimited at the desk: at most MAX_KEUZES_ONBEPERKT selects, the locations read once for all of them.
    assert laatste.context["voorkeuren"].aantal == MAX_KEUZES_ONBEPERKT == 20
    assert laatste.text.count('name="keuze_') == 20
    assert "Nog meer keuzes" not in laatste.text
    assert queries_laatst == queries_eerst


def test_voorkeuren_meer_keuzes_niet_boven_maximum_van_loket(client, loket):
    loket.max_voorkeuren = 3
    loket.save()
    _tot_voorkeuren(client, stapdata())
    for _i in range(5):
        client.post("/aanmelden/stap/voorkeuren/", {"actie": "meer"})
    assert client.get("/aanmelden/stap/voorkeuren/").context["voorkeuren"].aantal == 3
    assert client.session["aanmelding"]["voorkeuren_aantal"] <= 3


def test_sessie_bewaart_alleen_bekende_velden_en_blijft_klein(client, loket, locatie):
    _tot_voorkeuren(client, stapdata())
    rommel = {f"veld_{i}": "x" * 1000 for i in range(200)}
    for _i in range(10):
        client.post(
            "/aanmelden/stap/voorkeuren/",
            {"actie": "meer", "keuze_1": locatie.pk, "keuze_999": "1", "keuze_5000": "2", **rommel},
        )
    client.post("/aanmelden/stap/opvang/", {**stapdata()["opvang"], "gewenste_startdatum": "9" * 100_000})
    stappen = client.session["aanmelding"]["stappen"]
    assert set(stappen["voorkeuren"]) == {"keuze_1"}
    assert set(stappen["opvang"]) <= {"gewenste_startdatum", "zaterdag", *(f"weekschema_{i}" for i in range(7))}
    assert len(stappen["opvang"]["gewenste_startdatum"][0]) == 2000
    assert len(json.dumps(dict(client.session.items()))) < 10_000
    # What was kept still says what was wrong, and the choice is still there.
    assert "Voer een geldige datum in." in client.get("/aanmelden/stap/opvang/").text


# --- 500s on raw input ------------------------------------------------------------------------------


@pytest.mark.parametrize("sleutel", ["keuze_²", "keuze_٣", "keuze_1²", "voorkeuren-keuze_²", "keuze_" + "9" * 30])
def test_voorkeuren_keuzeveld_met_vreemd_cijfer_geeft_geen_fout(client, loket, locatie, sleutel):
    _tot_voorkeuren(client, stapdata())
    response = client.post("/aanmelden/stap/voorkeuren/", {"keuze_1": locatie.pk, sleutel: locatie.pk})
    assert response.status_code == 302
    assert response.url == "/aanmelden/stap/situatie/"
    assert set(client.session["aanmelding"]["stappen"]["voorkeuren"]) == {"keuze_1"}


@pytest.mark.postgres
@pytest.mark.parametrize("waarde", ["\x00", "44\x00021", "４４０２１", "²" * 5])
def test_voorkeuren_filter_met_nul_teken_geeft_geen_fout(client, loket, waarde):
    _tot_voorkeuren(client, stapdata())
    response = client.post("/aanmelden/stap/voorkeuren/", {"actie": "filter", "filter_gemeente": waarde})
    assert response.status_code == 302
    assert client.session["aanmelding"]["filter_gemeente"] == ""
    assert client.get("/aanmelden/stap/voorkeuren/").status_code == 200


def test_voorkeuren_filter_op_gemeente_werkt(client, loket):
    _tot_voorkeuren(client, stapdata())
    client.post("/aanmelden/stap/voorkeuren/", {"actie": "filter", "filter_gemeente": DESTELBERGEN})
    assert client.session["aanmelding"]["filter_gemeente"] == DESTELBERGEN


# --- the wizard's own bugs -------------------------------------------------------------------------


def test_voorkeuren_filter_voor_een_keuze_toont_geen_fout(client, loket, locatie):
    _tot_voorkeuren(client, stapdata())
    client.post("/aanmelden/stap/voorkeuren/", {"actie": "filter", "filter_gemeente": DESTELBERGEN})
    pagina = client.get("/aanmelden/stap/voorkeuren/")
    assert "Kies minstens één locatie" not in pagina.text
    client.post("/aanmelden/stap/voorkeuren/", {"actie": "meer"})
    assert "Kies minstens één locatie" not in client.get("/aanmelden/stap/voorkeuren/").text
    # Volgende without a choice still says it.
    response = client.post("/aanmelden/stap/voorkeuren/", {"actie": "volgende"})
    assert response.status_code == 200
    assert "Kies minstens één locatie" in response.text


def test_vorige_en_dan_volgende_slaat_geen_stap_over(client, loket, locatie):
    data = stapdata(locatie=locatie)
    for stap in STAPPEN[:5]:
        client.post(f"/aanmelden/stap/{stap}/", data[stap])
    # Vorige from step 5 (voorkeuren, filled in validly), then Volgende on step 4: back on step 5.
    assert client.post("/aanmelden/stap/voorkeuren/", {**data["voorkeuren"], "actie": "vorige"}).url == (
        "/aanmelden/stap/opvang/"
    )
    assert client.post("/aanmelden/stap/opvang/", data["opvang"]).url == "/aanmelden/stap/voorkeuren/"


def test_wijzigen_vanuit_nakijken_gaat_terug_naar_nakijken(client, loket, locatie):
    data = stapdata(locatie=locatie)
    assert stappen_invullen(client, data).status_code == 200
    assert client.post("/aanmelden/stap/kind/", data["kind"]).url == "/aanmelden/nakijken/"


def test_zaterdag_in_weekschema_is_atypisch(client, loket, locatie):
    data = stapdata(locatie=locatie)
    data["opvang"] = {"gewenste_startdatum": data["opvang"]["gewenste_startdatum"], **weekschema("-----D-")}
    overzicht = stappen_invullen(client, data)
    assert "Ook: Op zaterdag" in overzicht.text
    client.post("/aanmelden/bevestigen/", {"token": overzicht.context["token"]})
    vraag = Opvangvraag.objects.get()
    assert (vraag.weekschema, vraag.zaterdag, vraag.zon_en_feestdag, vraag.atypisch) == ("-----D-", True, False, True)
    # The report's category reads the same.
    assert Opvangvraag.objects.filter(ATYPISCH_Q).count() == 1


def test_zondag_in_nieuw_weekschema_is_atypisch(loket, medewerker):
    vraag = OpvangvraagFactory(weekschema="DDDDD--")
    vraag = opvangvraag_wijzigen(vraag=vraag, door=medewerker, weekschema="DDDD--V")
    vraag.refresh_from_db()
    assert (vraag.zaterdag, vraag.zon_en_feestdag, vraag.atypisch) == (False, True, True)


def test_foutoverzicht_bovenaan_met_link_per_fout(client, loket):
    response = client.post("/aanmelden/stap/kind/", {"voornaam": "Lotte"})
    assert response.status_code == 200
    kop = re.search(r'<div[^>]*id="foutoverzicht"[^>]*>', response.text).group(0)
    assert "autofocus" in kop
    assert 'tabindex="-1"' in kop
    overzicht = response.text[response.text.index(kop) :]
    overzicht = overzicht[: overzicht.index("</div>")]
    assert 'href="#id_achternaam"' in overzicht
    assert 'href="#id_geboren_0"' in overzicht
    assert 'href="#id_geboortedatum"' in overzicht
    assert 'id="id_geboren_0"' in response.text
    # A step shown again (GET) does not pull the focus to a summary.
    assert 'id="foutoverzicht"' not in client.get("/aanmelden/stap/kind/").text


def test_terug_na_verzenden_zegt_dat_de_aanvraag_verstuurd_is(client, loket, locatie):
    data = stapdata(locatie=locatie)
    assert aanmelden(client, data).url == "/aanmelden/ingediend/"
    vraag = Opvangvraag.objects.get()
    for url in ("/aanmelden/nakijken/", "/aanmelden/stap/privacy/", "/aanmelden/stap/kind/"):
        pagina = client.get(url)
        assert pagina.status_code == 200, url
        assert "Je aanvraag is al verstuurd" in pagina.text
        assert vraag.referentie in pagina.text
        assert pagina["Cache-Control"].startswith("max-age=0")
    # The page shows the request's reference and the child's name: logged as a view.
    assert Logregel.objects.filter(actie="opvangvraag.bekeken", details__pagina="al_verstuurd").count() == 3
    # Sending a step again changes nothing either.
    assert "Je aanvraag is al verstuurd" in client.post("/aanmelden/stap/privacy/", data["privacy"]).text
    # Another child: a new, empty wizard.
    assert client.post("/aanmelden/opnieuw/").url == "/aanmelden/stap/kind/"
    assert "Voornaam van je kind" in client.get("/aanmelden/stap/kind/").text
    assert Opvangvraag.objects.count() == 1


def test_voorkeuren_tonen_gemeente_en_houden_namen_uit_elkaar(loket):
    from aanmelding.forms import VoorkeurenForm

    eerste = LocatieFactory(naam="Kinderdagverblijf De Rakkers", straat="Kerkstraat 1")
    LocatieFactory(naam="Kinderdagverblijf De Rakkers", straat="Veldstraat 9")
    LocatieFactory(naam="Kinderdagverblijf De Rakkers", gemeente=gemeente_met_nis(DESTELBERGEN))
    labels = [label for waarde, label in VoorkeurenForm(loket=loket).fields["keuze_1"].choices if waarde]
    assert sorted(labels) == [
        "Kinderdagverblijf De Rakkers — Destelbergen",
        "Kinderdagverblijf De Rakkers — Gent, Kerkstraat 1",
        "Kinderdagverblijf De Rakkers — Gent, Veldstraat 9",
    ]
    # The whole choice is also written under its select (a phone cuts the closed select off).
    form = VoorkeurenForm({"keuze_1": eerste.pk}, loket=loket)
    assert (
        form["keuze_1"].help_text == '<span class="d-md-none">Kinderdagverblijf De Rakkers — Gent, Kerkstraat 1</span>'
    )
    assert form["keuze_2"].help_text == ""


def test_bewijs_past_op_een_a4_ook_met_alles_ingevuld(loket):
    """The Dutch receipt of a request holding the most a family can enter fits one A4 page (it spilled
    onto a second one)."""
    from weasyprint import HTML

    from aanmelding.pdf import bewijs_html

    loket.adres = "Huis van het Kind, Kortrijksepoortstraat 146, 9000 Gent"
    loket.openingsuren = {
        "ma": ["09:00-12:00"],
        "di": ["09:00-12:00"],
        "wo": ["09:00-12:00", "13:00-17:00"],
        "do": ["09:00-12:00"],
        "vr": ["09:00-12:00"],
    }
    loket.save()
    vraag = OpvangvraagFactory(
        gezin__loket=loket,
        gezin__straat="Burgemeester Van Gansberghelaan 123 bus 45",
        kind__voornaam="Anne-Sophie Marie",
        kind__achternaam="Vandenberghe-De Clercq",
        weekschema="DDVNDDD",
        voor_7u=True,
        na_18u=True,
        zaterdag=True,
        zon_en_feestdag=True,
        dringend=True,
        dringend_reden="verlies_opvang",
        voorkeur_gemeente=gemeente_met_nis(DESTELBERGEN),
    )
    for rang in range(1, 6):
        locatie = LocatieFactory(naam=f"Kinderdagverblijf Het Kwetternest Gentbrugge-Ledeberg {rang}")
        vraag.voorkeuren.create(locatie=locatie, rang=rang)
    for naam in ("Anne-Sophie", "Jean-Baptiste"):
        OuderFactory(gezin=vraag.gezin, voornaam=naam, achternaam="Vandenberghe-De Clercq")
    html = bewijs_html(vraag, taal="nl")
    assert "Kinderdagverblijf Het Kwetternest Gentbrugge-Ledeberg 5" in html
    assert len(HTML(string=html).render().pages) == 1
