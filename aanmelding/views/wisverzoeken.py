"""Erasure requests for the coordinator (/loket/wisverzoeken/): list, look, anonymise or refuse.

Coordinators only (desk staff get 403); a request of another desk is a 404. The actions go
through privacy.gezin_anonimiseren and privacy.wisverzoek_weigeren.
"""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from loket.logboek import logregel_schrijven, logregels_schrijven
from loket.models import Rol
from loket.queries import loket_voor_medewerker, loketten_voor
from loket.toegang import rol_vereist

from ..models import OPEN_STATUSSEN, Opvangvraag
from ..privacy import gezin_anonimiseren, wisverzoek_weigeren
from ..queries import wisverzoek_voor_gebruiker, wisverzoeken_zichtbaar_voor
from ..registratie import AanmeldingFout

STATUS_KEUZES = {"open": Q(afgehandeld_op__isnull=True), "afgehandeld": Q(afgehandeld_op__isnull=False), "alle": Q()}


class AnonimiseerForm(forms.Form):
    bevestigen = forms.BooleanField(
        label=_("Ik heb nagekeken dat niets het wissen in de weg staat. Dit kan niet ongedaan gemaakt worden."),
        error_messages={"required": _("Vink aan dat je het nagekeken hebt.")},
    )


class WeigerForm(forms.Form):
    reden = forms.CharField(
        label=_("Waarom weiger je? Het gezin krijgt deze reden per e-mail."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


def _vragen_prefetch():
    return Prefetch(
        "gezin__opvangvragen",
        queryset=Opvangvraag.objects.order_by("ingediend_op", "pk"),
        to_attr="vragen",
    )


@rol_vereist(Rol.COORDINATOR)
def lijst(request):
    """The desk's erasure requests, open ones first; a fixed number of queries per page."""
    loket = loket_voor_medewerker(request.user, request.GET.get("loket") or None)
    status = request.GET.get("status") if request.GET.get("status") in STATUS_KEUZES else "open"
    verzoeken = (
        wisverzoeken_zichtbaar_voor(request.user)
        .filter(STATUS_KEUZES[status], gezin__loket=loket)
        .select_related("gezin", "afgehandeld_door")
        .annotate(open_vragen=Count("gezin__opvangvragen", filter=Q(gezin__opvangvragen__status__in=OPEN_STATUSSEN)))
        .prefetch_related(_vragen_prefetch())
        .order_by(F("afgehandeld_op").asc(nulls_first=True), "gevraagd_op", "pk")
    )
    pagina = Paginator(verzoeken, 25).get_page(request.GET.get("pagina"))
    logregels_schrijven(
        door=request.user,
        actie="gezin.bekeken",
        objecten=[verzoek.gezin for verzoek in pagina],
        details={"pagina": "wisverzoeken"},
    )
    return render(
        request,
        "aanmelding/loket/wisverzoeken.html",
        {
            "loket": loket,
            "loketten": list(loketten_voor(request.user).order_by("naam")),
            "pagina": pagina,
            "status": status,
            "querystring": urlencode({"loket": loket.code, "status": status}),
            "statussen": [("open", _("open")), ("afgehandeld", _("afgehandeld")), ("alle", _("alle"))],
        },
    )


def _verzoek_voor_coordinator(request, pk):
    """The erasure request if its family belongs to one of this coordinator's desks; 404 otherwise."""
    return wisverzoek_voor_gebruiker(
        request.user, pk, "gezin__loket", "gezin__gemeente", "afgehandeld_door", "gevraagd_door"
    )


@rol_vereist(Rol.COORDINATOR)
def detail(request, pk, anonimiseerform=None, weigerform=None):
    """One request with the family it is about: its parents, children and requests, and the two answers."""
    verzoek = _verzoek_voor_coordinator(request, pk)
    gezin = verzoek.gezin
    logregel_schrijven(
        door=request.user, actie="gezin.bekeken", object=gezin, loket=gezin.loket, details={"pagina": "wisverzoek"}
    )
    vragen = list(Opvangvraag.objects.filter(gezin=gezin).select_related("kind").order_by("ingediend_op", "pk"))
    return render(
        request,
        "aanmelding/loket/wisverzoek.html",
        {
            "verzoek": verzoek,
            "gezin": gezin,
            "ouders": list(gezin.ouders.order_by("pk")),
            "kinderen": list(gezin.kinderen.order_by("geboortedatum", "pk")),
            "vragen": vragen,
            "open_vragen": [vraag for vraag in vragen if vraag.is_open],
            "anonimiseerform": anonimiseerform or AnonimiseerForm(),
            "weigerform": weigerform or WeigerForm(),
        },
    )


@rol_vereist(Rol.COORDINATOR)
@require_POST
def anonimiseren(request, pk):
    verzoek = _verzoek_voor_coordinator(request, pk)
    form = AnonimiseerForm(request.POST)
    if not form.is_valid():
        return detail(request, pk, anonimiseerform=form)
    if not verzoek.is_open:
        messages.error(request, _("Dit verzoek werd al afgehandeld."))
        return redirect("aanmelding:wisverzoek", pk=verzoek.pk)
    try:
        gezin_anonimiseren(gezin=verzoek.gezin, door=request.user, reden="wisverzoek")
    except AanmeldingFout as fout:
        messages.error(request, str(fout))
        return redirect("aanmelding:wisverzoek", pk=verzoek.pk)
    messages.success(request, _("De gegevens van het gezin zijn gewist. De cijfers voor het jaarverslag blijven."))
    return redirect(f"{_lijst_url()}?loket={verzoek.gezin.loket.code}")


@rol_vereist(Rol.COORDINATOR)
@require_POST
def weigeren(request, pk):
    verzoek = _verzoek_voor_coordinator(request, pk)
    form = WeigerForm(request.POST)
    if not form.is_valid():
        return detail(request, pk, weigerform=form)
    try:
        wisverzoek_weigeren(verzoek=verzoek, door=request.user, reden=form.cleaned_data["reden"])
    except AanmeldingFout as fout:
        messages.error(request, str(fout))
        return redirect("aanmelding:wisverzoek", pk=verzoek.pk)
    messages.success(request, _("Het verzoek is geweigerd. Het gezin krijgt de reden per e-mail."))
    return redirect(f"{_lijst_url()}?loket={verzoek.gezin.loket.code}")


def _lijst_url():
    return reverse("aanmelding:wisverzoeken")
