"""Benchmark of the portal's login-link request (POST /mijn/): `python bench/inloglink.py [--verzoeken N]`.

The answer must not tell whether an address is known, also not by its speed. This starts the app
under gunicorn (one sync worker, DEBUG=1, mail to the console, thrown away) on a scratch database,
then posts N known and N unknown addresses in turn over real HTTP and times each until its answer
is read. Every known address is used once, so the 5-an-hour limit never cuts the work short. A
pause after each request lets work done after the answer finish before the next one is timed.

On PostgreSQL (DATABASE_URL=postgres://...) it uses a database of its own on the same server,
`bench_inloglink` by default (--database); on SQLite a file in /tmp.

The last line is exactly:
    POST /mijn/: bekend adres mediaan X ms, onbekend adres mediaan Y ms (N elk)
"""

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from urllib.parse import urlencode

from kladbasis import PROJECT, database_kiezen, django_starten


def ouders_maken(aantal):
    """`aantal` families with one parent each, at addresses bekend-<i>@bench.invalid; old links removed."""
    from aanmelding.models import Gezin, Ouder
    from loket.models import Gemeente, Inloglink, Loket

    Inloglink.objects.filter(email__endswith="@bench.invalid").delete()
    loket, _ = Loket.objects.get_or_create(
        code="bench-inloglink", defaults={"naam": "Bench", "inrichtend_bestuur": "Bench"}
    )
    gent = Gemeente.objects.get(nis="44021")
    bestaand = set(Ouder.objects.filter(email__endswith="@bench.invalid").values_list("email", flat=True))
    for i in range(aantal):
        if f"bekend-{i}@bench.invalid" not in bestaand:
            gezin = Gezin.objects.create(loket=loket, straat="Kerkstraat 1", postcode="9000", gemeente=gent)
            Ouder.objects.create(gezin=gezin, voornaam="Bench", achternaam=str(i), email=f"bekend-{i}@bench.invalid")


def vrije_poort():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def verzoek(poort, methode, pad, *, body=None, headers=None):
    verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=30)
    try:
        verbinding.request(methode, pad, body=body, headers=headers or {})
        antwoord = verbinding.getresponse()
        return antwoord, antwoord.read()
    finally:
        verbinding.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verzoeken", type=int, default=200, help="aantal verzoeken per soort adres")
    parser.add_argument("--pauze", type=float, default=0.05, help="seconden tussen twee verzoeken")
    parser.add_argument("--database", default="bench_inloglink", help="naam van de PostgreSQL-database")
    parser.add_argument("--sqlite", default="/tmp/bench_inloglink.sqlite3", help="pad bij SQLite")
    args = parser.parse_args()

    waar = database_kiezen(args.database, args.sqlite)
    os.environ["DEBUG"] = "1"
    django_starten()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    ouders_maken(args.verzoeken)
    print(f"{waar}: {args.verzoeken} bekende adressen", flush=True)

    poort = vrije_poort()
    omgeving = {**os.environ, "DEBUG": "1", "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    server = subprocess.Popen(
        [str(PROJECT / ".venv" / "bin" / "gunicorn"), "loket.wsgi", "--bind", f"127.0.0.1:{poort}", "--workers", "1"],
        cwd=PROJECT,
        env=omgeving,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                antwoord, html = verzoek(poort, "GET", "/mijn/")
                break
            except OSError:
                time.sleep(0.1)
        else:
            sys.exit("gunicorn start niet")
        cookie = re.search(r"csrftoken=([^;]+)", antwoord.getheader("Set-Cookie")).group(1)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie}"}

        def post(email):
            body = urlencode({"csrfmiddlewaretoken": token, "email": email})
            begin = time.perf_counter()
            antwoord, _ = verzoek(poort, "POST", "/mijn/", body=body, headers=headers)
            duur = (time.perf_counter() - begin) * 1000
            assert antwoord.status == 302, antwoord.status
            time.sleep(args.pauze)
            return duur

        for i in range(5):  # warm-up: imports, connection, templates
            post(f"opwarmen-{i}@bench.invalid")
        bekend, onbekend = [], []
        for i in range(args.verzoeken):
            bekend.append(post(f"bekend-{i}@bench.invalid"))
            onbekend.append(post(f"onbekend-{i}@bench.invalid"))
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(
        f"POST /mijn/: bekend adres mediaan {statistics.median(bekend):.1f} ms, "
        f"onbekend adres mediaan {statistics.median(onbekend):.1f} ms ({args.verzoeken} elk)"
    )


if __name__ == "__main__":
    main()
