"""Referrers (/toeleider/): the requests they filed, filing one for a family with its consent,
a read-only request page with withdraw and "mark vulnerable". Another referrer's request is a 404.

A child that already has a request becomes a referral to the desk (Doorverwijzing, inbox.py).
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from loket.logboek import logregel_schrijven, logregels_schrijven
from loket.models import Rol
from loket.queries import is_loketcode, loketten_voor
from loket.toegang import rol_vereist

from ..doorverwijzingen import aanmelding_samenvatten, doorverwijzing_door_toeleider_maken
from ..forms_loket import AanmeldFormulieren, IntrekForm, KwetsbaarForm, ToeleiderForm
from ..models import Doorverwijzing, Kanaal
from ..queries import opvangvraag_voor_gebruiker, opvangvragen_zichtbaar_voor
from ..registratie import (
    AanmeldingFout,
    aanmelding_registreren,
    gezin_kwetsbaar_markeren,
    notitie_toevoegen,
    opvangvraag_intrekken,
)
from .loket import _bewijs_antwoord


@rol_vereist(Rol.TOELEIDER)
def home(request):
    """A referrer's own requests (only those they filed), newest first."""
    vragen = list(
        opvangvragen_zichtbaar_voor(request.user)
        .select_related("kind", "loket", "gemeente")
        .order_by("-ingediend_op", "-id")
    )
    logregels_schrijven(
        door=request.user, actie="opvangvraag.bekeken", objecten=vragen, details={"pagina": "toeleider"}
    )
    # What they passed to a desk for a child that had a request: only their own text and its state.
    doorgegeven = list(
        Doorverwijzing.objects.filter(door=request.user, organisator__isnull=True)
        .select_related("loket")
        .order_by("-aangemaakt_op", "-id")[:20]
    )
    return render(
        request,
        "aanmelding/toeleider/home.html",
        {
            "vragen": vragen,
            "doorgegeven": doorgegeven,
            "loketten": list(loketten_voor(request.user).order_by("naam")),
        },
    )


def _loket(request):
    """The desk the referrer files with: `?loket=<code>` among their desks, else their first one."""
    loketten = loketten_voor(request.user).order_by("naam")
    code = request.GET.get("loket")
    if code and not is_loketcode(code):
        raise Http404
    loket = loketten.filter(code=code).first() if code else loketten.first()
    if loket is None:
        raise Http404
    return loket


@rol_vereist(Rol.TOELEIDER)
def aanmelden(request):
    """File a request for a family, with the family's consent (when and how) recorded.

    Channel `toeleider`; the referrer follows the request and gets its mail too.
    """
    loket = _loket(request)
    if request.method == "POST":
        formulieren = AanmeldFormulieren(request.POST, loket=loket)
        extra = ToeleiderForm(request.POST, prefix="toeleider")
        if all([formulieren.is_valid(), extra.is_valid()]):
            kwargs = formulieren.kwargs_voor_registratie()
            kwargs["vraag_velden"].update(
                toeleider=request.user,
                toestemming_op=extra.cleaned_data["toestemming_op"],
                toestemming_wijze=extra.toestemming_wijze_tekst(),
            )
            opmerking = extra.cleaned_data["opmerking"].strip()
            try:
                with transaction.atomic():
                    vraag = aanmelding_registreren(
                        kanaal=Kanaal.TOELEIDER,
                        door=request.user,
                        kwetsbaar_reden=extra.cleaned_data["kwetsbaar_reden"],
                        **kwargs,
                    )
                    if opmerking:
                        notitie_toevoegen(vraag=vraag, door=request.user, tekst=opmerking)
            except AanmeldingFout as fout:
                if fout.bestaande_vraag is None:
                    messages.error(request, str(fout))
                else:
                    # The existing request is another referrer's or the family's: nothing of it is shown
                    # and nothing in it changes; the desk gets what the referrer filed, and decides.
                    velden = kwargs["vraag_velden"]
                    doorverwijzing_door_toeleider_maken(
                        door=request.user,
                        vraag=fout.bestaande_vraag,
                        toelichting=aanmelding_samenvatten(**velden, opmerking=opmerking),
                        gewenste_startdatum=velden["gewenste_startdatum"],
                    )
                    messages.success(
                        request,
                        _(
                            "Voor dit kind loopt al een aanvraag bij %(loket)s. We gaven je aanmelding en je "
                            "opmerking door aan het loket: het bekijkt ze en neemt contact op met het gezin."
                        )
                        % {"loket": loket.naam},
                    )
                    return redirect("aanmelding:toeleider_home")
            else:
                messages.success(request, _("Aanvraag %(referentie)s is ingediend.") % {"referentie": vraag.referentie})
                return redirect("aanmelding:toeleider_vraag", pk=vraag.pk)
    else:
        formulieren = AanmeldFormulieren(loket=loket)
        extra = ToeleiderForm(prefix="toeleider")
    return render(
        request,
        "aanmelding/toeleider/aanmelden.html",
        {
            "loket": loket,
            "loketten": list(loketten_voor(request.user).order_by("naam")),
            "f": formulieren,
            "toeleider": extra,
        },
    )


def _vraag_voor_toeleider(request, pk):
    return opvangvraag_voor_gebruiker(
        request.user, pk, "kind", "gezin__gemeente", "gemeente", "loket", "voorkeur_gemeente"
    )


def _vraag_pagina(request, vraag, **formulieren):
    logregel_schrijven(door=request.user, actie="opvangvraag.bekeken", object=vraag, loket=vraag.loket)
    return render(
        request,
        "aanmelding/toeleider/vraag.html",
        {
            "vraag": vraag,
            "ouders": list(vraag.gezin.ouders.order_by("id")),
            "voorkeuren": list(vraag.voorkeuren.select_related("locatie__gemeente").order_by("rang")),
            "voorstellen": list(vraag.voorstellen.select_related("locatie").order_by("-voorgesteld_op", "-id")),
            "intrekform": formulieren.get("intrekform") or IntrekForm(),
            "kwetsbaarform": formulieren.get("kwetsbaarform") or KwetsbaarForm(),
        },
    )


@rol_vereist(Rol.TOELEIDER)
def vraag(request, pk):
    """A referrer's view of a request they filed: read-only, plus withdraw and mark vulnerable."""
    return _vraag_pagina(request, _vraag_voor_toeleider(request, pk))


@rol_vereist(Rol.TOELEIDER)
@require_POST
def intrekken(request, pk):
    vraag = _vraag_voor_toeleider(request, pk)
    form = IntrekForm(request.POST)
    if not form.is_valid():
        return _vraag_pagina(request, vraag, intrekform=form)
    try:
        opvangvraag_intrekken(vraag=vraag, door=request.user, **form.cleaned_data)
    except AanmeldingFout as fout:
        messages.error(request, str(fout))
    else:
        messages.success(request, _("De aanvraag is ingetrokken."))
    return redirect("aanmelding:toeleider_vraag", pk=vraag.pk)


@rol_vereist(Rol.TOELEIDER)
@require_POST
def kwetsbaar(request, pk):
    vraag = _vraag_voor_toeleider(request, pk)
    form = KwetsbaarForm(request.POST)
    if not form.is_valid():
        return _vraag_pagina(request, vraag, kwetsbaarform=form)
    gezin_kwetsbaar_markeren(gezin=vraag.gezin, door=request.user, reden=form.cleaned_data["reden"])
    messages.success(request, _("Het gezin is als kwetsbaar gemarkeerd."))
    return redirect("aanmelding:toeleider_vraag", pk=vraag.pk)


@rol_vereist(Rol.TOELEIDER)
def bewijs(request, pk):
    """The PDF receipt of a request the referrer filed, to give to the family."""
    return _bewijs_antwoord(request, _vraag_voor_toeleider(request, pk))
