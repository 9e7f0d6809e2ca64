"""factory_boy factories for every model. Municipalities come from the data migration."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from aanbod.models import AanbiederToegang, Locatie, Organisator, VrijePlaats
from aanmelding.models import Gezin, Kind, Opvangvoorstel, Opvangvraag, Ouder, Voorkeur
from loket.models import Gebruiker, Gemeente, Loket, Rol


def gemeente(nis):
    return Gemeente.objects.get(nis=nis)


GENT, DESTELBERGEN, LOCHRISTI, EVERGEM, ANTWERPEN = "44021", "44013", "44087", "44019", "11002"


class LoketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Loket
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"loket-{n}")
    naam = factory.Sequence(lambda n: f"Lokaal Loket Kinderopvang {n}")
    inrichtend_bestuur = "Stad Gent"
    dossiernummer = "1234567"
    telefoon = "09 123 45 67"

    @factory.post_generation
    def gebied(self, create, extracted, **kwargs):
        if create:
            self.werkingsgebied.set([gemeente(nis) for nis in (extracted or [GENT, DESTELBERGEN])])


class GebruikerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gebruiker
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@example.be")
    first_name = factory.Faker("first_name", locale="nl_BE")
    last_name = factory.Faker("last_name", locale="nl_BE")
    rol = Rol.OUDER
    password = factory.django.Password("wachtwoord-voor-tests")

    @factory.post_generation
    def loket(self, create, extracted, **kwargs):
        if create and extracted:
            self.loketten.add(extracted)


class GezinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gezin

    loket = factory.SubFactory(LoketFactory)
    straat = "Kerkstraat 1"
    postcode = "9000"
    gemeente = factory.LazyFunction(lambda: gemeente(GENT))


class OuderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ouder

    gezin = factory.SubFactory(GezinFactory)
    voornaam = factory.Faker("first_name", locale="nl_BE")
    achternaam = factory.Faker("last_name", locale="nl_BE")
    email = factory.Sequence(lambda n: f"ouder{n}@example.be")
    telefoon = "0470 12 34 56"


class KindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kind

    gezin = factory.SubFactory(GezinFactory)
    voornaam = factory.Sequence(lambda n: f"Kind{n}")
    achternaam = "Peeters"
    geboortedatum = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=120))


class OpvangvraagFactory(factory.django.DjangoModelFactory):
    """A request in a given state, built directly (services are tested on their own)."""

    class Meta:
        model = Opvangvraag

    gezin = factory.SubFactory(GezinFactory)
    kind = factory.SubFactory(KindFactory, gezin=factory.SelfAttribute("..gezin"))
    loket = factory.SelfAttribute("gezin.loket")
    gemeente = factory.SelfAttribute("gezin.gemeente")
    referentie = factory.Sequence(lambda n: f"T-{n:05d}")
    kanaal = "online"
    ingediend_op = factory.LazyFunction(timezone.now)
    gewenste_startdatum_origineel = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=90))
    gewenste_startdatum = factory.SelfAttribute("gewenste_startdatum_origineel")
    weekschema = "DDDD---"
    dagen_per_week_origineel = Decimal("4")
    dagen_per_week = factory.SelfAttribute("dagen_per_week_origineel")


class OrganisatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisator

    naam = factory.Sequence(lambda n: f"Kinderopvang vzw {n}")
    email = factory.Sequence(lambda n: f"organisator{n}@example.be")


class LocatieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locatie

    organisator = factory.SubFactory(OrganisatorFactory)
    naam = factory.Sequence(lambda n: f"Kinderdagverblijf De Rakker {n}")
    type = "groepsopvang"
    gemeente = factory.LazyFunction(lambda: gemeente(GENT))
    postcode = "9000"
    erkende_plaatsen = 18
    email = factory.Sequence(lambda n: f"locatie{n}@example.be")


class AanbiederToegangFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AanbiederToegang

    gebruiker = factory.SubFactory(GebruikerFactory, rol=Rol.AANBIEDER)
    organisator = factory.SubFactory(OrganisatorFactory)
    locatie = None


class VrijePlaatsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VrijePlaats

    locatie = factory.SubFactory(LocatieFactory)
    vanaf = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))
    aantal = 2
    weekschema = "DDDDD--"


class VoorkeurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Voorkeur

    vraag = factory.SubFactory(OpvangvraagFactory)
    locatie = factory.SubFactory(LocatieFactory)
    rang = 1


class OpvangvoorstelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opvangvoorstel

    vraag = factory.SubFactory(OpvangvraagFactory, status="voorstel")
    locatie = factory.SubFactory(LocatieFactory)
    voorgesteld_op = factory.LazyFunction(timezone.now)
    startdatum = factory.LazyAttribute(lambda o: o.vraag.gewenste_startdatum)
    weekschema = "DDDD---"
    dagen_per_week = Decimal("4")
    antwoord_tegen = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
