"""Desk staff pages of the aanbod app: the free places of the desk's area."""

from django.core.paginator import Paginator
from django.shortcuts import render

from loket.queries import loket_voor_medewerker, loketten_voor
from loket.toegang import PERSONEEL, rol_vereist

from ..queries import geldig_dagen_expressie, locaties_van_loket, open_plaatsen_prefetch, versheid_toevoegen

personeel_vereist = rol_vereist(*PERSONEEL)


def _loket_uit_verzoek(request):
    return loket_voor_medewerker(request.user, request.GET.get("loket"))


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
