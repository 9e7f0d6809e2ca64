"""The life cycle of an offer (Opvangvoorstel): made, accepted, declined, expired, withdrawn, cancelled.

Every transition runs in one transaction, locks the rows it counts against
(`select_for_update` on the request, the offer and the free place), checks the allowed source
states, saves with `update_fields`, writes one Logregel and sends its mail after commit. The
database backs the invariants up: at most one open and one accepted offer per request.
Accepting an offer takes a free place of the aanbod app (dependencies point down).
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aanbod.models import AanbodFout, VrijePlaats
from aanbod.vrije_plaatsen import plaats_innemen, plaats_teruggeven
from loket.weekschema import dagen_per_week

from . import levenscyclus
from .models import (
    Antwoord,
    IntrekReden,
    Opvangvoorstel,
    Opvangvraag,
    VoorstelStatus,
    VraagStatus,
    WeigerReden,
)
from .queries import vrije_plaatsen_met_ruimte


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
) -> Opvangvoorstel:
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
            levenscyclus.overgaan(vraag, "voorstel_ontvangen", vraag=vraag, door=door)
            levenscyclus.aangemaakt(
                voorstel,
                "doen",
                vraag=vraag,
                door=door,
                details={"vraag": vraag.pk, "locatie": locatie.pk, "startdatum": startdatum},
            )
    except IntegrityError:
        raise AanbodFout(_("Er loopt al een voorstel voor deze aanvraag.")) from None
    return voorstel


def voorstel_aanvaarden(*, voorstel, door, nu=None) -> Opvangvoorstel:
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
            ingenomen = voorstel.vrije_plaats_id is not None and not plaats_innemen(plaats_id=voorstel.vrije_plaats_id)
            if ingenomen:
                # Stored in the desk's language: the desk and the provider read it on the offer.
                voorstel.afsluit_reden = "De vrije plaats was al ingenomen toen het gezin wilde aanvaarden."
                levenscyclus.voorstel_afsluiten(
                    voorstel,
                    "plaats_ingenomen",
                    vraag=vraag,
                    door=door,
                    nu=nu,
                    velden=["afsluit_reden"],
                    details={"vrije_plaats": voorstel.vrije_plaats_id},
                )
            else:
                voorstel.antwoord = Antwoord.AANVAARD
                voorstel.beantwoord_op = nu
                levenscyclus.overgaan(vraag, "toewijzen", vraag=vraag, door=door)
                levenscyclus.overgaan(
                    voorstel, "aanvaarden", vraag=vraag, door=door, velden=["antwoord", "beantwoord_op"], nu=nu
                )
    except IntegrityError:
        raise AanbodFout(_("Voor deze aanvraag werd al een voorstel aanvaard.")) from None
    if ingenomen:
        raise AanbodFout(
            _(
                "Deze plaats is intussen niet meer vrij: ze werd net aan iemand anders gegeven. "
                "Het voorstel vervalt. Je aanvraag blijft lopen en het loket zoekt verder."
            )
        )
    return voorstel


def _controleer_ruimte(vrije_plaats, locatie):
    """Lock the declaration an offer will be linked to and check that it still has room."""

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


def voorstel_weigeren(*, voorstel, door, reden, opmerking="", nu=None) -> Opvangvoorstel:
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
        voorstel.antwoord = Antwoord.GEWEIGERD
        voorstel.beantwoord_op = nu
        voorstel.weigerreden = reden
        voorstel.opmerking = opmerking
        levenscyclus.voorstel_afsluiten(
            voorstel,
            "weigeren",
            vraag=vraag,
            door=door,
            nu=nu,
            velden=["antwoord", "beantwoord_op", "weigerreden", "opmerking"],
            details={"reden": reden},
        )
    return voorstel


def voorstel_laten_verlopen(*, voorstel, nu=None) -> bool:
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
        levenscyclus.voorstel_afsluiten(voorstel, "laten_verlopen", vraag=vraag, door=None, nu=nu)
    return True


def voorstel_intrekken(*, voorstel, door, reden, nu=None) -> Opvangvoorstel:
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
        voorstel.afsluit_reden = reden.strip()
        # The reason is free text that may name the family: the offer keeps it (anonymisation can
        # wipe it there), the append-only log only names the field.
        levenscyclus.voorstel_afsluiten(
            voorstel,
            "intrekken",
            vraag=vraag,
            door=door,
            nu=nu,
            velden=["afsluit_reden"],
            details={"velden": ["afsluit_reden"]},
        )
    return voorstel


def toewijzing_annuleren(*, voorstel, door, reden, vraag_intrekken_reden=None, nu=None) -> Opvangvoorstel:
    """An assignment falls through (the family or the provider calls it off).

    The offer becomes `geannuleerd` and keeps its answer; the free place it took is given back;
    the request goes back to `in_behandeling`, or is withdrawn when `vraag_intrekken_reden` is
    given. Side effects: Logregel `opvangvoorstel.geannuleerd`; waiting providers are told when the
    request is open again; when withdrawn, Logregel `opvangvraag.ingetrokken` and the family's
    withdrawal mail after commit, as opvangvraag_intrekken sends it.
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
        voorstel.afgesloten_op = nu
        voorstel.afsluit_reden = reden.strip()
        levenscyclus.overgaan(
            voorstel,
            "annuleren",
            vraag=vraag,
            door=door,
            velden=["afgesloten_op", "afsluit_reden"],
            details={"velden": ["afsluit_reden"]},
            fout=AanbodFout(_("Alleen een aanvaard voorstel kan geannuleerd worden.")),
        )
        if voorstel.vrije_plaats_id:
            plaats_teruggeven(plaats_id=voorstel.vrije_plaats_id)
        if vraag_intrekken_reden:
            vraag.ingetrokken_op = nu
            vraag.intrek_reden = vraag_intrekken_reden
            levenscyclus.overgaan(
                vraag,
                "intrekken_na_annulering",
                vraag=vraag,
                door=door,
                velden=["ingetrokken_op", "intrek_reden"],
                details={"reden": vraag_intrekken_reden},
            )
        else:
            levenscyclus.overgaan(vraag, "toewijzing_vervallen", vraag=vraag, door=door, nu=nu)
    return voorstel


def _controleer_open_en_tijdig(voorstel, nu):
    if voorstel.status != VoorstelStatus.OPEN:
        raise AanbodFout(_("Dit voorstel is niet meer open: het werd al beantwoord, ingetrokken of is verlopen."))
    if voorstel.antwoord_tegen < timezone.localdate(nu):
        raise AanbodFout(
            _("De antwoordtermijn liep af op %(datum)s.") % {"datum": f"{voorstel.antwoord_tegen:%d/%m/%Y}"}
        )
