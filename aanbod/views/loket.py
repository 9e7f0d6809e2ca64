"""Desk staff pages of the aanbod app: matching candidates of a request, referrals, free places of the area.

Requests are reached only through opvangvraag_voor_gebruiker, referrals through
doorverwijzingen_voor_gebruiker: another desk's objects are a 404.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aanmelding.models import VraagStatus
from aanmelding.queries import opvangvraag_voor_gebruiker
from loket.logboek import logregel_schrijven
from loket.queries import loket_voor_medewerker, loketten_voor
from loket.toegang import PERSONEEL, rol_vereist

from ..matching import kandidaten_voor_vraag
from ..queries import (
    doorverwijzing_voor_gebruiker,
    doorverwijzingen_voor_loket,
    geldig_dagen_expressie,
    locaties_van_loket,
    open_plaatsen_prefetch,
    versheid_toevoegen,
)
from ..services import AanbodFout, doorverwijzing_afhandelen

personeel_vereist = rol_vereist(*PERSONEEL)

# A request that can take a new offer (one with an open offer or closed cannot).
VOORSTEL_MOGELIJK = (VraagStatus.INGEDIEND, VraagStatus.IN_BEHANDELING)


@personeel_vereist
def vraag_kandidaten(request, pk):
    """The locations that fit a request, ranked, with the reasons (also as a fragment: aanbod/_kandidaten.html)."""
    vraag = opvangvraag_voor_gebruiker(request.user, pk)
    kandidaten = kandidaten_voor_vraag(vraag)
    # Each candidate offers a button to the offer form, preselected with it, while an offer can be made.
    voorstel_url = reverse("aanbod:voorstel_loket", args=[vraag.pk]) if vraag.status in VOORSTEL_MOGELIJK else ""
    return render(
        request,
        "aanbod/loket/kandidaten.html",
        {"vraag": vraag, "kandidaten": kandidaten, "voorstel_url": voorstel_url},
    )


def _loket_uit_verzoek(request):
    return loket_voor_medewerker(request.user, request.GET.get("loket"))


@personeel_vereist
def doorverwijzingen(request):
    """Families that providers referred to the desk: open ones first, with who referred them and why."""
    loket = _loket_uit_verzoek(request)
    pagina = Paginator(doorverwijzingen_voor_loket(loket), 25).get_page(request.GET.get("pagina"))
    # The list shows families' names and contact details: the audit log records who saw which.
    logregel_schrijven(
        door=request.user,
        actie="doorverwijzing.bekeken",
        loket=loket,
        details={"doorverwijzingen": [d.pk for d in pagina.object_list]},
    )
    return render(
        request,
        "aanbod/loket/doorverwijzingen.html",
        {"loket": loket, "pagina": pagina, "loketten": loketten_voor(request.user), "vandaag": timezone.localdate()},
    )


@require_POST
@personeel_vereist
def doorverwijzing_afgehandeld(request, pk):
    doorverwijzing = doorverwijzing_voor_gebruiker(request.user, pk)
    try:
        doorverwijzing_afhandelen(doorverwijzing=doorverwijzing, door=request.user)
    except AanbodFout as fout:
        messages.error(request, str(fout))
    else:
        messages.success(request, _("De doorverwijzing is afgehandeld."))
    return redirect(f"{reverse('aanbod:doorverwijzingen')}?loket={doorverwijzing.loket.code}")


@personeel_vereist
def vrije_plaatsen_overzicht(request):
    """Every active location of the desk's area with its free places and their freshness (stale ones marked)."""
    loket = _loket_uit_verzoek(request)
    locaties = (
        locaties_van_loket(loket)
        .select_related("gemeente", "organisator")
        .annotate(geldig_dagen=geldig_dagen_expressie())
        .prefetch_related(open_plaatsen_prefetch())
        .order_by("gemeente__naam_nl", "naam", "pk")
    )
    pagina = Paginator(locaties, 50).get_page(request.GET.get("pagina"))
    versheid_toevoegen(pagina.object_list)
    return render(
        request,
        "aanbod/loket/vrije_plaatsen.html",
        {"loket": loket, "pagina": pagina, "loketten": loketten_voor(request.user)},
    )
