"""Reads of the aanmelding app. `opvangvragen_zichtbaar_voor` is the one scoping rule for requests."""

from django.apps import apps
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from loket.models import Rol
from loket.queries import loketten_voor

from .models import OPEN_STATUSSEN, Opvangvraag


def opvangvragen_zichtbaar_voor(gebruiker):
    """The requests this user may see, per DESIGN.md's role table.

    - beheerder: all; loketmedewerker/coordinator: every request of their desks;
    - toeleider: the requests they filed; ouder: their own family's;
    - aanbieder: requests that chose one of their locations, got an offer from one, or were
      registered by their organisation, plus the open urgent requests of desks that share those.
    The provider clause reaches the aanbod app's tables by relation name only, so this module
    does not import aanbod (dependencies point one way: aanmelding <- aanbod).
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
    Locatie = apps.get_model("aanbod", "Locatie")
    Voorkeur = apps.get_model("aanbod", "Voorkeur")
    Opvangvoorstel = apps.get_model("aanbod", "Opvangvoorstel")
    locaties = Locatie.objects.filter(
        Q(toegangen__gebruiker=gebruiker)
        | Q(organisator__toegangen__gebruiker=gebruiker, organisator__toegangen__locatie__isnull=True)
    ).values("pk")
    gekozen = Voorkeur.objects.filter(vraag=OuterRef("pk"), locatie__in=locaties)
    voorgesteld = Opvangvoorstel.objects.filter(vraag=OuterRef("pk"), locatie__in=locaties)
    in_gebied = Locatie.objects.filter(pk__in=locaties, gemeente__loketten=OuterRef("loket"))
    gedeeld_dringend = Q(dringend=True, status__in=OPEN_STATUSSEN, loket__dringend_delen=True) & Exists(in_gebied)
    return Exists(gekozen) | Exists(voorgesteld) | Q(ingediend_door=gebruiker) | gedeeld_dringend


def opvangvraag_voor_gebruiker(gebruiker, pk):
    """The request with this pk if this user may see it; 404 otherwise (no enumeration)."""
    vraag = opvangvragen_zichtbaar_voor(gebruiker).filter(pk=pk).first()
    if vraag is None:
        raise Http404
    return vraag
