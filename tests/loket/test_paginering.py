"""templates/includes/paginering.html: the one pagination every paginated list includes."""

import re
from pathlib import Path

from django.core.paginator import Paginator
from django.template.loader import render_to_string

BASIS = Path(__file__).resolve().parent.parent.parent


def links(html):
    return re.findall(r'href="([^"]*)"', html)


def test_paginering_houdt_de_andere_parameters():
    pagina = Paginator(range(30), 10).get_page(2)
    html = render_to_string("includes/paginering.html", {"pagina": pagina, "querystring": "loket=gent&q=x"})
    assert links(html) == [
        "?loket=gent&amp;q=x&amp;pagina=1",
        "?loket=gent&amp;q=x&amp;pagina=1",
        "?loket=gent&amp;q=x&amp;pagina=3",
        "?loket=gent&amp;q=x&amp;pagina=3",
    ]
    assert "Pagina 2 van 3" in html


def test_paginering_zonder_parameters_en_een_pagina():
    assert links(render_to_string("includes/paginering.html", {"pagina": Paginator(range(30), 10).get_page(1)})) == [
        "?pagina=2",
        "?pagina=3",
    ]
    assert render_to_string("includes/paginering.html", {"pagina": Paginator(range(3), 10).get_page(1)}).strip() == ""


def test_elke_gepagineerde_lijst_gebruikt_de_ene_paginering():
    sjablonen = [
        pad
        for pad in BASIS.glob("*/templates/**/*.html")
        if ".venv" not in pad.parts and "pagina.has_" in pad.read_text(encoding="utf-8")
    ]
    assert sjablonen == []
    gebruikers = {
        pad.name
        for pad in BASIS.glob("*/templates/**/*.html")
        if ".venv" not in pad.parts and "includes/paginering.html" in pad.read_text(encoding="utf-8")
    }
    assert len(gebruikers) == 9
