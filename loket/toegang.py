"""View decorators for the roles of DESIGN.md. Object-level scoping lives in each app's queries.py."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .models import Rol

PERSONEEL = (Rol.LOKETMEDEWERKER, Rol.COORDINATOR)


def rol_vereist(*rollen):
    """Anonymous visitors go to the login page; a logged-in user without one of `rollen` gets 403.

    A platform administrator (beheerder) passes every check.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            gebruiker = request.user
            if not gebruiker.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (gebruiker.is_beheerder or gebruiker.rol in rollen):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
