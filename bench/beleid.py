"""Benchmark of the policy dashboard: `python bench/beleid.py [--vragen 1000000]`.

Reuses the fill of bench/rapport.py (N requests at desk `bench`, start dates in 2024, ~1.5 N
offers; it fills the database first when it does not hold N requests, which takes a while), then
adds what the dashboard reads beyond the report, once: a first preference per request (the location
of its first offer, else one of the 50), free-place declarations and their confirmations in the
audit log. Then it moves DESK_JAAR requests (about a desk-year of a mid-sized desk) to a second desk
`bench-klein` with the same area.

Times the whole dashboard (rapportage.beleid.dashboard, year 2024, whole area) of `bench-klein`
(the desk-year) and of `bench` (a desk holding nearly every request of the installation), against
the plain aggregate pass of bench/rapport.py (COUNT/SUM over the request and the offer table).

On PostgreSQL (DATABASE_URL=postgres://...) it uses `bench_rapport` by default (--database); on
SQLite a file in /tmp. The last line is exactly:
    beleid: N vragen, desk-jaar X s, alles Y s; kale scan Z s; verhouding W
X, Y and Z are medians of --herhalingen runs on a warm cache; W = Y / Z.
"""

import argparse
import datetime
import random
import time

from kladbasis import database_kiezen, django_starten
from rapport import JAAR, meten, vullen

DESK_JAAR = 5000


def aanvullen(loket_groot):
    """Preferences, free places and their confirmations, and the small desk: only once per fill."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from aanbod.models import Locatie, VrijePlaats
    from aanmelding.models import Kind, Opvangvoorstel, Opvangvraag, Voorkeur
    from aanmelding.telvelden import telvelden_bijwerken
    from loket.models import Logregel, Loket

    klein = Loket.objects.filter(code="bench-klein").first()
    if klein is not None:
        return klein
    print("aanvullen: voorkeuren, vrije plaatsen, klein loket", flush=True)
    locaties = list(Locatie.objects.order_by("pk"))
    with connection.cursor() as cursor:
        # The location of a request's first offer as its first choice, else one by its id: one
        # INSERT ... SELECT (a million preferences through the ORM would take the better part of an hour).
        cursor.execute(
            f"""
            INSERT INTO {Voorkeur._meta.db_table} (vraag_id, locatie_id, rang)
            SELECT v.id,
                   COALESCE((SELECT o.locatie_id FROM {Opvangvoorstel._meta.db_table} o
                             WHERE o.vraag_id = v.id ORDER BY o.voorgesteld_op LIMIT 1), %s),
                   1
            FROM {Opvangvraag._meta.db_table} v
            """,
            [locaties[0].pk],
        )
    rnd = random.Random(13)
    nu = timezone.now()
    plaatsen = []
    for locatie in locaties:
        for _ in range(3):
            plaatsen.append(
                VrijePlaats(
                    locatie=locatie,
                    vanaf=datetime.date(JAAR, 1, 1) + datetime.timedelta(days=rnd.randrange(500)),
                    aantal=rnd.randrange(1, 4),
                    bevestigd_op=nu - datetime.timedelta(days=rnd.randrange(40)),
                )
            )
    VrijePlaats.objects.bulk_create(plaatsen)
    # Confirmations twice a month during the year (the freshness of section 6 reads them), inserted
    # through SQL: Logregel sets its moment itself (auto_now_add) and the fill is history.
    soort = ContentType.objects.get_for_model(Locatie).pk
    rijen = [
        (
            datetime.datetime(JAAR, 1, 1, 10, tzinfo=timezone.get_default_timezone())
            + datetime.timedelta(days=dag + rnd.randrange(5)),
            "vrije_plaats.bevestigd",
            soort,
            str(locatie.pk),
            '{"aantal": 1}',
        )
        for locatie in locaties
        for dag in range(0, 366, 15)
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {Logregel._meta.db_table} (tijdstip, actie, content_type_id, object_id, details) "
            "VALUES (%s, %s, %s, %s, %s)",
            rijen,
        )
    klein = Loket.objects.create(code="bench-klein", naam="Bench klein", inrichtend_bestuur="Bench", dossiernummer="2")
    klein.werkingsgebied.set(loket_groot.werkingsgebied.all())
    ids = list(Opvangvraag.objects.filter(loket=loket_groot).order_by("pk").values_list("pk", flat=True)[:DESK_JAAR])
    with transaction.atomic():
        Opvangvraag.objects.filter(pk__in=ids).update(loket=klein)
        telvelden_bijwerken(
            identiteiten=set(Kind.objects.filter(opvangvragen__pk__in=ids).values_list("identiteit", flat=True))
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return klein


def secties_meten(keuze):
    """[(part, seconds)]: the queries of each section of rapportage.beleid.dashboard, timed apart (warm)."""
    from rapportage import beleid

    gemeenten = beleid.gebied(keuze)
    _histogrammen, reactie_per_locatie = beleid.wachttijden(keuze)
    delen = {
        "vraag": lambda: beleid.vraag_per_maand(keuze),
        "aanbod": lambda: beleid.sectie_aanbod(keuze, gemeenten),
        "onbeantwoord": lambda: beleid.onbeantwoord_per_peildatum(keuze),
        "wachttijden": lambda: beleid.wachttijden(keuze),
        "lang_open": lambda: beleid.lang_open(keuze),
        "toewijzingen": lambda: beleid.toewijzingen(keuze),
        "aanbieders": lambda: beleid.sectie_aanbieders(keuze, gemeenten, reactie_per_locatie),
    }
    return [(naam, meten(functie, 1)) for naam, functie in delen.items()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vragen", type=int, default=1_000_000, help="aantal opvangvragen (N)")
    parser.add_argument("--database", default="bench_rapport", help="naam van de PostgreSQL-database")
    parser.add_argument("--sqlite", default="/tmp/bench_rapport.sqlite3", help="pad bij SQLite")
    parser.add_argument("--herhalingen", type=int, default=3)
    parser.add_argument("--secties", action="store_true", help="ook de tijd van elk deel van het dashboard")
    args = parser.parse_args()

    waar = database_kiezen(args.database, args.sqlite)
    django_starten()
    from django.core.management import call_command
    from django.db import DatabaseError, connection, reset_queries
    from django.db.models import Count, Sum
    from django.utils import timezone

    from aanmelding.models import Opvangvoorstel, Opvangvraag
    from loket.models import Loket
    from rapportage.beleid import Keuze, dashboard

    try:
        loket = Loket.objects.filter(code="bench").first()
        gevuld = loket is not None and Opvangvraag.objects.count() == args.vragen
    except DatabaseError:
        gevuld = False
    if not gevuld:
        call_command("migrate", verbosity=0)
        print(f"vullen: {args.vragen} vragen in {waar}", flush=True)
        begin = time.perf_counter()
        loket = vullen(args.vragen)
        if connection.vendor == "postgresql":
            # Compact tables, as after a restore, then VACUUM as autovacuum would (see bench/rapport.py).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM FULL ANALYZE")
                cursor.execute("VACUUM")
        print(f"gevuld in {time.perf_counter() - begin:.0f} s", flush=True)
    else:
        call_command("migrate", verbosity=0)
    klein = aanvullen(loket)
    aantal_klein = Opvangvraag.objects.filter(loket=klein).count()
    print(
        f"{waar}: {args.vragen} vragen, {Opvangvoorstel.objects.count()} voorstellen; "
        f"klein loket {aantal_klein} vragen",
        flush=True,
    )

    def kale_scan():
        Opvangvraag.objects.aggregate(n=Count("id"), s=Sum("dagen_per_week"))
        Opvangvoorstel.objects.aggregate(n=Count("id"), s=Sum("dagen_per_week"))

    # The fill's requests start in 2024 and were registered from late 2022 to early 2025.
    nu = timezone.make_aware(datetime.datetime(JAAR + 1, 6, 30, 12))
    jaar = {"van": datetime.date(JAAR, 1, 1), "tot": datetime.date(JAAR, 12, 1), "nu": nu}

    def desk_jaar():
        return dashboard(Keuze(loket=klein, **jaar))

    def alles():
        return dashboard(Keuze(loket=loket, **jaar))

    kale_scan()
    for naam, functie in (("desk-jaar", desk_jaar), ("alles", alles)):
        begin = time.perf_counter()
        overzicht = functie()
        figuren = overzicht.figuren()
        vraag = next(f for f in figuren if f.sleutel == "vraag").tabel.totaal
        print(f"{naam}: eerste keer {time.perf_counter() - begin:.2f} s, nieuwe vragen {vraag[1]}", flush=True)
    if args.secties:
        for naam, keuze in (("desk-jaar", Keuze(loket=klein, **jaar)), ("alles", Keuze(loket=loket, **jaar))):
            print(f"{naam}: " + ", ".join(f"{deel} {tijd:.3f} s" for deel, tijd in secties_meten(keuze)), flush=True)
    reset_queries()
    z = meten(kale_scan, args.herhalingen)
    x = meten(desk_jaar, args.herhalingen)
    y = meten(alles, args.herhalingen)
    print(
        f"beleid: {args.vragen} vragen, desk-jaar {x:.3f} s, alles {y:.3f} s; kale scan {z:.3f} s; "
        f"verhouding {y / z:.2f}"
    )


if __name__ == "__main__":
    main()
