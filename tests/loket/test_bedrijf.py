"""Health page, Prometheus metrics and the request log line (loket/bedrijf.py)."""

import datetime
import json
import logging

import pytest
from django.db import connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from loket.logopmaak import JsonFormatter
from loket.models import Mailbericht

pytestmark = pytest.mark.django_db


def taak(**velden):
    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {"bericht_id": 0}},
        task_path="loket.mail.mail_versturen",
        backend_name="default",
        run_after=get_date_max(),
        **velden,
    )


def test_gezond_200_met_de_feiten(client):
    response = client.get("/gezond/")
    assert response.status_code == 200
    feiten = response.json()
    assert feiten["status"] == "ok"
    assert feiten["databanken"] == {"default": "ok"}
    assert (feiten["migraties_open"], feiten["taken_wachtend"], feiten["taken_mislukt"]) == (0, 0, 0)
    assert feiten["oudste_wachtende_taak_seconden"] == 0
    assert "no-cache" in response["Cache-Control"]


def test_gezond_503_als_een_taak_te_lang_wacht(client, settings):
    settings.GEZOND_MAX_WACHTTIJD_SECONDEN = 300
    jong = taak()
    assert client.get("/gezond/").status_code == 200
    DBTaskResult.objects.filter(pk=jong.pk).update(enqueued_at=timezone.now() - datetime.timedelta(minutes=6))
    response = client.get("/gezond/")
    assert response.status_code == 503
    assert response.json()["oudste_wachtende_taak_seconden"] > 300
    # A task waiting for its later moment (a mail's next attempt) is not late.
    DBTaskResult.objects.filter(pk=jong.pk).update(run_after=timezone.now() + datetime.timedelta(minutes=10))
    assert client.get("/gezond/").status_code == 200


def test_gezond_503_als_een_databank_onbereikbaar_is(client, monkeypatch, settings, django_db_blocker):
    instellingen = dict(connections.settings["default"])
    if instellingen["ENGINE"].endswith("sqlite3"):
        instellingen["NAME"] = "/bestaat/niet/db.sqlite3"
    else:
        instellingen["PORT"] = "1"
    monkeypatch.setitem(connections.settings, "kapot", instellingen)
    settings.DATABASE_REPLICA = "kapot"
    try:
        # pytest-django refuses every alias a test did not ask for; this one must really try to connect.
        with django_db_blocker.unblock():
            response = client.get("/gezond/")
    finally:
        connections["kapot"].close()
        del connections["kapot"]
    assert response.status_code == 503
    feiten = response.json()
    assert feiten["databanken"]["default"] == "ok"
    assert feiten["databanken"]["kapot"].startswith("onbereikbaar: OperationalError")
    assert feiten["status"] == "probleem"


def test_metrics_uit_of_zonder_toegang_is_404(client, settings):
    settings.METRICS = False
    assert client.get("/metrics").status_code == 404
    settings.METRICS, settings.METRICS_TOKEN, settings.METRICS_IPS = True, "geheim-token", ["10.0.0.0/8"]
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer fout"}).status_code == 404


def test_metrics_met_token_of_toegelaten_adres(client, settings):
    settings.METRICS, settings.METRICS_TOKEN, settings.METRICS_IPS = True, "geheim-token", ["127.0.0.0/8"]
    Mailbericht.objects.create(aan=["a@example.be"], sjabloon="x", status="mislukt")
    taak()
    client.get("/")
    tekst = client.get("/metrics", headers={"Authorization": "Bearer geheim-token"}).text
    assert 'loket_verzoek_duur_seconden_count{methode="GET",status="200",view="loket:home"}' in tekst
    assert "loket_taken_wachtend 1.0" in tekst
    assert 'loket_mails{status="mislukt"} 1.0' in tekst
    assert 'loket_mails{status="verstuurd"} 0.0' in tekst
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.168.1.5").status_code == 404


def test_een_logregel_per_verzoek_zonder_querystring_of_token(client, caplog, ouder_met_vraag):
    gebruiker, _vraag = ouder_met_vraag
    with caplog.at_level(logging.INFO, logger="loket.verzoek"):
        client.get("/zoeken/?q=Peeters")
        client.get("/mijn/inloggen/EenGeheimToken123/")
        client.force_login(gebruiker)
        client.get("/mijn/")
    regels = [json.loads(JsonFormatter().format(r)) for r in caplog.records if r.name == "loket.verzoek"]
    assert [(r["methode"], r["pad"], r["gebruiker"]) for r in regels] == [
        ("GET", "/zoeken/", "anoniem"),
        ("GET", "/mijn/inloggen/…/", "anoniem"),
        ("GET", "/mijn/", gebruiker.pk),
    ]
    assert regels[0]["status"] == 200 and regels[0]["duur_ms"] > 0 and regels[0]["view"] == "aanbod:zoeken"
    assert "Peeters" not in json.dumps(regels) and "EenGeheimToken123" not in json.dumps(regels)


def test_fout_met_traceback_als_json():
    try:
        raise ValueError("kapot")
    except ValueError:
        record = logging.LogRecord("django.request", logging.ERROR, "", 0, "Internal Server Error: %s", ("/x/",), None)
        import sys

        record.exc_info = sys.exc_info()
    regel = json.loads(JsonFormatter().format(record))
    assert regel["bericht"] == "Internal Server Error: /x/"
    assert regel["niveau"] == "ERROR"
    assert "ValueError: kapot" in regel["traceback"]
