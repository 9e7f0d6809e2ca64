"""Benchmark of the desk worklist (/loket/): `python bench/aanmelding.py [--vragen N]`.

Fills a scratch database with N open requests (default 20,000) plus a quarter as many closed ones,
spread realistically over statuses, municipalities, channels, categories and two years of
registrations, for one desk. Then it logs in as desk staff (with the second factor) through
Django's test Client and asks the worklist for --verzoeken different pages (filters, sort
orders, page sizes, deep pages), --rondes times after one warm-up round, and prints the median
and the 95th percentile of the response times, and the number of queries per page.

On PostgreSQL (DATABASE_URL=postgres://...) it uses a database of its own on the same server,
`bench_aanmelding` by default (--database), so it never touches a developer's or the test
database; on SQLite a file in /tmp. A filled database is reused when it holds the same N (pass
--opnieuw to fill it again).

Then, in the same run, the first page of 25 rows (the default) against a bare Django view on the
same data as the floor (`kale_view`: the same 25 rows with child, family and municipality joined,
a plain table and the same filter fields as plain HTML, through the same middleware and session),
each --herhalingen times. The last two
lines are exactly:
    werklijst: N open vragen, R verzoeken (P pagina's x K); mediaan X ms; p95 Y ms; queries per pagina Q (constant)
    werklijst: 25 rijen, p95 X ms; kale view Y ms; verhouding Z
"""

import argparse
import datetime
import os
import random
import statistics
import time
from urllib.parse import urlencode

from kladbasis import database_kiezen, django_starten

BATCH = 5000
GEBIED = ["44021", "44013", "44087", "44019", "44084"]  # Gent, Destelbergen, Lochristi, Evergem, Merelbeke-Melle
GEBIED_GEWICHT = [70, 8, 7, 9, 6]
VOORNAMEN = "Mila Noah Emma Liam Olivia Louis Nora Arthur Lina Jules Elena Adam Marie Victor Lou Finn".split()
ACHTERNAMEN = "Peeters Janssens Maes Jacobs Mertens Willems Claes Goossens Wouters De Smet Dubois Lambert".split()


def vullen(n, *, zaad=2025):
    """N open and N/4 closed requests at desk `bench-werklijst`, with families, parents and children."""
    from django.db import transaction
    from django.utils import timezone

    from aanmelding.models import Gezin, Kind, Opvangvraag, Ouder, dagen_per_week
    from loket.models import Gebruiker, Gemeente, Loket, Rol

    rnd = random.Random(zaad)
    tz = timezone.get_default_timezone()
    loket = Loket.objects.filter(code="bench-werklijst").first()
    if loket is not None:
        gezinnen = Gezin.objects.filter(loket=loket)
        Opvangvraag.objects.filter(loket=loket).delete()
        Kind.objects.filter(gezin__in=gezinnen).delete()
        gezinnen.delete()
    else:
        # Kept across fills: the audit log of earlier runs points at it (and is never deleted).
        loket = Loket.objects.create(
            code="bench-werklijst", naam="Bench werklijst", inrichtend_bestuur="Bench", dossiernummer="1"
        )
    gebied = {g.nis: g for g in Gemeente.objects.filter(nis__in=GEBIED)}
    gemeenten = [gebied[nis] for nis in GEBIED]
    loket.werkingsgebied.set(gemeenten)
    toeleider, _ = Gebruiker.objects.get_or_create(
        email="toeleider@bench.invalid", defaults={"rol": Rol.TOELEIDER, "organisatie": "OCMW"}
    )
    nu = timezone.now()
    totaal = n + n // 4
    for begin in range(0, totaal, BATCH):
        aantal = min(BATCH, totaal - begin)
        with transaction.atomic():
            gezinnen = []
            for _ in range(aantal):
                gezin = Gezin(
                    loket=loket,
                    straat="Kerkstraat 1",
                    postcode="9000",
                    gemeente=rnd.choices(gemeenten, GEBIED_GEWICHT)[0],
                    laag_inkomen=rnd.random() < 0.15,
                    alleenstaande_ouder=rnd.random() < 0.12,
                    opvang_voor_werk_of_opleiding=rnd.random() < 0.8,
                    gezondheids_of_zorgproblemen=rnd.random() < 0.05,
                    geen_diploma_secundair=rnd.random() < 0.08,
                    kwetsbaar_gemarkeerd=rnd.random() < 0.03,
                )
                if gezin.kwetsbaar_gemarkeerd:
                    gezin.kwetsbaar_reden = "bench"
                # bulk_create skips save(), which derives `kwetsbaar`: derive it here the same way.
                gezin.kwetsbaar = gezin.kwetsbaar_gemarkeerd or sum(getattr(gezin, c) for c in Gezin.CRITERIA) >= 2
                gezinnen.append(gezin)
            Gezin.objects.bulk_create(gezinnen)
            ouders, kinderen = [], []
            for gezin in gezinnen:
                achternaam = rnd.choice(ACHTERNAMEN)
                for nummer in range(1 if rnd.random() < 0.3 else 2):
                    ouders.append(
                        Ouder(
                            gezin=gezin,
                            voornaam=rnd.choice(VOORNAMEN),
                            achternaam=achternaam,
                            email=f"ouder{gezin.pk}-{nummer}@bench.invalid",
                            telefoon=f"0470 {gezin.pk % 100:02d} {nummer:02d} 00",
                        )
                    )
                geboren = (nu - datetime.timedelta(days=rnd.randint(-150, 700))).astimezone(tz).date()
                kind = Kind(
                    gezin=gezin,
                    voornaam=rnd.choice(VOORNAMEN),
                    achternaam=achternaam,
                    geboortedatum=geboren,
                    verwacht=geboren > nu.date(),
                    specifieke_zorgbehoefte=rnd.random() < 0.03,
                )
                kind.identiteit = Kind.maak_identiteit(kind.voornaam, kind.achternaam, kind.geboortedatum)
                kind.sleutel = Kind.maak_sleutel(kind.identiteit)
                kinderen.append(kind)
            Ouder.objects.bulk_create(ouders)
            Kind.objects.bulk_create(kinderen)
            vragen = []
            for i, (gezin, kind) in enumerate(zip(gezinnen, kinderen, strict=True), start=begin):
                open_vraag = i < n
                ingediend = nu - datetime.timedelta(days=rnd.randint(0, 720), minutes=rnd.randint(0, 1440))
                start = max(ingediend.astimezone(tz).date(), kind.geboortedatum) + datetime.timedelta(
                    days=rnd.randint(30, 540)
                )
                schema = rnd.choice(["DDDDD--", "DDDD---", "DDD----", "DDVVN--", "VVVVV--", "DD-D---"])
                kanaal = rnd.choices(
                    ["online", "telefoon", "balie", "toeleider", "aanbieder", "import"], [70, 10, 7, 5, 3, 5]
                )[0]
                if open_vraag:
                    status = rnd.choices(["ingediend", "in_behandeling", "voorstel"], [35, 50, 15])[0]
                else:
                    status = rnd.choice(["toegewezen", "ingetrokken"])
                dringend = rnd.random() < 0.08
                vragen.append(
                    Opvangvraag(
                        loket=loket,
                        kind=kind,
                        gezin=gezin,
                        gemeente=gezin.gemeente,
                        referentie=f"B-{i:06d}",
                        kanaal=kanaal,
                        ingediend_op=ingediend,
                        gewenste_startdatum_origineel=start,
                        gewenste_startdatum=start + datetime.timedelta(days=30 if rnd.random() < 0.1 else 0),
                        weekschema=schema,
                        dagen_per_week_origineel=dagen_per_week(schema),
                        dagen_per_week=dagen_per_week(schema),
                        voor_7u=rnd.random() < 0.05,
                        na_18u=rnd.random() < 0.05,
                        zaterdag=rnd.random() < 0.02,
                        dringend=dringend,
                        dringend_reden="start_werk" if dringend else "",
                        vg_werk_of_opleiding=rnd.random() < 0.3,
                        vg_alleenstaande_ouder=gezin.alleenstaande_ouder,
                        vg_laag_inkomen=gezin.laag_inkomen,
                        toeleider=toeleider if kanaal == "toeleider" else None,
                        toestemming_op=ingediend if kanaal == "toeleider" else None,
                        toestemming_wijze="schriftelijk" if kanaal == "toeleider" else "",
                        status=status,
                        ingetrokken_op=ingediend + datetime.timedelta(days=60) if status == "ingetrokken" else None,
                        intrek_reden="niet_meer_nodig" if status == "ingetrokken" else "",
                        geen_reactie_gemeld_op=(
                            ingediend + datetime.timedelta(days=21) if open_vraag and rnd.random() < 0.05 else None
                        ),
                    )
                )
            Opvangvraag.objects.bulk_create(vragen)
    return loket


def medewerker_client(loket):
    """A test Client logged in as staff of `loket`, second factor passed (as after a real login)."""
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from loket.models import Gebruiker, Rol

    gebruiker, _ = Gebruiker.objects.get_or_create(
        email="medewerker@bench.invalid", defaults={"rol": Rol.LOKETMEDEWERKER}
    )
    gebruiker.loketten.set([loket])
    apparaat, _ = TOTPDevice.objects.get_or_create(user=gebruiker, name="bench", defaults={"confirmed": True})
    client = Client()
    client.force_login(gebruiker)
    sessie = client.session
    sessie["otp_device_id"] = apparaat.persistent_id
    sessie.save()
    return client


def verzoeken(loket, aantal):
    """`aantal` different worklist requests: filters alone and combined, sort orders, page sizes, deep pages."""
    from django.utils import timezone

    gemeenten = list(loket.werkingsgebied.order_by("nis").values_list("pk", flat=True))
    maand = timezone.localdate().replace(day=1)
    maanden = [(maand + datetime.timedelta(days=31 * k)).strftime("%Y-%m") for k in range(1, 7)]
    basis = [
        {},
        {"per": "10"},
        {"per": "50"},
        {"per": "100"},
        {"pagina": "2"},
        {"pagina": "40"},
        {"pagina": "400", "per": "50"},  # the last page
        {"status": ""},
        {"status": "ingediend"},
        {"status": "in_behandeling"},
        {"status": "voorstel"},
        {"status": "toegewezen"},
        {"status": "ingetrokken"},
        *({"gemeente": pk} for pk in gemeenten),
        *({"startmaand": m} for m in maanden),
        {"dringend": "true"},
        {"atypisch": "true"},
        {"voorrangsgroep": "true"},
        {"kwetsbaar": "true"},
        {"zorgbehoefte": "true"},
        {"geen_reactie": "true"},
        {"kanaal": "telefoon"},
        {"kanaal": "toeleider"},
        {"wachttijd": "1"},
        {"wachttijd": "3"},
        {"wachttijd": "6"},
        {"sorteer": "start"},
        {"sorteer": "-start"},
        {"sorteer": "ingediend"},
        {"sorteer": "-ingediend"},
        {"sorteer": "ingediend", "pagina": "100"},
        {"zoek": "mila"},
        {"zoek": "claes noah"},
        {"zoek": "B-000123"},
        {"dringend": "true", "kwetsbaar": "true"},
        {"wachttijd": "6", "sorteer": "ingediend", "per": "100"},
        {"gemeente": gemeenten[0], "status": "ingediend", "sorteer": "start"},
        {"startmaand": maanden[2], "voorrangsgroep": "true", "per": "50"},
        {"kanaal": "online", "atypisch": "true", "sorteer": "-start"},
        {"geen_reactie": "true", "wachttijd": "1", "sorteer": "ingediend"},
        {"status": "", "zoek": "peeters", "per": "100"},
    ]
    return ["/loket/?" + urlencode({"loket": loket.code, **params}) for params in basis[:aantal]]


KAAL = """<!doctype html><html lang="nl"><head><title>Werklijst</title></head><body>
<form method="get">{% for naam, label, opties in keuzes %}<label for="id_{{ naam }}">{{ label }}</label>
<select name="{{ naam }}" id="id_{{ naam }}">{% for waarde, tekst in opties %}
<option value="{{ waarde }}">{{ tekst }}</option>{% endfor %}</select>{% endfor %}
{% for naam, label, soort in invoer %}<label for="id_{{ naam }}">{{ label }}</label>
<input type="{{ soort }}" name="{{ naam }}" id="id_{{ naam }}">{% endfor %}{% for naam, label in vinkjes %}
<input type="checkbox" name="{{ naam }}" id="id_{{ naam }}" value="true"><label for="id_{{ naam }}">{{ label }}</label>
{% endfor %}<button type="submit">Filteren</button></form><table>
{% for vraag in vragen %}<tr><td>{{ vraag.referentie }}</td>
<td>{{ vraag.kind.voornaam }} {{ vraag.kind.achternaam }}</td><td>{{ vraag.gemeente.naam_nl }}</td>
<td>{{ vraag.get_status_display }}</td><td>{{ vraag.ingediend_op|date:"d/m/Y" }}</td>
<td>{{ vraag.gewenste_startdatum|date:"d/m/Y" }}</td></tr>{% endfor %}</table></body></html>"""


def kale_view(request):
    """The floor: the worklist's first 25 rows in a plain table, no log, no layout, and the same
    filter fields as the worklist (13 and the page size, the desk's municipalities read for one of
    them) as plain HTML, so the floor renders what any page with these filters has to render.
    """
    from django.http import HttpResponse
    from django.template import engines

    from aanmelding.filters import STATUS_KEUZES, WACHTTIJD_KEUZES
    from aanmelding.models import OPEN_STATUSSEN, Kanaal, Opvangvraag
    from loket.models import Gemeente

    vragen = (
        Opvangvraag.objects.filter(loket__code="bench-werklijst", status__in=OPEN_STATUSSEN)
        .select_related("kind", "gezin", "gemeente")
        .order_by("-ingediend_op", "-id")[:25]
    )
    gemeenten = Gemeente.objects.filter(loketten__code="bench-werklijst").order_by("naam_nl")
    keuzes = [
        ("status", "Status", [("", "alle"), *STATUS_KEUZES]),
        ("gemeente", "Gemeente", [("", "alle"), *((g.pk, g.naam_nl) for g in gemeenten)]),
        ("kanaal", "Kanaal", [("", "alle"), *Kanaal.choices]),
        ("wachttijd", "Wachttijd", [("", "alle"), *WACHTTIJD_KEUZES]),
        (
            "sorteer",
            "Sorteren",
            [
                ("", "nieuwste eerst"),
                ("start", "start"),
                ("-start", "-start"),
                ("ingediend", "ingediend"),
                ("-ingediend", "-ingediend"),
            ],
        ),
        ("per", "Per pagina", [(n, n) for n in (10, 25, 50, 100)]),
    ]
    invoer = [("zoek", "Zoek", "text"), ("startmaand", "Gewenste start (maand)", "month")]
    vinkjes = [
        (naam, naam) for naam in ("dringend", "atypisch", "voorrangsgroep", "kwetsbaar", "zorgbehoefte", "geen_reactie")
    ]
    context = {"vragen": vragen, "keuzes": keuzes, "invoer": invoer, "vinkjes": vinkjes}
    return HttpResponse(engines["django"].from_string(KAAL).render(context, request))


def urlpatterns_met_kale_view():
    from django.urls import include, path

    return [path("kaal/", kale_view), path("", include("loket.urls"))]


def p95(tijden):
    tijden = sorted(tijden)
    return tijden[min(len(tijden) - 1, round(0.95 * len(tijden)) - 1)]


def queries_tellen(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(context.captured_queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vragen", type=int, default=20_000, help="number of open requests")
    parser.add_argument("--verzoeken", type=int, default=50, help="different worklist pages to ask for")
    parser.add_argument("--rondes", type=int, default=3, help="timed rounds over those pages")
    parser.add_argument("--database", default="bench_aanmelding", help="scratch PostgreSQL database")
    parser.add_argument("--opnieuw", action="store_true", help="fill the database again")
    parser.add_argument("--herhalingen", type=int, default=100, help="times the 25-row page and the floor are asked")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every page's time and queries")
    args = parser.parse_args()

    waar = database_kiezen(args.database, "/tmp/bench_aanmelding.sqlite3")
    # The production settings with DEBUG off; only what Django's test Client needs is relaxed
    # (plain HTTP, host "testserver", static files without a collectstatic manifest).
    django_starten("tests.settings")
    from django.core.management import call_command

    from aanmelding.models import OPEN_STATUSSEN, Opvangvraag
    from loket.models import Loket

    call_command("migrate", verbosity=0)
    loket = Loket.objects.filter(code="bench-werklijst").first()
    aanwezig = Opvangvraag.objects.filter(loket=loket, status__in=OPEN_STATUSSEN).count() if loket else 0
    if args.opnieuw or aanwezig != args.vragen:
        begin = time.perf_counter()
        loket = vullen(args.vragen)
        print(f"gevuld: {args.vragen} open vragen in {time.perf_counter() - begin:.1f} s ({waar})")
    else:
        print(f"hergebruikt: {aanwezig} open vragen ({waar})")
    if Opvangvraag.objects.filter(loket=loket).count() and os.environ["DATABASE_URL"].startswith("postgres"):
        from django.db import connection

        # VACUUM too, as autovacuum does after a bulk insert (PostgreSQL 13+): without the visibility
        # map the worklist's count reads every row from the table instead of only the index.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    client = medewerker_client(loket)
    urls = verzoeken(loket, args.verzoeken)
    client.get(urls[0])  # the first request of a process fills caches (content types) once
    queries = {url: queries_tellen(client, url) for url in urls}  # also the warm-up round
    tijden = {url: [] for url in urls}
    for _ronde in range(args.rondes):
        for url in urls:
            begin = time.perf_counter()
            response = client.get(url)
            tijden[url].append((time.perf_counter() - begin) * 1000)
            assert response.status_code == 200, url
    alle = sorted(t for reeks in tijden.values() for t in reeks)
    mediaan = statistics.median(alle)
    p95_alle = p95(alle)
    if args.verbose:
        for url in urls:
            print(f"{statistics.median(tijden[url]):7.1f} ms  {queries[url]:2d} queries  {url}")
    # No filter, page size or page changes the count.
    traagste = max(urls, key=lambda url: statistics.median(tijden[url]))
    print(f"traagste pagina: {statistics.median(tijden[traagste]):.1f} ms  {traagste}")
    print(f"queries per pagina: {'/'.join(map(str, sorted(set(queries.values()))))}")
    constant = "constant" if len(set(queries.values())) == 1 else "NIET constant"
    print(
        f"werklijst: {args.vragen} open vragen, {len(alle)} verzoeken ({len(urls)} pagina's x {args.rondes}); "
        f"mediaan {mediaan:.1f} ms; "
        f"p95 {p95_alle:.1f} ms; queries per pagina {min(queries.values())} ({constant})"
    )
    from django.test import override_settings

    eerste = "/loket/?" + urlencode({"loket": loket.code})
    global urlpatterns
    urlpatterns = urlpatterns_met_kale_view()
    with override_settings(ROOT_URLCONF=__name__):
        for url in (eerste, "/kaal/"):
            client.get(url)  # warm
        pagina, kaal = [], []
        for _ in range(args.herhalingen):
            for url, reeks in ((eerste, pagina), ("/kaal/", kaal)):
                begin = time.perf_counter()
                response = client.get(url)
                reeks.append((time.perf_counter() - begin) * 1000)
                assert response.status_code == 200, url
    print(f"mediaan: werklijst 25 rijen {statistics.median(pagina):.1f} ms; kale view {statistics.median(kaal):.1f} ms")
    print(
        f"werklijst: 25 rijen, p95 {p95(pagina):.1f} ms; kale view {p95(kaal):.1f} ms; "
        f"verhouding {p95(pagina) / p95(kaal):.1f}"
    )


if __name__ == "__main__":
    main()
