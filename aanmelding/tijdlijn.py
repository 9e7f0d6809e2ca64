"""A request's timeline in words: the audit log's details (codes, ids, ISO moments) as text for staff.

The desk's request page showed "contactmoment: 1; soort: telefoon_uit; op: 2026-12-05T08:03:00+01:00";
this module makes that "soort: telefoon naar het gezin; op: 05/12/2026 08:03".
"""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aanbod.models import Locatie, Organisator
from loket.models import Gemeente

from .models import (
    ContactSoort,
    DringendReden,
    Gezin,
    IntrekReden,
    Kanaal,
    Opvangvraag,
    Ouder,
    Situatie,
    Taal,
    WeigerReden,
    weekschema_tekst,
)

# Keys of a log row's details that only point at rows the page already shows (the request, the note).
_INTERN = {"vraag", "contactmoment", "notitie", "wisverzoek", "voorkeuren_overgenomen", "ouder"}
_LABELS = {
    "kanaal": gettext_lazy("kanaal"),
    "referentie": gettext_lazy("referentie"),
    "reden": gettext_lazy("reden"),
    "soort": gettext_lazy("soort"),
    "op": gettext_lazy("op"),
    "locatie": gettext_lazy("locatie"),
    "organisator": gettext_lazy("aanbieder"),
    "startdatum": gettext_lazy("startdatum"),
    "voorkeuren": gettext_lazy("voorkeurlocaties"),
    "samengevoegd": gettext_lazy("samengevoegd"),
    "behouden": gettext_lazy("behouden aanvraag"),
    "velden": gettext_lazy("gewijzigd"),
    "pagina": gettext_lazy("pagina"),
    "login_ontkoppeld": gettext_lazy("login van de ouder losgekoppeld"),
}


def tijdlijn_in_woorden(regels):
    """Each log row's details as readable text (`regel.uitleg`, a list of "label: waarde").

    Codes become their labels, moments dates, ids of locations and providers their names (one
    query each for the whole timeline, only when some row names one).
    """
    locatie_ids, organisator_ids, nis_codes = set(), set(), set()
    for regel in regels:
        details = regel.details or {}
        for sleutel in GEMEENTE_VELDEN:
            if isinstance(details.get(sleutel), list):
                nis_codes.update(v for v in details[sleutel] if isinstance(v, str))
        for sleutel in ("locatie",):
            if isinstance(details.get(sleutel), int):
                locatie_ids.add(details[sleutel])
        paar = details.get("voorkeuren")
        if isinstance(paar, list):
            locatie_ids.update(i for lijst in paar if isinstance(lijst, list) for i in lijst if isinstance(i, int))
        if isinstance(details.get("organisator"), int) and not details.get("locatie"):
            organisator_ids.add(details["organisator"])
    namen = {
        "locatie": dict(Locatie.objects.filter(pk__in=locatie_ids).values_list("pk", "naam")) if locatie_ids else {},
        "organisator": (
            dict(Organisator.objects.filter(pk__in=organisator_ids).values_list("pk", "naam"))
            if organisator_ids
            else {}
        ),
    }
    gemeenten = {g.nis: g.naam for g in Gemeente.objects.filter(nis__in=nis_codes)} if nis_codes else {}
    namen.update({veld: gemeenten for veld in GEMEENTE_VELDEN})
    keuzes = {
        "kanaal": dict(Kanaal.choices),
        "soort": dict(ContactSoort.choices),
        "reden": {**dict(IntrekReden.choices), **dict(WeigerReden.choices)},
        "dringend_reden": dict(DringendReden.choices),
        "situatie": dict(Situatie.choices),
        "taal": dict(Taal.choices),
    }
    for regel in regels:
        # Field names are the family's (or a parent's) in a family's rows, else the request's.
        modellen = (Gezin, Ouder, Opvangvraag) if regel.actie.startswith("gezin.") else (Opvangvraag, Gezin)
        regel.uitleg = _details_in_woorden(regel.details or {}, namen, keuzes, modellen)
    return regels


# Municipalities are logged by NIS code (rows from before name them: those show as they are).
GEMEENTE_VELDEN = ("gemeente", "voorkeur_gemeente")


def _veldnaam(veld, modellen=(Opvangvraag, Gezin)):
    if veld in _LABELS:
        return str(_LABELS[veld])
    for model in modellen:
        try:
            return str(model._meta.get_field(veld).verbose_name)
        except FieldDoesNotExist:
            continue
    return veld


def _waarde_in_woorden(veld, waarde, namen, keuzes, modellen):
    if waarde in (None, "", "None"):
        return "–"
    if veld in GEMEENTE_VELDEN:
        return namen[veld].get(waarde, waarde)
    if veld in namen:
        if isinstance(waarde, list):
            return ", ".join(namen[veld].get(i, "?") for i in waarde) or "–"
        return namen[veld].get(waarde, _("verwijderd"))
    if veld == "voorkeuren" and isinstance(waarde, list):
        return ", ".join(namen["locatie"].get(i, "?") for i in waarde) or "–"
    if veld in keuzes:
        return str(keuzes[veld].get(waarde, waarde))
    if veld == "velden" and isinstance(waarde, list):
        return ", ".join(_veldnaam(v, modellen) for v in waarde)
    if veld == "weekschema" and isinstance(waarde, str) and len(waarde) == 7:
        return weekschema_tekst(waarde)
    if waarde in (True, "True"):
        return _("ja")
    if waarde in (False, "False"):
        return _("nee")
    if isinstance(waarde, str):
        try:
            moment = datetime.datetime.fromisoformat(waarde)
        except ValueError:
            return waarde
        if len(waarde) == 10:
            return date_format(moment.date(), "d/m/Y")
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return date_format(moment, "d/m/Y H:i")
    return str(waarde)


def _details_in_woorden(details, namen, keuzes, modellen):
    uitleg = []
    for sleutel, waarde in details.items():
        if sleutel in _INTERN or waarde is None or (sleutel == "organisator" and details.get("locatie")):
            continue
        if sleutel == "waarden" and isinstance(waarde, dict):
            uitleg.extend(_details_in_woorden(waarde, namen, keuzes, modellen))
            continue
        if (
            isinstance(waarde, list)
            and len(waarde) == 2
            and sleutel not in ("velden",)
            and (sleutel != "voorkeuren" or all(isinstance(v, list) for v in waarde))
        ):
            oud, nieuw = (_waarde_in_woorden(sleutel, v, namen, keuzes, modellen) for v in waarde)
            uitleg.append(f"{_veldnaam(sleutel, modellen)}: {oud} → {nieuw}")
            continue
        waarde = _waarde_in_woorden(sleutel, waarde, namen, keuzes, modellen)
        uitleg.append(f"{_veldnaam(sleutel, modellen)}: {waarde}")
    return uitleg
