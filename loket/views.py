from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from .forms import InlogForm
from .models import Rol


def home(request):
    """What the desk is, how to reach it, and the way in for parents, providers and staff."""
    return render(request, "loket/home.html")


class InlogView(auth_views.LoginView):
    template_name = "loket/inloggen.html"
    authentication_form = InlogForm
    redirect_authenticated_user = True


@login_required
def start(request):
    """After login: each role to its own home."""
    rol = request.user.rol
    if rol in (Rol.LOKETMEDEWERKER, Rol.COORDINATOR) or request.user.is_beheerder:
        return redirect("aanmelding:werklijst")
    if rol == Rol.AANBIEDER:
        return redirect("aanbod:home")
    if rol == Rol.TOELEIDER:
        return redirect("aanmelding:toeleider_home")
    return redirect("aanmelding:portaal")
