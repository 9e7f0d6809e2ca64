"""A parent's rights over the family's data (/mijn/gegevens/): download everything, ask for erasure.

Only for parents (rol ouder): anyone else gets 404, an anonymous visitor the portal's login. A
parent only ever reaches the families their own login belongs to (queries.gezinnen_van_ouder), so
there are no ids in these URLs to try. Every download writes a Logregel `gezin.gegevens_gedownload`
per family; asking for erasure goes through privacy.wisverzoek_indienen.
"""

from functools import wraps

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.logboek import logregel_schrijven
from loket.models import Rol

from ..inzage import als_json, als_pdf, gezinsgegevens
from ..models import OPEN_STATUSSEN, Opvangvraag, Wisverzoek
from ..privacy import wisverzoek_indienen
from ..queries import gezinnen_van_ouder
from ..registratie import AanmeldingFout


def _voor_ouder(view):
    """Anonymous: to the portal's login link form. Not a parent: 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("aanmelding:portaal")
        if request.user.rol != Rol.OUDER:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _gezinnen(request):
    """The parent's families; 404 when the login belongs to none (any more)."""
    gezinnen = list(gezinnen_van_ouder(request.user).select_related("loket"))
    if not gezinnen:
        raise Http404
    return gezinnen


@_voor_ouder
def gegevens(request):
    """What the parent can do with the family's data: download it, or ask to erase it."""
    gezinnen = _gezinnen(request)
    verzoeken = list(Wisverzoek.objects.filter(gezin__in=gezinnen).order_by("-gevraagd_op", "-pk"))
    return render(
        request,
        "aanmelding/ouder/gegevens.html",
        {
            "loket": gezinnen[0].loket,
            "open_verzoek": next((v for v in verzoeken if v.is_open), None),
            "verzoeken": verzoeken,
        },
    )


def _download(request, formaat):
    gezinnen = _gezinnen(request)
    for gezin in gezinnen:
        logregel_schrijven(
            door=request.user,
            actie="gezin.gegevens_gedownload",
            object=gezin,
            loket=gezin.loket,
            details={"formaat": formaat},
        )
    return [gezinsgegevens(gezin, ik=request.user) for gezin in gezinnen]


def _bijlage(inhoud, content_type, extensie):
    response = HttpResponse(inhoud, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="mijn-gegevens-{timezone.localdate():%Y-%m-%d}.{extensie}"'
    return response


@_voor_ouder
def download_json(request):
    """Everything the desk holds about the family, as JSON (machine-readable)."""
    return _bijlage(als_json(_download(request, "json")), "application/json; charset=utf-8", "json")


@_voor_ouder
def download_pdf(request):
    """Everything the desk holds about the family, as a PDF to read or print."""
    return _bijlage(als_pdf(_download(request, "pdf")), "application/pdf", "pdf")


class WisForm(forms.Form):
    bevestigen = forms.BooleanField(
        label=_(
            "Ik begrijp het: na het wissen kan ik niet meer inloggen. "
            "Het loket kan mijn aanvraag dan niet meer opvolgen."
        ),
        error_messages={"required": _("Vink dit aan als je je gegevens wil laten wissen.")},
    )


@_voor_ouder
def wissen(request):
    """Ask for erasure: GET is the confirmation step, POST sends the request to the desk."""
    gezinnen = _gezinnen(request)
    form = WisForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            for gezin in gezinnen:
                wisverzoek_indienen(gezin=gezin, door=request.user)
        except AanmeldingFout as fout:
            messages.error(request, str(fout))
        else:
            messages.success(
                request, _("Je vraag om je gegevens te wissen is doorgegeven. Het loket laat je weten wat het beslist.")
            )
        return redirect("aanmelding:mijn_gegevens")
    lopend = Opvangvraag.objects.filter(gezin__in=gezinnen, status__in=OPEN_STATUSSEN).select_related("kind")
    return render(
        request,
        "aanmelding/ouder/wissen.html",
        {"form": form, "loket": gezinnen[0].loket, "lopende_vragen": list(lopend)},
    )
