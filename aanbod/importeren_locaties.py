"""Import of provider locations from an xlsx workbook: shared by `manage.py importeer_locaties` and the upload page.

The sheet `locaties` (or else the first sheet) has a header row and one row per location.
Columns (header names, case and spaces ignored; only the first four are required):

    organisator, naam, type, gemeente, straat, postcode, erkende_plaatsen, inkomenstarief,
    email, telefoon, opgroeien_id, voor_7u, na_18u, zaterdag, zon_en_feestdag,
    leeftijd_van_maanden, leeftijd_tot_maanden, omschrijving, actief

All or nothing: every cell is checked first; any error and nothing is written, and every error
is listed as sheet, row (Excel numbering, header = 1), column and message. A location is the
same as an existing one by `opgroeien_id`, else by organisation name + location name (case
ignored); only the columns present in the file are updated, so importing the same workbook a
second time changes nothing. Organisations are found by name or created; a desk's import (its area
given) finds only organisations the desk works with, and locations by name only in its area. Writes go through the
services (Logregel `locatie.geimporteerd` per created or changed location).
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from loket.cellen import cel_ja_nee
from loket.cellen import cel_tekst as _tekst
from loket.models import Gemeente, Postcode

from .importmeldingen import melding
from .models import AanbodFout, Locatie, LocatieType, Organisator
from .organisatoren import locatie_aanmaken, locatie_wijzigen, organisator_aanmaken

VERPLICHT = ("organisator", "naam", "type", "gemeente")
KOLOMMEN = (
    *VERPLICHT,
    "straat",
    "postcode",
    "erkende_plaatsen",
    "inkomenstarief",
    "email",
    "telefoon",
    "opgroeien_id",
    "voor_7u",
    "na_18u",
    "zaterdag",
    "zon_en_feestdag",
    "leeftijd_van_maanden",
    "leeftijd_tot_maanden",
    "omschrijving",
    "actief",
)
STANDAARD = {
    "straat": "",
    "postcode": "",
    "erkende_plaatsen": 0,
    "inkomenstarief": False,
    "email": "",
    "telefoon": "",
    "opgroeien_id": "",
    "voor_7u": False,
    "na_18u": False,
    "zaterdag": False,
    "zon_en_feestdag": False,
    "leeftijd_van_maanden": 0,
    "leeftijd_tot_maanden": 36,
    "omschrijving": "",
    "actief": True,
}


@dataclass
class Fout:
    blad: str
    rij: int
    kolom: str
    bericht: str

    def __str__(self):
        plaats = f"blad {self.blad}, rij {self.rij}" + (f", kolom {self.kolom}" if self.kolom else "")
        return f"{plaats}: {self.bericht}"


@dataclass
class Resultaat:
    fouten: list = field(default_factory=list)
    aangemaakt: int = 0
    gewijzigd: int = 0
    ongewijzigd: int = 0
    organisatoren_aangemaakt: int = 0

    @property
    def gelukt(self):
        return not self.fouten


class _Ongeldig(Exception):
    pass


def _ja_nee(waarde):
    ja = cel_ja_nee(waarde)
    if ja is None:
        raise _Ongeldig(melding("ja_of_nee"))
    return ja


def _geheel_getal(waarde, *, minimum, maximum, standaard):
    if waarde is None or _tekst(waarde) == "":
        return standaard
    if isinstance(waarde, bool) or isinstance(waarde, datetime.date):
        raise _Ongeldig(melding("geheel_getal"))
    try:
        getal = float(str(waarde).strip().replace(",", "."))
    except ValueError:
        raise _Ongeldig(melding("geheel_getal")) from None
    if not getal.is_integer():
        raise _Ongeldig(melding("geheel_getal"))
    if not minimum <= getal <= maximum:
        raise _Ongeldig(melding("getal_tussen", minimum=minimum, maximum=maximum))
    return int(getal)


def _lengte(tekst, maximum):
    if len(tekst) > maximum:
        raise _Ongeldig(melding("hoogstens_tekens", maximum=maximum))
    return tekst


class _Lezer:
    def __init__(self, *, gemeenten):
        self.gemeente_cache = {}
        self.gebied = set(gemeenten.values_list("pk", flat=True)) if gemeenten is not None else None
        self.postcodes = {}
        for code, gemeente_id in Postcode.objects.values_list("code", "gemeente_id"):
            self.postcodes.setdefault(gemeente_id, set()).add(code)

    def gemeente(self, waarde):
        tekst = _tekst(waarde)
        if not tekst:
            raise _Ongeldig(melding("gemeente_verplicht"))
        if tekst not in self.gemeente_cache:
            self.gemeente_cache[tekst] = Gemeente.zoek(tekst)
        gemeente = self.gemeente_cache[tekst]
        if gemeente is None:
            raise _Ongeldig(melding("gemeente_onbekend", gemeente=tekst))
        if self.gebied is not None and gemeente.pk not in self.gebied:
            raise _Ongeldig(melding("gemeente_buiten_gebied", gemeente=gemeente))
        return gemeente

    def waarde(self, kolom, ruw):
        """The cleaned value of one cell, or _Ongeldig with a message."""
        if kolom in ("organisator", "naam"):
            tekst = _tekst(ruw)
            if not tekst:
                raise _Ongeldig(melding("verplicht"))
            return _lengte(tekst, 200)
        if kolom == "type":
            tekst = _tekst(ruw).lower()
            if tekst not in LocatieType.values:
                raise _Ongeldig(melding("type_opvang"))
            return tekst
        if kolom == "gemeente":
            return self.gemeente(ruw)
        if kolom == "postcode":
            tekst = _tekst(ruw)
            if tekst and not re.fullmatch(r"\d{4}", tekst):
                raise _Ongeldig(melding("postcode_cijfers"))
            return tekst
        if kolom == "erkende_plaatsen":
            return _geheel_getal(ruw, minimum=0, maximum=500, standaard=0)
        if kolom in ("leeftijd_van_maanden", "leeftijd_tot_maanden"):
            return _geheel_getal(ruw, minimum=0, maximum=72, standaard=STANDAARD[kolom])
        if kolom in ("inkomenstarief", "voor_7u", "na_18u", "zaterdag", "zon_en_feestdag"):
            return _ja_nee(ruw)
        if kolom == "actief":
            return True if _tekst(ruw) == "" else _ja_nee(ruw)
        if kolom == "email":
            tekst = _tekst(ruw).lower()
            if tekst:
                try:
                    validate_email(tekst)
                except ValidationError:
                    raise _Ongeldig(melding("email_ongeldig", email=tekst)) from None
            return tekst
        if kolom == "opgroeien_id":
            tekst = _tekst(ruw)
            if tekst and not re.fullmatch(r"[0-9A-Za-z-]{1,20}", tekst):
                raise _Ongeldig(melding("opgroeien_id"))
            return tekst
        if kolom == "telefoon":
            return _lengte(_tekst(ruw), 50)
        if kolom == "straat":
            return _lengte(_tekst(ruw), 200)
        return _tekst(ruw)  # omschrijving


def _normaliseer_kop(waarde):
    return re.sub(r"[\s-]+", "_", _tekst(waarde).lower())


def _werkblad(boek):
    for blad in boek.worksheets:
        if blad.title.strip().lower() == "locaties":
            return blad
    return boek.worksheets[0]


def locaties_importeren(bestand, *, door=None, gemeenten=None, loket=None):
    """Validate the workbook `bestand` (a path or file object) and, if it has no error, write it.

    `gemeenten` (a queryset) limits the municipalities a location may lie in, and the existing
    locations it may change (a coordinator: their desks' area). `loket` is remembered on new
    organisations. Returns a Resultaat: the errors (then nothing was written) or the counts.
    """
    resultaat = Resultaat()
    try:
        boek = load_workbook(bestand, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        resultaat.fouten.append(Fout("", 0, "", melding("geen_xlsx")))
        return resultaat
    try:
        blad = _werkblad(boek)
        rijen = list(blad.iter_rows(values_only=True))
    finally:
        boek.close()
    formules = _formulecellen(bestand, blad.title)
    naam_blad = blad.title
    if not rijen:
        resultaat.fouten.append(Fout(naam_blad, 1, "", melding("blad_leeg")))
        return resultaat

    kolommen = {}
    for index, kop in enumerate(rijen[0]):
        naam = _normaliseer_kop(kop)
        letter = get_column_letter(index + 1)
        if not naam:
            continue
        if naam not in KOLOMMEN:
            resultaat.fouten.append(Fout(naam_blad, 1, letter, melding("onbekende_kolom", kolom=_tekst(kop))))
        elif naam in kolommen:
            resultaat.fouten.append(Fout(naam_blad, 1, letter, melding("kolom_twee_keer", kolom=naam)))
        else:
            kolommen[naam] = index
    for naam in VERPLICHT:
        if naam not in kolommen:
            resultaat.fouten.append(Fout(naam_blad, 1, "", melding("verplichte_kolom_ontbreekt", kolom=naam)))
    if resultaat.fouten:
        return resultaat

    lezer = _Lezer(gemeenten=gemeenten)
    gelezen = []
    sleutels = {}
    for rijnummer, rij in enumerate(rijen[1:], start=2):
        if all(_tekst(cel) == "" for cel in rij):
            continue
        waarden, fout_in_rij = {}, False
        for naam, index in kolommen.items():
            ruw = rij[index] if index < len(rij) else None
            try:
                if ruw is None and (rijnummer, index) in formules:
                    raise _Ongeldig(melding("formule_zonder_waarde"))
                waarden[naam] = lezer.waarde(naam, ruw)
            except _Ongeldig as fout:
                letter = get_column_letter(index + 1)
                resultaat.fouten.append(Fout(naam_blad, rijnummer, f"{letter} ({naam})", str(fout)))
                fout_in_rij = True
        if fout_in_rij:
            continue
        van = waarden.get("leeftijd_van_maanden", STANDAARD["leeftijd_van_maanden"])
        tot = waarden.get("leeftijd_tot_maanden", STANDAARD["leeftijd_tot_maanden"])
        if van > tot:
            kolom = (
                f"{get_column_letter(kolommen.get('leeftijd_tot_maanden', kolommen.get('leeftijd_van_maanden')) + 1)}"
            )
            resultaat.fouten.append(Fout(naam_blad, rijnummer, kolom, melding("leeftijden")))
            continue
        postcode = waarden.get("postcode")
        codes = lezer.postcodes.get(waarden["gemeente"].pk)
        if postcode and codes and postcode not in codes:
            letter = get_column_letter(kolommen["postcode"] + 1)
            resultaat.fouten.append(
                Fout(
                    naam_blad,
                    rijnummer,
                    f"{letter} (postcode)",
                    melding("postcode_gemeente", postcode=postcode, gemeente=waarden["gemeente"]),
                )
            )
            continue
        eigen_sleutels = [("naam", waarden["organisator"].lower(), waarden["naam"].lower())]
        if waarden.get("opgroeien_id"):
            eigen_sleutels.append(("id", waarden["opgroeien_id"]))
        dubbel = next((sleutels[sleutel] for sleutel in eigen_sleutels if sleutel in sleutels), None)
        if dubbel is not None:
            resultaat.fouten.append(Fout(naam_blad, rijnummer, "", melding("locatie_dubbel", rij=dubbel)))
            continue
        for sleutel in eigen_sleutels:
            sleutels[sleutel] = rijnummer
        gelezen.append((rijnummer, waarden))

    bestaande = _bestaande_locaties(gelezen, gebied=lezer.gebied)
    if lezer.gebied is not None:
        for rijnummer, waarden in gelezen:
            locatie = _zoek_bestaande(bestaande, waarden)
            if locatie is not None and locatie.gemeente_id not in lezer.gebied:
                resultaat.fouten.append(Fout(naam_blad, rijnummer, "", melding("locatie_buiten_gebied")))
    if resultaat.fouten:
        return resultaat

    try:
        with transaction.atomic():
            _schrijven(gelezen, bestaande, resultaat, door=door, loket=loket, kolommen=kolommen, gebied=lezer.gebied)
    except AanbodFout as fout:
        resultaat.fouten.append(Fout(naam_blad, 0, "", str(fout)))
        resultaat.aangemaakt = resultaat.gewijzigd = resultaat.ongewijzigd = resultaat.organisatoren_aangemaakt = 0
    return resultaat


def _formulecellen(bestand, titel):
    """(row number, column index) of every formula cell of the sheet `titel`.

    The import reads each formula's last computed value (data_only); a workbook that no spreadsheet
    program computed (one written by a script) holds none, and the cell would read as empty. Those
    cells are refused instead of being stored as nothing without a word.
    """
    if hasattr(bestand, "seek"):
        bestand.seek(0)
    boek = load_workbook(bestand, read_only=True, data_only=False)
    try:
        return {
            (rijnummer, index)
            for rijnummer, rij in enumerate(boek[titel].iter_rows(), start=1)
            for index, cel in enumerate(rij)
            if getattr(cel, "data_type", None) == "f"
        }
    finally:
        boek.close()


def _bestaande_locaties(gelezen, *, gebied):
    """Existing locations by Opgroeien id (one real location, wherever it lies) and by organisation
    + location name; for a desk's import (`gebied` set) the names only match in its area."""
    ids = {waarden["opgroeien_id"] for _rij, waarden in gelezen if waarden.get("opgroeien_id")}
    namen = {waarden["naam"].lower() for _rij, waarden in gelezen}
    per_id = {locatie.opgroeien_id: locatie for locatie in Locatie.objects.filter(opgroeien_id__in=ids)}
    per_naam = {}
    op_naam = Locatie.objects.all() if gebied is None else Locatie.objects.filter(gemeente__in=gebied)
    for locatie in (
        op_naam.annotate(naam_klein=Lower("naam"))
        .filter(naam_klein__in=namen)
        .select_related("organisator")
        .order_by("pk")
    ):
        per_naam.setdefault((locatie.organisator.naam.lower(), locatie.naam.lower()), locatie)
    return per_id, per_naam


def _zoek_bestaande(bestaande, waarden):
    per_id, per_naam = bestaande
    if waarden.get("opgroeien_id") and waarden["opgroeien_id"] in per_id:
        return per_id[waarden["opgroeien_id"]]
    return per_naam.get((waarden["organisator"].lower(), waarden["naam"].lower()))


def _schrijven(gelezen, bestaande, resultaat, *, door, loket, kolommen, gebied):
    # A desk's import (`gebied` set) finds an organisation by name only among those the desk works
    # with (a location in its area, or added by it): a namesake of another desk is another organisation.
    if gebied is None:
        kandidaten = Organisator.objects.all()
    else:
        kandidaten = Organisator.objects.filter(
            Q(Exists(Locatie.objects.filter(organisator=OuterRef("pk"), gemeente__in=gebied)))
            | Q(loket=loket, loket__isnull=False)
        )
    organisatoren = {}
    for organisator in (
        kandidaten.annotate(naam_klein=Lower("naam"))
        .filter(naam_klein__in={waarden["organisator"].lower() for _rij, waarden in gelezen})
        .order_by("pk")
    ):
        organisatoren.setdefault(organisator.naam.lower(), organisator)
    for _rijnummer, waarden in gelezen:
        sleutel = waarden["organisator"].lower()
        organisator = organisatoren.get(sleutel)
        if organisator is None:
            organisator = organisator_aanmaken(door=door, naam=waarden["organisator"], loket=loket)
            organisatoren[sleutel] = organisator
            resultaat.organisatoren_aangemaakt += 1
        velden = {naam: waarden[naam] for naam in kolommen if naam not in ("organisator",)}
        locatie = _zoek_bestaande(bestaande, waarden)
        if locatie is None:
            naam, type_, gemeente = velden.pop("naam"), velden.pop("type"), velden.pop("gemeente")
            locatie_aanmaken(
                organisator=organisator,
                door=door,
                naam=naam,
                type=type_,
                gemeente=gemeente,
                actie="locatie.geimporteerd",
                **velden,
            )
            resultaat.aangemaakt += 1
            continue
        if locatie.organisator_id != organisator.pk:
            velden["organisator"] = organisator
        if locatie.na_te_kijken:
            velden["na_te_kijken"] = False
        if locatie_wijzigen(locatie=locatie, door=door, actie="locatie.geimporteerd", **velden):
            resultaat.gewijzigd += 1
        else:
            resultaat.ongewijzigd += 1
