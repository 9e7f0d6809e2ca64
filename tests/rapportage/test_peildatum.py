"""The report's reference date: refused before the year or absurdly late, a warning while the numbers can change."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from rapportage.exporteren import rapport_pdf_document
from rapportage.queries import Peiling, peiling_voorlopig, rapport_kg
from tests.rapportage.test_uitvoer import pdf_tekst

pytestmark = pytest.mark.django_db


def pagina(client, parameters):
    return client.get(reverse("rapportage:home") + "?loket=gent&" + parameters)


def test_peildatum_voor_het_jaar_is_een_formulierfout(client, coordinator, bouw):
    bouw.vraag(start="2019-06-01")
    client.force_login(coordinator)
    response = pagina(client, "jaar=2019&peildatum=2018-12-31")
    assert response.status_code == 200
    assert response.context["rapport"] is None
    assert response.context["form"].errors["peildatum"] == [
        "De peildatum 31/12/2018 ligt vóór het jaar 2019: dan telt nog geen enkele vraag. "
        "Kies een datum na het begin van het jaar (standaard: 29/02/2020)."
    ]
    assert "Geen aandachtspunten" not in response.text
    assert pagina(client, "jaar=2019&peildatum=2019-01-01").context["rapport"] is not None


@pytest.mark.parametrize("naam", ["home", "xlsx", "pdf", "vragen"])
def test_peildatum_9999_geeft_geen_500(client, coordinator, naam):
    client.force_login(coordinator)
    url = reverse(f"rapportage:{naam}") + "?loket=gent&jaar=2019&peildatum=9999-12-31&kolom=totaal&gemeente="
    response = client.get(url)
    bericht = "De peildatum kan ten laatste 31/12/2029 zijn (10 jaar na het jaar 2019)."
    if naam == "home":
        assert response.status_code == 200
        assert response.context["form"].errors["peildatum"] == [bericht]
    elif naam == "vragen":
        assert response.status_code == 404
    else:
        assert response.status_code == 400
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response.content.decode() == f"Dit rapport kan niet gemaakt worden:\n{bericht}\n"


def test_lopend_jaar_draagt_een_waarschuwing(client, coordinator):
    client.force_login(coordinator)
    jaar = timezone.localdate().year
    response = pagina(client, f"jaar={jaar}")
    assert response.context["voorlopig"][0] == (
        f"Het jaar {jaar} is nog niet voorbij: dit rapport is voorlopig, de cijfers veranderen nog."
    )
    assert "Voorlopig rapport" in response.text
    assert f"Het jaar {jaar} is nog niet voorbij" in response.text


def test_peildatum_in_de_toekomst_draagt_een_waarschuwing(client, coordinator):
    client.force_login(coordinator)
    morgen = timezone.localdate() + datetime.timedelta(days=1)
    response = pagina(client, f"jaar=2019&peildatum={morgen.isoformat()}")
    assert response.context["voorlopig"] == [
        f"De peildatum {morgen:%d/%m/%Y} ligt in de toekomst: het rapport toont de toestand van vandaag, "
        "niet die op de peildatum."
    ]
    assert "Voorlopig rapport" in response.text
    assert "Voorlopig rapport" not in pagina(client, "jaar=2019").text


def test_voorlopig_rapport_ook_in_pdf_en_commando(loket, capsys):
    vandaag = datetime.date(2026, 12, 5)
    peiling = Peiling.maak(loket=loket, jaar=2026)
    assert peiling_voorlopig(peiling, vandaag=vandaag) == [
        "Het jaar 2026 is nog niet voorbij: dit rapport is voorlopig, de cijfers veranderen nog.",
        "De peildatum 28/02/2027 ligt in de toekomst: het rapport toont de toestand van vandaag, "
        "niet die op de peildatum.",
    ]
    assert peiling_voorlopig(peiling, vandaag=datetime.date(2027, 2, 28)) == []
    jaar = timezone.localdate().year
    paginas = pdf_tekst(rapport_pdf_document(rapport_kg(loket=loket, jaar=jaar, formaat="2024")))
    assert f"Het jaar {jaar} is nog niet voorbij" in paginas[0]
    call_command("rapport_kg", "--loket", "gent", "--jaar", str(jaar))
    assert f"Let op: Het jaar {jaar} is nog niet voorbij" in capsys.readouterr().err
