"""The coordinator's report pages: access, the numbers as links, the lists behind them, downloads."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from loket.models import Logregel, Rol
from tests.factories import GebruikerFactory

pytestmark = pytest.mark.django_db

PARAMETERS = "?loket=gent&jaar=2019&peildatum=2020-02-29&formaat=2020"


@pytest.fixture
def coordinator_ander_loket(ander_loket):
    return GebruikerFactory(email="coordinator@antwerpen.be", rol=Rol.COORDINATOR, loket=ander_loket)


@pytest.mark.parametrize("naam", ["home", "vragen", "xlsx", "pdf", "import"])
def test_rapportpagina_stuurt_anoniem_naar_inloggen(client, naam):
    url = reverse(f"rapportage:{naam}")
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("loket:login"))


@pytest.mark.parametrize("naam", ["home", "vragen", "xlsx", "pdf", "import"])
def test_rapportpagina_weigert_medewerker(client, medewerker, naam):
    client.force_login(medewerker)
    assert client.get(reverse(f"rapportage:{naam}") + PARAMETERS).status_code == 403


@pytest.mark.parametrize("naam", ["home", "vragen", "xlsx", "pdf"])
def test_rapportpagina_geeft_404_voor_loket_van_een_ander(client, loket, coordinator_ander_loket, naam):
    client.force_login(coordinator_ander_loket)
    url = reverse(f"rapportage:{naam}") + PARAMETERS + "&kolom=totaal&gemeente="
    assert client.get(url).status_code == 404


def test_rapport_toont_getallen_als_links_naar_de_vragen(client, coordinator, bouw):
    vraag = bouw.vraag(start="2019-08-26", dagen="4", dringend=True, dringend_reden="crisis")
    bouw.voorstel(vraag, start="2019-10-01", antwoord="aanvaard", beantwoord="2019-03-02")
    client.force_login(coordinator)
    response = client.get(reverse("rapportage:home") + PARAMETERS)
    assert response.status_code == 200
    gent = response.context["tabellen"][0]["rijen"][1]
    assert gent["naam"] == "Gent"
    assert [getal for getal, _url in gent["cellen"]] == [1, 0, 0, 1, 0]
    later_url = gent["cellen"][3][1]
    assert f'href="{later_url.replace("&", "&amp;")}"' in response.text
    assert [t["categorie"] for t in response.context["tabellen"]] == [
        None,
        "dringend",
        "atypisch",
        "voorrangsgroep",
        "kwetsbaar_gezin",
        "specifieke_zorgbehoefte",
    ]
    lijst = client.get(later_url)
    assert lijst.status_code == 200
    assert vraag.referentie in lijst.text
    assert "aanvaard voorstel start 2019-10-01, 5 weken na gewenste start 2019-08-26" in lijst.text


def test_vragenlijst_schrijft_logregel(client, coordinator, bouw, loket):
    vraag = bouw.vraag(start="2019-06-01")
    client.force_login(coordinator)
    response = client.get(reverse("rapportage:vragen") + PARAMETERS + "&kolom=zonder_voorstel&gemeente=")
    assert response.status_code == 200
    regel = Logregel.objects.get(actie="rapportage.vragen_bekeken")
    assert regel.gebruiker == coordinator
    assert regel.loket == loket
    assert regel.details["referenties"] == [vraag.referentie]
    assert regel.details["kolom"] == "zonder_voorstel"


def test_vragenlijst_onbekende_kolom_is_404(client, coordinator, loket):
    client.force_login(coordinator)
    assert client.get(reverse("rapportage:vragen") + PARAMETERS + "&kolom=alles").status_code == 404
    assert client.get(reverse("rapportage:vragen") + PARAMETERS + "&kolom=totaal&gemeente=x").status_code == 404
    assert client.get(reverse("rapportage:vragen") + PARAMETERS + "&kolom=totaal&gemeente=²").status_code == 404
    # Found by tests/test_fuzz_paginas.py: more digits than the database's integer holds was a 500.
    gemeente = "9" * 19
    assert (
        client.get(reverse("rapportage:vragen") + PARAMETERS + f"&kolom=totaal&gemeente={gemeente}").status_code == 404
    )


def test_waarschuwingen_met_hun_lijst(client, coordinator, bouw):
    from tests.factories import ANTWERPEN

    zonder = bouw.vraag(start="2019-06-01", gemeente=None, achternaam="Aerts")
    bouw.vraag(start="2019-06-01", gemeente=ANTWERPEN, achternaam="Claes")
    laat = bouw.vraag(start="2019-06-01", ingediend="2019-07-01", achternaam="Wouters")
    bouw.voorstel(laat, voorgesteld="2020-02-20")
    toegewezen = bouw.vraag(start="2019-06-01", achternaam="Jacobs")
    bouw.voorstel(toegewezen, start=None, antwoord="aanvaard", beantwoord="2019-03-02")
    bouw.vraag(start="2019-06-01", voornaam="Lena", achternaam="Peeters", geboren="2018-05-05")
    bouw.vraag(start="2019-07-01", voornaam="Lenna", achternaam="peeters", geboren="2018-05-05")
    client.force_login(coordinator)
    response = client.get(reverse("rapportage:home") + PARAMETERS)
    assert {w.code: w.aantal for w in response.context["waarschuwingen"]} == {
        "zonder_gemeente": 1,
        "buiten_gebied": 1,
        "dubbels": 2,
        "open_voorstel": 1,
        "zonder_startdatum": 1,
        "laat_ingediend": 1,
    }
    # One is singular, two is plural ("1 voorstellen" was the old text).
    assert "1 voorstel dat op de peildatum nog openstond" in response.text
    assert "2 kinderen die waarschijnlijk meer dan één keer geregistreerd zijn" in response.text
    lijst = client.get(reverse("rapportage:vragen") + PARAMETERS + "&waarschuwing=zonder_gemeente")
    assert [vraag.referentie for vraag, _ in lijst.context["regels"]] == [zonder.referentie]
    lijst = client.get(reverse("rapportage:vragen") + PARAMETERS + "&waarschuwing=dubbels")
    assert [vraag.kind.voornaam for vraag, _ in lijst.context["regels"]] == ["Lena", "Lenna"]


def test_beheerder_kiest_elk_loket(client, loket, ander_loket):
    beheerder = GebruikerFactory(email="beheer@example.be", rol=Rol.BEHEERDER)
    client.force_login(beheerder)
    response = client.get(reverse("rapportage:home") + "?loket=antwerpen&jaar=2019")
    assert response.status_code == 200
    assert response.context["loket"] == ander_loket
    assert 'name="loket"' in response.text


def test_ongeldig_jaar_toont_fout_zonder_rapport(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("rapportage:home") + "?jaar=19")
    assert response.status_code == 200
    assert response.context["rapport"] is None
    assert response.context["form"].errors["jaar"]


def test_download_xlsx_en_pdf(client, coordinator, bouw):
    bouw.vraag(start="2019-06-01")
    client.force_login(coordinator)
    xlsx = client.get(reverse("rapportage:xlsx") + PARAMETERS)
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"] == 'attachment; filename="registratie-opvangvragen-gent-2019-2020.xlsx"'
    werkboek = load_workbook(io.BytesIO(xlsx.content))
    assert werkboek.sheetnames[0] == "Registratie"
    pdf = client.get(reverse("rapportage:pdf") + PARAMETERS)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def _vragen_maken(bouw, aantal):
    for nummer in range(aantal):
        vraag = bouw.vraag(start="2019-06-01", gemeente="44021" if nummer % 2 else "44013")
        if nummer % 3 == 0:
            bouw.voorstel(vraag, start="2019-08-01", antwoord="aanvaard", beantwoord="2019-03-02")


@pytest.mark.parametrize("aantal", [1, 10])
def test_rapportpagina_vast_aantal_queries(client, coordinator, bouw, django_assert_num_queries, aantal):
    _vragen_maken(bouw, aantal)
    client.force_login(coordinator)
    client.get(reverse("rapportage:home") + PARAMETERS)
    # session, user, 2FA device, the desk, the repairs of its report columns, the area, the grouped
    # counts, four warnings, the desk choice, the footer's desk; the submitted versions (none here),
    # and the children also at another desk (one grouped query on the kept column elders_ingediend_op)
    with django_assert_num_queries(15):
        response = client.get(reverse("rapportage:home") + PARAMETERS)
    assert response.context["rapport"].totaal.aantallen["totaal"] == aantal


@pytest.mark.parametrize("aantal", [1, 10])
def test_vragenlijst_vast_aantal_queries(client, coordinator, bouw, django_assert_num_queries, aantal):
    _vragen_maken(bouw, aantal)
    client.force_login(coordinator)
    url = reverse("rapportage:vragen") + PARAMETERS + "&kolom=totaal&gemeente="
    client.get(url)
    # session, user, 2FA device, the desk, count, page, the Logregel, the footer's desk
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(response.context["regels"]) == aantal
