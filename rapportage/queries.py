"""The Kind en Gezin report (DESIGN.md, "Kind en Gezin report"): every rule lives in this module.

A report is taken for one desk, one year Y and one reference date P (`Peiling`). The rules are
written once, as ORM expressions over the request table, and every consumer reads them from here:
the grouped counts (`rapport_kg`), the drill-down lists behind each number (`vragen_in_cel`) and
the data-quality warnings (`waarschuwingen`).

How it is computed. One grouped query per report over the request table: the counting
requests (the population, minus a child's registrations followed by a later one on or before P:
the stored `volgende_ingediend_op`) are left-joined to their *beslissend voorstel* (the accepted
offer that still stood at P; only for the few requests with more than one acceptance ever does
an anti-join pick the one answered last) and grouped on the municipality, the status facts and
the category flags. The family's and child's category flags and the first offer's moment are
columns of the request too (aanmelding.telvelden.telvelden_bijwerken keeps them). That yields a
few hundred rows at most, which Python turns into the table. Nothing per request is loaded
into Python.

Measured with bench/rapport.py on 1,000,000 requests and 1.5 million offers (PostgreSQL 15, two
cores): joining Kind and Gezin and working out later registrations and the deciding offer among
all offers at report time took 6-14 s; this shape takes 0.8-1.1 s, about four plain scans of
both tables.
"""

import calendar
import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    DateTimeField,
    Exists,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat, Greatest, Lower
from django.db.models.lookups import LessThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from aanmelding.models import (
    ATYPISCH_Q,
    VOORRANGSGROEP_Q,
    Antwoord,
    IntrekReden,
    Opvangvoorstel,
    Opvangvraag,
    VoorstelStatus,
    VraagStatus,
)
from loket.datums import maanden_later
from loket.models import Gemeente, Logregel

KOLOMMEN = ["totaal", "zonder_voorstel", "voorstel_niet_aanvaard", "later_gestart", "minder_dagen"]

KOLOM_TITELS = {
    "totaal": (
        "Totaal aantal unieke opvangvragen bij het lokaal loket met als oorspronkelijke startdatum het jaar {jaar}"
    ),
    "zonder_voorstel": "Aantal onbeantwoorde opvangvragen zonder opvangvoorstel",
    "voorstel_niet_aanvaard": (
        "Aantal onbeantwoorde opvangvragen met een opvangvoorstel dat niet aanvaard werd door het gezin"
    ),
    "later_gestart": (
        "Aantal deels onbeantwoorde opvangvragen waarbij het opvangvoorstel afwijkt van de oorspronkelijke vraag: "
        "Minstens 1 maand later gestart"
    ),
    "minder_dagen": (
        "Aantal deels onbeantwoorde opvangvragen waarbij het opvangvoorstel afwijkt van de oorspronkelijke vraag: "
        "Minder opvangdagen dan gevraagd"
    ),
}

KORTE_TITELS = {
    "totaal": _("Totaal"),
    "zonder_voorstel": _("Zonder voorstel"),
    "voorstel_niet_aanvaard": _("Voorstel niet aanvaard"),
    "later_gestart": _("Minstens 1 maand later gestart"),
    "minder_dagen": _("Minder dagen dan gevraagd"),
}

CATEGORIEEN = {
    "dringend": Q(dringend=True),
    "atypisch": ATYPISCH_Q,
    "voorrangsgroep": VOORRANGSGROEP_Q,
    "kwetsbaar_gezin": Q(kwetsbaar_gezin=True),
    "specifieke_zorgbehoefte": Q(specifieke_zorgbehoefte=True),
}

CATEGORIE_TITELS = {
    "dringend": _("Dringende opvangvragen"),
    "atypisch": _("Opvangvragen voor atypische momenten"),
    "voorrangsgroep": _("Opvangvragen van voorrangsgroepen"),
    "kwetsbaar_gezin": _("Opvangvragen van kwetsbare gezinnen"),
    "specifieke_zorgbehoefte": _("Opvangvragen voor kinderen met een specifieke zorgbehoefte"),
}

FORMATEN = {
    "2019": [],
    "2020": ["dringend", "atypisch", "voorrangsgroep", "kwetsbaar_gezin", "specifieke_zorgbehoefte"],
    "2024": ["dringend", "atypisch", "kwetsbaar_gezin", "specifieke_zorgbehoefte"],
}

ZONDER_GEMEENTE = _("zonder gemeente")

# The rules as the report page, the PDF and the command's help state them.
REGELS = [
    _(
        "Een opvangvraag telt mee voor jaar {jaar} als de oorspronkelijke gewenste startdatum in {jaar} valt en "
        "de vraag ten laatste op de peildatum ({peildatum}) werd ingediend (datum in Belgische tijd)."
    ),
    _(
        "Uniek: een kind telt één keer per jaar. Een kind is voornaam + achternaam (hoofdletters, accenten en "
        "spaties tellen niet mee) + (verwachte) geboortedatum. Heeft een kind meer vragen die meetellen, dan telt "
        "enkel de laatst ingediende (bij gelijke stand: de laatst aangemaakte). De gemeente is die van die vraag. "
        "Een vraag die met een andere werd samengevoegd, telt niet apart."
    ),
    _(
        "Alleen voorstellen gedaan ten laatste op de peildatum tellen, en alleen antwoorden gegeven ten laatste op "
        "de peildatum (een later antwoord betekent dat het voorstel op de peildatum nog openstond)."
    ),
    _(
        "Werd een voorstel aanvaard en was die toewijzing op de peildatum niet geannuleerd, dan is de vraag "
        "beantwoord; telt het laatst aanvaarde voorstel. Deels onbeantwoord: 'minstens 1 maand later gestart' als "
        "de startdatum van het voorstel minstens één kalendermaand na de oorspronkelijke gewenste startdatum ligt "
        "(zelfde dag van de volgende maand, of de laatste dag als die maand korter is: 31 januari wordt 28 of 29 "
        "februari); 'minder opvangdagen' als het voorstel minder dagen per week biedt dan oorspronkelijk gevraagd. "
        "Beide kunnen samen."
    ),
    _(
        "Anders: werd de vraag ten laatste op de peildatum ingetrokken om een andere reden dan 'geen opvang "
        "gevonden', dan telt ze alleen in het totaal."
    ),
    _(
        "Anders: werd er ten laatste op de peildatum een voorstel gedaan (geweigerd, verlopen of nog open), dan is "
        "de vraag onbeantwoord met een voorstel dat het gezin niet aanvaardde; zonder voorstel is ze onbeantwoord "
        "zonder voorstel."
    ),
    _(
        "Categorieën (een vraag kan in meer categorieën tellen): dringend, atypische momenten, voorrangsgroep, "
        "kwetsbaar gezin, specifieke zorgbehoefte."
    ),
]


def standaard_formaat(jaar):
    """DESIGN.md: <= 2019 -> 2019, 2020-2023 -> 2020, >= 2024 -> 2024."""
    if jaar <= 2019:
        return "2019"
    if jaar <= 2023:
        return "2020"
    return "2024"


def standaard_peildatum(jaar):
    """The last day of February of Y+1 ("status laatste week van februari")."""
    return datetime.date(jaar + 1, 2, calendar.monthrange(jaar + 1, 2)[1])


# A reference date more than this many years after the report's year is a typing error (and
# 9999-12-31 has no day after it to count up to).
PEILDATUM_MAX_JAREN_NA = 10


def peildatum_fout(jaar, peildatum):
    """Why `peildatum` cannot be the reference date of the report on `jaar` (a Dutch sentence), or None.

    Before 1 January of Y no request of Y counts yet: the report would be all zeros and "no
    warnings", which reads as a real answer. Later than PEILDATUM_MAX_JAREN_NA years after Y is a typo.
    """
    if peildatum < datetime.date(jaar, 1, 1):
        return _(
            "De peildatum %(peildatum)s ligt vóór het jaar %(jaar)s: dan telt nog geen enkele vraag. "
            "Kies een datum na het begin van het jaar (standaard: %(standaard)s)."
        ) % {
            "peildatum": peildatum.strftime("%d/%m/%Y"),
            "jaar": jaar,
            "standaard": standaard_peildatum(jaar).strftime("%d/%m/%Y"),
        }
    laatste = datetime.date(jaar + PEILDATUM_MAX_JAREN_NA, 12, 31)
    if peildatum > laatste:
        return _("De peildatum kan ten laatste %(laatste)s zijn (%(jaren)s jaar na het jaar %(jaar)s).") % {
            "laatste": laatste.strftime("%d/%m/%Y"),
            "jaren": PEILDATUM_MAX_JAREN_NA,
            "jaar": jaar,
        }
    return None


def peiling_voorlopig(peiling, *, vandaag=None):
    """Warnings (Dutch sentences) for a report whose numbers can still change: the year is not over,
    or the reference date lies in the future (the report then shows today's state)."""
    vandaag = vandaag or timezone.localdate()
    meldingen = []
    if vandaag <= datetime.date(peiling.jaar, 12, 31):
        meldingen.append(
            _("Het jaar %(jaar)s is nog niet voorbij: dit rapport is voorlopig, de cijfers veranderen nog.")
            % {"jaar": peiling.jaar}
        )
    if peiling.peildatum > vandaag:
        meldingen.append(
            _(
                "De peildatum %(peildatum)s ligt in de toekomst: het rapport toont de toestand van vandaag, "
                "niet die op de peildatum."
            )
            % {"peildatum": peiling.peildatum.strftime("%d/%m/%Y")}
        )
    return meldingen


class EenMaandLater(Func):
    """SQL for loket.datums.maanden_later(datum, 1): the same day next month, clamped to that month's last day.

    PostgreSQL's `date + interval '1 month'` clamps exactly so. SQLite's `date(d, '+1 month')`
    rolls 31 January over to 3 March instead, so there it is the earlier of that and the last day
    of next month. The test `test_later_gestart_sql_gelijk_aan_python` holds both to the Python
    rule. (Measured on 1M requests: the year/month/day EXTRACT arithmetic this replaces cost more
    than the joins.)
    """

    output_field = DateField()
    arity = 1

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="(%(expressions)s + interval '1 month')::date")

    def as_sqlite(self, compiler, connection, **extra_context):
        datum, params = compiler.compile(self.source_expressions[0])
        sql = f"MIN(date({datum}, '+1 month'), date({datum}, 'start of month', '+2 months', '-1 day'))"
        return sql, (*params, *params)


def _met_prefix(q, prefix):
    """`q` with `prefix` before every field name (a condition on an offer, applied through a relation)."""
    uit = Q.create(connector=q.connector, negated=q.negated)
    uit.children = [
        _met_prefix(kind, prefix) if isinstance(kind, Q) else (f"{prefix}{kind[0]}", kind[1]) for kind in q.children
    ]
    return uit


@dataclass(frozen=True)
class Tijdsfeit:
    """A rule of the report that depends on the reference date: it holds as of P once each of the
    moments `vanaf` lies on or before P, until the moment `tot` does (unless `tot_geldt_niet`), and
    only where `voorwaarde` holds.

    `q()` is the condition for one P (the report); `vanaf_moment()` / `tot_moment()` are the moments
    themselves, so that the policy dashboard places every request on all its month ends in one pass
    (`groepen_per_peildatum`) with the same rule.
    """

    vanaf: tuple = ()
    tot: str | None = None
    voorwaarde: Q = field(default_factory=Q)
    tot_geldt_niet: Q | None = None

    def vanaf_q(self, einde, prefix=""):
        return _met_prefix(self.voorwaarde, prefix) & Q(**{f"{prefix}{veld}__lt": einde for veld in self.vanaf})

    def tot_q(self, einde, prefix=""):
        """Not ended on or before P. Written without negation, so that it stays a plain condition on a left join."""
        if self.tot is None:
            return Q()
        nog = Q(**{f"{prefix}{self.tot}__gte": einde}) | Q(**{f"{prefix}{self.tot}__isnull": True})
        if self.tot_geldt_niet is not None:
            nog = _met_prefix(self.tot_geldt_niet, prefix) | nog
        return nog

    def q(self, einde, prefix=""):
        """Q: the fact holds as of P (`einde`: the first moment after P)."""
        return self.vanaf_q(einde, prefix) & self.tot_q(einde, prefix)

    def vanaf_moment(self, prefix=""):
        """The moment from which it holds (NULL: never)."""
        velden = [F(f"{prefix}{veld}") for veld in self.vanaf]
        moment = velden[0] if len(velden) == 1 else Greatest(*velden)
        if self.voorwaarde:
            return Case(When(_met_prefix(self.voorwaarde, prefix), then=moment), default=None)
        return moment

    def tot_moment(self, prefix=""):
        """The moment from which it no longer holds (NULL: it never ends)."""
        if self.tot is None:
            return Value(None, output_field=DateTimeField())
        if self.tot_geldt_niet is not None:
            return Case(When(_met_prefix(self.tot_geldt_niet, prefix), then=None), default=F(f"{prefix}{self.tot}"))
        return F(f"{prefix}{self.tot}")


# A request counts from its registration until the same child's next registration (of that year).
GETELD = Tijdsfeit(vanaf=("ingediend_op",), tot="volgende_ingediend_op")
# An offer stands once made and accepted, until the assignment is called off (DESIGN.md life cycle:
# an accepted offer is `aanvaard` or, once called off, `geannuleerd` with `afgesloten_op`).
STAAND = Tijdsfeit(
    vanaf=("voorgesteld_op", "beantwoord_op"),
    tot="afgesloten_op",
    voorwaarde=Q(antwoord=Antwoord.AANVAARD),
    tot_geldt_niet=Q(status=VoorstelStatus.AANVAARD),
)
# Withdrawn for another reason than geen_opvang_gevonden.
INGETROKKEN = Tijdsfeit(
    vanaf=("ingetrokken_op",),
    voorwaarde=Q(status=VraagStatus.INGETROKKEN) & ~Q(intrek_reden=IntrekReden.GEEN_OPVANG_GEVONDEN),
)
MET_VOORSTEL = Tijdsfeit(vanaf=("eerste_voorstel_op",))


@dataclass(frozen=True)
class Peiling:
    """One report's frame: desk, year Y and reference date P. Every rule is a method of it."""

    loket: object
    jaar: int
    peildatum: datetime.date

    @classmethod
    def maak(cls, *, loket, jaar, peildatum=None):
        return cls(loket=loket, jaar=jaar, peildatum=peildatum or standaard_peildatum(jaar))

    @property
    def einde(self):
        """The first moment after P in Belgian time: "on or before P" is "< einde" for every timestamp."""
        volgende = datetime.datetime.combine(self.peildatum + datetime.timedelta(days=1), datetime.time.min)
        return timezone.make_aware(volgende, timezone.get_default_timezone())

    def populatie(self):
        """Requests of the desk whose original desired start falls in Y, registered on or before P."""
        # A duplicate merged into another request (samengevoegd_met) is not a request of its own
        # any more: the one kept stands for the child.
        return Opvangvraag.objects.filter(
            loket=self.loket,
            samengevoegd_met__isnull=True,
            gewenste_startdatum_origineel__gte=datetime.date(self.jaar, 1, 1),
            gewenste_startdatum_origineel__lte=datetime.date(self.jaar, 12, 31),
        ).filter(GETELD.vanaf_q(self.einde))

    def tellende_vragen(self):
        """The population, one request per child: the last one registered on or before P."""
        return self.populatie().filter(GETELD.tot_q(self.einde))

    def staand_q(self, prefix=""):
        """Q: an offer made and accepted on or before P, whose assignment was not called off by P.

        An accepted offer is `aanvaard` or, once called off, `geannuleerd` with `afgesloten_op`
        (DESIGN.md life cycle); called off after P means it still stood at P. Written without
        negation so that it stays a plain condition on a left-joined offer.
        """
        return STAAND.q(self.einde, prefix)

    def voorstellen_tot_peildatum(self):
        """Offers made on or before P (of any request)."""
        return Opvangvoorstel.objects.filter(voorgesteld_op__lt=self.einde)

    def _later_staand_voorstel(self):
        """For an outer request and its `beslissend` offer: another standing offer answered later.

        Imported histories can hold more than one; the one answered last decides (ties: proposed
        last, then created last, then the highest pk).
        """
        # The outer offer's columns come through annotations (`b_*`): an OuterRef through the
        # FilteredRelation itself would join the offer table a second time.
        buiten = {veld: OuterRef(f"b_{veld}") for veld in ("beantwoord_op", "voorgesteld_op", "aangemaakt_op", "pk")}
        gelijk = {}
        later = Q()
        for veld in ("beantwoord_op", "voorgesteld_op", "aangemaakt_op", "pk"):
            later |= Q(**gelijk, **{f"{veld}__gt": buiten[veld]})
            gelijk[veld] = buiten[veld]
        return Opvangvoorstel.objects.filter(self.staand_q(), later, vraag=OuterRef("pk"))

    def _later_gestart(self):
        """Condition on the `beslissend` offer: it starts at least one calendar month after the original start."""
        return Q(beslissend__startdatum__gte=EenMaandLater("gewenste_startdatum_origineel"))

    def feiten(self):
        """The status facts of a counting request as of P (DESIGN.md, "Status ... as of P"), as conditions.

        They hold on the `beslissend` join of `vragen_met_feiten()`, which annotates each as
        `f_<name>` (True/False); filter and group on those annotations, never on these Q objects
        again (a second filter() on the relation would join the offers a second time).
        `toegewezen`: an accepted offer stood at P (the deciding offer); `later` / `minder`: how
        that offer deviates from the original request; `ingetrokken`: withdrawn on or before P for
        another reason than geen_opvang_gevonden; `met_voorstel`: an offer was made on or before P.
        """
        return {
            "toegewezen": Q(beslissend__pk__isnull=False),
            "later": self._later_gestart(),
            "minder": Q(beslissend__dagen_per_week__lt=F("dagen_per_week_origineel")),
            "ingetrokken": INGETROKKEN.q(self.einde),
            "met_voorstel": MET_VOORSTEL.q(self.einde),
        }

    def vragen_met_feiten(self, *, meerdere_aanvaard=None):
        """The counting requests, each left-joined to its deciding offer and annotated with its facts.

        `beslissend` is the standing acceptance that decides the status (None when none stood at
        P); `b_*` are its columns, `f_*` the facts of `feiten()`. `meerdere_aanvaard=False` gives
        only the requests with at most one accepted offer ever: for them the join finds the
        deciding offer without the anti-join that picks among several.
        """
        velden = ("pk", "beantwoord_op", "voorgesteld_op", "aangemaakt_op", "startdatum")
        vragen = (
            self.tellende_vragen()
            .annotate(beslissend=FilteredRelation("voorstellen", condition=self.staand_q("voorstellen__")))
            .annotate(
                **{f"f_{naam}": _als_bool(q) for naam, q in self.feiten().items()},
                **{f"b_{veld}": F(f"beslissend__{veld}") for veld in velden},
                b_dagen=F("beslissend__dagen_per_week"),
            )
        )
        if meerdere_aanvaard is False:
            return vragen.filter(meerdere_aanvaard=False)
        if meerdere_aanvaard:
            vragen = vragen.filter(meerdere_aanvaard=True)
        return vragen.filter(~Exists(self._later_staand_voorstel()))

    def kolom_q(self, kolom):
        """Condition on `vragen_met_feiten()` for the requests behind one column (rules 1-4, in order)."""
        if kolom == "totaal":
            return Q()
        if kolom == "later_gestart":
            return Q(f_later=True)
        if kolom == "minder_dagen":
            return Q(f_minder=True)
        niet_beantwoord = Q(f_toegewezen=False, f_ingetrokken=False)
        if kolom == "voorstel_niet_aanvaard":
            return niet_beantwoord & Q(f_met_voorstel=True)
        if kolom == "zonder_voorstel":
            return niet_beantwoord & Q(f_met_voorstel=False)
        raise ValueError(kolom)


def kolommen_voor(*, toegewezen, later, minder, ingetrokken, met_voorstel):
    """The columns one counting request counts in, from its facts (DESIGN.md rules 1-4, in order)."""
    if toegewezen:
        return ["totaal"] + (["later_gestart"] if later else []) + (["minder_dagen"] if minder else [])
    if ingetrokken:
        return ["totaal"]
    return ["totaal", "voorstel_niet_aanvaard" if met_voorstel else "zonder_voorstel"]


def _als_bool(q):
    return Case(When(q, then=True), default=False, output_field=BooleanField())


@dataclass
class Rij:
    """One line of the table: a municipality (or none), its five numbers, and per category the same."""

    gemeente_id: int | None
    nis: str | None
    naam: str
    in_werkingsgebied: bool
    aantallen: dict = field(default_factory=lambda: dict.fromkeys(KOLOMMEN, 0))
    categorieen: dict = field(default_factory=dict)

    def optellen(self, kolommen, categorieen, aantal):
        for kolom in kolommen:
            self.aantallen[kolom] += aantal
            for categorie in categorieen:
                self.categorieen[categorie][kolom] += aantal


@dataclass
class Rapport:
    """The report of one desk, year and reference date, in one format."""

    peiling: Peiling
    formaat: str
    gemeenten: list
    totaal: Rij

    @property
    def loket(self):
        return self.peiling.loket

    @property
    def jaar(self):
        return self.peiling.jaar

    @property
    def categorieen(self):
        return FORMATEN[self.formaat]

    def als_json(self):
        """DESIGN.md's JSON contract (plus `in_werkingsgebied` per municipality)."""

        def getallen(rij):
            uit = dict(rij.aantallen)
            if self.categorieen:
                uit["categorieen"] = {c: dict(rij.categorieen[c]) for c in self.categorieen}
            return uit

        loket = self.loket
        return {
            "formaat": self.formaat,
            "jaar": self.jaar,
            "peildatum": self.peiling.peildatum.isoformat(),
            "loket": {
                "code": loket.code,
                "organisator": loket.inrichtend_bestuur,
                "naam": loket.naam,
                "dossiernummer": loket.dossiernummer,
            },
            "gemeenten": [
                {"nis": rij.nis, "gemeente": rij.naam, "in_werkingsgebied": rij.in_werkingsgebied, **getallen(rij)}
                for rij in self.gemeenten
            ],
            "totaal": getallen(self.totaal),
        }


def groepen_tellen(peiling, categorieen):
    """The one grouped query of the report: counting requests per municipality, fact flags and category flags.

    A union of two grouped queries: the requests with at most one accepted offer ever, and the
    few with more (indexed), which need the anti-join that picks the acceptance answered last.
    A group can come twice; the caller adds them up. (Measured on 1,000,000 requests: the
    anti-join over all requests cost a third of the report's time.)
    """

    eerste, tweede = groepen_deelvragen(peiling, categorieen)
    return eerste.union(tweede, all=True).order_by()


# PostgreSQL settings for a query that groups most of the request table (grote_telling).
PLANNER = {"work_mem": "64MB", "parallel_tuple_cost": "0", "parallel_leader_participation": "off"}


@contextmanager
def grote_telling(using="default"):
    """A transaction in which PostgreSQL lets its workers scan and join for a grouped query over
    most requests (PLANNER, set LOCAL: a pooled connection (DATABASE_POOL) does not carry them into
    other requests' queries; inside an outer transaction they hold until that one ends). One query
    on PostgreSQL, none elsewhere.

    Such a query makes tens of thousands of groups, but PostgreSQL expects about as many as rows.
    In the default 4MB it then sorts the rows on disk, in 32MB it hashes them in memory but in one
    process, as it prices handing the joined rows from two workers to the hash above them too high.
    With that price at 0 the workers scan and join, and the leader, which does not scan with them,
    hashes their rows. (EXPLAIN ANALYZE of the Flemish overview on 1,000,000 requests at 300 desks:
    3.3 s in 4MB on a busy machine; on a quiet one 1.5 s in 32MB, 0.95 s in 64MB with that price
    at 0, 0.72 s with the leader only hashing.)
    """
    with transaction.atomic(using=using, savepoint=False):
        connection = transaction.get_connection(using)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # set_config(..., true) is SET LOCAL, all in one statement.
                aanroepen = ", ".join(["set_config(%s, %s, true)"] * len(PLANNER))
                cursor.execute(f"SELECT {aanroepen}", [deel for paar in PLANNER.items() for deel in paar])
        yield


def groepen_deelvragen(peiling, categorieen, **extra):
    """The two grouped querysets `groepen_tellen` unites; `extra` are constant columns added to each
    group (the policy dashboard labels each reference date so that many dates fit in one UNION)."""

    def gegroepeerd(vragen):
        return (
            vragen.values(
                "gemeente_id",
                *[f"f_{naam}" for naam in peiling.feiten()],
                **{f"c_{naam}": _als_bool(CATEGORIEEN[naam]) for naam in categorieen},
                **extra,
            )
            .annotate(aantal=Count("pk"))
            .order_by()
        )

    return (
        gegroepeerd(peiling.vragen_met_feiten(meerdere_aanvaard=False)),
        gegroepeerd(peiling.vragen_met_feiten(meerdere_aanvaard=True)),
    )


# The facts of `Peiling.feiten()` that change with P, each with the rule it follows (`toegewezen`:
# on the deciding offer) and the prefix that reaches its columns from the request.
TIJDSFEITEN = {
    "toegewezen": (STAAND, "beslissend__"),
    "ingetrokken": (INGETROKKEN, ""),
    "met_voorstel": (MET_VOORSTEL, ""),
}


class Peilindex(Func):
    """The index of the first of `peilingen` (in order) as of which `moment` lies on or before P;
    len(peilingen) when none (or NULL).

    PostgreSQL's WIDTH_BUCKET counts the reference dates' ends at or before the moment in one call;
    elsewhere a CASE tries them in turn. (Measured with bench/beleid.py on 100,000 requests: with
    the CASE of 14 month ends for each of the eight moments, evaluating them took more than half
    of the query; section 3 of the whole installation went from 0.6-0.9 s to 0.3-0.4 s.)
    """

    output_field = IntegerField()

    def __init__(self, moment, peilingen):
        self.eindes = [peiling.einde for peiling in peilingen]
        super().__init__(
            Case(
                *[When(LessThan(moment, einde), then=Value(i)) for i, einde in enumerate(self.eindes)],
                default=Value(len(self.eindes)),
                output_field=IntegerField(),
            ),
            moment,
        )

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])

    def as_postgresql(self, compiler, connection, **extra_context):
        moment, params = compiler.compile(self.source_expressions[1])
        return (
            f"COALESCE(WIDTH_BUCKET({moment}, %s::timestamptz[]), {len(self.eindes)})",
            (*params, self.eindes),
        )


def groepen_per_peildatum(*, loket, jaar, peildata, categorieen, gemeente=None):
    """The report of `loket` and `jaar` as of each of `peildata` (in order), as groups like those of
    `groepen_tellen` with `peil` instead of `gemeente_id`, for the whole desk or one municipality
    (a Gemeente). One query whatever the number of reference dates, a second when the desk has
    requests with more than one accepted offer ever.

    The requests with at most one accepted offer ever are read once: the rules that depend on P
    (`GETELD` and `TIJDSFEITEN`) give, per request, the index of the first reference date as of
    which each holds and of the first as of which it no longer does, grouped on those indexes;
    Python reads each reference date off them. The few with more accepted offers go through the
    report's own query per reference date (its anti-join picks the deciding offer), all in one
    UNION ALL. (Measured with bench/beleid.py on 100,000 requests, a busy machine: the report's
    query per month end, 14 of them in one UNION, took 1.7-2.1 s for the whole installation and
    0.8 s for a desk-year of 5,000 requests, a third of it building the 28 querysets; this pass
    0.7-0.9 s and 0.2 s.)
    """
    peilingen = [Peiling.maak(loket=loket, jaar=jaar, peildatum=peildatum) for peildatum in peildata]
    if not peilingen:
        return
    eerste, laatste = peilingen[0], peilingen[-1]
    feiten = laatste.feiten()
    vragen = laatste.populatie().filter(GETELD.tot_q(eerste.einde))
    if gemeente is not None:
        vragen = vragen.filter(gemeente=gemeente)
    # The accepted offer: for a request with only one, the deciding offer on every reference date on which it stood.
    vragen = vragen.annotate(
        beslissend=FilteredRelation("voorstellen", condition=_met_prefix(STAAND.voorwaarde, "voorstellen__"))
    )
    indexen = {
        "i_geteld_vanaf": Peilindex(GETELD.vanaf_moment(), peilingen),
        "i_geteld_tot": Peilindex(GETELD.tot_moment(), peilingen),
    }
    for naam, (regel, prefix) in TIJDSFEITEN.items():
        indexen[f"i_{naam}_vanaf"] = Peilindex(regel.vanaf_moment(prefix), peilingen)
        indexen[f"i_{naam}_tot"] = Peilindex(regel.tot_moment(prefix), peilingen)
    vaste_feiten = [naam for naam in feiten if naam not in TIJDSFEITEN]
    rijen = (
        vragen.values(
            "meerdere_aanvaard",
            **indexen,
            **{f"v_{naam}": _als_bool(feiten[naam]) for naam in vaste_feiten},
            **{f"c_{naam}": _als_bool(CATEGORIEEN[naam]) for naam in categorieen},
        )
        .annotate(aantal=Count("pk"))
        .order_by()
    )
    meerdere = False
    # {(reference date index, facts, categories): count}: the same group from many rows added up here.
    samen = {}
    for rij in rijen:
        if rij["meerdere_aanvaard"]:
            meerdere = True
            continue
        in_categorie = tuple(rij[f"c_{naam}"] for naam in categorieen)
        for k in range(rij["i_geteld_vanaf"], rij["i_geteld_tot"]):
            geldt = {naam: rij[f"i_{naam}_vanaf"] <= k < rij[f"i_{naam}_tot"] for naam in TIJDSFEITEN}
            # How the deciding offer deviates counts only while it stands.
            geldt.update({naam: geldt["toegewezen"] and rij[f"v_{naam}"] for naam in vaste_feiten})
            sleutel = (k, tuple(geldt[naam] for naam in feiten), in_categorie)
            samen[sleutel] = samen.get(sleutel, 0) + rij["aantal"]
    for (k, waarden, in_categorie), aantal in samen.items():
        yield {
            "peil": peildata[k],
            "aantal": aantal,
            **{f"f_{naam}": waarde for naam, waarde in zip(feiten, waarden, strict=True)},
            **{f"c_{naam}": waarde for naam, waarde in zip(categorieen, in_categorie, strict=True)},
        }
    if not meerdere:
        return
    delen = [
        groepen_deelvragen(peiling, categorieen, peil=Value(peiling.peildatum, output_field=DateField()))[1]
        for peiling in peilingen
    ]
    for groep in delen[0].union(*delen[1:], all=True).order_by():
        if gemeente is not None and groep["gemeente_id"] != gemeente.pk:
            continue
        if isinstance(groep["peil"], str):
            groep["peil"] = datetime.date.fromisoformat(groep["peil"])
        yield groep


def rapport_kg(*, loket, jaar, peildatum=None, formaat=None):
    """The Kind en Gezin report of `loket` for year `jaar` as of `peildatum` (default: end of Feb Y+1).

    `formaat` "2019", "2020" or "2024" (default by year). One row per municipality of the area
    (zeros included), then a row per other municipality a counting request is attributed to, then
    "zonder gemeente" when requests have none. Two queries (the area, the grouped counts), a third
    for the names of other municipalities when there are any. Reads only.
    """
    formaat = formaat or standaard_formaat(jaar)
    if formaat not in FORMATEN:
        raise ValueError(f"Onbekend formaat: {formaat}")
    peiling = Peiling.maak(loket=loket, jaar=jaar, peildatum=peildatum)
    categorieen = FORMATEN[formaat]
    feiten = peiling.feiten()
    groepen = list(groepen_tellen(peiling, categorieen))

    def nieuwe_rij(gemeente_id, nis, naam, in_gebied):
        rij = Rij(gemeente_id=gemeente_id, nis=nis, naam=naam, in_werkingsgebied=in_gebied)
        rij.categorieen = {c: dict.fromkeys(KOLOMMEN, 0) for c in categorieen}
        return rij

    rijen = {g.pk: nieuwe_rij(g.pk, g.nis, g.naam_nl, True) for g in loket.werkingsgebied.order_by("naam_nl")}
    totaal = nieuwe_rij(None, None, str(_("Totaal")), True)
    buiten = {}
    andere_ids = {groep["gemeente_id"] for groep in groepen} - set(rijen) - {None}
    andere = Gemeente.objects.in_bulk(andere_ids) if andere_ids else {}
    for groep in groepen:
        kolommen = kolommen_voor(**{naam: bool(groep[f"f_{naam}"]) for naam in feiten})
        in_categorie = [c for c in categorieen if groep[f"c_{c}"]]
        gemeente_id = groep["gemeente_id"]
        rij = rijen.get(gemeente_id) or buiten.get(gemeente_id)
        if rij is None:
            gemeente = andere.get(gemeente_id)
            naam = gemeente.naam_nl if gemeente else str(ZONDER_GEMEENTE)
            rij = buiten[gemeente_id] = nieuwe_rij(gemeente_id, gemeente and gemeente.nis, naam, False)
        rij.optellen(kolommen, in_categorie, groep["aantal"])
        totaal.optellen(kolommen, in_categorie, groep["aantal"])
    extra = sorted(buiten.values(), key=lambda rij: (rij.gemeente_id is None, rij.naam))
    return Rapport(peiling=peiling, formaat=formaat, gemeenten=[*rijen.values(), *extra], totaal=totaal)


def _gemeente_q(gemeente):
    """`gemeente`: a Gemeente pk, "geen" for requests without one, or None for all (the totals row)."""
    if gemeente is None:
        return Q()
    if gemeente == "geen":
        return Q(gemeente__isnull=True)
    return Q(gemeente_id=gemeente)


def vragen_in_cel(peiling, *, kolom, gemeente=None, categorie=None):
    """The counting requests behind one number of the report, with what explains their classification.

    Each request carries `f_*` (its facts), `b_*` (its deciding offer) and `l_*` (its latest
    offer) annotations for `uitleg()`, and its child and municipality. Ordered by reference. Same rules as
    `rapport_kg`, so the list has exactly as many requests as the number it comes from.
    """
    if kolom not in KOLOMMEN:
        raise ValueError(kolom)
    voorwaarde = peiling.kolom_q(kolom) & _gemeente_q(gemeente)
    if categorie is not None:
        voorwaarde &= CATEGORIEEN[categorie]
    return _met_laatste_voorstel(peiling, peiling.vragen_met_feiten().filter(voorwaarde)).order_by("referentie", "pk")


def _met_laatste_voorstel(peiling, vragen):
    """`vragen` with their child and municipality and `l_*`: the latest offer made by P, for `uitleg()`."""
    laatste = peiling.voorstellen_tot_peildatum().filter(vraag=OuterRef("pk")).order_by("-pk")
    return vragen.select_related("kind", "gemeente").annotate(
        **{
            f"l_{veld}": Subquery(laatste.values(veld)[:1])
            for veld in ("status", "antwoord", "beantwoord_op", "afgesloten_op")
        }
    )


def _verschil_tekst(dagen):
    if dagen == 0:
        return str(_("op de gewenste start"))
    richting = _("na") if dagen > 0 else _("vóór")
    dagen = abs(dagen)
    if dagen >= 14:
        return f"{dagen // 7} {_('weken')} {richting}"
    return f"{dagen} {_('dag') if dagen == 1 else _('dagen')} {richting}"


def uitleg(vraag, peiling):
    """Why a request from `vragen_in_cel` counts where it counts, in one Dutch sentence.

    E.g. "aanvaard voorstel start 2019-10-01, 5 weken na gewenste start 2019-08-26".
    """
    gewenst = vraag.gewenste_startdatum_origineel
    if vraag.f_toegewezen:
        if vraag.b_startdatum is None:
            delen = [str(_("aanvaard voorstel zonder startdatum"))]
        else:
            verschil = _verschil_tekst((vraag.b_startdatum - gewenst).days)
            delen = [
                f"{_('aanvaard voorstel start')} {vraag.b_startdatum.isoformat()}, {verschil} "
                f"{_('gewenste start')} {gewenst.isoformat()}"
            ]
            if vraag.f_later:
                delen.append(f"{_('minstens 1 maand later (vanaf')} {maanden_later(gewenst).isoformat()})")
        if vraag.b_dagen is not None and vraag.b_dagen != vraag.dagen_per_week_origineel:
            delen.append(
                f"{_normaal(vraag.b_dagen)} {_('dagen per week, gevraagd')} {_normaal(vraag.dagen_per_week_origineel)}"
            )
        return "; ".join(delen)
    if vraag.f_ingetrokken:
        return (
            f"{_('ingetrokken op')} {timezone.localdate(vraag.ingetrokken_op).isoformat()} "
            f"({vraag.get_intrek_reden_display()}): {_('telt alleen in het totaal')}"
        )
    if vraag.f_met_voorstel:
        return f"{_('laatste voorstel')}: {_toestand_op_peildatum(vraag, peiling)}"
    tekst = str(_("geen voorstel tot de peildatum"))
    if vraag.status == VraagStatus.INGETROKKEN and vraag.ingetrokken_op < peiling.einde:
        tekst += f"; {_('ingetrokken op')} {timezone.localdate(vraag.ingetrokken_op).isoformat()} "
        tekst += f"({vraag.get_intrek_reden_display()})"
    return tekst


def _toestand_op_peildatum(vraag, peiling):
    """What had become of the latest offer (not a standing acceptance) by P."""
    if vraag.l_antwoord == Antwoord.GEWEIGERD and vraag.l_beantwoord_op < peiling.einde:
        return str(_("geweigerd"))
    if vraag.l_antwoord == Antwoord.AANVAARD and vraag.l_beantwoord_op < peiling.einde:
        datum = timezone.localdate(vraag.l_afgesloten_op).isoformat()
        return f"{_('aanvaard, toewijzing geannuleerd op')} {datum}"
    afgesloten = vraag.l_afgesloten_op is not None and vraag.l_afgesloten_op < peiling.einde
    if afgesloten and vraag.l_status in (VoorstelStatus.VERLOPEN, VoorstelStatus.INGETROKKEN):
        return str(VoorstelStatus(vraag.l_status).label)
    return str(_("stond open op de peildatum"))


def _normaal(getal):
    """4.0 -> "4", 3.5 -> "3,5"."""
    tekst = f"{getal.normalize():f}" if hasattr(getal, "normalize") else str(getal)
    return tekst.replace(".", ",")


@dataclass
class Waarschuwing:
    """A data-quality problem to look at before sending the report; `code` selects its list."""

    code: str
    tekst: str
    aantal: int

    @property
    def zin(self):
        """The count and the text in one sentence, singular for 1 ("1 voorstel dat …")."""
        return WAARSCHUWING_ZINNEN[self.code] % {"aantal": self.aantal}


WAARSCHUWING_TEKSTEN = {
    "zonder_gemeente": _("vragen zonder gemeente (tellen in de rij 'zonder gemeente')"),
    "buiten_gebied": _("vragen toegewezen aan een gemeente buiten het werkingsgebied"),
    "dubbels": _("kinderen die waarschijnlijk meer dan één keer geregistreerd zijn en nog niet samengevoegd"),
    "open_voorstel": _("voorstellen die op de peildatum nog openstonden"),
    "zonder_startdatum": _("aanvaarde voorstellen zonder startdatum"),
    "laat_ingediend": _("vragen ingediend na hun gewenste startdatum"),
}
WAARSCHUWING_ZINNEN = {
    "zonder_gemeente": ngettext_lazy(
        "%(aantal)s vraag zonder gemeente (telt in de rij 'zonder gemeente')",
        "%(aantal)s vragen zonder gemeente (tellen in de rij 'zonder gemeente')",
        "aantal",
    ),
    "buiten_gebied": ngettext_lazy(
        "%(aantal)s vraag toegewezen aan een gemeente buiten het werkingsgebied",
        "%(aantal)s vragen toegewezen aan een gemeente buiten het werkingsgebied",
        "aantal",
    ),
    "dubbels": ngettext_lazy(
        "%(aantal)s kind dat waarschijnlijk meer dan één keer geregistreerd is en nog niet samengevoegd",
        "%(aantal)s kinderen die waarschijnlijk meer dan één keer geregistreerd zijn en nog niet samengevoegd",
        "aantal",
    ),
    "open_voorstel": ngettext_lazy(
        "%(aantal)s voorstel dat op de peildatum nog openstond",
        "%(aantal)s voorstellen die op de peildatum nog openstonden",
        "aantal",
    ),
    "zonder_startdatum": ngettext_lazy(
        "%(aantal)s aanvaard voorstel zonder startdatum",
        "%(aantal)s aanvaarde voorstellen zonder startdatum",
        "aantal",
    ),
    "laat_ingediend": ngettext_lazy(
        "%(aantal)s vraag ingediend na haar gewenste startdatum",
        "%(aantal)s vragen ingediend na hun gewenste startdatum",
        "aantal",
    ),
}


def _gelijkende_naam():
    """Birth date and last name (case ignored) as one text: the key of the close-variant check."""
    return Concat(
        Cast("kind__geboortedatum", CharField()), Value("|"), Lower("kind__achternaam"), output_field=CharField()
    )


def _dubbels_q(peiling):
    """Q: requests of the year's population whose child is probably registered more than once.

    Exact: the same normalised identity on different Kind rows. Close variant: the same birth
    date and the same last name (case ignored) under different identities (a typo in the first
    name). One IN over the union of both, which PostgreSQL runs as a hashed semi-join (an OR of
    two subqueries, or a correlated EXISTS per request, grew with the square of the requests:
    16 s for 20,000; now 0.25 s, and 5.5 s for 1,000,000).
    """
    populatie = peiling.populatie()
    exact = (
        populatie.values("kind__identiteit")
        .annotate(kinderen=Count("kind", distinct=True))
        .filter(kinderen__gt=1)
        .values("kind__identiteit")
    )
    variant = (
        populatie.annotate(sleutel=_gelijkende_naam())
        .values("sleutel")
        .annotate(identiteiten=Count("kind__identiteit", distinct=True))
        .filter(identiteiten__gt=1)
        .values("sleutel")
    )
    exact_vragen = populatie.filter(kind__identiteit__in=exact).values("pk")
    variant_vragen = populatie.annotate(gelijkende_naam=_gelijkende_naam()).filter(gelijkende_naam__in=variant)
    return Q(pk__in=exact_vragen.union(variant_vragen.values("pk")))


def _open_op_peildatum_q(peiling, prefix=""):
    """Offers made by P that were neither answered nor closed by P."""
    einde = peiling.einde
    return (
        Q(**{f"{prefix}voorgesteld_op__lt": einde})
        & (Q(**{f"{prefix}beantwoord_op__isnull": True}) | Q(**{f"{prefix}beantwoord_op__gte": einde}))
        & (Q(**{f"{prefix}afgesloten_op__isnull": True}) | Q(**{f"{prefix}afgesloten_op__gte": einde}))
    )


def vragen_met_waarschuwing(peiling, code):
    """The requests behind one warning (the counting requests, or the whole year's for `dubbels`)."""
    if code == "dubbels":
        return (
            peiling.populatie()
            .filter(_dubbels_q(peiling))
            .select_related("kind", "gemeente")
            .order_by("kind__geboortedatum", "kind__achternaam", "kind__voornaam", "ingediend_op", "pk")
        )
    vragen = _met_laatste_voorstel(peiling, peiling.vragen_met_feiten()).order_by("referentie", "pk")
    if code == "zonder_gemeente":
        return vragen.filter(gemeente__isnull=True)
    if code == "buiten_gebied":
        return vragen.filter(gemeente__isnull=False).exclude(gemeente__in=peiling.loket.werkingsgebied.all())
    if code == "open_voorstel":
        open_voorstellen = Opvangvoorstel.objects.filter(_open_op_peildatum_q(peiling), vraag=OuterRef("pk"))
        return vragen.filter(Exists(open_voorstellen))
    if code == "zonder_startdatum":
        return vragen.filter(f_toegewezen=True, b_startdatum__isnull=True)
    if code == "laat_ingediend":
        return vragen.filter(ingediend_op__date__gt=F("gewenste_startdatum_origineel"))
    raise ValueError(code)


def waarschuwingen(rapport):
    """The data-quality warnings of a report, those with a count above zero. Four queries."""
    peiling = rapport.peiling
    aantallen = {
        "zonder_gemeente": sum(r.aantallen["totaal"] for r in rapport.gemeenten if r.gemeente_id is None),
        "buiten_gebied": sum(
            r.aantallen["totaal"] for r in rapport.gemeenten if r.gemeente_id is not None and not r.in_werkingsgebied
        ),
    }
    for code in ("dubbels", "open_voorstel", "zonder_startdatum", "laat_ingediend"):
        aantallen[code] = vragen_met_waarschuwing(peiling, code).count()
    return [
        Waarschuwing(code=code, tekst=str(tekst), aantal=aantallen[code])
        for code, tekst in WAARSCHUWING_TEKSTEN.items()
        if aantallen[code]
    ]


TELVELDEN_HERSTEL_DAGEN = 365


def telvelden_herstellingen(loket, *, nu=None):
    """[(moment, number of this desk's requests)] of the repairs of the report's kept columns
    (aanmelding.telvelden.telvelden_herstellen, Logregel `telvelden.hersteld`) in the last
    TELVELDEN_HERSTEL_DAGEN days, i.e. since the last yearly report, that touched this desk. Newest first.
    A report downloaded before such a repair may differ from the one shown now. One query.
    """
    sinds = (nu or timezone.now()) - datetime.timedelta(days=TELVELDEN_HERSTEL_DAGEN)
    regels = Logregel.objects.filter(
        actie="telvelden.hersteld", tijdstip__gte=sinds, details__per_loket__has_key=str(loket.pk)
    ).order_by("-tijdstip", "-id")
    return [(regel.tijdstip, regel.details["per_loket"][str(loket.pk)]) for regel in regels]
