import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/aanmelden/", "/zoeken/", "/inloggen/", "/mijn/", "/privacy/"])
def test_publieke_pagina_open_voor_iedereen(client, loket, url):
    response = client.get(url)
    assert response.status_code == 200
    assert loket.telefoon in response.text  # the desk is reachable in person from every page


@pytest.mark.parametrize("url", ["/loket/", "/aanbieder/", "/rapportage/", "/toeleider/"])
def test_rolpagina_stuurt_anoniem_naar_inloggen(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('loket:login')}?next={url}"


def test_inloggen_met_email_brengt_medewerker_naar_tweede_stap(client, medewerker):
    response = client.post("/inloggen/", {"username": "MEDEWERKER@gent.be", "password": "wachtwoord-voor-tests"})
    assert response.status_code == 302
    assert client.get(response.url).url == "/inloggen/tweestaps/"


def test_inloggen_brengt_toeleider_naar_eigen_pagina(client, toeleider):
    response = client.post("/inloggen/", {"username": toeleider.email, "password": "wachtwoord-voor-tests"})
    assert client.get(response.url).url == "/toeleider/"


def test_inloggen_met_fout_wachtwoord_toont_melding(client, medewerker):
    response = client.post("/inloggen/", {"username": "medewerker@gent.be", "password": "fout"})
    assert response.status_code == 200
    assert "horen niet bij elkaar" in response.text


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("medewerker", "/aanbieder/"),
        ("medewerker", "/rapportage/"),
        ("aanbieder", "/loket/"),
        ("aanbieder", "/rapportage/"),
        ("andere_ouder", "/loket/"),
        ("toeleider", "/loket/"),
    ],
)
def test_rolpagina_weigert_andere_rol(client, request, persona, url):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url).status_code == 403


def test_sqlite_bestand_schrijft_met_een_write_ahead_log(tmp_path):
    """Every page writes the audit log: with SQLite's default journal each commit waited for disk
    syncs (the worklist spent half its time there). The embedded database uses WAL, synced at
    checkpoints.
    """
    import sqlite3

    from django.db.utils import ConnectionHandler

    from loket.settings import database_from_url

    verbinding = ConnectionHandler({"default": database_from_url(f"sqlite:///{tmp_path}/loket.sqlite3")})["default"]
    try:
        with verbinding.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            journaal = cursor.fetchone()[0]
            cursor.execute("PRAGMA synchronous")
            synchroon = cursor.fetchone()[0]
    finally:
        verbinding.close()
    assert (journaal, synchroon) == ("wal", 1)  # 1 = NORMAL
    assert sqlite3.connect(tmp_path / "loket.sqlite3").execute("PRAGMA journal_mode").fetchone() == ("wal",)


@pytest.mark.parametrize("url", ["/", "/zoeken/", "/aanmelden/", "/inloggen/", "/mijn/"])
def test_pagina_laadt_geen_script_dat_ze_niet_gebruikt(client, loket, url):
    """No page uses Bootstrap's JavaScript, and only the offer form uses htmx (it loads it itself)."""
    antwoord = client.get(url, follow=True)
    assert antwoord.status_code == 200
    assert "<script" not in antwoord.text
