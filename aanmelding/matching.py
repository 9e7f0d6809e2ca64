"""Matching requests and free places: which locations fit a request, which requests fit a free place.

One scoring rule serves both directions (`beoordelen`). It compares a request with one location
and, when there is one, one of its free-place declarations, and returns points plus the reasons
a person can read: what fits (✓), what fits partly (~) and what does not (✗).

Points (higher is better):
- start: the place is free on the desired start or up to a month before it: 3; earlier than
  that (the place must stay free until then) or at most a month after it: 2; later: 0 and it
  does not fit;
- days: every asked day(-part) covered: 3; some: 1 or 2 by share; none: 0 and it does not fit;
- age at the start (the later of desired start and free-from date) within the declaration's age
  group and the location's age range: 2; otherwise 0 and it does not fit (also when the child
  is not born yet by then);
- atypical moments: all asked ones offered (or none asked): 2; some: 1; none: 0;
- income-related tariff: offered, or not needed: 2; needed (family needs help with it, or has a
  low income) and not offered: 0;
- a stale declaration (not confirmed within the location's staleness period, the shortest of
  the desks whose area holds it): minus 3, and it is marked.

Candidates for a request are ranked in groups: its preferred locations, then other locations in
its municipality, then the rest of the desk's area; inside a group: fitting before not fitting,
then by points, fresh before stale, then by the family's rank, the free-from date and the name.
A location with several declarations is judged by its best one.

The rule is written three times, each checked against the others by the tests: `beoordelen`
(points with reasons, for what is shown), `punten` (the same points without reasons, for a few
rows) and `_beste_in_gebied` (the same points as SQL expressions, for the thousands of
declarations of a desk's area). Queries are fixed in number whatever the size of the area; see
bench/matching.py for the timings.
"""

import calendar
import datetime
import heapq
import math
from dataclasses import dataclass, field

from django.db.models import Case, ExpressionWrapper, F, IntegerField, Max, Min, Q, Value, When
from django.db.models.functions import Substr
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext_lazy

from aanbod.models import PEUTER_VANAF_MAANDEN, Leeftijdsgroep, Locatie, VrijePlaats
from aanbod.queries import geldig_dagen_expressie, is_verouderd
from loket.datums import maanden_later
from loket.models import Loket

from .models import OPEN_STATUSSEN, WEEKDAGEN, Opvangvraag, Voorkeur

ATYPISCH = ("voor_7u", "na_18u", "zaterdag", "zon_en_feestdag")

VOORKEUR, GEMEENTE, GEBIED = 0, 1, 2
GROEP_LABELS = {
    VOORKEUR: gettext_lazy("Gekozen door het gezin"),
    GEMEENTE: gettext_lazy("In de gemeente van de aanvraag"),
    GEBIED: gettext_lazy("Elders in het werkingsgebied"),
}

LOCATIE_WAARDEN = (
    "id",
    "naam",
    "gemeente_id",
    "inkomenstarief",
    "leeftijd_van_maanden",
    "leeftijd_tot_maanden",
    *ATYPISCH,
)
PLAATS_WAARDEN = ("id", "locatie_id", "vanaf", "weekschema", "leeftijdsgroep", "aantal", "bevestigd_op")


def leeftijd_in_maanden(geboortedatum, op):
    """Whole months between birth and `op` (the 15th to the 14th of the next month is 0); -1 before birth."""
    if op < geboortedatum:
        return -1
    maanden = (op.year - geboortedatum.year) * 12 + op.month - geboortedatum.month
    if op.day < geboortedatum.day and not (op.day == calendar.monthrange(op.year, op.month)[1]):
        maanden -= 1
    return maanden


# Reason texts are kept as message ids with their values and only translated and formatted when
# shown: ranking scores thousands of declarations, and only the returned candidates are read.
N_ = gettext_noop
ATYPISCH_LABELS = {
    "voor_7u": N_("voor 7 uur"),
    "na_18u": N_("na 18 uur"),
    "zaterdag": N_("op zaterdag"),
    "zon_en_feestdag": N_("op zon- en feestdagen"),
}
# Texts with a number in them: singular or plural by that value (made once, formatted when shown).
_DAGEN_NA_START = ngettext_lazy(
    "Vrij vanaf %(datum)s: %(aantal)s dag na de gewenste start.",
    "Vrij vanaf %(datum)s: %(aantal)s dagen na de gewenste start.",
    "aantal",
)
_LEEFTIJD_BEREIK = ngettext_lazy(
    "Leeftijd bij de start: %(maanden)s maand; deze locatie: %(van)s tot %(tot)s maanden.",
    "Leeftijd bij de start: %(maanden)s maanden; deze locatie: %(van)s tot %(tot)s maanden.",
    "maanden",
)
_VOOR_BABYS = ngettext_lazy(
    "De vrije plaats is voor baby's; het kind is dan %(maanden)s maand.",
    "De vrije plaats is voor baby's; het kind is dan %(maanden)s maanden.",
    "maanden",
)
_VOOR_PEUTERS = ngettext_lazy(
    "De vrije plaats is voor peuters; het kind is dan %(maanden)s maand.",
    "De vrije plaats is voor peuters; het kind is dan %(maanden)s maanden.",
    "maanden",
)
_LEEFTIJD_PAST = ngettext_lazy(
    "Leeftijd bij de start: %(maanden)s maand, dat past.",
    "Leeftijd bij de start: %(maanden)s maanden, dat past.",
    "maanden",
)


@dataclass
class Reden:
    oordeel: str  # "past", "deels", "past_niet" or "info"
    sjabloon: str
    waarden: dict = field(default_factory=dict)

    @property
    def tekst(self):
        waarden = {}
        for sleutel, waarde in self.waarden.items():
            if isinstance(waarde, datetime.datetime):
                waarde = formats.date_format(timezone.localtime(waarde).date(), "d/m/Y")
            elif isinstance(waarde, datetime.date):
                waarde = formats.date_format(waarde, "d/m/Y")
            elif sleutel == "momenten":
                waarde = ", ".join(_(ATYPISCH_LABELS[moment]) for moment in waarde)
            elif sleutel in ("dagen", "niet"):
                waarde = ", ".join(WEEKDAGEN[index] for index in waarde)
            waarden[sleutel] = waarde
        if not isinstance(self.sjabloon, str):  # a plural (ngettext_lazy keyed on a value's name)
            return self.sjabloon % waarden
        return _(self.sjabloon) % waarden

    @property
    def teken(self):
        return {"past": "✓", "deels": "~", "past_niet": "✗"}.get(self.oordeel, "i")


class Beoordeling:
    """Points, fit, staleness and the reasons of one pairing."""

    __slots__ = ("score", "past", "verouderd", "redenen")

    def __init__(self, score=0, past=True, verouderd=False):
        self.score = score
        self.past = past
        self.verouderd = verouderd
        self.redenen = []

    def reden(self, oordeel, sjabloon, **waarden):
        if oordeel == "past_niet":
            self.past = False
        self.redenen.append(Reden(oordeel, sjabloon, waarden))


@dataclass
class Vraagprofiel:
    """What the scoring needs of a request, read once."""

    pk: int
    start: datetime.date
    weekschema: str
    gevraagd: tuple
    dagen_per_week: float
    atypisch: tuple
    atypisch_zonder_detail: bool
    geboortedatum: datetime.date
    tarief_nodig: bool
    gemeente_id: int | None
    geldig_dagen: int
    uiterlijk: datetime.date
    vroegst: datetime.date

    @classmethod
    def van(cls, vraag):
        gemeente_id = vraag.voorkeur_gemeente_id or vraag.gemeente_id or vraag.gezin.gemeente_id
        start = vraag.gewenste_startdatum
        return cls(
            pk=vraag.pk,
            start=start,
            weekschema=vraag.weekschema,
            gevraagd=tuple(index for index, code in enumerate(vraag.weekschema) if code != "-"),
            dagen_per_week=float(vraag.dagen_per_week),
            atypisch=tuple(moment for moment in ATYPISCH if getattr(vraag, moment)),
            atypisch_zonder_detail=vraag.atypisch_zonder_detail,
            geboortedatum=vraag.kind.geboortedatum,
            tarief_nodig=vraag.gezin.hulp_inkomenstarief or vraag.gezin.laag_inkomen,
            gemeente_id=gemeente_id,
            geldig_dagen=vraag.loket.vrije_plaatsen_geldig_dagen,
            uiterlijk=maanden_later(start),
            vroegst=maanden_later(start, -1),
        )


def beoordelen(vraag, locatie, plaats, *, nu):
    """Score how well `plaats` (a value dict, or None) at `locatie` (a value dict) fits `vraag` (a Vraagprofiel).

    `plaats["geldig_dagen"]` is the staleness period of the place's location (else the request's desk's).
    Returns a Beoordeling with the reasons; `punten` computes the same points without them.
    """
    uitslag = Beoordeling()
    if plaats is None:
        uitslag.reden("past_niet", N_("Geen vrije plaats gemeld."))
        start = vraag.start
    else:
        start = max(vraag.start, plaats["vanaf"])
        _beoordeel_start(uitslag, vraag, plaats)
        _beoordeel_dagen(uitslag, vraag, plaats)
    _beoordeel_leeftijd(uitslag, vraag, locatie, plaats, start)
    _beoordeel_atypisch(uitslag, vraag, locatie)
    _beoordeel_tarief(uitslag, vraag, locatie)
    if plaats is not None:
        geldig_dagen = plaats.get("geldig_dagen") or vraag.geldig_dagen
        if is_verouderd(plaats["bevestigd_op"], geldig_dagen=geldig_dagen, nu=nu):
            uitslag.verouderd = True
            uitslag.score -= 3
            uitslag.reden(
                "deels",
                N_("Verouderd: niet meer bevestigd sinds %(datum)s."),
                datum=plaats["bevestigd_op"],
            )
    return uitslag


def punten(vraag, locatie, plaats, *, nu):
    """(score, past, verouderd) exactly as `beoordelen` computes them, without building reasons.

    The ranking runs this on every declaration of the area (thousands); `beoordelen` then runs on
    the few candidates shown. tests/aanmelding/test_matching.py checks both agree on random cases.
    """
    score, past = 0, True
    if plaats is None:
        past = False
        start = vraag.start
    else:
        vanaf = plaats["vanaf"]
        start = vanaf if vanaf > vraag.start else vraag.start
        if vanaf > vraag.uiterlijk:
            past = False
        elif vanaf > vraag.start or vanaf < vraag.vroegst:
            score += 2
        else:
            score += 3
        aanbod = plaats["weekschema"]
        gevraagd = vraag.gevraagd
        if not gevraagd:
            aangeboden = sum(1 if code == "D" else 0.5 for code in aanbod if code != "-")
            score += 3 if aangeboden >= vraag.dagen_per_week else 1
        else:
            schema = vraag.weekschema
            niet = sum(1 for i in gevraagd if aanbod[i] != "D" and aanbod[i] != schema[i])
            if niet == 0:
                score += 3
            elif niet < len(gevraagd):
                score += max(1, round(3 * (len(gevraagd) - niet) / len(gevraagd)) - 1)
            else:
                past = False
    maanden = leeftijd_in_maanden(vraag.geboortedatum, start)
    if maanden < 0 or not locatie["leeftijd_van_maanden"] <= maanden <= locatie["leeftijd_tot_maanden"]:
        past = False
    else:
        groep = plaats["leeftijdsgroep"] if plaats else Leeftijdsgroep.ALLE
        if (groep == Leeftijdsgroep.BABY and maanden >= PEUTER_VANAF_MAANDEN) or (
            groep == Leeftijdsgroep.PEUTER and maanden < PEUTER_VANAF_MAANDEN
        ):
            past = False
        else:
            score += 2
    if vraag.atypisch:
        wel = sum(1 for moment in vraag.atypisch if locatie[moment])
        score += 2 if wel == len(vraag.atypisch) else (1 if wel else 0)
    else:
        score += 2
    if locatie["inkomenstarief"] or not vraag.tarief_nodig:
        score += 2
    verouderd = plaats is not None and is_verouderd(
        plaats["bevestigd_op"], geldig_dagen=plaats.get("geldig_dagen") or vraag.geldig_dagen, nu=nu
    )
    if verouderd:
        score -= 3
    return score, past, verouderd


def _beoordeel_start(uitslag, vraag, plaats):
    vanaf, gewenst = plaats["vanaf"], vraag.start
    if vanaf > vraag.uiterlijk:
        uitslag.reden(
            "past_niet", N_("Pas vrij vanaf %(datum)s: meer dan een maand na de gewenste start."), datum=vanaf
        )
    elif vanaf > gewenst:
        uitslag.score += 2
        uitslag.reden(
            "deels",
            _DAGEN_NA_START,
            datum=vanaf,
            aantal=(vanaf - gewenst).days,
        )
    elif vanaf >= vraag.vroegst:
        uitslag.score += 3
        uitslag.reden("past", N_("Vrij vanaf %(datum)s, op tijd voor de gewenste start."), datum=vanaf)
    else:
        uitslag.score += 2
        uitslag.reden(
            "deels",
            N_("Al vrij vanaf %(datum)s, ruim voor de gewenste start: de plaats moet tot dan vrij blijven."),
            datum=vanaf,
        )


def _beoordeel_dagen(uitslag, vraag, plaats):
    aanbod = plaats["weekschema"]
    gevraagd = vraag.gevraagd
    if not gevraagd:
        # An imported request may carry only a number of days per week.
        aangeboden = sum(1 if code == "D" else 0.5 for code in aanbod if code != "-")
        if aangeboden >= vraag.dagen_per_week:
            uitslag.score += 3
            uitslag.reden("past", N_("Genoeg dagen per week."))
        else:
            uitslag.score += 1
            uitslag.reden("deels", N_("Minder dagen per week dan gevraagd."))
        return
    schema = vraag.weekschema
    niet = [i for i in gevraagd if aanbod[i] != "D" and aanbod[i] != schema[i]]
    if not niet:
        uitslag.score += 3
        uitslag.reden("past", N_("Alle gevraagde dagen passen (%(dagen)s)."), dagen=gevraagd)
    elif len(niet) < len(gevraagd):
        gedekt = len(gevraagd) - len(niet)
        uitslag.score += max(1, round(3 * gedekt / len(gevraagd)) - 1)
        uitslag.reden(
            "deels",
            N_("%(gedekt)s van de %(gevraagd)s gevraagde dagen passen; niet: %(niet)s."),
            gedekt=gedekt,
            gevraagd=len(gevraagd),
            niet=tuple(niet),
        )
    else:
        uitslag.reden("past_niet", N_("Geen van de gevraagde dagen past."))


def _beoordeel_leeftijd(uitslag, vraag, locatie, plaats, start):
    maanden = leeftijd_in_maanden(vraag.geboortedatum, start)
    if maanden < 0:
        uitslag.reden("past_niet", N_("Het kind is bij de start nog niet geboren."))
        return
    if not locatie["leeftijd_van_maanden"] <= maanden <= locatie["leeftijd_tot_maanden"]:
        uitslag.reden(
            "past_niet",
            _LEEFTIJD_BEREIK,
            maanden=maanden,
            van=locatie["leeftijd_van_maanden"],
            tot=locatie["leeftijd_tot_maanden"],
        )
        return
    groep = plaats["leeftijdsgroep"] if plaats else Leeftijdsgroep.ALLE
    if groep == Leeftijdsgroep.BABY and maanden >= PEUTER_VANAF_MAANDEN:
        uitslag.reden(
            "past_niet",
            _VOOR_BABYS,
            maanden=maanden,
        )
    elif groep == Leeftijdsgroep.PEUTER and maanden < PEUTER_VANAF_MAANDEN:
        uitslag.reden(
            "past_niet",
            _VOOR_PEUTERS,
            maanden=maanden,
        )
    else:
        uitslag.score += 2
        uitslag.reden(
            "past",
            _LEEFTIJD_PAST,
            maanden=maanden,
        )


def _beoordeel_atypisch(uitslag, vraag, locatie):
    if not vraag.atypisch:
        uitslag.score += 2
        if vraag.atypisch_zonder_detail:
            uitslag.reden("info", N_("Atypische uren gevraagd, zonder detail: vraag na wat nodig is."))
        return
    wel = tuple(moment for moment in vraag.atypisch if locatie[moment])
    niet = tuple(moment for moment in vraag.atypisch if not locatie[moment])
    if wel:
        uitslag.reden("past", N_("Biedt opvang %(momenten)s."), momenten=wel)
    if niet:
        uitslag.reden("deels", N_("Geen opvang %(momenten)s."), momenten=niet)
    uitslag.score += 2 if not niet else (1 if wel else 0)


def _beoordeel_tarief(uitslag, vraag, locatie):
    if locatie["inkomenstarief"]:
        uitslag.score += 2
        if vraag.tarief_nodig:
            uitslag.reden("past", N_("Inkomensgerelateerd tarief, zoals het gezin nodig heeft."))
    elif vraag.tarief_nodig:
        uitslag.reden("deels", N_("Geen inkomensgerelateerd tarief, en het gezin heeft dat nodig."))
    else:
        uitslag.score += 2


@dataclass
class Kandidaat:
    """A location for a request (or a request for a free place), with its score and reasons."""

    groep: int
    beoordeling: Beoordeling
    rang: int | None = None
    locatie: Locatie | None = None
    plaats: VrijePlaats | None = None
    vraag: Opvangvraag | None = None
    locatie_id: int | None = None
    plaats_id: int | None = None
    sorteer: tuple = ()

    @property
    def groep_label(self):
        return GROEP_LABELS[self.groep]

    @property
    def score(self):
        return self.beoordeling.score

    @property
    def past(self):
        return self.beoordeling.past

    @property
    def verouderd(self):
        return self.beoordeling.verouderd

    @property
    def redenen(self):
        return self.beoordeling.redenen


def _vraag_laden(vraag):
    return Opvangvraag.objects.select_related("kind", "gezin", "loket").get(pk=vraag.pk)


def _perioden_en_gebied(loket_id):
    """({municipality id: shortest staleness period of the desks holding it}, [ids of this desk's area]).

    One small query instead of a correlated subquery per declaration (measured in
    bench/matching.py: the subquery made the candidate query several times slower).
    """
    rijen = (
        Loket.werkingsgebied.through.objects.values("gemeente_id")
        .annotate(
            dagen=Min("loket__vrije_plaatsen_geldig_dagen"),
            hier=Max(Case(When(loket_id=loket_id, then=Value(1)), default=Value(0), output_field=IntegerField())),
        )
        .values_list("gemeente_id", "dagen", "hier")
    )
    perioden, gebied = {}, []
    for gemeente_id, dagen, hier in rijen:
        perioden[gemeente_id] = dagen
        if hier:
            gebied.append(gemeente_id)
    return perioden, gebied


def _groep(profiel, locatie, rangen):
    if locatie["id"] in rangen:
        return VOORKEUR
    if profiel.gemeente_id and locatie["gemeente_id"] == profiel.gemeente_id:
        return GEMEENTE
    return GEBIED


def _sleutel(groep, score, past, verouderd, rang, plaats, locatie):
    return (
        groep,
        not past,
        -score,
        verouderd,
        rang or 0,
        plaats["vanaf"] if plaats else datetime.date.max,
        locatie["naam"],
        locatie["id"],
        plaats["id"] if plaats else 0,
    )


VELDEN = (*PLAATS_WAARDEN, *(f"locatie__{veld}" for veld in LOCATIE_WAARDEN))


def _rijen_lezen(rijen, locatie_rijen, perioden):
    """Value tuples (VELDEN) -> (location dict, place dict) pairs; a location's dict is made once."""
    aantal = len(PLAATS_WAARDEN)
    for waarden in rijen:
        plaats = dict(zip(PLAATS_WAARDEN, waarden[:aantal], strict=True))
        locatie = locatie_rijen.get(plaats["locatie_id"])
        if locatie is None:
            locatie = locatie_rijen[plaats["locatie_id"]] = dict(zip(LOCATIE_WAARDEN, waarden[aantal:], strict=True))
        plaats["geldig_dagen"] = perioden.get(locatie["gemeente_id"])
        yield locatie, plaats


def _rangschikken(profiel, paren, locatie_rijen, rangen, *, nu, alle):
    """Rank in Python: each location's best declaration (locations without one too, if `alle` or chosen).

    Unless `alle`, a location that was not chosen is kept only when a declaration fits.
    Returns [(sort key, location dict, place dict or None)], best first.
    """
    beste = {}
    for locatie, plaats in paren:
        score, past, verouderd = punten(profiel, locatie, plaats, nu=nu)
        groep = _groep(profiel, locatie, rangen)
        if not alle and groep != VOORKEUR and not past:
            continue
        sleutel = _sleutel(groep, score, past, verouderd, rangen.get(locatie["id"]), plaats, locatie)
        huidige = beste.get(locatie["id"])
        if huidige is None or sleutel < huidige[0]:
            beste[locatie["id"]] = (sleutel, locatie, plaats)
    for locatie_id, locatie in locatie_rijen.items():
        if locatie_id not in beste and (alle or locatie_id in rangen):
            score, past, verouderd = punten(profiel, locatie, None, nu=nu)
            groep = _groep(profiel, locatie, rangen)
            beste[locatie_id] = (
                _sleutel(groep, score, past, verouderd, rangen.get(locatie_id), None, locatie),
                locatie,
                None,
            )
    return sorted(beste.values(), key=lambda item: item[0])


def kandidaten_voor_vraag(vraag, *, nu=None, locaties=None, per_groep=10, methode="sql"):
    """The candidate locations for a request, ranked (see the module docstring), as Kandidaat objects.

    Preferred locations are always listed (also without a fitting or any free place); other
    active locations of the desk's area only when a declared free place fits, at most
    `per_groep` per group. `locaties` (a queryset) restricts the candidates to those locations,
    all listed (a provider looking at a request sees how it fits each of its locations).

    The other locations of the area are ranked in the database (`methode="sql"`, see
    `_beste_in_gebied`); `methode="python"` ranks them with `punten` instead, the reference the
    tests compare the SQL with. Runs a fixed number of queries: 8 (6 with `locaties`).
    """
    nu = nu or timezone.now()
    vraag = _vraag_laden(vraag)
    profiel = Vraagprofiel.van(vraag)
    rangen = dict(Voorkeur.objects.filter(vraag=vraag).values_list("locatie_id", "rang"))
    perioden, gebied = _perioden_en_gebied(vraag.loket_id)
    plaatsen = VrijePlaats.objects.filter(aantal__gt=0, locatie__actief=True).order_by()

    if locaties is not None:
        locatie_rijen = {
            rij["id"]: rij for rij in Locatie.objects.filter(pk__in=locaties.values("pk")).values(*LOCATIE_WAARDEN)
        }
        rijen = plaatsen.filter(locatie__in=locaties.values("pk")).values_list(*VELDEN)
        gekozen = _rangschikken(
            profiel, _rijen_lezen(rijen, locatie_rijen, perioden), locatie_rijen, rangen, nu=nu, alle=True
        )
    else:
        # `or [0]`: an empty IN list skips the query; a query that finds nothing keeps the count fixed.
        gekozen_ids = list(rangen) or [0]
        locatie_rijen = {rij["id"]: rij for rij in Locatie.objects.filter(pk__in=gekozen_ids).values(*LOCATIE_WAARDEN)}
        rijen = plaatsen.filter(locatie_id__in=gekozen_ids)
        if methode == "python":
            in_gebied = plaatsen.filter(
                _leeftijd_filter(profiel), locatie__gemeente_id__in=gebied, vanaf__lte=profiel.uiterlijk
            )
            rijen = rijen.values_list(*VELDEN).union(in_gebied.values_list(*VELDEN), all=True)
        else:
            rijen = rijen.values_list(*VELDEN)
        gerangschikt = _rangschikken(
            profiel, _rijen_lezen(rijen, locatie_rijen, perioden), locatie_rijen, rangen, nu=nu, alle=False
        )
        per = {VOORKEUR: [], GEMEENTE: [], GEBIED: []}
        for item in gerangschikt:
            if item[0][0] == VOORKEUR or len(per[item[0][0]]) < per_groep:
                per[item[0][0]].append(item)
        if methode == "sql":
            rijen = _beste_in_gebied(profiel, gebied, perioden, list(rangen), nu=nu, aantal=per_groep)
            for item in _rangschikken(profiel, _rijen_lezen(rijen, {}, perioden), {}, rangen, nu=nu, alle=False):
                per[item[0][0]].append(item)
        gekozen = per[VOORKEUR] + per[GEMEENTE] + per[GEBIED]

    # For the candidates shown only: the same scoring with its reasons.
    kandidaten = [
        Kandidaat(
            groep=sleutel[0],
            beoordeling=beoordelen(profiel, locatie, plaats, nu=nu),
            rang=rangen.get(locatie["id"]),
            locatie_id=locatie["id"],
            plaats_id=plaats["id"] if plaats else None,
            plaats=VrijePlaats(**{veld: plaats[veld] for veld in PLAATS_WAARDEN}) if plaats else None,
            sorteer=sleutel,
        )
        for sleutel, locatie, plaats in gekozen
    ]
    objecten = {
        locatie.pk: locatie
        for locatie in Locatie.objects.select_related("gemeente", "organisator").filter(
            pk__in=[k.locatie_id for k in kandidaten] or [0]
        )
    }
    for kandidaat in kandidaten:
        kandidaat.locatie = objecten[kandidaat.locatie_id]
    return kandidaten


def _beste_in_gebied(profiel, gebied, perioden, uitgesloten, *, nu, aantal):
    """The best `aantal` fitting declarations per group (municipality, rest of the area), one per location.

    The points of `punten` are computed by the database as SQL expressions and only the
    declarations that fit are selected (its hard conditions are filters here); Python then
    keeps each location's best (points, fresh before stale, earliest) from those small rows
    and orders the locations as `_sleutel` does. Measured in bench/matching.py: scoring 8,000
    locations' declarations in Python took ~200 ms; this way a few tens of ms. The tests
    compare the outcome with `methode="python"` on random data. Returns value rows (VELDEN)
    of the chosen declarations; two queries.
    """
    plaatsen = VrijePlaats.objects.filter(
        aantal__gt=0, locatie__actief=True, vanaf__lte=profiel.uiterlijk, locatie__gemeente_id__in=gebied
    ).exclude(locatie_id__in=uitgesloten)

    def scoren(plaatsen):
        """The filters and point expressions of `punten`, on a queryset of declarations."""
        plaatsen = plaatsen.filter(_leeftijd_exact(profiel)).annotate(
            **{f"dag{index}": Substr("weekschema", index + 1, 1) for index in range(7)}
        )
        geheel = IntegerField()
        if profiel.gevraagd:
            niet = sum(
                (
                    Case(When(**{f"dag{index}__in": ["D", profiel.weekschema[index]]}, then=Value(0)), default=Value(1))
                    for index in profiel.gevraagd
                ),
                start=Value(0),
            )
            n = len(profiel.gevraagd)
            plaatsen = plaatsen.annotate(niet=ExpressionWrapper(niet, output_field=geheel)).filter(niet__lt=n)
            dagpunten = Case(
                When(niet=0, then=Value(3)),
                *(When(niet=k, then=Value(max(1, round(3 * (n - k) / n) - 1))) for k in range(1, n)),
                output_field=geheel,
            )
        else:
            halve = sum(
                (
                    Case(
                        When(**{f"dag{index}": "D"}, then=Value(2)),
                        When(**{f"dag{index}__in": ["V", "N"]}, then=Value(1)),
                        default=Value(0),
                    )
                    for index in range(7)
                ),
                start=Value(0),
            )
            plaatsen = plaatsen.annotate(halve=ExpressionWrapper(halve, output_field=geheel))
            dagpunten = Case(
                When(halve__gte=math.ceil(round(2 * profiel.dagen_per_week, 6)), then=Value(3)), default=Value(1)
            )
        startpunten = Case(
            When(Q(vanaf__gt=profiel.start) | Q(vanaf__lt=profiel.vroegst), then=Value(2)), default=Value(3)
        )
        if profiel.atypisch:
            wel = sum(
                (
                    Case(When(**{f"locatie__{moment}": True}, then=Value(1)), default=Value(0))
                    for moment in profiel.atypisch
                ),
                start=Value(0),
            )
            atypischpunten = Case(
                When(Q(wel=len(profiel.atypisch)), then=Value(2)), When(wel__gt=0, then=Value(1)), default=Value(0)
            )
            plaatsen = plaatsen.annotate(wel=ExpressionWrapper(wel, output_field=geheel))
        else:
            atypischpunten = Value(2)
        tariefpunten = (
            Case(When(locatie__inkomenstarief=True, then=Value(2)), default=Value(0))
            if profiel.tarief_nodig
            else Value(2)
        )
        per_periode = {}
        for gemeente_id in gebied:
            per_periode.setdefault(perioden.get(gemeente_id) or profiel.geldig_dagen, []).append(gemeente_id)
        verouderd = Case(
            *(
                When(locatie__gemeente_id__in=ids, bevestigd_op__lt=nu - datetime.timedelta(days=dagen), then=Value(1))
                for dagen, ids in per_periode.items()
            ),
            default=Value(0),
            output_field=geheel,
        )
        plaatsen = plaatsen.annotate(oud=verouderd).annotate(
            score=ExpressionWrapper(
                startpunten + dagpunten + Value(2) + atypischpunten + tariefpunten - Value(3) * F("oud"),
                output_field=geheel,
            )
        )
        return plaatsen

    beste = {}
    rijen = (
        scoren(plaatsen)
        .order_by()
        .values_list("locatie_id", "locatie__gemeente_id", "score", "oud", "vanaf", "locatie__naam", "id")
    )
    for locatie_id, gemeente_id, score, oud, vanaf, naam, plaats_id in rijen:
        sleutel = (-score, oud, vanaf, naam, locatie_id, plaats_id)
        huidige = beste.get(locatie_id)
        if huidige is None or sleutel < huidige[1]:
            beste[locatie_id] = (gemeente_id, sleutel)
    per_groep = {GEMEENTE: [], GEBIED: []}
    for gemeente_id, sleutel in beste.values():
        per_groep[GEMEENTE if gemeente_id == profiel.gemeente_id else GEBIED].append(sleutel)
    gekozen = [sleutel[-1] for sleutels in per_groep.values() for sleutel in heapq.nsmallest(aantal, sleutels)]
    return VrijePlaats.objects.filter(pk__in=gekozen or [0]).values_list(*VELDEN)


def _leeftijd_exact(profiel):
    """SQL for exactly the age condition of `punten`, for declarations free by `profiel.uiterlijk`.

    The age counts at the later of the desired start and the free-from date; within the month
    after the desired start it changes at most on a few days, found here by walking that month.
    """

    def past(maanden):
        if maanden < 0:
            return Q(pk__in=[])
        groep = Leeftijdsgroep.BABY if maanden < PEUTER_VANAF_MAANDEN else Leeftijdsgroep.PEUTER
        return Q(
            locatie__leeftijd_van_maanden__lte=maanden,
            locatie__leeftijd_tot_maanden__gte=maanden,
            leeftijdsgroep__in=[Leeftijdsgroep.ALLE, groep],
        )

    stukken, begin = [], None
    huidige = leeftijd_in_maanden(profiel.geboortedatum, profiel.start)
    dag = profiel.start + datetime.timedelta(days=1)
    while dag <= profiel.uiterlijk:
        maanden = leeftijd_in_maanden(profiel.geboortedatum, dag)
        if maanden != huidige:
            stukken.append((begin, dag, huidige))
            begin, huidige = dag, maanden
        dag += datetime.timedelta(days=1)
    stukken.append((begin, None, huidige))
    voorwaarde = Q(pk__in=[])
    for van, tot, maanden in stukken:
        stuk = past(maanden)
        if van is not None:
            stuk &= Q(vanaf__gte=van)
        if tot is not None:
            stuk &= Q(vanaf__lt=tot)
        voorwaarde |= stuk
    return voorwaarde


def _leeftijd_filter(profiel):
    """SQL for the hard age condition at the desired start (the later free-from date is checked in Python)."""
    maanden = leeftijd_in_maanden(profiel.geboortedatum, profiel.start)
    if maanden < PEUTER_VANAF_MAANDEN:
        # A baby at the desired start may be a toddler when a later place begins: every group may fit.
        return Q()
    return Q(
        leeftijdsgroep__in=[Leeftijdsgroep.ALLE, Leeftijdsgroep.PEUTER], locatie__leeftijd_tot_maanden__gte=maanden
    )


def vragen_voor_vrije_plaats(plaats, *, vragen, nu=None, limiet=25):
    """The open requests among `vragen` (a scoped queryset) that fit a free place, ranked.

    Groups: requests that chose the place's location, then requests of its municipality, then
    the rest; inside a group as for kandidaten_voor_vraag, and then the desk's priority order
    (urgent, priority group, waiting time). Requests that do not fit are left out, except those
    that chose this location. Each Kandidaat carries `vraag`. Runs a fixed number of queries.
    """
    nu = nu or timezone.now()
    locatie = Locatie.objects.filter(pk=plaats.locatie_id).values(*LOCATIE_WAARDEN).get()
    plaats_rij = (
        VrijePlaats.objects.filter(pk=plaats.pk)
        .annotate(geldig_dagen=geldig_dagen_expressie("locatie__gemeente"))
        .values(*PLAATS_WAARDEN, "geldig_dagen")
        .get()
    )
    # Hard condition in SQL: the place is free no later than a month after the desired start.
    vroegste_start = maanden_later(plaats_rij["vanaf"], -1)
    kandidaat_vragen = list(
        vragen.filter(status__in=OPEN_STATUSSEN, gewenste_startdatum__gte=vroegste_start)
        .select_related("kind", "gezin", "loket")
        .order_by("pk")
    )
    gekozen_door = dict(
        Voorkeur.objects.filter(locatie_id=plaats.locatie_id, vraag__in=[v.pk for v in kandidaat_vragen]).values_list(
            "vraag_id", "rang"
        )
    )
    gevonden = []
    for vraag in kandidaat_vragen:
        profiel = Vraagprofiel.van(vraag)
        rangen = {locatie["id"]: gekozen_door[vraag.pk]} if vraag.pk in gekozen_door else {}
        score, past, verouderd = punten(profiel, locatie, plaats_rij, nu=nu)
        groep = _groep(profiel, locatie, rangen)
        if not past and groep != VOORKEUR:
            continue
        sleutel = (
            groep,
            not past,
            -score,
            verouderd,
            not vraag.dringend,
            not vraag.voorrangsgroep,
            vraag.ingediend_op,
            vraag.pk,
        )
        gevonden.append((sleutel, vraag, profiel, rangen))
    gevonden.sort(key=lambda item: item[0])
    return [
        Kandidaat(
            groep=sleutel[0],
            beoordeling=beoordelen(profiel, locatie, plaats_rij, nu=nu),
            rang=rangen.get(locatie["id"]),
            vraag=vraag,
            plaats=plaats,
            locatie_id=locatie["id"],
            plaats_id=plaats.pk,
            sorteer=sleutel,
        )
        for sleutel, vraag, profiel, rangen in gevonden[:limiet]
    ]
