"""Helpers for the parent-side tests: the data of each registration step, and a full run."""

import datetime

from django.utils import timezone

from tests.factories import GENT, gemeente

STAPPEN = ["kind", "gezin", "adres", "opvang", "voorkeuren", "situatie", "privacy"]


def weekschema(schema):
    return {f"weekschema_{i}": code for i, code in enumerate(schema)}


def stapdata(*, locatie=None, voornaam="Lotte", achternaam="Peeters", email="an.peeters@example.be", geboren=None):
    vandaag = timezone.localdate()
    geboren = geboren or vandaag - datetime.timedelta(days=120)
    return {
        "kind": {"voornaam": voornaam, "achternaam": achternaam, "geboren": "ja", "geboortedatum": geboren.isoformat()},
        "gezin": {
            "ouder1-voornaam": "An",
            "ouder1-achternaam": "Peeters",
            "ouder1-email": email,
            "ouder1-telefoon": "0470 12 34 56",
            "ouder1-situatie": "werkt",
            "taal": "nl",
        },
        "adres": {"straat": "Kerkstraat 1", "postcode": "9000"},
        "opvang": {
            "gewenste_startdatum": (vandaag + datetime.timedelta(days=90)).isoformat(),
            "zaterdag": "on",
            **weekschema("DDDV---"),
        },
        "voorkeuren": {"keuze_1": locatie.pk} if locatie else {"voorkeur_gemeente": gemeente(GENT).pk},
        "situatie": {
            "werk_of_opleiding": "ja",
            "werk_vier_vijfde": "ja",
            "alleenstaande_ouder": "nee",
            "laag_inkomen": "ja",
            "dringend_reden": "",
            "specifieke_zorgbehoefte": "nee",
        },
        "privacy": {"toestemming": "on"},
    }


def stappen_invullen(client, data):
    for stap in STAPPEN:
        response = client.post(f"/aanmelden/stap/{stap}/", data[stap])
        assert response.status_code == 302, (stap, response.context and _fouten(response))
    return client.get("/aanmelden/nakijken/")


def aanmelden(client, data):
    """Every step, the summary, and the confirm; returns the confirm's response."""
    overzicht = stappen_invullen(client, data)
    assert overzicht.status_code == 200
    return client.post("/aanmelden/bevestigen/", {"token": overzicht.context["token"]})


def _fouten(response):
    return {
        naam: form.errors
        for naam, form in response.context[-1].flatten().items()
        if hasattr(form, "errors") and hasattr(form, "is_bound") and form.errors
    }
