"""Benchmark of matching: `python bench/matching.py [--locaties 8000] [--vrije-plaatsen 20000] [--vragen 50]`.

Fills a scratch database with --locaties locations spread over all 304 municipalities (weighted
towards the cities, as childcare is), --vrije-plaatsen free-place declarations on them (start dates
over the next year, a fifth of them stale, some full), and --vragen open requests of one desk with
0-5 preferred locations, random week schedules, atypical hours and tariff needs. Then it times
aanmelding.matching.kandidaten_voor_vraag (the ranked candidate locations with their reasons, model
objects loaded) for every request, --rondes times after one warm-up round, and prints the median
and the 95th percentile.

The desk's area is --gebied: `provincie` (default: the 60 municipalities of Oost-Vlaanderen, about a
fifth of all locations; a large intermunicipal desk) or `vlaanderen` (every municipality: the worst
case, one desk for the whole region, all 8,000 locations in its area).

On PostgreSQL (DATABASE_URL=postgres://...) it uses a database of its own on the same server,
`bench_matching` by default (--database), so it never touches a developer's or the test
database; on SQLite a file in /tmp. A filled database is reused when it holds the same numbers
(pass --opnieuw to fill it again).

The last line is exactly:
    matching: L locaties, P vrije plaatsen, gebied G gemeenten; V vragen x R; mediaan X ms; p95 Y ms; queries Q
"""

import argparse
import datetime
import random
import statistics
import time
from decimal import Decimal

from kladbasis import database_kiezen, django_starten

BATCH = 5000
STEDEN = {"44021": 25, "11002": 40, "31005": 10, "24062": 10, "35013": 8, "12025": 8, "71016": 6, "21004": 20}


def vullen(*, locaties, vrije_plaatsen, zaad=7):
    """The locations, declarations and the bench desk's requests; everything of an earlier fill is removed."""
    from django.db import transaction
    from django.utils import timezone

    from aanbod.models import Locatie, Organisator, VrijePlaats
    from aanmelding.models import Gezin, Kind, Opvangvraag, Voorkeur
    from loket.models import Gemeente, Loket

    rnd = random.Random(zaad)
    nu = timezone.now()
    vandaag = timezone.localdate()
    Voorkeur.objects.all().delete()
    Opvangvraag.objects.all().delete()
    Kind.objects.all().delete()
    Gezin.objects.all().delete()
    VrijePlaats.objects.all().delete()
    Locatie.objects.all().delete()
    Organisator.objects.all().delete()
    Loket.objects.filter(code__startswith="bench").delete()

    gemeenten = list(Gemeente.objects.order_by("nis"))
    gewichten = [STEDEN.get(g.nis, 1 + int(g.nis) % 3) for g in gemeenten]
    with transaction.atomic():
        organisatoren = Organisator.objects.bulk_create(
            Organisator(naam=f"Organisator {i}") for i in range(locaties // 3 + 1)
        )
        nieuwe = []
        for i in range(locaties):
            van = rnd.choice([0, 0, 0, 3, 18])
            nieuwe.append(
                Locatie(
                    organisator=organisatoren[i // 3],
                    naam=f"Locatie {i:05d}",
                    type=rnd.choice(["groepsopvang", "gezinsopvang"]),
                    gemeente=rnd.choices(gemeenten, weights=gewichten)[0],
                    erkende_plaatsen=rnd.choice([8, 14, 18, 28, 36]),
                    inkomenstarief=rnd.random() < 0.6,
                    voor_7u=rnd.random() < 0.3,
                    na_18u=rnd.random() < 0.15,
                    zaterdag=rnd.random() < 0.03,
                    leeftijd_van_maanden=van,
                    leeftijd_tot_maanden=36,
                    actief=rnd.random() < 0.97,
                )
            )
        locatie_lijst = Locatie.objects.bulk_create(nieuwe, batch_size=BATCH)
        schemas = ["DDDDD--", "DDDDD--", "DDD----", "--DDD--", "DD-DD--", "VVVVV--", "DDDDV--"]
        plaatsen = [
            VrijePlaats(
                locatie=rnd.choice(locatie_lijst),
                vanaf=vandaag + datetime.timedelta(days=rnd.randrange(-7, 365)),
                leeftijdsgroep=rnd.choice(["alle", "alle", "baby", "peuter"]),
                weekschema=rnd.choice(schemas),
                aantal=rnd.choice([0, 1, 1, 1, 2, 2, 3]),
                bevestigd_op=nu - datetime.timedelta(days=rnd.randrange(0, 20) if rnd.random() < 0.8 else 40),
            )
            for _ in range(vrije_plaatsen)
        ]
        VrijePlaats.objects.bulk_create(plaatsen, batch_size=BATCH)
    return locatie_lijst


def loket_en_vragen(*, gebied, vragen, zaad=11):
    """The bench desk with its area, and its open requests (re-made on every run: cheap)."""
    from django.db import transaction
    from django.utils import timezone

    from aanbod.models import Locatie
    from aanmelding.models import Gezin, Kind, Opvangvraag, Voorkeur
    from loket.models import Gemeente, Loket

    rnd = random.Random(zaad)
    vandaag = timezone.localdate()
    Opvangvraag.objects.filter(loket__code="bench").delete()
    Kind.objects.filter(gezin__loket__code="bench").delete()
    Gezin.objects.filter(loket__code="bench").delete()
    Loket.objects.filter(code="bench").delete()
    gemeenten = (
        Gemeente.objects.all() if gebied == "vlaanderen" else Gemeente.objects.filter(provincie="Oost-Vlaanderen")
    )
    gemeenten = list(gemeenten)
    loket = Loket.objects.create(code="bench", naam="Bench", inrichtend_bestuur="Bench", dossiernummer="1")
    loket.werkingsgebied.set(gemeenten)
    in_gebied = list(Locatie.objects.filter(gemeente__in=gemeenten).values_list("pk", "gemeente_id"))
    schemas = ["DDDD---", "DDDDD--", "DDD----", "VVVVV--", "-DDD---", "DD-D---"]
    gemaakt = []
    with transaction.atomic():
        for i in range(vragen):
            gemeente = rnd.choice(gemeenten)
            gezin = Gezin.objects.create(
                loket=loket, gemeente=gemeente, laag_inkomen=rnd.random() < 0.2, hulp_inkomenstarief=rnd.random() < 0.1
            )
            start = vandaag + datetime.timedelta(days=rnd.randrange(30, 300))
            geboren = start - datetime.timedelta(days=rnd.randrange(-60, 700))
            kind = Kind.objects.create(gezin=gezin, voornaam=f"Kind{i}", achternaam="Bench", geboortedatum=geboren)
            schema = rnd.choice(schemas)
            dagen = Decimal(schema.count("D")) + Decimal(schema.count("V")) / 2
            vraag = Opvangvraag.objects.create(
                loket=loket,
                kind=kind,
                gezin=gezin,
                gemeente=gemeente,
                referentie=f"BENCH-{i:04d}",
                kanaal="online",
                ingediend_op=timezone.now(),
                gewenste_startdatum_origineel=start,
                gewenste_startdatum=start,
                weekschema=schema,
                dagen_per_week_origineel=dagen,
                dagen_per_week=dagen,
                voor_7u=rnd.random() < 0.1,
                na_18u=rnd.random() < 0.05,
            )
            dichtbij = [pk for pk, gemeente_id in in_gebied if gemeente_id == gemeente.pk] or [
                pk for pk, _ in in_gebied
            ]
            for rang, locatie_id in enumerate(rnd.sample(dichtbij, min(len(dichtbij), rnd.randrange(0, 6))), start=1):
                Voorkeur.objects.create(vraag=vraag, locatie_id=locatie_id, rang=rang)
            gemaakt.append(vraag)
    return loket, gemaakt, len(gemeenten), len(in_gebied)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locaties", type=int, default=8000)
    parser.add_argument("--vrije-plaatsen", type=int, default=20000)
    parser.add_argument("--vragen", type=int, default=50)
    parser.add_argument("--rondes", type=int, default=3)
    parser.add_argument("--gebied", choices=["provincie", "vlaanderen"], default="provincie")
    parser.add_argument("--database", default="bench_matching", help="naam van de PostgreSQL-database")
    parser.add_argument("--sqlite", default="/tmp/bench_matching.sqlite3", help="pad bij SQLite")
    parser.add_argument("--opnieuw", action="store_true", help="altijd opnieuw vullen")
    args = parser.parse_args()

    waar = database_kiezen(args.database, args.sqlite)
    django_starten()
    from django.core.management import call_command
    from django.db import DatabaseError, connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from aanbod.models import Locatie, VrijePlaats
    from aanmelding.matching import kandidaten_voor_vraag

    call_command("migrate", verbosity=0)  # a reused database gets the migrations added since
    try:
        gevuld = Locatie.objects.count() == args.locaties and VrijePlaats.objects.count() == args.vrije_plaatsen
    except DatabaseError:
        gevuld = False
    if args.opnieuw or not gevuld:
        print(f"vullen: {args.locaties} locaties, {args.vrije_plaatsen} vrije plaatsen in {waar}", flush=True)
        begin = time.perf_counter()
        vullen(locaties=args.locaties, vrije_plaatsen=args.vrije_plaatsen)
        print(f"gevuld in {time.perf_counter() - begin:.0f} s", flush=True)
    loket, vragen, aantal_gemeenten, aantal_in_gebied = loket_en_vragen(gebied=args.gebied, vragen=args.vragen)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"{waar}: gebied {aantal_gemeenten} gemeenten met {aantal_in_gebied} locaties", flush=True)

    for vraag in vragen:  # warm-up round: connection, caches, query plans
        kandidaten_voor_vraag(vraag)
    tijden, queries, aantallen = [], set(), []
    for _ in range(args.rondes):
        for vraag in vragen:
            reset_queries()
            with CaptureQueriesContext(connection) as vastgelegd:
                begin = time.perf_counter()
                kandidaten = kandidaten_voor_vraag(vraag)
                tijden.append((time.perf_counter() - begin) * 1000)
            queries.add(len(vastgelegd))
            aantallen.append(len(kandidaten))
    tijden.sort()
    mediaan = statistics.median(tijden)
    p95 = tijden[min(len(tijden) - 1, round(0.95 * len(tijden)) - 1)]
    print(f"kandidaten per vraag: gemiddeld {statistics.mean(aantallen):.1f}, max {max(aantallen)}", flush=True)
    print(
        f"matching: {args.locaties} locaties, {args.vrije_plaatsen} vrije plaatsen, gebied {aantal_gemeenten} "
        f"gemeenten; {len(vragen)} vragen x {args.rondes}; mediaan {mediaan:.1f} ms; p95 {p95:.1f} ms; "
        f"queries {'/'.join(str(q) for q in sorted(queries))}"
    )


if __name__ == "__main__":
    main()
