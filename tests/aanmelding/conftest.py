"""Fixtures for the privacy tests (download, erasure, retention, audit)."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from aanmelding.models import Kind, Ouder, rijksregister_hash
from aanmelding.registratie import (
    aanmelding_registreren,
    contactmoment_registreren,
    notitie_toevoegen,
    opvangvraag_intrekken,
)
from aanmelding.voorstellen import voorstel_aanvaarden, voorstel_doen, voorstel_weigeren
from loket.models import Inloglink, Rol
from tests.factories import AanbiederToegangFactory, GebruikerFactory, GezinFactory, LocatieFactory, OpvangvraagFactory
from tests.rapportage.conftest import Bouwer

# Everything personal the family below holds somewhere: none of it may survive anonymisation,
# and none of it may ever reach the append-only audit log.
PERSOONLIJK = [
    "Peeters",
    "Claes",
    "Lotte",
    "Mats",
    "an.peeters@example.be",
    "bart.claes@example.be",
    "0470 11 22 33",
    "Kerkstraat 1",
    "Nieuwstraat 5",
    "astma",
    "verhuizen naar Brugge",
    "mama belde",
    "oma past op",
    "te ver voor papa",
    "Mevrouw Peeters",
]


@pytest.fixture
def afgesloten_gezin(loket, locatie, medewerker, aanbieder, django_capture_on_commit_callbacks):
    """A family holding everything personal the desk can hold, with all its requests closed.

    An Peeters (with a login and a login link) and Bart Claes (without); Lotte (care need
    "astma", a national-register number) whose request was withdrawn with a comment after a note
    and a contact; Mats, registered at the counter (the family's street changed on the way),
    whose first offer was refused with a comment and whose second offer was accepted.
    """
    gebruiker = GebruikerFactory(email="an.peeters@example.be", rol=Rol.OUDER, first_name="An", last_name="Peeters")
    gezin = GezinFactory(
        loket=loket, straat="Kerkstraat 1", postcode="9000", kwetsbaar_gemarkeerd=True, kwetsbaar_reden="oma past op"
    )
    an = Ouder.objects.create(
        gezin=gezin,
        voornaam="An",
        achternaam="Peeters",
        email="an.peeters@example.be",
        telefoon="0470 11 22 33",
        gebruiker=gebruiker,
    )
    Ouder.objects.create(gezin=gezin, voornaam="Bart", achternaam="Claes", email="bart.claes@example.be")
    lotte = Kind.objects.create(
        gezin=gezin,
        voornaam="Lotte",
        achternaam="Peeters",
        geboortedatum=timezone.localdate() - datetime.timedelta(days=200),
        specifieke_zorgbehoefte=True,
        zorgbehoefte_omschrijving="astma",
        rijksregister_hash=rijksregister_hash("24010112345"),
    )
    vraag_lotte = OpvangvraagFactory(
        gezin=gezin, kind=lotte, status="in_behandeling", kanaal="telefoon", toestemming_wijze="mama belde"
    )
    notitie_toevoegen(vraag=vraag_lotte, door=medewerker, tekst="Mevrouw Peeters belt terug")
    contactmoment_registreren(
        vraag=vraag_lotte, door=medewerker, op=timezone.now(), soort="telefoon_in", tekst="mama belde over de start"
    )
    with django_capture_on_commit_callbacks(execute=True):
        opvangvraag_intrekken(
            vraag=vraag_lotte, door=gebruiker, reden="niet_meer_nodig", toelichting="we verhuizen naar Brugge"
        )
        vraag_mats = aanmelding_registreren(
            loket=loket,
            kanaal="balie",
            door=medewerker,
            gezin=gezin,
            gezin_velden={"straat": "Nieuwstraat 5", "postcode": "9050"},
            kind_velden={"voornaam": "Mats", "achternaam": "Peeters", "geboortedatum": lotte.geboortedatum},
            vraag_velden={
                "gewenste_startdatum": timezone.localdate() + datetime.timedelta(days=60),
                "weekschema": "DDDD---",
            },
        )
        start = vraag_mats.gewenste_startdatum
        geweigerd = voorstel_doen(
            vraag=vraag_mats, locatie=locatie, door=aanbieder, startdatum=start, weekschema="DD---"
        )
        voorstel_weigeren(voorstel=geweigerd, door=gebruiker, reden="te_ver", opmerking="te ver voor papa")
        aanvaard = voorstel_doen(
            vraag=vraag_mats, locatie=locatie, door=aanbieder, startdatum=start, weekschema="DDDD-"
        )
        voorstel_aanvaarden(voorstel=aanvaard, door=gebruiker)
    Inloglink.objects.create(
        email="an.peeters@example.be",
        token_hash="0" * 64,
        aangemaakt_op=timezone.now(),
        geldig_tot=timezone.now() + datetime.timedelta(minutes=15),
    )
    return SimpleNamespace(
        gezin=gezin,
        gebruiker=gebruiker,
        an=an,
        lotte=lotte,
        mats=vraag_mats.kind,
        vraag_lotte=vraag_lotte,
        vraag_mats=vraag_mats,
        geweigerd=geweigerd,
        aanvaard=aanvaard,
    )


@pytest.fixture
def coordinator_ander_loket(ander_loket):
    return GebruikerFactory(email="coordinator@antwerpen.be", rol=Rol.COORDINATOR, loket=ander_loket)


def jaarrapport_scenario(loket):
    """One request in every column and category of the 2019 report (format 2020), most of them closed."""
    bouw = Bouwer(loket)
    vragen = [
        # withdrawn before P: total only (vulnerable family)
        bouw.vraag(
            start="2019-05-01", intrek_reden="elders_opvang_gevonden", ingetrokken_op="2019-09-01", kwetsbaar=True
        ),
        # gave up before P: without an offer (urgent)
        bouw.vraag(
            start="2019-06-01",
            intrek_reden="geen_opvang_gevonden",
            ingetrokken_op="2019-10-01",
            dringend=True,
            dringend_reden="start_werk",
        ),
        # refused before P, withdrawn after P: an offer not accepted (atypical)
        bouw.vraag(start="2019-07-01", intrek_reden="niet_meer_nodig", ingetrokken_op="2020-06-01", zaterdag=True),
        # the same child twice, in two families: only the later registration counts (care need)
        bouw.vraag(
            start="2019-03-01",
            ingediend="2018-11-01",
            voornaam="Lotte",
            geboren="2018-10-10",
            intrek_reden="andere",
            ingetrokken_op="2019-01-01",
            zorg=True,
        ),
        bouw.vraag(
            start="2019-04-01",
            ingediend="2019-01-10",
            voornaam="Lotte",
            geboren="2018-10-10",
            status="toegewezen",
            zorg=True,
        ),
        # accepted after P: the offer still stood open at P (priority group)
        bouw.vraag(start="2019-08-01", status="toegewezen", vg_alleenstaande_ouder=True),
        # assigned in time, in Destelbergen
        bouw.vraag(start="2019-09-01", gemeente="44013", status="toegewezen"),
        # still open, stays as it is
        bouw.vraag(start="2019-10-01"),
    ]
    bouw.voorstel(vragen[2], voorgesteld="2019-06-01", antwoord="geweigerd", beantwoord="2019-06-05")
    bouw.voorstel(
        vragen[4], voorgesteld="2019-03-01", start="2019-06-15", dagen="3", antwoord="aanvaard", beantwoord="2019-03-05"
    )
    bouw.voorstel(vragen[5], voorgesteld="2020-02-20", antwoord="aanvaard", beantwoord="2020-03-05")
    bouw.voorstel(vragen[6], voorgesteld="2019-07-01", start="2019-09-01", antwoord="aanvaard", beantwoord="2019-07-03")
    return vragen


@pytest.fixture
def nu():
    """A fixed "now" for the clock-dependent rules (staleness, reminders, deadlines)."""
    return timezone.make_aware(datetime.datetime(2026, 3, 2, 10, 0))


@pytest.fixture
def tweede_locatie(locatie):
    """A second location of the same organisation as `locatie`."""
    return LocatieFactory(organisator=locatie.organisator, naam="Kinderdagverblijf De Stip")


@pytest.fixture
def locatie_aanbieder(tweede_locatie):
    """A provider user of the same organisation with access to the second location only."""
    return AanbiederToegangFactory(
        organisator=tweede_locatie.organisator, locatie=tweede_locatie, gebruiker__email="stip@bolleke.be"
    ).gebruiker
