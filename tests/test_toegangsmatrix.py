"""The permission matrix: every URL of the project, for every role, with the expected answer.

The URLs come from the resolver, so a new view without a row in MATRIX fails this test. Two
unrelated worlds are built: desk A (Gent) and desk B (Antwerpen), each with a parent, a referrer,
staff, a coordinator, a provider and their objects. Each URL is asked for world A's object by
every persona; the allowed ones get their page, every other is refused (login, 403 or 404).
Each allowed persona then asks for world B's object of the same kind: refused (no enumeration).
Views that only accept POST are posted to by every refused persona: refused, nothing changed.
"""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from aanbod.models import AanbiederToegang, Doorverwijzing
from aanmelding.models import Wisverzoek
from loket.models import Rol
from tests.factories import (
    ANTWERPEN,
    DESTELBERGEN,
    GENT,
    GebruikerFactory,
    LocatieFactory,
    LoketFactory,
    OpvangvoorstelFactory,
    OpvangvraagFactory,
    OuderFactory,
    VoorkeurFactory,
    VrijePlaatsFactory,
    gemeente,
)

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
    "aanbieder",
    "andere_aanbieder",
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
    "aanbod:vraag_kandidaten": ("vraag", {"medewerker", "coordinator"}),
    "aanbod:voorstel_loket": ("vraag", {"medewerker", "coordinator"}),
    "aanbod:doorverwijzingen": (None, PERSONEEL),
    "aanbod:doorverwijzing_afgehandeld": ("doorverwijzing", {"medewerker", "coordinator"}),
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
    "aanbod:home": (None, AANBIEDERS),
    "aanbod:inbox": (None, AANBIEDERS),
    "aanbod:aanvraag_registreren": (None, AANBIEDERS),
    "aanbod:doorverwijzen": (None, AANBIEDERS),
    "aanbod:voorstellen": (None, AANBIEDERS),
    "aanbod:wachtwoord_instellen": ("uitnodiging", PUBLIEK),
    "aanbod:profiel": ("locatie", {"aanbieder"}),
    "aanbod:vrije_plaatsen": ("locatie", {"aanbieder"}),
    "aanbod:vrije_plaats_nieuw": ("locatie", {"aanbieder"}),
    "aanbod:bevestigen": ("locatie", {"aanbieder"}),
    "aanbod:vrije_plaats_wijzigen": ("plaats", {"aanbieder"}),
    "aanbod:vrije_plaats_verwijderen": ("plaats", {"aanbieder"}),
    "aanbod:vrije_plaats_kandidaten": ("plaats", {"aanbieder"}),
    "aanbod:inbox_vraag": ("vraag", {"aanbieder"}),
    "aanbod:inbox_doorverwijzen": ("vraag", {"aanbieder"}),
    "aanbod:voorstel_aanbieder": ("vraag", {"aanbieder"}),
    "aanbod:voorstel_afwachten": ("vraag", {"aanbieder"}),
    # Offers.
    "aanbod:voorstel": ("voorstel", {"medewerker", "coordinator", "aanbieder"}),
    "aanbod:voorstel_intrekken": ("voorstel", {"medewerker", "coordinator", "aanbieder"}),
    "aanbod:toewijzing_annuleren": ("voorstel", {"medewerker", "coordinator", "aanbieder"}),
    "aanbod:antwoord_registreren": ("voorstel", {"medewerker", "coordinator"}),
    # The coordinator.
    "aanbod:beheer_organisatoren": (None, COORDINATOREN),
    "aanbod:beheer_import": (None, COORDINATOREN),
    "aanbod:beheer_organisator": ("organisator", {"coordinator"}),
    "aanbod:beheer_uitnodigen": ("organisator", {"coordinator"}),
    "aanbod:beheer_locatie_nieuw": ("organisator", {"coordinator"}),
    "aanbod:beheer_locatie": ("locatie", {"coordinator"}),
    "aanbod:beheer_toegang_intrekken": ("toegang", {"coordinator"}),
    "rapportage:home": ("loket", {"coordinator"}),
    "rapportage:vragen": ("rapportcel", {"coordinator"}),
    "rapportage:xlsx": ("loket", {"coordinator"}),
    "rapportage:pdf": ("loket", {"coordinator"}),
    "rapportage:import": (None, COORDINATOREN),
    "aanmelding:wisverzoeken": ("loket", {"coordinator"}),
    "aanmelding:wisverzoek": ("wisverzoek", {"coordinator"}),
    "aanmelding:wisverzoek_anonimiseren": ("wisverzoek", {"coordinator"}),
    "aanmelding:wisverzoek_weigeren": ("wisverzoek", {"coordinator"}),
    "aanmelding:audit": ("gezin", {"coordinator"}),
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
        "loket": loket.code,
        "rapportcel": loket.code,
        "vraag": vraag.pk,
        "voorstel": voorstel.pk,
        "locatie": locatie.pk,
        "plaats": VrijePlaatsFactory(locatie=locatie).pk,
        "organisator": locatie.organisator_id,
        "toegang": toegang.pk,
        "gezin": vraag.gezin_id,
        "wisverzoek": Wisverzoek.objects.create(gezin=vraag.gezin, gevraagd_op=timezone.now()).pk,
        "doorverwijzing": Doorverwijzing.objects.create(
            loket=loket, vraag=vraag, organisator=locatie.organisator, locatie=locatie, door=mensen["aanbieder"]
        ).pk,
    }
    return mensen, objecten


@pytest.fixture
def werelden(db):
    mensen_a, objecten_a = wereld("gent", [GENT, DESTELBERGEN], "")
    mensen_b, objecten_b = wereld("antwerpen", [ANTWERPEN], "-b")
    personen = {"anoniem": None, **mensen_a}
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
    if soort == "stap":
        return reverse(naam, kwargs={"code": "kind"})
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


def vraag_aan(client, persoon, methode, url):
    client.logout()
    if persoon is not None:
        client.force_login(persoon)
    return getattr(client, methode)(url)


def toegelaten(response):
    return response.status_code not in (403, 404) and not response.get("Location", "").startswith("/inloggen/")


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
    for persona in PERSONAS:
        response = vraag_aan(client, personen[persona], "get", url)
        assert response.status_code < 500, (naam, persona, response.status_code)
        if persona in toegestaan:
            assert toegelaten(response), (naam, persona, response.status_code, response.get("Location"))
        elif alleen_post:
            assert response.status_code == 405 or geweigerd(response), (naam, persona, response.status_code)
            response = vraag_aan(client, personen[persona], "post", url)
            assert geweigerd(response), (naam, persona, "POST", response.status_code, response.get("Location"))
        else:
            assert geweigerd(response), (naam, persona, response.status_code, response.get("Location"))
    if soort in objecten_b:
        ander_url = url_voor(naam, soort, objecten_b)
        for persona in sorted(toegestaan):
            response = vraag_aan(client, personen[persona], "post" if alleen_post else "get", ander_url)
            assert geweigerd(response), (naam, persona, "world B", response.status_code)
