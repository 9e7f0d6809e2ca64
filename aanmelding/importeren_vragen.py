"""Import of a desk's existing request list (DESIGN.md, "Import of existing lists").

One workbook, sheets `loket`, `vragen` and `voorstellen`. All or nothing: every cell is checked
first and any problem refuses the whole workbook (`ImportGeweigerd` with every error as sheet,
row, column, message) before anything is written. Idempotent: a request whose `referentie`
already exists at the desk is left as it is, an offer is keyed on (request, location,
voorgesteld_op), so importing the same workbook again changes nothing.

Why this writes rows directly instead of calling opvangvraag_indienen / voorstel_doen per row:
those services model the live life cycle (they mail the family, refuse a start date in the past,
allow one transition at a time). Imported history is already over, and a desk may bring 5,000
rows, so this module is the import's own service: it derives every status from the history in
the workbook (the rules of DESIGN.md's life cycle for imported history), writes with
bulk_create in one transaction, sends no mail, and writes one Logregel `opvangvraag.geimporteerd`
per new request (so each request's own history says where it came from) plus one summary
Logregel `import.vragen` on the desk.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from aanbod.importmeldingen import melding
from aanbod.models import Locatie, LocatieType, Organisator
from loket.cellen import cel_ja_nee
from loket.cellen import cel_tekst as _tekst
from loket.logboek import logregel_schrijven
from loket.models import Gemeente, Logregel, Loket

from .models import (
    Antwoord,
    Gezin,
    IntrekReden,
    Kanaal,
    Kind,
    Opvangvoorstel,
    Opvangvraag,
    Ouder,
    VoorstelStatus,
    VraagStatus,
    lock_loketten,
)
from .telvelden import telvelden_bijwerken

ONBEKENDE_ORGANISATOR = "Onbekende organisator (import)"
KWETSBAAR_REDEN = "ingevoerde lijst"

VRAGEN_KOLOMMEN = [
    "referentie",
    "kind_voornaam",
    "kind_achternaam",
    "kind_geboortedatum",
    "ouder_naam",
    "ouder_email",
    "ouder_telefoon",
    "gemeente",
    "ingediend_op",
    "gewenste_startdatum",
    "dagen_per_week",
    "dringend",
    "atypisch",
    "voorrangsgroep",
    "kwetsbaar_gezin",
    "specifieke_zorgbehoefte",
    "geannuleerd_op",
    "annulatie_reden",
]
VRAGEN_VERPLICHT = [
    "referentie",
    "kind_voornaam",
    "kind_achternaam",
    "kind_geboortedatum",
    "ingediend_op",
    "gewenste_startdatum",
    "dagen_per_week",
]
VOORSTELLEN_KOLOMMEN = [
    "vraag_referentie",
    "locatie",
    "voorgesteld_op",
    "startdatum",
    "dagen_per_week",
    "antwoord",
    "beantwoord_op",
]
VOORSTELLEN_VERPLICHT = ["vraag_referentie", "locatie", "voorgesteld_op"]
LOKET_SLEUTELS = ["code", "organisator", "naam", "dossiernummer", "werkingsgebied"]


@dataclass(frozen=True)
class Fout:
    """One problem in the workbook; `rij` is the row number as Excel shows it."""

    blad: str
    rij: int
    kolom: str
    bericht: str

    def __str__(self):
        plaats = f"{self.blad} rij {self.rij}" if self.rij else self.blad
        return f"{plaats}, kolom {self.kolom}: {self.bericht}" if self.kolom else f"{plaats}: {self.bericht}"


class ImportGeweigerd(Exception):
    """The workbook was refused; nothing was written. `fouten` lists every problem."""

    def __init__(self, fouten):
        super().__init__("\n".join(str(f) for f in fouten))
        self.fouten = fouten


@dataclass
class ImportResultaat:
    loket: Loket
    loket_nieuw: bool = False
    nieuwe_vragen: int = 0
    bestaande_vragen: int = 0
    nieuwe_voorstellen: int = 0
    bestaande_voorstellen: int = 0
    overgeslagen_voorstellen: int = 0
    nieuwe_locaties: list = field(default_factory=list)
    dubbels: list = field(default_factory=list)

    def samenvatting(self):
        tekst = (
            f"{self.loket.naam}: {self.nieuwe_vragen} nieuwe vragen, "
            f"{self.bestaande_vragen} al aanwezig (ongewijzigd); "
            f"{self.nieuwe_voorstellen} nieuwe voorstellen, {self.bestaande_voorstellen} al aanwezig"
        )
        if self.overgeslagen_voorstellen:
            tekst += f", {self.overgeslagen_voorstellen} overgeslagen (bij een vraag die al bestond)"
        if self.nieuwe_locaties:
            tekst += f"; nieuwe locaties na te kijken: {', '.join(self.nieuwe_locaties)}"
        if self.dubbels:
            tekst += f"; {len(self.dubbels)} kinderen staan er waarschijnlijk meer dan één keer in"
        return tekst + "."


# --- reading cells -------------------------------------------------------------------------


class _Celfout(Exception):
    pass


# Every date of a request list lies in these years (birth dates included). Outside them a date
# is a typing error, and the extremes do not survive the conversion to UTC or date arithmetic
# (0001-01-01 in Belgian time is a moment in year 0: "timestamp too small").
EERSTE_JAAR, LAATSTE_JAAR = 1900, 2100


def _binnen_jaren(datum, waarde):
    if not EERSTE_JAAR <= datum.year <= LAATSTE_JAAR:
        raise _Celfout(melding("jaar_buiten_bereik", waarde=_tekst(waarde), van=EERSTE_JAAR, tot=LAATSTE_JAAR))


def _datum(waarde):
    if isinstance(waarde, datetime.datetime):
        datum = waarde.date()
    elif isinstance(waarde, datetime.date):
        datum = waarde
    else:
        tekst = _tekst(waarde)
        try:
            datum = datetime.date.fromisoformat(tekst)
        except ValueError:
            raise _Celfout(melding("geen_datum", waarde=tekst)) from None
    _binnen_jaren(datum, waarde)
    return datum


def _moment(waarde):
    """An Excel date/datetime or ISO text as an aware datetime in Belgian time (a date: midnight)."""
    if isinstance(waarde, datetime.datetime):
        moment = waarde
    elif isinstance(waarde, datetime.date):
        moment = datetime.datetime.combine(waarde, datetime.time.min)
    else:
        tekst = _tekst(waarde)
        try:
            moment = datetime.datetime.fromisoformat(tekst)
        except ValueError:
            raise _Celfout(melding("geen_datum", waarde=tekst)) from None
    _binnen_jaren(moment, waarde)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def _ja_nee(waarde):
    ja = cel_ja_nee(waarde)
    if ja is None:
        raise _Celfout(melding("geen_ja_of_nee", waarde=_tekst(waarde)))
    return ja


def _dagen(waarde):
    tekst = _tekst(waarde).replace(",", ".")
    try:
        dagen = Decimal(tekst)
    except InvalidOperation:
        raise _Celfout(melding("geen_aantal_dagen", waarde=_tekst(waarde))) from None
    if not dagen.is_finite():  # NaN cannot be compared, Infinity is no number of days
        raise _Celfout(melding("geen_aantal_dagen", waarde=_tekst(waarde)))
    if not (0 <= dagen <= 7) or (dagen * 2) % 1:
        raise _Celfout(melding("dagen_buiten_bereik", waarde=_tekst(waarde)))
    return dagen.quantize(Decimal("0.1"))


def _naam(waarde, *, maximum=100):
    tekst = _tekst(waarde)
    if len(tekst) > maximum:
        raise _Celfout(melding("langer_dan", maximum=maximum))
    return tekst


# --- validation ------------------------------------------------------------------------------


@dataclass
class _Vraagrij:
    rij: int
    referentie: str
    voornaam: str
    achternaam: str
    geboortedatum: datetime.date
    ouder_naam: str
    ouder_email: str
    ouder_telefoon: str
    gemeente: Gemeente | None
    ingediend_op: datetime.datetime
    gewenste_startdatum: datetime.date
    dagen: Decimal
    dringend: bool
    atypisch: bool
    voorrangsgroep: bool
    kwetsbaar: bool
    zorg: bool
    geannuleerd_op: datetime.datetime | None
    annulatie_reden: str


@dataclass
class _Voorstelrij:
    rij: int
    vraag_referentie: str
    locatie: str
    voorgesteld_op: datetime.datetime
    startdatum: datetime.date | None
    dagen: Decimal | None
    antwoord: str
    beantwoord_op: datetime.datetime | None


class _Lezer:
    """Checks a whole workbook, collecting every error, and keeps the parsed rows."""

    def __init__(self, werkboek):
        self.werkboek = werkboek
        self.fouten = []
        self.gemeenten = {}

    def fout(self, blad, rij, kolom, bericht):
        self.fouten.append(Fout(blad, rij, kolom, bericht))

    def gemeente(self, waarde):
        sleutel = _tekst(waarde)
        if sleutel not in self.gemeenten:
            self.gemeenten[sleutel] = Gemeente.zoek(sleutel)
        return self.gemeenten[sleutel]

    def blad(self, naam, verplicht=True):
        if naam in self.werkboek.sheetnames:
            return self.werkboek[naam]
        if verplicht:
            self.fout(naam, 0, "", melding("tabblad_ontbreekt"))
        return None

    def loket(self):
        blad = self.blad("loket")
        if blad is None:
            return None
        gegevens, rijen = {}, {}
        for nummer, rij in enumerate(blad.iter_rows(values_only=True), start=1):
            if not rij or all(c is None for c in rij):
                continue
            sleutel = _tekst(rij[0]).lower()
            waarde = rij[1] if len(rij) > 1 else None
            if sleutel not in LOKET_SLEUTELS:
                self.fout("loket", nummer, "A", melding("onbekende_sleutel", sleutel=_tekst(rij[0])))
                continue
            gegevens[sleutel], rijen[sleutel] = waarde, nummer
        code = _tekst(gegevens.get("code"))
        if not code:
            self.fout("loket", rijen.get("code", 0), "B", melding("code_ontbreekt"))
        elif not re.fullmatch(r"[-a-zA-Z0-9_]+", code) or len(code) > 50:
            self.fout("loket", rijen["code"], "B", melding("code_ongeldig", code=code))
        uit = {"code": code}
        for sleutel in ("naam", "organisator"):
            if sleutel in gegevens:
                uit[sleutel] = _tekst(gegevens[sleutel])[:200]
        if "dossiernummer" in gegevens:
            nummer = _tekst(gegevens["dossiernummer"])
            if not re.fullmatch(r"[0-9]{0,10}", nummer):
                self.fout("loket", rijen["dossiernummer"], "B", melding("dossiernummer_ongeldig", nummer=nummer))
            uit["dossiernummer"] = nummer
        if "werkingsgebied" in gegevens:
            gemeenten = []
            for deel in _tekst(gegevens["werkingsgebied"]).split(","):
                if not deel.strip():
                    continue
                gemeente = self.gemeente(deel)
                if gemeente is None:
                    self.fout(
                        "loket", rijen["werkingsgebied"], "B", melding("geen_gekende_gemeente", gemeente=deel.strip())
                    )
                elif gemeente not in gemeenten:
                    gemeenten.append(gemeente)
            uit["werkingsgebied"] = gemeenten
        return uit

    def kop(self, blad, naam, kolommen, verplicht):
        rijen = blad.iter_rows(values_only=True)
        kop = next(rijen, None) or ()
        namen = [_tekst(c).lower() for c in kop]
        for positie, kolom in enumerate(namen):
            if kolom and kolom not in kolommen:
                self.fout(naam, 1, kolom, melding("kolom_onbekend"))
            if kolom and namen.index(kolom) != positie:
                self.fout(naam, 1, kolom, melding("kolom_dubbel"))
        for kolom in verplicht:
            if kolom not in namen:
                self.fout(naam, 1, kolom, melding("kolom_ontbreekt"))
        return namen, rijen

    def cel(self, blad, rij, kolom, omzetting, waarde, *, verplicht=False):
        if waarde is None or _tekst(waarde) == "":
            if verplicht:
                self.fout(blad, rij, kolom, melding("is_verplicht"))
            return None
        try:
            return omzetting(waarde)
        except _Celfout as fout:
            self.fout(blad, rij, kolom, str(fout))
            return None

    def vragen(self):
        blad = self.blad("vragen")
        if blad is None:
            return []
        namen, rijen = self.kop(blad, "vragen", VRAGEN_KOLOMMEN, VRAGEN_VERPLICHT)
        uit, gezien = [], {}
        for nummer, rij in enumerate(rijen, start=2):
            if not rij or all(c is None or _tekst(c) == "" for c in rij):
                continue
            waarden = {kolom: (rij[i] if i < len(rij) else None) for i, kolom in enumerate(namen) if kolom}
            fouten_voor = len(self.fouten)

            def c(kolom, omzetting, verplicht=False, nummer=nummer, waarden=waarden):
                return self.cel("vragen", nummer, kolom, omzetting, waarden.get(kolom), verplicht=verplicht)

            referentie = c("referentie", lambda w: _naam(w, maximum=40), verplicht=True)
            if referentie and referentie in gezien:
                self.fout(
                    "vragen",
                    nummer,
                    "referentie",
                    melding("referentie_dubbel", referentie=referentie, rij=gezien[referentie]),
                )
            elif referentie:
                gezien[referentie] = nummer
            email = c("ouder_email", _tekst) or ""
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    self.fout("vragen", nummer, "ouder_email", melding("geen_geldig_email", email=email))
            gemeente = None
            if _tekst(waarden.get("gemeente")):
                gemeente = self.gemeente(waarden["gemeente"])
                if gemeente is None:
                    self.fout(
                        "vragen",
                        nummer,
                        "gemeente",
                        melding("geen_gekende_gemeente", gemeente=_tekst(waarden["gemeente"])),
                    )
            geannuleerd_op = c("geannuleerd_op", _moment)
            reden = _tekst(waarden.get("annulatie_reden")).lower()
            if reden and reden not in IntrekReden.values:
                keuzes = ", ".join(IntrekReden.values)
                self.fout("vragen", nummer, "annulatie_reden", melding("geen_reden", reden=reden, keuzes=keuzes))
            if reden and geannuleerd_op is None and not _tekst(waarden.get("geannuleerd_op")):
                self.fout("vragen", nummer, "geannuleerd_op", melding("ontbreekt_bij", kolom="annulatie_reden"))
            if geannuleerd_op is not None and not reden:
                self.fout("vragen", nummer, "annulatie_reden", melding("ontbreekt_bij", kolom="geannuleerd_op"))
            vraag = _Vraagrij(
                rij=nummer,
                referentie=referentie,
                voornaam=c("kind_voornaam", _naam, verplicht=True),
                achternaam=c("kind_achternaam", _naam, verplicht=True),
                geboortedatum=c("kind_geboortedatum", _datum, verplicht=True),
                ouder_naam=c("ouder_naam", lambda w: _naam(w, maximum=200)) or "",
                ouder_email=email,
                ouder_telefoon=c("ouder_telefoon", lambda w: _naam(w, maximum=50)) or "",
                gemeente=gemeente,
                ingediend_op=c("ingediend_op", _moment, verplicht=True),
                gewenste_startdatum=c("gewenste_startdatum", _datum, verplicht=True),
                dagen=c("dagen_per_week", _dagen, verplicht=True),
                dringend=c("dringend", _ja_nee) or False,
                atypisch=c("atypisch", _ja_nee) or False,
                voorrangsgroep=c("voorrangsgroep", _ja_nee) or False,
                kwetsbaar=c("kwetsbaar_gezin", _ja_nee) or False,
                zorg=c("specifieke_zorgbehoefte", _ja_nee) or False,
                geannuleerd_op=geannuleerd_op,
                annulatie_reden=reden,
            )
            if len(self.fouten) == fouten_voor and vraag.geannuleerd_op and vraag.geannuleerd_op < vraag.ingediend_op:
                self.fout("vragen", nummer, "geannuleerd_op", melding("ligt_voor", kolom="ingediend_op"))
            uit.append(vraag)
        return uit

    def voorstellen(self, referenties):
        blad = self.blad("voorstellen", verplicht=False)
        if blad is None:
            return []
        namen, rijen = self.kop(blad, "voorstellen", VOORSTELLEN_KOLOMMEN, VOORSTELLEN_VERPLICHT)
        uit, sleutels = [], {}
        for nummer, rij in enumerate(rijen, start=2):
            if not rij or all(c is None or _tekst(c) == "" for c in rij):
                continue
            waarden = {kolom: (rij[i] if i < len(rij) else None) for i, kolom in enumerate(namen) if kolom}

            def c(kolom, omzetting, verplicht=False, nummer=nummer, waarden=waarden):
                return self.cel("voorstellen", nummer, kolom, omzetting, waarden.get(kolom), verplicht=verplicht)

            referentie = c("vraag_referentie", _tekst, verplicht=True)
            if referentie and referentie not in referenties:
                self.fout(
                    "voorstellen", nummer, "vraag_referentie", melding("referentie_onbekend", referentie=referentie)
                )
            antwoord = _tekst(waarden.get("antwoord")).lower()
            if antwoord not in ("", Antwoord.AANVAARD, Antwoord.GEWEIGERD):
                self.fout("voorstellen", nummer, "antwoord", melding("geen_antwoord", antwoord=antwoord))
            voorstel = _Voorstelrij(
                rij=nummer,
                vraag_referentie=referentie,
                locatie=c("locatie", lambda w: _naam(w, maximum=200), verplicht=True),
                voorgesteld_op=c("voorgesteld_op", _moment, verplicht=True),
                startdatum=c("startdatum", _datum),
                dagen=c("dagen_per_week", _dagen),
                antwoord=antwoord,
                beantwoord_op=c("beantwoord_op", _moment),
            )
            if antwoord and voorstel.beantwoord_op is None and not _tekst(waarden.get("beantwoord_op")):
                self.fout("voorstellen", nummer, "beantwoord_op", melding("ontbreekt_bij", kolom="antwoord"))
            if not antwoord and voorstel.beantwoord_op is not None:
                self.fout("voorstellen", nummer, "antwoord", melding("ontbreekt_bij", kolom="beantwoord_op"))
            if voorstel.beantwoord_op and voorstel.voorgesteld_op and voorstel.beantwoord_op < voorstel.voorgesteld_op:
                self.fout("voorstellen", nummer, "beantwoord_op", melding("ligt_voor", kolom="voorgesteld_op"))
            sleutel = (referentie, (voorstel.locatie or "").lower(), voorstel.voorgesteld_op)
            if all(sleutel) and sleutel in sleutels:
                self.fout("voorstellen", nummer, "voorgesteld_op", melding("voorstel_dubbel", rij=sleutels[sleutel]))
            elif all(sleutel):
                sleutels[sleutel] = nummer
            uit.append(voorstel)
        return uit


def werkboek_lezen(bestand):
    """Check a workbook without writing: (loket data, request rows, offer rows), or ImportGeweigerd."""
    from openpyxl import load_workbook

    try:
        werkboek = load_workbook(bestand, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportGeweigerd([Fout("bestand", 0, "", melding("geen_xlsx"))]) from None
    try:
        lezer = _Lezer(werkboek)
        loket = lezer.loket()
        vragen = lezer.vragen()
        voorstellen = lezer.voorstellen({v.referentie for v in vragen if v.referentie})
        ingetrokken = {v.referentie: v.geannuleerd_op for v in vragen if v.geannuleerd_op}
        for voorstel in voorstellen:
            moment = ingetrokken.get(voorstel.vraag_referentie)
            if moment and voorstel.voorgesteld_op and voorstel.voorgesteld_op > moment:
                lezer.fout("voorstellen", voorstel.rij, "voorgesteld_op", melding("na_annulatie"))
            elif moment and voorstel.beantwoord_op and voorstel.beantwoord_op > moment:
                lezer.fout("voorstellen", voorstel.rij, "beantwoord_op", melding("na_annulatie"))
    finally:
        werkboek.close()
    if lezer.fouten:
        raise ImportGeweigerd(lezer.fouten)
    return loket, vragen, voorstellen


# --- writing ---------------------------------------------------------------------------------


def _statussen(vraag, voorstellen):
    """DESIGN.md for imported history: the offers' statuses and the request's, from the rows.

    Every offer keeps its answer; an unanswered offer that is not the latest is `verlopen`; of
    several accepted offers only the one answered last stays `aanvaard`, the earlier ones are
    `geannuleerd` at the moment of the later acceptance. A withdrawn request's standing
    assignment or open offer is closed at the withdrawal. The request is `ingetrokken` when
    withdrawn, else `toegewezen` when an accepted offer stands, `voorstel` when the latest offer
    is open, else `in_behandeling`.
    """
    volgorde = sorted(voorstellen, key=lambda v: (v.voorgesteld_op, v.rij))
    aanvaard = sorted(
        (v for v in volgorde if v.antwoord == Antwoord.AANVAARD),
        key=lambda v: (v.beantwoord_op, v.voorgesteld_op, v.rij),
    )
    staat = {}
    for nummer, voorstel in enumerate(volgorde):
        velden = {"status": VoorstelStatus.OPEN, "afgesloten_op": None, "afsluit_reden": ""}
        if voorstel.antwoord == Antwoord.GEWEIGERD:
            velden["status"] = VoorstelStatus.GEWEIGERD
        elif voorstel.antwoord == Antwoord.AANVAARD:
            velden["status"] = VoorstelStatus.AANVAARD
            latere = aanvaard[aanvaard.index(voorstel) + 1 :]
            if latere:
                velden.update(
                    status=VoorstelStatus.GEANNULEERD,
                    afgesloten_op=latere[0].beantwoord_op,
                    afsluit_reden="Vervangen door een latere toewijzing (ingevoerde lijst).",
                )
        elif nummer < len(volgorde) - 1:
            velden.update(status=VoorstelStatus.VERLOPEN, afgesloten_op=volgorde[nummer + 1].voorgesteld_op)
        staat[voorstel.rij] = velden
    if vraag.geannuleerd_op is not None:
        for velden in staat.values():
            if velden["status"] == VoorstelStatus.AANVAARD:
                velden.update(
                    status=VoorstelStatus.GEANNULEERD,
                    afgesloten_op=vraag.geannuleerd_op,
                    afsluit_reden="De aanvraag werd ingetrokken (ingevoerde lijst).",
                )
            elif velden["status"] == VoorstelStatus.OPEN:
                velden.update(
                    status=VoorstelStatus.INGETROKKEN,
                    afgesloten_op=vraag.geannuleerd_op,
                    afsluit_reden="De aanvraag werd ingetrokken.",
                )
        return staat, VraagStatus.INGETROKKEN
    if any(v["status"] == VoorstelStatus.AANVAARD for v in staat.values()):
        return staat, VraagStatus.TOEGEWEZEN
    if volgorde and staat[volgorde[-1].rij]["status"] == VoorstelStatus.OPEN:
        return staat, VraagStatus.VOORSTEL
    return staat, VraagStatus.IN_BEHANDELING


def _ouder_namen(naam):
    delen = naam.split(maxsplit=1)
    if len(delen) == 2:
        return delen[0][:100], delen[1][:100]
    return "", naam[:100]


def vragen_importeren(*, bestand, door=None, loketten=None):
    """Import a workbook of existing requests (see the module docstring). Returns an ImportResultaat.

    `loketten`: the desks `door` may import into (a coordinator's); None allows creating a desk
    and changing its area (platform administrator, the command). Raises ImportGeweigerd, having
    written nothing, for any invalid cell or a desk the user may not import into. Side effects:
    the desk created or updated; new Gezin, Ouder, Kind, Opvangvraag (kanaal import) and
    Opvangvoorstel rows; Locatie rows flagged `na_te_kijken` for unknown location names (under
    the organisation "Onbekende organisator (import)", in the first municipality of the area);
    the report columns of the imported children's requests recomputed (telvelden.telvelden_bijwerken),
    with the desk row locked as a registration locks it for that last step only (other imports
    into the desk wait for the whole import, registrations only for that step); one Logregel
    `opvangvraag.geimporteerd` per new request and one `import.vragen`.
    """
    gegevens, vragen, voorstellen = werkboek_lezen(bestand)
    with transaction.atomic():
        # First the import lock, then the desk row (its update below): every import takes them in
        # that order, so two imports into one desk wait for each other instead of deadlocking.
        _invoer_vergrendelen(gegevens["code"])
        loket, nieuw = _loket_bijwerken(gegevens, loketten)
        resultaat = ImportResultaat(loket=loket, loket_nieuw=nieuw)
        bestaand = dict(
            Opvangvraag.objects.filter(loket=loket, referentie__in=[v.referentie for v in vragen]).values_list(
                "referentie", "pk"
            )
        )
        nieuwe = [v for v in vragen if v.referentie not in bestaand]
        resultaat.bestaande_vragen = len(vragen) - len(nieuwe)
        aangemaakt = _vragen_aanmaken(loket, nieuwe, door)
        resultaat.nieuwe_vragen = len(aangemaakt)
        _voorstellen_aanmaken(loket, nieuwe, aangemaakt, voorstellen, bestaand, door, resultaat)
        # Only now the desk's row lock, as a registration takes it: a request of the same child
        # registered meanwhile is seen by the report columns worked out below, and a registration
        # waiting for the lock sees the imported rows. Held for this last step only: a 10,000-row
        # import held it 40 s from the start, and every registration at the desk waited as long
        # (bench/importeren.py).
        lock_loketten([loket.pk])
        # bulk_create skips the saves that keep the report columns.
        telvelden_bijwerken(
            identiteiten={Kind.maak_identiteit(v.voornaam, v.achternaam, v.geboortedatum) for v in nieuwe}
        )
        resultaat.dubbels = _dubbels_in(loket, [v.referentie for v in vragen])
        logregel_schrijven(
            door=door,
            actie="import.vragen",
            object=loket,
            loket=loket,
            details={
                "bestand": getattr(bestand, "name", str(bestand)),
                "nieuwe_vragen": resultaat.nieuwe_vragen,
                "bestaande_vragen": resultaat.bestaande_vragen,
                "nieuwe_voorstellen": resultaat.nieuwe_voorstellen,
                "nieuwe_locaties": resultaat.nieuwe_locaties,
            },
        )
    return resultaat


# An arbitrary first key of PostgreSQL's two-key advisory locks: "import into desk <pk>".
IMPORT_SLOTSLEUTEL = 7501


def _invoer_vergrendelen(code):
    """Serialise imports into one desk (until the transaction ends) without blocking its registrations.

    Two imports of the same workbook at once would each see none of the other's references and
    both insert them. A PostgreSQL advisory lock keyed on the desk's code (a new desk has no pk
    yet): the desk's row lock would also stop the desk's registrations (what lock_loketten is
    for), for the whole import. SQLite lets one writer in at a time anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [IMPORT_SLOTSLEUTEL, code])


def _loket_bijwerken(gegevens, loketten):
    loket = Loket.objects.filter(code=gegevens["code"]).first()
    if loketten is not None:
        if loket is None or not loketten.filter(pk=loket.pk).exists():
            raise ImportGeweigerd([Fout("loket", 0, "code", melding("loket_niet_toegestaan", code=gegevens["code"]))])
        huidig = set(loket.werkingsgebied.values_list("pk", flat=True))
        if "werkingsgebied" in gegevens and {g.pk for g in gegevens["werkingsgebied"]} != huidig:
            raise ImportGeweigerd([Fout("loket", 0, "werkingsgebied", melding("werkingsgebied_alleen_beheerder"))])
    nieuw = loket is None
    if nieuw:
        if not gegevens.get("werkingsgebied"):
            raise ImportGeweigerd([Fout("loket", 0, "werkingsgebied", melding("werkingsgebied_nodig"))])
        loket = Loket(code=gegevens["code"], naam=gegevens.get("naam") or gegevens["code"])
    gewijzigd = False
    # The sheet's key "organisator" (DESIGN.md) is the desk's inrichtend_bestuur.
    for sleutel, veld in (("naam", "naam"), ("organisator", "inrichtend_bestuur"), ("dossiernummer", "dossiernummer")):
        if sleutel in gegevens and getattr(loket, veld) != gegevens[sleutel]:
            setattr(loket, veld, gegevens[sleutel])
            gewijzigd = True
    if nieuw or gewijzigd:
        loket.save()
    if "werkingsgebied" in gegevens and loketten is None:
        huidig = set(loket.werkingsgebied.values_list("pk", flat=True))
        if {g.pk for g in gegevens["werkingsgebied"]} != huidig:
            loket.werkingsgebied.set(gegevens["werkingsgebied"])
    return loket, nieuw


def _vragen_aanmaken(loket, rijen, door):
    """Bulk-create a family, parent, child and request per row. Returns {referentie: Opvangvraag}."""
    if not rijen:
        return {}
    gezinnen = []
    for rij in rijen:
        gezin = Gezin(
            loket=loket,
            gemeente=rij.gemeente,
            kwetsbaar_gemarkeerd=rij.kwetsbaar,
            kwetsbaar_reden=KWETSBAAR_REDEN if rij.kwetsbaar else "",
        )
        gezin.kwetsbaar = rij.kwetsbaar  # bulk_create skips Gezin.save(), which derives this
        gezinnen.append(gezin)
    Gezin.objects.bulk_create(gezinnen, batch_size=1000)
    ouders = []
    for rij, gezin in zip(rijen, gezinnen, strict=True):
        if rij.ouder_naam or rij.ouder_email or rij.ouder_telefoon:
            voornaam, achternaam = _ouder_namen(rij.ouder_naam)
            ouders.append(
                Ouder(
                    gezin=gezin,
                    voornaam=voornaam,
                    achternaam=achternaam,
                    email=rij.ouder_email.lower(),
                    telefoon=rij.ouder_telefoon,
                )
            )
    Ouder.objects.bulk_create(ouders, batch_size=1000)
    kinderen = [
        Kind(
            gezin=gezin,
            voornaam=rij.voornaam,
            achternaam=rij.achternaam,
            geboortedatum=rij.geboortedatum,
            verwacht=rij.geboortedatum > rij.ingediend_op.date(),
            specifieke_zorgbehoefte=rij.zorg,
            # bulk_create skips Kind.save(), which stores the identity the report groups on.
            identiteit=Kind.maak_identiteit(rij.voornaam, rij.achternaam, rij.geboortedatum),
            sleutel=Kind.maak_sleutel(Kind.maak_identiteit(rij.voornaam, rij.achternaam, rij.geboortedatum)),
        )
        for rij, gezin in zip(rijen, gezinnen, strict=True)
    ]
    Kind.objects.bulk_create(kinderen, batch_size=1000)
    vragen = []
    for rij, gezin, kind in zip(rijen, gezinnen, kinderen, strict=True):
        vragen.append(
            Opvangvraag(
                loket=loket,
                kind=kind,
                gezin=gezin,
                gemeente=rij.gemeente,
                referentie=rij.referentie,
                kanaal=Kanaal.IMPORT,
                ingediend_door=door if door is not None and door.is_authenticated else None,
                ingediend_op=rij.ingediend_op,
                gewenste_startdatum_origineel=rij.gewenste_startdatum,
                gewenste_startdatum=rij.gewenste_startdatum,
                weekschema="-------",
                dagen_per_week_origineel=rij.dagen,
                dagen_per_week=rij.dagen,
                dringend=rij.dringend,
                atypisch_zonder_detail=rij.atypisch,
                vg_zonder_detail=rij.voorrangsgroep,
                status=VraagStatus.IN_BEHANDELING,
            )
        )
    Opvangvraag.objects.bulk_create(vragen, batch_size=1000)
    type_vraag = ContentType.objects.get_for_model(Opvangvraag)
    Logregel.objects.bulk_create(
        [
            Logregel(
                gebruiker=door if door is not None and door.is_authenticated else None,
                actie="opvangvraag.geimporteerd",
                loket=loket,
                content_type=type_vraag,
                object_id=str(vraag.pk),
                details={"referentie": vraag.referentie, "rij": rij.rij},
            )
            for rij, vraag in zip(rijen, vragen, strict=True)
        ],
        batch_size=1000,
    )
    return {vraag.referentie: vraag for vraag in vragen}


def _locaties(loket, namen, resultaat):
    """{lowercase name: Locatie} for the offers' location names; unknown names become new locations."""
    gebied = list(loket.werkingsgebied.order_by("naam_nl"))
    bekend = {}
    for locatie in Locatie.objects.filter(gemeente__in=gebied).order_by("pk"):
        bekend.setdefault(locatie.naam.lower(), locatie)
    ontbrekend = sorted({naam for naam in namen if naam.lower() not in bekend}, key=str.lower)
    if ontbrekend:
        organisator, _ = Organisator.objects.get_or_create(naam=ONBEKENDE_ORGANISATOR)
        for naam in ontbrekend:
            if naam.lower() in bekend:
                continue
            bekend[naam.lower()] = Locatie.objects.create(
                organisator=organisator,
                naam=naam,
                type=LocatieType.GROEPSOPVANG,
                gemeente=gebied[0],
                na_te_kijken=True,
                actief=False,
            )
            resultaat.nieuwe_locaties.append(naam)
    return bekend


def _voorstellen_aanmaken(loket, nieuwe, aangemaakt, voorstellen, bestaand, door, resultaat):
    per_vraag = {}
    for voorstel in voorstellen:
        if voorstel.vraag_referentie in bestaand:
            continue
        per_vraag.setdefault(voorstel.vraag_referentie, []).append(voorstel)
    overgeslagen = [v for v in voorstellen if v.vraag_referentie in bestaand]
    if overgeslagen:
        al_daar = set(
            Opvangvoorstel.objects.filter(vraag__loket=loket, vraag__referentie__in=bestaand).values_list(
                "vraag__referentie", "locatie__naam", "voorgesteld_op"
            )
        )
        al_daar = {(ref, naam.lower(), moment) for ref, naam, moment in al_daar}
        for voorstel in overgeslagen:
            if (voorstel.vraag_referentie, voorstel.locatie.lower(), voorstel.voorgesteld_op) in al_daar:
                resultaat.bestaande_voorstellen += 1
            else:
                resultaat.overgeslagen_voorstellen += 1
    if not per_vraag and not nieuwe:
        return
    locaties = _locaties(loket, [v.locatie for rij in per_vraag.values() for v in rij], resultaat)
    objecten, gewijzigde_vragen = [], []
    for rij in nieuwe:
        vraag = aangemaakt[rij.referentie]
        staat, status = _statussen(rij, per_vraag.get(rij.referentie, []))
        for voorstel in per_vraag.get(rij.referentie, []):
            objecten.append(
                Opvangvoorstel(
                    vraag=vraag,
                    locatie=locaties[voorstel.locatie.lower()],
                    gedaan_door=None,
                    namens_aanbieder=True,
                    voorgesteld_op=voorstel.voorgesteld_op,
                    startdatum=voorstel.startdatum,
                    dagen_per_week=voorstel.dagen if voorstel.dagen is not None else rij.dagen,
                    antwoord_tegen=timezone.localdate(voorstel.voorgesteld_op)
                    + datetime.timedelta(days=loket.antwoordtermijn_dagen),
                    antwoord=voorstel.antwoord,
                    beantwoord_op=voorstel.beantwoord_op,
                    **staat[voorstel.rij],
                )
            )
        vraag.status = status
        if status == VraagStatus.INGETROKKEN:
            vraag.ingetrokken_op = rij.geannuleerd_op
            vraag.intrek_reden = rij.annulatie_reden
            vraag.intrek_toelichting = "ingevoerde lijst"
        if status != VraagStatus.IN_BEHANDELING:
            gewijzigde_vragen.append(vraag)
    Opvangvoorstel.objects.bulk_create(objecten, batch_size=1000)
    Opvangvraag.objects.bulk_update(
        gewijzigde_vragen, ["status", "ingetrokken_op", "intrek_reden", "intrek_toelichting"], batch_size=1000
    )
    resultaat.nieuwe_voorstellen = len(objecten)


def _dubbels_in(loket, referenties):
    """Groups of references (of this workbook) at the desk whose child has the same identity."""
    identiteiten = (
        Opvangvraag.objects.filter(loket=loket, referentie__in=referenties)
        .values("kind__identiteit")
        .annotate(aantal=Count("pk"))
        .filter(aantal__gt=1)
        .values("kind__identiteit")
    )
    groepen = {}
    for identiteit, referentie in (
        Opvangvraag.objects.filter(loket=loket, kind__identiteit__in=identiteiten, samengevoegd_met__isnull=True)
        .order_by("kind__identiteit", "ingediend_op", "pk")
        .values_list("kind__identiteit", "referentie")
    ):
        groepen.setdefault(identiteit, []).append(referentie)
    return [groep for groep in groepen.values() if len(groep) > 1]
