"""Offers: a provider (or the desk on its behalf) makes one, withdraws it, the desk records an answer.

Requests are reached through opvangvraag_voor_gebruiker, offers through voorstel_voor_gebruiker:
a provider only ever sees its own offers, never a competitor's on the same request. Every change
goes through aanmelding.voorstellen; their AanbodFout is shown to the user and nothing is changed.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aanbod.models import AanbodFout
from aanbod.queries import locaties_van_loket, locaties_voor_aanbieder
from loket.logboek import logregel_schrijven
from loket.models import Rol
from loket.toegang import PERSONEEL, rol_vereist

from ..forms_voorstel import AntwoordForm, RedenForm, VoorstelForm
from ..matching import kandidaten_voor_vraag
from ..models import OPEN_STATUSSEN, Antwoord, Opvangvoorstel, VoorstelStatus, VraagStatus, dagen_per_week
from ..queries import opvangvraag_voor_gebruiker, voorstel_voor_gebruiker, voorstellen_voor_gebruiker
from ..verschil import voorstel_verschil
from ..voorstellen import (
    toewijzing_annuleren,
    voorstel_aanvaarden,
    voorstel_doen,
    voorstel_intrekken,
    voorstel_weigeren,
)
from ..wachters import voorstel_afwachten


@rol_vereist(Rol.AANBIEDER)
def voorstel_aanbieder(request, pk):
    """A provider offers a place at one of its locations for a request in its inbox."""
    vraag = opvangvraag_voor_gebruiker(request.user, pk)
    return _voorstel_formulier(
        request,
        vraag,
        locaties=locaties_voor_aanbieder(request.user),
        namens_aanbieder=False,
        terug=reverse("aanmelding:inbox_vraag", args=[vraag.pk]),
    )


@require_POST
@rol_vereist(Rol.AANBIEDER)
def voorstel_afwachten_view(request, pk):
    """A provider asks to be mailed when the open offer on this request ends."""
    vraag = opvangvraag_voor_gebruiker(request.user, pk)
    voorstel_afwachten(vraag=vraag, door=request.user)
    messages.success(request, _("Je krijgt een e-mail zodra het lopende voorstel afloopt."))
    return redirect("aanmelding:voorstel_aanbieder", pk=vraag.pk)


@rol_vereist(*PERSONEEL)
def voorstel_loket(request, pk):
    """Desk staff record an offer a provider made by phone, on its behalf."""
    vraag = opvangvraag_voor_gebruiker(request.user, pk)
    return _voorstel_formulier(
        request,
        vraag,
        locaties=locaties_van_loket(vraag.loket),
        namens_aanbieder=True,
        terug=reverse("aanmelding:loket_vraag", args=[vraag.pk]),
    )


def _voorstel_formulier(request, vraag, *, locaties, namens_aanbieder, terug):
    """The offer form with a preview of the difference before sending (no JavaScript needed)."""
    open_voorstel = vraag.voorstellen.filter(status=VoorstelStatus.OPEN).first()
    if vraag.status not in OPEN_STATUSSEN:
        messages.error(request, _("Deze aanvraag is afgesloten: er kan geen voorstel meer bij."))
        return redirect(terug)
    # `?locatie=` and `?vrije_plaats=` preselect (a candidate's button; htmx reloads the free places
    # of another location with `?locatie=`).
    form = VoorstelForm(
        request.POST or None,
        vraag=vraag,
        locaties=locaties,
        locatie_keuze=request.GET.get("locatie"),
        plaats_keuze=request.GET.get("vrije_plaats"),
        url=request.path,
    )
    verschil = None
    if request.method == "POST" and form.is_valid() and open_voorstel is None:
        gegevens = form.cleaned_data
        if "versturen" in request.POST:
            try:
                voorstel_doen(
                    vraag=vraag,
                    locatie=gegevens["locatie"],
                    door=request.user,
                    startdatum=gegevens["startdatum"],
                    weekschema=gegevens["weekschema"],
                    antwoord_tegen=gegevens["antwoord_tegen"],
                    vrije_plaats=gegevens["vrije_plaats"],
                    namens_aanbieder=namens_aanbieder,
                )
            except AanbodFout as fout:
                messages.error(request, str(fout))
                return redirect(request.path)
            messages.success(request, _("Het voorstel is verstuurd. Het gezin krijgt een e-mail."))
            return redirect(terug)
        voorbeeld = Opvangvoorstel(vraag=vraag, startdatum=gegevens["startdatum"], weekschema=gegevens["weekschema"])
        voorbeeld.dagen_per_week = dagen_per_week(gegevens["weekschema"])
        verschil = voorstel_verschil(voorbeeld, vraag)
    return render(
        request,
        "aanmelding/voorstel/nieuw.html",
        {
            "vraag": vraag,
            "form": form,
            "verschil": verschil,
            "open_voorstel": open_voorstel,
            "wacht_al": not namens_aanbieder
            and vraag.wachters.filter(gebruiker=request.user, verwittigd_op__isnull=True).exists(),
            "namens_aanbieder": namens_aanbieder,
            "terug": terug,
        },
    )


@rol_vereist(Rol.AANBIEDER, *PERSONEEL)
def voorstel_detail(request, pk):
    """One offer with what can still be done with it."""
    voorstel = voorstel_voor_gebruiker(request.user, pk)
    logregel_schrijven(
        door=request.user,
        actie="opvangvraag.bekeken",
        object=voorstel.vraag,
        loket=voorstel.vraag.loket,
        details={"via": "voorstel", "voorstel": voorstel.pk},
    )
    return render(
        request,
        "aanmelding/voorstel/detail.html",
        {
            "voorstel": voorstel,
            "vraag": voorstel.vraag,
            "verschil": voorstel_verschil(voorstel, voorstel.vraag),
            "is_personeel": request.user.rol in PERSONEEL or request.user.is_beheerder,
            "antwoord_form": AntwoordForm(),
            "reden_form": RedenForm(),
        },
    )


@require_POST
@rol_vereist(Rol.AANBIEDER, *PERSONEEL)
def voorstel_intrekken_view(request, pk):
    """The provider (or the desk for it) withdraws an open offer, with a reason."""
    voorstel = voorstel_voor_gebruiker(request.user, pk)
    form = RedenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Geef een reden om het voorstel in te trekken."))
    else:
        try:
            voorstel_intrekken(voorstel=voorstel, door=request.user, reden=form.cleaned_data["reden"])
            messages.success(request, _("Het voorstel is ingetrokken. Het gezin krijgt een e-mail."))
        except AanbodFout as fout:
            messages.error(request, str(fout))
    return redirect("aanmelding:voorstel", pk=voorstel.pk)


@require_POST
@rol_vereist(*PERSONEEL)
def antwoord_registreren(request, pk):
    """Desk staff record the family's answer given at the counter or by phone."""
    voorstel = voorstel_voor_gebruiker(request.user, pk)
    form = AntwoordForm(request.POST)
    if not form.is_valid():
        for fouten in form.errors.values():
            for fout in fouten:
                messages.error(request, fout)
        return redirect("aanmelding:voorstel", pk=voorstel.pk)
    try:
        if form.cleaned_data["antwoord"] == Antwoord.AANVAARD:
            voorstel_aanvaarden(voorstel=voorstel, door=request.user)
            messages.success(request, _("Het voorstel is aanvaard: de plaats is toegewezen."))
        else:
            voorstel_weigeren(
                voorstel=voorstel,
                door=request.user,
                reden=form.cleaned_data["weigerreden"],
                opmerking=form.cleaned_data["opmerking"],
            )
            messages.success(request, _("De weigering is geregistreerd. De aanvraag blijft lopen."))
    except AanbodFout as fout:
        messages.error(request, str(fout))
    return redirect("aanmelding:voorstel", pk=voorstel.pk)


@require_POST
@rol_vereist(Rol.AANBIEDER, *PERSONEEL)
def toewijzing_annuleren_view(request, pk):
    """The assignment falls through; the request goes back to being handled."""
    voorstel = voorstel_voor_gebruiker(request.user, pk)
    form = RedenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Geef een reden voor de annulering."))
    else:
        try:
            toewijzing_annuleren(voorstel=voorstel, door=request.user, reden=form.cleaned_data["reden"])
            messages.success(request, _("De toewijzing is geannuleerd. De aanvraag is terug in behandeling."))
        except AanbodFout as fout:
            messages.error(request, str(fout))
    return redirect("aanmelding:voorstel", pk=voorstel.pk)


@rol_vereist(Rol.AANBIEDER)
def voorstellen_aanbieder(request):
    """The provider's offers, open ones first."""
    voorstellen = (
        voorstellen_voor_gebruiker(request.user)
        .select_related("locatie", "vraag", "vraag__kind")
        .order_by("-voorgesteld_op", "-id")[:200]
    )
    return render(
        request, "aanmelding/voorstel/lijst.html", {"voorstellen": voorstellen, "toegewezen": VraagStatus.TOEGEWEZEN}
    )


# A request that can take a new offer (one with an open offer or closed cannot).
VOORSTEL_MOGELIJK = (VraagStatus.INGEDIEND, VraagStatus.IN_BEHANDELING)


@rol_vereist(*PERSONEEL)
def vraag_kandidaten(request, pk):
    """The locations that fit a request, ranked, with the reasons (also as a fragment: aanmelding/_kandidaten.html)."""
    vraag = opvangvraag_voor_gebruiker(request.user, pk)
    kandidaten = kandidaten_voor_vraag(vraag)
    # Each candidate offers a button to the offer form, preselected with it, while an offer can be made.
    voorstel_url = reverse("aanmelding:voorstel_loket", args=[vraag.pk]) if vraag.status in VOORSTEL_MOGELIJK else ""
    return render(
        request,
        "aanmelding/loket/kandidaten.html",
        {"vraag": vraag, "kandidaten": kandidaten, "voorstel_url": voorstel_url},
    )
