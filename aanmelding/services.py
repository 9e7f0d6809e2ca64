"""Writes of the aanmelding app: one function per change of a family or request.

Each function checks the allowed source states, saves, writes one Logregel and sends its mail
after the transaction commits. Views, forms, importers and commands call these; none of them set
a status themselves.
"""

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from loket.logboek import logregel_schrijven
from loket.mail import mail_na_commit

from .models import (
    OPEN_STATUSSEN,
    Contactmoment,
    ContactSoort,
    Gezin,
    IntrekReden,
    Kind,
    Notitie,
    Opvangvraag,
    Ouder,
    VraagStatus,
    dagen_per_week,
)


class AanmeldingFout(Exception):
    """A request that breaks a rule of the life cycle; the message is meant for the user."""

    def __init__(self, bericht, *, bestaande_vraag=None):
        super().__init__(bericht)
        self.bestaande_vraag = bestaande_vraag


def nieuwe_referentie(loket):
    """A short, unguessable reference a family can quote on the phone, unique within the desk."""
    while True:
        referentie = f"{timezone.localdate():%y}-{secrets.token_hex(3).upper()}"
        if not Opvangvraag.objects.filter(loket=loket, referentie=referentie).exists():
            return referentie


def open_vraag_voor_kind(*, loket, kind):
    """An open request at this desk for the same child (DESIGN.md identity, or national register hash)."""
    zelfde_kind = Opvangvraag.objects.filter(loket=loket, status__in=OPEN_STATUSSEN)
    if kind.rijksregister_hash:
        bestaand = zelfde_kind.filter(kind__rijksregister_hash=kind.rijksregister_hash).first()
        if bestaand:
            return bestaand
    identiteit = Kind.maak_identiteit(kind.voornaam, kind.achternaam, kind.geboortedatum)
    return zelfde_kind.filter(kind__identiteit=identiteit).first()


def opvangvraag_indienen(
    *,
    loket,
    kind,
    kanaal,
    door,
    gewenste_startdatum,
    weekschema,
    gemeente=None,
    dagen_per_week_gevraagd=None,
    voorkeuren=(),
    ingediend_op=None,
    referentie=None,
    controleer_dubbel=True,
    **kenmerken,
):
    """Register a request for `kind` (already saved with its family) at `loket`.

    `voorkeuren` are the chosen locations, best first. `kenmerken` are the other fields of
    Opvangvraag (atypical moments, urgency, priority facts, referrer and consent, ...).
    Refuses a second open request for the same child at this desk (AanmeldingFout carrying the
    existing one). Side effects: Opvangvraag and its Voorkeur rows, Logregel
    `opvangvraag.ingediend`, a confirmation mail to the parents (and the referrer) after commit.
    """
    if controleer_dubbel:
        bestaande = open_vraag_voor_kind(loket=loket, kind=kind)
        if bestaande is not None:
            raise AanmeldingFout(
                "Voor dit kind loopt al een aanvraag bij dit loket. Je kan die aanvullen of wijzigen.",
                bestaande_vraag=bestaande,
            )
    gezin = kind.gezin
    if gemeente is None and gezin.gemeente_id and loket.werkingsgebied.filter(pk=gezin.gemeente_id).exists():
        gemeente = gezin.gemeente
    dagen = dagen_per_week(weekschema) if dagen_per_week_gevraagd is None else dagen_per_week_gevraagd
    try:
        with transaction.atomic():
            vraag = Opvangvraag.objects.create(
                loket=loket,
                kind=kind,
                gezin=gezin,
                gemeente=gemeente,
                referentie=referentie or nieuwe_referentie(loket),
                kanaal=kanaal,
                ingediend_door=door if door is not None and door.is_authenticated else None,
                ingediend_op=ingediend_op or timezone.now(),
                gewenste_startdatum_origineel=gewenste_startdatum,
                gewenste_startdatum=gewenste_startdatum,
                weekschema=weekschema,
                dagen_per_week_origineel=dagen,
                dagen_per_week=dagen,
                **kenmerken,
            )
            for rang, locatie in enumerate(voorkeuren, start=1):
                vraag.voorkeuren.create(locatie=locatie, rang=rang)
            logregel_schrijven(
                door=door,
                actie="opvangvraag.ingediend",
                object=vraag,
                loket=loket,
                details={"kanaal": kanaal, "referentie": vraag.referentie},
            )
    except IntegrityError:
        bestaande = open_vraag_voor_kind(loket=loket, kind=kind)
        if bestaande is None:
            raise
        raise AanmeldingFout("Voor dit kind loopt al een aanvraag bij dit loket.", bestaande_vraag=bestaande) from None
    gezin_mailen(vraag, "vraag_ingediend")
    return vraag


def opvangvraag_in_behandeling_nemen(*, vraag, door):
    """ingediend -> in_behandeling. Side effects: Logregel `opvangvraag.in_behandeling`."""
    with transaction.atomic():
        vraag = Opvangvraag.objects.select_for_update().get(pk=vraag.pk)
        if vraag.status != VraagStatus.INGEDIEND:
            raise AanmeldingFout("Deze aanvraag is al in behandeling of afgesloten.")
        vraag.status = VraagStatus.IN_BEHANDELING
        vraag.save(update_fields=["status", "gewijzigd_op"])
        logregel_schrijven(door=door, actie="opvangvraag.in_behandeling", object=vraag, loket=vraag.loket)
    return vraag


WIJZIGBARE_VELDEN = {
    "gewenste_startdatum",
    "weekschema",
    "voor_7u",
    "na_18u",
    "zaterdag",
    "zon_en_feestdag",
    "dringend",
    "dringend_reden",
    "voorkeur_gemeente",
    "gemeente",
}


def opvangvraag_wijzigen(*, vraag, door, voorkeuren=None, **wijzigingen):
    """Change what an open request asks for; the original start date and days stay recorded.

    `voorkeuren`, when given, replaces the ranked locations. Side effects: Logregel
    `opvangvraag.gewijzigd` with the old and new values.
    """
    onbekend = set(wijzigingen) - WIJZIGBARE_VELDEN
    if onbekend:
        raise ValueError(f"Niet te wijzigen: {', '.join(sorted(onbekend))}")
    with transaction.atomic():
        vraag = Opvangvraag.objects.select_for_update().get(pk=vraag.pk)
        if vraag.status not in OPEN_STATUSSEN:
            raise AanmeldingFout("Een afgesloten aanvraag kan je niet meer wijzigen.")
        verschil = {}
        for veld, waarde in wijzigingen.items():
            oud = getattr(vraag, veld)
            if oud != waarde:
                verschil[veld] = [str(oud), str(waarde)]
                setattr(vraag, veld, waarde)
        if "weekschema" in verschil:
            vraag.dagen_per_week = dagen_per_week(vraag.weekschema)
        velden = [*wijzigingen, "dagen_per_week", "gewijzigd_op"]
        vraag.save(update_fields=velden)
        if voorkeuren is not None:
            oude = [v.locatie_id for v in vraag.voorkeuren.all()]
            nieuwe = [locatie.pk for locatie in voorkeuren]
            if oude != nieuwe:
                vraag.voorkeuren.all().delete()
                for rang, locatie in enumerate(voorkeuren, start=1):
                    vraag.voorkeuren.create(locatie=locatie, rang=rang)
                verschil["voorkeuren"] = [oude, nieuwe]
        if verschil:
            logregel_schrijven(
                door=door, actie="opvangvraag.gewijzigd", object=vraag, loket=vraag.loket, details=verschil
            )
    return vraag


def opvangvraag_intrekken(*, vraag, door, reden, toelichting="", op=None):
    """Withdraw an open request with a reason. An open offer on it is withdrawn too.

    Side effects: status `ingetrokken` with moment and reason; an open offer becomes
    `ingetrokken`; Logregel `opvangvraag.ingetrokken`; mail to the family after commit.
    """
    if reden not in IntrekReden.values:
        raise AanmeldingFout("Kies een reden om de aanvraag in te trekken.")
    op = op or timezone.now()
    with transaction.atomic():
        vraag = Opvangvraag.objects.select_for_update().get(pk=vraag.pk)
        if vraag.status not in OPEN_STATUSSEN:
            raise AanmeldingFout("Deze aanvraag is al afgesloten.")
        open_voorstel = vraag.voorstellen.filter(status="open").first()
        if open_voorstel is not None:
            open_voorstel.status = "ingetrokken"
            open_voorstel.afgesloten_op = op
            open_voorstel.afsluit_reden = "De aanvraag werd ingetrokken."
            open_voorstel.save(update_fields=["status", "afgesloten_op", "afsluit_reden", "gewijzigd_op"])
            logregel_schrijven(
                door=door,
                actie="opvangvoorstel.ingetrokken",
                object=open_voorstel,
                loket=vraag.loket,
                details={"reden": "aanvraag ingetrokken"},
            )
        vraag.status = VraagStatus.INGETROKKEN
        vraag.ingetrokken_op = op
        vraag.intrek_reden = reden
        vraag.intrek_toelichting = toelichting
        vraag.save(update_fields=["status", "ingetrokken_op", "intrek_reden", "intrek_toelichting", "gewijzigd_op"])
        logregel_schrijven(
            door=door,
            actie="opvangvraag.ingetrokken",
            object=vraag,
            loket=vraag.loket,
            details={"reden": reden, "toelichting": toelichting},
        )
    gezin_mailen(vraag, "vraag_ingetrokken")
    return vraag


def opvangvraag_geen_reactie_melden(*, vraag, nu=None):
    """Flag a request no preferred provider reacted to within the desk's deadline (once).

    Side effects: `geen_reactie_gemeld_op` set; Logregel `opvangvraag.geen_reactie`.
    Returns False when it was flagged before.
    """
    with transaction.atomic():
        vraag = Opvangvraag.objects.select_for_update().get(pk=vraag.pk)
        if vraag.geen_reactie_gemeld_op is not None or vraag.status not in OPEN_STATUSSEN:
            return False
        vraag.geen_reactie_gemeld_op = nu or timezone.now()
        vraag.save(update_fields=["geen_reactie_gemeld_op", "gewijzigd_op"])
        logregel_schrijven(door=None, actie="opvangvraag.geen_reactie", object=vraag, loket=vraag.loket)
    return True


def gezin_kwetsbaar_markeren(*, gezin, door, reden):
    """Mark a family vulnerable on the judgement of desk staff or a referrer, with a reason.

    Side effects: Logregel `gezin.kwetsbaar_gemarkeerd`.
    """
    if not reden.strip():
        raise AanmeldingFout("Geef een reden waarom dit gezin kwetsbaar is.")
    gezin.kwetsbaar_gemarkeerd = True
    gezin.kwetsbaar_reden = reden.strip()
    gezin.save(update_fields=["kwetsbaar_gemarkeerd", "kwetsbaar_reden"])
    logregel_schrijven(door=door, actie="gezin.kwetsbaar_gemarkeerd", object=gezin, loket=gezin.loket)
    return gezin


def wachttijd(vraag, *, vandaag=None):
    """Days since registration."""
    vandaag = vandaag or timezone.localdate()
    return (vandaag - timezone.localtime(vraag.ingediend_op).date()).days


def gezin_mailen(vraag, sjabloon, **extra):
    """Mail the parents (and the referrer, if any) about their request, in the family's language."""
    adressen = [ouder.email for ouder in vraag.gezin.ouders.all()]
    if vraag.toeleider_id:
        adressen.append(vraag.toeleider.email)
    mail_na_commit(aan=adressen, sjabloon=sjabloon, context={"vraag": vraag, **extra}, taal=vraag.gezin.taal)


def notitie_toevoegen(*, vraag, door, tekst):
    """Add an internal desk note to a request (never shown to the family).

    Side effects: a Notitie row; Logregel `opvangvraag.notitie` on the request (without the text:
    the note itself is the record, the log says who wrote one and when).
    """
    tekst = (tekst or "").strip()
    if not tekst:
        raise AanmeldingFout("Een notitie mag niet leeg zijn.")
    with transaction.atomic():
        notitie = Notitie.objects.create(vraag=vraag, door=door, tekst=tekst)
        logregel_schrijven(
            door=door, actie="opvangvraag.notitie", object=vraag, loket=vraag.loket, details={"notitie": notitie.pk}
        )
    return notitie


def contactmoment_registreren(*, vraag, door, op, soort, tekst):
    """Record a contact with the family (a call, a visit, a referral) on a request.

    `op` may not lie in the future. Side effects: a Contactmoment row; Logregel
    `opvangvraag.contact` on the request with the kind and moment of contact.
    """
    if soort not in ContactSoort.values:
        raise AanmeldingFout("Kies wat voor contact het was.")
    if op > timezone.now():
        raise AanmeldingFout("Een contact kan niet in de toekomst liggen.")
    tekst = (tekst or "").strip()
    if not tekst:
        raise AanmeldingFout("Schrijf kort wat er besproken werd.")
    with transaction.atomic():
        contact = Contactmoment.objects.create(vraag=vraag, door=door, op=op, soort=soort, tekst=tekst)
        logregel_schrijven(
            door=door,
            actie="opvangvraag.contact",
            object=vraag,
            loket=vraag.loket,
            details={"contactmoment": contact.pk, "soort": soort, "op": op},
        )
    return contact


def opvangvragen_samenvoegen(*, behouden, samen_te_voegen, door, nu=None):
    """Merge a duplicate request into the one that is kept; both histories stay.

    Rules: both at the same desk and not the same request; `samen_te_voegen` is open, has no
    open offer and was not merged before; `behouden` is not withdrawn.
    Side effects, in one transaction with both rows locked:
    - `samen_te_voegen` becomes `ingetrokken` (reason `andere`, toelichting "samengevoegd met
      <ref>") and points at `behouden` through `samengevoegd_met`; its notes, contacts, offers
      and audit log stay on it and are shown on the kept request's page;
    - its preferred locations that `behouden` lacks are added to `behouden`, ranked after its own;
    - Logregel `opvangvraag.samengevoegd` on `behouden` and `opvangvraag.samengevoegd_in` on
      the merged request.
    No mail: the family keeps one request and nothing changes for them.
    """
    if behouden.pk == samen_te_voegen.pk:
        raise AanmeldingFout("Een aanvraag kan je niet met zichzelf samenvoegen.")
    if behouden.loket_id != samen_te_voegen.loket_id:
        raise AanmeldingFout("Alleen aanvragen van hetzelfde loket kan je samenvoegen.")
    nu = nu or timezone.now()
    with transaction.atomic():
        # Lock in pk order so two merges of the same pair cannot deadlock.
        vergrendeld = {
            v.pk: v
            for v in Opvangvraag.objects.select_for_update()
            .filter(pk__in=[behouden.pk, samen_te_voegen.pk])
            .order_by("pk")
        }
        behouden, samen_te_voegen = vergrendeld[behouden.pk], vergrendeld[samen_te_voegen.pk]
        if samen_te_voegen.status not in OPEN_STATUSSEN:
            raise AanmeldingFout("De aanvraag die je wil samenvoegen is al afgesloten.")
        if behouden.status == VraagStatus.INGETROKKEN:
            raise AanmeldingFout("De aanvraag die je wil behouden is ingetrokken. Behoud de andere.")
        if samen_te_voegen.voorstellen.filter(status="open").exists():
            raise AanmeldingFout(
                "De aanvraag die je wil samenvoegen heeft een open voorstel. "
                "Behoud die aanvraag, of wacht tot het gezin geantwoord heeft."
            )
        toelichting = f"samengevoegd met {behouden.referentie}"
        samen_te_voegen.status = VraagStatus.INGETROKKEN
        samen_te_voegen.ingetrokken_op = nu
        samen_te_voegen.intrek_reden = IntrekReden.ANDERE
        samen_te_voegen.intrek_toelichting = toelichting
        samen_te_voegen.samengevoegd_met = behouden
        samen_te_voegen.save(
            update_fields=[
                "status",
                "ingetrokken_op",
                "intrek_reden",
                "intrek_toelichting",
                "samengevoegd_met",
                "gewijzigd_op",
            ]
        )
        eigen = list(behouden.voorkeuren.order_by("rang").values_list("locatie_id", flat=True))
        rang = len(eigen)
        overgenomen = []
        for locatie_id in samen_te_voegen.voorkeuren.order_by("rang").values_list("locatie_id", flat=True):
            if locatie_id not in eigen:
                rang += 1
                behouden.voorkeuren.create(locatie_id=locatie_id, rang=rang)
                overgenomen.append(locatie_id)
        logregel_schrijven(
            door=door,
            actie="opvangvraag.samengevoegd",
            object=behouden,
            loket=behouden.loket,
            details={
                "samengevoegd": samen_te_voegen.referentie,
                "vraag": samen_te_voegen.pk,
                "voorkeuren_overgenomen": overgenomen,
            },
        )
        logregel_schrijven(
            door=door,
            actie="opvangvraag.samengevoegd_in",
            object=samen_te_voegen,
            loket=samen_te_voegen.loket,
            details={"behouden": behouden.referentie, "vraag": behouden.pk, "reden": IntrekReden.ANDERE},
        )
    return behouden


def aanmelding_registreren(
    *,
    loket,
    kanaal,
    door,
    kind_velden=None,
    vraag_velden,
    gezin=None,
    gezin_velden=None,
    ouders=(),
    kind=None,
    kwetsbaar_reden="",
):
    """Register a request at the desk or through a referrer, with a new or an existing family.

    - `gezin` None: a new Gezin at `loket` from `gezin_velden` with one Ouder per dict in `ouders`;
      otherwise the existing family (of this desk), whose facts in `gezin_velden` are brought up
      to date (Logregel `gezin.gewijzigd` with the old and new values, when any changed).
    - `kind` None: a new Kind of that family from `kind_velden`; otherwise that existing child
      (a new request after an earlier one was closed), whose care-need fields `kind_velden` updates.
    - `vraag_velden` go to opvangvraag_indienen (start, schedule, preferences, categories,
      referrer and consent, ...).
    - `kwetsbaar_reden`, when given, marks the family vulnerable (gezin_kwetsbaar_markeren).
    All in one transaction: when the child already has an open request at this desk the
    AanmeldingFout of opvangvraag_indienen (carrying `bestaande_vraag`) propagates and nothing
    new stays in the database. Side effects: those of opvangvraag_indienen (Logregel
    `opvangvraag.ingediend`, mail to the parents and the referrer after commit), plus
    `gezin.kwetsbaar_gemarkeerd` when marked.
    """
    if gezin is not None and gezin.loket_id != loket.pk:
        raise AanmeldingFout("Dit gezin hoort bij een ander loket.")
    if kind is not None and gezin is not None and kind.gezin_id != gezin.pk:
        raise AanmeldingFout("Dit kind hoort niet bij dit gezin.")
    with transaction.atomic():
        if kind is not None:
            gezin = kind.gezin
            if gezin.loket_id != loket.pk:
                raise AanmeldingFout("Dit gezin hoort bij een ander loket.")
            zorg = {
                k: v
                for k, v in (kind_velden or {}).items()
                if k in ("specifieke_zorgbehoefte", "zorgbehoefte_omschrijving")
            }
            if zorg:
                for veld, waarde in zorg.items():
                    setattr(kind, veld, waarde)
                kind.save(update_fields=list(zorg))
        elif gezin is None:
            gezin = Gezin.objects.create(loket=loket, **(gezin_velden or {}))
            for velden in ouders:
                Ouder.objects.create(gezin=gezin, **velden)
            gezin_velden = None
        if gezin_velden:
            _gezin_bijwerken(gezin=gezin, door=door, velden=gezin_velden)
        if kind is None:
            kind = Kind.objects.create(gezin=gezin, **kind_velden)
        if kwetsbaar_reden.strip():
            gezin_kwetsbaar_markeren(gezin=gezin, door=door, reden=kwetsbaar_reden)
        return opvangvraag_indienen(loket=loket, kind=kind, kanaal=kanaal, door=door, **vraag_velden)


def _gezin_bijwerken(*, gezin, door, velden):
    """Set the family's facts that changed; one Logregel `gezin.gewijzigd` with old and new values."""
    verschil = {}
    for veld, waarde in velden.items():
        oud = getattr(gezin, veld)
        if oud != waarde:
            verschil[veld] = [str(oud), str(waarde)]
            setattr(gezin, veld, waarde)
    if verschil:
        gezin.save(update_fields=list(verschil))
        logregel_schrijven(door=door, actie="gezin.gewijzigd", object=gezin, loket=gezin.loket, details=verschil)
