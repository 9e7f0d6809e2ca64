"""Benchmark of the Kind en Gezin report: `python bench/rapport.py --vragen N`.

Fills a scratch database with N requests (one desk, report year 2024) and about 1.5 N offers, then
times the report against one plain aggregate pass (COUNT/SUM over the request table and over the
offer table). On PostgreSQL (when DATABASE_URL says postgres://) it uses a database of its own on
the same server, `bench_rapport` by default, so it never touches a developer's or the test
database; on SQLite a file in /tmp. A filled database is reused when it holds the same N (pass
--opnieuw to fill it again).

The last two lines are exactly:
    rapport: N vragen, X s; kale scan: Y s; verhouding Z; piekgeheugen M MB
    telvelden_controleren: N vragen, T s
X and Y are the median of --herhalingen runs on a warm cache; M is the process's peak resident
memory (resource.getrusage ru_maxrss), fill included, so it is an upper bound for the report.
T is the median time of the nightly check of the report's kept columns over the whole
installation (aanmelding.queries.telvelden_controleren; it must find no difference).
"""

import argparse
import datetime
import random
import resource
import statistics
import time
from decimal import Decimal

from kladbasis import database_kiezen, django_starten

JAAR = 2024
BATCH = 5000


def vullen(n, *, zaad=2024):
    """N requests at desk `bench` (start dates in 2024, 3% in 2025), ~1.5 N offers, in batches."""
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
    Loket.objects.filter(code="bench").delete()

    gebied = list(Gemeente.objects.filter(nis__in=["44021", "44013", "44087", "44019", "44084"]))
    buiten = list(Gemeente.objects.filter(nis__in=["11002", "44083"]))
    loket = Loket.objects.create(code="bench", naam="Bench", inrichtend_bestuur="Bench", dossiernummer="1")
    loket.werkingsgebied.set(gebied)
    organisator = Organisator.objects.create(naam="Bench vzw")
    locaties = Locatie.objects.bulk_create(
        Locatie(organisator=organisator, naam=f"Locatie {i}", type="groepsopvang", gemeente=gebied[i % len(gebied)])
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
            gezin = Gezin(loket=loket, gemeente=gebied[i % len(gebied)], kwetsbaar=rnd.random() < 0.1)
            gezinnen.append(gezin)
            # About 5% re-register a child that exists already, spelled slightly differently.
            nummer = i - 1 - rnd.randrange(min(i, 50)) if i and rnd.random() < 0.05 else i
            voornaam = voornamen[nummer % len(voornamen)]
            achternaam = f"Achternaam{nummer}"
            if nummer != i and rnd.random() < 0.5:
                voornaam, achternaam = f" {voornaam.upper()} ", achternaam.lower()
            geboorte = datetime.date(JAAR - 1, 1, 1) + datetime.timedelta(days=nummer % 600)
            kind = Kind(
                gezin=gezin,
                voornaam=voornaam,
                achternaam=achternaam,
                geboortedatum=geboorte,
                specifieke_zorgbehoefte=rnd.random() < 0.03,
                identiteit=Kind.maak_identiteit(voornaam, achternaam, geboorte),
            )
            kind.sleutel = Kind.maak_sleutel(kind.identiteit)
            kinderen.append(kind)
            jaar = JAAR if rnd.random() < 0.97 else JAAR + 1
            start = datetime.date(jaar, 1, 1) + datetime.timedelta(days=rnd.randrange(365))
            ingediend = datetime.datetime.combine(
                start - datetime.timedelta(days=rnd.randrange(-20, 400)), datetime.time(10), tz
            )
            if rnd.random() < 0.02:
                ingediend = piek + datetime.timedelta(days=rnd.randrange(1, 30))
            r = rnd.random()
            gemeente = rnd.choice(buiten) if r < 0.02 else None if r < 0.03 else gezin.gemeente
            dagen = Decimal(rnd.choice([2, 3, 4, 4, 5, 5]))
            vraag = Opvangvraag(
                loket=loket,
                kind=kind,
                gezin=gezin,
                gemeente=gemeente,
                referentie=f"B-{i:08d}",
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
    return loket


def opslaan(gezinnen, kinderen, vragen, plannen, locaties, rnd):
    """Write one batch of the fill: families, children, requests (one per child, in order) and their offers."""
    from django.db import transaction

    from aanmelding.models import Gezin, Kind, Opvangvoorstel, Opvangvraag
    from aanmelding.telvelden import telvelden_bijwerken

    with transaction.atomic():
        Gezin.objects.bulk_create(gezinnen, batch_size=BATCH)
        for kind, gezin in zip(kinderen, gezinnen, strict=True):
            kind.gezin_id = gezin.pk
        Kind.objects.bulk_create(kinderen, batch_size=BATCH)
        for vraag, kind in zip(vragen, kinderen, strict=True):
            vraag.kind_id, vraag.gezin_id = kind.pk, kind.gezin_id
        Opvangvraag.objects.bulk_create(vragen, batch_size=BATCH)
        voorstellen = []
        for vraag, plan in zip(vragen, plannen, strict=True):
            for velden in plan:
                voorstellen.append(
                    Opvangvoorstel(vraag_id=vraag.pk, locatie=locaties[rnd.randrange(len(locaties))], **velden)
                )
        Opvangvoorstel.objects.bulk_create(voorstellen, batch_size=BATCH)
        # bulk_create skips the saves that keep the report columns, as in the import.
        telvelden_bijwerken(identiteiten={kind.identiteit for kind in kinderen})


def _voorstellen_plannen(rnd, vraag, ingediend, redenen):
    """The offers of one request (0-3, 1.5 on average) and the request's own status fields."""
    aantal = rnd.choices([0, 1, 2, 3], weights=[20, 30, 30, 20])[0]
    plan = []
    moment = ingediend + datetime.timedelta(days=rnd.randrange(5, 60))
    for nummer in range(aantal):
        laatste = nummer == aantal - 1
        startdatum = vraag.gewenste_startdatum_origineel + datetime.timedelta(days=rnd.randrange(-10, 90))
        velden = {
            "voorgesteld_op": moment,
            "startdatum": startdatum if rnd.random() > 0.01 else None,
            "weekschema": "DDDDD--",
            "dagen_per_week": max(vraag.dagen_per_week_origineel - rnd.choice([0, 0, 0, 1]), Decimal(1)),
            "antwoord_tegen": (moment + datetime.timedelta(days=10)).date(),
        }
        beantwoord = moment + datetime.timedelta(days=rnd.randrange(1, 10))
        if laatste and rnd.random() < 0.55:
            velden.update(status="aanvaard", antwoord="aanvaard", beantwoord_op=beantwoord)
            vraag.status = "toegewezen"
            if rnd.random() < 0.05:
                velden.update(status="geannuleerd", afgesloten_op=beantwoord + datetime.timedelta(days=20))
                vraag.status = "in_behandeling"
        elif laatste and rnd.random() < 0.2:
            velden.update(status="open")
            vraag.status = "voorstel"
        elif rnd.random() < 0.6:
            velden.update(status="geweigerd", antwoord="geweigerd", beantwoord_op=beantwoord, weigerreden="te_ver")
        else:
            velden.update(status="verlopen", afgesloten_op=moment + datetime.timedelta(days=11))
        plan.append(velden)
        moment = beantwoord + datetime.timedelta(days=rnd.randrange(3, 40))
    if vraag.status != "toegewezen" and rnd.random() < 0.1:
        if plan and plan[-1]["status"] == "open":
            plan[-1].update(status="ingetrokken", afgesloten_op=moment)
        vraag.status = "ingetrokken"
        vraag.ingetrokken_op = moment
        vraag.intrek_reden = rnd.choice(redenen)
    return plan


def meten(functie, herhalingen):
    tijden = []
    for _ in range(herhalingen):
        begin = time.perf_counter()
        functie()
        tijden.append(time.perf_counter() - begin)
    return statistics.median(tijden)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vragen", type=int, required=True, help="aantal opvangvragen (N)")
    parser.add_argument("--database", default="bench_rapport", help="naam van de PostgreSQL-database")
    parser.add_argument("--sqlite", default="/tmp/bench_rapport.sqlite3", help="pad bij SQLite")
    parser.add_argument("--herhalingen", type=int, default=3)
    parser.add_argument("--opnieuw", action="store_true", help="altijd opnieuw vullen")
    parser.add_argument("--formaat", default="2024", choices=["2019", "2020", "2024"])
    args = parser.parse_args()

    waar = database_kiezen(args.database, args.sqlite)
    django_starten()
    from django.core.management import call_command
    from django.db import DatabaseError, connection
    from django.db.models import Count, Sum

    from aanmelding.models import Opvangvoorstel, Opvangvraag
    from loket.models import Loket

    try:
        loket = Loket.objects.filter(code="bench").first()
        gevuld = loket is not None and Opvangvraag.objects.count() == args.vragen
    except DatabaseError:
        gevuld = False
    if args.opnieuw or not gevuld:
        call_command("migrate", verbosity=0)
        print(f"vullen: {args.vragen} vragen in {waar}", flush=True)
        begin = time.perf_counter()
        loket = vullen(args.vragen)
        if connection.vendor == "postgresql":
            # Compact tables, as after a restore: the fill's report-column updates (as the import
            # does them) leave every request row twice, which slows the plain scan and the report alike.
            # Then a plain VACUUM, as autovacuum does after a bulk load: VACUUM FULL leaves the visibility
            # map empty, and index-only scans (the accepted offers' covering index) would read the table.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM FULL ANALYZE")
                cursor.execute("VACUUM")
        print(f"gevuld in {time.perf_counter() - begin:.0f} s", flush=True)
    aantal_voorstellen = Opvangvoorstel.objects.count()
    print(f"{waar}: {args.vragen} vragen, {aantal_voorstellen} voorstellen", flush=True)

    def kale_scan():
        Opvangvraag.objects.aggregate(n=Count("id"), s=Sum("dagen_per_week"))
        Opvangvoorstel.objects.aggregate(n=Count("id"), s=Sum("dagen_per_week"))

    from rapportage.queries import rapport_kg

    def rapport():
        return rapport_kg(loket=loket, jaar=JAAR, formaat=args.formaat)

    kale_scan()
    resultaat = rapport()
    print(f"totaal {resultaat.totaal.aantallen}, gemeenten {len(resultaat.gemeenten)}", flush=True)
    y = meten(kale_scan, args.herhalingen)
    x = meten(rapport, args.herhalingen)
    piek = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"rapport: {args.vragen} vragen, {x:.3f} s; kale scan: {y:.3f} s; "
        f"verhouding {x / y:.2f}; piekgeheugen {piek:.0f} MB"
    )

    from aanmelding.queries import telvelden_controleren

    controle = telvelden_controleren()
    if not controle.in_orde:
        raise SystemExit(f"telvelden_controleren vond {controle.afwijkend} afwijkende vragen: {controle.per_kolom}")
    t = meten(telvelden_controleren, args.herhalingen)
    print(f"telvelden_controleren: {controle.aantal_vragen} vragen, {t:.3f} s")


if __name__ == "__main__":
    main()
