"""The permission matrix: every URL of the project, for every role, with the expected answer.

The URLs come from the resolver, so a new view without a row in MATRIX fails this test. Two
unrelated worlds are built: desk A (Gent) and desk B (Antwerpen), each with a parent, a referrer,
staff, a coordinator, a provider and their objects. Each URL is asked for world A's object by
every persona; the allowed ones get their page, every other is refused (login, 403 or 404).
Each allowed persona then asks for world B's object of the same kind: refused (no enumeration).
Every persona that is refused also POSTs (with valid data where POST_GELDIG has it): refused, and
the database is unchanged. A view that only accepts POST must have a row in POST_GELDIG: its
allowed personas post valid data and its effect is asserted (each in a rolled-back savepoint), and
the same data for world B's object is refused with nothing changed.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from aanbod.models import AanbiederToegang, Locatie, VrijePlaats
from aanmelding.models import (
    Contactmoment,
    Doorverwijzing,
    Gezin,
    Notitie,
    Opvangvoorstel,
    Opvangvraag,
    Wachter,
    Wisverzoek,
)
from aanmelding.voorstellen import voorstel_aanvaarden
from loket.models import Mailbericht, Rol
from rapportage.models import IngediendRapport
from tests.factories import (
    ANTWERPEN,
    DESTELBERGEN,
    GENT,
    GebruikerFactory,
    LocatieFactory,
    LoketFactory,
    OpvangvoorstelFactory,
    OpvangvraagFactory,
    OrganisatorFactory,
    OuderFactory,
    VoorkeurFactory,
    VrijePlaatsFactory,
    gemeente,
)

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anoniem",
    "ouder",
    "andere_ouder",
    "toeleider",
    "andere_toeleider",
    "medewerker",
    "medewerker_ander",
    "coordinator",
    "coordinator_ander",
    "beleid",
    "beleid_ander",
    "aanbieder",
    "andere_aanbieder",
    "opgroeien",
]
PUBLIEK = "publiek"  # anyone, logged in or not
INGELOGD = set(PERSONAS) - {"anoniem"}
PERSONEEL = {"medewerker", "coordinator", "medewerker_ander", "coordinator_ander"}
COORDINATOREN = {"coordinator", "coordinator_ander"}
AANBIEDERS = {"aanbieder", "andere_aanbieder"}
TOELEIDERS = {"toeleider", "andere_toeleider"}

# url name: (the object its <pk>/<token> points at, or None; who may use it for world A's object)
MATRIX = {
    "loket:home": (None, PUBLIEK),
    "loket:login": (None, PUBLIEK),
    "loket:logout": (None, PUBLIEK),
    "loket:start": (None, INGELOGD),
    "loket:tweestaps": (None, INGELOGD),
    "set_language": (None, PUBLIEK),
    "gezond": (None, PUBLIEK),
    "metrics": (None, PUBLIEK),  # 404 for every login: a bearer token or an allowed address opens it
    # The parent's registration and login: public, its state lives in the session.
    "aanmelding:start": (None, PUBLIEK),
    "aanmelding:privacy": (None, PUBLIEK),
    "aanmelding:stap": ("stap", PUBLIEK),
    "aanmelding:overzicht": (None, PUBLIEK),
    "aanmelding:bevestigen": (None, PUBLIEK),
    "aanmelding:ingediend": (None, PUBLIEK),
    "aanmelding:ingediend_pdf": (None, PUBLIEK),
    "aanmelding:al_aangevraagd": (None, PUBLIEK),
    "aanmelding:opnieuw": (None, PUBLIEK),
    "aanmelding:portaal": (None, PUBLIEK),
    "aanmelding:link_verstuurd": (None, PUBLIEK),
    "aanmelding:inloglink": ("token", PUBLIEK),
    # The parent portal.
    "aanmelding:ouder_vraag": ("vraag", {"ouder"}),
    "aanmelding:ouder_vraag_pdf": ("vraag", {"ouder"}),
    "aanmelding:ouder_wijzigen": ("vraag", {"ouder"}),
    "aanmelding:ouder_intrekken": ("vraag", {"ouder"}),
    "aanmelding:ouder_voorstel": ("voorstel", {"ouder"}),
    "aanmelding:ouder_aanvaarden": ("voorstel", {"ouder"}),
    "aanmelding:ouder_weigeren": ("voorstel", {"ouder"}),
    # A parent's own data (download, erasure): no ids, each parent reaches only their own family.
    "aanmelding:mijn_gegevens": (None, {"ouder", "andere_ouder"}),
    "aanmelding:mijn_gegevens_json": (None, {"ouder", "andere_ouder"}),
    "aanmelding:mijn_gegevens_pdf": (None, {"ouder", "andere_ouder"}),
    "aanmelding:mijn_gegevens_wissen": (None, {"ouder", "andere_ouder"}),
    # The desk.
    "aanmelding:werklijst": ("loket", {"medewerker", "coordinator"}),
    "aanmelding:loket_aanmelden": (None, PERSONEEL),
    "aanmelding:loket_vraag": ("vraag", {"medewerker", "coordinator"}),
    "aanmelding:loket_bewijs": ("vraag", {"medewerker", "coordinator"}),
    "aanmelding:loket_in_behandeling": ("vraag", {"medewerker", "coordinator"}),
    "aanmelding:loket_intrekken": ("vraag", {"medewerker", "coordinator"}),
    "aanmelding:loket_kwetsbaar": ("vraag", {"medewerker", "coordinator"}),
    "aanmelding:loket_wijzigen": ("vraag", {"medewerker", "coordinator"}),
    "aanmelding:loket_gezin_wijzigen": ("vraag", {"medewerker", "coordinator"}),
    "aanmelding:loket_voorkeuren_wijzigen": ("vraag", {"medewerker", "coordinator"}),
    "aanmelding:loket_notitie": ("vraag", {"medewerker", "coordinator"}),
    "aanmelding:loket_contact": ("vraag", {"medewerker", "coordinator"}),
    "aanmelding:loket_samenvoegen": ("vraag", {"medewerker", "coordinator"}),
    "aanmelding:vraag_kandidaten": ("vraag", {"medewerker", "coordinator"}),
    "aanmelding:voorstel_loket": ("vraag", {"medewerker", "coordinator"}),
    "aanmelding:doorverwijzingen": (None, PERSONEEL),
    "aanmelding:doorverwijzing_afgehandeld": ("doorverwijzing", {"medewerker", "coordinator"}),
    "aanbod:loket_vrije_plaatsen": (None, PERSONEEL),
    # Referrers.
    "aanmelding:toeleider_home": (None, TOELEIDERS),
    "aanmelding:toeleider_aanmelden": (None, TOELEIDERS),
    "aanmelding:toeleider_vraag": ("vraag", {"toeleider"}),
    "aanmelding:toeleider_bewijs": ("vraag", {"toeleider"}),
    "aanmelding:toeleider_intrekken": ("vraag", {"toeleider"}),
    "aanmelding:toeleider_kwetsbaar": ("vraag", {"toeleider"}),
    # The public search.
    "aanbod:zoeken": (None, PUBLIEK),
    "aanbod:locatie_publiek": ("locatie", PUBLIEK),
    # Providers.
    "aanmelding:aanbieder_home": (None, AANBIEDERS),
    "aanmelding:inbox": (None, AANBIEDERS),
    "aanmelding:opvangvraag_registreren": (None, AANBIEDERS),
    "aanmelding:doorverwijzen": (None, AANBIEDERS),
    "aanmelding:voorstellen": (None, AANBIEDERS),
    "aanbod:wachtwoord_instellen": ("uitnodiging", PUBLIEK),
    "aanbod:profiel": ("locatie", {"aanbieder"}),
    "aanbod:vrije_plaatsen": ("locatie", {"aanbieder"}),
    "aanbod:vrije_plaats_nieuw": ("locatie", {"aanbieder"}),
    "aanbod:bevestigen": ("locatie", {"aanbieder"}),
    "aanbod:vrije_plaats_wijzigen": ("plaats", {"aanbieder"}),
    "aanbod:vrije_plaats_verwijderen": ("plaats", {"aanbieder"}),
    "aanmelding:vrije_plaats_kandidaten": ("plaats", {"aanbieder"}),
    "aanmelding:inbox_vraag": ("vraag", {"aanbieder"}),
    "aanmelding:inbox_doorverwijzen": ("vraag", {"aanbieder"}),
    "aanmelding:voorstel_aanbieder": ("vraag", {"aanbieder"}),
    "aanmelding:voorstel_afwachten": ("vraag", {"aanbieder"}),
    # Offers.
    "aanmelding:voorstel": ("voorstel", {"medewerker", "coordinator", "aanbieder"}),
    "aanmelding:voorstel_intrekken": ("voorstel", {"medewerker", "coordinator", "aanbieder"}),
    "aanmelding:toewijzing_annuleren": ("voorstel", {"medewerker", "coordinator", "aanbieder"}),
    "aanmelding:antwoord_registreren": ("voorstel", {"medewerker", "coordinator"}),
    # The coordinator.
    "aanbod:beheer_organisatoren": (None, COORDINATOREN),
    "aanbod:beheer_import": (None, COORDINATOREN),
    "aanbod:beheer_organisator": ("organisator", {"coordinator"}),
    "aanbod:beheer_uitnodigen": ("organisator", {"coordinator"}),
    "aanbod:beheer_locatie_nieuw": ("organisator", {"coordinator"}),
    "aanbod:beheer_locatie": ("locatie", {"coordinator"}),
    "aanbod:beheer_toegang_intrekken": ("toegang", {"coordinator"}),
    # The report's figures and the policy dashboard: coordinators and policy officers (beleid), each of
    # their own desk; the lists of requests behind the numbers: coordinators only.
    "rapportage:home": ("loket", {"coordinator", "beleid"}),
    "rapportage:vragen": ("rapportcel", {"coordinator"}),
    "rapportage:xlsx": ("loket", {"coordinator", "beleid"}),
    "rapportage:pdf": ("loket", {"coordinator", "beleid"}),
    "rapportage:import": (None, COORDINATOREN),
    "rapportage:indienen": ("loket", {"coordinator"}),
    "rapportage:ingediend_bestand": ("ingediend", {"coordinator"}),
    # The Flemish level: installation-wide figures, no personal data (rapportage.views_vlaanderen).
    "rapportage:vlaanderen": (None, {"opgroeien"}),
    "rapportage:vlaanderen_xlsx": (None, {"opgroeien"}),
    "rapportage:vlaanderen_json": (None, {"opgroeien"}),
    "rapportage:beleid": ("loket", {"coordinator", "beleid"}),
    "rapportage:beleid_xlsx": ("loket", {"coordinator", "beleid"}),
    "rapportage:beleid_pdf": ("loket", {"coordinator", "beleid"}),
    "rapportage:beleid_vragen": ("beleidcel", {"coordinator"}),
    "aanmelding:wisverzoeken": ("loket", {"coordinator"}),
    "aanmelding:wisverzoek": ("wisverzoek", {"coordinator"}),
    "aanmelding:wisverzoek_anonimiseren": ("wisverzoek", {"coordinator"}),
    "aanmelding:wisverzoek_weigeren": ("wisverzoek", {"coordinator"}),
    "aanmelding:audit": ("gezin", {"coordinator"}),
    "loket:mails": ("loket", {"coordinator"}),
    "loket:mail_opnieuw": ("mail", {"coordinator"}),
}


@dataclass
class Post:
    """Valid POST data for a view that only accepts POST, and the effect it must have.

    `data(objecten)` may first put the world's objects in the state the action needs (an open
    request for "in behandeling", an assignment to call off); it runs once, before anyone posts.
    `effect(objecten)` reads the database after the allowed persona's POST.
    """

    data: Callable[[dict], dict]
    effect: Callable[[dict], bool]


def _vandaag(dagen=0):
    return (timezone.localdate() + datetime.timedelta(days=dagen)).isoformat()


def _weekschema(prefix, schema):
    return {f"{prefix}weekschema_{i}": dag for i, dag in enumerate(schema)}


def _vraag(o):
    return Opvangvraag.objects.get(pk=o["vraag"])


def _voorstel(o):
    return Opvangvoorstel.objects.get(pk=o["voorstel"])


def _status(vraag_status):
    def data(o):
        Opvangvraag.objects.filter(pk=o["vraag"]).update(status=vraag_status)
        return {}

    return data


def _aanvaard(o):
    voorstel_aanvaarden(voorstel=_voorstel(o), door=None)
    return {"reden": "De ouder vond elders opvang."}


def _gezin_afgesloten(o):
    Opvangvraag.objects.filter(gezin=o["gezin"]).update(
        status="ingetrokken", ingetrokken_op=timezone.now(), intrek_reden="niet_meer_nodig"
    )
    return {"bevestigen": "on"}


def _bevestiging_weg(o):
    Locatie.objects.filter(pk=o["locatie"]).update(vrije_plaatsen_bevestigd_op=None)
    return {"terug": "lijst"}


def _niet_doorverwezen(o):
    Doorverwijzing.objects.filter(vraag=o["vraag"]).delete()
    return {"reden": "geen_plaats", "toelichting": "Toets van de matrix"}


def _tweede_vraag(o):
    from tests.factories import OpvangvraagFactory

    o["andere_vraag"] = OpvangvraagFactory(gezin__loket_id=o["loket_id"]).pk
    return {"andere": o["andere_vraag"], "behoud": "deze"}


INTREKKEN = {"reden": "niet_meer_nodig", "toelichting": ""}
KWETSBAAR = {"reden": "Het gezin heeft dringend steun nodig."}

POST_GELDIG = {
    "aanbod:vrije_plaats_nieuw": Post(
        lambda o: (
            {"nieuw-vanaf": _vandaag(14), "nieuw-leeftijdsgroep": "alle", "nieuw-aantal": "7"}
            | _weekschema("nieuw-", "DDDDD--")
        ),
        lambda o: VrijePlaats.objects.filter(locatie=o["locatie"], aantal=7).exists(),
    ),
    "aanbod:vrije_plaats_wijzigen": Post(
        lambda o: (
            {
                f"plaats-{o['plaats']}-vanaf": _vandaag(7),
                f"plaats-{o['plaats']}-leeftijdsgroep": "alle",
                f"plaats-{o['plaats']}-aantal": "9",
            }
            | _weekschema(f"plaats-{o['plaats']}-", "DDDDD--")
        ),
        lambda o: VrijePlaats.objects.get(pk=o["plaats"]).aantal == 9,
    ),
    "aanbod:vrije_plaats_verwijderen": Post(
        lambda o: {}, lambda o: not VrijePlaats.objects.filter(pk=o["plaats"]).exists()
    ),
    "aanbod:bevestigen": Post(
        _bevestiging_weg, lambda o: Locatie.objects.get(pk=o["locatie"]).vrije_plaatsen_bevestigd_op is not None
    ),
    "aanmelding:inbox_doorverwijzen": Post(
        _niet_doorverwezen,
        lambda o: Doorverwijzing.objects.filter(vraag=o["vraag"], toelichting="Toets van de matrix").exists(),
    ),
    "aanmelding:voorstel_afwachten": Post(lambda o: {}, lambda o: Wachter.objects.filter(vraag=o["vraag"]).exists()),
    "aanmelding:voorstel_intrekken": Post(
        lambda o: {"reden": "De plaats is niet meer vrij."}, lambda o: _voorstel(o).status == "ingetrokken"
    ),
    "aanmelding:antwoord_registreren": Post(
        lambda o: {"antwoord": "geweigerd", "weigerreden": "te_ver", "opmerking": ""},
        lambda o: _voorstel(o).status == "geweigerd",
    ),
    "aanmelding:toewijzing_annuleren": Post(_aanvaard, lambda o: _voorstel(o).status == "geannuleerd"),
    "aanmelding:doorverwijzing_afgehandeld": Post(
        lambda o: {}, lambda o: Doorverwijzing.objects.get(pk=o["doorverwijzing"]).afgehandeld_op is not None
    ),
    "aanbod:beheer_uitnodigen": Post(
        lambda o: {"email": "uitgenodigd@example.be", "locatie": o["locatie"]},
        lambda o: AanbiederToegang.objects.filter(
            gebruiker__email="uitgenodigd@example.be", locatie=o["locatie"]
        ).exists(),
    ),
    "aanbod:beheer_toegang_intrekken": Post(
        lambda o: {}, lambda o: not AanbiederToegang.objects.filter(pk=o["toegang"]).exists()
    ),
    "aanmelding:wisverzoek_anonimiseren": Post(
        _gezin_afgesloten, lambda o: Gezin.objects.get(pk=o["gezin"]).geanonimiseerd_op is not None
    ),
    "aanmelding:wisverzoek_weigeren": Post(
        lambda o: {"reden": "Er loopt nog een aanvraag."},
        lambda o: Wisverzoek.objects.get(pk=o["wisverzoek"]).afgehandeld_op is not None,
    ),
    "aanmelding:toeleider_intrekken": Post(lambda o: INTREKKEN, lambda o: _vraag(o).status == "ingetrokken"),
    "aanmelding:toeleider_kwetsbaar": Post(lambda o: KWETSBAAR, lambda o: _vraag(o).gezin.kwetsbaar_gemarkeerd),
    "aanmelding:loket_in_behandeling": Post(_status("ingediend"), lambda o: _vraag(o).status == "in_behandeling"),
    "aanmelding:loket_intrekken": Post(lambda o: INTREKKEN, lambda o: _vraag(o).status == "ingetrokken"),
    "aanmelding:loket_kwetsbaar": Post(lambda o: KWETSBAAR, lambda o: _vraag(o).gezin.kwetsbaar_gemarkeerd),
    "aanmelding:loket_wijzigen": Post(
        lambda o: {"gewenste_startdatum": _vandaag(60)} | _weekschema("", "DDVN---"),
        lambda o: (_vraag(o).gewenste_startdatum.isoformat(), _vraag(o).weekschema) == (_vandaag(60), "DDVN---"),
    ),
    "aanmelding:loket_notitie": Post(
        lambda o: {"tekst": "Toets van de matrix"},
        lambda o: Notitie.objects.filter(vraag=o["vraag"], tekst="Toets van de matrix").exists(),
    ),
    "aanmelding:loket_contact": Post(
        lambda o: {
            "op": (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "soort": "telefoon_in",
            "tekst": "Toets van de matrix",
        },
        lambda o: Contactmoment.objects.filter(vraag=o["vraag"], tekst="Toets van de matrix").exists(),
    ),
    "aanmelding:loket_samenvoegen": Post(
        _tweede_vraag, lambda o: Opvangvraag.objects.get(pk=o["andere_vraag"]).status == "ingetrokken"
    ),
    "loket:mail_opnieuw": Post(lambda o: {}, lambda o: Mailbericht.objects.get(pk=o["mail"]).status == "wachtend"),
    "aanmelding:ouder_aanvaarden": Post(lambda o: {"bevestigd": "ja"}, lambda o: _voorstel(o).status == "aanvaard"),
    "rapportage:indienen": Post(
        lambda o: {"loket": o["loket"], "jaar": "2025"},
        lambda o: IngediendRapport.objects.filter(loket_id=o["loket_id"], versie=2).exists(),
    ),
    "aanmelding:ouder_weigeren": Post(
        lambda o: {"reden": "te_ver", "opmerking": ""}, lambda o: _voorstel(o).status == "geweigerd"
    ),
}


def url_namen():
    """Every named URL of the project but the Django admin (which has its own permission system)."""

    def doorloop(patronen, namespace=None):
        for patroon in patronen:
            if isinstance(patroon, URLResolver):
                if patroon.app_name == "admin":
                    continue
                yield from doorloop(patroon.url_patterns, patroon.namespace or namespace)
            elif isinstance(patroon, URLPattern) and patroon.name:
                yield f"{namespace}:{patroon.name}" if namespace else patroon.name

    return sorted(set(doorloop(get_resolver().url_patterns)))


def test_elke_url_staat_in_de_matrix():
    assert sorted(set(url_namen()) - set(MATRIX)) == [], "a view without a row in the permission matrix"
    assert sorted(set(MATRIX) - set(url_namen())) == [], "a row for a view that no longer exists"


def wereld(code, gebied, suffix):
    """One desk with its people and objects."""
    loket = LoketFactory(code=code, gebied=gebied)
    mensen = {
        "ouder": GebruikerFactory(email=f"ouder{suffix}@example.be", rol=Rol.OUDER),
        "toeleider": GebruikerFactory(email=f"toeleider{suffix}@example.be", rol=Rol.TOELEIDER, loket=loket),
        "medewerker": GebruikerFactory(email=f"medewerker{suffix}@example.be", rol=Rol.LOKETMEDEWERKER, loket=loket),
        "coordinator": GebruikerFactory(email=f"coordinator{suffix}@example.be", rol=Rol.COORDINATOR, loket=loket),
        "beleid": GebruikerFactory(email=f"beleid{suffix}@example.be", rol=Rol.BELEID, loket=loket),
        "aanbieder": GebruikerFactory(email=f"aanbieder{suffix}@example.be", rol=Rol.AANBIEDER),
    }
    locatie = LocatieFactory(gemeente=gemeente(gebied[0]))
    toegang = AanbiederToegang.objects.create(gebruiker=mensen["aanbieder"], organisator=locatie.organisator)
    vraag = OpvangvraagFactory(
        gezin__loket=loket,
        gezin__gemeente=gemeente(gebied[0]),
        kanaal="toeleider",
        toeleider=mensen["toeleider"],
        toestemming_op=timezone.now(),
        status="in_behandeling",
    )
    OuderFactory(gezin=vraag.gezin, email=mensen["ouder"].email, gebruiker=mensen["ouder"])
    VoorkeurFactory(vraag=vraag, locatie=locatie)
    voorstel = OpvangvoorstelFactory(
        vraag=vraag, locatie=locatie, antwoord_tegen=timezone.localdate() + datetime.timedelta(days=5)
    )
    vraag.status = "voorstel"
    vraag.save()
    objecten = {
        "loket_id": loket.pk,
        "loket": loket.code,
        "rapportcel": loket.code,
        "beleidcel": loket.code,
        "vraag": vraag.pk,
        "voorstel": voorstel.pk,
        "locatie": locatie.pk,
        "plaats": VrijePlaatsFactory(locatie=locatie).pk,
        "organisator": locatie.organisator_id,
        "toegang": toegang.pk,
        "gezin": vraag.gezin_id,
        "wisverzoek": Wisverzoek.objects.create(gezin=vraag.gezin, gevraagd_op=timezone.now()).pk,
        "mail": Mailbericht.objects.create(
            loket=loket, aan=[mensen["ouder"].email], sjabloon="vraag_ingediend", status="mislukt", pogingen=8
        ).pk,
        "doorverwijzing": Doorverwijzing.objects.create(
            loket=loket, vraag=vraag, organisator=locatie.organisator, locatie=locatie, door=mensen["aanbieder"]
        ).pk,
    }
    # A submitted report (files stand-ins: the service's PDF rendering would slow every row down).
    objecten["ingediend"] = IngediendRapport.objects.create(
        loket=loket,
        jaar=2025,
        versie=1,
        formaat="2024",
        peildatum=datetime.date(2026, 2, 28),
        cijfers={"gemeenten": [], "totaal": {}},
        xlsx=b"PK",
        pdf=b"%PDF",
        ingediend_door=mensen["coordinator"],
        ingediend_op=timezone.now(),
    ).pk
    return mensen, objecten


@pytest.fixture
def werelden(db):
    mensen_a, objecten_a = wereld("gent", [GENT, DESTELBERGEN], "")
    mensen_b, objecten_b = wereld("antwerpen", [ANTWERPEN], "-b")
    # One organisation works in both areas: each desk reaches only the accesses of its own location.
    gedeeld = OrganisatorFactory(naam="Kinderopvang Overal")
    for objecten, nis, suffix in ((objecten_a, GENT, ""), (objecten_b, ANTWERPEN, "-b")):
        locatie = LocatieFactory(organisator=gedeeld, gemeente=gemeente(nis))
        objecten["toegang"] = AanbiederToegang.objects.create(
            gebruiker=GebruikerFactory(email=f"overal{suffix}@example.be", rol=Rol.AANBIEDER),
            organisator=gedeeld,
            locatie=locatie,
        ).pk
        objecten["gedeelde_locatie"] = locatie.pk
    objecten_a["gedeelde_toegang"] = objecten_b["gedeelde_toegang"] = AanbiederToegang.objects.create(
        gebruiker=GebruikerFactory(email="overal-directie@example.be", rol=Rol.AANBIEDER), organisator=gedeeld
    ).pk
    objecten_a["gedeelde_organisator"] = objecten_b["gedeelde_organisator"] = gedeeld.pk
    personen = {
        "anoniem": None,
        **mensen_a,
        "opgroeien": GebruikerFactory(email="analist@opgroeien.be", rol=Rol.OPGROEIEN),
    }
    for rol, gebruiker in mensen_b.items():
        personen[
            {"ouder": "andere_ouder", "toeleider": "andere_toeleider", "aanbieder": "andere_aanbieder"}.get(
                rol, f"{rol}_ander"
            )
        ] = gebruiker
    return personen, objecten_a, objecten_b


def url_voor(naam, soort, objecten):
    if soort is None:
        return reverse(naam)
    if soort == "loket":
        return f"{reverse(naam)}?loket={objecten['loket']}"
    if soort == "gezin":
        return f"{reverse(naam)}?gezin={objecten['gezin']}"
    if soort == "rapportcel":
        return f"{reverse(naam)}?loket={objecten['loket']}&jaar=2026&kolom=totaal"
    if soort == "beleidcel":
        return f"{reverse(naam)}?loket={objecten['loket']}&jaar=2026&maand=2026-01"
    if soort == "stap":
        return reverse(naam, kwargs={"code": "kind"})
    if soort == "ingediend":
        return reverse(naam, kwargs={"pk": objecten["ingediend"], "soort": "pdf"})
    if soort == "token":
        return reverse(naam, kwargs={"token": "onbekend-token"})
    if soort == "uitnodiging":
        return reverse(naam, kwargs={"uidb64": "MQ", "token": "onbekend-token"})
    return reverse(naam, kwargs={"pk": objecten[soort]})


def geweigerd(response):
    """Refused: a login page (for the anonymous visitor or the parent portal), 403 or 404."""
    if response.status_code in (403, 404):
        return True
    locatie = response.get("Location", "")
    return response.status_code == 302 and locatie.startswith(("/inloggen/", "/mijn/"))


def vraag_aan(client, persoon, methode, url, data=None):
    client.logout()
    if persoon is not None:
        client.force_login(persoon)
    if methode == "post":
        return client.post(url, data or {})
    return client.get(url)


def toegelaten(response):
    return response.status_code not in (403, 404) and not response.get("Location", "").startswith("/inloggen/")


# Left out of the comparison: what logging in itself writes (the session, the second-factor
# device, `last_login`) and the municipalities shipped with the project, which no view changes.
NIET_VERGELEKEN = {
    "sessions.session",
    "otp_totp.totpdevice",
    "loket.gemeente",
    "loket.gemeentealias",
    "loket.postcode",
    "auth.permission",
    "contenttypes.contenttype",
}


def databank_stand():
    """Every row of every table (but NIET_VERGELEKEN), to prove a refused request changed nothing."""
    stand = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label_lower in NIET_VERGELEKEN:
            continue
        velden = [veld.attname for veld in model._meta.concrete_fields if veld.attname != "last_login"]
        stand[model._meta.label_lower] = list(model._base_manager.order_by("pk").values_list(*velden))
    return stand


def niets_veranderd(voor, context):
    na = databank_stand()
    veranderd = sorted(tabel for tabel in voor if voor[tabel] != na[tabel])
    assert veranderd == [], (*context, "changed", veranderd)


@pytest.mark.parametrize("naam", sorted(MATRIX))
def test_toegangsmatrix(client, werelden, naam):
    personen, objecten_a, objecten_b = werelden
    soort, toegestaan = MATRIX[naam]
    url = url_voor(naam, soort, objecten_a)
    if toegestaan == PUBLIEK:
        for persona in PERSONAS:
            assert vraag_aan(client, personen[persona], "get", url).status_code < 500, (naam, persona)
        return
    alleen_post = vraag_aan(client, personen[sorted(toegestaan)[0]], "get", url).status_code == 405
    post = POST_GELDIG.get(naam)
    assert post is not None or not alleen_post, f"{naam} only accepts POST: give it valid data in POST_GELDIG"
    data = post.data(objecten_a) if post else {}
    for persona in PERSONAS:
        response = vraag_aan(client, personen[persona], "get", url)
        assert response.status_code < 500, (naam, persona, response.status_code)
        if persona in toegestaan:
            assert toegelaten(response), (naam, persona, response.status_code, response.get("Location"))
        else:
            assert geweigerd(response) or (alleen_post and response.status_code == 405), (
                naam,
                persona,
                response.status_code,
            )
    # One comparison over all refused POSTs keeps this fast; the tables named show what changed.
    voor = databank_stand()
    geweigerde = [persona for persona in PERSONAS if persona not in toegestaan]
    for persona in geweigerde:
        response = vraag_aan(client, personen[persona], "post", url, data)
        assert geweigerd(response) or (response.status_code == 405 and not alleen_post), (
            naam,
            persona,
            "POST",
            response.status_code,
            response.get("Location"),
        )
    niets_veranderd(voor, (naam, "POST by", geweigerde))
    if post:
        for persona in sorted(toegestaan):
            with transaction.atomic():
                response = vraag_aan(client, personen[persona], "post", url, data)
                assert response.status_code == 302 and toegelaten(response), (naam, persona, response.status_code)
                assert post.effect(objecten_a), (naam, persona, "no effect", response.get("Location"))
                transaction.set_rollback(True)
    if soort in objecten_b:
        ander_url = url_voor(naam, soort, objecten_b)
        ander_data = post.data(objecten_b) if post else {}
        voor = databank_stand()
        for persona in sorted(toegestaan):
            response = vraag_aan(client, personen[persona], "post" if alleen_post else "get", ander_url, ander_data)
            assert geweigerd(response), (naam, persona, "world B", response.status_code)
        niets_veranderd(voor, (naam, "world B by", sorted(toegestaan)))


@pytest.mark.parametrize(("coordinator", "eigen", "ander"), [("coordinator", 0, 1), ("coordinator_ander", 1, 0)])
def test_organisator_in_beide_gebieden_elk_loket_alleen_eigen_locaties(client, werelden, coordinator, eigen, ander):
    """One organisation with a location in each desk's area: each coordinator reaches only its own location,
    its accesses, and may not grant or revoke access to the whole organisation (that reaches the other desk)."""
    personen, *werelden_objecten = werelden
    o, andere = werelden_objecten[eigen], werelden_objecten[ander]
    organisator = o["gedeelde_organisator"]
    client.force_login(personen[coordinator])
    response = client.get(reverse("aanbod:beheer_organisator", kwargs={"pk": organisator}))
    assert [locatie.pk for locatie in response.context["locaties"]] == [o["gedeelde_locatie"]]
    assert [t.pk for t in response.context["toegangen"]] == sorted(
        [o["toegang"], o["gedeelde_toegang"]], key=lambda pk: AanbiederToegang.objects.get(pk=pk).gebruiker.email
    )
    assert [keuze for keuze, _label in response.context["uitnodiging"].fields["locatie"].choices] == [
        o["gedeelde_locatie"]
    ]
    voor = databank_stand()
    uitnodigen = reverse("aanbod:beheer_uitnodigen", kwargs={"pk": organisator})
    for data in ({"email": "x@example.be", "locatie": andere["gedeelde_locatie"]}, {"email": "x@example.be"}):
        assert client.post(uitnodigen, data).status_code == 400
    for toegang in (andere["toegang"], o["gedeelde_toegang"]):
        assert client.post(reverse("aanbod:beheer_toegang_intrekken", kwargs={"pk": toegang})).status_code == 404
    assert client.post(reverse("aanbod:beheer_locatie", kwargs={"pk": andere["gedeelde_locatie"]})).status_code == 404
    response = client.post(reverse("aanbod:beheer_organisator", kwargs={"pk": organisator}), {"naam": "Overgenomen"})
    assert response.status_code == 403
    niets_veranderd(voor, (coordinator, "shared organisation"))
    # Its own location: allowed.
    assert client.post(uitnodigen, {"email": "x@example.be", "locatie": o["gedeelde_locatie"]}).status_code == 302
    assert client.post(reverse("aanbod:beheer_toegang_intrekken", kwargs={"pk": o["toegang"]})).status_code == 302
