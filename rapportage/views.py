from django.shortcuts import render

from loket.models import Rol
from loket.queries import loketten_voor
from loket.toegang import rol_vereist


@rol_vereist(Rol.COORDINATOR)
def home(request):
    """The coordinator's reports."""
    return render(request, "rapportage/home.html", {"loketten": loketten_voor(request.user)})
