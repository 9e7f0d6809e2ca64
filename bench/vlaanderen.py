"""Benchmark of the Flemish overview: `python bench/vlaanderen.py --vragen N --loketten D`.

Fills a scratch database with N requests spread over D desks (report year 2024, about 1.5 N
offers, the shape of bench/rapport.py's fill: 5% re-registrations at the same desk, and 3% of
the children registered again at another desk), then times the Flemish overview of one year
(rapportage.vlaanderen.rapport_vlaanderen: every desk's report, the unique count across desks
and the children at more than one desk) against one plain aggregate pass (COUNT/SUM over the
request table and over the offer table). On PostgreSQL it uses a database of its own,
`bench_vlaanderen` by default (--database); on SQLite a file in /tmp. A filled database is
reused when it holds the same N and D (pass --opnieuw to fill it again).

The last line is exactly:
    vlaanderen: N vragen, D loketten, X s; kale scan Y s; verhouding Z
X and Y are the median of --herhalingen runs on a warm cache.
"""

import argparse
import datetime
import random
import time
from decimal import Decimal

from kladbasis import database_kiezen, django_starten
from rapport import BATCH, JAAR, _voorstellen_plannen, meten, opslaan


def vullen(n, aantal_loketten, *, zaad=2024):
    """N requests over `aantal_loketten` desks `vl-000`..., each with one municipality as its area."""
    from django.utils import timezone

    from aanbod.models import Locatie, Organisator
    from aanmelding.models import Gezin, IntrekReden, Kind, Opvangvoorstel, Opvangvraag
    from loket.models import Gemeente, Loket

    rnd = random.Random(zaad)
    tz = timezone.get_default_timezone()
    Opvangvoorstel.objects.all().delete()
    Opvangvraag.objects.all().delete()
    Kind.objects.all().delete()
    Gezin.objects.all().delete()
    Locatie.objects.all().delete()
    Loket.objects.filter(code__startswith="vl-").delete()

    gemeenten = list(Gemeente.objects.order_by("nis"))
    loketten = Loket.objects.bulk_create(
        Loket(code=f"vl-{d:03d}", naam=f"Loket {d}", inrichtend_bestuur=f"Gemeente {d}", dossiernummer=str(1000 + d))
        for d in range(aantal_loketten)
    )
    gebied = {}
    for d, loket in enumerate(loketten):
        gebied[d] = gemeenten[d % len(gemeenten)]
        loket.werkingsgebied.set([gebied[d]])
    organisator = Organisator.objects.create(naam="Bench vzw")
    locaties = Locatie.objects.bulk_create(
        Locatie(organisator=organisator, naam=f"Locatie {i}", type="groepsopvang", gemeente=gemeenten[i])
        for i in range(50)
    )
    redenen = list(IntrekReden.values)
    voornamen = ["Lena", "Noah", "Emma", "Liam", "Olivia", "Louis", "Mila", "Arthur", "Élise", "Jules"]
    piek = datetime.datetime(JAAR + 1, 2, 28, 12, tzinfo=tz)
    gemaakt = 0
    while gemaakt < n:
        grootte = min(BATCH, n - gemaakt)
        gezinnen, kinderen, vragen, plannen = [], [], [], []
        for i in range(gemaakt, gemaakt + grootte):
            d = i % aantal_loketten
            loket = loketten[d]
            gezin = Gezin(loket=loket, gemeente=gebied[d], kwetsbaar=rnd.random() < 0.1)
            gezinnen.append(gezin)
            r = rnd.random()
            if i >= aantal_loketten and r < 0.05:
                # A re-registration at the same desk (every D-th request is that desk's), as in bench/rapport.py.
                nummer = i - aantal_loketten * (1 + rnd.randrange(min(i // aantal_loketten, 5)))
            elif i and r < 0.08:
                # The same child at another desk: 1 to 50 requests back is never the same desk (D > 50).
                nummer = i - 1 - rnd.randrange(min(i, 50))
            else:
                nummer = i
            voornaam = voornamen[nummer % len(voornamen)]
            achternaam = f"Achternaam{nummer}"
            if nummer != i and rnd.random() < 0.5:
                voornaam, achternaam = f" {voornaam.upper()} ", achternaam.lower()
            geboorte = datetime.date(JAAR - 1, 1, 1) + datetime.timedelta(days=nummer % 600)
            identiteit = Kind.maak_identiteit(voornaam, achternaam, geboorte)
            kinderen.append(
                Kind(
                    gezin=gezin,
                    voornaam=voornaam,
                    achternaam=achternaam,
                    geboortedatum=geboorte,
                    specifieke_zorgbehoefte=rnd.random() < 0.03,
                    identiteit=identiteit,
                    sleutel=Kind.maak_sleutel(identiteit),
                )
            )
            jaar = JAAR if rnd.random() < 0.97 else JAAR + 1
            start = datetime.date(jaar, 1, 1) + datetime.timedelta(days=rnd.randrange(365))
            ingediend = datetime.datetime.combine(
                start - datetime.timedelta(days=rnd.randrange(-20, 400)), datetime.time(10), tz
            )
            if rnd.random() < 0.02:
                ingediend = piek + datetime.timedelta(days=rnd.randrange(1, 30))
            dagen = Decimal(rnd.choice([2, 3, 4, 4, 5, 5]))
            vraag = Opvangvraag(
                loket=loket,
                kind=kinderen[-1],
                gezin=gezin,
                gemeente=gezin.gemeente if rnd.random() > 0.01 else None,
                referentie=f"V-{i:08d}",
                kanaal="import",
                ingediend_op=ingediend,
                gewenste_startdatum_origineel=start,
                gewenste_startdatum=start,
                weekschema="DDDDD--",
                dagen_per_week_origineel=dagen,
                dagen_per_week=dagen,
                dringend=rnd.random() < 0.1,
                zaterdag=rnd.random() < 0.05,
                vg_werk_of_opleiding=rnd.random() < 0.3,
                status="in_behandeling",
            )
            vragen.append(vraag)
            plannen.append(_voorstellen_plannen(rnd, vraag, ingediend, redenen))
        opslaan(gezinnen, kinderen, vragen, plannen, locaties, rnd)
        gemaakt += grootte
        if gemaakt % 100_000 == 0:
            print(f"  {gemaakt} vragen", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vragen", type=int, default=1_000_000, help="aantal opvangvragen (N)")
    parser.add_argument("--loketten", type=int, default=300, help="aantal loketten (D, meer dan 50)")
    parser.add_argument("--database", default="bench_vlaanderen", help="naam van de PostgreSQL-database")
    parser.add_argument("--sqlite", default="/tmp/bench_vlaanderen.sqlite3", help="pad bij SQLite")
    parser.add_argument("--herhalingen", type=int, default=3)
    parser.add_argument("--opnieuw", action="store_true", help="altijd opnieuw vullen")
    parser.add_argument("--alleen-vullen", action="store_true", help="vullen en stoppen")
    args = parser.parse_args()
    if args.loketten <= 50:
        parser.error("--loketten moet groter zijn dan 50")

    waar = database_kiezen(args.database, args.sqlite)
    django_starten()
    from django.core.management import call_command
    from django.db import DatabaseError, connection
    from django.db.models import Count, Sum

    from aanmelding.models import Opvangvoorstel, Opvangvraag
    from loket.models import Loket

    try:
        gevuld = (
            Loket.objects.filter(code__startswith="vl-").count() == args.loketten
            and Opvangvraag.objects.count() == args.vragen
        )
    except DatabaseError:
        gevuld = False
    call_command("migrate", verbosity=0)
    if args.opnieuw or not gevuld:
        print(f"vullen: {args.vragen} vragen, {args.loketten} loketten in {waar}", flush=True)
        begin = time.perf_counter()
        vullen(args.vragen, args.loketten)
        if connection.vendor == "postgresql":
            # Compact tables, as after a restore, then VACUUM as autovacuum would (see bench/rapport.py).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM FULL ANALYZE")
                cursor.execute("VACUUM")
        print(f"gevuld in {time.perf_counter() - begin:.0f} s", flush=True)
    if args.alleen_vullen:
        return
    print(f"{waar}: {args.vragen} vragen, {Opvangvoorstel.objects.count()} voorstellen", flush=True)

    def kale_scan():
        Opvangvraag.objects.aggregate(n=Count("id"), s=Sum("dagen_per_week"))
        Opvangvoorstel.objects.aggregate(n=Count("id"), s=Sum("dagen_per_week"))

    from rapportage.vlaanderen import rapport_vlaanderen

    def overzicht():
        return rapport_vlaanderen(jaar=JAAR)

    kale_scan()
    resultaat = overzicht()
    print(
        f"som loketten {resultaat.som_loketten}, uniek {resultaat.uniek.aantallen}, "
        f"bij meerdere loketten {resultaat.kinderen_bij_meerdere_loketten}",
        flush=True,
    )
    y = meten(kale_scan, args.herhalingen)
    x = meten(overzicht, args.herhalingen)
    aantal_loketten = Loket.objects.count()
    print(
        f"vlaanderen: {args.vragen} vragen, {aantal_loketten} loketten, {x:.3f} s; kale scan {y:.3f} s; "
        f"verhouding {x / y:.2f}"
    )


if __name__ == "__main__":
    main()
