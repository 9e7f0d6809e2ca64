"""Provider organisations (Organisator), their locations (Locatie) and provider users (AanbiederToegang).

Each change writes one Logregel. Free places are vrije_plaatsen.py's.
"""

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from loket.logboek import logregel_schrijven
from loket.mail import mail_na_commit
from loket.models import Gebruiker, Rol

from .models import AanbiederToegang, AanbodFout, Locatie, LocatieType, Organisator

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


def locatie_profiel_wijzigen(*, locatie, door, **wijzigingen) -> dict:
    """A provider user changes their location's profile (only LOCATIE_PROFIEL_VELDEN).

    Side effects: saves the changed fields; Logregel `locatie.gewijzigd` with {field: [old, new]},
    only when something changed. Returns the changes.
    """
    onbekend = set(wijzigingen) - set(LOCATIE_PROFIEL_VELDEN)
    if onbekend:
        raise ValueError(f"Niet te wijzigen door een aanbieder: {', '.join(sorted(onbekend))}")
    return _locatie_bijwerken(locatie=locatie, door=door, wijzigingen=wijzigingen)


def locatie_wijzigen(*, locatie, door, actie="locatie.gewijzigd", **wijzigingen) -> dict:
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


def locatie_aanmaken(*, organisator, door, naam, type, gemeente, actie="locatie.aangemaakt", **velden) -> Locatie:
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


def organisator_aanmaken(*, door, naam, loket=None, **velden) -> Organisator:
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


def organisator_wijzigen(*, organisator, door, **wijzigingen) -> dict:
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


def aanbieder_uitnodigen(*, organisator, door, email, voornaam="", achternaam="", locatie=None) -> AanbiederToegang:
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


def aanbieder_toegang_intrekken(*, toegang, door) -> None:
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
