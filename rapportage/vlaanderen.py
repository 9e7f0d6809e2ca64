"""The Flemish overview (DESIGN.md, "The Flemish overview"): every desk's report and a child counted once.

Each desk's own report keeps its rules (rapportage.queries): the sum of the desks is the sum of
those reports. The unique count applies the same rules once more across all desks: a child is
one keyed identity (aanmelding.models.Kind.sleutel, the same for an anonymised child and kept
when a national register number links a variant spelling), and of its counting requests at all
desks the one registered last (ties: created last, then the highest pk) counts and decides the
columns and the municipality.

How it is computed. One grouped query over every desk's counting requests, joined to their deciding
offer as in the desk report (Peiling.vragen_met_feiten), grouped on the desk, the municipality and
what the overview reads of a request packed into one integer (`_kenmerken`): the report's facts
and categories, the vulnerable-family flag and two flags read from kept columns of the request
(aanmelding.telvelden keeps them with the desk's): `v_telt`, the request is the child's last
registration in Flanders (the same "latest registered request counts" rule as the desk's, GETELD,
on `vlaams_volgende_ingediend_op`; a request that counts for Flanders counts at its desk too, so
the desks' counting requests hold them all), and `elders`, the child also has a request of the
year at another desk on P (`elders_ingediend_op`). The sum of the desks adds every group,
Flanders the `v_telt` ones.
Measured with bench/vlaanderen.py on 1,000,000 requests at 300 desks (1.5 million offers):
finding the children at several desks and their last registration at report time (a grouped scan
on the 64-character key and a window) took 13-17 s on a busy machine, 20-35 times one plain scan.
On a quiet machine this shape took 1.66 s (ratio 9.2) with a column per flag in one process; with
the workers of rapportage.queries.grote_telling 1.19 s, and with the packed integer 0.89-1.02 s
(ratio 5.3-5.7), of which adding up the ~37,000 groups in Python 0.1-0.15 s. Adding each group to
flat count vectors instead of Tellingen takes 0.03 s (0.90 s, ratio 4.8), and the accepted offers'
covering index (aanmelding.Opvangvoorstel, voorstel_aanvaard_dekkend) spares the join the offer
table: 0.81-0.85 s, ratio 4.2-4.6.
"""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, Q, Value, When

from aanmelding.models import Opvangvraag
from loket.models import Gemeente, Loket

from .queries import (
    CATEGORIEEN,
    FORMATEN,
    GETELD,
    KOLOMMEN,
    ZONDER_GEMEENTE,
    Peiling,
    Tijdsfeit,
    grote_telling,
    kolommen_voor,
    standaard_formaat,
)

# The desk's GETELD over every desk: counted until the child's next registration anywhere.
VLAAMS_GETELD = Tijdsfeit(vanaf=GETELD.vanaf, tot="vlaams_volgende_ingediend_op")


@dataclass(frozen=True)
class VlaamsePeiling(Peiling):
    """A Peiling over every desk: the population is the installation's; `loket` is None."""

    def populatie(self):
        return Opvangvraag.objects.filter(
            samengevoegd_met__isnull=True,
            gewenste_startdatum_origineel__gte=datetime.date(self.jaar, 1, 1),
            gewenste_startdatum_origineel__lte=datetime.date(self.jaar, 12, 31),
        ).filter(GETELD.vanaf_q(self.einde))

    def vlaams_q(self):
        """Q on a desk's counting request: it is also the child's last registration across desks."""
        return VLAAMS_GETELD.tot_q(self.einde)

    def elders_q(self):
        """Q: the request's child has a request of the year at another desk, registered on or before P."""
        return Q(elders_ingediend_op__lt=self.einde)


def _kenmerken(peiling, categorieen):
    """{name: Q} of what the overview reads of each counting request: the report's facts (`f_*`),
    the categories (`c_*`), the vulnerable family, and the two Flemish flags (module docstring)."""
    return {
        **{f"f_{naam}": q for naam, q in peiling.feiten().items()},
        **{f"c_{naam}": CATEGORIEEN[naam] for naam in categorieen},
        "kwetsbaar_gezin": Q(kwetsbaar_gezin=True),
        "v_telt": peiling.vlaams_q(),
        "elders": peiling.elders_q(),
    }


def _groepen(peiling, kenmerken):
    """Every desk's counting requests grouped on desk, municipality and `kenmerken` packed into one
    integer (bit i: the i-th of `kenmerken` holds), as (loket_id, gemeente_id, bits, count).

    One integer instead of a column per flag: PostgreSQL hashes 900,000 rows on four keys instead
    of fourteen (EXPLAIN ANALYZE on 1,000,000 requests: 0.95 s -> 0.85 s)."""
    bits = sum(
        (Case(When(q, then=Value(1 << i)), default=Value(0)) for i, q in enumerate(kenmerken.values())),
        start=Value(0),
    )

    def gegroepeerd(vragen):
        return (
            vragen.annotate(bits=bits)
            .values_list("loket_id", "gemeente_id", "bits")
            .annotate(aantal=Count("pk"))
            .order_by()
        )

    eerste = gegroepeerd(peiling.vragen_met_feiten(meerdere_aanvaard=False))
    tweede = gegroepeerd(peiling.vragen_met_feiten(meerdere_aanvaard=True))
    vragen = eerste.union(tweede, all=True).order_by()
    with grote_telling(vragen.db):
        return list(vragen)


@dataclass
class Tellingen:
    """Five numbers, and the same per category; `elders`: of `totaal`, children also at another desk."""

    categorieen_lijst: list
    aantallen: dict = field(default_factory=lambda: dict.fromkeys(KOLOMMEN, 0))
    categorieen: dict = field(default_factory=dict)
    elders: int = 0
    kwetsbaar: int = 0
    deels: int = 0

    def __post_init__(self):
        self.categorieen = self.categorieen or {c: dict.fromkeys(KOLOMMEN, 0) for c in self.categorieen_lijst}

    @classmethod
    def uit_vector(cls, categorieen, vector):
        """Tellingen from a flat count vector laid out as `_cellen(categorieen)`."""
        tellingen = cls(categorieen)
        for cel, aantal in zip(_cellen(categorieen), vector, strict=True):
            if isinstance(cel, str):
                setattr(tellingen, cel, aantal)
            elif cel[0] is None:
                tellingen.aantallen[cel[1]] = aantal
            else:
                tellingen.categorieen[cel[0]][cel[1]] = aantal
        return tellingen

    def teller(self, soort):
        """The requests behind a share: `onbeantwoord` (without offer or offer not accepted), `deels`
        (answered, started a month later or fewer days; counted once), `kwetsbaar` (vulnerable family)."""
        if soort == "onbeantwoord":
            return self.aantallen["zonder_voorstel"] + self.aantallen["voorstel_niet_aanvaard"]
        return {"deels": self.deels, "kwetsbaar": self.kwetsbaar}[soort]

    def aandeel(self, soort):
        """teller(soort) as a share of the total (0.0-1.0), or None without requests."""
        totaal = self.aantallen["totaal"]
        return self.teller(soort) / totaal if totaal else None

    def als_json(self):
        uit = dict(self.aantallen)
        if self.categorieen_lijst:
            uit["categorieen"] = {c: dict(self.categorieen[c]) for c in self.categorieen_lijst}
        return uit


@dataclass
class LoketRij:
    """One desk in the overview: its report's totals, and per municipality."""

    loket: Loket
    totaal: Tellingen
    gemeenten: dict  # gemeente_id (or None) -> Tellingen


@dataclass
class Overzicht:
    """The Flemish overview of one year, reference date and format."""

    peiling: VlaamsePeiling
    formaat: str
    loketten: list  # [LoketRij], by desk code
    som: Tellingen
    uniek: Tellingen
    uniek_per_gemeente: dict  # gemeente_id (or None) -> Tellingen
    gemeenten: dict  # gemeente_id -> Gemeente
    kinderen_bij_meerdere_loketten: int

    @property
    def jaar(self):
        return self.peiling.jaar

    @property
    def categorieen(self):
        return FORMATEN[self.formaat]

    @property
    def som_loketten(self):
        return self.som.aantallen

    def gemeente_naam(self, gemeente_id):
        gemeente = self.gemeenten.get(gemeente_id)
        return gemeente.naam_nl if gemeente else str(ZONDER_GEMEENTE)

    def uniek_per_provincie(self):
        """{province (or "" without municipality): Tellingen} of the unique count, by name."""
        per = {}
        for gemeente_id, tellingen in self.uniek_per_gemeente.items():
            gemeente = self.gemeenten.get(gemeente_id)
            naam = gemeente.provincie if gemeente else ""
            doel = per.setdefault(naam, Tellingen(self.categorieen))
            _bijtellen(doel, tellingen)
        return dict(sorted(per.items()))

    def mediaan(self, soort):
        """The median over the desks with requests of their share `soort` (see Tellingen.aandeel)."""
        waarden = [rij.totaal.aandeel(soort) for rij in self.loketten if rij.totaal.aantallen["totaal"]]
        return statistics.median(waarden) if waarden else None

    def als_json(self):
        """DESIGN.md's JSON contract, plus per desk its municipalities and per province and municipality."""
        return {
            "jaar": self.jaar,
            "peildatum": self.peiling.peildatum.isoformat(),
            "formaat": self.formaat,
            "loketten": [
                {
                    "code": rij.loket.code,
                    "naam": rij.loket.naam,
                    "dossiernummer": rij.loket.dossiernummer,
                    "totaal": rij.totaal.als_json(),
                    "kinderen_ook_bij_ander_loket": rij.totaal.elders,
                    "gemeenten": [
                        {
                            "nis": self.gemeenten[g].nis if g in self.gemeenten else None,
                            "gemeente": self.gemeente_naam(g),
                            **t.als_json(),
                        }
                        for g, t in rij.gemeenten.items()
                    ],
                }
                for rij in self.loketten
            ],
            "som_loketten": self.som.als_json(),
            "uniek": self.uniek.als_json(),
            "kinderen_bij_meerdere_loketten": self.kinderen_bij_meerdere_loketten,
            "uniek_per_provincie": [
                {"provincie": naam or str(ZONDER_GEMEENTE), **t.als_json()}
                for naam, t in self.uniek_per_provincie().items()
            ],
            "uniek_per_gemeente": [
                {
                    "nis": self.gemeenten[g].nis if g in self.gemeenten else None,
                    "gemeente": self.gemeente_naam(g),
                    **t.als_json(),
                }
                for g, t in sorted(
                    self.uniek_per_gemeente.items(), key=lambda i: (i[0] is None, self.gemeente_naam(i[0]))
                )
            ],
        }


def _bijtellen(doel, bron):
    for kolom, aantal in bron.aantallen.items():
        doel.aantallen[kolom] += aantal
    for categorie, kolommen in bron.categorieen.items():
        for kolom, aantal in kolommen.items():
            doel.categorieen[categorie][kolom] += aantal
    doel.elders += bron.elders
    doel.kwetsbaar += bron.kwetsbaar
    doel.deels += bron.deels


def _cellen(categorieen):
    """The cells of a flat count vector: (None, column) for the five numbers, (category, column) per
    category, then the counts `elders`, `kwetsbaar` and `deels` of Tellingen."""
    return [(c, k) for c in (None, *categorieen) for k in KOLOMMEN] + ["elders", "kwetsbaar", "deels"]


def _som(vectoren, lengte):
    return [sum(cel) for cel in zip([0] * lengte, *vectoren, strict=True)]


def rapport_vlaanderen(*, jaar, peildatum=None, formaat=None, loketten=None):
    """The Flemish overview of `jaar` as of `peildatum` (default: end of February Y+1) in `formaat`.

    `loketten`: a Loket queryset to limit the desks listed (default: all). The desks' rows hold
    each desk's own report (municipalities of its area included with zeros); `uniek` the count
    across desks. Four queries (desks, their areas, the counts, municipalities), five on PostgreSQL
    (grote_telling). Reads only.
    """
    formaat = formaat or standaard_formaat(jaar)
    if formaat not in FORMATEN:
        raise ValueError(f"Onbekend formaat: {formaat}")
    categorieen = FORMATEN[formaat]
    peiling = VlaamsePeiling.maak(loket=None, jaar=jaar, peildatum=peildatum)
    feiten = peiling.feiten()
    alle_loketten = list((loketten if loketten is not None else Loket.objects.all()).order_by("code"))
    gebied = {}
    for loket_id, gemeente_id in Loket.werkingsgebied.through.objects.filter(
        loket__in=[loket.pk for loket in alle_loketten]
    ).values_list("loket_id", "gemeente_id"):
        gebied.setdefault(loket_id, []).append(gemeente_id)
    rijen = {
        loket.pk: LoketRij(
            loket=loket,
            totaal=Tellingen(categorieen),
            gemeenten={g: Tellingen(categorieen) for g in gebied.get(loket.pk, [])},
        )
        for loket in alle_loketten
    }
    # The query returns tens of thousands of groups: each adds its count to the cells (`_cellen`) its
    # bits stand for, in one flat vector per desk and municipality (and per municipality for Flanders);
    # the Tellingen are made from those vectors at the end.
    kenmerken = _kenmerken(peiling, categorieen)
    v_telt = 1 << list(kenmerken).index("v_telt")
    cellen = {cel: i for i, cel in enumerate(_cellen(categorieen))}
    lengte = len(cellen)

    def cellen_van(bits):
        geldt = {naam: bool(bits >> i & 1) for i, naam in enumerate(kenmerken)}
        kolommen = kolommen_voor(**{naam: geldt[f"f_{naam}"] for naam in feiten})
        eigen = [c for c in (None, *categorieen) if c is None or geldt[f"c_{c}"]]
        extra = {
            "elders": geldt["elders"],
            "kwetsbaar": geldt["kwetsbaar_gezin"],
            "deels": bool({"later_gestart", "minder_dagen"} & set(kolommen)),
        }
        return [cellen[c, k] for c in eigen for k in kolommen] + [cellen[e] for e, ja in extra.items() if ja]

    per_gemeente = defaultdict(lambda: [0] * lengte)  # (loket_id, gemeente_id) -> vector
    uniek_per = defaultdict(lambda: [0] * lengte)  # gemeente_id -> vector of Flanders' counting requests
    cellen_per_bits = {}
    for loket_id, gemeente_id, bits, aantal in _groepen(peiling, kenmerken):
        indices = cellen_per_bits.get(bits)
        if indices is None:
            indices = cellen_per_bits[bits] = cellen_van(bits)
        vector = per_gemeente[loket_id, gemeente_id]
        for i in indices:
            vector[i] += aantal
        if bits & v_telt:
            vector = uniek_per[gemeente_id]
            for i in indices:
                vector[i] += aantal
    for (loket_id, gemeente_id), vector in per_gemeente.items():
        rij = rijen.get(loket_id)
        if rij is not None:
            rij.gemeenten[gemeente_id] = Tellingen.uit_vector(categorieen, vector)
    for rij in rijen.values():
        for tellingen in rij.gemeenten.values():
            _bijtellen(rij.totaal, tellingen)
    som = Tellingen.uit_vector(categorieen, _som(per_gemeente.values(), lengte))
    uniek = Tellingen.uit_vector(categorieen, _som(uniek_per.values(), lengte))
    uniek_per_gemeente = {g: Tellingen.uit_vector(categorieen, vector) for g, vector in uniek_per.items()}
    # Children at two or more desks: counted once, at their last registration in Flanders.
    meerdere = uniek.elders
    ids = {g for rij in rijen.values() for g in rij.gemeenten} | set(uniek_per_gemeente)
    gemeenten = Gemeente.objects.in_bulk(ids - {None})
    for rij in rijen.values():
        rij.gemeenten = dict(
            sorted(rij.gemeenten.items(), key=lambda i: (i[0] is None, gemeenten[i[0]].naam_nl if i[0] else ""))
        )
    return Overzicht(
        peiling=peiling,
        formaat=formaat,
        loketten=list(rijen.values()),
        som=som,
        uniek=uniek,
        uniek_per_gemeente=uniek_per_gemeente,
        gemeenten=gemeenten,
        kinderen_bij_meerdere_loketten=meerdere,
    )


def kinderen_ook_elders(*, loket, jaar, peildatum=None):
    """{gemeente_id: number} of `loket`'s counting children of `jaar` that also have a request of
    that year at another desk of the installation (municipalities with none left out). Numbers
    only: never which child or which desk. One query."""
    peiling = VlaamsePeiling.maak(loket=None, jaar=jaar, peildatum=peildatum)
    per_gemeente = (
        Peiling.maak(loket=loket, jaar=jaar, peildatum=peildatum)
        .tellende_vragen()
        .filter(peiling.elders_q())
        .values("gemeente_id")
        .annotate(aantal=Count("pk"))
        .order_by()
    )
    return {groep["gemeente_id"]: groep["aantal"] for groep in per_gemeente}


# --- What the Flemish level sees: small cells masked, and the spreadsheet ------------------------

KLEIN = "<5"


def gemaskeerd(aantal):
    """A number as the `opgroeien` role sees it: 1-4 become "<5" (0 stays 0: nothing to hide)."""
    return KLEIN if 0 < aantal < 5 else aantal


def _kolomnamen(categorieen):
    namen = list(KOLOMMEN)
    for categorie in categorieen:
        namen += [f"{categorie}_{kolom}" for kolom in KOLOMMEN]
    return namen


def _getallen(tellingen, categorieen):
    waarden = [tellingen.aantallen[k] for k in KOLOMMEN]
    for categorie in categorieen:
        waarden += [tellingen.categorieen[categorie][k] for k in KOLOMMEN]
    return waarden


class VlaanderenTabel:
    """One sheet: one row per desk and municipality (the format's columns), then the Flemish totals.

    `maskeren`: small cells as "<5" (for the `opgroeien` role; the command gives exact numbers).
    """

    titel = "Vlaanderen"

    def __init__(self, overzicht, *, maskeren):
        self.overzicht = overzicht
        self.maskeren = maskeren

    def _cellen(self, tellingen):
        waarden = _getallen(tellingen, self.overzicht.categorieen)
        return [gemaskeerd(w) for w in waarden] if self.maskeren else waarden

    def rijen(self):
        o = self.overzicht
        yield ["Jaar", o.jaar]
        yield ["Peildatum", o.peiling.peildatum]
        yield ["Formaat", o.formaat]
        yield []
        yield ["Loket", "Dossiernummer", "NIS", "Gemeente", *_kolomnamen(o.categorieen)]
        for rij in o.loketten:
            for gemeente_id, tellingen in rij.gemeenten.items():
                gemeente = o.gemeenten.get(gemeente_id)
                yield [
                    rij.loket.naam,
                    rij.loket.dossiernummer,
                    gemeente.nis if gemeente else "",
                    o.gemeente_naam(gemeente_id),
                    *self._cellen(tellingen),
                ]
        yield []
        yield ["Som van de loketten", "", "", "", *self._cellen(o.som)]
        yield ["Uniek in Vlaanderen", "", "", "", *self._cellen(o.uniek)]
        meerdere = o.kinderen_bij_meerdere_loketten
        yield ["Kinderen bij twee of meer loketten", "", "", "", gemaskeerd(meerdere) if self.maskeren else meerdere]


def vlaanderen_xlsx(overzicht, *, maskeren):
    """The overview as .xlsx bytes (one sheet)."""
    from .exporteren import als_xlsx

    tabel = VlaanderenTabel(overzicht, maskeren=maskeren)
    return als_xlsx([(tabel.titel, tabel.rijen())])


def gemaskeerde_json(waarde):
    """The overview's JSON with every count of 1-4 as "<5" (years, dates and codes stay as they are)."""
    if isinstance(waarde, dict):
        return {k: (v if k in ("jaar",) else gemaskeerde_json(v)) for k, v in waarde.items()}
    if isinstance(waarde, list):
        return [gemaskeerde_json(v) for v in waarde]
    if isinstance(waarde, int) and not isinstance(waarde, bool):
        return gemaskeerd(waarde)
    return waarde
