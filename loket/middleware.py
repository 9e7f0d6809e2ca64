"""Session limits, cache headers for pages with personal data, and refusing unreadable requests."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.defaults import bad_request


class TeVeelVeldenMiddleware:
    """A request with more parameters than DATA_UPLOAD_MAX_NUMBER_FIELDS (or a too large body) is a 400.

    Django raises that as a 400 itself, but with DEBUG on its error page reads the parameters again
    and fails with a 500; so parse them once here and answer 400 before any view or error page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.GET  # noqa: B018 (parsing is the point)
            if request.method == "POST":
                request.POST  # noqa: B018
        except (TooManyFieldsSent, TooManyFilesSent, RequestDataTooBig) as fout:
            return bad_request(request, fout)
        return self.get_response(request)


class SessieTermijnMiddleware:
    """Log out after SESSIE_INACTIEF_SECONDEN idle, and SESSIE_MAXIMUM_SECONDEN after login at most."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            nu = int(time.time())
            sessie = request.session
            ingelogd_op = sessie.get("ingelogd_op", nu)
            laatst_actief = sessie.get("laatst_actief", nu)
            if (
                nu - laatst_actief > settings.SESSIE_INACTIEF_SECONDEN
                or nu - ingelogd_op > settings.SESSIE_MAXIMUM_SECONDEN
            ):
                logout(request)
                messages.info(request, _("Je sessie is verlopen. Meld je opnieuw aan."))
                return redirect_to_login(request.get_full_path())
            if nu - laatst_actief >= 60:
                # At most one session write a minute: the idle clock needs no finer grain.
                sessie["laatst_actief"] = nu
        return self.get_response(request)


class GeenCacheMiddleware:
    """Pages for a logged-in user or a session in progress may hold personal data: never cache them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated or not request.session.is_empty():
            patch_cache_control(response, no_store=True, private=True)
        return response


def sessie_starten(sender, request, user, **kwargs):
    """On login (user_logged_in): start both session clocks."""
    nu = int(time.time())
    request.session["ingelogd_op"] = nu
    request.session["laatst_actief"] = nu
