"""Reads of the aanbod app: which locations a provider user may manage."""

from django.db.models import Q
from django.http import Http404

from loket.models import Rol

from .models import Locatie


def locaties_voor_aanbieder(gebruiker):
    """The locations this provider user manages: all of their organisation, or their one location."""
    if not gebruiker.is_authenticated or gebruiker.rol != Rol.AANBIEDER:
        return Locatie.objects.none()
    return Locatie.objects.filter(
        Q(toegangen__gebruiker=gebruiker)
        | Q(organisator__toegangen__gebruiker=gebruiker, organisator__toegangen__locatie__isnull=True)
    ).distinct()


def locatie_voor_aanbieder(gebruiker, pk):
    """One of this provider's locations, or 404: another provider's location is never reachable."""
    locatie = locaties_voor_aanbieder(gebruiker).filter(pk=pk).first()
    if locatie is None:
        raise Http404
    return locatie


def locaties_van_loket(loket):
    """The active locations in a desk's area (a desk works with every location of its municipalities)."""
    return Locatie.objects.filter(gemeente__loketten=loket, actief=True)
