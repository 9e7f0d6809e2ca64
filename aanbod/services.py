"""Writes of the aanbod app (supply): free places, the stale-places reminder, organisations, locations, provider users.

Each writes one Logregel per change. The life cycle of an offer is aanmelding's
(aanmelding/voorstellen.py); it takes a free place through these models, never the other way round.
"""

import datetime
import re

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from loket.logboek import logregel_schrijven
from loket.mail import mail_na_commit
from loket.models import Gebruiker, Loket, Rol

from .models import AanbiederToegang, Leeftijdsgroep, Locatie, LocatieType, Organisator, VrijePlaats


class AanbodFout(Exception):
    """A change that breaks a rule of the life cycle; the message is meant for the user."""


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
