"""The report's kept columns: what the yearly report reads, stored on each request (Opvangvraag) and kept right.

telvelden_bijwerken recomputes them for a group of children (called by the saves of Gezin, Kind, Opvangvraag and
Opvangvoorstel and by the bulk writers); telvelden_herstellen checks every request (queries.telvelden_controleren)
and repairs those that differ.
"""

import itertools

from django.db import models, transaction
from django.db.models import Count, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan

from loket.logboek import logregel_schrijven

from .models import Antwoord, Gezin, Kind, Opvangvoorstel, Opvangvraag, kind_sleutel
from .queries import TelveldenControle, eerste_reactie_verwacht, telvelden_controleren


def telvelden_bijwerken(*, identiteiten) -> None:
    """Recompute the report columns of every request of the children with these identities.

    `identiteiten`: Kind identities, as a set or a `values("identiteit")` queryset; every request
    of a child with the same key (Kind.sleutel) is recomputed too. For each request:
    `kwetsbaar_gezin` and `specifieke_zorgbehoefte` copied from its family and child,
    `eerste_voorstel_op` its first offer, `kind_sleutel` its child's key, `meerdere_aanvaard`
    whether more than one of its offers was accepted, `eerste_reactie` on each of its offers
    (see eerste_reacties_bijwerken), `volgende_ingediend_op` the registration
    moment of the next request of the same child (same key, desk and year of the original start,
    not merged; ordered as the report orders them: registered, created, pk), and for the Flemish
    overview `vlaams_volgende_ingediend_op` (the same over every desk of the installation) and
    `elders_ingediend_op` (the child's first registration of that year at another desk; merged
    requests get neither). Called by the saves that can change them
    (Gezin, Kind, Opvangvraag, Opvangvoorstel) and by the bulk writers (import, anonymisation).
    The group's existing requests are locked while they are worked out, so two writers of one
    child never store each other's stale values (new requests and renamed children are
    serialised by the desk's row lock, lock_loketten, in registration, import and Kind.save).
    Known race, left to the nightly check: the same child registered at two *different* desks at
    the same instant takes two desk locks, so neither transaction sees the other's new request and
    the two cross-desk columns can miss it until `telvelden_controleren` reports the difference
    (exit code 1) and `telvelden_controleren --herstel` (telvelden_herstellen) recomputes them.
    Three queries (four for a set of identities), one more when a moment column changed.
    """
    if isinstance(identiteiten, models.QuerySet):
        sleutels = Kind.objects.filter(identiteit__in=identiteiten).values("sleutel")
    else:
        identiteiten = set(identiteiten)
        # A renamed child's old identity has no Kind any more: its key is computed. The keys are
        # read first: an OR of the identities and a subquery made PostgreSQL scan every child for
        # each batch of a bulk write.
        sleutels = {kind_sleutel(i) for i in identiteiten}
        sleutels.update(Kind.objects.filter(identiteit__in=identiteiten).values_list("sleutel", flat=True))
    with transaction.atomic():
        vragen = list(
            Opvangvraag.objects.filter(kind__sleutel__in=sleutels)
            .select_for_update(of=("self",))
            .annotate(n_identiteit=models.F("kind__identiteit"), n_sleutel=models.F("kind__sleutel"))
            .only(
                "loket",
                "ingediend_op",
                "aangemaakt_op",
                "gewenste_startdatum_origineel",
                "samengevoegd_met",
                "volgende_ingediend_op",
                "vlaams_volgende_ingediend_op",
                "elders_ingediend_op",
            )
            .order_by("pk")
        )
        # One UPDATE computes the copied columns in the database (bulk_update's CASE per row
        # made filling 1,000,000 requests take hours).
        Opvangvraag.objects.filter(pk__in=[vraag.pk for vraag in vragen]).update(**_gekopieerde_telvelden())
        eerste_reacties_bijwerken(vragen=vragen)
        gewijzigd = _momenten_berekenen(vragen)
        Opvangvraag.objects.bulk_update(gewijzigd, MOMENTEN, batch_size=1000)


def eerste_reacties_bijwerken(*, vragen) -> None:
    """Mark each offer of `vragen` (requests or pks) that is the first of a location the family chose
    (Opvangvoorstel.eerste_reactie). Called by telvelden_bijwerken and where the chosen locations
    change (registratie). One query."""
    pks = [getattr(vraag, "pk", vraag) for vraag in vragen]
    Opvangvoorstel.objects.filter(vraag__in=pks).update(eerste_reactie=eerste_reactie_verwacht())


def _gekopieerde_telvelden():
    """The report columns that copy a value of the family, the child or the offers, as SQL expressions."""
    voorstellen = Opvangvoorstel.objects.filter(vraag=OuterRef("pk"))
    aanvaard = (
        voorstellen.filter(antwoord=Antwoord.AANVAARD).values("vraag").annotate(aantal=Count("pk")).values("aantal")
    )
    return {
        "kwetsbaar_gezin": Subquery(Gezin.objects.filter(pk=OuterRef("gezin_id")).values("kwetsbaar")),
        "specifieke_zorgbehoefte": Subquery(
            Kind.objects.filter(pk=OuterRef("kind_id")).values("specifieke_zorgbehoefte")
        ),
        # Min(), not ORDER BY ... LIMIT 1: that lets PostgreSQL walk the whole voorgesteld_op
        # index for each request when the statistics are behind (a fresh import).
        "eerste_voorstel_op": Subquery(
            voorstellen.values("vraag").annotate(eerste=Min("voorgesteld_op")).values("eerste")
        ),
        "meerdere_aanvaard": GreaterThan(Coalesce(Subquery(aanvaard), 0), 1),
        "kind_sleutel": Subquery(Kind.objects.filter(pk=OuterRef("kind_id")).values("sleutel")),
    }


MOMENTEN = ["volgende_ingediend_op", "vlaams_volgende_ingediend_op", "elders_ingediend_op"]


def _volgende(telbare, groep):
    """{pk: registration moment of the next request in its group} for the report's rule "the latest
    registered request counts", at the desk or across desks (`groep` gives a request's group)."""
    volgende = {}
    geordend = sorted(telbare, key=lambda v: (*groep(v), v.ingediend_op, v.aangemaakt_op, v.pk))
    for _sleutel, reeks in itertools.groupby(geordend, key=groep):
        reeks = list(reeks)
        for vraag, later in zip(reeks, reeks[1:], strict=False):
            volgende[vraag.pk] = later.ingediend_op
    return volgende


def _momenten_berekenen(vragen):
    """Set the MOMENTEN columns on `vragen` (see telvelden_bijwerken); returns those that changed."""

    def kind_jaar(vraag):
        # The child's key (Kind.sleutel): an anonymised child and the same child in a family that
        # was not anonymised are one child. The identity only for a row written without a key.
        return vraag.n_sleutel or vraag.n_identiteit, vraag.gewenste_startdatum_origineel.year

    telbare = [v for v in vragen if v.samengevoegd_met_id is None]
    volgende = _volgende(telbare, lambda v: (v.loket_id, *kind_jaar(v)))
    vlaams = _volgende(telbare, kind_jaar)
    # Per child and year, each desk's first registration; a request's `elders` is the earliest of
    # the other desks'.
    eerste = {}
    for vraag in telbare:
        per_loket = eerste.setdefault(kind_jaar(vraag), {})
        per_loket[vraag.loket_id] = min(per_loket.get(vraag.loket_id, vraag.ingediend_op), vraag.ingediend_op)
    elders = {
        vraag.pk: min((op for loket, op in eerste[kind_jaar(vraag)].items() if loket != vraag.loket_id), default=None)
        for vraag in telbare
    }
    gewijzigd = []
    for vraag in vragen:
        waarden = (volgende.get(vraag.pk), vlaams.get(vraag.pk), elders.get(vraag.pk))
        if tuple(getattr(vraag, veld) for veld in MOMENTEN) != waarden:
            for veld, waarde in zip(MOMENTEN, waarden, strict=True):
                setattr(vraag, veld, waarde)
            gewijzigd.append(vraag)
    return gewijzigd


TELVELDEN_BATCH = 5000


def telvelden_herstellen(*, door=None) -> TelveldenControle:
    """Check the report columns of every request (queries.telvelden_controleren) and repair those that differ.

    In one transaction: the groups of the children with a differing request are recomputed by
    telvelden_bijwerken (in batches of identities). Writes one Logregel
    `telvelden.hersteld` (no desk: the check covers the installation) with the number of repaired
    requests, per column and per desk (`per_loket`, desk pk as text), and the first references.
    Nothing is written when every column is right. Returns the TelveldenControle found before the
    repair.
    """
    controle = telvelden_controleren()
    if controle.in_orde:
        return controle
    with transaction.atomic():
        identiteiten = sorted(controle.identiteiten)
        for begin in range(0, len(identiteiten), TELVELDEN_BATCH):
            telvelden_bijwerken(identiteiten=identiteiten[begin : begin + TELVELDEN_BATCH])
        logregel_schrijven(
            door=door,
            actie="telvelden.hersteld",
            details={
                "aantal": controle.afwijkend,
                "per_kolom": controle.per_kolom,
                "per_loket": {str(pk): aantal for pk, aantal in controle.per_loket.items()},
                "referenties": controle.referenties,
            },
        )
    return controle
