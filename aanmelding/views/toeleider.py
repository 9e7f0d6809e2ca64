"""Referrers (/toeleider/): the requests they filed, filing one for a family with its consent,
a read-only request page with withdraw and "mark vulnerable". Another referrer's request is a 404.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from loket.logboek import logregel_schrijven, logregels_schrijven
from loket.models import Rol
from loket.queries import is_loketcode, loketten_voor
from loket.toegang import rol_vereist

from ..forms_loket import AanmeldFormulieren, IntrekForm, KwetsbaarForm, ToeleiderForm
from ..models import Kanaal
from ..queries import opvangvraag_voor_gebruiker, opvangvragen_zichtbaar_voor
from ..services import AanmeldingFout, aanmelding_registreren, gezin_kwetsbaar_markeren, opvangvraag_intrekken
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
    return render(
        request,
        "aanmelding/toeleider/home.html",
        {"vragen": vragen, "loketten": list(loketten_voor(request.user).order_by("naam"))},
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
    bestaande_vraag = None
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
            try:
                vraag = aanmelding_registreren(
                    kanaal=Kanaal.TOELEIDER,
                    door=request.user,
                    kwetsbaar_reden=extra.cleaned_data["kwetsbaar_reden"],
                    **kwargs,
                )
            except AanmeldingFout as fout:
                # The existing request is another referrer's or the family's: it is not shown.
                bestaande_vraag = fout.bestaande_vraag
                messages.error(
                    request,
                    _(
                        "Voor dit kind loopt al een aanvraag bij %(loket)s. Neem contact op met het loket "
                        "(%(telefoon)s) om ze samen aan te vullen."
                    )
                    % {"loket": loket.naam, "telefoon": loket.telefoon or loket.email},
                )
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
            "bestaande_vraag": bestaande_vraag,
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
