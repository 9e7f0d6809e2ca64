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
then by points, fresh before stale, then by the family's rank, the free-from date and the name. A location with
several declarations is judged by its best one.

The queries are fixed in number whatever the size of the area (see bench/matching.py): the
hard conditions (places left, start, age) are filtered in SQL, the rest is scored in Python on
plain value rows, and model objects are loaded only for the candidates returned.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aanmelding.models import OPEN_STATUSSEN, WEEKDAGEN, Opvangvraag

from .models import Leeftijdsgroep, Locatie, Voorkeur, VrijePlaats
from .queries import geldig_dagen_expressie, is_verouderd

PEUTER_VANAF_MAANDEN = 18
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


def maand_later(datum, maanden=1):
    """The same day number `maanden` calendar months later, clamped to that month's last day."""
    maand_index = datum.month - 1 + maanden
    jaar, maand = datum.year + maand_index // 12, maand_index % 12 + 1
    return datum.replace(year=jaar, month=maand, day=min(datum.day, calendar.monthrange(jaar, maand)[1]))


def leeftijd_in_maanden(geboortedatum, op):
    """Whole months between birth and `op` (the 15th to the 14th of the next month is 0); -1 before birth."""
    if op < geboortedatum:
        return -1
    maanden = (op.year - geboortedatum.year) * 12 + op.month - geboortedatum.month
    if op.day < geboortedatum.day and not (op.day == calendar.monthrange(op.year, op.month)[1]):
        maanden -= 1
    return maanden


@dataclass
class Reden:
    tekst: str
    oordeel: str  # "past", "deels", "past_niet" or "info"

    @property
    def teken(self):
        return {"past": "✓", "deels": "~", "past_niet": "✗"}.get(self.oordeel, "i")


@dataclass
class Beoordeling:
    score: int = 0
    past: bool = True
    verouderd: bool = False
    redenen: list = field(default_factory=list)

    def reden(self, oordeel, tekst):
        self.redenen.append(Reden(tekst, oordeel))
        if oordeel == "past_niet":
            self.past = False


@dataclass
class Vraagprofiel:
    """What the scoring needs of a request, read once."""

    pk: int
    start: datetime.date
    weekschema: str
    dagen_per_week: float
    atypisch: tuple
    atypisch_zonder_detail: bool
    geboortedatum: datetime.date
    tarief_nodig: bool
    gemeente_id: int | None
    geldig_dagen: int

    @classmethod
    def van(cls, vraag):
        gemeente_id = vraag.voorkeur_gemeente_id or vraag.gemeente_id or vraag.gezin.gemeente_id
        return cls(
            pk=vraag.pk,
            start=vraag.gewenste_startdatum,
            weekschema=vraag.weekschema,
            dagen_per_week=float(vraag.dagen_per_week),
            atypisch=tuple(moment for moment in ATYPISCH if getattr(vraag, moment)),
            atypisch_zonder_detail=vraag.atypisch_zonder_detail,
            geboortedatum=vraag.kind.geboortedatum,
            tarief_nodig=vraag.gezin.hulp_inkomenstarief or vraag.gezin.laag_inkomen,
            gemeente_id=gemeente_id,
            geldig_dagen=vraag.loket.vrije_plaatsen_geldig_dagen,
        )


def _datum(datum):
    return formats.date_format(datum, "d/m/Y")


def _dagnamen(indexen):
    return ", ".join(WEEKDAGEN[i] for i in indexen)


def atypisch_labels():
    return {
        "voor_7u": _("voor 7 uur"),
        "na_18u": _("na 18 uur"),
        "zaterdag": _("op zaterdag"),
        "zon_en_feestdag": _("op zon- en feestdagen"),
    }


def beoordelen(vraag, locatie, plaats, *, nu):
    """Score how well `plaats` (a value dict, or None) at `locatie` (a value dict) fits `vraag` (a Vraagprofiel)."""
    uitslag = Beoordeling()
    if plaats is None:
        uitslag.reden("past_niet", _("Geen vrije plaats gemeld."))
        start = vraag.start
    else:
        start = max(vraag.start, plaats["vanaf"])
        _beoordeel_start(uitslag, vraag, plaats)
        _beoordeel_dagen(uitslag, vraag, plaats)
    _beoordeel_leeftijd(uitslag, vraag, locatie, plaats, start)
    _beoordeel_atypisch(uitslag, vraag, locatie)
    _beoordeel_tarief(uitslag, vraag, locatie)
    geldig_dagen = plaats.get("geldig_dagen", vraag.geldig_dagen) if plaats is not None else vraag.geldig_dagen
    if plaats is not None and is_verouderd(plaats["bevestigd_op"], geldig_dagen=geldig_dagen, nu=nu):
        uitslag.verouderd = True
        uitslag.score -= 3
        uitslag.reden(
            "deels",
            _("Verouderd: niet meer bevestigd sinds %(datum)s.")
            % {"datum": _datum(timezone.localtime(plaats["bevestigd_op"]).date())},
        )
    return uitslag


def _beoordeel_start(uitslag, vraag, plaats):
    vanaf, gewenst = plaats["vanaf"], vraag.start
    if vanaf > maand_later(gewenst):
        uitslag.reden(
            "past_niet",
            _("Pas vrij vanaf %(datum)s: meer dan een maand na de gewenste start.") % {"datum": _datum(vanaf)},
        )
    elif vanaf > gewenst:
        uitslag.score += 2
        uitslag.reden(
            "deels",
            _("Vrij vanaf %(datum)s: %(dagen)s dagen na de gewenste start.")
            % {"datum": _datum(vanaf), "dagen": (vanaf - gewenst).days},
        )
    elif vanaf >= maand_later(gewenst, -1):
        uitslag.score += 3
        uitslag.reden("past", _("Vrij vanaf %(datum)s, op tijd voor de gewenste start.") % {"datum": _datum(vanaf)})
    else:
        uitslag.score += 2
        uitslag.reden(
            "deels",
            _("Al vrij vanaf %(datum)s, ruim voor de gewenste start: de plaats moet tot dan vrij blijven.")
            % {"datum": _datum(vanaf)},
        )


def _beoordeel_dagen(uitslag, vraag, plaats):
    aanbod = plaats["weekschema"]
    gevraagd = [i for i, code in enumerate(vraag.weekschema) if code != "-"]
    if not gevraagd:
        # An imported request may carry only a number of days per week.
        aangeboden = sum(1 if code == "D" else 0.5 for code in aanbod if code != "-")
        if aangeboden >= vraag.dagen_per_week:
            uitslag.score += 3
            uitslag.reden("past", _("Genoeg dagen per week."))
        else:
            uitslag.score += 1
            uitslag.reden("deels", _("Minder dagen per week dan gevraagd."))
        return
    gedekt = [i for i in gevraagd if aanbod[i] == "D" or aanbod[i] == vraag.weekschema[i]]
    niet = [i for i in gevraagd if i not in gedekt]
    if not niet:
        uitslag.score += 3
        uitslag.reden("past", _("Alle gevraagde dagen passen (%(dagen)s).") % {"dagen": _dagnamen(gevraagd)})
    elif gedekt:
        uitslag.score += max(1, round(3 * len(gedekt) / len(gevraagd)) - 1)
        uitslag.reden(
            "deels",
            _("%(gedekt)s van de %(gevraagd)s gevraagde dagen passen; niet: %(niet)s.")
            % {"gedekt": len(gedekt), "gevraagd": len(gevraagd), "niet": _dagnamen(niet)},
        )
    else:
        uitslag.reden("past_niet", _("Geen van de gevraagde dagen past."))


def _beoordeel_leeftijd(uitslag, vraag, locatie, plaats, start):
    maanden = leeftijd_in_maanden(vraag.geboortedatum, start)
    if maanden < 0:
        uitslag.reden("past_niet", _("Het kind is bij de start nog niet geboren."))
        return
    if not locatie["leeftijd_van_maanden"] <= maanden <= locatie["leeftijd_tot_maanden"]:
        uitslag.reden(
            "past_niet",
            _("Leeftijd bij de start: %(maanden)s maanden; deze locatie: %(van)s tot %(tot)s maanden.")
            % {"maanden": maanden, "van": locatie["leeftijd_van_maanden"], "tot": locatie["leeftijd_tot_maanden"]},
        )
        return
    groep = plaats["leeftijdsgroep"] if plaats else Leeftijdsgroep.ALLE
    if groep == Leeftijdsgroep.BABY and maanden >= PEUTER_VANAF_MAANDEN:
        uitslag.reden(
            "past_niet",
            _("De vrije plaats is voor baby's; het kind is dan %(maanden)s maanden.") % {"maanden": maanden},
        )
    elif groep == Leeftijdsgroep.PEUTER and maanden < PEUTER_VANAF_MAANDEN:
        uitslag.reden(
            "past_niet",
            _("De vrije plaats is voor peuters; het kind is dan %(maanden)s maanden.") % {"maanden": maanden},
        )
    else:
        uitslag.score += 2
        uitslag.reden("past", _("Leeftijd bij de start: %(maanden)s maanden, dat past.") % {"maanden": maanden})


def _beoordeel_atypisch(uitslag, vraag, locatie):
    labels = atypisch_labels()
    if not vraag.atypisch:
        uitslag.score += 2
        if vraag.atypisch_zonder_detail:
            uitslag.reden("info", _("Atypische uren gevraagd, zonder detail: vraag na wat nodig is."))
        return
    wel = [moment for moment in vraag.atypisch if locatie[moment]]
    niet = [moment for moment in vraag.atypisch if not locatie[moment]]
    if wel:
        uitslag.reden("past", _("Biedt opvang %(momenten)s.") % {"momenten": ", ".join(labels[m] for m in wel)})
    if niet:
        uitslag.reden("deels", _("Geen opvang %(momenten)s.") % {"momenten": ", ".join(labels[m] for m in niet)})
    uitslag.score += 2 if not niet else (1 if wel else 0)


def _beoordeel_tarief(uitslag, vraag, locatie):
    if locatie["inkomenstarief"]:
        uitslag.score += 2
        if vraag.tarief_nodig:
            uitslag.reden("past", _("Inkomensgerelateerd tarief, zoals het gezin nodig heeft."))
    elif vraag.tarief_nodig:
        uitslag.reden("deels", _("Geen inkomensgerelateerd tarief, en het gezin heeft dat nodig."))
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


def kandidaten_voor_vraag(vraag, *, nu=None, locaties=None, per_groep=10):
    """The candidate locations for a request, ranked (see the module docstring), as Kandidaat objects.

    Preferred locations are always listed (also without a fitting or any free place); other
    active locations of the desk's area only when a declared free place fits, at most
    `per_groep` per group. `locaties` (a queryset) restricts the candidates to those locations,
    all listed (a provider looking at a request sees how it fits each of its locations).
    Runs a fixed number of queries.
    """
    nu = nu or timezone.now()
    vraag = _vraag_laden(vraag)
    profiel = Vraagprofiel.van(vraag)
    rangen = dict(Voorkeur.objects.filter(vraag=vraag).values_list("locatie_id", "rang"))

    plaatsen = VrijePlaats.objects.filter(aantal__gt=0, locatie__actief=True)
    if locaties is not None:
        plaatsen = plaatsen.filter(locatie__in=locaties.values("pk"))
        zonder_plaats = Locatie.objects.filter(pk__in=locaties.values("pk"))
    else:
        uiterlijk = maand_later(profiel.start)
        gebied = Q(locatie__gemeente__loketten=vraag.loket_id, vanaf__lte=uiterlijk) & _leeftijd_filter(profiel)
        plaatsen = plaatsen.filter(Q(locatie_id__in=list(rangen)) | gebied)
        zonder_plaats = Locatie.objects.filter(pk__in=list(rangen))
    rijen = list(
        plaatsen.annotate(geldig_dagen=geldig_dagen_expressie("locatie__gemeente")).values(
            *PLAATS_WAARDEN, "geldig_dagen", *(f"locatie__{veld}" for veld in LOCATIE_WAARDEN)
        )
    )
    locatie_rijen = {rij["id"]: rij for rij in zonder_plaats.values(*LOCATIE_WAARDEN)}

    beste = {}
    for rij in rijen:
        locatie = {veld: rij[f"locatie__{veld}"] for veld in LOCATIE_WAARDEN}
        locatie_rijen.setdefault(locatie["id"], locatie)
        kandidaat = _kandidaat(profiel, locatie, rij, rangen, nu)
        huidige = beste.get(locatie["id"])
        if huidige is None or kandidaat.sorteer < huidige.sorteer:
            beste[locatie["id"]] = kandidaat
    for locatie_id, locatie in locatie_rijen.items():
        if locatie_id not in beste:
            beste[locatie_id] = _kandidaat(profiel, locatie, None, rangen, nu)

    gekozen = sorted(beste.values(), key=lambda k: k.sorteer)
    if locaties is None:
        per = {VOORKEUR: [], GEMEENTE: [], GEBIED: []}
        for kandidaat in gekozen:
            if kandidaat.groep == VOORKEUR:
                per[VOORKEUR].append(kandidaat)
            elif kandidaat.past and len(per[kandidaat.groep]) < per_groep:
                per[kandidaat.groep].append(kandidaat)
        gekozen = per[VOORKEUR] + per[GEMEENTE] + per[GEBIED]
    _objecten_laden(gekozen)
    return gekozen


def _leeftijd_filter(profiel):
    """SQL for the hard age condition at the desired start (the later free-from date is checked in Python)."""
    maanden = leeftijd_in_maanden(profiel.geboortedatum, profiel.start)
    groepen = [Leeftijdsgroep.ALLE, Leeftijdsgroep.BABY if maanden < PEUTER_VANAF_MAANDEN else Leeftijdsgroep.PEUTER]
    if maanden < PEUTER_VANAF_MAANDEN:
        # A baby at the desired start may be a toddler when a later place begins.
        groepen.append(Leeftijdsgroep.PEUTER)
    return Q(leeftijdsgroep__in=groepen, locatie__leeftijd_tot_maanden__gte=max(maanden, 0))


def _kandidaat(profiel, locatie, plaats, rangen, nu):
    beoordeling = beoordelen(profiel, locatie, plaats, nu=nu)
    rang = rangen.get(locatie["id"])
    if rang is not None:
        groep = VOORKEUR
    elif profiel.gemeente_id and locatie["gemeente_id"] == profiel.gemeente_id:
        groep = GEMEENTE
    else:
        groep = GEBIED
    vanaf = plaats["vanaf"] if plaats else datetime.date.max
    return Kandidaat(
        groep=groep,
        beoordeling=beoordeling,
        rang=rang,
        locatie_id=locatie["id"],
        plaats_id=plaats["id"] if plaats else None,
        sorteer=(
            groep,
            not beoordeling.past,
            -beoordeling.score,
            beoordeling.verouderd,
            rang or 0,
            vanaf,
            locatie["naam"],
            locatie["id"],
        ),
    )


def _objecten_laden(kandidaten):
    locaties = Locatie.objects.select_related("gemeente", "organisator").in_bulk([k.locatie_id for k in kandidaten])
    plaatsen = VrijePlaats.objects.in_bulk([k.plaats_id for k in kandidaten if k.plaats_id])
    for kandidaat in kandidaten:
        kandidaat.locatie = locaties[kandidaat.locatie_id]
        kandidaat.plaats = plaatsen.get(kandidaat.plaats_id)


def vragen_voor_vrije_plaats(plaats, *, vragen, nu=None, limiet=25):
    """The open requests among `vragen` (a scoped queryset) that fit a free place, ranked.

    Groups: requests that chose the place's location, then requests of its municipality, then
    the rest; inside a group as for kandidaten_voor_vraag. Requests that do not fit are left
    out, except those that chose this location. Each Kandidaat carries `vraag`. Runs a fixed
    number of queries.
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
    vroegste_start = maand_later(plaats_rij["vanaf"], -1)
    kandidaat_vragen = list(
        vragen.filter(status__in=OPEN_STATUSSEN, gewenste_startdatum__gte=vroegste_start)
        .select_related("kind", "gezin", "loket")
        .order_by("pk")
    )
    rangen = dict(
        Voorkeur.objects.filter(locatie_id=plaats.locatie_id, vraag__in=[v.pk for v in kandidaat_vragen]).values_list(
            "vraag_id", "rang"
        )
    )
    uitkomst = []
    for vraag in kandidaat_vragen:
        profiel = Vraagprofiel.van(vraag)
        kandidaat = _kandidaat(
            profiel, locatie, plaats_rij, {locatie["id"]: rangen[vraag.pk]} if vraag.pk in rangen else {}, nu
        )
        if not kandidaat.past and kandidaat.groep != VOORKEUR:
            continue
        kandidaat.vraag = vraag
        kandidaat.plaats = plaats
        # Among requests the desk's priority order breaks ties: urgent, priority group, waiting time.
        kandidaat.sorteer = (
            kandidaat.groep,
            not kandidaat.past,
            -kandidaat.score,
            kandidaat.verouderd,
            not vraag.dringend,
            not vraag.voorrangsgroep,
            vraag.ingediend_op,
            vraag.pk,
        )
        uitkomst.append(kandidaat)
    uitkomst.sort(key=lambda k: k.sorteer)
    return uitkomst[:limiet]
