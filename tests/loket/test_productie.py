"""Production settings serve pages: with DEBUG=0, collectstatic writes its manifest and gunicorn
serves the public pages and the login, each with its stylesheets.

This runs the real commands in subprocesses on a database of its own, as the README's production
section does; a vendored file that names a missing source map once broke every page here.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGINAS = ["/", "/zoeken/", "/inloggen/", "/aanmelden/", "/mijn/", "/beheer/login/"]


def vrije_poort():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def vraag(url):
    """GET as the documented reverse proxy would pass it on (TLS ended at the proxy)."""
    verzoek = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(verzoek, timeout=10) as antwoord:
        return antwoord.status, antwoord.headers.get_content_type(), antwoord.read()


@pytest.fixture
def productie_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG"))}
    env.update(
        DJANGO_SETTINGS_MODULE="loket.settings",
        DEBUG="0",
        SECRET_KEY="productie-rooktest-0123456789abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(tmp_path / "static"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    return env


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=240
    )


def test_productie_collectstatic_en_gunicorn_dienen_paginas_met_css(productie_env, tmp_path):
    collect = manage(productie_env, "collectstatic", "--noinput")
    assert collect.returncode == 0, collect.stderr
    assert (tmp_path / "static" / "staticfiles.json").exists()
    migrate = manage(productie_env, "migrate", "--noinput")
    assert migrate.returncode == 0, migrate.stderr

    poort = vrije_poort()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "loket.wsgi", "--bind", f"127.0.0.1:{poort}", "--workers", "1"],
        cwd=ROOT,
        env=productie_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    basis = f"http://127.0.0.1:{poort}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", poort), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        for pad in PAGINAS:
            status, soort, html = vraag(basis + pad)
            assert (pad, status, soort) == (pad, 200, "text/html")
            stijlen = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html.decode())
            assert stijlen, pad
            for stijl in stijlen:
                assert re.search(r"\.[0-9a-f]{12}\.css$", stijl), f"{stijl} is not a hashed manifest name"
                status, soort, css = vraag(basis + stijl)
                assert (stijl, status, soort) == (stijl, 200, "text/css")
                assert css
        status, soort, _ = vraag(basis + "/favicon.ico")
        assert (status, soort) == (200, "image/x-icon")
    finally:
        server.terminate()
        fouten = server.communicate(timeout=10)[1]
    assert "Traceback" not in fouten, fouten
