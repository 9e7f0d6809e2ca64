"""Helpers for the desk and referrer tests: POST data of the one-screen registration."""

import datetime

from django.utils import timezone

from loket.models import Rol
from tests.factories import GebruikerFactory


def weekschema_data(prefix, schema="DDDD---"):
    return {f"{prefix}-weekschema_{i}": code for i, code in enumerate(schema)}


def registratie_data(locatie, *, nieuw_gezin=True, nieuw_kind=True, **extra):
    """A valid registration of Lotte Janssens (born 100 days ago), starting in 60 days, 4 days a week."""
    vandaag = timezone.localdate()
    data = {
        "opvang-gewenste_startdatum": (vandaag + datetime.timedelta(days=60)).isoformat(),
        **weekschema_data("opvang"),
        "voorkeuren-keuze_1": str(locatie.pk),
    }
    if nieuw_kind:
        data.update(
            {
                "kind-voornaam": "Lotte",
                "kind-achternaam": "Janssens",
                "kind-geboren": "ja",
                "kind-geboortedatum": (vandaag - datetime.timedelta(days=100)).isoformat(),
                "kind-rijksregisternummer": "",
            }
        )
    if nieuw_gezin:
        data.update(
            {
                "ouder1-voornaam": "An",
                "ouder1-achternaam": "Janssens",
                "ouder1-email": "an.janssens@example.be",
                "ouder1-telefoon": "0470 11 22 33",
                "ouder1-situatie": "werkt",
                "adres-straat": "Veldstraat 1",
                "adres-postcode": "9000",
                "gezin-taal": "nl",
            }
        )
    data.update(extra)
    return data


def balie_data(locatie, kanaal="telefoon", **extra):
    return registratie_data(locatie, **{"balie-kanaal": kanaal, "balie-privacy_uitgelegd": "on", **extra})


def tweede_toeleider(loket):
    return GebruikerFactory(email="toeleider@caw.be", rol=Rol.TOELEIDER, loket=loket, organisatie="CAW")
