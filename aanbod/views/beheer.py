"""The coordinator's provider pages (/loket/aanbieders/): organisations, locations, invitations, import.

Organisations, locations and provider accesses are reached through organisator_voor_coordinator,
locatie_voor_coordinator and toegang_voor_coordinator: only those of the coordinator's desks' area
(404 otherwise). An organisation that also has locations in another desk's area is seen only
through the locations in the own area: its details and organisation-wide accesses are then
read-only here (they reach the other desk's families too).
"""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from loket.models import Gemeente, Loket, Rol
from loket.queries import loket_voor_medewerker, loketten_voor
from loket.toegang import rol_vereist

from ..forms import LocatieBeheerForm, LocatieImportForm, OrganisatorForm, UitnodigingForm
from ..importeren_locaties import KOLOMMEN, VERPLICHT, locaties_importeren
from ..models import AanbodFout, Locatie
from ..organisatoren import (
    aanbieder_toegang_intrekken,
    aanbieder_uitnodigen,
    locatie_aanmaken,
    locatie_wijzigen,
    organisator_aanmaken,
    organisator_wijzigen,
)
from ..queries import (
    geldig_dagen_expressie,
    locatie_voor_coordinator,
    locaties_voor_coordinator,
    open_plaatsen_prefetch,
    organisator_voor_coordinator,
    organisatoren_voor_coordinator,
    toegang_voor_coordinator,
    toegangen_voor_coordinator,
    versheid_toevoegen,
)

coordinator_vereist = rol_vereist(Rol.COORDINATOR)


def _gebied(gebruiker):
    """The municipalities a coordinator may put a location in."""
    if gebruiker.is_beheerder:
        return Gemeente.objects.order_by("naam_nl")
    gebied = Loket.werkingsgebied.through.objects.filter(loket__in=loketten_voor(gebruiker)).values("gemeente")
    return Gemeente.objects.filter(pk__in=gebied).order_by("naam_nl")


@coordinator_vereist
def organisatoren(request):
    """The provider organisations of the desk's area, with their locations, and a form to add one."""
    locaties = locaties_voor_coordinator(request.user)
    lijst = (
        organisatoren_voor_coordinator(request.user)
        .annotate(
            aantal_gebruikers=Count(
                "toegangen__gebruiker",
                distinct=True,
                filter=Q(toegangen__in=toegangen_voor_coordinator(request.user).values("pk")),
            )
        )
        .prefetch_related(
            Prefetch(
                "locaties",
                queryset=locaties.select_related("gemeente")
                .annotate(geldig_dagen=geldig_dagen_expressie())
                .prefetch_related(open_plaatsen_prefetch())
                .order_by("naam", "pk"),
                to_attr="gebied_locaties",
            )
        )
        .order_by("naam", "pk")
    )
    form = OrganisatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        loket = loket_voor_medewerker(request.user)
        try:
            organisator = organisator_aanmaken(door=request.user, loket=loket, **form.cleaned_data)
        except AanbodFout as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, _("%(naam)s is toegevoegd. Voeg nu de locaties toe.") % {"naam": organisator})
            return redirect("aanbod:beheer_organisator", pk=organisator.pk)
    lijst = list(lijst)
    for organisator in lijst:
        versheid_toevoegen(organisator.gebied_locaties)
    return render(request, "aanbod/beheer/organisatoren.html", {"organisatoren": lijst, "form": form})


@coordinator_vereist
def organisator(request, pk):
    """One organisation: its details, its locations in the area, its users, and the invitation form."""
    organisator = organisator_voor_coordinator(request.user, pk)
    if request.method == "POST" and not organisator.geheel_in_gebied:
        raise PermissionDenied
    form = OrganisatorForm(request.POST or None, instance=copy.copy(organisator))
    if request.method == "POST" and form.is_valid():
        try:
            organisator_wijzigen(organisator=organisator, door=request.user, **form.cleaned_data)
        except AanbodFout as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, _("De gegevens van de organisator zijn bewaard."))
            return redirect("aanbod:beheer_organisator", pk=organisator.pk)
    return _organisator_scherm(request, organisator, form=form)


def _gebied_locaties(request, organisator):
    return locaties_voor_coordinator(request.user).filter(organisator=organisator)


def _organisator_scherm(request, organisator, *, form=None, uitnodiging=None, status=200):
    locaties = _gebied_locaties(request, organisator).select_related("gemeente").order_by("naam", "pk")
    toegangen = (
        toegangen_voor_coordinator(request.user)
        .filter(organisator=organisator)
        .select_related("gebruiker", "locatie")
        .order_by("gebruiker__email", "pk")
    )
    form = form or OrganisatorForm(instance=copy.copy(organisator))
    if not organisator.geheel_in_gebied:
        for veld in form.fields.values():
            veld.disabled = True
    return render(
        request,
        "aanbod/beheer/organisator.html",
        {
            "organisator": organisator,
            "form": form,
            "locaties": locaties,
            "toegangen": toegangen,
            "uitnodiging": uitnodiging or _uitnodiging_form(request, organisator),
        },
        status=status,
    )


def _uitnodiging_form(request, organisator, data=None):
    return UitnodigingForm(
        data,
        organisator=organisator,
        locaties=_gebied_locaties(request, organisator),
        hele_organisatie=organisator.geheel_in_gebied,
    )


@require_POST
@coordinator_vereist
def uitnodigen(request, pk):
    """Invite a provider user by e-mail, for one location in the area, or for the whole organisation
    when all its locations lie in the area."""
    organisator = organisator_voor_coordinator(request.user, pk)
    form = _uitnodiging_form(request, organisator, request.POST)
    if form.is_valid():
        try:
            aanbieder_uitnodigen(organisator=organisator, door=request.user, **form.cleaned_data)
        except AanbodFout as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(
                request, _("Er is een uitnodiging gestuurd naar %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("aanbod:beheer_organisator", pk=organisator.pk)
    return _organisator_scherm(request, organisator, uitnodiging=form, status=400)


@require_POST
@coordinator_vereist
def toegang_intrekken(request, pk):
    toegang = toegang_voor_coordinator(request.user, pk)
    organisator_pk = toegang.organisator_id
    aanbieder_toegang_intrekken(toegang=toegang, door=request.user)
    messages.success(request, _("De toegang van %(email)s is ingetrokken.") % {"email": toegang.gebruiker.email})
    return redirect("aanbod:beheer_organisator", pk=organisator_pk)


@coordinator_vereist
def locatie_nieuw(request, pk):
    organisator = organisator_voor_coordinator(request.user, pk)
    form = LocatieBeheerForm(
        request.POST or None, instance=Locatie(organisator=organisator), gemeenten=_gebied(request.user)
    )
    if request.method == "POST" and form.is_valid():
        velden = form.wijzigingen()
        try:
            locatie = locatie_aanmaken(
                organisator=organisator,
                door=request.user,
                naam=velden.pop("naam"),
                type=velden.pop("type"),
                gemeente=velden.pop("gemeente"),
                **velden,
            )
        except AanbodFout as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, _("Locatie %(naam)s is toegevoegd.") % {"naam": locatie})
            return redirect("aanbod:beheer_organisator", pk=organisator.pk)
    return render(request, "aanbod/beheer/locatie.html", {"organisator": organisator, "form": form, "locatie": None})


@coordinator_vereist
def locatie(request, pk):
    locatie = locatie_voor_coordinator(request.user, pk)
    form = LocatieBeheerForm(request.POST or None, instance=copy.copy(locatie), gemeenten=_gebied(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            locatie_wijzigen(locatie=locatie, door=request.user, **form.wijzigingen())
        except AanbodFout as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, _("De gegevens van %(locatie)s zijn bewaard.") % {"locatie": locatie})
            return redirect("aanbod:beheer_organisator", pk=locatie.organisator_id)
    return render(
        request, "aanbod/beheer/locatie.html", {"organisator": locatie.organisator, "form": form, "locatie": locatie}
    )


@coordinator_vereist
def importeren(request):
    """Upload an xlsx of locations: all or nothing, every error listed (same code as `importeer_locaties`)."""
    form = LocatieImportForm(request.POST or None, request.FILES or None)
    resultaat = None
    if request.method == "POST" and form.is_valid():
        loket = loket_voor_medewerker(request.user)
        gemeenten = None if request.user.is_beheerder else _gebied(request.user)
        resultaat = locaties_importeren(
            form.cleaned_data["bestand"], door=request.user, gemeenten=gemeenten, loket=loket
        )
        if resultaat.gelukt:
            messages.success(
                request,
                _(
                    "Import gelukt: %(aangemaakt)s locatie(s) aangemaakt, %(gewijzigd)s gewijzigd, "
                    "%(ongewijzigd)s ongewijzigd."
                )
                % {
                    "aangemaakt": resultaat.aangemaakt,
                    "gewijzigd": resultaat.gewijzigd,
                    "ongewijzigd": resultaat.ongewijzigd,
                },
            )
            return redirect("aanbod:beheer_organisatoren")
    return render(
        request,
        "aanbod/beheer/importeren.html",
        {
            "form": form,
            "resultaat": resultaat,
            "kolommen": KOLOMMEN,
            "verplicht": VERPLICHT,
        },
        status=400 if resultaat is not None and not resultaat.gelukt else 200,
    )
