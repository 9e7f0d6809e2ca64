"""Writes of the aanbod app: free places and the life cycle of an offer (Opvangvoorstel).

Every transition runs in one transaction, locks the rows it counts against
(`select_for_update` on the request, the offer and the free place), checks the allowed source
states, saves with `update_fields`, writes one Logregel and sends its mail after commit. The
database backs the invariants up: at most one open and one accepted offer per request.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from aanmelding.models import IntrekReden, Opvangvraag, VraagStatus, dagen_per_week
from aanmelding.services import gezin_mailen
from loket.logboek import logregel_schrijven
from loket.mail import mail_na_commit

from .models import Antwoord, Opvangvoorstel, VoorstelStatus, VrijePlaats, WeigerReden


class AanbodFout(Exception):
    """A change that breaks a rule of the life cycle; the message is meant for the user."""


def _vraag_vergrendelen(vraag):
    return Opvangvraag.objects.select_for_update().select_related("loket").get(pk=vraag.pk)


def _voorstel_vergrendelen(voorstel):
    try:
        return Opvangvoorstel.objects.select_for_update().get(pk=voorstel.pk)
    except Opvangvoorstel.DoesNotExist:
        raise AanbodFout("Dit voorstel bestaat niet meer.") from None


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
    past. Side effects: Opvangvoorstel `open`; request -> `voorstel`; Logregel
    `opvangvoorstel.gedaan`; mail to the family (and referrer) after commit.
    """
    nu = nu or timezone.now()
    vandaag = timezone.localdate(nu)
    if startdatum < vandaag:
        raise AanbodFout("De startdatum ligt in het verleden.")
    if weekschema.count("-") == 7:
        raise AanbodFout("Kies minstens één dag in het weekschema.")
    try:
        with transaction.atomic():
            vraag = _vraag_vergrendelen(vraag)
            if vraag.status not in (VraagStatus.INGEDIEND, VraagStatus.IN_BEHANDELING):
                if vraag.status == VraagStatus.VOORSTEL:
                    open_voorstel = vraag.voorstellen.filter(status=VoorstelStatus.OPEN).first()
                    raise AanbodFout(
                        f"Er loopt al een voorstel voor deze aanvraag, tot {open_voorstel.antwoord_tegen:%d/%m/%Y}."
                        if open_voorstel
                        else "Er loopt al een voorstel voor deze aanvraag."
                    )
                raise AanbodFout("Deze aanvraag is afgesloten: er kan geen voorstel meer bij.")
            if antwoord_tegen is None:
                antwoord_tegen = vandaag + datetime.timedelta(days=vraag.loket.antwoordtermijn_dagen)
            if antwoord_tegen < vandaag:
                raise AanbodFout("De antwoordtermijn ligt in het verleden.")
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
        raise AanbodFout("Er loopt al een voorstel voor deze aanvraag.") from None
    _mail_gezin(voorstel, "voorstel_gedaan")
    return voorstel


def voorstel_aanvaarden(*, voorstel, door, nu=None):
    """The family accepts: the place is assigned, in one transaction.

    Refused when the offer is no longer open or its deadline passed. Side effects: offer
    `aanvaard` with the answer and its moment; request -> `toegewezen`; the linked free place
    decremented (never below 0); Logregel `opvangvoorstel.aanvaard`; mail to the family, the
    provider and the referrer after commit.
    """
    nu = nu or timezone.now()
    try:
        with transaction.atomic():
            vraag = _vraag_vergrendelen(voorstel.vraag)
            voorstel = _voorstel_vergrendelen(voorstel)
            _controleer_open_en_tijdig(voorstel, nu)
            voorstel.status = VoorstelStatus.AANVAARD
            voorstel.antwoord = Antwoord.AANVAARD
            voorstel.beantwoord_op = nu
            voorstel.save(update_fields=["status", "antwoord", "beantwoord_op", "gewijzigd_op"])
            vraag.status = VraagStatus.TOEGEWEZEN
            vraag.save(update_fields=["status", "gewijzigd_op"])
            if voorstel.vrije_plaats_id:
                plaats = VrijePlaats.objects.select_for_update().get(pk=voorstel.vrije_plaats_id)
                if plaats.aantal > 0:
                    plaats.aantal -= 1
                    plaats.save(update_fields=["aantal", "gewijzigd_op"])
            logregel_schrijven(door=door, actie="opvangvoorstel.aanvaard", object=voorstel, loket=vraag.loket)
    except IntegrityError:
        raise AanbodFout("Voor deze aanvraag werd al een voorstel aanvaard.") from None
    _mail_gezin(voorstel, "voorstel_aanvaard")
    mail_na_commit(aan=[voorstel.locatie.email], sjabloon="voorstel_aanvaard_aanbieder", context={"voorstel": voorstel})
    return voorstel


def voorstel_weigeren(*, voorstel, door, reden, opmerking="", nu=None):
    """The family refuses, with a coded reason. The request goes back to `in_behandeling`.

    Side effects: offer `geweigerd` with the answer and its moment; Logregel
    `opvangvoorstel.geweigerd`; mail to the provider after commit.
    """
    if reden not in WeigerReden.values:
        raise AanbodFout("Kies een reden waarom je het voorstel weigert.")
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
    mail to the family and provider after commit.
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
        logregel_schrijven(door=None, actie="opvangvoorstel.verlopen", object=voorstel, loket=vraag.loket)
    _mail_gezin(voorstel, "voorstel_verlopen")
    return True


def voorstel_intrekken(*, voorstel, door, reden, nu=None):
    """The provider withdraws an open offer, with a reason; the request goes back to `in_behandeling`.

    Side effects: offer `ingetrokken`; Logregel `opvangvoorstel.ingetrokken`; mail to the family.
    """
    if not reden.strip():
        raise AanbodFout("Geef een reden om het voorstel in te trekken.")
    nu = nu or timezone.now()
    with transaction.atomic():
        vraag = _vraag_vergrendelen(voorstel.vraag)
        voorstel = _voorstel_vergrendelen(voorstel)
        if voorstel.status != VoorstelStatus.OPEN:
            raise AanbodFout("Dit voorstel is niet meer open.")
        voorstel.status = VoorstelStatus.INGETROKKEN
        voorstel.afgesloten_op = nu
        voorstel.afsluit_reden = reden.strip()
        voorstel.save(update_fields=["status", "afgesloten_op", "afsluit_reden", "gewijzigd_op"])
        vraag.status = VraagStatus.IN_BEHANDELING
        vraag.save(update_fields=["status", "gewijzigd_op"])
        logregel_schrijven(
            door=door, actie="opvangvoorstel.ingetrokken", object=voorstel, loket=vraag.loket, details={"reden": reden}
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
        raise AanbodFout("Geef een reden voor de annulering.")
    if vraag_intrekken_reden is not None and vraag_intrekken_reden not in IntrekReden.values:
        raise AanbodFout("Kies een geldige reden om de aanvraag in te trekken.")
    nu = nu or timezone.now()
    with transaction.atomic():
        vraag = _vraag_vergrendelen(voorstel.vraag)
        voorstel = _voorstel_vergrendelen(voorstel)
        if voorstel.status != VoorstelStatus.AANVAARD:
            raise AanbodFout("Alleen een aanvaard voorstel kan geannuleerd worden.")
        voorstel.status = VoorstelStatus.GEANNULEERD
        voorstel.afgesloten_op = nu
        voorstel.afsluit_reden = reden.strip()
        voorstel.save(update_fields=["status", "afgesloten_op", "afsluit_reden", "gewijzigd_op"])
        if voorstel.vrije_plaats_id:
            plaats = VrijePlaats.objects.select_for_update().get(pk=voorstel.vrije_plaats_id)
            plaats.aantal += 1
            plaats.save(update_fields=["aantal", "gewijzigd_op"])
        logregel_schrijven(
            door=door, actie="opvangvoorstel.geannuleerd", object=voorstel, loket=vraag.loket, details={"reden": reden}
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
        vraag.save(update_fields=velden)
    return voorstel


def _controleer_open_en_tijdig(voorstel, nu):
    if voorstel.status != VoorstelStatus.OPEN:
        raise AanbodFout("Dit voorstel is niet meer open: het werd al beantwoord, ingetrokken of is verlopen.")
    if voorstel.antwoord_tegen < timezone.localdate(nu):
        raise AanbodFout(f"De antwoordtermijn liep af op {voorstel.antwoord_tegen:%d/%m/%Y}.")


def vrije_plaats_declareren(*, locatie, door, vanaf, aantal, weekschema="DDDDD--", leeftijdsgroep="alle", nu=None):
    """Declare free places at a location from a date on.

    Refused for a negative or absurd number, or a date more than a week in the past. Side
    effects: VrijePlaats confirmed now by `door`; Logregel `vrije_plaats.gedeclareerd`.
    """
    nu = nu or timezone.now()
    _controleer_vrije_plaats(vanaf=vanaf, aantal=aantal, weekschema=weekschema, nu=nu)
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
        logregel_schrijven(
            door=door,
            actie="vrije_plaats.gedeclareerd",
            object=plaats,
            details={"locatie": locatie.pk, "aantal": aantal, "vanaf": vanaf},
        )
    return plaats


def vrije_plaats_wijzigen(*, plaats, door, vanaf, aantal, weekschema, leeftijdsgroep, nu=None):
    """Change a declaration; it counts as confirmed now. Side effects: Logregel `vrije_plaats.gewijzigd`."""
    nu = nu or timezone.now()
    _controleer_vrije_plaats(vanaf=vanaf, aantal=aantal, weekschema=weekschema, nu=nu)
    with transaction.atomic():
        plaats = VrijePlaats.objects.select_for_update().get(pk=plaats.pk)
        oud = {"vanaf": plaats.vanaf, "aantal": plaats.aantal, "weekschema": plaats.weekschema}
        plaats.vanaf, plaats.aantal, plaats.weekschema, plaats.leeftijdsgroep = (
            vanaf,
            aantal,
            weekschema,
            leeftijdsgroep,
        )
        plaats.bevestigd_op, plaats.bevestigd_door = nu, door
        plaats.save()
        logregel_schrijven(
            door=door,
            actie="vrije_plaats.gewijzigd",
            object=plaats,
            details={"oud": oud, "nieuw": {"vanaf": vanaf, "aantal": aantal, "weekschema": weekschema}},
        )
    return plaats


def vrije_plaatsen_bevestigen(*, locatie, door, nu=None):
    """ "Nothing changed": confirm every declaration of a location in one action.

    Side effects: `bevestigd_op`/`bevestigd_door` of each declaration; Logregel
    `vrije_plaats.bevestigd` on the location. Returns the number confirmed.
    """
    nu = nu or timezone.now()
    with transaction.atomic():
        aantal = VrijePlaats.objects.filter(locatie=locatie).update(
            bevestigd_op=nu, bevestigd_door=door, gewijzigd_op=nu
        )
        logregel_schrijven(door=door, actie="vrije_plaats.bevestigd", object=locatie, details={"aantal": aantal})
    return aantal


def _controleer_vrije_plaats(*, vanaf, aantal, weekschema, nu):
    if aantal is None or aantal < 0:
        raise AanbodFout("Het aantal plaatsen kan niet negatief zijn.")
    if aantal > 200:
        raise AanbodFout("Meer dan 200 vrije plaatsen op één locatie is niet mogelijk.")
    if vanaf < timezone.localdate(nu) - datetime.timedelta(days=7):
        raise AanbodFout("De datum 'vanaf' ligt meer dan een week in het verleden.")
    if weekschema.count("-") == 7:
        raise AanbodFout("Kies minstens één dag.")


def _mail_gezin(voorstel, sjabloon):
    gezin_mailen(voorstel.vraag, sjabloon, voorstel=voorstel)
