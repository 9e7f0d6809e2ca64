"""Writes of the aanbod app: free places and the life cycle of an offer (Opvangvoorstel).

Every transition runs in one transaction, locks the rows it counts against
(`select_for_update` on the request, the offer and the free place), checks the allowed source
states, saves with `update_fields`, writes one Logregel and sends its mail after commit. The
database backs the invariants up: at most one open and one accepted offer per request.
"""

import datetime
import re

from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from aanmelding.models import (
    DringendReden,
    Gezin,
    IntrekReden,
    Kanaal,
    Kind,
    Opvangvraag,
    Ouder,
    VraagStatus,
    dagen_per_week,
    weekschema_tekst,
)
from aanmelding.services import AanmeldingFout, gezin_mailen, opvangvraag_indienen
from loket.datums import jaren_later
from loket.logboek import logregel_schrijven
from loket.mail import mail_na_commit
from loket.models import Gebruiker, Loket, Rol

from .matching import ATYPISCH_LABELS
from .models import (
    AanbiederToegang,
    Antwoord,
    DoorverwijsReden,
    Doorverwijzing,
    Gezien,
    Leeftijdsgroep,
    Locatie,
    LocatieType,
    Opvangvoorstel,
    Organisator,
    Voorkeur,
    VoorstelStatus,
    VrijePlaats,
    WeigerReden,
)
from .wachters import wachters_verwittigen


class AanbodFout(Exception):
    """A change that breaks a rule of the life cycle; the message is meant for the user."""


def _vraag_vergrendelen(vraag):
    return Opvangvraag.objects.select_for_update().select_related("loket").get(pk=vraag.pk)


def _voorstel_vergrendelen(voorstel):
    try:
        return Opvangvoorstel.objects.select_for_update().get(pk=voorstel.pk)
    except Opvangvoorstel.DoesNotExist:
        raise AanbodFout(_("Dit voorstel bestaat niet meer.")) from None


def voorstel_doen(
    *,
    vraag,
    locatie,
    door,
    startdatum,
    weekschema,
    antwoord_tegen=None,
    vrije_plaats=None,
    namens_aanbieder=False,
    nu=None,
):
    """Offer a place at `locatie` for an open request.

    Refused when the request is closed, already has an open offer, or the start date lies in the
    past; and when `vrije_plaats` is given but belongs to another location or has no room left
    (its places minus the open offers on it, counted under a row lock of the declaration, so two
    offers made at once cannot both take its last place). Side effects: Opvangvoorstel `open`;
    request -> `voorstel`; Logregel `opvangvoorstel.gedaan`; mail to the family (and referrer)
    after commit.
    """
    nu = nu or timezone.now()
    vandaag = timezone.localdate(nu)
    if startdatum < vandaag:
        raise AanbodFout(_("De startdatum ligt in het verleden."))
    if weekschema.count("-") == 7:
        raise AanbodFout(_("Kies minstens één dag in het weekschema."))
    try:
        with transaction.atomic():
            vraag = _vraag_vergrendelen(vraag)
            if vraag.status not in (VraagStatus.INGEDIEND, VraagStatus.IN_BEHANDELING):
                if vraag.status == VraagStatus.VOORSTEL:
                    open_voorstel = vraag.voorstellen.filter(status=VoorstelStatus.OPEN).first()
                    raise AanbodFout(
                        _("Er loopt al een voorstel voor deze aanvraag, tot %(datum)s.")
                        % {"datum": f"{open_voorstel.antwoord_tegen:%d/%m/%Y}"}
                        if open_voorstel
                        else _("Er loopt al een voorstel voor deze aanvraag.")
                    )
                raise AanbodFout(_("Deze aanvraag is afgesloten: er kan geen voorstel meer bij."))
            if antwoord_tegen is None:
                antwoord_tegen = vandaag + datetime.timedelta(days=vraag.loket.antwoordtermijn_dagen)
            if antwoord_tegen < vandaag:
                raise AanbodFout(_("De antwoordtermijn ligt in het verleden."))
            if vrije_plaats is not None:
                _controleer_ruimte(vrije_plaats, locatie)
            voorstel = Opvangvoorstel.objects.create(
                vraag=vraag,
                locatie=locatie,
                vrije_plaats=vrije_plaats,
                gedaan_door=door,
                namens_aanbieder=namens_aanbieder,
                voorgesteld_op=nu,
                startdatum=startdatum,
                weekschema=weekschema,
                dagen_per_week=dagen_per_week(weekschema),
                antwoord_tegen=antwoord_tegen,
            )
            vraag.status = VraagStatus.VOORSTEL
            vraag.save(update_fields=["status", "gewijzigd_op"])
            logregel_schrijven(
                door=door,
                actie="opvangvoorstel.gedaan",
                object=voorstel,
                loket=vraag.loket,
                details={"vraag": vraag.pk, "locatie": locatie.pk, "startdatum": startdatum},
            )
    except IntegrityError:
        raise AanbodFout(_("Er loopt al een voorstel voor deze aanvraag.")) from None
    _mail_gezin(voorstel, "voorstel_gedaan")
    return voorstel


def voorstel_aanvaarden(*, voorstel, door, nu=None):
    """The family accepts: the place is assigned, in one transaction.

    Refused when the offer is no longer open or its deadline passed. The linked free place is
    taken under a row lock: when it has no place left (the provider lowered the number, or an
    older offer on it was accepted first), nothing is assigned; the offer is withdrawn by the
    system instead (`ingetrokken`, with the reason), the request goes back to `in_behandeling`
    where the desk picks it up, and AanbodFout tells the user so — an offer the family can no
    longer accept must not stay open and wait for its deadline.

    Side effects on success: offer `aanvaard` with the answer and its moment; request ->
    `toegewezen`; the linked free place decremented; Logregel `opvangvoorstel.aanvaard`; mail to
    the family, the provider and the referrer after commit. When the place was taken: Logregel
    `opvangvoorstel.plaats_ingenomen`; providers waiting for the offer to end are told; mail to
    the family and the provider after commit.
    """
    nu = nu or timezone.now()
    try:
        with transaction.atomic():
            vraag = _vraag_vergrendelen(voorstel.vraag)
            voorstel = _voorstel_vergrendelen(voorstel)
            _controleer_open_en_tijdig(voorstel, nu)
            plaats = None
            if voorstel.vrije_plaats_id:
                plaats = VrijePlaats.objects.select_for_update().filter(pk=voorstel.vrije_plaats_id).first()
            ingenomen = plaats is not None and plaats.aantal < 1
            if ingenomen:
                _plaats_ingenomen(voorstel=voorstel, vraag=vraag, plaats=plaats, door=door, nu=nu)
            else:
                voorstel.status = VoorstelStatus.AANVAARD
                voorstel.antwoord = Antwoord.AANVAARD
                voorstel.beantwoord_op = nu
                voorstel.save(update_fields=["status", "antwoord", "beantwoord_op", "gewijzigd_op"])
                vraag.status = VraagStatus.TOEGEWEZEN
                vraag.save(update_fields=["status", "gewijzigd_op"])
                if plaats is not None:
                    plaats.aantal -= 1
                    plaats.save(update_fields=["aantal", "gewijzigd_op"])
                logregel_schrijven(door=door, actie="opvangvoorstel.aanvaard", object=voorstel, loket=vraag.loket)
    except IntegrityError:
        raise AanbodFout(_("Voor deze aanvraag werd al een voorstel aanvaard.")) from None
    if ingenomen:
        _mail_gezin(voorstel, "voorstel_plaats_ingenomen")
        mail_na_commit(
            aan=[voorstel.locatie.email], sjabloon="voorstel_plaats_ingenomen_aanbieder", context={"voorstel": voorstel}
        )
        raise AanbodFout(
            _(
                "Deze plaats is intussen niet meer vrij: ze werd net aan iemand anders gegeven. "
                "Het voorstel vervalt. Je aanvraag blijft lopen en het loket zoekt verder."
            )
        )
    _mail_gezin(voorstel, "voorstel_aanvaard")
    mail_na_commit(aan=[voorstel.locatie.email], sjabloon="voorstel_aanvaard_aanbieder", context={"voorstel": voorstel})
    return voorstel


def _plaats_ingenomen(*, voorstel, vraag, plaats, door, nu):
    """Withdraw an offer whose free place is gone, inside voorstel_aanvaarden's transaction."""
    voorstel.status = VoorstelStatus.INGETROKKEN
    voorstel.afgesloten_op = nu
    # Stored in the desk's language: the desk and the provider read it on the offer.
    voorstel.afsluit_reden = "De vrije plaats was al ingenomen toen het gezin wilde aanvaarden."
    voorstel.save(update_fields=["status", "afgesloten_op", "afsluit_reden", "gewijzigd_op"])
    vraag.status = VraagStatus.IN_BEHANDELING
    vraag.save(update_fields=["status", "gewijzigd_op"])
    wachters_verwittigen(vraag=vraag, nu=nu)
    logregel_schrijven(
        door=door,
        actie="opvangvoorstel.plaats_ingenomen",
        object=voorstel,
        loket=vraag.loket,
        details={"vrije_plaats": plaats.pk},
    )


def _controleer_ruimte(vrije_plaats, locatie):
    """Lock the declaration an offer will be linked to and check that it still has room."""
    from .queries import vrije_plaatsen_met_ruimte

    plaats = VrijePlaats.objects.select_for_update().filter(pk=vrije_plaats.pk).first()
    if plaats is None:
        raise AanbodFout(_("Deze vrije plaats bestaat niet meer."))
    if plaats.locatie_id != locatie.pk:
        raise AanbodFout(_("Deze vrije plaats hoort bij een andere locatie."))
    if not vrije_plaatsen_met_ruimte().filter(pk=plaats.pk).exists():
        raise AanbodFout(
            _(
                "Deze vrije plaats is niet meer vrij: al haar plaatsen zijn toegewezen of voorgesteld. "
                "Kies een andere vrije plaats, of geen."
            )
        )


def voorstel_weigeren(*, voorstel, door, reden, opmerking="", nu=None):
    """The family refuses, with a coded reason. The request goes back to `in_behandeling`.

    Side effects: offer `geweigerd` with the answer and its moment; Logregel
    `opvangvoorstel.geweigerd`; mail to the provider, and to providers waiting for the offer to end,
    after commit.
    """
    if reden not in WeigerReden.values:
        raise AanbodFout(_("Kies een reden waarom je het voorstel weigert."))
    nu = nu or timezone.now()
    with transaction.atomic():
        vraag = _vraag_vergrendelen(voorstel.vraag)
        voorstel = _voorstel_vergrendelen(voorstel)
        _controleer_open_en_tijdig(voorstel, nu)
        voorstel.status = VoorstelStatus.GEWEIGERD
        voorstel.antwoord = Antwoord.GEWEIGERD
        voorstel.beantwoord_op = nu
        voorstel.weigerreden = reden
        voorstel.opmerking = opmerking
        voorstel.save(update_fields=["status", "antwoord", "beantwoord_op", "weigerreden", "opmerking", "gewijzigd_op"])
        vraag.status = VraagStatus.IN_BEHANDELING
        vraag.save(update_fields=["status", "gewijzigd_op"])
        wachters_verwittigen(vraag=vraag, nu=nu)
        logregel_schrijven(
            door=door, actie="opvangvoorstel.geweigerd", object=voorstel, loket=vraag.loket, details={"reden": reden}
        )
    mail_na_commit(
        aan=[voorstel.locatie.email], sjabloon="voorstel_geweigerd_aanbieder", context={"voorstel": voorstel}
    )
    return voorstel


def voorstel_laten_verlopen(*, voorstel, nu=None):
    """An open offer whose answer deadline passed expires; the request goes back to `in_behandeling`.

    Returns False (and changes nothing) when the offer is no longer open or not yet due, so a
    second run does nothing. Side effects: offer `verlopen`; Logregel `opvangvoorstel.verlopen`;
    mail to the family and to providers waiting for the offer to end, after commit.
    """
    nu = nu or timezone.now()
    with transaction.atomic():
        vraag = _vraag_vergrendelen(voorstel.vraag)
        voorstel = _voorstel_vergrendelen(voorstel)
        if voorstel.status != VoorstelStatus.OPEN or voorstel.antwoord_tegen >= timezone.localdate(nu):
            return False
        voorstel.status = VoorstelStatus.VERLOPEN
        voorstel.afgesloten_op = nu
        voorstel.save(update_fields=["status", "afgesloten_op", "gewijzigd_op"])
        vraag.status = VraagStatus.IN_BEHANDELING
        vraag.save(update_fields=["status", "gewijzigd_op"])
        wachters_verwittigen(vraag=vraag, nu=nu)
        logregel_schrijven(door=None, actie="opvangvoorstel.verlopen", object=voorstel, loket=vraag.loket)
    _mail_gezin(voorstel, "voorstel_verlopen")
    return True


def voorstel_intrekken(*, voorstel, door, reden, nu=None):
    """The provider withdraws an open offer, with a reason; the request goes back to `in_behandeling`.

    Side effects: offer `ingetrokken`; Logregel `opvangvoorstel.ingetrokken`; mail to the family and
    to providers waiting for the offer to end.
    """
    if not reden.strip():
        raise AanbodFout(_("Geef een reden om het voorstel in te trekken."))
    nu = nu or timezone.now()
    with transaction.atomic():
        vraag = _vraag_vergrendelen(voorstel.vraag)
        voorstel = _voorstel_vergrendelen(voorstel)
        if voorstel.status != VoorstelStatus.OPEN:
            raise AanbodFout(_("Dit voorstel is niet meer open."))
        voorstel.status = VoorstelStatus.INGETROKKEN
        voorstel.afgesloten_op = nu
        voorstel.afsluit_reden = reden.strip()
        voorstel.save(update_fields=["status", "afgesloten_op", "afsluit_reden", "gewijzigd_op"])
        vraag.status = VraagStatus.IN_BEHANDELING
        vraag.save(update_fields=["status", "gewijzigd_op"])
        wachters_verwittigen(vraag=vraag, nu=nu)
        # The reason is free text that may name the family: the offer keeps it (anonymisation can
        # wipe it there), the append-only log only names the field.
        logregel_schrijven(
            door=door,
            actie="opvangvoorstel.ingetrokken",
            object=voorstel,
            loket=vraag.loket,
            details={"velden": ["afsluit_reden"]},
        )
    _mail_gezin(voorstel, "voorstel_ingetrokken")
    return voorstel


def toewijzing_annuleren(*, voorstel, door, reden, vraag_intrekken_reden=None, nu=None):
    """An assignment falls through (the family or the provider calls it off).

    The offer becomes `geannuleerd` and keeps its answer; the free place it took is given back;
    the request goes back to `in_behandeling`, or is withdrawn when `vraag_intrekken_reden` is
    given. Side effects: Logregel `opvangvoorstel.geannuleerd` (and `opvangvraag.ingetrokken`).
    """
    if not reden.strip():
        raise AanbodFout(_("Geef een reden voor de annulering."))
    if vraag_intrekken_reden is not None and vraag_intrekken_reden not in IntrekReden.values:
        raise AanbodFout(_("Kies een geldige reden om de aanvraag in te trekken."))
    nu = nu or timezone.now()
    with transaction.atomic():
        vraag = _vraag_vergrendelen(voorstel.vraag)
        voorstel = _voorstel_vergrendelen(voorstel)
        if voorstel.status != VoorstelStatus.AANVAARD:
            raise AanbodFout(_("Alleen een aanvaard voorstel kan geannuleerd worden."))
        voorstel.status = VoorstelStatus.GEANNULEERD
        voorstel.afgesloten_op = nu
        voorstel.afsluit_reden = reden.strip()
        voorstel.save(update_fields=["status", "afgesloten_op", "afsluit_reden", "gewijzigd_op"])
        if voorstel.vrije_plaats_id:
            plaats = VrijePlaats.objects.select_for_update().get(pk=voorstel.vrije_plaats_id)
            plaats.aantal += 1
            plaats.save(update_fields=["aantal", "gewijzigd_op"])
        logregel_schrijven(
            door=door,
            actie="opvangvoorstel.geannuleerd",
            object=voorstel,
            loket=vraag.loket,
            details={"velden": ["afsluit_reden"]},
        )
        velden = ["status", "gewijzigd_op"]
        if vraag_intrekken_reden:
            vraag.status = VraagStatus.INGETROKKEN
            vraag.ingetrokken_op = nu
            vraag.intrek_reden = vraag_intrekken_reden
            velden += ["ingetrokken_op", "intrek_reden"]
            logregel_schrijven(
                door=door,
                actie="opvangvraag.ingetrokken",
                object=vraag,
                loket=vraag.loket,
                details={"reden": vraag_intrekken_reden},
            )
        else:
            vraag.status = VraagStatus.IN_BEHANDELING
            wachters_verwittigen(vraag=vraag, nu=nu)
        vraag.save(update_fields=velden)
    return voorstel


def _controleer_open_en_tijdig(voorstel, nu):
    if voorstel.status != VoorstelStatus.OPEN:
        raise AanbodFout(_("Dit voorstel is niet meer open: het werd al beantwoord, ingetrokken of is verlopen."))
    if voorstel.antwoord_tegen < timezone.localdate(nu):
        raise AanbodFout(
            _("De antwoordtermijn liep af op %(datum)s.") % {"datum": f"{voorstel.antwoord_tegen:%d/%m/%Y}"}
        )


def vrije_plaats_declareren(*, locatie, door, vanaf, aantal, weekschema="DDDDD--", leeftijdsgroep="alle", nu=None):
    """Declare free places at a location from a date on.

    Refused for a negative or absurd number (more than 200, or more than the location's licensed
    places), a date more than a week in the past, no day, or an unknown age group. Side effects:
    VrijePlaats confirmed now by `door`; the location's free places count as looked at now;
    Logregel `vrije_plaats.gedeclareerd`.
    """
    nu = nu or timezone.now()
    _controleer_vrije_plaats(
        locatie=locatie, vanaf=vanaf, aantal=aantal, weekschema=weekschema, leeftijdsgroep=leeftijdsgroep, nu=nu
    )
    with transaction.atomic():
        plaats = VrijePlaats.objects.create(
            locatie=locatie,
            vanaf=vanaf,
            aantal=aantal,
            weekschema=weekschema,
            leeftijdsgroep=leeftijdsgroep,
            bevestigd_op=nu,
            bevestigd_door=door,
        )
        _locatie_bekeken(locatie, nu)
        logregel_schrijven(
            door=door,
            actie="vrije_plaats.gedeclareerd",
            object=plaats,
            details={
                "locatie": locatie.pk,
                "aantal": aantal,
                "vanaf": vanaf,
                "weekschema": weekschema,
                "leeftijdsgroep": leeftijdsgroep,
            },
        )
    return plaats


def vrije_plaats_wijzigen(*, plaats, door, vanaf, aantal, weekschema, leeftijdsgroep, nu=None):
    """Change a declaration; it counts as confirmed now. Same checks as declaring, except that 0 is allowed.

    Side effects: the declaration and its confirmation moment; the location's free places count as
    looked at now; Logregel `vrije_plaats.gewijzigd` with the old and new values.
    """
    nu = nu or timezone.now()
    _controleer_vrije_plaats(
        locatie=plaats.locatie,
        vanaf=vanaf,
        aantal=aantal,
        weekschema=weekschema,
        leeftijdsgroep=leeftijdsgroep,
        nu=nu,
        nul_toegestaan=True,
    )
    with transaction.atomic():
        plaats = VrijePlaats.objects.select_for_update().select_related("locatie").get(pk=plaats.pk)
        velden = ("vanaf", "aantal", "weekschema", "leeftijdsgroep")
        oud = {veld: getattr(plaats, veld) for veld in velden}
        plaats.vanaf, plaats.aantal, plaats.weekschema, plaats.leeftijdsgroep = (
            vanaf,
            aantal,
            weekschema,
            leeftijdsgroep,
        )
        plaats.bevestigd_op, plaats.bevestigd_door = nu, door
        plaats.save(update_fields=[*velden, "bevestigd_op", "bevestigd_door", "gewijzigd_op"])
        _locatie_bekeken(plaats.locatie, nu)
        logregel_schrijven(
            door=door,
            actie="vrije_plaats.gewijzigd",
            object=plaats,
            details={"oud": oud, "nieuw": {veld: getattr(plaats, veld) for veld in velden}},
        )
    return plaats


def vrije_plaats_verwijderen(*, plaats, door, nu=None):
    """Remove a declaration (the places are no longer free). An offer that used it keeps its other data.

    Side effects: the VrijePlaats is deleted; the location's free places count as looked at now;
    Logregel `vrije_plaats.verwijderd` on the location with what the declaration said.
    """
    nu = nu or timezone.now()
    with transaction.atomic():
        plaats = VrijePlaats.objects.select_for_update().select_related("locatie").filter(pk=plaats.pk).first()
        if plaats is None:
            raise AanbodFout(_("Deze vrije plaats bestaat niet meer."))
        locatie = plaats.locatie
        details = {
            "vrije_plaats": plaats.pk,
            "vanaf": plaats.vanaf,
            "aantal": plaats.aantal,
            "weekschema": plaats.weekschema,
            "leeftijdsgroep": plaats.leeftijdsgroep,
        }
        plaats.delete()
        _locatie_bekeken(locatie, nu)
        logregel_schrijven(door=door, actie="vrije_plaats.verwijderd", object=locatie, details=details)
    return locatie


def vrije_plaatsen_bevestigen(*, locatie, door, nu=None):
    """ "Nothing changed": confirm every declaration of a location in one action.

    Also confirms "no free places" for a location without declarations. Side effects:
    `bevestigd_op`/`bevestigd_door` of each declaration; the location's
    `vrije_plaatsen_bevestigd_op`; Logregel `vrije_plaats.bevestigd` on the location. Returns the
    number of declarations confirmed.
    """
    nu = nu or timezone.now()
    with transaction.atomic():
        aantal = VrijePlaats.objects.filter(locatie=locatie).update(
            bevestigd_op=nu, bevestigd_door=door, gewijzigd_op=nu
        )
        _locatie_bekeken(locatie, nu)
        logregel_schrijven(door=door, actie="vrije_plaats.bevestigd", object=locatie, details={"aantal": aantal})
    return aantal


def _locatie_bekeken(locatie, nu):
    Locatie.objects.filter(pk=locatie.pk).update(vrije_plaatsen_bevestigd_op=nu)
    locatie.vrije_plaatsen_bevestigd_op = nu


def _controleer_vrije_plaats(*, locatie, vanaf, aantal, weekschema, leeftijdsgroep, nu, nul_toegestaan=False):
    if aantal is None or aantal < 0:
        raise AanbodFout(_("Het aantal plaatsen kan niet negatief zijn."))
    if aantal == 0 and not nul_toegestaan:
        raise AanbodFout(_("Geef minstens 1 vrije plaats op."))
    if aantal > 200:
        raise AanbodFout(_("Meer dan 200 vrije plaatsen op één locatie is niet mogelijk."))
    if locatie.erkende_plaatsen and aantal > locatie.erkende_plaatsen:
        raise AanbodFout(
            _("Meer vrije plaatsen (%(aantal)s) dan vergunde plaatsen (%(vergund)s) is niet mogelijk.")
            % {"aantal": aantal, "vergund": locatie.erkende_plaatsen}
        )
    if vanaf is None:
        raise AanbodFout(_("Geef de datum waarop de plaatsen vrij zijn."))
    if vanaf < timezone.localdate(nu) - datetime.timedelta(days=7):
        raise AanbodFout(_("De datum 'vanaf' ligt meer dan een week in het verleden."))
    if vanaf > timezone.localdate(nu) + datetime.timedelta(days=3 * 366):
        raise AanbodFout(_("De datum 'vanaf' ligt meer dan drie jaar in de toekomst."))
    if not re.fullmatch(r"[-VND]{7}", weekschema or "") or weekschema.count("-") == 7:
        raise AanbodFout(_("Kies minstens één dag."))
    if leeftijdsgroep not in Leeftijdsgroep.values:
        raise AanbodFout(_("Kies een leeftijdsgroep."))


def _mail_gezin(voorstel, sjabloon):
    gezin_mailen(voorstel.vraag, sjabloon, voorstel=voorstel)


# --- Reminding providers of stale free places ------------------------------------------------


def verouderde_vrije_plaatsen_herinneren(*, nu=None):
    """Mail the providers of every active location whose free places went stale, once per staleness period.

    A location is due when one of its declarations that still offers places was last confirmed
    longer ago than its staleness period (the shortest period of the desks whose area holds it)
    and it was not reminded within that period. Its e-mail address and the users with access to
    it are mailed; one mail per address lists all of that address's due locations. Running it
    twice changes nothing the second time. Side effects: `vrije_plaatsen_herinnerd_op` of each
    due location; one Logregel `vrije_plaats.herinnerd` per location; the mails after commit.
    Returns the number of mails.
    """
    from .queries import geldig_dagen_expressie

    nu = nu or timezone.now()
    perioden = set(Loket.objects.values_list("vrije_plaatsen_geldig_dagen", flat=True))
    perioden.add(Loket._meta.get_field("vrije_plaatsen_geldig_dagen").default)
    per_adres = {}
    with transaction.atomic():
        for dagen in sorted(perioden):
            grens = nu - datetime.timedelta(days=dagen)
            verouderd = VrijePlaats.objects.filter(locatie=OuterRef("pk"), aantal__gt=0, bevestigd_op__lt=grens)
            nog_niet_herinnerd = Q(vrije_plaatsen_herinnerd_op__isnull=True) | Q(vrije_plaatsen_herinnerd_op__lt=grens)
            locaties = (
                Locatie.objects.filter(actief=True)
                .annotate(geldig_dagen=geldig_dagen_expressie())
                .filter(Exists(verouderd), nog_niet_herinnerd, geldig_dagen=dagen)
                .select_related("organisator")
                .order_by("naam", "pk")
            )
            for locatie in locaties:
                # The conditional update is the guard against two runs at once: only one of them wins.
                if (
                    not Locatie.objects.filter(pk=locatie.pk)
                    .filter(nog_niet_herinnerd)
                    .update(vrije_plaatsen_herinnerd_op=nu)
                ):
                    continue
                adressen = _adressen_van_locatie(locatie)
                for adres in adressen:
                    per_adres.setdefault(adres, []).append(locatie)
                logregel_schrijven(
                    door=None,
                    actie="vrije_plaats.herinnerd",
                    object=locatie,
                    details={"aan": sorted(adressen), "geldig_dagen": dagen},
                )
        for adres, locaties in sorted(per_adres.items()):
            mail_na_commit(aan=[adres], sjabloon="vrije_plaatsen_herinnering", context={"locaties": locaties})
    return len(per_adres)


def _adressen_van_locatie(locatie):
    gebruikers = AanbiederToegang.objects.filter(
        Q(locatie=locatie) | Q(organisator=locatie.organisator_id, locatie__isnull=True), gebruiker__is_active=True
    ).values_list("gebruiker__email", flat=True)
    return {adres.lower() for adres in [locatie.email, *gebruikers] if adres}


# --- Organisations, locations and provider users ---------------------------------------------

# What a provider user keeps current themselves; the coordinator also sets name, municipality,
# Opgroeien id and whether the location is active.
LOCATIE_PROFIEL_VELDEN = (
    "type",
    "straat",
    "postcode",
    "erkende_plaatsen",
    "inkomenstarief",
    "openingsuren",
    "voor_7u",
    "na_18u",
    "zaterdag",
    "zon_en_feestdag",
    "leeftijd_van_maanden",
    "leeftijd_tot_maanden",
    "email",
    "telefoon",
    "omschrijving",
)
LOCATIE_BEHEER_VELDEN = ("naam", "gemeente", "opgroeien_id", "actief", "na_te_kijken", *LOCATIE_PROFIEL_VELDEN)
ORGANISATOR_VELDEN = ("naam", "ondernemingsnummer", "email", "telefoon")


def _log_waarde(waarde):
    return waarde.pk if hasattr(waarde, "pk") else waarde


def _verschil_toepassen(object, wijzigingen):
    """Set the changed values on `object`; return {field: [old, new]} for the log."""
    verschil = {}
    for veld, waarde in wijzigingen.items():
        oud = getattr(object, veld)
        if oud != waarde:
            verschil[veld] = [_log_waarde(oud), _log_waarde(waarde)]
            setattr(object, veld, waarde)
    return verschil


def _controleer_locatie(locatie):
    if locatie.leeftijd_van_maanden > locatie.leeftijd_tot_maanden:
        raise AanbodFout(_("De leeftijd 'vanaf' moet kleiner zijn dan de leeftijd 'tot'."))
    if not 0 <= locatie.erkende_plaatsen <= 500:
        raise AanbodFout(_("Het aantal vergunde plaatsen ligt tussen 0 en 500."))
    if not locatie.naam.strip():
        raise AanbodFout(_("Een locatie heeft een naam nodig."))


def locatie_profiel_wijzigen(*, locatie, door, **wijzigingen):
    """A provider user changes their location's profile (only LOCATIE_PROFIEL_VELDEN).

    Side effects: saves the changed fields; Logregel `locatie.gewijzigd` with {field: [old, new]},
    only when something changed. Returns the changes.
    """
    onbekend = set(wijzigingen) - set(LOCATIE_PROFIEL_VELDEN)
    if onbekend:
        raise ValueError(f"Niet te wijzigen door een aanbieder: {', '.join(sorted(onbekend))}")
    return _locatie_bijwerken(locatie=locatie, door=door, wijzigingen=wijzigingen)


def locatie_wijzigen(*, locatie, door, actie="locatie.gewijzigd", **wijzigingen):
    """The coordinator (or the location import) changes a location (LOCATIE_BEHEER_VELDEN).

    Side effects: as locatie_profiel_wijzigen, with Logregel `actie`. Returns the changes.
    """
    onbekend = set(wijzigingen) - set(LOCATIE_BEHEER_VELDEN) - {"organisator"}
    if onbekend:
        raise ValueError(f"Niet te wijzigen: {', '.join(sorted(onbekend))}")
    return _locatie_bijwerken(locatie=locatie, door=door, wijzigingen=wijzigingen, actie=actie)


def _locatie_bijwerken(*, locatie, door, wijzigingen, actie="locatie.gewijzigd"):
    with transaction.atomic():
        vergrendeld = Locatie.objects.select_for_update().get(pk=locatie.pk)
        verschil = _verschil_toepassen(vergrendeld, wijzigingen)
        if not verschil:
            return {}
        _controleer_locatie(vergrendeld)
        vergrendeld.save(update_fields=[*verschil, "gewijzigd_op"])
        logregel_schrijven(door=door, actie=actie, object=vergrendeld, details=verschil)
    for veld in verschil:
        setattr(locatie, veld, getattr(vergrendeld, veld))
    return verschil


def locatie_aanmaken(*, organisator, door, naam, type, gemeente, actie="locatie.aangemaakt", **velden):
    """Add a location to a provider organisation. Side effects: Locatie; Logregel `actie`."""
    onbekend = set(velden) - set(LOCATIE_BEHEER_VELDEN)
    if onbekend:
        raise ValueError(f"Onbekende velden: {', '.join(sorted(onbekend))}")
    if type not in LocatieType.values:
        raise AanbodFout(_("Kies het type opvang: gezinsopvang of groepsopvang."))
    locatie = Locatie(organisator=organisator, naam=naam.strip(), type=type, gemeente=gemeente, **velden)
    _controleer_locatie(locatie)
    with transaction.atomic():
        locatie.save()
        logregel_schrijven(
            door=door,
            actie=actie,
            object=locatie,
            details={"organisator": organisator.pk, "naam": locatie.naam, "gemeente": gemeente.nis},
        )
    return locatie


def organisator_aanmaken(*, door, naam, loket=None, **velden):
    """Add a provider organisation (remembering the desk that added it). Side effects: Logregel."""
    onbekend = set(velden) - set(ORGANISATOR_VELDEN)
    if onbekend:
        raise ValueError(f"Onbekende velden: {', '.join(sorted(onbekend))}")
    if not naam.strip():
        raise AanbodFout(_("Een organisator heeft een naam nodig."))
    with transaction.atomic():
        organisator = Organisator.objects.create(naam=naam.strip(), loket=loket, **velden)
        logregel_schrijven(
            door=door, actie="organisator.aangemaakt", object=organisator, loket=loket, details={"naam": naam}
        )
    return organisator


def organisator_wijzigen(*, organisator, door, **wijzigingen):
    """Change an organisation's name or contact. Side effects: Logregel `organisator.gewijzigd` when changed."""
    onbekend = set(wijzigingen) - set(ORGANISATOR_VELDEN)
    if onbekend:
        raise ValueError(f"Niet te wijzigen: {', '.join(sorted(onbekend))}")
    with transaction.atomic():
        verschil = _verschil_toepassen(organisator, wijzigingen)
        if verschil:
            if not organisator.naam.strip():
                raise AanbodFout(_("Een organisator heeft een naam nodig."))
            organisator.save(update_fields=[*verschil, "gewijzigd_op"])
            logregel_schrijven(door=door, actie="organisator.gewijzigd", object=organisator, details=verschil)
    return verschil


def aanbieder_uitnodigen(*, organisator, door, email, voornaam="", achternaam="", locatie=None):
    """Give someone access to a provider organisation (or one of its locations) and mail them.

    A new e-mail address becomes a Gebruiker with role `aanbieder` and no usable password; the
    mail holds a link to choose one (Django's password-reset token, valid PASSWORD_RESET_TIMEOUT).
    An existing provider user gets the extra access (and a new link while they never chose a
    password). Refused for an address of another kind of account, a location of another
    organisation, or an access that exists already (unless the password was never set: then
    the link is sent again). Side effects: Gebruiker, AanbiederToegang, Logregel
    `aanbieder.uitgenodigd`, mail after commit. Returns the AanbiederToegang.
    """
    email = (email or "").strip().lower()
    if not email:
        raise AanbodFout(_("Geef een e-mailadres."))
    if locatie is not None and locatie.organisator_id != organisator.pk:
        raise AanbodFout(_("Deze locatie hoort niet bij deze organisator."))
    with transaction.atomic():
        gebruiker = Gebruiker.objects.select_for_update().filter(email__iexact=email).first()
        if gebruiker is None:
            gebruiker = Gebruiker.objects.create_user(
                email, password=None, rol=Rol.AANBIEDER, first_name=voornaam.strip(), last_name=achternaam.strip()
            )
        elif gebruiker.rol != Rol.AANBIEDER:
            raise AanbodFout(_("Dit e-mailadres hoort al bij een ander soort account. Gebruik een ander adres."))
        toegang, nieuw = AanbiederToegang.objects.get_or_create(
            gebruiker=gebruiker, organisator=organisator, locatie=locatie
        )
        if not nieuw and gebruiker.has_usable_password():
            raise AanbodFout(_("Deze gebruiker heeft die toegang al."))
        logregel_schrijven(
            door=door,
            actie="aanbieder.uitgenodigd",
            object=toegang,
            details={"email": email, "organisator": organisator.pk, "locatie": locatie.pk if locatie else None},
        )
        context = {"gebruiker": gebruiker, "organisator": organisator, "locatie": locatie}
        if gebruiker.has_usable_password():
            mail_na_commit(aan=[email], sjabloon="aanbieder_toegang", context=context)
        else:
            context["link"] = reverse(
                "aanbod:wachtwoord_instellen",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(gebruiker.pk)),
                    "token": default_token_generator.make_token(gebruiker),
                },
            )
            mail_na_commit(aan=[email], sjabloon="aanbieder_uitnodiging", context=context)
    return toegang


def aanbieder_toegang_intrekken(*, toegang, door):
    """Take a provider user's access away.

    Side effects: the AanbiederToegang is deleted; Logregel `aanbieder.toegang_ingetrokken` on the organisation.
    """
    with transaction.atomic():
        organisator = toegang.organisator
        details = {
            "gebruiker": toegang.gebruiker_id,
            "email": toegang.gebruiker.email,
            "locatie": toegang.locatie_id,
        }
        toegang.delete()
        logregel_schrijven(door=door, actie="aanbieder.toegang_ingetrokken", object=organisator, details=details)


# --- The inbox: requests seen, registered on a family's behalf, referred to the desk ---------


def opvangvraag_gezien_markeren(*, vraag, gebruiker, nu=None):
    """Record that the provider organisation(s) of `gebruiker` opened this request (first time only).

    One Gezien per organisation, with the best-ranked chosen location of that organisation the
    user works for (none for a request that reached them otherwise, e.g. a shared urgent one).
    Side effects: Gezien rows; Logregel `opvangvraag.gezien` per new row. Returns the new rows.
    """
    from .queries import locaties_voor_aanbieder

    nu = nu or timezone.now()
    eigen = locaties_voor_aanbieder(gebruiker).values("pk")
    per_organisator = {}
    for voorkeur in Voorkeur.objects.filter(vraag=vraag, locatie__in=eigen).select_related("locatie").order_by("rang"):
        per_organisator.setdefault(voorkeur.locatie.organisator_id, voorkeur.locatie)
    if not per_organisator:
        for organisator_id in AanbiederToegang.objects.filter(gebruiker=gebruiker).values_list(
            "organisator_id", flat=True
        ):
            per_organisator.setdefault(organisator_id, None)
    al_gezien = set(
        Gezien.objects.filter(vraag=vraag, organisator__in=per_organisator).values_list("organisator_id", flat=True)
    )
    nieuw = []
    for organisator_id, locatie in per_organisator.items():
        if organisator_id in al_gezien:
            continue
        try:
            with transaction.atomic():
                gezien = Gezien.objects.create(
                    vraag=vraag, organisator_id=organisator_id, locatie=locatie, gebruiker=gebruiker, gezien_op=nu
                )
                logregel_schrijven(
                    door=gebruiker,
                    actie="opvangvraag.gezien",
                    object=vraag,
                    loket=vraag.loket,
                    details={"organisator": organisator_id, "locatie": locatie.pk if locatie else None},
                )
        except IntegrityError:
            continue  # a colleague opened it at the same moment: the first view stays the one recorded
        nieuw.append(gezien)
    return nieuw


def opvangvraag_registreren_door_aanbieder(
    *,
    locatie,
    loket,
    door,
    ouder,
    gezin,
    kind,
    gewenste_startdatum,
    weekschema,
    toestemming_wijze,
    nu=None,
    **kenmerken,
):
    """A provider registers a request that reached it directly, in the family's one central request.

    `ouder`, `gezin` and `kind` are dicts of model fields for the new family; `kenmerken` are
    the request's other fields (atypical moments, urgency, priority facts). The request gets
    channel `aanbieder`, the family's consent (now, `toestemming_wijze`) and `locatie` as first
    preference. When the child already has an open request at the desk (opvangvraag_indienen's
    duplicate check), nothing new is created and that request is not changed: the desk gets a
    referral about it (reason `al_aanvraag`) carrying what the provider typed (start date, days,
    atypical moments, urgency, the location), and decides with the family what changes.
    Returns (vraag or doorverwijzing, uitkomst) with uitkomst "nieuw" or "doorverwezen"; the
    provider's page must answer both the same way (whether a request existed is not theirs to
    learn). Side effects: those of opvangvraag_indienen or doorverwijzing_maken.
    """
    if not (toestemming_wijze or "").strip():
        raise AanbodFout(_("Noteer hoe het gezin toestemming gaf."))
    if not loket.werkingsgebied.filter(pk=locatie.gemeente_id).exists():
        raise AanbodFout(_("Deze locatie ligt niet in het werkingsgebied van dit loket."))
    nu = nu or timezone.now()
    try:
        with transaction.atomic():
            nieuw_gezin = Gezin.objects.create(loket=loket, **gezin)
            Ouder.objects.create(gezin=nieuw_gezin, **ouder)
            nieuw_kind = Kind.objects.create(gezin=nieuw_gezin, **kind)
            vraag = opvangvraag_indienen(
                loket=loket,
                kind=nieuw_kind,
                kanaal=Kanaal.AANBIEDER,
                door=door,
                gewenste_startdatum=gewenste_startdatum,
                weekschema=weekschema,
                voorkeuren=[locatie],
                ingediend_op=nu,
                toestemming_op=nu,
                toestemming_wijze=toestemming_wijze.strip(),
                **kenmerken,
            )
        return vraag, "nieuw"
    except AanmeldingFout as fout:
        bestaande = fout.bestaande_vraag
        if bestaande is None:
            raise AanbodFout(str(fout)) from None
    toelichting = aanmelding_samenvatten(
        gewenste_startdatum=gewenste_startdatum, weekschema=weekschema, voorkeuren=[locatie], **kenmerken
    )
    doorverwijzing = doorverwijzing_maken(
        door=door,
        locatie=locatie,
        vraag=bestaande,
        reden=DoorverwijsReden.AL_AANVRAAG,
        toelichting=toelichting,
        gewenste_startdatum=gewenste_startdatum,
        nu=nu,
        dubbel_toegestaan=True,
    )
    return doorverwijzing, "doorverwezen"


def aanmelding_samenvatten(*, gewenste_startdatum, weekschema, voorkeuren=(), opmerking="", **kenmerken):
    """What a provider or referrer asked for, as lines of text for the desk on a referral.

    Used when the child already has a request: the desk compares this with the request. Keys of
    `kenmerken` that are not shown (priority facts, consent) are ignored.
    """
    regels = [
        _("Gevraagde startdatum: %(datum)s") % {"datum": gewenste_startdatum.strftime("%d/%m/%Y")},
        _("Gevraagde dagen: %(dagen)s") % {"dagen": weekschema_tekst(weekschema)},
    ]
    atypisch = [_(label) for veld, label in ATYPISCH_LABELS.items() if kenmerken.get(veld)]
    if atypisch:
        regels.append(_("Ook: %(momenten)s") % {"momenten": ", ".join(atypisch)})
    if kenmerken.get("dringend"):
        reden = kenmerken.get("dringend_reden")
        regels.append(_("Dringend: %(reden)s") % {"reden": DringendReden(reden).label if reden else "–"})
    if voorkeuren:
        namen = ", ".join(locatie.naam for locatie in voorkeuren)
        regels.append(_("Gekozen locaties: %(locaties)s") % {"locaties": namen})
    if (opmerking or "").strip():
        regels.append(_("Opmerking: %(opmerking)s") % {"opmerking": opmerking.strip()})
    return "\n".join(str(regel) for regel in regels)


def doorverwijzing_door_toeleider_maken(*, door, vraag, toelichting, gewenste_startdatum=None, nu=None):
    """A referrer filed a child that already has an open request: the desk gets a referral about it.

    Nothing of the existing request changes and nothing of it is returned to show: the referral
    (reason `al_aanvraag`, no organisation, `door` the referrer) carries the referrer's note and
    what they asked for in `toelichting`. Side effects: Doorverwijzing; Logregel
    `doorverwijzing.gemaakt`; a mail without personal data to the desk's address after commit.
    """
    nu = nu or timezone.now()
    with transaction.atomic():
        doorverwijzing = Doorverwijzing.objects.create(
            loket=vraag.loket,
            vraag=vraag,
            door=door,
            reden=DoorverwijsReden.AL_AANVRAAG,
            toelichting=(toelichting or "").strip(),
            gewenste_startdatum=gewenste_startdatum,
        )
        logregel_schrijven(
            door=door,
            actie="doorverwijzing.gemaakt",
            object=doorverwijzing,
            loket=vraag.loket,
            details={"vraag": vraag.pk, "reden": DoorverwijsReden.AL_AANVRAAG, "toeleider": True},
        )
    mail_na_commit(aan=[vraag.loket.email], sjabloon="doorverwijzing_nieuw", context={"doorverwijzing": doorverwijzing})
    return doorverwijzing


def doorverwijzing_maken(
    *,
    door,
    locatie,
    reden,
    toelichting="",
    vraag=None,
    loket=None,
    naam="",
    telefoon="",
    email="",
    gemeente=None,
    kind_geboortedatum=None,
    gewenste_startdatum=None,
    toestemming=False,
    nu=None,
    dubbel_toegestaan=False,
):
    """Refer a family the provider cannot help to the desk, in one action.

    About a request (`vraag`: the desk already has the family's details, none are copied), or a
    family without one: then `loket`, a name, a phone number or e-mail address and the family's
    consent to pass them on are required. Refused when this organisation already has an open
    referral for the request (unless `dubbel_toegestaan`: a walk-in for a child that has a request
    is referred again with what was typed). Side effects: Doorverwijzing; Logregel `doorverwijzing.gemaakt`;
    a mail to the desk's address (no personal data in it) after commit.
    """
    if reden not in DoorverwijsReden.values:
        raise AanbodFout(_("Kies waarom je het gezin doorverwijst."))
    nu = nu or timezone.now()
    if vraag is not None:
        loket = vraag.loket
        naam = telefoon = email = ""
        gemeente = kind_geboortedatum = None
        if (
            not dubbel_toegestaan
            and Doorverwijzing.objects.filter(
                vraag=vraag, organisator=locatie.organisator_id, afgehandeld_op__isnull=True
            ).exists()
        ):
            raise AanbodFout(_("Deze aanvraag werd al doorverwezen naar het loket."))
    else:
        if loket is None:
            raise AanbodFout(_("Er is geen loket voor deze locatie."))
        if not naam.strip():
            raise AanbodFout(_("Geef de naam van de ouder."))
        if not (telefoon.strip() or email.strip()):
            raise AanbodFout(_("Geef een telefoonnummer of e-mailadres, zodat het loket het gezin kan bereiken."))
        if not toestemming:
            raise AanbodFout(_("Het gezin moet toestemming geven om zijn gegevens aan het loket door te geven."))
    with transaction.atomic():
        doorverwijzing = Doorverwijzing.objects.create(
            loket=loket,
            vraag=vraag,
            organisator=locatie.organisator,
            locatie=locatie,
            door=door,
            reden=reden,
            toelichting=toelichting.strip(),
            naam=naam.strip(),
            telefoon=telefoon.strip(),
            email=email.strip(),
            gemeente=gemeente,
            kind_geboortedatum=kind_geboortedatum,
            gewenste_startdatum=gewenste_startdatum,
            toestemming_op=nu if vraag is None else None,
        )
        logregel_schrijven(
            door=door,
            actie="doorverwijzing.gemaakt",
            object=doorverwijzing,
            loket=loket,
            details={"vraag": vraag.pk if vraag else None, "locatie": locatie.pk, "reden": reden},
        )
    mail_na_commit(aan=[loket.email], sjabloon="doorverwijzing_nieuw", context={"doorverwijzing": doorverwijzing})
    return doorverwijzing


def doorverwijzing_afhandelen(*, doorverwijzing, door, nu=None):
    """Desk staff mark a referral as dealt with. Side effects: `afgehandeld_op/door`; Logregel."""
    nu = nu or timezone.now()
    with transaction.atomic():
        doorverwijzing = Doorverwijzing.objects.select_for_update().select_related("loket").get(pk=doorverwijzing.pk)
        if doorverwijzing.afgehandeld_op is not None:
            raise AanbodFout(_("Deze doorverwijzing werd al afgehandeld."))
        doorverwijzing.afgehandeld_op, doorverwijzing.afgehandeld_door = nu, door
        doorverwijzing.save(update_fields=["afgehandeld_op", "afgehandeld_door", "gewijzigd_op"])
        logregel_schrijven(
            door=door, actie="doorverwijzing.afgehandeld", object=doorverwijzing, loket=doorverwijzing.loket
        )
    return doorverwijzing


def doorverwijzingen_anonimiseren(*, nu=None):
    """Wipe the family's details of referrals older than their desk's retention period.

    A referral counts from when it was handled (or made, when it never was). After the desk's
    `bewaartermijn_jaren` the name, phone, e-mail, municipality, dates and the provider's
    free-text explanation are emptied; the coded reason, the location, who referred and when
    stay. Meant for `manage.py verwerk_termijnen`; a second run does nothing. Side effects: those
    fields and `geanonimiseerd_op`; one Logregel `doorverwijzing.geanonimiseerd` per referral,
    without details. Returns the number wiped.
    """
    nu = nu or timezone.now()
    aantal = 0
    for loket in Loket.objects.filter(doorverwijzingen__geanonimiseerd_op__isnull=True).distinct():
        grens = jaren_later(nu, -loket.bewaartermijn_jaren)
        oud = Q(afgehandeld_op__lt=grens) | Q(afgehandeld_op__isnull=True, aangemaakt_op__lt=grens)
        for doorverwijzing in Doorverwijzing.objects.filter(oud, loket=loket, geanonimiseerd_op__isnull=True):
            with transaction.atomic():
                gewist = Doorverwijzing.objects.filter(pk=doorverwijzing.pk, geanonimiseerd_op__isnull=True).update(
                    naam="",
                    telefoon="",
                    email="",
                    gemeente=None,
                    kind_geboortedatum=None,
                    gewenste_startdatum=None,
                    toelichting="",
                    geanonimiseerd_op=nu,
                    gewijzigd_op=nu,
                )
                if gewist:
                    logregel_schrijven(
                        door=None, actie="doorverwijzing.geanonimiseerd", object=doorverwijzing, loket=loket
                    )
                    aantal += 1
    return aantal
