"""A realistic Flemish demo: one desk for Gent and its neighbours, 42 locations, 320 requests.

The history (requests registered in past years, offers answered months ago) is written straight
to the models: the services stamp "now" and mail families, which a demo of the past must not do.
The demo parent (ouder@demo.be) also gets the audit rows of that history, dated as it happened, so
that the portal's timeline tells it: a withdrawn request, and a request of a younger child that
providers looked at, with a refused offer and an open one.
Everything is keyed on natural keys (desk code, names, e-mail, reference), so a second run finds
what the first made and adds nothing. Refused when DEBUG is off: demo passwords are public.
"""

import datetime
import random
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from aanbod.models import AanbiederToegang, Locatie, LocatieType, Organisator, VrijePlaats
from aanmelding.models import (
    Antwoord,
    Dagdeel,
    DringendReden,
    Gezien,
    Gezin,
    IntrekReden,
    Kanaal,
    Kind,
    Opvangvoorstel,
    Opvangvraag,
    Ouder,
    Situatie,
    Voorkeur,
    VoorstelStatus,
    VraagStatus,
    WeigerReden,
    dagen_per_week,
)
from loket.models import Gebruiker, Gemeente, Logregel, Loket, Rol
from loket.toegang import TWEESTAPS_ROLLEN

LOKET_CODE = "gent-en-rand"
WACHTWOORD = "demo-kinderopvang"
GEMEENTEN = {
    "44021": ["9000", "9030", "9031", "9032", "9040", "9041", "9050", "9051", "9052"],
    "44013": ["9070"],
    "44087": ["9080", "9185"],
    "44019": ["9940"],
}

VOORNAMEN = [
    "Noor",
    "Lars",
    "Mila",
    "Finn",
    "Olivia",
    "Louis",
    "Emma",
    "Jules",
    "Lina",
    "Arthur",
    "Nora",
    "Vic",
    "Marie",
    "Adam",
    "Elise",
    "Mohamed",
    "Yara",
    "Lucas",
    "Ines",
    "Rayan",
    "Fien",
    "Wout",
    "Amira",
    "Stan",
]
ACHTERNAMEN = [
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Vermeulen",
    "Van Damme",
    "El Amrani",
    "De Backer",
    "Yilmaz",
    "Desmet",
    "Van de Velde",
    "Bauwens",
    "Lambrecht",
    "Öztürk",
    "Vandenberghe",
    "Nowak",
    "De Clercq",
]
STRATEN = [
    "Kerkstraat",
    "Stationsstraat",
    "Dorpsstraat",
    "Molenstraat",
    "Kouter",
    "Brugsesteenweg",
    "Veldstraat",
    "Schoolstraat",
    "Antwerpsesteenweg",
    "Meersstraat",
]
ORGANISATOREN = [
    "Stad Gent – Kinderopvang",
    "vzw De Kleine Wereld",
    "Kinderopvang Het Speelhuis bv",
    "vzw Kinderdagverblijf De Wiegwijs",
    "Samenwerkingsverband Gezinsopvang Meetjesland",
    "vzw Kids & Co",
    "Kinderopvang De Boomhut",
    "OCMW Destelbergen",
    "vzw 't Kabouterhuis",
    "Kinderdagverblijf Zonnestraal bv",
    "Gemeente Evergem – Kinderopvang",
    "vzw Pagadder",
]
LOCATIENAMEN = [
    "De Rakkers",
    "Het Bolleke",
    "De Knuffelbeer",
    "Kadee",
    "De Speelvogel",
    "Zonnebloem",
    "Het Nestje",
    "De Teddybeer",
    "Klein Duimpje",
    "Piepeloentje",
    "Het Kwetternest",
    "Boemerang",
    "De Regenboog",
    "Sneeuwwitje",
    "Het Krokodilletje",
    "De Kikker",
    "Pinokkio",
    "Tuimeling",
    "De Vlinder",
    "Hummeltjes",
    "Het Egeltje",
    "De Biekorf",
    "Mols",
    "Lieveheersbeestje",
    "De Zeepbel",
    "Het Molentje",
    "De Duizendpoot",
    "Ukkepuk",
    "De Notelaar",
    "Het Sterretje",
    "De Wielewaal",
    "Kriebeltje",
    "De Pimpernel",
    "Het Vlindertje",
    "De Kastanje",
    "Bengeltje",
    "De Toverfluit",
    "Het Klaproosje",
    "De Eekhoorn",
    "Springmuis",
    "De Zandbak",
    "Het Wolkje",
]


class Command(BaseCommand):
    help = "Laadt een realistische demo (loket Gent en rand, 42 locaties, 320 aanvragen) en toont de demo-logins."

    def add_arguments(self, parser):
        parser.add_argument("--als-leeg", action="store_true", help="Alleen laden als er nog geen loket bestaat.")

    def handle(self, *args, als_leeg=False, **options):
        if not settings.DEBUG:
            raise CommandError("demo_data is alleen voor een demo: zet DEBUG=1. Demo-wachtwoorden zijn publiek.")
        if als_leeg and Loket.objects.exists() and not Loket.objects.filter(code=LOKET_CODE).exists():
            self.stdout.write("Er bestaan al loketten: geen demo geladen.")
            return
        with transaction.atomic():
            DemoBouwer(random.Random(2026)).bouw()
        self.stdout.write(self.style.SUCCESS("Demo klaar: http://127.0.0.1:8000"))
        self.stdout.write(f"Demo-logins (wachtwoord voor iedereen: {WACHTWOORD}):")
        for email, rol in DEMO_GEBRUIKERS:
            self.stdout.write(f"  {rol:<16} {email}")
        self.stdout.write(
            "  ouder            ouder@demo.be  (via /mijn/: vraag een inloglink, die verschijnt in de console)"
        )
        self.stdout.write(
            "Medewerkers, coördinator, aanbieder en beheerder melden zich aan in twee stappen. De code van een "
            "demo-gebruiker: DEBUG=1 .venv/bin/python manage.py demo_code loket@demo.be"
        )


DEMO_GEBRUIKERS = [
    ("coordinator@demo.be", Rol.COORDINATOR),
    ("loket@demo.be", Rol.LOKETMEDEWERKER),
    ("aanbieder@demo.be", Rol.AANBIEDER),
    ("toeleider@demo.be", Rol.TOELEIDER),
    ("beleid@demo.be", Rol.BELEID),
    ("beheerder@demo.be", Rol.BEHEERDER),
    ("opgroeien@demo.be", Rol.OPGROEIEN),
]


class DemoBouwer:
    def __init__(self, rng):
        self.rng = rng
        self.nu = timezone.now()
        self.vandaag = timezone.localdate()

    def bouw(self):
        self.loket = self.maak_loket()
        self.locaties = self.maak_locaties()
        self.maak_gebruikers()
        self.maak_vrije_plaatsen()
        for nummer in range(1, 321):
            self.maak_vraag(nummer)
        self.maak_vraag_met_open_voorstel()

    def maak_loket(self):
        loket, _ = Loket.objects.update_or_create(
            code=LOKET_CODE,
            defaults={
                "naam": "Lokaal Loket Kinderopvang Gent en rand",
                "inrichtend_bestuur": "Stad Gent",
                "dossiernummer": "4402101",
                "adres": "Huis van het Kind, Kortrijksepoortstraat 146, 9000 Gent",
                "openingsuren": {
                    **{dag: ["09:00-12:00"] for dag in ["ma", "di", "do", "vr"]},
                    "wo": ["09:00-12:00", "13:00-17:00"],
                },
                "telefoon": "09 210 10 10",
                "email": "kinderopvang@demo.be",
            },
        )
        loket.werkingsgebied.set(Gemeente.objects.filter(nis__in=GEMEENTEN))
        return loket

    def maak_locaties(self):
        gemeenten = {g.nis: g for g in Gemeente.objects.filter(nis__in=GEMEENTEN)}
        locaties = []
        for nummer in range(42):
            organisator, _ = Organisator.objects.get_or_create(
                naam=ORGANISATOREN[nummer % len(ORGANISATOREN)],
                defaults={"email": f"info{nummer % len(ORGANISATOREN)}@opvang-demo.be", "telefoon": "09 000 00 00"},
            )
            nis = ["44021", "44021", "44021", "44013", "44087", "44019"][nummer % 6]
            gezinsopvang = nummer % 3 == 0
            # Every location its own name: two that differ only by a suffix looked alike in a list.
            naam = f"{'Onthaal' if gezinsopvang else 'Kinderdagverblijf'} {LOCATIENAMEN[nummer]}"
            locatie, _ = Locatie.objects.get_or_create(
                organisator=organisator,
                naam=naam,
                defaults={
                    "type": LocatieType.GEZINSOPVANG if gezinsopvang else LocatieType.GROEPSOPVANG,
                    "straat": f"{self.rng.choice(STRATEN)} {self.rng.randint(1, 180)}",
                    "postcode": self.rng.choice(GEMEENTEN[nis]),
                    "gemeente": gemeenten[nis],
                    "erkende_plaatsen": 8 if gezinsopvang else self.rng.choice([18, 28, 42, 56]),
                    "inkomenstarief": nummer % 4 != 1,
                    "openingsuren": {dag: "07:00-18:00" for dag in ["ma", "di", "wo", "do", "vr"]},
                    "voor_7u": nummer % 7 == 0,
                    "na_18u": nummer % 9 == 0,
                    "zaterdag": nummer % 13 == 0,
                    "email": f"locatie{nummer}@opvang-demo.be",
                    "telefoon": f"09 {200 + nummer} 00 00",
                    "omschrijving": "Kleine, warme opvang met een tuin." if gezinsopvang else "Opvang in leefgroepen.",
                    "opgroeien_id": f"{900000 + nummer}",
                },
            )
            locaties.append(locatie)
        return locaties

    def maak_gebruikers(self):
        for email, rol in DEMO_GEBRUIKERS:
            gebruiker, nieuw = Gebruiker.objects.get_or_create(
                email=email,
                defaults={
                    "rol": rol,
                    "first_name": email.split("@")[0].capitalize(),
                    "last_name": "Demo",
                    "is_staff": rol == Rol.BEHEERDER,
                    "is_superuser": rol == Rol.BEHEERDER,
                    "organisatie": "OCMW Gent" if rol == Rol.TOELEIDER else "",
                },
            )
            if nieuw:
                gebruiker.set_password(WACHTWOORD)
                gebruiker.save(update_fields=["password"])
            if rol in TWEESTAPS_ROLLEN:
                TOTPDevice.objects.get_or_create(user=gebruiker, name="demo", defaults={"confirmed": True})
            if rol in (Rol.COORDINATOR, Rol.LOKETMEDEWERKER, Rol.TOELEIDER, Rol.BELEID):
                gebruiker.loketten.add(self.loket)
            if rol == Rol.AANBIEDER:
                AanbiederToegang.objects.get_or_create(gebruiker=gebruiker, organisator=self.locaties[1].organisator)

    def maak_vrije_plaatsen(self):
        for nummer, locatie in enumerate(self.locaties):
            if nummer % 5 == 4 or locatie.vrije_plaatsen.exists():
                continue
            VrijePlaats.objects.create(
                locatie=locatie,
                vanaf=self.vandaag + datetime.timedelta(days=self.rng.randint(0, 150)),
                leeftijdsgroep=self.rng.choice(["baby", "peuter", "alle"]),
                weekschema=self.rng.choice(["DDDDD--", "DDD----", "DD-DD--", "VVVVV--"]),
                aantal=self.rng.randint(1, 4),
                # A few declarations were not confirmed for a month: they show as stale.
                bevestigd_op=self.nu - datetime.timedelta(days=30 if nummer % 6 == 0 else self.rng.randint(0, 10)),
            )

    def maak_vraag(self, nummer):
        rng = self.rng
        # Draw every random value first, so a second run draws the same sequence and skips existing rows.
        status = rng.choices(
            [
                VraagStatus.INGEDIEND,
                VraagStatus.IN_BEHANDELING,
                VraagStatus.VOORSTEL,
                VraagStatus.TOEGEWEZEN,
                VraagStatus.INGETROKKEN,
            ],
            weights=[15, 30, 12, 30, 13],
        )[0]
        # New requests are recent; those with offers or a withdrawal were registered long enough ago.
        dagen_geleden = rng.randint(0, 14) if status == VraagStatus.INGEDIEND else rng.randint(60, 600)
        ingediend = self.nu - datetime.timedelta(days=dagen_geleden, hours=rng.randint(0, 10))
        start = timezone.localdate(ingediend) + datetime.timedelta(days=rng.randint(30, 330))
        geboorte = start - datetime.timedelta(days=rng.randint(90, 400))
        voornaam, achternaam = rng.choice(VOORNAMEN), rng.choice(ACHTERNAMEN)
        nis = rng.choice(["44021", "44021", "44021", "44013", "44087", "44019"])
        schema = rng.choice(["DDDDD--", "DDDD---", "DDD----", "DD-DD--", "DDDVV--", "VVVVV--", "DDDDDD-"])
        feiten = [rng.random() < kans for kans in (0.15, 0.6, 0.15, 0.08, 0.1, 0.12, 0.1, 0.05, 0.1)]
        voorkeuren = rng.sample(self.locaties, rng.randint(1, 4))
        kanaal = rng.choices(list(Kanaal.values[:5]), weights=[60, 15, 15, 6, 4])[0]
        geweigerd_eerst = rng.random() < 0.3
        verlopen = rng.random() < 0.25
        later = rng.choice([0, 0, 0, 14, 40, 75])
        minder = rng.random() < 0.2
        reden = rng.choice(IntrekReden.values)

        referentie = f"DEMO-{nummer:04d}"
        if Opvangvraag.objects.filter(loket=self.loket, referentie=referentie).exists():
            return
        gemeente = Gemeente.objects.get(nis=nis)
        gezin = Gezin.objects.create(
            loket=self.loket,
            straat=f"{rng.choice(STRATEN)} {nummer}",
            postcode=GEMEENTEN[nis][0],
            gemeente=gemeente,
            taal=rng.choices(["nl", "fr", "en"], weights=[85, 8, 7])[0],
            laag_inkomen=feiten[0],
            opvang_voor_werk_of_opleiding=feiten[1],
            alleenstaande_ouder=feiten[2],
            gezondheids_of_zorgproblemen=feiten[3],
            geen_diploma_secundair=feiten[4],
            hulp_inkomenstarief=feiten[0],
        )
        email = "ouder@demo.be" if nummer == 1 else f"ouder{nummer}@demo.be"
        ouder = Ouder.objects.create(
            gezin=gezin,
            voornaam=rng.choice(VOORNAMEN),
            achternaam=achternaam,
            email=email,
            telefoon=f"0470 {nummer:02d} {nummer % 97:02d} {nummer % 89:02d}",
            situatie=Situatie.WERKT if feiten[1] else rng.choice(Situatie.values),
        )
        if nummer == 1:
            gebruiker, nieuw = Gebruiker.objects.get_or_create(email=email, defaults={"rol": Rol.OUDER})
            if nieuw:
                gebruiker.set_unusable_password()
                gebruiker.save(update_fields=["password"])
            ouder.gebruiker = gebruiker
            ouder.save(update_fields=["gebruiker"])
        kind = Kind.objects.create(
            gezin=gezin,
            voornaam=voornaam,
            achternaam=achternaam,
            geboortedatum=geboorte,
            verwacht=geboorte > self.vandaag,
            specifieke_zorgbehoefte=feiten[5],
            zorgbehoefte_omschrijving="Heeft extra begeleiding nodig bij het eten." if feiten[5] else "",
        )
        toeleider = Gebruiker.objects.get(email="toeleider@demo.be") if kanaal == Kanaal.TOELEIDER else None
        dagen = dagen_per_week(schema)
        vraag = Opvangvraag.objects.create(
            loket=self.loket,
            kind=kind,
            gezin=gezin,
            gemeente=gemeente,
            referentie=referentie,
            kanaal=kanaal,
            ingediend_op=ingediend,
            gewenste_startdatum_origineel=start,
            gewenste_startdatum=start,
            weekschema=schema,
            dagen_per_week_origineel=dagen,
            dagen_per_week=dagen,
            voor_7u=feiten[6],
            zaterdag=feiten[7] or schema[5] != Dagdeel.GEEN,
            dringend=feiten[8],
            dringend_reden=DringendReden.START_WERK if feiten[8] else "",
            vg_werk_of_opleiding=feiten[1],
            vg_alleenstaande_ouder=feiten[2],
            vg_laag_inkomen=feiten[0],
            toeleider=toeleider,
            toestemming_op=ingediend if toeleider else None,
            toestemming_wijze="mondeling, op huisbezoek" if toeleider else "",
            status=VraagStatus.IN_BEHANDELING,
        )
        for rang, locatie in enumerate(voorkeuren, start=1):
            Voorkeur.objects.create(vraag=vraag, locatie=locatie, rang=rang)

        moment = ingediend + datetime.timedelta(days=20)
        if status in (VraagStatus.VOORSTEL, VraagStatus.TOEGEWEZEN, VraagStatus.INGETROKKEN) and geweigerd_eerst:
            self.voorstel(vraag, voorkeuren[0], moment, start, dagen, VoorstelStatus.GEWEIGERD)
            moment += datetime.timedelta(days=15)
        if status == VraagStatus.IN_BEHANDELING and verlopen:
            self.voorstel(vraag, voorkeuren[0], moment, start, dagen, VoorstelStatus.VERLOPEN)
        if status == VraagStatus.VOORSTEL:
            self.voorstel(
                vraag, voorkeuren[-1], min(moment, self.nu), max(start, self.vandaag), dagen, VoorstelStatus.OPEN
            )
        elif status == VraagStatus.TOEGEWEZEN:
            self.voorstel(
                vraag,
                voorkeuren[-1],
                moment,
                start + datetime.timedelta(days=later),
                dagen - (1 if minder and dagen > 1 else 0),
                VoorstelStatus.AANVAARD,
            )
        elif status == VraagStatus.INGETROKKEN:
            vraag.ingetrokken_op = moment + datetime.timedelta(days=10)
            vraag.intrek_reden = reden
        vraag.status = status
        vraag.save(update_fields=["status", "ingetrokken_op", "intrek_reden"])
        if nummer == 1:
            self.geschiedenis(vraag, ouder=ouder.gebruiker)

    def voorstel(self, vraag, locatie, moment, start, dagen, status):
        beantwoord = (
            moment + datetime.timedelta(days=3)
            if status in (VoorstelStatus.AANVAARD, VoorstelStatus.GEWEIGERD)
            else None
        )
        Opvangvoorstel.objects.create(
            vraag=vraag,
            locatie=locatie,
            voorgesteld_op=moment,
            startdatum=start,
            weekschema=vraag.weekschema,
            dagen_per_week=Decimal(dagen),
            antwoord_tegen=max(timezone.localdate(moment) + datetime.timedelta(days=10), self.vandaag)
            if status == VoorstelStatus.OPEN
            else timezone.localdate(moment) + datetime.timedelta(days=10),
            status=status,
            antwoord={VoorstelStatus.AANVAARD: Antwoord.AANVAARD, VoorstelStatus.GEWEIGERD: Antwoord.GEWEIGERD}.get(
                status, ""
            ),
            beantwoord_op=beantwoord,
            weigerreden=WeigerReden.DAGEN_PASSEN_NIET if status == VoorstelStatus.GEWEIGERD else "",
            afgesloten_op=moment + datetime.timedelta(days=11) if status == VoorstelStatus.VERLOPEN else None,
        )

    def maak_vraag_met_open_voorstel(self):
        """ouder@demo.be's second child: registered online 10 weeks ago, seen by two providers, a first
        offer refused (the days did not fit), a second offer open now. No random draw: the other
        requests stay as they were."""
        referentie = "DEMO-0321"
        if Opvangvraag.objects.filter(loket=self.loket, referentie=referentie).exists():
            return
        eerste = Opvangvraag.objects.select_related("gezin").get(loket=self.loket, referentie="DEMO-0001")
        ouder = eerste.gezin.ouders.get(email="ouder@demo.be")
        kind = Kind.objects.create(
            gezin=eerste.gezin,
            voornaam="Mila",
            achternaam=ouder.achternaam,
            geboortedatum=self.vandaag - datetime.timedelta(days=150),
        )
        ingediend = self.nu - datetime.timedelta(days=70)
        start = self.vandaag + datetime.timedelta(days=45)
        schema = "DDDD---"
        dagen = dagen_per_week(schema)
        vraag = Opvangvraag.objects.create(
            loket=self.loket,
            kind=kind,
            gezin=eerste.gezin,
            gemeente=eerste.gezin.gemeente,
            referentie=referentie,
            kanaal=Kanaal.ONLINE,
            ingediend_door=ouder.gebruiker,
            ingediend_op=ingediend,
            gewenste_startdatum_origineel=start,
            gewenste_startdatum=start,
            weekschema=schema,
            dagen_per_week_origineel=dagen,
            dagen_per_week=dagen,
            vg_werk_of_opleiding=True,
            toestemming_op=ingediend,
            toestemming_wijze="online aangevinkt",
            status=VraagStatus.IN_BEHANDELING,
        )
        # Three locations in Gent; the demo provider (aanbieder@demo.be) works for the first one's organisation.
        eigen, gezinsopvang, derde = self.locaties[1], self.locaties[6], self.locaties[13]
        for rang, locatie in enumerate([eigen, gezinsopvang, derde], start=1):
            Voorkeur.objects.create(vraag=vraag, locatie=locatie, rang=rang)
        aanbieder = Gebruiker.objects.get(email="aanbieder@demo.be")
        Gezien.objects.create(
            vraag=vraag, organisator=gezinsopvang.organisator, locatie=gezinsopvang, gezien_op=ingediend + DAG * 3
        )
        Gezien.objects.create(
            vraag=vraag,
            organisator=eigen.organisator,
            locatie=eigen,
            gebruiker=aanbieder,
            gezien_op=ingediend + DAG * 5,
        )
        self.voorstel(vraag, gezinsopvang, ingediend + DAG * 12, start, dagen, VoorstelStatus.GEWEIGERD)
        vraag.voorstellen.filter(status=VoorstelStatus.GEWEIGERD).update(
            weekschema="DD-DD--", opmerking="We hebben opvang nodig op woensdag, niet op vrijdag."
        )
        self.voorstel(vraag, eigen, self.nu - DAG * 2, start + datetime.timedelta(days=14), dagen, VoorstelStatus.OPEN)
        vraag.voorstellen.filter(status=VoorstelStatus.OPEN).update(gedaan_door=aanbieder)
        vraag.status = VraagStatus.VOORSTEL
        vraag.save(update_fields=["status"])
        self.geschiedenis(vraag, ouder=ouder.gebruiker, behandeld_op=ingediend + DAG)

    def geschiedenis(self, vraag, *, ouder, behandeld_op=None):
        """The audit rows of a request's history as the services would have written them, dated when
        it happened (the portal's timeline reads them). Desk actions by loket@demo.be, answers by the
        parent."""
        loket_medewerker = Gebruiker.objects.get(email="loket@demo.be")
        regels = [(vraag.ingediend_op, ouder, "opvangvraag.ingediend", vraag, {"kanaal": vraag.kanaal})]
        if behandeld_op:
            regels.append((behandeld_op, loket_medewerker, "opvangvraag.in_behandeling", vraag, {}))
        for voorstel in vraag.voorstellen.all():
            regels.append(
                (
                    voorstel.voorgesteld_op,
                    voorstel.gedaan_door or loket_medewerker,
                    "opvangvoorstel.gedaan",
                    voorstel,
                    {},
                )
            )
            if voorstel.antwoord:
                details = {"reden": voorstel.weigerreden} if voorstel.weigerreden else {}
                regels.append((voorstel.beantwoord_op, ouder, f"opvangvoorstel.{voorstel.antwoord}", voorstel, details))
            elif voorstel.status == VoorstelStatus.VERLOPEN:
                regels.append((voorstel.afgesloten_op, None, "opvangvoorstel.verlopen", voorstel, {}))
        if vraag.ingetrokken_op:
            regels.append(
                (vraag.ingetrokken_op, ouder, "opvangvraag.ingetrokken", vraag, {"reden": vraag.intrek_reden})
            )
        for tijdstip, door, actie, object, details in sorted(regels, key=lambda regel: regel[0]):
            regel = Logregel(
                gebruiker=door,
                actie=actie,
                loket=self.loket,
                content_type=ContentType.objects.get_for_model(object),
                object_id=str(object.pk),
                details=details,
                tijdstip=tijdstip,
            )
            # As loaddata saves: raw keeps the historical tijdstip (auto_now_add would stamp now).
            regel.save_base(raw=True)


DAG = datetime.timedelta(days=1)
