"""Load test: `python bench/last.py [--duur 180] [--schaal 1] [--mail-plat 0]` (needs the `bench` extra: locust).

On this machine, against what production runs: gunicorn with 4 workers (bench/instellingen.py:
the production settings over plain HTTP, psycopg pool), two task workers (`manage.py db_worker`)
and PostgreSQL (DATABASE_URL names the server; the data lives in a scratch database
`bench_last`). Mail goes over SMTP to a small aiosmtpd server in this process that counts what
arrives. The data: 20,000 open requests at one desk (bench/aanmelding.py's fill) and 300
locations with free places, times --schaal. The load (locust, bench/last_gebruikers.py), times
--schaal: 200 parents registering through the whole wizard, 50 desk users on the worklist and
request pages, 50 providers looking at and confirming free places; for --duur seconds. Each
waits as a person does: a parent 15-45 s per wizard step, staff and providers 10-30 s per page
(bench/last_gebruikers.py argues the numbers: about 18 requests per second offered in all). The
run starts in the middle of a registration peak: each parent's session has 0 to 7 of the 7
wizard steps done already (prepared here through the app), and every kind of page has been asked
a few times (a server at a peak is warm).

--mail-plat S: the mail server is down (the port closed) for the first S seconds, then starts;
the mail that failed meanwhile is tried again (MAIL_WACHTTIJD_SECONDEN=5 here, doubled each
time). After the load the test waits until every mail made during the run has been sent (at most
--wacht seconds) and prints:
    last: N verzoeken, p50 X ms, p95 Y ms, fouten E, mails verstuurd M van M verwacht
"""

import argparse
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from kladbasis import PROJECT, database_kiezen, django_starten

BENCH = Path(__file__).resolve().parent


def vrije_poort():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailserver:
    """An SMTP server that only counts: started late to play a mail server that was down."""

    def __init__(self, poort):
        self.poort, self.ontvangen, self.controller = poort, [], None

    async def handle_DATA(self, server, sessie, envelope):
        self.ontvangen.append(envelope.rcpt_tos)
        return "250 OK"

    def starten(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.poort)
        self.controller.start()

    def stoppen(self):
        if self.controller:
            self.controller.stop()


def locaties_vullen(loket, aantal, aanbieders):
    """`aantal` locations in the desk's area with a free place each; a provider login for the first `aanbieders`."""
    import datetime

    from django.utils import timezone

    from aanbod.models import AanbiederToegang, Locatie, Organisator, VrijePlaats
    from loket.models import Gebruiker, Rol

    organisator, _ = Organisator.objects.get_or_create(naam="Bench aanbod", defaults={"email": "aanbod@last.invalid"})
    bestaand = Locatie.objects.filter(organisator=organisator).count()
    gemeenten = list(loket.werkingsgebied.all())
    nieuw = [
        Locatie(
            organisator=organisator,
            naam=f"Bench locatie {i:04d}",
            type="groepsopvang",
            gemeente=gemeenten[i % len(gemeenten)],
            postcode="9000",
            erkende_plaatsen=18,
            email=f"locatie{i}@last.invalid",
        )
        for i in range(bestaand, aantal)
    ]
    Locatie.objects.bulk_create(nieuw)
    VrijePlaats.objects.bulk_create(
        VrijePlaats(locatie=locatie, vanaf=timezone.localdate() + datetime.timedelta(days=60), aantal=2)
        for locatie in nieuw
    )
    locaties = list(Locatie.objects.filter(organisator=organisator).order_by("pk")[:aantal])
    logins = []
    for i, locatie in enumerate(locaties[:aanbieders]):
        gebruiker, _ = Gebruiker.objects.get_or_create(
            email=f"aanbieder{i}@last.invalid", defaults={"rol": Rol.AANBIEDER}
        )
        AanbiederToegang.objects.get_or_create(gebruiker=gebruiker, organisator=organisator, locatie=locatie)
        logins.append((gebruiker, locatie))
    return locaties, logins


def percentiel(tijden, p):
    """The p-th percentile of locust's response-time histogram {ms: count}."""
    totaal = sum(tijden.values())
    if not totaal:
        return 0.0
    grens, gezien = totaal * p / 100, 0
    for ms in sorted(tijden):
        gezien += tijden[ms]
        if gezien >= grens:
            return ms
    return max(tijden)


def sessie(gebruiker):
    """A session key for `gebruiker`, logged in with the second factor passed (as after a real login)."""
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    apparaat, _ = TOTPDevice.objects.get_or_create(user=gebruiker, name="bench", defaults={"confirmed": True})
    client = Client()
    client.force_login(gebruiker)
    s = client.session
    s["otp_device_id"] = apparaat.persistent_id
    s["ingelogd_op"] = s["laatst_actief"] = int(time.time()) + 3600
    s.save()
    return s.session_key


def ouder_sessie(nummer, gedaan, stappen):
    """A session key of a parent with the wizard's first `gedaan` steps posted (0: just started).

    The steps go through the app itself (Django's test Client, in this process), so the session
    holds exactly what the wizard keeps.
    """
    from django.test import Client

    client = Client(SERVER_NAME="127.0.0.1")
    assert client.get("/aanmelden/").status_code == 200
    for stap, data in list(stappen.items())[:gedaan]:
        data = dict(data)
        if stap == "kind":
            data["voornaam"] = f"Bezig{int(time.time())}x{nummer}"
        if stap == "gezin":
            data["ouder1-email"] = f"bezig-{int(time.time())}-{nummer}@last.invalid"
        antwoord = client.post(f"/aanmelden/stap/{stap}/", data)
        assert antwoord.status_code == 302, (stap, antwoord.status_code)
    return client.session.session_key or client.cookies["sessionid"].value


def opwarmen(poort, gegevens, keer=12):
    """Ask each kind of page a few times before measuring: a server at a peak has been running, and
    a new gunicorn worker's first request loads templates and translations (~2 s here)."""
    import urllib.request

    medewerker, (aanbieder, locatie) = gegevens["medewerkers"][0], gegevens["aanbieders"][0]
    paginas = [
        ("/aanmelden/", None),
        (f"/loket/?loket={gegevens['loket']}", medewerker),
        (f"/loket/vraag/{gegevens['vragen'][0]}/", medewerker),
        ("/aanbieder/", aanbieder),
        (f"/aanbieder/locatie/{locatie}/vrije-plaatsen/", aanbieder),
    ]
    for _ in range(keer):
        for pad, sessie_sleutel in paginas:
            verzoek = urllib.request.Request(f"http://127.0.0.1:{poort}{pad}")
            if sessie_sleutel:
                verzoek.add_header("Cookie", f"sessionid={sessie_sleutel}")
            urllib.request.urlopen(verzoek, timeout=30).read()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duur", type=int, default=180, help="seconds of load (default 180)")
    parser.add_argument("--schaal", type=float, default=1.0, help="scale of data and users (default 1)")
    parser.add_argument("--mail-plat", type=int, default=0, help="mail server down for the first S seconds")
    parser.add_argument("--wacht", type=int, default=300, help="seconds to wait for the last mails")
    parser.add_argument("--database", default="bench_last")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("bench/last.py needs PostgreSQL: DATABASE_URL=postgres://...")
    database_kiezen(args.database, "")
    os.environ.update(
        SECRET_KEY="bench-sleutel-niet-geheim",
        ALLOWED_HOSTS="127.0.0.1",
        DEBUG="0",
        LOG_VERZOEKEN="WARNING",
        DATABASE_POOL="1",
    )
    django_starten("instellingen")
    from django.core.management import call_command
    from django.db import connection

    from aanmelding.models import OPEN_STATUSSEN, Opvangvraag
    from loket.models import Gebruiker, Loket, Mailbericht, MailStatus, Rol

    call_command("migrate", verbosity=0)
    n_vragen = round(20_000 * args.schaal)
    loket = Loket.objects.filter(code="bench-werklijst").first()
    if not loket or Opvangvraag.objects.filter(loket=loket, status__in=OPEN_STATUSSEN).count() != n_vragen:
        begin = time.perf_counter()
        # bench/aanmelding.py's fill; loaded by path, its name is also the app's.
        spec = importlib.util.spec_from_file_location("bench_aanmelding", BENCH / "aanmelding.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        loket = module.vullen(n_vragen)
        print(f"gevuld: {n_vragen} open vragen in {time.perf_counter() - begin:.0f} s", flush=True)
    ouders, medewerkers, aanbieders = (max(2, round(n * args.schaal)) for n in (200, 50, 50))
    locaties, aanbieder_logins = locaties_vullen(loket, max(2, round(300 * args.schaal)), aanbieders)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    staf = []
    for i in range(medewerkers):
        gebruiker, _ = Gebruiker.objects.get_or_create(
            email=f"medewerker{i}@last.invalid", defaults={"rol": Rol.LOKETMEDEWERKER}
        )
        gebruiker.loketten.set([loket])
        staf.append(sessie(gebruiker))
    from tests.aanmelding.ouder_hulp import stapdata

    stappen = stapdata(locatie=locaties[0])
    stappen["kind"]["geboortedatum"] = str(stappen["kind"]["geboortedatum"])
    # A peak in progress: each parent's session has 0 to 7 of the wizard's steps done, evenly spread.
    begin = time.perf_counter()
    aantal_stappen = len(stappen)
    ouder_sessies = [
        [ouder_sessie(i, i % (aantal_stappen + 1), stappen), i % (aantal_stappen + 1)] for i in range(ouders)
    ]
    print(f"ouders voorbereid: {ouders} wizards in uitvoering in {time.perf_counter() - begin:.0f} s", flush=True)
    gegevens = {
        "gewichten": {"ouder": ouders, "medewerker": medewerkers, "aanbieder": aanbieders},
        "ouders": ouder_sessies,
        "loket": loket.code,
        "vragen": list(
            Opvangvraag.objects.filter(loket=loket, status__in=OPEN_STATUSSEN).values_list("pk", flat=True)[:2000]
        ),
        "medewerkers": staf,
        "aanbieders": [[sessie(g), locatie.pk] for g, locatie in aanbieder_logins],
        "stappen": stappen,
    }
    map = Path(tempfile.mkdtemp(prefix="last-"))
    (map / "sessies.json").write_text(json.dumps(gegevens, default=str))

    smtp_poort, web_poort = vrije_poort(), vrije_poort()
    mailserver = Mailserver(smtp_poort)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "instellingen",
        "PYTHONPATH": f"{PROJECT}{os.pathsep}{BENCH}",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_poort),
        "EMAIL_TIMEOUT": "5",
        "MAIL_WACHTTIJD_SECONDEN": "5",
        "MAIL_POGINGEN": "10",
        "LAST_SESSIES": str(map / "sessies.json"),
    }
    bin_map = Path(sys.executable).parent
    processen = [
        subprocess.Popen(
            [str(bin_map / "gunicorn"), "loket.wsgi", "--workers", "4", "--bind", f"127.0.0.1:{web_poort}"],
            cwd=PROJECT,
            env={**env, "DATABASE_POOL": "1"},
            stdout=subprocess.DEVNULL,
            stderr=open(map / "gunicorn.log", "w"),
        )
    ]
    for i in range(2):
        processen.append(
            subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.5", "--verbosity", "0"],
                cwd=PROJECT,
                env={**env, "DATABASE_POOL": "0"},
                stdout=subprocess.DEVNULL,
                stderr=open(map / f"werker{i}.log", "w"),
            )
        )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", web_poort), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        opwarmen(web_poort, gegevens)
        if args.mail_plat:
            threading.Timer(args.mail_plat, mailserver.starten).start()
            print(f"mailserver plat tot {args.mail_plat} s na de start", flush=True)
        else:
            mailserver.starten()
        begin = Mailbericht.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        gebruikers = ouders + medewerkers + aanbieders
        print(
            f"last: {ouders} ouders, {medewerkers} medewerkers, {aanbieders} aanbieders; "
            f"{n_vragen} open vragen, {len(locaties)} locaties; {args.duur} s",
            flush=True,
        )
        subprocess.run(
            [
                str(bin_map / "locust"),
                "-f",
                str(BENCH / "last_gebruikers.py"),
                "--headless",
                "--users",
                str(gebruikers),
                "--spawn-rate",
                str(max(1, gebruikers // 10)),
                "--run-time",
                f"{args.duur}s",
                "--host",
                f"http://127.0.0.1:{web_poort}",
                "--json-file",
                str(map / "locust"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env=env,
            check=False,
            stdout=subprocess.DEVNULL,
        )
        berichten = Mailbericht.objects.filter(pk__gt=begin)
        einde = time.time() + args.wacht
        while berichten.exclude(status=MailStatus.VERSTUURD).exists() and time.time() < einde:
            time.sleep(1)
        verwacht = sum(len(aan) for aan in berichten.values_list("aan", flat=True))
        verstuurd = sum(len(aan) for aan in mailserver.ontvangen)
        mislukt = berichten.filter(status=MailStatus.MISLUKT).count()
        stats = json.loads((map / "locust.json").read_text())
        alle = {}
        for regel in stats:
            tijden = {float(ms): aantal for ms, aantal in regel["response_times"].items()}
            for ms, aantal in tijden.items():
                alle[ms] = alle.get(ms, 0) + aantal
            print(
                f"  {regel['method']:4} {regel['name']:32} {regel['num_requests']:>6} verzoeken, "
                f"p50 {percentiel(tijden, 50):.0f} ms, p95 {percentiel(tijden, 95):.0f} ms, "
                f"fouten {regel['num_failures']}"
            )
        aantal = sum(regel["num_requests"] for regel in stats)
        fouten = sum(regel["num_failures"] for regel in stats)
        if mislukt:
            print(f"  {mislukt} mails mislukt (zie {map})")
        print(f"  logs: {map}")
        print(
            f"last: {aantal} verzoeken, p50 {percentiel(alle, 50):.0f} ms, p95 {percentiel(alle, 95):.0f} ms, "
            f"fouten {fouten}, mails verstuurd {verstuurd} van {verwacht} verwacht",
            flush=True,
        )
    finally:
        for proces in processen:
            proces.send_signal(signal.SIGTERM)
        for proces in processen:
            try:
                proces.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proces.kill()
        mailserver.stoppen()


if __name__ == "__main__":
    main()
