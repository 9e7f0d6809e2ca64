"""Benchmark of the request import against registrations at the same desk: `python bench/importeren.py --rijen N`.

Makes a workbook of N requests (with about 1.5 N offers at 20 locations) for a desk that exists
already, then imports it (aanmelding.importeren_vragen.vragen_importeren, as `importeer_vragen` and
the upload page do) in one thread while the main thread registers a new child at that desk
(aanmelding_registreren, as the counter does) again and again until the import is done. A
registration waits as long as the import holds something it needs: the longest registration is
the time a parent at the counter waited. On PostgreSQL (DATABASE_URL=postgres://...) it uses a
database of its own, `bench_import` by default; every run starts from an empty desk.

The last line is exactly:
    import: N rijen in X s; registraties tijdens de import: K, langste Y s, mediaan Z s
"""

import argparse
import datetime
import io
import statistics
import threading
import time

from kladbasis import database_kiezen, django_starten

CODE = "bench-import"
GEBIED = ["12021", "12026"]  # Lier, Nijlen
GEBOREN = datetime.date(2025, 1, 1)


def werkboek(n):
    from openpyxl import Workbook

    boek = Workbook(write_only=True)
    blad = boek.create_sheet("loket")
    for rij in (["code", CODE], ["naam", "Bench import"], ["organisator", "Bench"], ["dossiernummer", "1"]):
        blad.append(rij)
    vragen = boek.create_sheet("vragen")
    vragen.append(
        ["referentie", "kind_voornaam", "kind_achternaam", "kind_geboortedatum", "ouder_naam", "ouder_email"]
        + ["ouder_telefoon", "gemeente", "ingediend_op", "gewenste_startdatum", "dagen_per_week", "dringend"]
    )
    voorstellen = boek.create_sheet("voorstellen")
    voorstellen.append(
        ["vraag_referentie", "locatie", "voorgesteld_op", "startdatum", "dagen_per_week", "antwoord", "beantwoord_op"]
    )
    for i in range(n):
        ingediend = datetime.datetime(2023, 1, 1, 10) + datetime.timedelta(hours=7 * i % 9000)
        start = datetime.date(2024, 1, 1) + datetime.timedelta(days=i % 365)
        vragen.append(
            [f"B{i:07d}", ["Lena", "Noah", "Emma", "Liam"][i % 4], f"Achternaam{i}", datetime.date(2022, 6, 1)]
            + ["An Peeters", f"ouder{i}@example.invalid", "0470 11 22 33", GEBIED[i % 2], ingediend, start, 4, "nee"]
        )
        for j in range(i % 3 + (i % 2)):  # 0-3, 1.5 on average
            voorgesteld = ingediend + datetime.timedelta(days=10 + 20 * j)
            antwoord = "geweigerd" if j < i % 3 + (i % 2) - 1 else ""
            beantwoord = voorgesteld + datetime.timedelta(days=3) if antwoord else None
            voorstellen.append([f"B{i:07d}", f"Locatie {(i + j) % 20}", voorgesteld, start, 4, antwoord, beantwoord])
    uit = io.BytesIO()
    boek.save(uit)
    uit.seek(0)
    uit.name = "bench.xlsx"
    return uit


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rijen", type=int, default=10_000, help="aantal vragen in het werkboek (N)")
    parser.add_argument("--database", default="bench_import", help="naam van de PostgreSQL-database")
    parser.add_argument("--sqlite", default="/tmp/bench_import.sqlite3", help="pad bij SQLite")
    args = parser.parse_args()

    waar = database_kiezen(args.database, args.sqlite)
    django_starten()
    from django.core.management import call_command
    from django.db import connection

    from aanbod.models import Locatie
    from aanmelding.importeren_vragen import vragen_importeren
    from aanmelding.models import Gezin, Kind, Opvangvoorstel, Opvangvraag
    from aanmelding.registratie import aanmelding_registreren
    from loket.models import Gemeente, Loket

    call_command("migrate", verbosity=0)
    Opvangvoorstel.objects.all().delete()
    Opvangvraag.objects.all().delete()
    Kind.objects.all().delete()
    Gezin.objects.all().delete()
    Locatie.objects.all().delete()
    Loket.objects.filter(code=CODE).delete()
    loket = Loket.objects.create(code=CODE, naam="Bench import", inrichtend_bestuur="Bench", dossiernummer="1")
    loket.werkingsgebied.set(Gemeente.objects.filter(nis__in=GEBIED))
    bestand = werkboek(args.rijen)
    print(f"{waar}: werkboek met {args.rijen} vragen, {len(bestand.getvalue()) // 1024} kB", flush=True)

    klaar = threading.Event()
    duur = {}

    def importeren():
        begin = time.perf_counter()
        try:
            vragen_importeren(bestand=bestand)
        finally:
            duur["import"] = time.perf_counter() - begin
            klaar.set()
            connection.close()

    draad = threading.Thread(target=importeren)
    draad.start()
    registraties = []
    nummer = 0
    while not klaar.is_set():
        time.sleep(0.5)
        nummer += 1
        begin = time.perf_counter()
        aanmelding_registreren(
            loket=loket,
            kanaal="balie",
            door=None,
            kind_velden={"voornaam": f"Proef{nummer}", "achternaam": "Balie", "geboortedatum": GEBOREN},
            vraag_velden={"gewenste_startdatum": datetime.date(2027, 9, 1), "weekschema": "DDDD---"},
        )
        registraties.append(time.perf_counter() - begin)
        print(f"  registratie {nummer}: {registraties[-1]:.2f} s", flush=True)
    draad.join()
    print(
        f"import: {args.rijen} rijen in {duur['import']:.1f} s; registraties tijdens de import: {len(registraties)}, "
        f"langste {max(registraties):.2f} s, mediaan {statistics.median(registraties):.2f} s"
    )


if __name__ == "__main__":
    main()
