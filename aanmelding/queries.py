"""Reads of the aanmelding app. `opvangvragen_zichtbaar_voor` is the one scoping rule for requests."""

import operator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import reduce

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateTimeField,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear, Lead, Lower, NullIf, Replace
from django.db.models.lookups import GreaterThan
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from aanbod.models import AanbiederToegang, Locatie, VrijePlaats
from aanbod.queries import locaties_voor_aanbieder
from loket.expressies import EenVan
from loket.models import Logregel, Rol
from loket.queries import loketten_voor

from .models import (
    OPEN_STATUSSEN,
    Antwoord,
    Doorverwijzing,
    Gezien,
    Gezin,
    Kind,
    Opvangvoorstel,
    Opvangvraag,
    Ouder,
    Voorkeur,
    VoorstelStatus,
    VraagStatus,
    Wisverzoek,
    normaliseer_naam,
)


def opvangvragen_zichtbaar_voor(gebruiker):
    """The requests this user may see, per DESIGN.md's role table.

    - beheerder: all; loketmedewerker/coordinator: every request of their desks;
    - toeleider: the requests they filed; ouder: their own family's;
    - aanbieder: requests that chose one of their locations, got an offer from one, or that this
      user registered (a provider's registration puts its location first among the preferences,
      so its whole organisation sees it), plus the open urgent requests of desks that share those.
    """
    vragen = Opvangvraag.objects.all()
    if not gebruiker.is_authenticated or not gebruiker.is_active:
        return vragen.none()
    if gebruiker.is_beheerder:
        return vragen
    if gebruiker.rol in (Rol.LOKETMEDEWERKER, Rol.COORDINATOR):
        return vragen.filter(loket__in=loketten_voor(gebruiker))
    if gebruiker.rol == Rol.TOELEIDER:
        return vragen.filter(toeleider=gebruiker)
    if gebruiker.rol == Rol.OUDER:
        return vragen.filter(gezin__ouders__gebruiker=gebruiker).distinct()
    if gebruiker.rol == Rol.AANBIEDER:
        return vragen.filter(aanbieder_zichtbaar_q(gebruiker))
    return vragen.none()


def aanbieder_zichtbaar_q(gebruiker):
    """Q for the requests a provider user may see (see opvangvragen_zichtbaar_voor)."""
    locaties = Locatie.objects.filter(
        Q(toegangen__gebruiker=gebruiker)
        | Q(organisator__toegangen__gebruiker=gebruiker, organisator__toegangen__locatie__isnull=True)
    ).values("pk")
    gekozen = Voorkeur.objects.filter(vraag=OuterRef("pk"), locatie__in=locaties)
    voorgesteld = Opvangvoorstel.objects.filter(vraag=OuterRef("pk"), locatie__in=locaties)
    in_gebied = Locatie.objects.filter(pk__in=locaties, gemeente__loketten=OuterRef("loket"))
    gedeeld_dringend = Q(dringend=True, status__in=OPEN_STATUSSEN, loket__dringend_delen=True) & Exists(in_gebied)
    return Exists(gekozen) | Exists(voorgesteld) | Q(ingediend_door=gebruiker) | gedeeld_dringend


def opvangvraag_voor_gebruiker(gebruiker, pk, *related):
    """The request with this pk if this user may see it; 404 otherwise (no enumeration).

    `related` are select_related paths the caller's page needs.
    """
    vragen = opvangvragen_zichtbaar_voor(gebruiker)
    if related:  # select_related() without paths would follow every relation
        vragen = vragen.select_related(*related)
    vraag = vragen.filter(pk=pk).first()
    if vraag is None:
        raise Http404
    return vraag


def _is_loketpersoneel(gebruiker):
    if not gebruiker.is_authenticated or not gebruiker.is_active:
        return False
    return gebruiker.is_beheerder or gebruiker.is_loketpersoneel


def gezinnen_zichtbaar_voor(gebruiker):
    """The families this user may see as desk staff: those of their desks (all for a beheerder).

    Nobody else reaches a family by its pk: a parent goes through gezinnen_van_ouder, a referrer
    or provider only through a request (opvangvragen_zichtbaar_voor).
    """
    if not _is_loketpersoneel(gebruiker):
        return Gezin.objects.none()
    return Gezin.objects.filter(loket__in=loketten_voor(gebruiker))


def gezin_voor_gebruiker(gebruiker, pk, *related, loket=None):
    """The family with this pk if this user may see it (and it belongs to `loket`, when given); 404 otherwise."""
    gezinnen = gezinnen_zichtbaar_voor(gebruiker)
    if loket is not None:
        gezinnen = gezinnen.filter(loket=loket)
    if related:
        gezinnen = gezinnen.select_related(*related)
    gezin = gezinnen.filter(pk=pk).first()
    if gezin is None:
        raise Http404
    return gezin


def kinderen_zichtbaar_voor(gebruiker):
    """The children this user may see as desk staff: those of their desks' families."""
    return Kind.objects.filter(gezin__in=gezinnen_zichtbaar_voor(gebruiker).values("pk"))


def kind_voor_gebruiker(gebruiker, pk, *related, loket=None):
    """The child with this pk if this user may see it (its family of `loket`, when given); 404 otherwise."""
    kinderen = kinderen_zichtbaar_voor(gebruiker)
    if loket is not None:
        kinderen = kinderen.filter(gezin__loket=loket)
    if related:
        kinderen = kinderen.select_related(*related)
    kind = kinderen.filter(pk=pk).first()
    if kind is None:
        raise Http404
    return kind


def wisverzoeken_zichtbaar_voor(gebruiker):
    """The erasure requests this user handles: a coordinator those of their desks' families (all for a beheerder)."""
    if not gebruiker.is_authenticated or not gebruiker.is_active:
        return Wisverzoek.objects.none()
    if gebruiker.is_beheerder:
        return Wisverzoek.objects.all()
    if gebruiker.rol != Rol.COORDINATOR:
        return Wisverzoek.objects.none()
    return Wisverzoek.objects.filter(gezin__loket__in=loketten_voor(gebruiker))


def wisverzoek_voor_gebruiker(gebruiker, pk, *related):
    """The erasure request with this pk if this user handles it; 404 otherwise."""
    verzoeken = wisverzoeken_zichtbaar_voor(gebruiker)
    if related:
        verzoeken = verzoeken.select_related(*related)
    verzoek = verzoeken.filter(pk=pk).first()
    if verzoek is None:
        raise Http404
    return verzoek


def werklijst_vragen(gebruiker, loket):
    """The requests of `loket` this user may see, with what one worklist row shows.

    The query count of a page does not depend on its length: the row's child, family and
    municipality are joined, the parents come with one prefetch.
    """
    return (
        opvangvragen_zichtbaar_voor(gebruiker)
        .filter(loket=loket)
        .select_related("kind", "gezin", "gemeente")
        .prefetch_related(Prefetch("gezin__ouders", queryset=Ouder.objects.order_by("id")))
    )


def _naam_gelijkend(a, b):
    """Typing variants of one name ("Jan Peeters" / "Jan Peters", swapped first and last name)."""
    if not a or not b:
        return False
    if a == b or sorted(a.split()) == sorted(b.split()):
        return True
    return SequenceMatcher(None, a, b).ratio() >= 0.8


def mogelijke_dubbels(vraag):
    """Other requests at the same desk whose child may be the same child as `vraag`'s.

    A candidate matches on at least one of: the same identity (normalised name + birth date),
    the same national-register hash, the same birth date with a similar name, the same parent
    e-mail (that can also be a brother or sister: staff decide). Requests already merged into
    another one are left out. Returns a list of Opvangvraag, oldest registration first, each with
    `dubbel_redenen`: a list of readable reasons. Two queries, whatever the number of candidates.
    """
    kind = vraag.kind
    emails = [o.email.lower() for o in vraag.gezin.ouders.all() if o.email]
    # The matching children and families first, each from an index (Kind.identiteit, .geboortedatum,
    # .rijksregister_hash, Lower(Ouder.email)), then the requests of those (EenVan: no scan of the
    # desk's requests; bench: ~90 ms to ~1 ms at 25,000).
    kinderen = Q(identiteit=kind.identiteit) | Q(geboortedatum=kind.geboortedatum)
    if kind.rijksregister_hash:
        kinderen |= Q(rijksregister_hash=kind.rijksregister_hash)
    voorwaarde = Q(EenVan("kind_id", Kind.objects.filter(kinderen).values("pk")))
    if emails:
        gezinnen = Ouder.objects.annotate(email_klein=Lower("email")).filter(email_klein__in=emails).values("gezin_id")
        voorwaarde |= Q(EenVan("gezin_id", gezinnen))
    kandidaten = (
        Opvangvraag.objects.filter(voorwaarde, loket=vraag.loket, samengevoegd_met__isnull=True)
        .exclude(pk=vraag.pk)
        .select_related("kind", "gezin", "gemeente")
        .prefetch_related(Prefetch("gezin__ouders", queryset=Ouder.objects.order_by("id")))
        .order_by("ingediend_op", "id")
    )
    naam = normaliseer_naam(f"{kind.voornaam} {kind.achternaam}")
    dubbels = []
    for kandidaat in kandidaten:
        redenen = []
        if kandidaat.kind_id == kind.pk:
            redenen.append(_("hetzelfde kind"))
        elif kandidaat.kind.identiteit == kind.identiteit:
            redenen.append(_("zelfde naam en geboortedatum"))
        elif kandidaat.kind.geboortedatum == kind.geboortedatum and _naam_gelijkend(
            naam, normaliseer_naam(f"{kandidaat.kind.voornaam} {kandidaat.kind.achternaam}")
        ):
            redenen.append(_("zelfde geboortedatum, gelijkende naam"))
        if kind.rijksregister_hash and kandidaat.kind.rijksregister_hash == kind.rijksregister_hash:
            redenen.append(_("zelfde rijksregisternummer"))
        if emails and any(o.email.lower() in emails for o in kandidaat.gezin.ouders.all() if o.email):
            redenen.append(_("zelfde e-mailadres van een ouder"))
        if redenen:
            kandidaat.dubbel_redenen = redenen
            dubbels.append(kandidaat)
    return dubbels


def dubbele_kinderen(loket):
    """Identities (normalised name + birth date) with more than one not-merged request at `loket`.

    For data-quality overviews: [{"kind__identiteit": ..., "aantal": n}], most first.
    """
    return list(
        Opvangvraag.objects.filter(loket=loket, samengevoegd_met__isnull=True)
        .values("kind__identiteit")
        .annotate(aantal=Count("id"))
        .filter(aantal__gt=1)
        .order_by("-aantal", "kind__identiteit")
    )


def tijdlijn(vraag, *, met_bekeken=False):
    """The audit trail of a request, oldest first: the request itself, its offers, its family,
    and the requests merged into it. Views of the page (`opvangvraag.bekeken`) only when asked.
    """
    vraag_type = ContentType.objects.get_for_model(Opvangvraag)
    vragen = [vraag.pk, *vraag.samengevoegde_vragen.values_list("pk", flat=True)]
    voorwaarde = Q(content_type=vraag_type, object_id__in=[str(pk) for pk in vragen])
    voorwaarde |= Q(content_type=ContentType.objects.get_for_model(Gezin), object_id=str(vraag.gezin_id))
    voorstellen = Opvangvoorstel.objects.filter(vraag_id__in=vragen).values_list("pk", flat=True)
    voorwaarde |= Q(
        content_type=ContentType.objects.get_for_model(Opvangvoorstel),
        object_id__in=[str(pk) for pk in voorstellen],
    )
    regels = Logregel.objects.filter(voorwaarde).select_related("gebruiker").order_by("tijdstip", "id")
    if not met_bekeken:
        regels = regels.exclude(actie="opvangvraag.bekeken")
    return regels


def gezinnen_zoeken(loket, *, naam="", geboortedatum=None, email="", telefoon="", limiet=20):
    """Families of `loket` matching what a parent tells at the counter, to avoid a second record.

    Every given criterion must match: `naam` a child's or parent's first or last name (part of
    it, accents and case ignored by the database's icontains where it can), `geboortedatum` a
    child's, `email` a parent's (exact, case ignored), `telefoon` a parent's (digits compared).
    Returns at most `limiet` families with their parents, children and the children's requests
    prefetched (a fixed number of queries).
    """
    gezinnen = Gezin.objects.filter(loket=loket)
    gezocht = False
    for deel in naam.split():
        gezocht = True
        gezinnen = gezinnen.filter(
            Q(kinderen__voornaam__icontains=deel)
            | Q(kinderen__achternaam__icontains=deel)
            | Q(ouders__voornaam__icontains=deel)
            | Q(ouders__achternaam__icontains=deel)
        )
    if geboortedatum:
        gezocht = True
        gezinnen = gezinnen.filter(kinderen__geboortedatum=geboortedatum)
    if email:
        gezocht = True
        gezinnen = gezinnen.filter(ouders__email__iexact=email.strip())
    cijfers = "".join(c for c in telefoon if c.isdigit())
    if cijfers:
        gezocht = True
        # Phone numbers are typed with spaces, dots and slashes; compare digits only.
        telefoon_cijfers = F("ouders__telefoon")
        for teken in " ./-+()":
            telefoon_cijfers = Replace(telefoon_cijfers, Value(teken), Value(""))
        # The last 9 digits: "0470 12 34 56" and "+32 470 12 34 56" are the same number.
        gezinnen = gezinnen.annotate(telefoon_cijfers=telefoon_cijfers).filter(telefoon_cijfers__contains=cijfers[-9:])
    if not gezocht:
        return []
    pks = list(gezinnen.values_list("pk", flat=True).distinct().order_by("-pk")[:limiet])
    return list(
        Gezin.objects.filter(pk__in=pks)
        .select_related("gemeente")
        .prefetch_related(
            Prefetch("ouders", queryset=Ouder.objects.order_by("id")),
            Prefetch("kinderen", queryset=Kind.objects.order_by("geboortedatum", "id")),
            Prefetch("opvangvragen", queryset=Opvangvraag.objects.select_related("kind").order_by("-ingediend_op")),
        )
        .order_by("-pk")
    )


def gezinnen_voorbij_bewaartermijn(*, loket, grens):
    """Families of `loket`, not anonymised yet, with requests that all closed before `grens`.

    Closed: withdrawn (`ingetrokken_op`), or assigned: the accepted offer's `beantwoord_op` (an
    assigned request without such an offer, which only old data can hold, counts from its last
    change). A family with an open request, or without any request, is not returned.
    """
    aanvaard = Opvangvoorstel.objects.filter(vraag=OuterRef("pk"), status=VoorstelStatus.AANVAARD)
    nog_bewaren = Opvangvraag.objects.filter(gezin=OuterRef("pk")).filter(
        Q(status__in=OPEN_STATUSSEN)
        | Q(status=VraagStatus.INGETROKKEN, ingetrokken_op__gte=grens)
        | Q(status=VraagStatus.TOEGEWEZEN)
        & (Exists(aanvaard.filter(beantwoord_op__gte=grens)) | ~Exists(aanvaard) & Q(gewijzigd_op__gte=grens))
    )
    return (
        Gezin.objects.filter(loket=loket, geanonimiseerd_op__isnull=True)
        .filter(Exists(Opvangvraag.objects.filter(gezin=OuterRef("pk"))), ~Exists(nog_bewaren))
        .order_by("pk")
    )


def gezinnen_van_ouder(gebruiker):
    """The families a parent's login belongs to (not anonymised): what /mijn/gegevens/ is about."""
    if not gebruiker.is_authenticated or not gebruiker.is_active or gebruiker.rol != Rol.OUDER:
        return Gezin.objects.none()
    return Gezin.objects.filter(ouders__gebruiker=gebruiker, geanonimiseerd_op__isnull=True).distinct().order_by("pk")


def _als_tekst(queryset):
    # Logregel.object_id is text: compare with the primary keys as text, inside one SQL query.
    return queryset.annotate(pk_tekst=Cast("pk", CharField())).values("pk_tekst")


def logregels_over_gezin(gezin):
    """The audit trail about a family: rows on the family, its parents, children, requests and
    those requests' offers (any desk's rows; the family belongs to one desk). Newest first.

    One query, whatever the number of rows: the objects' keys are subqueries. The rows come with
    their user and, for provider users, their organisations prefetched (two more queries when
    there are such users), so that `wie()` can describe everyone.
    """
    types = ContentType.objects.get_for_models(Gezin, Ouder, Kind, Opvangvraag, Opvangvoorstel)
    voorwaarde = (
        Q(content_type=types[Gezin], object_id=str(gezin.pk))
        | Q(content_type=types[Ouder], object_id__in=_als_tekst(Ouder.objects.filter(gezin=gezin)))
        | Q(content_type=types[Kind], object_id__in=_als_tekst(Kind.objects.filter(gezin=gezin)))
        | Q(content_type=types[Opvangvraag], object_id__in=_als_tekst(Opvangvraag.objects.filter(gezin=gezin)))
        | Q(
            content_type=types[Opvangvoorstel],
            object_id__in=_als_tekst(Opvangvoorstel.objects.filter(vraag__gezin=gezin)),
        )
    )
    return (
        Logregel.objects.filter(voorwaarde)
        .select_related("gebruiker", "content_type")
        .prefetch_related(
            Prefetch(
                "gebruiker__aanbiedertoegangen",
                queryset=AanbiederToegang.objects.select_related("organisator").order_by("organisator__naam", "pk"),
            )
        )
        .order_by("-tijdstip", "-id")
    )


# --- The report's kept columns (telvelden) ----------------------------------------------------

TELVELDEN = [
    "kwetsbaar_gezin",
    "specifieke_zorgbehoefte",
    "eerste_voorstel_op",
    "volgende_ingediend_op",
    "meerdere_aanvaard",
    "kind_sleutel",
    "eerste_reactie",
    "vlaams_volgende_ingediend_op",
    "elders_ingediend_op",
]


def eerste_reactie_verwacht():
    """For an offer: the family chose its location for the request, and that location made no offer
    for the request before it (Opvangvoorstel.eerste_reactie)."""
    gekozen = Voorkeur.objects.filter(vraag=OuterRef("vraag"), locatie=OuterRef("locatie"))
    eerder = Opvangvoorstel.objects.filter(
        vraag=OuterRef("vraag"), locatie=OuterRef("locatie"), voorgesteld_op__lt=OuterRef("voorgesteld_op")
    )
    return Case(When(Exists(gekozen) & ~Exists(eerder), then=Value(True)), default=Value(False))


class _Verschilt(Func):
    """`a IS DISTINCT FROM b`: true when they differ, NULL counting as a value (PostgreSQL, SQLite 3.39+)."""

    arg_joiner = " IS DISTINCT FROM "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def telvelden_verwacht(vragen=None):
    """`vragen` (default: every request) annotated with `verwacht_<veld>` for each of TELVELDEN and
    `wijkt_af_<veld>`: what telvelden.telvelden_bijwerken() would store, computed set-based.

    The same rules as telvelden_bijwerken: flags copied from the family and the child, the first
    offer's moment, more than one accepted offer, and the next registration of the same child
    (key, desk, year of the original start; merged requests left out and given none) ordered
    by registration, creation and pk: a window over the whole table instead of one group at a time.
    The same over every desk for the Flemish `vlaams_volgende_ingediend_op`; `elders_ingediend_op`
    (the first registration of the child's year at another desk) by a subquery, asked only for the
    requests of a child at two or more desks (a window tells which).
    """
    voorstellen = Opvangvoorstel.objects.filter(vraag=OuterRef("pk")).values("vraag")
    aanvaard = voorstellen.filter(antwoord=Antwoord.AANVAARD).annotate(aantal=Count("pk")).values("aantal")
    kind_jaar = [
        # The child's key (Kind.sleutel), as telvelden._momenten_berekenen groups (identity for a row without one).
        Coalesce(NullIf(F("kind__sleutel"), Value("")), F("kind__identiteit")),
        ExtractYear("gewenste_startdatum_origineel"),
        Q(samengevoegd_met__isnull=True),
    ]
    volgorde = [F("ingediend_op").asc(), F("aangemaakt_op").asc(), F("pk").asc()]
    volgende = Window(Lead("ingediend_op"), partition_by=[F("loket_id"), *kind_jaar], order_by=volgorde)
    vlaams_volgende = Window(Lead("ingediend_op"), partition_by=kind_jaar, order_by=volgorde)
    meerdere_loketten = GreaterThan(
        Window(Max("loket_id"), partition_by=kind_jaar), Window(Min("loket_id"), partition_by=kind_jaar)
    )
    elders = (
        Opvangvraag.objects.filter(
            Q(kind__sleutel__gt="") | Q(kind__identiteit=OuterRef("kind__identiteit")),
            kind__sleutel=OuterRef("kind__sleutel"),
            gewenste_startdatum_origineel__year=OuterRef("startjaar"),
            samengevoegd_met__isnull=True,
        )
        .exclude(loket=OuterRef("loket"))
        .order_by()
        .values("kind__sleutel")
        .annotate(eerste=Min("ingediend_op"))
        .values("eerste")
    )
    geen = Value(None, output_field=DateTimeField())
    verwacht = {
        "kwetsbaar_gezin": F("gezin__kwetsbaar"),
        "specifieke_zorgbehoefte": F("kind__specifieke_zorgbehoefte"),
        "eerste_voorstel_op": Subquery(voorstellen.annotate(eerste=Min("voorgesteld_op")).values("eerste")),
        "volgende_ingediend_op": Case(
            When(samengevoegd_met__isnull=False, then=Value(None, output_field=DateTimeField())),
            default=volgende,
            output_field=DateTimeField(),
        ),
        "meerdere_aanvaard": GreaterThan(Coalesce(Subquery(aanvaard), 0), 1),
        "kind_sleutel": F("kind__sleutel"),
        # Kept on the offers: the request differs when one of its offers does.
        "eerste_reactie": Value(False),
        "vlaams_volgende_ingediend_op": Case(
            When(samengevoegd_met__isnull=False, then=geen), default=vlaams_volgende, output_field=DateTimeField()
        ),
        "elders_ingediend_op": Case(
            When(samengevoegd_met__isnull=False, then=geen),
            When(meerdere_loketten, then=Subquery(elders)),
            default=geen,
            output_field=DateTimeField(),
        ),
    }
    fout_gemarkeerd = Opvangvoorstel.objects.filter(vraag=OuterRef("pk")).exclude(
        eerste_reactie=eerste_reactie_verwacht()
    )
    vragen = Opvangvraag.objects.all() if vragen is None else vragen
    vragen = vragen.annotate(
        eerste_reactie=Exists(fout_gemarkeerd), startjaar=ExtractYear("gewenste_startdatum_origineel")
    )
    vragen = vragen.annotate(**{f"verwacht_{veld}": waarde for veld, waarde in verwacht.items()})
    return vragen.annotate(**{f"wijkt_af_{veld}": _Verschilt(F(veld), F(f"verwacht_{veld}")) for veld in TELVELDEN})


@dataclass
class TelveldenControle:
    """What telvelden_controleren() found: per column the number of requests that differ and the
    first references (`loketcode:referentie`, at most `MAX_REFERENTIES`), and the identities of
    every child with a differing request (what telvelden_herstellen recomputes)."""

    MAX_REFERENTIES = 20

    aantal_vragen: int = 0
    per_kolom: dict = field(default_factory=lambda: dict.fromkeys(TELVELDEN, 0))
    referenties: dict = field(default_factory=lambda: {veld: [] for veld in TELVELDEN})
    per_loket: dict = field(default_factory=dict)
    identiteiten: set = field(default_factory=set)
    afwijkend: int = 0

    @property
    def in_orde(self):
        return self.afwijkend == 0


def telvelden_controleren():
    """Compare the stored report columns of every request with what they should hold (telvelden_verwacht).

    One query over the whole installation that returns only the differing requests; nothing is
    written. Returns a TelveldenControle.
    """
    controle = TelveldenControle(aantal_vragen=Opvangvraag.objects.count())
    afwijkingen = (
        telvelden_verwacht()
        .filter(reduce(operator.or_, (Q(**{f"wijkt_af_{veld}": True}) for veld in TELVELDEN)))
        .values_list("loket_id", "loket__code", "referentie", "kind__identiteit", *[f"wijkt_af_{v}" for v in TELVELDEN])
        .order_by("loket__code", "referentie")
    )
    for loket_id, code, referentie, identiteit, *vlaggen in afwijkingen.iterator(chunk_size=2000):
        controle.afwijkend += 1
        controle.per_loket[loket_id] = controle.per_loket.get(loket_id, 0) + 1
        controle.identiteiten.add(identiteit)
        for veld, wijkt_af in zip(TELVELDEN, vlaggen, strict=True):
            if wijkt_af:
                controle.per_kolom[veld] += 1
                if len(controle.referenties[veld]) < controle.MAX_REFERENTIES:
                    controle.referenties[veld].append(f"{code}:{referentie}")
    return controle


# --- Offers, "seen" marks and referrals ---------------------------------------------------------


def vrije_plaatsen_met_ruimte():
    """Declarations that can still take an offer, annotated with `ruimte`: places minus open offers on it.

    An open offer holds its place until it is answered, so a declaration of 1 place with one open
    offer has no room for a second offer.
    """
    open_voorstellen = (
        Opvangvoorstel.objects.filter(vrije_plaats=OuterRef("pk"), status=VoorstelStatus.OPEN)
        .order_by()
        .values("vrije_plaats")
        .annotate(aantal=Count("pk"))
        .values("aantal")
    )
    return VrijePlaats.objects.annotate(
        ruimte=F("aantal") - Coalesce(Subquery(open_voorstellen, output_field=IntegerField()), Value(0))
    ).filter(ruimte__gt=0)


def doorverwijzingen_voor_loket(loket):
    """The referrals to one desk, open ones first, newest first; with who referred and from where."""
    return (
        Doorverwijzing.objects.filter(loket=loket)
        .select_related("organisator", "locatie", "door", "gemeente", "vraag", "afgehandeld_door", "loket")
        .order_by(F("afgehandeld_op").desc(nulls_first=True), "-aangemaakt_op", "-id")
    )


def doorverwijzingen_voor_gebruiker(gebruiker):
    """The referrals desk staff may see: those to any of their desks."""
    if not gebruiker.is_authenticated or not (gebruiker.is_loketpersoneel or gebruiker.is_beheerder):
        return Doorverwijzing.objects.none()
    return Doorverwijzing.objects.filter(loket__in=loketten_voor(gebruiker))


def doorverwijzing_voor_gebruiker(gebruiker, pk):
    doorverwijzing = doorverwijzingen_voor_gebruiker(gebruiker).filter(pk=pk).first()
    if doorverwijzing is None:
        raise Http404
    return doorverwijzing


def gezien_door_aanbieders(vraag):
    """Which provider organisations opened this request, and when (first time), for the parent portal."""
    return Gezien.objects.filter(vraag=vraag).select_related("organisator", "locatie").order_by("gezien_op", "id")


def voorstellen_voor_gebruiker(gebruiker):
    """The offers this user may see: staff and parents every offer on a request they see; a provider
    only the offers of its own locations (never a competitor's offer on the same request)."""
    voorstellen = Opvangvoorstel.objects.filter(vraag__in=opvangvragen_zichtbaar_voor(gebruiker).values("pk"))
    if gebruiker.is_authenticated and gebruiker.rol == Rol.AANBIEDER and not gebruiker.is_beheerder:
        voorstellen = voorstellen.filter(locatie__in=locaties_voor_aanbieder(gebruiker).values("pk"))
    return voorstellen


def voorstel_voor_gebruiker(gebruiker, pk):
    """One offer this user may see, or 404."""
    voorstel = (
        voorstellen_voor_gebruiker(gebruiker)
        .filter(pk=pk)
        .select_related("vraag", "vraag__kind", "vraag__loket", "locatie", "locatie__gemeente")
        .first()
    )
    if voorstel is None:
        raise Http404
    return voorstel
