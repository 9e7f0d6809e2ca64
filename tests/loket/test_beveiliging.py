"""Sessions end when idle or too old; personal pages are never cached; production settings pass --deploy."""

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_sessie_verloopt_na_30_minuten_inactiviteit(client, medewerker, monkeypatch):
    client.force_login(medewerker)
    assert client.get("/loket/").status_code == 200
    nu = time.time()
    monkeypatch.setattr(time, "time", lambda: nu + 29 * 60)
    assert client.get("/loket/").status_code == 200  # active again: the idle clock restarts
    monkeypatch.setattr(time, "time", lambda: nu + 29 * 60 + 31 * 60)
    response = client.get("/loket/")
    assert (response.status_code, response.url) == (302, "/inloggen/?next=/loket/")
    assert "_auth_user_id" not in client.session


def test_sessie_eindigt_na_12_uur_ook_als_actief(client, medewerker, monkeypatch):
    client.force_login(medewerker)
    nu = time.time()
    for minuten in range(0, 12 * 60, 20):  # a click every 20 minutes keeps it active
        monkeypatch.setattr(time, "time", lambda minuten=minuten: nu + minuten * 60)
        assert client.get("/loket/").status_code == 200
    monkeypatch.setattr(time, "time", lambda: nu + 12 * 3600 + 60)
    assert client.get("/loket/").status_code == 302


def test_persoonlijke_pagina_niet_in_cache(client, medewerker):
    client.force_login(medewerker)
    assert "no-store" in client.get("/loket/")["Cache-Control"]


def test_publieke_pagina_zonder_sessie_mag_in_cache(client):
    assert "no-store" not in client.get("/zoeken/").get("Cache-Control", "")


def test_sessie_en_csrf_cookies_httponly_en_samesite(client, medewerker):
    response = client.post("/inloggen/", {"username": medewerker.email, "password": "wachtwoord-voor-tests"})
    sessie = response.cookies["sessionid"]
    assert (sessie["httponly"], sessie["samesite"]) == (True, "Lax")


def test_productie_instellingen_doorstaan_check_deploy():
    omgeving = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "loket.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "loket.example.be",
    }
    resultaat = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=omgeving,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resultaat.returncode == 0, resultaat.stderr
    assert "no issues" in resultaat.stdout


def test_productie_zonder_secret_key_weigert_te_starten():
    omgeving = {"PATH": os.environ["PATH"]}
    resultaat = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**omgeving, "DJANGO_SETTINGS_MODULE": "loket.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resultaat.returncode == 1
    assert "SECRET_KEY is required" in resultaat.stderr


@pytest.mark.parametrize("debug", [False, True])
def test_te_veel_parameters_is_400_ook_met_debug(client, medewerker, settings, debug):
    # With DEBUG on, Django's error page read the parameters again and turned the 400 into a 500.
    settings.DEBUG = debug
    te_veel = "&".join(f"v{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    assert client.get(f"/loket/?{te_veel}").status_code == 400
    assert client.get(f"/zoeken/?{te_veel}").status_code == 400
    client.force_login(medewerker)
    assert client.get(f"/loket/?{te_veel}").status_code == 400
    antwoord = client.post("/loket/aanmelden/", te_veel, content_type="application/x-www-form-urlencoded")
    assert antwoord.status_code == 400


def test_wachtwoorden_met_argon2_en_oude_hash_wordt_bij_inloggen_omgezet(client, medewerker, settings):
    """Production hashes with Argon2 (a check in a fraction of PBKDF2's time); a PBKDF2 hash from
    before still logs in and is rehashed with Argon2."""
    from django.contrib.auth.hashers import make_password

    from loket import settings as productie

    settings.PASSWORD_HASHERS = productie.PASSWORD_HASHERS
    medewerker.password = make_password("wachtwoord-voor-tests", hasher="pbkdf2_sha256")
    medewerker.save(update_fields=["password"])
    response = client.post("/inloggen/", {"username": medewerker.email, "password": "wachtwoord-voor-tests"})
    assert response.status_code == 302
    medewerker.refresh_from_db()
    assert medewerker.password.startswith("argon2$")
