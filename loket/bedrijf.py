"""Running the service: the health page, Prometheus metrics and one JSON log line per request.

- `/gezond/` (no login, no personal data): every database alias answers, no migration waits,
  the oldest task that is due has waited less than GEZOND_MAX_WACHTTIJD_SECONDEN; 200 or 503 with
  the facts as JSON. A small view, not django-health-check: four checks of a few lines each, two
  of which (the task queue, the mail) that package does not know.
- `/metrics` (METRICS=1; METRICS_TOKEN as a bearer token and/or METRICS_IPS, an allow-list of
  addresses or networks): request latency per view, the task queue's depth, failed tasks and
  failed mails. prometheus-client directly, not django-prometheus: its latest release requires
  Django < 6.1, and the three numbers here need one middleware and one collector.
- `VerzoekMiddleware`: measures every request, feeds the latency histogram and writes one log
  line (method, path, status, duration, user id or "anoniem"); `loket.logopmaak.JsonFormatter`
  makes it JSON in production (LOG_FORMAT=json).
"""

import hmac
import ipaddress
import logging
import os
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count, Min
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.functional import empty
from django.views.decorators.cache import never_cache
from prometheus_client import CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from .databank import replica_alias
from .models import Mailbericht, MailStatus

logger = logging.getLogger("loket.verzoek")

# Path parts that are secrets (a one-time login link, a password invitation): never in the log.
GEHEIME_DELEN = ("token", "uidb64")

VERZOEKDUUR = Histogram(
    "loket_verzoek_duur_seconden",
    "Duration of a request, per view",
    ["view", "methode", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5, 5, 10),
    registry=None,
)


def _taken():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects


def oudste_wachtende_taak(nu=None):
    """Seconds the longest-waiting due task has waited (0 when none waits): the worker keeps up or not."""
    from django_tasks_db.models import get_date_max

    nu = nu or timezone.now()
    klaar = _taken().ready()
    zonder_uitstel = klaar.filter(run_after=get_date_max()).aggregate(m=Min("enqueued_at"))["m"]
    met_uitstel = klaar.exclude(run_after=get_date_max()).aggregate(m=Min("run_after"))["m"]
    sinds = min((t for t in (zonder_uitstel, met_uitstel) if t is not None), default=None)
    return max(0.0, (nu - sinds).total_seconds()) if sinds else 0.0


@never_cache
def gezond(request):
    """200 when the service can do its work, else 503; the facts as JSON, nothing personal."""
    feiten, goed = {"databanken": {}}, True
    for alias in [DEFAULT_DB_ALIAS, *([replica_alias()] if replica_alias() else [])]:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
            feiten["databanken"][alias] = "ok"
        except Exception as fout:
            feiten["databanken"][alias] = f"onbereikbaar: {type(fout).__name__}"
            goed = False
    if feiten["databanken"].get("default") == "ok":
        try:
            verbinding = connections["default"]
            executor = MigrationExecutor(verbinding)
            open_migraties = executor.migration_plan(executor.loader.graph.leaf_nodes())
            feiten["migraties_open"] = len(open_migraties)
            goed &= not open_migraties
            wacht = oudste_wachtende_taak()
            feiten["oudste_wachtende_taak_seconden"] = round(wacht, 1)
            feiten["max_wachttijd_seconden"] = settings.GEZOND_MAX_WACHTTIJD_SECONDEN
            goed &= wacht <= settings.GEZOND_MAX_WACHTTIJD_SECONDEN
            feiten["taken_wachtend"] = _taken().ready().count()
            feiten["taken_mislukt"] = _taken().failed().count()
            feiten["mails_mislukt"] = Mailbericht.objects.filter(status=MailStatus.MISLUKT).count()
        except Exception as fout:
            feiten["fout"] = type(fout).__name__
            goed = False
    feiten["status"] = "ok" if goed else "probleem"
    return JsonResponse(feiten, status=200 if goed else 503)


class WachtrijCollector:
    """Read at each scrape: the queue's depth, failed tasks and failed mails (one query each)."""

    def collect(self):
        diepte = GaugeMetricFamily("loket_taken_wachtend", "Tasks that are due and wait for a worker")
        diepte.add_metric([], _taken().ready().count())
        yield diepte
        wacht = GaugeMetricFamily("loket_taken_oudste_wachttijd_seconden", "How long the oldest due task waits")
        wacht.add_metric([], oudste_wachtende_taak())
        yield wacht
        mislukt = GaugeMetricFamily("loket_taken_mislukt", "Tasks that ended failed (until pruned)")
        mislukt.add_metric([], _taken().failed().count())
        yield mislukt
        mails = GaugeMetricFamily("loket_mails", "Mails per status", labels=["status"])
        aantallen = dict.fromkeys(MailStatus.values, 0)
        aantallen.update(Mailbericht.objects.order_by().values_list("status").annotate(n=Count("pk")))
        for status, aantal in sorted(aantallen.items()):
            mails.add_metric([status], aantal)
        yield mails


def _mag_metrics_zien(request):
    token = settings.METRICS_TOKEN
    if token:
        gegeven = request.headers.get("Authorization", "")
        if gegeven.startswith("Bearer ") and hmac.compare_digest(gegeven[7:].encode(), token.encode()):
            return True
    if settings.METRICS_IPS:
        try:
            adres = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
        except ValueError:
            return False
        return any(adres in ipaddress.ip_network(net, strict=False) for net in settings.METRICS_IPS)
    return False


@never_cache
def metrics(request):
    """Prometheus text format. 404 when METRICS is off or the caller has neither the token nor an allowed address."""
    if not settings.METRICS or not _mag_metrics_zien(request):
        raise Http404
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # gunicorn with several workers: each writes its numbers to files; add them all up.
        MultiProcessCollector(registry)
    else:
        registry.register(VERZOEKDUUR)
    registry.register(WachtrijCollector())
    return HttpResponse(generate_latest(registry), content_type="text/plain; version=0.0.4; charset=utf-8")


def _pad_zonder_geheimen(request):
    pad = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for naam in GEHEIME_DELEN:
            waarde = match.kwargs.get(naam)
            if waarde:
                pad = pad.replace(str(waarde), "…")
    return pad


def _gebruiker_id(request):
    """The user's id, or "anoniem"; read from what the request loaded already (no extra query)."""
    gebruiker = getattr(request, "user", None)
    if gebruiker is not None and getattr(gebruiker, "_wrapped", None) is not empty:
        return gebruiker.pk if gebruiker.is_authenticated else "anoniem"
    sessie = getattr(getattr(request, "session", None), "_session_cache", None)
    if sessie is not None:
        return int(sessie[SESSION_KEY]) if sessie.get(SESSION_KEY, "").isdigit() else "anoniem"
    return "anoniem"


class VerzoekMiddleware:
    """One log line and one latency measurement per request. Put it first: it measures the whole stack."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        begin = time.perf_counter()
        response = self.get_response(request)
        duur = time.perf_counter() - begin
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match is not None and match.view_name else "onbekend"
        if settings.METRICS:
            VERZOEKDUUR.labels(view=view, methode=request.method, status=str(response.status_code)).observe(duur)
        logger.info(
            "%s %s %s %.1f ms",
            request.method,
            _pad_zonder_geheimen(request),
            response.status_code,
            duur * 1000,
            extra={
                "verzoek": {
                    "methode": request.method,
                    "pad": _pad_zonder_geheimen(request),
                    "view": view,
                    "status": response.status_code,
                    "duur_ms": round(duur * 1000, 1),
                    "gebruiker": _gebruiker_id(request),
                }
            },
        )
        return response
