"""Registration and the request's own changes: a request registered (with a new or existing family),
taken up, changed, withdrawn, merged, annotated; the family and its parents corrected at the counter.

Each function checks its rules, saves, writes one Logregel and sends its mail after the transaction
commits; a status change itself is made by levenscyclus.py. Views, forms, importers and commands call
these; none of them set a status themselves. Offers: voorstellen.py; referrals: doorverwijzingen.py;
erasure and retention: privacy.py; the report's kept columns: telvelden.py.
"""

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from loket.logboek import logregel_schrijven

from . import levenscyclus
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
    VoorstelStatus,
    VraagStatus,
    atypisch_volgens_weekschema,
    dagen_per_week,
    lock_loketten,
)
from .telvelden import eerste_reacties_bijwerken


class AanmeldingFout(Exception):
    """A request that breaks a rule of the life cycle; the message is meant for the user."""

    def __init__(self, bericht, *, bestaande_vraag=None):
        super().__init__(bericht)
        self.bestaande_vraag = bestaande_vraag


def nieuwe_referentie(loket) -> str:
    """A short, unguessable reference a family can quote on the phone, unique within the desk."""
    while True:
        referentie = f"{timezone.localdate():%y}-{secrets.token_hex(3).upper()}"
        if not Opvangvraag.objects.filter(loket=loket, referentie=referentie).exists():
            return referentie


def open_vraag_voor_kind(*, loket, kind) -> Opvangvraag | None:
    """An open request at this desk for the same child (DESIGN.md identity, or national register hash)."""
    zelfde_kind = Opvangvraag.objects.filter(loket=loket, status__in=OPEN_STATUSSEN)
    if kind.rijksregister_hash:
        bestaand = zelfde_kind.filter(kind__rijksregister_hash=kind.rijksregister_hash).first()
        if bestaand:
            return bestaand
    identiteit = Kind.maak_identiteit(kind.voornaam, kind.achternaam, kind.geboortedatum)
    return zelfde_kind.filter(kind__identiteit=identiteit).first()


def _al_een_vraag(bestaande):
    """The refusal of a second open request for one child, whichever check caught it."""
    return AanmeldingFout(
        _("Voor dit kind loopt al een aanvraag bij dit loket. Je kan die aanvullen of wijzigen."),
        bestaande_vraag=bestaande,
    )


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
) -> Opvangvraag:
    """Register a request for `kind` (already saved with its family) at `loket`.

    `voorkeuren` are the chosen locations, best first. `kenmerken` are the other fields of
    Opvangvraag (atypical moments, urgency, priority facts, referrer and consent, ...); a Saturday or
    Sunday in `weekschema` is that atypical moment too.
    Refuses a second open request for the same child at this desk (AanmeldingFout carrying the
    existing one). Side effects: Opvangvraag and its Voorkeur rows, Logregel
    `opvangvraag.ingediend`, a confirmation mail to the parents (and the referrer) after commit.
    """
    gezin = kind.gezin
    if gemeente is None and gezin.gemeente_id and loket.werkingsgebied.filter(pk=gezin.gemeente_id).exists():
        gemeente = gezin.gemeente
    dagen = dagen_per_week(weekschema) if dagen_per_week_gevraagd is None else dagen_per_week_gevraagd
    kenmerken.update({veld: True for veld, ja in atypisch_volgens_weekschema(weekschema).items() if ja})
    try:
        with transaction.atomic():
            if controleer_dubbel:
                # Two sessions registering the same child at the same instant each made their own Kind
                # row, which no constraint ties together: the desk's row lock makes the check and the
                # insert one step (held until the caller's transaction commits).
                lock_loketten([loket.pk])
                bestaande = open_vraag_voor_kind(loket=loket, kind=kind)
                if bestaande is not None:
                    raise _al_een_vraag(bestaande)
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
            levenscyclus.aangemaakt(
                vraag, "indienen", vraag=vraag, door=door, details={"kanaal": kanaal, "referentie": vraag.referentie}
            )
    except IntegrityError:
        bestaande = open_vraag_voor_kind(loket=loket, kind=kind)
        if bestaande is None:
            raise
        raise _al_een_vraag(bestaande) from None
    return vraag


def opvangvraag_in_behandeling_nemen(*, vraag, door) -> Opvangvraag:
    """ingediend -> in_behandeling. Side effects: Logregel `opvangvraag.in_behandeling`."""
    with transaction.atomic():
        vraag = Opvangvraag.objects.select_for_update().get(pk=vraag.pk)
        levenscyclus.overgaan(
            vraag,
            "in_behandeling_nemen",
            vraag=vraag,
            door=door,
            fout=AanmeldingFout(_("Deze aanvraag is al in behandeling of afgesloten.")),
        )
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


def opvangvraag_wijzigen(*, vraag, door, voorkeuren=None, **wijzigingen) -> Opvangvraag:
    """Change what an open request asks for; the original start date and days stay recorded.

    `voorkeuren`, when given, replaces the ranked locations; a Saturday or Sunday in a new
    `weekschema` is that atypical moment too. Side effects: Logregel `opvangvraag.gewijzigd` with the
    old and new values.
    """
    onbekend = set(wijzigingen) - WIJZIGBARE_VELDEN
    if onbekend:
        raise ValueError(f"Niet te wijzigen: {', '.join(sorted(onbekend))}")
    if "weekschema" in wijzigingen:
        wijzigingen.update(
            {veld: True for veld, ja in atypisch_volgens_weekschema(wijzigingen["weekschema"]).items() if ja}
        )
    with transaction.atomic():
        vraag = Opvangvraag.objects.select_for_update().get(pk=vraag.pk)
        if vraag.status not in OPEN_STATUSSEN:
            raise AanmeldingFout(_("Een afgesloten aanvraag kan je niet meer wijzigen."))
        verschil = {}
        for veld, waarde in wijzigingen.items():
            oud = getattr(vraag, veld)
            if oud != waarde:
                # A municipality as its NIS code: its name follows the page's language, and the log
                # must read the same whoever made the change.
                verschil[veld] = [getattr(oud, "nis", str(oud)), getattr(waarde, "nis", str(waarde))]
                setattr(vraag, veld, waarde)
        if "weekschema" in verschil:
            vraag.dagen_per_week = dagen_per_week(vraag.weekschema)
        velden = [*wijzigingen, "dagen_per_week", "gewijzigd_op"]
        vraag.save(update_fields=velden)
        if voorkeuren is not None:
            oude = [v.locatie_id for v in vraag.voorkeuren.order_by("rang")]
            nieuwe = [locatie.pk for locatie in voorkeuren]
            if len(set(nieuwe)) != len(nieuwe):
                raise AanmeldingFout(_("Kies elke locatie maar één keer."))
            maximum = vraag.loket.max_voorkeuren
            if maximum and len(nieuwe) > maximum and len(nieuwe) > len(oude):
                raise AanmeldingFout(
                    ngettext(
                        "Je kan hoogstens %(max)s locatie kiezen.", "Je kan hoogstens %(max)s locaties kiezen.", maximum
                    )
                    % {"max": maximum}
                )
            if oude != nieuwe:
                vraag.voorkeuren.all().delete()
                for rang, locatie in enumerate(voorkeuren, start=1):
                    vraag.voorkeuren.create(locatie=locatie, rang=rang)
                eerste_reacties_bijwerken(vragen=[vraag])
                verschil["voorkeuren"] = [oude, nieuwe]
        if verschil:
            logregel_schrijven(
                door=door, actie="opvangvraag.gewijzigd", object=vraag, loket=vraag.loket, details=verschil
            )
    return vraag


def opvangvraag_intrekken(*, vraag, door, reden, toelichting="", nu=None) -> Opvangvraag:
    """Withdraw an open request with a reason. An open offer on it is withdrawn too.

    Side effects: status `ingetrokken` with moment and reason; an open offer becomes
    `ingetrokken`; Logregel `opvangvraag.ingetrokken`; mail to the family after commit.
    """
    if reden not in IntrekReden.values:
        raise AanmeldingFout(_("Kies een reden om de aanvraag in te trekken."))
    nu = nu or timezone.now()
    with transaction.atomic():
        vraag = Opvangvraag.objects.select_for_update().get(pk=vraag.pk)
        fout = AanmeldingFout(_("Deze aanvraag is al afgesloten."))
        if not levenscyclus.toegestaan(vraag, "intrekken"):
            raise fout
        open_voorstel = vraag.voorstellen.filter(status=VoorstelStatus.OPEN).first()
        if open_voorstel is not None:
            open_voorstel.afgesloten_op = nu
            open_voorstel.afsluit_reden = "De aanvraag werd ingetrokken."
            levenscyclus.overgaan(
                open_voorstel,
                "intrekken_met_vraag",
                vraag=vraag,
                door=door,
                velden=["afgesloten_op", "afsluit_reden"],
                details={"reden": "aanvraag ingetrokken"},
            )
        vraag.ingetrokken_op = nu
        vraag.intrek_reden = reden
        vraag.intrek_toelichting = toelichting
        # The comment is the family's own words: the log names the field, the request keeps the text
        # (and anonymisation can wipe it there; the append-only log could never be wiped).
        levenscyclus.overgaan(
            vraag,
            "intrekken",
            vraag=vraag,
            door=door,
            velden=["ingetrokken_op", "intrek_reden", "intrek_toelichting"],
            details={"reden": reden, **({"velden": ["intrek_toelichting"]} if toelichting else {})},
            fout=fout,
        )
    return vraag


def opvangvraag_geen_reactie_melden(*, vraag, nu=None) -> bool:
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


def gezin_kwetsbaar_markeren(*, gezin, door, reden) -> Gezin:
    """Mark a family vulnerable on the judgement of desk staff or a referrer, with a reason.

    Side effects: Logregel `gezin.kwetsbaar_gemarkeerd`.
    """
    if not reden.strip():
        raise AanmeldingFout(_("Geef een reden waarom dit gezin kwetsbaar is."))
    gezin.kwetsbaar_gemarkeerd = True
    gezin.kwetsbaar_reden = reden.strip()
    gezin.save(update_fields=["kwetsbaar_gemarkeerd", "kwetsbaar_reden"])
    logregel_schrijven(door=door, actie="gezin.kwetsbaar_gemarkeerd", object=gezin, loket=gezin.loket)
    return gezin


def wachttijd(vraag, *, vandaag=None) -> int:
    """Days since registration."""
    vandaag = vandaag or timezone.localdate()
    return (vandaag - timezone.localtime(vraag.ingediend_op).date()).days


def notitie_toevoegen(*, vraag, door, tekst) -> Notitie:
    """Add an internal desk note to a request (never shown to the family).

    Side effects: a Notitie row; Logregel `opvangvraag.notitie` on the request (without the text:
    the note itself is the record, the log says who wrote one and when).
    """
    tekst = (tekst or "").strip()
    if not tekst:
        raise AanmeldingFout(_("Een notitie mag niet leeg zijn."))
    with transaction.atomic():
        notitie = Notitie.objects.create(vraag=vraag, door=door, tekst=tekst)
        logregel_schrijven(
            door=door, actie="opvangvraag.notitie", object=vraag, loket=vraag.loket, details={"notitie": notitie.pk}
        )
    return notitie


def contactmoment_registreren(*, vraag, door, op, soort, tekst) -> Contactmoment:
    """Record a contact with the family (a call, a visit, a referral) on a request.

    `op` may not lie in the future. Side effects: a Contactmoment row; Logregel
    `opvangvraag.contact` on the request with the kind and moment of contact.
    """
    if soort not in ContactSoort.values:
        raise AanmeldingFout(_("Kies wat voor contact het was."))
    if op > timezone.now():
        raise AanmeldingFout(_("Een contact kan niet in de toekomst liggen."))
    tekst = (tekst or "").strip()
    if not tekst:
        raise AanmeldingFout(_("Schrijf kort wat er besproken werd."))
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


def opvangvragen_samenvoegen(*, behouden, samen_te_voegen, door, nu=None) -> Opvangvraag:
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
        raise AanmeldingFout(_("Een aanvraag kan je niet met zichzelf samenvoegen."))
    if behouden.loket_id != samen_te_voegen.loket_id:
        raise AanmeldingFout(_("Alleen aanvragen van hetzelfde loket kan je samenvoegen."))
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
            raise AanmeldingFout(_("De aanvraag die je wil samenvoegen is al afgesloten."))
        if behouden.status == VraagStatus.INGETROKKEN:
            raise AanmeldingFout(_("De aanvraag die je wil behouden is ingetrokken. Behoud de andere."))
        if samen_te_voegen.voorstellen.filter(status=VoorstelStatus.OPEN).exists():
            raise AanmeldingFout(
                _(
                    "De aanvraag die je wil samenvoegen heeft een open voorstel. "
                    "Behoud die aanvraag, of wacht tot het gezin geantwoord heeft."
                )
            )
        eigen = list(behouden.voorkeuren.order_by("rang").values_list("locatie_id", flat=True))
        rang = len(eigen)
        overgenomen = []
        for locatie_id in samen_te_voegen.voorkeuren.order_by("rang").values_list("locatie_id", flat=True):
            if locatie_id not in eigen:
                rang += 1
                behouden.voorkeuren.create(locatie_id=locatie_id, rang=rang)
                overgenomen.append(locatie_id)
        if overgenomen:
            eerste_reacties_bijwerken(vragen=[behouden])
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
        samen_te_voegen.ingetrokken_op = nu
        samen_te_voegen.intrek_reden = IntrekReden.ANDERE
        samen_te_voegen.intrek_toelichting = f"samengevoegd met {behouden.referentie}"
        samen_te_voegen.samengevoegd_met = behouden
        levenscyclus.overgaan(
            samen_te_voegen,
            "samenvoegen",
            vraag=samen_te_voegen,
            door=door,
            velden=["ingetrokken_op", "intrek_reden", "intrek_toelichting", "samengevoegd_met"],
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
) -> Opvangvraag:
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
        raise AanmeldingFout(_("Dit gezin hoort bij een ander loket."))
    bestaand_gezin = gezin if gezin is not None else (kind.gezin if kind is not None else None)
    if bestaand_gezin is not None and bestaand_gezin.geanonimiseerd_op is not None:
        raise AanmeldingFout(_("De gegevens van dit gezin zijn gewist. Registreer het gezin opnieuw."))
    if kind is not None and gezin is not None and kind.gezin_id != gezin.pk:
        raise AanmeldingFout(_("Dit kind hoort niet bij dit gezin."))
    with transaction.atomic():
        if kind is not None:
            gezin = kind.gezin
            if gezin.loket_id != loket.pk:
                raise AanmeldingFout(_("Dit gezin hoort bij een ander loket."))
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


# Fields of a family whose values identify it: the audit log records that they changed, never the
# values (Logregel is append-only, so anonymisation could not wipe them there).
PERSOONLIJKE_GEZINSVELDEN = {"straat", "postcode", "gemeente", "kwetsbaar_reden"}


def _gezin_bijwerken(*, gezin, door, velden):
    """Set the family's facts that changed; one Logregel `gezin.gewijzigd`.

    Its details: `velden`, the names of every changed field, and `waarden`, old and new values of
    the changed fields that are not personal (the criteria facts, the language), never an address.
    """
    gewijzigd = []
    waarden = {}
    for veld, waarde in velden.items():
        oud = getattr(gezin, veld)
        if oud != waarde:
            gewijzigd.append(veld)
            if veld not in PERSOONLIJKE_GEZINSVELDEN:
                waarden[veld] = [str(oud), str(waarde)]
            setattr(gezin, veld, waarde)
    if gewijzigd:
        gezin.save(update_fields=gewijzigd)
        logregel_schrijven(
            door=door,
            actie="gezin.gewijzigd",
            object=gezin,
            loket=gezin.loket,
            details={"velden": sorted(gewijzigd), "waarden": waarden},
        )


# --- Corrections at the counter ----------------------------------------------------------------

GEZIN_WIJZIGBAAR = {"straat", "postcode", "gemeente", "taal"}
OUDER_WIJZIGBAAR = {"voornaam", "achternaam", "email", "telefoon", "situatie"}
# A parent's fields that identify them: the log names them, never their values (see _gezin_bijwerken).
PERSOONLIJKE_OUDERVELDEN = {"voornaam", "achternaam", "email", "telefoon"}


def _niet_gewist(gezin):
    if gezin.geanonimiseerd_op is not None:
        raise AanmeldingFout(_("De gegevens van dit gezin zijn gewist."))


def gezin_wijzigen(*, gezin, door, **velden) -> Gezin:
    """Desk staff correct a family's address or mail language (any of GEZIN_WIJZIGBAAR).

    The form gives the municipality from the postal code, as the wizard does. Refused for an
    anonymised family. Side effects, in one transaction with the family locked: the changed
    fields and Logregel `gezin.gewijzigd` (names of the changed fields; old and new values of the
    non-personal ones only); when the municipality changed to one of the desk's area, every open
    request of the family that counted under the old one counts under the new one
    (opvangvraag_wijzigen: Logregel `opvangvraag.gewijzigd`). Returns the family.
    """
    onbekend = set(velden) - GEZIN_WIJZIGBAAR
    if onbekend:
        raise ValueError(f"Niet te wijzigen: {', '.join(sorted(onbekend))}")
    _niet_gewist(gezin)
    with transaction.atomic():
        gezin = Gezin.objects.select_for_update().select_related("loket").get(pk=gezin.pk)
        _niet_gewist(gezin)
        oude_gemeente_id = gezin.gemeente_id
        _gezin_bijwerken(gezin=gezin, door=door, velden=velden)
        verhuisd = gezin.gemeente_id != oude_gemeente_id and gezin.gemeente_id is not None
        if verhuisd and gezin.loket.werkingsgebied.filter(pk=gezin.gemeente_id).exists():
            for vraag in gezin.opvangvragen.filter(status__in=OPEN_STATUSSEN, gemeente_id=oude_gemeente_id):
                opvangvraag_wijzigen(vraag=vraag, door=door, gemeente=gezin.gemeente)
    return gezin


def _ouder_controleren(velden):
    if not (velden.get("voornaam") or "").strip() or not (velden.get("achternaam") or "").strip():
        raise AanmeldingFout(_("Geef de voornaam en de achternaam van de ouder."))


def _bereikbaar_controleren(gezin):
    if not gezin.ouders.exclude(email="", telefoon="").exists():
        raise AanmeldingFout(_("Geef een e-mailadres of een telefoonnummer, zodat we het gezin bereiken."))


def ouder_wijzigen(*, ouder, door, **velden) -> list[str]:
    """Desk staff correct a parent's name, e-mail address, phone number or work situation.

    Refused for an anonymised family, an empty name, or when no parent of the family would have
    an e-mail address or phone number left. A changed e-mail address unlinks the parent's portal
    login (it belonged to the old address; the new address links itself at its first login).
    Side effects, in one transaction: the changed fields; Logregel `gezin.ouder_gewijzigd` on the
    family with `ouder` (its id), `velden` (names of the changed fields) and `waarden` (old and new
    work situation only: names, addresses and numbers are never written to the append-only log).
    Returns the list of changed fields.
    """
    onbekend = set(velden) - OUDER_WIJZIGBAAR
    if onbekend:
        raise ValueError(f"Niet te wijzigen: {', '.join(sorted(onbekend))}")
    with transaction.atomic():
        ouder = Ouder.objects.select_for_update().select_related("gezin__loket").get(pk=ouder.pk)
        _niet_gewist(ouder.gezin)
        _ouder_controleren({**{veld: getattr(ouder, veld) for veld in OUDER_WIJZIGBAAR}, **velden})
        gewijzigd = sorted(veld for veld, waarde in velden.items() if getattr(ouder, veld) != waarde)
        if not gewijzigd:
            return []
        waarden = {
            veld: [getattr(ouder, veld), velden[veld]] for veld in gewijzigd if veld not in PERSOONLIJKE_OUDERVELDEN
        }
        for veld in gewijzigd:
            setattr(ouder, veld, velden[veld])
        details = {"ouder": ouder.pk, "velden": gewijzigd, "waarden": waarden}
        opslaan = [*gewijzigd, "gewijzigd_op"]
        if "email" in gewijzigd and ouder.gebruiker_id:
            ouder.gebruiker = None
            opslaan.append("gebruiker")
            details["login_ontkoppeld"] = True
        ouder.save(update_fields=opslaan)
        _bereikbaar_controleren(ouder.gezin)
        logregel_schrijven(
            door=door, actie="gezin.ouder_gewijzigd", object=ouder.gezin, loket=ouder.gezin.loket, details=details
        )
    return gewijzigd


def ouder_toevoegen(*, gezin, door, **velden) -> Ouder:
    """Desk staff add a parent to a family (a second parent who was not registered).

    Refused for an anonymised family or an empty name. Side effects: an Ouder; Logregel
    `gezin.ouder_toegevoegd` on the family with the new parent's id (no name in the log).
    """
    onbekend = set(velden) - OUDER_WIJZIGBAAR
    if onbekend:
        raise ValueError(f"Niet te wijzigen: {', '.join(sorted(onbekend))}")
    _niet_gewist(gezin)
    _ouder_controleren(velden)
    with transaction.atomic():
        ouder = Ouder.objects.create(gezin=gezin, **velden)
        logregel_schrijven(
            door=door, actie="gezin.ouder_toegevoegd", object=gezin, loket=gezin.loket, details={"ouder": ouder.pk}
        )
    return ouder
