"""Free places (VrijePlaats): declared, changed, removed, confirmed, taken by an accepted offer and given
back, and the stale-places reminder.

Each change writes one Logregel (except taking and giving back a place: the offer's change is logged). The life
cycle of an offer is aanmelding's (aanmelding/levenscyclus.py); it takes a free place through plaats_innemen, never
the other way round.
"""

import datetime
import re

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.logboek import logregel_schrijven
from loket.mail import mail_na_commit
from loket.models import Loket

from .models import AanbiederToegang, AanbodFout, Leeftijdsgroep, Locatie, VrijePlaats


def vrije_plaats_declareren(
    *, locatie, door, vanaf, aantal, weekschema="DDDDD--", leeftijdsgroep="alle", nu=None
) -> VrijePlaats:
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


def vrije_plaats_wijzigen(*, plaats, door, vanaf, aantal, weekschema, leeftijdsgroep, nu=None) -> VrijePlaats:
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


def vrije_plaats_verwijderen(*, plaats, door, nu=None) -> Locatie:
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


def vrije_plaatsen_bevestigen(*, locatie, door, nu=None) -> int:
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


def plaats_innemen(*, plaats_id: int) -> bool:
    """Take one place of a free-place declaration for an accepted offer, under the declaration's row lock.

    Returns False, changing nothing, when the declaration has no place left (the provider lowered
    the number, or another offer on it was accepted first); True when a place was taken, or when
    the declaration was removed meanwhile (nothing left to count against). Called by
    aanmelding's offer acceptance after it locked the request and the offer (lock order: request,
    offer, free place). Side effects: `aantal` one lower. No Logregel: the offer's acceptance is it.
    """
    plaats = VrijePlaats.objects.select_for_update().filter(pk=plaats_id).first()
    if plaats is None:
        return True
    if plaats.aantal < 1:
        return False
    plaats.aantal -= 1
    plaats.save(update_fields=["aantal", "gewijzigd_op"])
    return True


def plaats_teruggeven(*, plaats_id: int) -> None:
    """Give back the place an accepted offer took, when its assignment is cancelled (row lock held).

    Side effects: `aantal` one higher (nothing when the declaration was removed). No Logregel: the
    cancellation is it.
    """
    plaats = VrijePlaats.objects.select_for_update().filter(pk=plaats_id).first()
    if plaats is not None:
        plaats.aantal += 1
        plaats.save(update_fields=["aantal", "gewijzigd_op"])


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


def verouderde_vrije_plaatsen_herinneren(*, nu=None) -> int:
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
