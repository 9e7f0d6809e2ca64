"""Reads of the aanbod app: who may manage which provider data, and how fresh free places are.

Scoping rules live here once: `locaties_voor_aanbieder` (a provider user); `organisatoren_voor_coordinator`,
`locaties_voor_coordinator` and `toegangen_voor_coordinator` (a desk's coordinator).
Supply only: requests, offers and referrals are scoped in aanmelding.queries.
"""

import datetime

from django.db.models import Exists, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from loket.models import Loket, Rol
from loket.queries import loketten_voor

from .models import AanbiederToegang, Locatie, Organisator, VrijePlaats

# The desk model's default, used for a location that lies in no desk's area.
STANDAARD_GELDIG_DAGEN = Loket._meta.get_field("vrije_plaatsen_geldig_dagen").default


def locaties_voor_aanbieder(gebruiker):
    """The locations this provider user manages: all of their organisation, or their one location."""
    if not gebruiker.is_authenticated or not gebruiker.is_active or gebruiker.rol != Rol.AANBIEDER:
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


def vrije_plaats_voor_aanbieder(gebruiker, pk):
    """A free-place declaration of one of this provider's locations, or 404."""
    plaats = (
        VrijePlaats.objects.filter(pk=pk, locatie__in=locaties_voor_aanbieder(gebruiker).values("pk"))
        .select_related("locatie")
        .first()
    )
    if plaats is None:
        raise Http404
    return plaats


def locaties_van_loket(loket):
    """The active locations in a desk's area (a desk works with every location of its municipalities)."""
    return Locatie.objects.filter(gemeente__loketten=loket, actief=True)


def publieke_locaties():
    """Locations the public may see: active, and not an unchecked name left by a request import."""
    return Locatie.objects.filter(actief=True, na_te_kijken=False)


def loketten_voor_locatie(locatie):
    """The desks whose area contains this location, oldest first."""
    return Loket.objects.filter(werkingsgebied=locatie.gemeente_id).order_by("id")


def geldig_dagen_expressie(gemeente="gemeente"):
    """SQL for a location's staleness period: the shortest of the desks whose area holds it.

    A location in two desks' areas is stale as soon as one of them would call it stale, so a
    provider never sees "fresh" on one desk and "stale" on the other. `gemeente` is the path to
    the location's municipality from the queried model ("locatie__gemeente" for VrijePlaats).
    """
    kortste = (
        Loket.objects.filter(werkingsgebied=OuterRef(gemeente))
        .order_by("vrije_plaatsen_geldig_dagen")
        .values("vrije_plaatsen_geldig_dagen")[:1]
    )
    return Coalesce(Subquery(kortste), Value(STANDAARD_GELDIG_DAGEN), output_field=IntegerField())


def open_plaatsen_prefetch():
    """Prefetch a location's declarations, full ones too (they tell when it was last confirmed).

    `versheid_toevoegen` then sets `open_plaatsen`: those that still offer places.
    """
    return Prefetch("vrije_plaatsen", queryset=VrijePlaats.objects.order_by("vanaf", "id"), to_attr="alle_plaatsen")


def is_verouderd(bevestigd_op, *, geldig_dagen, nu):
    """Stale when never confirmed, or confirmed longer than `geldig_dagen` days before `nu`."""
    return bevestigd_op is None or nu - bevestigd_op > datetime.timedelta(days=geldig_dagen)


def versheid_toevoegen(locaties, *, nu=None, geldig_dagen=None):
    """Set `open_plaatsen`, `bevestigd_op`, `verouderd` on each location and `verouderd` on each open place.

    A location with declarations that offer places is as fresh as its oldest one. Without (none
    declared, or all taken), the last time its free places were looked at counts: its own
    `vrije_plaatsen_bevestigd_op` or the latest confirmation of a full declaration, whichever is
    later — an assignment that takes the last place does not make the location "never confirmed".
    `geldig_dagen` is the desk's period; when None, each location's annotated `geldig_dagen` (see
    `geldig_dagen_expressie`) is used. Needs `open_plaatsen_prefetch()`. Returns the locations as
    a list; runs no query of its own.
    """
    nu = nu or timezone.now()
    locaties = list(locaties)
    for locatie in locaties:
        dagen = geldig_dagen if geldig_dagen is not None else getattr(locatie, "geldig_dagen", STANDAARD_GELDIG_DAGEN)
        locatie.geldig_dagen = dagen
        locatie.open_plaatsen = [plaats for plaats in locatie.alle_plaatsen if plaats.aantal > 0]
        for plaats in locatie.open_plaatsen:
            plaats.verouderd = is_verouderd(plaats.bevestigd_op, geldig_dagen=dagen, nu=nu)
        if locatie.open_plaatsen:
            locatie.bevestigd_op = min(plaats.bevestigd_op for plaats in locatie.open_plaatsen)
        else:
            momenten = [plaats.bevestigd_op for plaats in locatie.alle_plaatsen]
            if locatie.vrije_plaatsen_bevestigd_op is not None:
                momenten.append(locatie.vrije_plaatsen_bevestigd_op)
            locatie.bevestigd_op = max(momenten, default=None)
        locatie.verouderd = is_verouderd(locatie.bevestigd_op, geldig_dagen=dagen, nu=nu)
    return locaties


def _is_coordinator(gebruiker):
    return gebruiker.is_authenticated and (gebruiker.rol == Rol.COORDINATOR or gebruiker.is_beheerder)


def gebied_voor_coordinator(gebruiker):
    """The pks of the municipalities in the area of a coordinator's desks (a values() queryset)."""
    return Loket.werkingsgebied.through.objects.filter(loket__in=loketten_voor(gebruiker)).values("gemeente")


def organisatoren_voor_coordinator(gebruiker):
    """Provider organisations a coordinator manages: a location in their desks' area, or added by their desk.

    Each is annotated `geheel_in_gebied`: no location outside the area. Only then may the desk act on
    the organisation as a whole (its details, an organisation-wide access); an organisation that also
    works in another desk's area is reached only through the locations in the desk's own area.
    """
    if not _is_coordinator(gebruiker):
        return Organisator.objects.none()
    if gebruiker.is_beheerder:
        return Organisator.objects.annotate(geheel_in_gebied=Value(True))
    loketten = loketten_voor(gebruiker)
    gebied = gebied_voor_coordinator(gebruiker)
    in_gebied = Locatie.objects.filter(organisator=OuterRef("pk"), gemeente__in=gebied)
    buiten_gebied = Locatie.objects.filter(organisator=OuterRef("pk")).exclude(gemeente__in=gebied)
    return Organisator.objects.filter(Q(Exists(in_gebied)) | Q(loket__in=loketten)).annotate(
        geheel_in_gebied=~Exists(buiten_gebied)
    )


def organisator_voor_coordinator(gebruiker, pk):
    organisator = organisatoren_voor_coordinator(gebruiker).filter(pk=pk).first()
    if organisator is None:
        raise Http404
    return organisator


def locaties_voor_coordinator(gebruiker):
    """The locations in the area of a coordinator's desks (all for a platform administrator)."""
    if not _is_coordinator(gebruiker):
        return Locatie.objects.none()
    if gebruiker.is_beheerder:
        return Locatie.objects.all()
    return Locatie.objects.filter(gemeente__in=gebied_voor_coordinator(gebruiker))


def locatie_voor_coordinator(gebruiker, pk):
    locatie = locaties_voor_coordinator(gebruiker).filter(pk=pk).first()
    if locatie is None:
        raise Http404
    return locatie


def toegangen_voor_coordinator(gebruiker):
    """The provider accesses a coordinator sees: to a location in their area, or organisation-wide
    to an organisation they manage (that user reaches the desk's locations too). Never an access to
    another desk's location."""
    if not _is_coordinator(gebruiker):
        return AanbiederToegang.objects.none()
    if gebruiker.is_beheerder:
        return AanbiederToegang.objects.all()
    return AanbiederToegang.objects.filter(
        Q(locatie__gemeente__in=gebied_voor_coordinator(gebruiker))
        | Q(locatie__isnull=True, organisator__in=organisatoren_voor_coordinator(gebruiker).values("pk"))
    )


def toegang_voor_coordinator(gebruiker, pk):
    """An access this coordinator may revoke, or 404: to a location in their area, or organisation-wide
    to an organisation with every location in their area (revoking it elsewhere is the other desk's
    or the platform administrator's call)."""
    geheel = organisatoren_voor_coordinator(gebruiker).filter(geheel_in_gebied=True).values("pk")
    toegang = (
        toegangen_voor_coordinator(gebruiker)
        .filter(Q(locatie__isnull=False) | Q(organisator__in=geheel), pk=pk)
        .select_related("gebruiker", "organisator")
        .first()
    )
    if toegang is None:
        raise Http404
    return toegang
