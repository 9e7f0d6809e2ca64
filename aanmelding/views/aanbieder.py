"""The provider portal (/aanbieder/), demand side: the home page, the inbox, direct requests, referrals, candidates.

Every view is for provider users (rol_vereist) and reaches objects only through the scoping
helpers: locaties_voor_aanbieder / vrije_plaats_voor_aanbieder (aanbod) for the provider's own
data, opvangvragen_zichtbaar_voor / opvangvraag_voor_gebruiker for requests. Any other number in
a URL is a 404. The location and free-place screens are aanbod's (aanbod/views/aanbieder.py).
"""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Value, When
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aanbod.models import AanbodFout, VrijePlaats
from aanbod.queries import (
    geldig_dagen_expressie,
    locaties_voor_aanbieder,
    loketten_voor_locatie,
    open_plaatsen_prefetch,
    versheid_toevoegen,
    vrije_plaats_voor_aanbieder,
)
from loket.logboek import logregel_schrijven
from loket.models import Rol
from loket.toegang import rol_vereist

from ..doorverwijzingen import doorverwijzing_maken
from ..forms_aanbieder import DoorverwijzingForm, DoorverwijzingVraagForm, OpvangvraagVoorGezinForm
from ..inbox import opvangvraag_gezien_markeren, opvangvraag_registreren_door_aanbieder
from ..matching import ATYPISCH, kandidaten_voor_vraag, leeftijd_in_maanden, vragen_voor_vrije_plaats
from ..models import OPEN_STATUSSEN, VOORRANGSGROEP_Q, Doorverwijzing, Gezien, Voorkeur
from ..queries import opvangvraag_voor_gebruiker, opvangvragen_zichtbaar_voor

aanbieder_vereist = rol_vereist(Rol.AANBIEDER)


def _eigen_locaties(gebruiker):
    return (
        locaties_voor_aanbieder(gebruiker)
        .select_related("gemeente")
        .annotate(geldig_dagen=geldig_dagen_expressie())
        .prefetch_related(open_plaatsen_prefetch())
        .order_by("naam", "pk")
    )


def _open_vragen(gebruiker):
    return opvangvragen_zichtbaar_voor(gebruiker).filter(status__in=OPEN_STATUSSEN)


@aanbieder_vereist
def home(request):
    """The provider's home: each location with its free places, when they were last confirmed, one-click confirm."""
    locaties = versheid_toevoegen(_eigen_locaties(request.user))
    ongezien = (
        _open_vragen(request.user)
        .exclude(gezien__organisator__toegangen__gebruiker=request.user)
        .values("pk")
        .distinct()
        .count()
    )
    return render(request, "aanmelding/aanbieder/home.html", {"locaties": locaties, "ongezien": ongezien})


@aanbieder_vereist
def vrije_plaats_kandidaten(request, pk):
    """The open requests this provider may see that fit one free place, ranked."""
    plaats = vrije_plaats_voor_aanbieder(request.user, pk)
    kandidaten = vragen_voor_vrije_plaats(plaats, vragen=opvangvragen_zichtbaar_voor(request.user))
    for kandidaat in kandidaten:
        _vraag_samenvatten(kandidaat.vraag)
    return render(request, "aanmelding/aanbieder/plaats_kandidaten.html", {"plaats": plaats, "kandidaten": kandidaten})


def _vraag_samenvatten(vraag, vandaag=None):
    """What a provider needs to decide, and nothing that identifies the family."""
    vandaag = vandaag or timezone.localdate()
    vraag.leeftijd_bij_start = leeftijd_in_maanden(vraag.kind.geboortedatum, vraag.gewenste_startdatum)
    vraag.reactie_tegen = timezone.localtime(vraag.ingediend_op).date() + datetime.timedelta(
        days=vraag.loket.reactietermijn_dagen
    )
    vraag.reactie_dagen_over = (vraag.reactie_tegen - vandaag).days
    vraag.atypische_momenten = [moment for moment in ATYPISCH if getattr(vraag, moment)]
    vraag.voorrangsredenen = [
        str(vraag._meta.get_field(veld).verbose_name)
        for veld in (
            "vg_werk_of_opleiding",
            "vg_alleenstaande_ouder",
            "vg_laag_inkomen",
            "vg_pleegkind",
            "vg_broer_of_zus",
            "vg_zonder_detail",
        )
        if getattr(vraag, veld)
    ]
    return vraag


@aanbieder_vereist
def inbox(request):
    """Open requests that chose one of the provider's locations (or were shared as urgent), in the desk's order.

    Order: urgent first, then priority group, then the longest waiting. The list shows no name,
    address or contact of the family.
    """
    eigen = locaties_voor_aanbieder(request.user).values("pk")
    gezien = Gezien.objects.filter(vraag=OuterRef("pk"), organisator__toegangen__gebruiker=request.user)
    vragen = (
        _open_vragen(request.user)
        .select_related("kind", "loket", "gemeente")
        .annotate(
            in_voorrangsgroep=Case(
                When(VOORRANGSGROEP_Q, then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
            al_gezien=Exists(gezien),
        )
        .prefetch_related(
            Prefetch(
                "voorkeuren",
                queryset=Voorkeur.objects.filter(locatie__in=eigen).select_related("locatie"),
                to_attr="eigen_voorkeuren",
            )
        )
        .order_by("-dringend", "-in_voorrangsgroep", "ingediend_op", "pk")
    )
    pagina = Paginator(vragen, 25).get_page(request.GET.get("pagina"))
    vandaag = timezone.localdate()
    for vraag in pagina.object_list:
        _vraag_samenvatten(vraag, vandaag)
    plaatsen = (
        VrijePlaats.objects.filter(locatie__in=eigen, aantal__gt=0).select_related("locatie").order_by("vanaf", "id")
    )
    return render(request, "aanmelding/aanbieder/inbox.html", {"pagina": pagina, "plaatsen": plaatsen})


@aanbieder_vereist
def inbox_vraag(request, pk):
    """One request as a provider sees it. The first opening marks it "gezien" for the family."""
    vraag = opvangvraag_voor_gebruiker(request.user, pk)
    opvangvraag_gezien_markeren(vraag=vraag, door=request.user)
    logregel_schrijven(door=request.user, actie="opvangvraag.bekeken", object=vraag, loket=vraag.loket)
    vraag = _vraag_samenvatten(
        type(vraag).objects.select_related("kind", "gezin", "loket", "gemeente").get(pk=vraag.pk)
    )
    eigen = locaties_voor_aanbieder(request.user)
    kandidaten = kandidaten_voor_vraag(vraag, locaties=eigen)
    doorverwezen = Doorverwijzing.objects.filter(vraag=vraag, organisator__toegangen__gebruiker=request.user).exists()
    return render(
        request,
        "aanmelding/aanbieder/vraag.html",
        {
            "vraag": vraag,
            "kandidaten": kandidaten,
            "doorverwijs_form": DoorverwijzingVraagForm(),
            "doorverwezen": doorverwezen,
        },
    )


@require_POST
@aanbieder_vereist
def inbox_doorverwijzen(request, pk):
    """Refer a request the provider cannot help with to the desk, in one action."""
    vraag = opvangvraag_voor_gebruiker(request.user, pk)
    form = DoorverwijzingVraagForm(request.POST)
    eigen = list(locaties_voor_aanbieder(request.user).filter(voorkeuren__vraag=vraag).order_by("voorkeuren__rang"))
    eigen = eigen or list(locaties_voor_aanbieder(request.user).order_by("naam")[:1])
    if not form.is_valid() or not eigen:
        messages.error(request, _("Kies waarom je het gezin doorverwijst."))
        return redirect("aanmelding:inbox_vraag", pk=vraag.pk)
    try:
        doorverwijzing_maken(door=request.user, locatie=eigen[0], vraag=vraag, **form.cleaned_data)
    except AanbodFout as fout:
        messages.error(request, str(fout))
    else:
        messages.success(request, _("De aanvraag is doorverwezen naar het loket."))
    return redirect("aanmelding:inbox_vraag", pk=vraag.pk)


@aanbieder_vereist
def opvangvraag_registreren(request):
    """Register a request that reached the provider directly, on the family's behalf, in the central request.

    For a child that already has a request the desk gets a referral instead; the provider sees
    the same confirmation either way, and an empty form for the next family.
    """
    locaties = locaties_voor_aanbieder(request.user).filter(actief=True)
    form = OpvangvraagVoorGezinForm(request.POST or None, locaties=locaties)
    if request.method == "POST" and form.is_valid():
        argumenten = form.service_argumenten()
        loket = loketten_voor_locatie(argumenten["locatie"]).first()
        if loket is None:
            form.add_error("locatie", _("Deze locatie ligt niet in het werkingsgebied van een lokaal loket."))
        else:
            try:
                opvangvraag_registreren_door_aanbieder(loket=loket, door=request.user, **argumenten)
            except AanbodFout as fout:
                form.add_error(None, str(fout))
            else:
                # One answer whether the child was new or already had a request (then the desk got a
                # referral): a provider may not learn from this form which children have a request.
                messages.success(
                    request,
                    _(
                        "Bedankt. %(loket)s heeft de aanvraag voor %(kind)s ontvangen en neemt ze verder op met "
                        "het gezin."
                    )
                    % {"loket": loket, "kind": argumenten["kind"]["voornaam"]},
                )
                return redirect("aanmelding:opvangvraag_registreren")
    return render(request, "aanmelding/aanbieder/aanvraag.html", {"form": form})


@aanbieder_vereist
def doorverwijzen(request):
    """Refer a family without a request to the desk, with the contact details it agreed to pass on."""
    locaties = locaties_voor_aanbieder(request.user)
    form = DoorverwijzingForm(request.POST or None, locaties=locaties)
    if request.method == "POST" and form.is_valid():
        gegevens = dict(form.cleaned_data)
        locatie = gegevens.pop("locatie")
        loket = loketten_voor_locatie(locatie).first()
        try:
            doorverwijzing_maken(door=request.user, locatie=locatie, loket=loket, **gegevens)
        except AanbodFout as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, _("Het gezin is doorverwezen naar %(loket)s.") % {"loket": loket})
            return redirect("aanmelding:aanbieder_home")
    return render(request, "aanmelding/aanbieder/doorverwijzen.html", {"form": form})
