"""Desk staff: the families that providers and referrers referred to the desk.

Referrals are reached only through doorverwijzingen_voor_gebruiker: another desk's are a 404.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aanbod.models import AanbodFout
from loket.logboek import logregel_schrijven
from loket.queries import loket_voor_medewerker, loketten_voor
from loket.toegang import PERSONEEL, rol_vereist

from ..doorverwijzingen import doorverwijzing_afhandelen
from ..queries import doorverwijzing_voor_gebruiker, doorverwijzingen_voor_loket

personeel_vereist = rol_vereist(*PERSONEEL)


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
        "aanmelding/loket/doorverwijzingen.html",
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
    return redirect(f"{reverse('aanmelding:doorverwijzingen')}?loket={doorverwijzing.loket.code}")
