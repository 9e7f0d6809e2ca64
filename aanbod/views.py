from django.db.models import Prefetch
from django.shortcuts import render

from loket.models import Rol
from loket.queries import publiek_loket
from loket.toegang import rol_vereist

from .models import VrijePlaats
from .queries import locaties_van_loket, locaties_voor_aanbieder


@rol_vereist(Rol.AANBIEDER)
def home(request):
    """The provider's home: their locations with their free places."""
    locaties = locaties_voor_aanbieder(request.user).select_related("gemeente").prefetch_related("vrije_plaatsen")
    return render(request, "aanbod/home.html", {"locaties": locaties})


def zoeken(request):
    """Public list of the desk's locations. No personal data."""
    loket = publiek_loket()
    locaties = (
        locaties_van_loket(loket)
        .select_related("gemeente")
        .prefetch_related(Prefetch("vrije_plaatsen", queryset=VrijePlaats.objects.filter(aantal__gt=0)))
        if loket
        else []
    )
    return render(request, "aanbod/zoeken.html", {"locaties": locaties, "loket": loket})
