"""The public search: the desk's locations and their free places. No login, no personal data."""

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from loket.models import Gemeente
from loket.queries import publiek_loket
from loket.weekschema import WEEKDAG_NAMEN, WEEKDAGEN

from ..filters import ZoekFilter
from ..models import VrijePlaats
from ..queries import (
    STANDAARD_GELDIG_DAGEN,
    geldig_dagen_expressie,
    locaties_van_loket,
    open_plaatsen_prefetch,
    publieke_locaties,
    versheid_toevoegen,
)


def zoeken(request):
    """Search the desk's supply by municipality, type, tariff, atypical hours, free places from a month, age."""
    loket = publiek_loket()
    if loket is None:
        return render(request, "aanbod/zoeken.html", {"loket": None, "filter": None, "pagina": None})
    gemeenten = Gemeente.objects.filter(loketten=loket).order_by("naam_nl")
    met_plaats = VrijePlaats.objects.filter(locatie=OuterRef("pk"), aantal__gt=0)
    locaties = (
        locaties_van_loket(loket)
        .filter(na_te_kijken=False)
        .select_related("gemeente")
        .annotate(heeft_plaats=Exists(met_plaats), geldig_dagen=geldig_dagen_expressie())
        .order_by("-heeft_plaats", "naam", "pk")
    )
    zoekfilter = ZoekFilter(request.GET or None, queryset=locaties, gemeenten=gemeenten)
    resultaten = zoekfilter.qs if zoekfilter.is_bound else locaties
    if zoekfilter.is_bound and not zoekfilter.is_valid():
        resultaten = locaties.none()
    pagina = Paginator(resultaten.prefetch_related(open_plaatsen_prefetch()), 20).get_page(request.GET.get("pagina"))
    versheid_toevoegen(pagina.object_list)
    zoekopdracht = request.GET.copy()
    zoekopdracht.pop("pagina", None)
    return render(
        request,
        "aanbod/zoeken.html",
        {"loket": loket, "filter": zoekfilter, "pagina": pagina, "zoekopdracht": zoekopdracht.urlencode()},
    )


def locatie(request, pk):
    """One location's public page: contact, hours, tariff kind, atypical hours, free places and their freshness."""
    locatie = (
        publieke_locaties()
        .filter(pk=pk)
        .select_related("gemeente", "organisator")
        .annotate(geldig_dagen=geldig_dagen_expressie())
        .prefetch_related(open_plaatsen_prefetch())
        .first()
    )
    if locatie is None:
        raise Http404
    versheid_toevoegen([locatie], nu=timezone.now())
    uren = [(WEEKDAG_NAMEN[dag], (locatie.openingsuren or {}).get(dag, "")) for dag in WEEKDAGEN]
    return render(
        request,
        "aanbod/locatie_publiek.html",
        {"locatie": locatie, "uren": uren, "standaard_geldig_dagen": STANDAARD_GELDIG_DAGEN},
    )
