"""The policy dashboard's pages and downloads: who sees what, "<5" for policy officers, the lists behind
the numbers for coordinators (logged)."""

import datetime
import io
from unittest import mock

import pytest
from openpyxl import load_workbook

from loket.models import Logregel, Rol
from rapportage.beleid import Keuze, dashboard
from rapportage.beleid_export import dashboard_pdf_document
from rapportage.services import rapport_indienen
from tests.factories import GENT, GebruikerFactory
from tests.rapportage.beleid_data import DASHBOARD_QUERIES, NU, _vraag, bouwen
from tests.rapportage.test_uitvoer import pdf_tekst

pytestmark = pytest.mark.django_db

# What identifies a family in the hand-built desk: names, e-mail, phone, references.
PERSOONSGEGEVENS = ["Lena", "LENA", "Peeters", "peeters", "Noah", "Janssens", "Emma", "Claes", "Mila", "Wouters", "T-0"]


@pytest.fixture
def beleid(loket):
    return GebruikerFactory(email="beleid@gent.be", rol=Rol.BELEID, loket=loket)


@pytest.fixture
def data(loket):
    with mock.patch("django.utils.timezone.now", return_value=NU):
        return bouwen(loket)


def _xlsx_waarden(inhoud):
    werkboek = load_workbook(io.BytesIO(inhoud), read_only=True)
    return [str(cel) for blad in werkboek.worksheets for rij in blad.iter_rows(values_only=True) for cel in rij]


def test_beleid_ziet_dashboard_zonder_persoonsgegevens_met_kleine_aantallen(client, beleid, data):
    client.force_login(beleid)
    response = client.get("/rapportage/beleid/?jaar=2024")
    assert response.status_code == 200
    html = response.content.decode()
    assert "&lt;5" in html
    assert "<svg" in html and "<table" in html
    for tekst in PERSOONSGEGEVENS:
        assert tekst not in html, tekst
    assert "/rapportage/vragen/" not in html and "/rapportage/beleid/vragen/" not in html


def test_beleid_downloads_met_kleine_aantallen(client, beleid, data):
    client.force_login(beleid)
    response = client.get("/rapportage/beleid/beleidsinformatie.xlsx?jaar=2024")
    assert response.status_code == 200
    waarden = _xlsx_waarden(response.content)
    assert "<5" in waarden
    assert not any(tekst in waarde for waarde in waarden for tekst in PERSOONSGEGEVENS)
    with mock.patch("rapportage.beleid_views.dashboard_pdf", return_value=b"%PDF") as pdf:
        assert client.get("/rapportage/beleid/beleidsinformatie.pdf?jaar=2024").status_code == 200
    assert pdf.call_args.args[0].afgeschermd


def test_pdf_toont_grafieken_en_kleine_aantallen(loket, data):
    overzicht = dashboard(
        Keuze(loket=loket, van=datetime.date(2024, 1, 1), tot=datetime.date(2024, 12, 1), nu=NU)
    ).voor_beleid()
    tekst = " ".join(pdf_tekst(dashboard_pdf_document(overzicht)))
    assert "<5" in tekst
    assert "Nieuwe vragen en kinderen per maand" in tekst
    assert "7. Bereik van kwetsbare gezinnen" in tekst
    for naam in PERSOONSGEGEVENS:
        assert naam not in tekst


def test_beleid_ziet_het_rapport_met_kleine_aantallen_zonder_lijsten(client, beleid, coordinator, loket, data):
    # A submitted version that today's figures no longer equal: the coordinator's page lists the
    # changed cells with the requests behind them and who submitted; the policy officer's does not.
    rapport_indienen(loket=loket, jaar=2024, door=coordinator)
    laat = _vraag(
        loket,
        voornaam="Lotte",
        achternaam="Laatkomer",
        geboren="2024-01-05",
        gemeente=GENT,
        ingediend="2024-08-01",
        start="2024-12-01",
        kanaal="balie",
    )
    client.force_login(coordinator)
    html = client.get("/rapportage/?jaar=2024").content.decode()
    assert "Indienen bij Kind en Gezin" in html and laat.referentie in html
    client.force_login(beleid)
    response = client.get("/rapportage/?jaar=2024")
    assert response.status_code == 200
    html = response.content.decode()
    assert "&lt;5" in html
    assert "/rapportage/vragen/" not in html and "/rapportage/import/" not in html
    for tekst in PERSOONSGEGEVENS:
        assert tekst not in html, tekst
    for tekst in ("Indienen bij Kind en Gezin", laat.referentie, coordinator.email, "/rapportage/indienen/"):
        assert tekst not in html, tekst
    waarden = _xlsx_waarden(client.get("/rapportage/registratie.xlsx?jaar=2024").content)
    assert "<5" in waarden
    with mock.patch("rapportage.views.rapport_pdf", return_value=b"%PDF") as pdf:
        assert client.get("/rapportage/registratie.pdf?jaar=2024").status_code == 200
    assert pdf.call_args.args[0].totaal.aantallen["totaal"] == "<5"
    assert client.get("/rapportage/vragen/?jaar=2024&kolom=totaal").status_code == 403
    assert client.get("/rapportage/beleid/vragen/?jaar=2024&maand=2024-03").status_code == 403


def test_coordinator_ziet_exacte_aantallen_en_lijsten(client, coordinator, data):
    client.force_login(coordinator)
    html = client.get("/rapportage/beleid/?jaar=2024").content.decode()
    assert "&lt;5" not in html
    assert "/rapportage/beleid/vragen/?" in html and "/rapportage/vragen/?" in html
    waarden = _xlsx_waarden(client.get("/rapportage/beleid/beleidsinformatie.xlsx?jaar=2024").content)
    assert "<5" not in waarden


def test_lijst_achter_een_maand_wordt_gelogd(client, coordinator, data):
    client.force_login(coordinator)
    response = client.get("/rapportage/beleid/vragen/?jaar=2024&maand=2024-05&kanaal=telefoon")
    assert response.status_code == 200
    assert [vraag.pk for vraag in response.context["pagina"]] == [data["emma"].pk]
    regel = Logregel.objects.get(actie="rapportage.beleid_vragen_bekeken")
    assert regel.gebruiker == coordinator
    assert regel.details["referenties"] == [data["emma"].referentie]
    assert regel.details["kanaal"] == "telefoon"
    # A month outside the period, or an unknown channel: nothing to show.
    assert client.get("/rapportage/beleid/vragen/?jaar=2024&maand=2025-05").status_code == 404
    assert client.get("/rapportage/beleid/vragen/?jaar=2024&maand=2024-05&kanaal=fax").status_code == 404
    assert client.get("/rapportage/beleid/vragen/?jaar=2024&maand=mei").status_code == 404


def test_ander_loket_geweigerd(client, ander_loket, loket, data):
    buur = GebruikerFactory(email="beleid@antwerpen.be", rol=Rol.BELEID, loket=ander_loket)
    client.force_login(buur)
    assert client.get(f"/rapportage/beleid/?loket={loket.code}").status_code == 404
    assert client.get(f"/rapportage/beleid/beleidsinformatie.xlsx?loket={loket.code}").status_code == 404
    assert client.get(f"/rapportage/?loket={loket.code}").status_code == 404
    html = client.get("/rapportage/beleid/").content.decode()
    assert loket.naam not in html


@pytest.mark.parametrize(
    "query",
    [
        "jaar=1800",
        "van=2024-05",
        "van=2024-05&tot=2024-01",
        "van=2020-01&tot=2024-01",
        "van=abc&tot=2024-01",
        "gemeente=99999",
        "jaar=%00",
    ],
)
def test_ongeldige_keuze(client, beleid, data, query):
    client.force_login(beleid)
    response = client.get(f"/rapportage/beleid/?{query}")
    assert response.status_code == 200
    assert response.context["keuze"] is None
    assert client.get(f"/rapportage/beleid/beleidsinformatie.xlsx?{query}").status_code == 400


def test_periode_en_gemeente_kiezen(client, beleid, data):
    client.force_login(beleid)
    response = client.get("/rapportage/beleid/?van=2024-05&tot=2024-07&gemeente=44013")
    keuze = response.context["keuze"]
    assert (keuze.van, keuze.tot, keuze.gemeente.nis) == (datetime.date(2024, 5, 1), datetime.date(2024, 7, 1), "44013")
    assert (
        'href="/rapportage/beleid/beleidsinformatie.xlsx?loket=gent&amp;van=2024-05&amp;tot=2024-07&amp;gemeente=44013"'
        in (response.content.decode())
    )


@pytest.mark.parametrize("query", ["van=2024-01&tot=2024-01", "van=2023-01&tot=2025-12"])
def test_pagina_vast_aantal_queries(client, beleid, data, django_assert_num_queries, query):
    client.force_login(beleid)
    client.get("/rapportage/beleid/")  # session and user in the cache
    with django_assert_num_queries(6 + DASHBOARD_QUERIES):  # six of the page itself
        assert client.get(f"/rapportage/beleid/?{query}").status_code == 200
