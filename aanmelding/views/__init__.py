"""Views of the aanmelding app: parents in ouder.py; the desk and referrers here (or in loket.py)."""

from django.core.paginator import Paginator
from django.shortcuts import render

from loket.models import Rol
from loket.queries import loketten_voor
from loket.toegang import PERSONEEL, rol_vereist

from ..models import VraagStatus
from ..queries import opvangvragen_zichtbaar_voor
from .ouder import portaal, privacy, start  # noqa: F401  (aanmelding.urls uses views.start etc.)


@rol_vereist(*PERSONEEL)
def werklijst(request):
    """The desk's worklist: every request of the staff member's desks, newest first."""
    vragen = (
        opvangvragen_zichtbaar_voor(request.user)
        .select_related("kind", "gemeente", "loket")
        .order_by("-ingediend_op", "-id")
    )
    status = request.GET.get("status")
    if status in VraagStatus.values:
        vragen = vragen.filter(status=status)
    pagina = Paginator(vragen, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "aanmelding/werklijst.html",
        {"pagina": pagina, "statussen": VraagStatus.choices, "status": status, "loketten": loketten_voor(request.user)},
    )


@rol_vereist(Rol.TOELEIDER)
def toeleider_home(request):
    """A referrer's own requests (only those they filed)."""
    vragen = opvangvragen_zichtbaar_voor(request.user).select_related("kind", "loket").order_by("-ingediend_op")
    return render(request, "aanmelding/toeleider_home.html", {"vragen": vragen})
