from base64 import b32encode, b64encode
from io import BytesIO

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from .forms import InlogForm, TweestapsForm
from .logboek import logregel_schrijven
from .models import Rol
from .toegang import tweestaps_nodig


def home(request):
    """What the desk is, how to reach it, and the way in for parents, providers and staff."""
    return render(request, "loket/home.html")


class InlogView(auth_views.LoginView):
    template_name = "loket/inloggen.html"
    authentication_form = InlogForm
    redirect_authenticated_user = True


@login_required
def start(request):
    """After login: the second factor where the role needs it, then each role to its own home."""
    gebruiker = request.user
    if tweestaps_nodig(gebruiker):
        return redirect("loket:tweestaps")
    if gebruiker.rol in (Rol.LOKETMEDEWERKER, Rol.COORDINATOR) or gebruiker.is_beheerder:
        return redirect("aanmelding:werklijst")
    if gebruiker.rol == Rol.AANBIEDER:
        return redirect("aanmelding:aanbieder_home")
    if gebruiker.rol == Rol.BELEID:
        return redirect("rapportage:beleid")
    if gebruiker.rol == Rol.TOELEIDER:
        return redirect("aanmelding:toeleider_home")
    if gebruiker.rol == Rol.OPGROEIEN:
        return redirect("rapportage:vlaanderen")
    return redirect("aanmelding:portaal")


@login_required
def tweestaps(request):
    """The second factor: enter the app's code, or first link an authenticator app (QR code + key)."""
    gebruiker = request.user
    volgende = request.GET.get("next") or request.POST.get("next") or ""
    # A path of this site only: anything else ("abc", "²") would be taken for a URL name by redirect().
    if not (volgende.startswith("/") and url_has_allowed_host_and_scheme(volgende, allowed_hosts={request.get_host()})):
        volgende = ""
    if not tweestaps_nodig(gebruiker):
        return redirect(volgende or "loket:start")
    bevestigd = list(TOTPDevice.objects.filter(user=gebruiker, confirmed=True))
    nieuw = None
    if not bevestigd:
        nieuw, _aangemaakt = TOTPDevice.objects.get_or_create(
            user=gebruiker, confirmed=False, defaults={"name": "authenticator-app"}
        )
    form = TweestapsForm(request.POST or None, apparaten=bevestigd or [nieuw])
    if request.method == "POST" and form.is_valid():
        apparaat = form.apparaat
        if not apparaat.confirmed:
            apparaat.confirmed = True
            apparaat.save(update_fields=["confirmed"])
            logregel_schrijven(door=gebruiker, actie="gebruiker.tweestaps_ingesteld", object=gebruiker)
            messages.success(request, _("Je authenticator-app is gekoppeld."))
        otp_login(request, apparaat)
        return redirect(volgende or "loket:start")
    qr_afbeelding = None
    if nieuw is not None:
        uitvoer = BytesIO()
        write_qrcode_image(nieuw.config_url, uitvoer)
        # As a data: image, not inline SVG markup: the Content-Security-Policy allows data: images.
        qr_afbeelding = "data:image/svg+xml;base64," + b64encode(uitvoer.getvalue()).decode()
    return render(
        request,
        "loket/tweestaps.html",
        {
            "form": form,
            "nieuw": nieuw,
            "qr_afbeelding": qr_afbeelding,
            "sleutel": _base32(nieuw) if nieuw else "",
            "next": volgende,
        },
    )


def _base32(apparaat):
    return b32encode(apparaat.bin_key).decode()


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links to."""
    return redirect(static("favicon.ico"))
