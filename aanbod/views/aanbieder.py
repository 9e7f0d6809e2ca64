"""The provider portal (/aanbieder/), supply side: a location's profile, its free places, the password link.

Every view is for provider users (rol_vereist) and reaches objects only through the scoping
helpers locaties_voor_aanbieder / locatie_voor_aanbieder / vrije_plaats_voor_aanbieder. Any
other number in a URL is a 404. The home page, the inbox and the offers are aanmelding's
(aanmelding/views/aanbieder.py).
"""

import copy

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from loket.models import Rol
from loket.toegang import rol_vereist

from ..forms import LocatieProfielForm, VrijePlaatsForm
from ..models import AanbodFout
from ..organisatoren import locatie_profiel_wijzigen
from ..queries import (
    geldig_dagen_expressie,
    locatie_voor_aanbieder,
    locaties_voor_aanbieder,
    open_plaatsen_prefetch,
    versheid_toevoegen,
    vrije_plaats_voor_aanbieder,
)
from ..vrije_plaatsen import (
    vrije_plaats_declareren,
    vrije_plaats_verwijderen,
    vrije_plaats_wijzigen,
    vrije_plaatsen_bevestigen,
)

aanbieder_vereist = rol_vereist(Rol.AANBIEDER)


@aanbieder_vereist
def profiel(request, pk):
    """Edit a location's profile; the service logs what changed."""
    locatie = locatie_voor_aanbieder(request.user, pk)
    form = LocatieProfielForm(request.POST or None, instance=copy.copy(locatie))
    if request.method == "POST" and form.is_valid():
        try:
            wijzigingen = locatie_profiel_wijzigen(locatie=locatie, door=request.user, **form.wijzigingen())
        except AanbodFout as fout:
            messages.error(request, str(fout))
        else:
            if wijzigingen:
                messages.success(request, _("De gegevens van %(locatie)s zijn bewaard.") % {"locatie": locatie})
            else:
                messages.info(request, _("Er was niets gewijzigd."))
            return redirect("aanbod:profiel", pk=locatie.pk)
    return render(request, "aanbod/aanbieder/profiel.html", {"locatie": locatie, "form": form})


def _vrije_plaatsen_scherm(request, locatie, *, nieuw_form=None, fout_plaats=None, fout_form=None, status=200):
    """The one screen: every declaration as its own small form, the add form, and the confirm button."""
    locatie = (
        locaties_voor_aanbieder(request.user)
        .filter(pk=locatie.pk)
        .annotate(geldig_dagen=geldig_dagen_expressie())
        .prefetch_related(open_plaatsen_prefetch())
        .get()
    )
    versheid_toevoegen([locatie])
    plaatsen = list(locatie.vrije_plaatsen.order_by("vanaf", "id"))
    verouderd = {plaats.pk: plaats.verouderd for plaats in locatie.open_plaatsen}
    rijen = []
    for plaats in plaatsen:
        if fout_plaats is not None and plaats.pk == fout_plaats.pk:
            form = fout_form
        else:
            form = VrijePlaatsForm(
                locatie=locatie,
                nul_toegestaan=True,
                prefix=f"plaats-{plaats.pk}",
                initial={
                    "vanaf": plaats.vanaf,
                    "leeftijdsgroep": plaats.leeftijdsgroep,
                    "weekschema": plaats.weekschema,
                    "aantal": plaats.aantal,
                },
            )
        rijen.append((plaats, form, verouderd.get(plaats.pk, False)))
    context = {
        "locatie": locatie,
        "rijen": rijen,
        "nieuw_form": nieuw_form
        or VrijePlaatsForm(locatie=locatie, prefix="nieuw", initial={"vanaf": timezone.localdate()}),
    }
    return render(request, "aanbod/aanbieder/vrije_plaatsen.html", context, status=status)


@aanbieder_vereist
def vrije_plaatsen(request, pk):
    locatie = locatie_voor_aanbieder(request.user, pk)
    return _vrije_plaatsen_scherm(request, locatie)


@require_POST
@aanbieder_vereist
def vrije_plaats_toevoegen(request, pk):
    locatie = locatie_voor_aanbieder(request.user, pk)
    form = VrijePlaatsForm(request.POST, locatie=locatie, prefix="nieuw")
    if form.is_valid():
        try:
            vrije_plaats_declareren(locatie=locatie, door=request.user, **form.cleaned_data)
        except AanbodFout as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, _("De vrije plaats is toegevoegd."))
            return redirect("aanbod:vrije_plaatsen", pk=locatie.pk)
    messages.error(request, _("De vrije plaats is niet bewaard. Kijk de fouten hieronder na."))
    return _vrije_plaatsen_scherm(request, locatie, nieuw_form=form, status=400)


@require_POST
@aanbieder_vereist
def vrije_plaats_wijzigen_view(request, pk):
    plaats = vrije_plaats_voor_aanbieder(request.user, pk)
    form = VrijePlaatsForm(request.POST, locatie=plaats.locatie, nul_toegestaan=True, prefix=f"plaats-{plaats.pk}")
    if form.is_valid():
        try:
            vrije_plaats_wijzigen(plaats=plaats, door=request.user, **form.cleaned_data)
        except AanbodFout as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, _("De vrije plaats is gewijzigd en bevestigd."))
            return redirect("aanbod:vrije_plaatsen", pk=plaats.locatie_id)
    messages.error(request, _("De wijziging is niet bewaard. Kijk de fouten hieronder na."))
    return _vrije_plaatsen_scherm(request, plaats.locatie, fout_plaats=plaats, fout_form=form, status=400)


@require_POST
@aanbieder_vereist
def vrije_plaats_verwijderen_view(request, pk):
    plaats = vrije_plaats_voor_aanbieder(request.user, pk)
    try:
        vrije_plaats_verwijderen(plaats=plaats, door=request.user)
    except AanbodFout as fout:
        messages.error(request, str(fout))
    else:
        messages.success(request, _("De vrije plaats is verwijderd."))
    return redirect("aanbod:vrije_plaatsen", pk=plaats.locatie_id)


@require_POST
@aanbieder_vereist
def bevestigen(request, pk):
    """ "Nothing changed" in one click, from the home page or the free-places screen."""
    locatie = locatie_voor_aanbieder(request.user, pk)
    terug = request.POST.get("terug")  # read first: a request the server refuses to read confirms nothing
    vrije_plaatsen_bevestigen(locatie=locatie, door=request.user)
    messages.success(
        request,
        _("Bedankt. De vrije plaatsen van %(locatie)s zijn bevestigd op %(datum)s.")
        % {"locatie": locatie, "datum": timezone.localtime().strftime("%d/%m/%Y %H:%M")},
    )
    if terug == "lijst":
        return redirect("aanbod:vrije_plaatsen", pk=locatie.pk)
    # The provider's home page lists the locations with the inbox (aanmelding's view).
    return redirect("aanmelding:aanbieder_home")


class WachtwoordInstellenView(auth_views.PasswordResetConfirmView):
    """The link in the invitation: a new provider user chooses a password (Django's reset token)."""

    template_name = "aanbod/aanbieder/wachtwoord_instellen.html"
    success_url = reverse_lazy("loket:login")
    post_reset_login = False

    def form_valid(self, form):
        messages.success(self.request, _("Je wachtwoord is ingesteld. Je kan nu aanmelden."))
        return super().form_valid(form)
