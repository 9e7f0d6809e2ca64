"""Scoping helpers of the desk: which desks a user works for. Every staff view goes through these."""

import re

from django.http import Http404

from .models import Loket, Rol

CODE = re.compile(r"[-a-zA-Z0-9_]+")


def is_loketcode(waarde):
    """Whether `waarde` can be a desk's code (a slug). Codes from a URL are checked before a query:
    PostgreSQL refuses text with a NUL character with an error instead of finding nothing."""
    return bool(waarde) and CODE.fullmatch(waarde) is not None


def loketten_voor(gebruiker):
    """The desks whose data this user may see as staff: all for a platform administrator."""
    if not gebruiker.is_authenticated:
        return Loket.objects.none()
    if gebruiker.is_beheerder:
        return Loket.objects.all()
    if gebruiker.rol in (Rol.LOKETMEDEWERKER, Rol.COORDINATOR, Rol.TOELEIDER):
        return gebruiker.loketten.all()
    return Loket.objects.none()


def loket_voor_medewerker(gebruiker, code=None):
    """The desk a staff member is working in: the one with `code`, or their first desk. 404 otherwise."""
    return loket_en_loketten_voor_medewerker(gebruiker, code)[0]


def loket_en_loketten_voor_medewerker(gebruiker, code=None):
    """The desk a staff member is working in (as loket_voor_medewerker) and all their desks, ordered
    by name for the desk chooser, in one query: a page that shows the chooser reads its desks once.
    """
    if code and not is_loketcode(code):
        raise Http404
    loketten = (
        list(loketten_voor(gebruiker).order_by("naam")) if gebruiker.is_loketpersoneel or gebruiker.is_beheerder else []
    )
    loket = next((loket for loket in loketten if loket.code == code), None) if code else next(iter(loketten), None)
    if loket is None:
        raise Http404
    return loket, loketten


def publiek_loket():
    """The desk shown on public pages. One installation can host many desks; the first is the default."""
    return Loket.objects.order_by("id").first()


def loketten_voor_beleid(gebruiker):
    """The desks whose policy figures (no personal data) this user may see: a coordinator's or a
    policy officer's (`beleid`) own desks, all for a platform administrator."""
    if not gebruiker.is_authenticated:
        return Loket.objects.none()
    if gebruiker.is_beheerder:
        return Loket.objects.all()
    if gebruiker.rol in (Rol.COORDINATOR, Rol.BELEID):
        return gebruiker.loketten.all()
    return Loket.objects.none()


def loket_voor_beleid(gebruiker, code=None):
    """The desk of a policy page: the one with `code`, or the user's first. 404 for any other desk."""
    if code and not is_loketcode(code):
        raise Http404
    loketten = loketten_voor_beleid(gebruiker)
    loket = loketten.filter(code=code).first() if code else loketten.order_by("naam").first()
    if loket is None:
        raise Http404
    return loket
