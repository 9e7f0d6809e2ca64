"""The Flemish level's pages and downloads (role opgroeien): counts only, small cells as "<5"."""

import io
import json
import re
from urllib.parse import urljoin, urlsplit

import openpyxl
import pytest
from django.urls import reverse

from aanmelding.models import Notitie
from loket.models import Rol
from rapportage.services import rapport_indienen
from tests.factories import ANTWERPEN, GebruikerFactory, LoketFactory, OuderFactory
from tests.rapportage.conftest import Bouwer, moment

pytestmark = pytest.mark.django_db

JAAR = "?jaar=2019&peildatum=2020-02-29&formaat=2020"

# What identifies a family, put in every field that could carry it.
PERSOONLIJK = [
    "Wolfgang",
    "Zeppelinstraat",
    "w.vandevelde@example.be",
    "0477 12 34 56",
    "Vandevelde",
    "Geheime notitie over het gezin",
    "Allergie voor noten",
    "Verhuisd naar het buitenland",
    "Moeilijke thuissituatie",
]


@pytest.fixture
def analist(db):
    return GebruikerFactory(email="analist@opgroeien.be", rol=Rol.OPGROEIEN, first_name="Ann", last_name="Alist")


@pytest.fixture
def gevuld(loket, coordinator):
    """Two desks, a child at both, personal data everywhere, a submitted report changed since."""
    a, b = Bouwer(loket), Bouwer(LoketFactory(code="buur", naam="Loket Buur", gebied=[ANTWERPEN]))
    for i in range(7):
        vraag = a.vraag(
            start="2019-05-01",
            voornaam="Wolfgang" if i == 0 else f"Kind{i}",
            achternaam="Vandevelde",
            kwetsbaar=True,
            intrek_toelichting="Verhuisd naar het buitenland",
        )
        gezin = vraag.gezin
        gezin.straat, gezin.kwetsbaar_reden = "Zeppelinstraat 9", "Moeilijke thuissituatie"
        gezin.save()
        OuderFactory(
            gezin=gezin,
            voornaam="Wolfgang",
            achternaam="Vandevelde",
            email="w.vandevelde@example.be",
            telefoon="0477 12 34 56",
        )
        vraag.kind.zorgbehoefte_omschrijving = "Allergie voor noten"
        vraag.kind.save()
        Notitie.objects.create(vraag=vraag, tekst="Geheime notitie over het gezin")
    b.vraag(
        start="2019-06-01", ingediend="2019-02-01", voornaam="Wolfgang", achternaam="Vandevelde", gemeente=ANTWERPEN
    )
    rapport_indienen(loket=loket, jaar=2019, formaat="2020", door=coordinator, nu=moment("2020-03-02"))
    a.vraag(start="2019-08-01", ingediend="2019-03-01", voornaam="Laat", achternaam="Vandevelde")
    return a, b


def inhoud(response):
    """The text of a page or download: xlsx cells, JSON or HTML."""
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        boek = openpyxl.load_workbook(io.BytesIO(response.content))
        return "\n".join(
            " ".join(str(c) for c in rij if c is not None)
            for blad in boek.worksheets
            for rij in blad.iter_rows(values_only=True)
        )
    return response.content.decode()


def bereikbaar(client):
    """Every page and download the analyst can reach from its start page, following links (GET)."""
    gezien, te_doen, antwoorden = set(), [reverse("loket:start")], {}
    while te_doen:
        url = te_doen.pop()
        if url in gezien:
            continue
        gezien.add(url)
        response = client.get(url, follow=True)
        if response.status_code != 200:
            continue
        antwoorden[response.request["PATH_INFO"] + "?" + response.request.get("QUERY_STRING", "")] = response
        if response["Content-Type"].startswith("text/html"):
            for link in re.findall(r'href="([^"#]+)', response.content.decode()):
                link = link.replace("&amp;", "&")
                volledig = urljoin(response.request["PATH_INFO"], link)
                if urlsplit(volledig).netloc or volledig.startswith(("/static/", "/i18n/", "/uitloggen", "/admin")):
                    continue
                te_doen.append(volledig)
    return antwoorden


def test_opgroeien_ziet_nergens_persoonsgegevens(client, analist, gevuld):
    client.force_login(analist)
    antwoorden = bereikbaar(client)
    paden = {urlsplit(url).path for url in antwoorden}
    assert {"/rapportage/vlaanderen/", "/rapportage/vlaanderen.xlsx", "/rapportage/vlaanderen.json"} <= paden
    for url, response in antwoorden.items():
        tekst = inhoud(response)
        for gegeven in PERSOONLIJK:
            assert gegeven not in tekst, (url, gegeven)
        # No request reference, no name of who submitted a report.
        assert "T-0" not in tekst and "Christine" not in tekst and "coordinator@gent.be" not in tekst, url


def test_kleine_cellen_worden_gemaskeerd_op_pagina_en_downloads(client, analist, gevuld):
    client.force_login(analist)
    pagina = client.get(reverse("rapportage:vlaanderen") + JAAR)
    assert pagina.status_code == 200
    assert "&lt;5" in pagina.content.decode()
    uit = json.loads(client.get(reverse("rapportage:vlaanderen_json") + JAAR).content)
    buur = next(d for d in uit["loketten"] if d["code"] == "buur")
    assert buur["totaal"]["totaal"] == "<5"
    assert uit["kinderen_bij_meerdere_loketten"] == "<5"
    assert uit["som_loketten"]["totaal"] == 9 and uit["uniek"]["totaal"] == 8

    boek = openpyxl.load_workbook(io.BytesIO(client.get(reverse("rapportage:vlaanderen_xlsx") + JAAR).content))
    getallen = [c for rij in boek.active.iter_rows(min_row=6, values_only=True) for c in rij[4:] if c is not None]
    assert getallen and all(c == "<5" or (isinstance(c, int) and (c == 0 or c >= 5)) for c in getallen)


def test_status_per_loket_en_gesorteerde_vergelijking(client, analist, gevuld):
    client.force_login(analist)
    response = client.get(reverse("rapportage:vlaanderen") + JAAR + "&sorteer=kwetsbaar")
    statussen = {r["code"]: r["status"] for r in response.context["loketten"]}
    assert statussen == {"buur": "niet_ingediend", "gent": "gewijzigd"}
    assert [r["code"] for r in response.context["vergelijking"]] == ["buur", "gent"]
    assert response.context["sorteer"] == "kwetsbaar"
    aflopend = client.get(reverse("rapportage:vlaanderen") + JAAR + "&sorteer=-kwetsbaar").context["vergelijking"]
    assert [r["code"] for r in aflopend] == ["gent", "buur"]
    assert response.context["medianen"][0] == "100 %"
    assert client.get(reverse("rapportage:vlaanderen") + JAAR + "&sorteer=onzin").context["sorteer"] == "naam"


def test_coordinator_ziet_indienstatus_en_kinderen_ook_elders(client, coordinator, gevuld):
    client.force_login(coordinator)
    response = client.get(reverse("rapportage:home") + "?loket=gent" + JAAR[1:].join(["&", ""]))
    assert response.status_code == 200
    assert response.context["ook_elders_totaal"] == 1
    assert not response.context["verschil"].gelijk
    assert [v.versie for v in response.context["versies"]] == [1]


def test_coordinator_dient_in_via_de_pagina_en_downloadt_de_bewaarde_bestanden(client, coordinator, loket):
    client.force_login(coordinator)
    response = client.post(
        reverse("rapportage:indienen"), {"loket": "gent", "jaar": "2019", "peildatum": "2020-02-29", "formaat": "2019"}
    )
    assert response.status_code == 302
    from rapportage.models import IngediendRapport

    ingediend = IngediendRapport.objects.get(loket=loket)
    pdf = client.get(reverse("rapportage:ingediend_bestand", kwargs={"pk": ingediend.pk, "soort": "pdf"}))
    assert pdf.content == bytes(ingediend.pdf)
    assert (
        client.get(reverse("rapportage:ingediend_bestand", kwargs={"pk": ingediend.pk, "soort": "exe"})).status_code
        == 404
    )
