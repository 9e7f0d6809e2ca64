"""The desk's policy dashboard (`/rapportage/beleid/`): demand, supply, unanswered requests over time,
waiting times, where families find care, provider participation and the reach of vulnerable families.

Reads only. Every figure is a grouped query over one table (a few joins), shaped in Python into a
`Tabel`; the number of queries does not depend on the number of months or municipalities. The
unanswered requests over time (section 3) are the Kind en Gezin report's own rules
(`queries.groepen_per_peildatum`: the rules that depend on the reference date, read for all month
ends in one pass): so the February point of year Y+1 is the report of year Y.

Small-number protection: `Tabel.afgeschermd()` turns a count from 1 to 4 into "<5" (and what is
computed from such a count into "–"); the views apply it for every user who is not a coordinator.
"""

import calendar
import datetime
from dataclasses import dataclass, field, replace

from django.db.models import Count, DateField, Func, IntegerField, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from aanbod.models import Locatie, VrijePlaats
from aanmelding.models import (
    ATYPISCH_Q,
    OPEN_STATUSSEN,
    VOORRANGSGROEP_Q,
    Antwoord,
    Doorverwijzing,
    Kanaal,
    Opvangvoorstel,
    Opvangvraag,
    Voorkeur,
    VoorstelStatus,
)
from loket.models import Gemeente, Logregel

from .queries import (
    KOLOMMEN,
    KORTE_TITELS,
    Peiling,
    groepen_per_peildatum,
    grote_telling,
    kolommen_voor,
    standaard_peildatum,
)

KLEIN = "<5"
AFGELEID_KLEIN = "–"
# The longest period one page shows: three years of months.
MAX_MAANDEN = 36


# ---------------------------------------------------------------------------------------------
# Period and choice


def maand_plus(maand, aantal):
    """The first day of the month `aantal` months after the month of `maand`."""
    index = maand.year * 12 + maand.month - 1 + aantal
    return datetime.date(index // 12, index % 12 + 1, 1)


def maanden_terug(datum, aantal):
    """The same day `aantal` months earlier, clamped to that month's last day."""
    maand = maand_plus(datum, -aantal)
    return maand.replace(day=min(datum.day, calendar.monthrange(maand.year, maand.month)[1]))


def maandeinde(maand):
    return datetime.date(maand.year, maand.month, calendar.monthrange(maand.year, maand.month)[1])


def _moment(datum):
    """The first moment of `datum` in Belgian time."""
    return timezone.make_aware(datetime.datetime.combine(datum, datetime.time.min), timezone.get_default_timezone())


@dataclass(frozen=True)
class Keuze:
    """What the dashboard shows: one desk, months `van` to `tot` (first days), one municipality or all."""

    loket: object
    van: datetime.date
    tot: datetime.date
    gemeente: object = None
    nu: datetime.datetime = None

    @property
    def maanden(self):
        uit, maand = [], self.van
        while maand <= self.tot:
            uit.append(maand)
            maand = maand_plus(maand, 1)
        return uit

    @property
    def begin(self):
        return _moment(self.van)

    @property
    def einde(self):
        """The first moment after the period."""
        return _moment(maand_plus(self.tot, 1))

    @property
    def is_jaar(self):
        return self.van.month == 1 and self.tot == datetime.date(self.van.year, 12, 1)

    @property
    def jaar(self):
        """The report year whose requests section 3 follows: the year the period starts in."""
        return self.van.year

    @property
    def tijdstip(self):
        return self.nu or timezone.now()

    def vragen_q(self, prefix=""):
        """Q: the desk's requests (a merged duplicate is not one of its own), of the chosen municipality
        if any; `prefix` reaches the request from another table (a join instead of an IN)."""
        q = Q(**{f"{prefix}loket": self.loket, f"{prefix}samengevoegd_met__isnull": True})
        if self.gemeente is not None:
            q &= Q(**{f"{prefix}gemeente": self.gemeente})
        return q

    def vragen(self):
        return Opvangvraag.objects.filter(self.vragen_q())


# ---------------------------------------------------------------------------------------------
# Tables


@dataclass(frozen=True)
class Kolom:
    """A column: `soort` "tekst", "aantal" (a count of children or requests: masked when small),
    "procent" (0-1), "dagen" or "verhouding"; `basis` is the count column a derived value comes from."""

    sleutel: str
    titel: str
    soort: str = "aantal"
    basis: str | None = None


@dataclass
class Tabel:
    sleutel: str
    titel: str
    kolommen: list
    rijen: list
    totaal: list | None = None

    def afgeschermd(self):
        """A copy in which a count of 1 to 4 reads "<5", and a value computed from such a count "–"."""
        index = {kolom.sleutel: i for i, kolom in enumerate(self.kolommen)}

        def rij_afschermen(rij):
            uit = list(rij)
            for i, kolom in enumerate(self.kolommen):
                if kolom.soort == "aantal" and _is_klein(rij[i]):
                    uit[i] = KLEIN
                elif kolom.basis is not None and _is_klein(rij[index[kolom.basis]]):
                    uit[i] = AFGELEID_KLEIN
            return uit

        return replace(
            self,
            rijen=[rij_afschermen(rij) for rij in self.rijen],
            totaal=rij_afschermen(self.totaal) if self.totaal else None,
        )

    def kolom(self, sleutel):
        i = [kolom.sleutel for kolom in self.kolommen].index(sleutel)
        return [rij[i] for rij in self.rijen]

    def opgemaakt(self):
        """The rows as text for a page or a PDF: percentages, days and ratios rounded."""
        return [
            [_opmaak(waarde, kolom.soort) for waarde, kolom in zip(rij, self.kolommen, strict=True)]
            for rij in [*self.rijen, *([self.totaal] if self.totaal else [])]
        ]


def afschermen(waarde):
    """A count of 1 to 4 as "<5"; anything else unchanged."""
    return KLEIN if _is_klein(waarde) else waarde


def rapport_afgeschermd(rapport):
    """A copy of a Kind en Gezin report (queries.Rapport) with every count of 1 to 4 as "<5"."""

    def rij_afschermen(rij):
        return replace(
            rij,
            aantallen={k: afschermen(v) for k, v in rij.aantallen.items()},
            categorieen={c: {k: afschermen(v) for k, v in w.items()} for c, w in rij.categorieen.items()},
        )

    return replace(
        rapport, gemeenten=[rij_afschermen(r) for r in rapport.gemeenten], totaal=rij_afschermen(rapport.totaal)
    )


def _is_klein(waarde):
    return isinstance(waarde, int) and not isinstance(waarde, bool) and 0 < waarde < 5


def _opmaak(waarde, soort):
    if waarde is None:
        return "–"
    if isinstance(waarde, str):
        return waarde
    if soort == "procent":
        return f"{round(waarde * 100)} %"
    if soort == "verhouding":
        return f"{waarde:.1f}".replace(".", ",")
    if soort == "dagen" and isinstance(waarde, float):
        return f"{waarde:.0f}"
    return str(waarde)


@dataclass
class Figuur:
    """A chart with its table right below it and a one-line caption. `reeksen`: the table's columns
    drawn (label from the column title), along `x` (the first column) as `grafiek` "lijn", "staaf" or
    "gestapeld"."""

    sleutel: str
    titel: str
    onderschrift: str
    tabel: Tabel
    grafiek: str
    reeksen: list

    def afgeschermd(self):
        return replace(self, tabel=self.tabel.afgeschermd())


@dataclass
class Sectie:
    sleutel: str
    titel: str
    figuren: list
    toelichting: str = ""


@dataclass
class Dashboard:
    keuze: Keuze
    secties: list = field(default_factory=list)
    afgeschermd: bool = False

    def figuren(self):
        return [figuur for sectie in self.secties for figuur in sectie.figuren]

    def voor_beleid(self):
        """The dashboard with small-number protection."""
        return replace(
            self,
            afgeschermd=True,
            secties=[replace(s, figuren=[f.afgeschermd() for f in s.figuren]) for s in self.secties],
        )


def maandlabel(maand):
    return date_format(maand, "M Y")


def _aandeel(teller, noemer):
    return teller / noemer if noemer else None


# ---------------------------------------------------------------------------------------------
# SQL helpers that run the same on SQLite and PostgreSQL


class PlusMaanden(Func):
    """A date plus `maanden` calendar months, clamped to the month's last day (31 Aug + 6 -> 28/29 Feb)."""

    output_field = DateField()
    arity = 1

    def __init__(self, expressie, maanden):
        self.maanden = int(maanden)
        super().__init__(expressie)

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, template=f"(%(expressions)s + interval '{self.maanden} months')::date"
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        datum, params = compiler.compile(self.source_expressions[0])
        n = self.maanden
        sql = f"MIN(date({datum}, '+{n} months'), date({datum}, 'start of month', '+{n + 1} months', '-1 day'))"
        return sql, (*params, *params)


class DagenTussen(Func):
    """Whole days from the second moment to the first (rounded down)."""

    output_field = IntegerField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="FLOOR(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400)::integer",
            arg_joiner=" - ",
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(FLOOR(julianday(%(expressions)s)) AS INTEGER)",
            arg_joiner=") - julianday(",
        )


def _maand(veld):
    """The month of a moment in Belgian time, as a date: no time zone conversion per row in Python."""
    return TruncMonth(veld, output_field=DateField(), tzinfo=timezone.get_default_timezone())


def _maanddatum(waarde):
    """A TruncMonth result as the month's first day."""
    if isinstance(waarde, datetime.datetime):
        waarde = timezone.localtime(waarde) if timezone.is_aware(waarde) else waarde
        return waarde.date().replace(day=1)
    return waarde.replace(day=1)


def percentiel(histogram, p):
    """The p-th percentile (nearest rank) of {value: count}: the smallest value with p of all at or below it."""
    totaal = sum(histogram.values())
    if not totaal:
        return None
    grens, opgeteld = p * totaal, 0
    for waarde in sorted(histogram):
        opgeteld += histogram[waarde]
        if opgeteld >= grens:
            return waarde
    return None


# ---------------------------------------------------------------------------------------------
# 1. Demand

KANALEN = [Kanaal.ONLINE, Kanaal.BALIE, Kanaal.TELEFOON, Kanaal.TOELEIDER, Kanaal.AANBIEDER, Kanaal.IMPORT]
LEEFTIJDEN = [
    ("0_6", _("0–6 maanden"), None, 6),
    ("6_12", _("6–12 maanden"), 6, 12),
    ("12_18", _("12–18 maanden"), 12, 18),
    ("18_36", _("18–36 maanden"), 18, 36),
    ("ouder", _("ouder dan 36 maanden"), 36, None),
]
DAGEN = [
    ("d2", _("tot 2 dagen"), None, 2),
    ("d3", _("2,5 tot 3 dagen"), 2, 3),
    ("d4", _("3,5 tot 4 dagen"), 3, 4),
    ("d5", _("meer dan 4 dagen"), 4, None),
]
ATYPISCHE_MOMENTEN = [
    ("voor_7u", _("voor 7 uur")),
    ("na_18u", _("na 18 uur")),
    ("zaterdag", _("zaterdag")),
    ("zon_en_feestdag", _("zondag of feestdag")),
]
CATEGORIE_Q = {
    "dringend": (_("dringend"), Q(dringend=True)),
    "voorrangsgroep": (_("voorrangsgroep"), VOORRANGSGROEP_Q),
    "kwetsbaar_gezin": (_("kwetsbaar gezin"), Q(kwetsbaar_gezin=True)),
    "specifieke_zorgbehoefte": (_("specifieke zorgbehoefte"), Q(specifieke_zorgbehoefte=True)),
}


def _leeftijd_q(van, tot):
    """The child's age at the original desired start is at least `van` and under `tot` months."""
    q = Q()
    if van is not None:
        q &= Q(gewenste_startdatum_origineel__gte=PlusMaanden("kind__geboortedatum", van))
    if tot is not None:
        q &= Q(gewenste_startdatum_origineel__lt=PlusMaanden("kind__geboortedatum", tot))
    return q


def _dagen_q(van, tot):
    q = Q()
    if van is not None:
        q &= Q(dagen_per_week_origineel__gt=van)
    if tot is not None:
        q &= Q(dagen_per_week_origineel__lte=tot)
    return q


def vraag_per_maand(keuze):
    """{month: {measure: count}} of the requests registered in the period (month of `ingediend_op`,
    Belgian time). `kinderen`: children registered for the first time at the desk. Two queries."""
    tellingen = {
        "vragen": Count("pk"),
        **{f"k_{kanaal}": Count("pk", filter=Q(kanaal=kanaal)) for kanaal in KANALEN},
        **{f"l_{s}": Count("pk", filter=_leeftijd_q(van, tot)) for s, _t, van, tot in LEEFTIJDEN},
        **{f"d_{s}": Count("pk", filter=_dagen_q(van, tot)) for s, _t, van, tot in DAGEN},
        **{f"a_{s}": Count("pk", filter=Q(**{s: True})) for s, _t in ATYPISCHE_MOMENTEN},
        "a_atypisch": Count("pk", filter=ATYPISCH_Q),
        **{f"c_{s}": Count("pk", filter=q) for s, (_t, q) in CATEGORIE_Q.items()},
        "kw_toeleider": Count("pk", filter=Q(kwetsbaar_gezin=True, kanaal=Kanaal.TOELEIDER)),
        "kw_balie": Count("pk", filter=Q(kwetsbaar_gezin=True, kanaal__in=[Kanaal.BALIE, Kanaal.TELEFOON])),
    }
    rijen = (
        keuze.vragen()
        .filter(ingediend_op__gte=keuze.begin, ingediend_op__lt=keuze.einde)
        .annotate(maand=_maand("ingediend_op"))
        .values("maand")
        .annotate(**tellingen)
        .order_by()
    )
    leeg = dict.fromkeys(tellingen, 0)
    uit = {maand: dict(leeg) | {"kinderen": 0} for maand in keuze.maanden}
    for rij in rijen:
        maand = _maanddatum(rij.pop("maand"))
        if maand in uit:
            for sleutel, waarde in rij.items():
                uit[maand][sleutel] += waarde
    for maand, aantal in nieuwe_kinderen(keuze).items():
        uit[maand]["kinderen"] = aantal
    return uit


def nieuwe_kinderen(keuze):
    """{month: children registered at the desk for the first time that month}: a child is its key,
    as in the report (Opvangvraag.kind_sleutel, kept on the request).

    One query: the first registration per child, counted per month in a query around it. (A
    correlated NOT EXISTS per request took 6 s for a desk of 3,000 requests on SQLite, whose
    planner walked the desk's index instead of the child's. Grouping on the child's identity
    through a join of Kind took 1.2 s for 1,000,000 requests; on the key kept on the request, read in
    the order of the index vraag_eerste_per_kind, 0.44 s.)
    """
    eerste = keuze.vragen().values("kind_sleutel").annotate(eerste=Min("ingediend_op"))
    tellingen = {
        maand.isoformat(): Count(
            "kind_sleutel", filter=Q(eerste__gte=_moment(maand), eerste__lt=_moment(maand_plus(maand, 1)))
        )
        for maand in keuze.maanden
    }
    return {datetime.date.fromisoformat(m): n for m, n in eerste.aggregate(**tellingen).items()}


def _maandtabel(sleutel, titel, per_maand, kolommen):
    """A table with one row per month and a totals row; `kolommen` [(key in per_maand, title)]."""
    rijen = [[maandlabel(maand), *[getallen[k] for k, _t in kolommen]] for maand, getallen in per_maand.items()]
    totaal = [str(_("Totaal")), *[sum(g[k] for g in per_maand.values()) for k, _t in kolommen]]
    return Tabel(
        sleutel=sleutel,
        titel=str(titel),
        kolommen=[Kolom("maand", str(_("Maand")), "tekst"), *[Kolom(k, str(t)) for k, t in kolommen]],
        rijen=rijen,
        totaal=totaal,
    )


def sectie_vraag(per_maand):
    kolommen = [("vragen", _("nieuwe vragen")), ("kinderen", _("nieuwe unieke kinderen"))]
    figuren = [
        Figuur(
            "vraag",
            str(_("Nieuwe vragen en kinderen per maand")),
            str(_("Hoeveel vragen het loket elke maand kreeg, en hoeveel kinderen voor het eerst.")),
            _maandtabel("vraag", _("Nieuwe vragen en kinderen per maand"), per_maand, kolommen),
            "lijn",
            ["vragen", "kinderen"],
        ),
        _maandfiguur(
            "kanaal",
            _("Vragen per kanaal"),
            _(
                "Langs welke weg de vragen binnenkwamen: online, aan de balie, telefonisch, via een toeleider "
                "of een opvanglocatie."
            ),
            per_maand,
            [(f"k_{k}", Kanaal(k).label) for k in KANALEN],
        ),
        _maandfiguur(
            "leeftijd",
            _("Vragen naar leeftijd van het kind bij de gewenste start"),
            _("Hoe oud de kinderen zijn op de oorspronkelijk gewenste startdatum."),
            per_maand,
            [(f"l_{s}", t) for s, t, _v, _tot in LEEFTIJDEN],
        ),
        _maandfiguur(
            "dagen",
            _("Vragen naar aantal opvangdagen per week"),
            _("Hoeveel dagen per week de gezinnen oorspronkelijk vroegen."),
            per_maand,
            [(f"d_{s}", t) for s, t, _v, _tot in DAGEN],
        ),
        _maandfiguur(
            "atypisch",
            _("Vragen voor atypische momenten"),
            _("Hoeveel vragen opvang vroegen voor 7 uur, na 18 uur, op zaterdag of op zon- en feestdagen."),
            per_maand,
            [*[(f"a_{s}", t) for s, t in ATYPISCHE_MOMENTEN], ("a_atypisch", _("minstens één atypisch moment"))],
            grafiek="lijn",
        ),
        _maandfiguur(
            "categorie",
            _("Vragen per categorie"),
            _(
                "Hoeveel vragen dringend waren, van een voorrangsgroep, van een kwetsbaar gezin of met een "
                "specifieke zorgbehoefte."
            ),
            per_maand,
            [(f"c_{s}", t) for s, (t, _q) in CATEGORIE_Q.items()],
            grafiek="lijn",
        ),
    ]
    return Sectie("vraag", str(_("1. Vraag naar opvang")), figuren)


def _maandfiguur(sleutel, titel, onderschrift, per_maand, kolommen, grafiek="gestapeld"):
    tabel = _maandtabel(sleutel, titel, per_maand, kolommen)
    return Figuur(sleutel, str(titel), str(onderschrift), tabel, grafiek, [k for k, _t in kolommen])


# ---------------------------------------------------------------------------------------------
# 2. Supply against demand per municipality


def gebied(keuze):
    """The municipalities the dashboard is about: the desk's area, or the one chosen. One query."""
    if keuze.gemeente is not None:
        return [keuze.gemeente]
    return list(keuze.loket.werkingsgebied.order_by("naam_nl"))


def sectie_aanbod(keuze, gemeenten):
    """Licensed and free places against open requests, per municipality, today. Three queries."""
    nu = keuze.tijdstip
    vandaag = timezone.localdate(nu)
    ids = [g.pk for g in gemeenten]
    locaties = {
        rij["gemeente_id"]: rij
        for rij in Locatie.objects.filter(gemeente__in=ids, actief=True)
        .values("gemeente_id")
        .annotate(erkend=Sum("erkende_plaatsen"), inkomenstarief=Sum("erkende_plaatsen", filter=Q(inkomenstarief=True)))
        .order_by()
    }
    grens = nu - datetime.timedelta(days=keuze.loket.vrije_plaatsen_geldig_dagen)
    plaatsen = {
        rij["locatie__gemeente_id"]: rij
        for rij in VrijePlaats.objects.filter(locatie__gemeente__in=ids, locatie__actief=True, aantal__gt=0)
        .values("locatie__gemeente_id")
        .annotate(
            vers=Sum("aantal", filter=Q(bevestigd_op__gte=grens)), oud=Sum("aantal", filter=Q(bevestigd_op__lt=grens))
        )
        .order_by()
    }
    open_vragen = {
        rij["gemeente_id"]: rij
        for rij in keuze.vragen()
        .filter(status__in=OPEN_STATUSSEN, gemeente__in=ids)
        .values("gemeente_id")
        .annotate(
            **{f"m{n}": Count("pk", filter=Q(gewenste_startdatum__lt=maand_plus(vandaag, n + 1))) for n in (3, 6, 12)},
            inkomen=Count("pk", filter=Q(gezin__laag_inkomen=True) | Q(gezin__hulp_inkomenstarief=True)),
        )
        .order_by()
    }
    kolommen = [
        Kolom("gemeente", str(_("Gemeente")), "tekst"),
        Kolom("erkend", str(_("erkende plaatsen")), "plaatsen"),
        Kolom("vers", str(_("vrije plaatsen (actueel)")), "plaatsen"),
        Kolom("oud", str(_("vrije plaatsen (verouderd)")), "plaatsen"),
        Kolom("m3", str(_("open vragen, start binnen 3 maanden"))),
        Kolom("m6", str(_("open vragen, start binnen 6 maanden"))),
        Kolom("m12", str(_("open vragen, start binnen 12 maanden"))),
        Kolom("verhouding", str(_("open vragen (12 maanden) per vrije plaats")), "verhouding", basis="m12"),
        Kolom("inkomenstarief", str(_("erkende plaatsen met inkomenstarief")), "plaatsen"),
        Kolom("inkomen", str(_("open vragen van gezinnen die een inkomenstarief nodig hebben"))),
    ]

    def rij(naam, lo, p, v):
        vrij = (p.get("vers") or 0) + (p.get("oud") or 0)
        m12 = v.get("m12", 0)
        return [
            naam,
            lo.get("erkend") or 0,
            p.get("vers") or 0,
            p.get("oud") or 0,
            v.get("m3", 0),
            v.get("m6", 0),
            m12,
            m12 / vrij if vrij else None,
            lo.get("inkomenstarief") or 0,
            v.get("inkomen", 0),
        ]

    rijen = [
        rij(g.naam_nl, locaties.get(g.pk, {}), plaatsen.get(g.pk, {}), open_vragen.get(g.pk, {})) for g in gemeenten
    ]
    som = [sum(r[i] for r in rijen) for i in range(1, 7)]
    vrij = som[1] + som[2]
    totaal = [
        str(_("Totaal")),
        *som,
        som[5] / vrij if vrij else None,
        sum(r[8] for r in rijen),
        sum(r[9] for r in rijen),
    ]
    tabel = Tabel("aanbod", str(_("Aanbod en vraag per gemeente")), kolommen, rijen, totaal)
    figuur = Figuur(
        "aanbod",
        str(_("Aanbod en vraag per gemeente")),
        str(
            _(
                "Vandaag: vrije plaatsen die aanbieders meldden (actueel of verouderd) naast de open vragen "
                "die binnen een jaar willen starten."
            )
        ),
        tabel,
        "staaf",
        ["vers", "oud", "m12"],
    )
    return Sectie("aanbod", str(_("2. Aanbod tegenover vraag")), [figuur])


# ---------------------------------------------------------------------------------------------
# 3. Unanswered over time


def peilmomenten(keuze):
    """The month ends section 3 shows: those of the period (for a whole year also January and
    February of the next year, up to the report's reference date), none before January of the
    report year and none after today."""
    eind = maand_plus(keuze.tot, 2) if keuze.is_jaar else keuze.tot
    vandaag = timezone.localdate(keuze.tijdstip)
    uit, maand = [], max(keuze.van, datetime.date(keuze.jaar, 1, 1))
    while maand <= eind:
        einde = maandeinde(maand)
        if einde <= vandaag:
            uit.append(einde)
        maand = maand_plus(maand, 1)
    return uit


def onbeantwoord_per_peildatum(keuze, categorieen=("kwetsbaar_gezin",)):
    """{month end: {"alle": {column: n}, category: {column: n}}}: the Kind en Gezin report of the year
    as of each month end, for the chosen municipality or the whole desk: the report's own rules
    (`queries.groepen_per_peildatum`). One query, a second when some request has more than one
    accepted offer; none when there is no month end."""
    momenten = peilmomenten(keuze)
    uit = {
        m: {"alle": dict.fromkeys(KOLOMMEN, 0), **{c: dict.fromkeys(KOLOMMEN, 0) for c in categorieen}}
        for m in momenten
    }
    if not momenten:
        return uit
    feiten = list(Peiling.maak(loket=keuze.loket, jaar=keuze.jaar).feiten())
    with grote_telling(keuze.vragen().db):  # bench/beleid.py, whole installation: 1.26 s -> 1.03 s
        groepen = list(
            groepen_per_peildatum(
                loket=keuze.loket,
                jaar=keuze.jaar,
                peildata=momenten,
                categorieen=list(categorieen),
                gemeente=keuze.gemeente,
            )
        )
    for groep in groepen:
        kolommen = kolommen_voor(**{naam: bool(groep[f"f_{naam}"]) for naam in feiten})
        per_peil = uit[groep["peil"]]
        for kolom in kolommen:
            per_peil["alle"][kolom] += groep["aantal"]
            for categorie in categorieen:
                if groep[f"c_{categorie}"]:
                    per_peil[categorie][kolom] += groep["aantal"]
    return uit


def sectie_onbeantwoord(keuze, per_peildatum):
    kolommen = [Kolom("peildatum", str(_("Einde van de maand")), "tekst")] + [
        Kolom(k, str(KORTE_TITELS[k])) for k in KOLOMMEN
    ]
    rijen = [[date_format(m, "d/m/Y"), *[w["alle"][k] for k in KOLOMMEN]] for m, w in per_peildatum.items()]
    tabel = Tabel("onbeantwoord", str(_("Onbeantwoorde vragen doorheen de tijd")), kolommen, rijen)
    februari = standaard_peildatum(keuze.jaar)
    figuur = Figuur(
        "onbeantwoord",
        str(_("Onbeantwoorde vragen van %(jaar)s doorheen de tijd") % {"jaar": keuze.jaar}),
        str(
            _(
                "De telling voor Kind en Gezin van de vragen met startdatum in %(jaar)s, zoals ze er op elk "
                "maandeinde uitzag; het punt van %(februari)s is het jaarrapport."
            )
            % {"jaar": keuze.jaar, "februari": date_format(februari, "d/m/Y")}
        ),
        tabel,
        "lijn",
        list(KOLOMMEN),
    )
    return Sectie("onbeantwoord", str(_("3. Onbeantwoorde vragen doorheen de tijd")), [figuur])


# ---------------------------------------------------------------------------------------------
# 4. Waiting and response times


def eerste_reacties(keuze):
    """The first offer each chosen location made to each request of `keuze`: the reaction the desk's
    deadline for providers watches (aanbod.termijnen). The offer carries it (Opvangvoorstel.eerste_reactie)."""
    return Opvangvoorstel.objects.filter(keuze.vragen_q("vraag__"), eerste_reactie=True)


def wachttijden(keuze):
    """Histograms {measure: {month: {days: n}}} and the reaction times per location {location: {days: n}}.

    `voorstel`: registration to the first offer (month of the offer); `toewijzing`: registration to
    an assignment that still stands (month of the acceptance); `reactie`: registration to a chosen
    location's first offer. Three queries.
    """
    vragen = keuze.vragen()
    voorstel = (
        vragen.filter(eerste_voorstel_op__gte=keuze.begin, eerste_voorstel_op__lt=keuze.einde)
        .annotate(maand=_maand("eerste_voorstel_op"), dagen=DagenTussen("eerste_voorstel_op", "ingediend_op"))
        .values("maand", "dagen")
        .annotate(n=Count("pk"))
        .order_by()
    )
    toewijzing = (
        Opvangvoorstel.objects.filter(
            keuze.vragen_q("vraag__"),
            status=VoorstelStatus.AANVAARD,
            antwoord=Antwoord.AANVAARD,
            beantwoord_op__gte=keuze.begin,
            beantwoord_op__lt=keuze.einde,
        )
        .annotate(maand=_maand("beantwoord_op"), dagen=DagenTussen("beantwoord_op", "vraag__ingediend_op"))
        .values("maand", "dagen")
        .annotate(n=Count("pk"))
        .order_by()
    )
    reactie = (
        eerste_reacties(keuze)
        .filter(voorgesteld_op__gte=keuze.begin, voorgesteld_op__lt=keuze.einde)
        .annotate(maand=_maand("voorgesteld_op"), dagen=DagenTussen("voorgesteld_op", "vraag__ingediend_op"))
        .values("maand", "locatie_id", "dagen")
        .annotate(n=Count("pk"))
        .order_by()
    )
    with grote_telling(keuze.vragen().db):  # bench/beleid.py, whole installation: 0.95 s -> 0.79 s
        rijen_per = {"voorstel": list(voorstel), "toewijzing": list(toewijzing), "reactie": list(reactie)}
    uit = {naam: {maand: {} for maand in keuze.maanden} for naam in rijen_per}
    per_locatie = {}
    for naam, rijen in rijen_per.items():
        for rij in rijen:
            maand = _maanddatum(rij["maand"])
            if maand not in uit[naam]:
                continue
            histogram = uit[naam][maand]
            histogram[rij["dagen"]] = histogram.get(rij["dagen"], 0) + rij["n"]
            if naam == "reactie":
                per = per_locatie.setdefault(rij["locatie_id"], {})
                per[rij["dagen"]] = per.get(rij["dagen"], 0) + rij["n"]
    return uit, per_locatie


def lang_open(keuze):
    """Requests open today, and how many of them were registered more than 3, 6 and 12 months ago. One query."""
    nu = keuze.tijdstip
    vandaag = timezone.localdate(nu)
    return (
        keuze.vragen()
        .filter(status__in=OPEN_STATUSSEN)
        .aggregate(
            open=Count("pk"),
            **{f"m{n}": Count("pk", filter=Q(ingediend_op__lt=_moment(maanden_terug(vandaag, n)))) for n in (3, 6, 12)},
        )
    )


WACHTTIJDEN = [
    ("voorstel", _("inschrijving → eerste voorstel")),
    ("toewijzing", _("inschrijving → toewijzing")),
    ("reactie", _("eerste reactie van een gekozen locatie")),
]


def sectie_wachttijden(keuze, histogrammen, open_aantallen):
    kolommen = [Kolom("maand", str(_("Maand")), "tekst")]
    for naam, titel in WACHTTIJDEN:
        kolommen += [
            Kolom(f"{naam}_n", f"{titel}: {_('aantal')}"),
            Kolom(f"{naam}_p50", f"{titel}: {_('mediaan (dagen)')}", "dagen", basis=f"{naam}_n"),
            Kolom(f"{naam}_p75", f"{titel}: {_('p75 (dagen)')}", "dagen", basis=f"{naam}_n"),
            Kolom(f"{naam}_p90", f"{titel}: {_('p90 (dagen)')}", "dagen", basis=f"{naam}_n"),
        ]

    def cellen(histogram):
        return [sum(histogram.values()), *[percentiel(histogram, p) for p in (0.5, 0.75, 0.9)]]

    rijen = []
    for maand in keuze.maanden:
        rij = [maandlabel(maand)]
        for naam, _titel in WACHTTIJDEN:
            rij += cellen(histogrammen[naam][maand])
        rijen.append(rij)
    totaal = [str(_("Hele periode"))]
    for naam, _titel in WACHTTIJDEN:
        samen = {}
        for histogram in histogrammen[naam].values():
            for dagen, n in histogram.items():
                samen[dagen] = samen.get(dagen, 0) + n
        totaal += cellen(samen)
    tabel = Tabel("wachttijden", str(_("Wachttijden per maand")), kolommen, rijen, totaal)
    wacht = Figuur(
        "wachttijden",
        str(_("Wachttijden per maand (mediaan)")),
        str(
            _(
                "Hoeveel dagen na de inschrijving een gezin een eerste voorstel of een plaats kreeg, en hoe snel "
                "een gekozen locatie reageerde; de helft wachtte korter dan de mediaan, 9 op 10 korter dan p90."
            )
        ),
        tabel,
        "lijn",
        [f"{naam}_p50" for naam, _t in WACHTTIJDEN],
    )
    open_tabel = Tabel(
        "lang_open",
        str(_("Vragen die lang openstaan")),
        [
            Kolom("wat", str(_("Vandaag")), "tekst"),
            Kolom("open", str(_("open vragen"))),
            Kolom("m3", str(_("langer dan 3 maanden"))),
            Kolom("m6", str(_("langer dan 6 maanden"))),
            Kolom("m12", str(_("langer dan 12 maanden"))),
        ],
        [[str(_("open vragen")), *[open_aantallen[k] for k in ("open", "m3", "m6", "m12")]]],
    )
    lang = Figuur(
        "lang_open",
        str(_("Vragen die lang openstaan")),
        str(_("Hoeveel vragen vandaag nog open zijn, en hoe lang geleden ze werden ingediend.")),
        open_tabel,
        "staaf",
        ["open", "m3", "m6", "m12"],
    )
    return Sectie("wachttijden", str(_("4. Wachttijden en reactietijden")), [wacht, lang])


# ---------------------------------------------------------------------------------------------
# 5. Where families find care


def toewijzingen(keuze):
    """Assignments that still stand, accepted in the period, grouped by the family's municipality and
    the location. With a municipality chosen: those of its families or at its locations. One query."""
    voorstellen = Opvangvoorstel.objects.filter(
        vraag__loket=keuze.loket,
        vraag__samengevoegd_met__isnull=True,
        status=VoorstelStatus.AANVAARD,
        antwoord=Antwoord.AANVAARD,
        beantwoord_op__gte=keuze.begin,
        beantwoord_op__lt=keuze.einde,
    )
    if keuze.gemeente is not None:
        voorstellen = voorstellen.filter(Q(vraag__gezin__gemeente=keuze.gemeente) | Q(locatie__gemeente=keuze.gemeente))
    rijen = (
        voorstellen.values("vraag__gezin__gemeente_id", "locatie_id", "locatie__naam", "locatie__gemeente_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        {
            "gezin_gemeente": rij["vraag__gezin__gemeente_id"],
            "locatie_gemeente": rij["locatie__gemeente_id"],
            "locatie_id": rij["locatie_id"],
            "locatie_naam": rij["locatie__naam"],
            "n": rij["n"],
        }
        for rij in rijen
    ]


def sectie_intergemeentelijk(keuze, groepen, gebied_ids, namen):
    gezin_ids = sorted({g["gezin_gemeente"] for g in groepen}, key=lambda pk: (pk not in gebied_ids, namen.get(pk, "")))
    locatie_ids = sorted(
        {g["locatie_gemeente"] for g in groepen}, key=lambda pk: (pk not in gebied_ids, namen.get(pk, ""))
    )
    cel = {}
    for g in groepen:
        sleutel = (g["gezin_gemeente"], g["locatie_gemeente"])
        cel[sleutel] = cel.get(sleutel, 0) + g["n"]
    kolommen = [
        Kolom("gemeente", str(_("Gemeente van het gezin")), "tekst"),
        *[Kolom(f"g{pk}", namen.get(pk, "?")) for pk in locatie_ids],
        Kolom("totaal", str(_("Totaal"))),
        Kolom("eigen", str(_("in de eigen gemeente"))),
        Kolom("ander", str(_("in een andere gemeente van het werkingsgebied"))),
        Kolom("buiten", str(_("buiten het werkingsgebied"))),
        Kolom("aandeel_ander", str(_("aandeel buiten de eigen gemeente")), "procent", basis="totaal"),
        Kolom("aandeel_buiten", str(_("aandeel buiten het werkingsgebied")), "procent", basis="totaal"),
    ]

    def rij(naam, gezin_filter):
        waarden = [sum(n for (gz, lg), n in cel.items() if gezin_filter(gz) and lg == pk) for pk in locatie_ids]
        totaal = sum(waarden)
        eigen = sum(n for (gz, lg), n in cel.items() if gezin_filter(gz) and lg == gz)
        buiten = sum(n for (gz, lg), n in cel.items() if gezin_filter(gz) and lg not in gebied_ids)
        ander = totaal - eigen - buiten
        return [
            naam,
            *waarden,
            totaal,
            eigen,
            ander,
            buiten,
            _aandeel(ander + buiten, totaal),
            _aandeel(buiten, totaal),
        ]

    rijen = [rij(namen.get(pk, str(_("zonder gemeente"))), lambda gz, pk=pk: gz == pk) for pk in gezin_ids]
    totaal = rij(str(_("Totaal")), lambda gz: True)
    # eigen + ander + buiten add up per row only when the family's own municipality lies in the area.
    matrix = Tabel(
        "intergemeentelijk", str(_("Gemeente van het gezin → gemeente van de opvang")), kolommen, rijen, totaal
    )
    figuur_matrix = Figuur(
        "intergemeentelijk",
        str(_("Waar gezinnen opvang vinden")),
        str(
            _(
                "Per woongemeente: hoeveel gezinnen een plaats kregen in de eigen gemeente, in een andere "
                "gemeente van het werkingsgebied of daarbuiten."
            )
        ),
        matrix,
        "gestapeld",
        ["eigen", "ander", "buiten"],
    )
    per_locatie = {}
    for g in groepen:
        rij_l = per_locatie.setdefault(
            g["locatie_id"], [g["locatie_naam"], namen.get(g["locatie_gemeente"], "?"), 0, 0]
        )
        rij_l[2] += g["n"]
        if g["gezin_gemeente"] != g["locatie_gemeente"]:
            rij_l[3] += g["n"]
    locatie_rijen = [[*r, _aandeel(r[3], r[2])] for r in sorted(per_locatie.values(), key=lambda r: (r[1], r[0]))]
    locaties = Tabel(
        "opvang_van_buiten",
        str(_("Kinderen van buiten de gemeente per locatie")),
        [
            Kolom("locatie", str(_("Locatie")), "tekst"),
            Kolom("gemeente", str(_("Gemeente")), "tekst"),
            Kolom("toewijzingen", str(_("toewijzingen"))),
            Kolom("van_buiten", str(_("van buiten de gemeente"))),
            Kolom("aandeel", str(_("aandeel van buiten")), "procent", basis="toewijzingen"),
        ],
        locatie_rijen,
    )
    figuur_locaties = Figuur(
        "opvang_van_buiten",
        str(_("Kinderen van buiten de gemeente per locatie")),
        str(_("Per opvanglocatie: hoeveel toegewezen kinderen er wonen en hoeveel van buiten de gemeente komen.")),
        locaties,
        "staaf",
        ["toewijzingen", "van_buiten"],
    )
    return Sectie("intergemeentelijk", str(_("5. Waar gezinnen opvang vinden")), [figuur_matrix, figuur_locaties])


# ---------------------------------------------------------------------------------------------
# 6. Provider participation

VERSHEID_ACTIES = ("vrije_plaats.bevestigd", "vrije_plaats.gedeclareerd", "vrije_plaats.gewijzigd")


def verse_dagen(keuze, locaties):
    """{location pk: share of the period's days (up to today) on which its free places were fresh}.

    Fresh on a day: confirmed, declared or changed (Logregel `vrije_plaats.*`) on that day or in the
    desk's staleness period before it. One query.
    """
    geldig = keuze.loket.vrije_plaatsen_geldig_dagen
    eerste = keuze.van
    laatste = min(maand_plus(keuze.tot, 1), timezone.localdate(keuze.tijdstip) + datetime.timedelta(days=1))
    dagen = (laatste - eerste).days
    if dagen <= 0 or not locaties:
        return {}
    plaats_locatie = {}
    momenten = {}
    regels = Logregel.objects.filter(
        actie__in=VERSHEID_ACTIES,
        tijdstip__gte=_moment(eerste - datetime.timedelta(days=geldig)),
        tijdstip__lt=_moment(laatste),
    ).values_list("actie", "object_id", "details", "tijdstip")
    pks = {str(locatie.pk): locatie.pk for locatie in locaties}
    for actie, object_id, details, tijdstip in regels:
        locatie = (details or {}).get("locatie") if actie != "vrije_plaats.bevestigd" else object_id
        if locatie is None and actie == "vrije_plaats.gewijzigd":
            locatie = plaats_locatie.get(object_id)
        if str(locatie) in pks:
            plaats_locatie[object_id] = locatie
            momenten.setdefault(pks[str(locatie)], set()).add(timezone.localdate(tijdstip))
    uit = {}
    for locatie in locaties:
        # Each moment keeps the places fresh from its day through `geldig` days later: the length
        # of the union of those intervals within the period, merged in date order.
        vers, van, tot = 0, None, None
        for dag in sorted(momenten.get(locatie.pk, ())):
            begin, einde = max(dag, eerste), min(dag + datetime.timedelta(days=geldig + 1), laatste)
            if begin >= einde:
                continue
            if tot is None or begin > tot:
                vers += (tot - van).days if tot else 0
                van, tot = begin, einde
            else:
                tot = max(tot, einde)
        vers += (tot - van).days if tot else 0
        uit[locatie.pk] = vers / dagen
    return uit


def sectie_aanbieders(keuze, gemeenten, reactie_per_locatie):
    """Per organisation and location of the area. Five queries."""
    locaties = list(
        Locatie.objects.filter(gemeente__in=[g.pk for g in gemeenten], actief=True)
        .select_related("organisator", "gemeente")
        .order_by("organisator__naam", "naam", "pk")
    )
    ids = [locatie.pk for locatie in locaties]
    voorstellen = {
        rij["locatie_id"]: rij
        for rij in Opvangvoorstel.objects.filter(
            locatie__in=ids, vraag__loket=keuze.loket, voorgesteld_op__gte=keuze.begin, voorgesteld_op__lt=keuze.einde
        )
        .values("locatie_id")
        .annotate(gedaan=Count("pk"), aanvaard=Count("pk", filter=Q(antwoord=Antwoord.AANVAARD)))
        .order_by()
    }
    rechtstreeks = dict(
        Voorkeur.objects.filter(
            locatie__in=ids,
            rang=1,
            vraag__loket=keuze.loket,
            vraag__kanaal=Kanaal.AANBIEDER,
            vraag__ingediend_op__gte=keuze.begin,
            vraag__ingediend_op__lt=keuze.einde,
        )
        .values("locatie_id")
        .annotate(n=Count("pk"))
        .values_list("locatie_id", "n")
        .order_by()
    )
    doorverwezen = dict(
        Doorverwijzing.objects.filter(
            locatie__in=ids, loket=keuze.loket, aangemaakt_op__gte=keuze.begin, aangemaakt_op__lt=keuze.einde
        )
        .values("locatie_id")
        .annotate(n=Count("pk"))
        .values_list("locatie_id", "n")
        .order_by()
    )
    vers = verse_dagen(keuze, locaties)
    kolommen = [
        Kolom("organisator", str(_("Organisator")), "tekst"),
        Kolom("locatie", str(_("Locatie")), "tekst"),
        Kolom("gemeente", str(_("Gemeente")), "tekst"),
        Kolom("vers", str(_("dagen met actuele vrije plaatsen")), "procent"),
        Kolom("reacties", str(_("eerste reacties op vragen die de locatie kozen"))),
        Kolom("reactie_p50", str(_("mediaan eerste reactie (dagen)")), "dagen", basis="reacties"),
        Kolom("voorstellen", str(_("voorstellen gedaan"))),
        Kolom("aanvaard", str(_("voorstellen aanvaard"))),
        Kolom("rechtstreeks", str(_("gezinnen rechtstreeks ingeschreven"))),
        Kolom("doorverwezen", str(_("gezinnen doorverwezen naar het loket"))),
    ]
    rijen = []
    for locatie in locaties:
        histogram = reactie_per_locatie.get(locatie.pk, {})
        v = voorstellen.get(locatie.pk, {})
        rijen.append(
            [
                locatie.organisator.naam,
                locatie.naam,
                locatie.gemeente.naam_nl,
                vers.get(locatie.pk, 0.0),
                sum(histogram.values()),
                percentiel(histogram, 0.5),
                v.get("gedaan", 0),
                v.get("aanvaard", 0),
                rechtstreeks.get(locatie.pk, 0),
                doorverwezen.get(locatie.pk, 0),
            ]
        )
    tabel = Tabel("aanbieders", str(_("Deelname van de aanbieders")), kolommen, rijen)
    figuur = Figuur(
        "aanbieders",
        str(_("Deelname van de aanbieders")),
        str(
            _(
                "Per opvanglocatie: hoeveel voorstellen ze deed en hoeveel gezinnen die aanvaardden; de tabel "
                "toont ook hoe actueel haar vrije plaatsen waren en hoe snel ze reageerde."
            )
        ),
        tabel,
        "staaf",
        ["voorstellen", "aanvaard"],
    )
    return Sectie("aanbieders", str(_("6. Deelname van de aanbieders")), [figuur])


# ---------------------------------------------------------------------------------------------
# 7. Reach of vulnerable families


def sectie_bereik(per_maand, per_peildatum):
    som = {k: sum(m[k] for m in per_maand.values()) for k in next(iter(per_maand.values()), {})} if per_maand else {}
    vragen = som.get("vragen", 0)
    kwetsbaar = som.get("c_kwetsbaar_gezin", 0)
    via_toeleider = som.get(f"k_{Kanaal.TOELEIDER}", 0)
    via_balie = som.get(f"k_{Kanaal.BALIE}", 0) + som.get(f"k_{Kanaal.TELEFOON}", 0)
    kanalen = Tabel(
        "bereik",
        str(_("Bereik van kwetsbare gezinnen")),
        [
            Kolom("groep", str(_("Vragen in de periode")), "tekst"),
            Kolom("vragen", str(_("vragen"))),
            Kolom("toeleider", str(_("via een toeleider"))),
            Kolom("aandeel_toeleider", str(_("aandeel via een toeleider")), "procent", basis="vragen"),
            Kolom("balie", str(_("aan de balie of telefonisch"))),
            Kolom("aandeel_balie", str(_("aandeel aan de balie of telefonisch")), "procent", basis="vragen"),
        ],
        [
            [
                str(_("alle gezinnen")),
                vragen,
                via_toeleider,
                _aandeel(via_toeleider, vragen),
                via_balie,
                _aandeel(via_balie, vragen),
            ],
            [
                str(_("kwetsbare gezinnen")),
                kwetsbaar,
                som.get("kw_toeleider", 0),
                _aandeel(som.get("kw_toeleider", 0), kwetsbaar),
                som.get("kw_balie", 0),
                _aandeel(som.get("kw_balie", 0), kwetsbaar),
            ],
        ],
    )
    kanalen.rijen.append(
        [str(_("aandeel kwetsbare gezinnen")), kwetsbaar, None, _aandeel(kwetsbaar, vragen), None, None]
    )
    figuur_kanalen = Figuur(
        "bereik",
        str(_("Langs welke weg kwetsbare gezinnen het loket bereiken")),
        str(
            _(
                "Het aandeel vragen via een toeleider en aan de balie of telefonisch, voor alle en voor "
                "kwetsbare gezinnen."
            )
        ),
        kanalen,
        "staaf",
        ["aandeel_toeleider", "aandeel_balie"],
    )
    laatste = list(per_peildatum.values())[-1] if per_peildatum else None
    moment = list(per_peildatum)[-1] if per_peildatum else None

    def rij(naam, w):
        onbeantwoord = w["zonder_voorstel"] + w["voorstel_niet_aanvaard"]
        deels = w["later_gestart"] + w["minder_dagen"]
        return [naam, w["totaal"], onbeantwoord, _aandeel(onbeantwoord, w["totaal"]), deels]

    leeg = dict.fromkeys(KOLOMMEN, 0)
    onbeantwoord = Tabel(
        "bereik_onbeantwoord",
        str(_("Onbeantwoord: kwetsbare gezinnen tegenover alle gezinnen")),
        [
            Kolom("groep", str(_("Gezinnen")), "tekst"),
            Kolom("totaal", str(_("unieke vragen (Kind en Gezin)"))),
            Kolom("onbeantwoord", str(_("onbeantwoord"))),
            Kolom("aandeel", str(_("aandeel onbeantwoord")), "procent", basis="totaal"),
            Kolom("deels", str(_("deels onbeantwoord (later of minder dagen)"))),
        ],
        [
            rij(str(_("alle gezinnen")), laatste["alle"] if laatste else leeg),
            rij(str(_("kwetsbare gezinnen")), laatste["kwetsbaar_gezin"] if laatste else leeg),
        ],
    )
    figuur_onbeantwoord = Figuur(
        "bereik_onbeantwoord",
        str(_("Onbeantwoorde vragen van kwetsbare gezinnen")),
        str(
            _(
                "Welk deel van de vragen onbeantwoord bleef, bij kwetsbare gezinnen en bij alle gezinnen "
                "(telling op %(datum)s)."
            )
            % {"datum": date_format(moment, "d/m/Y") if moment else "–"}
        ),
        onbeantwoord,
        "staaf",
        ["aandeel"],
    )
    return Sectie("bereik", str(_("7. Bereik van kwetsbare gezinnen")), [figuur_kanalen, figuur_onbeantwoord])


# ---------------------------------------------------------------------------------------------


def dashboard(keuze):
    """The whole dashboard for `keuze`, exact numbers (see `Dashboard.voor_beleid`). A fixed number of
    queries, whatever the number of months or municipalities."""
    gemeenten = gebied(keuze)
    per_maand = vraag_per_maand(keuze)
    per_peildatum = onbeantwoord_per_peildatum(keuze)
    histogrammen, reactie_per_locatie = wachttijden(keuze)
    groepen = toewijzingen(keuze)
    gebied_ids = set(keuze.loket.werkingsgebied.values_list("pk", flat=True))
    namen_ids = {g["gezin_gemeente"] for g in groepen} | {g["locatie_gemeente"] for g in groepen}
    # With the area's own names in the same query, it runs even when nothing was assigned.
    namen = dict(Gemeente.objects.filter(Q(pk__in=namen_ids) | Q(pk__in=gebied_ids)).values_list("pk", "naam_nl"))
    return Dashboard(
        keuze=keuze,
        secties=[
            sectie_vraag(per_maand),
            sectie_aanbod(keuze, gemeenten),
            sectie_onbeantwoord(keuze, per_peildatum),
            sectie_wachttijden(keuze, histogrammen, lang_open(keuze)),
            sectie_intergemeentelijk(keuze, groepen, gebied_ids, namen),
            sectie_aanbieders(keuze, gemeenten, reactie_per_locatie),
            sectie_bereik(per_maand, per_peildatum),
        ],
    )
