"""View decorators for the roles of DESIGN.md. Object-level scoping lives in each app's queries.py."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from .models import Rol

PERSONEEL = (Rol.LOKETMEDEWERKER, Rol.COORDINATOR)
# Roles that see many families' data log in with a second factor (TOTP).
TWEESTAPS_ROLLEN = (Rol.LOKETMEDEWERKER, Rol.COORDINATOR, Rol.AANBIEDER, Rol.BEHEERDER)


def tweestaps_nodig(gebruiker):
    """Whether this logged-in user still has to pass the second factor."""
    return (gebruiker.rol in TWEESTAPS_ROLLEN or gebruiker.is_superuser) and not gebruiker.is_verified()


def rol_vereist(*rollen):
    """Anonymous visitors go to the login page; a logged-in user without one of `rollen` gets 403.

    Staff, coordinators, providers and administrators must also have passed the second factor;
    until then they are sent to it. A platform administrator (beheerder) passes every role check.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            gebruiker = request.user
            if not gebruiker.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if tweestaps_nodig(gebruiker):
                return redirect(f"{reverse('loket:tweestaps')}?{urlencode({'next': request.get_full_path()})}")
            if not (gebruiker.is_beheerder or gebruiker.rol in rollen):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
