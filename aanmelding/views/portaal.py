"""The parent portal (/mijn/): login by one-time link, the family's requests, changes and answers.

Only users with rol `ouder` use it; every request or offer is loaded through the one scoping rule
(opvangvragen_zichtbaar_voor), so another parent gets 404. Every page that shows the family's
data writes a Logregel `opvangvraag.bekeken`.
The family answers offers here, through the services of voorstellen.py.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from aanbod.models import AanbodFout
from loket.logboek import logregel_schrijven, logregels_schrijven
from loket.models import Logregel, Rol
from loket.na_antwoord import na_het_antwoord

from ..forms import OpvangForm, VoorkeurenForm
from ..inloglink import InloglinkFout, inloglink_aanmaken, inloglink_gebruiken
from ..models import (
    IntrekReden,
    Kanaal,
    Opvangvoorstel,
    VoorstelStatus,
    WeigerReden,
    weekschema_dagen,
)
from ..queries import (
    gezien_door_aanbieders,
    opvangvraag_voor_gebruiker,
    opvangvragen_zichtbaar_voor,
    voorstel_voor_gebruiker,
)
from ..registratie import AanmeldingFout, opvangvraag_intrekken, opvangvraag_wijzigen
from ..verschil import voorstel_verschil
from ..voorstellen import voorstel_aanvaarden, voorstel_weigeren
from .ouder import pdf_antwoord

# --- login without password ---------------------------------------------------------------------


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Je e-mailadres"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Het adres dat je gaf toen je opvang aanvroeg."),
        error_messages={"invalid": _("Dit is geen geldig e-mailadres. Bijvoorbeeld: naam@voorbeeld.be")},
    )


def _is_ouder(user):
    return user.is_authenticated and user.rol == Rol.OUDER


def portaal(request):
    """Anonymous: the e-mail form for a login link. A parent: the family's requests."""
    if request.user.is_authenticated and not _is_ouder(request.user):
        return redirect("loket:start")
    if not request.user.is_authenticated:
        return _inloggen(request)
    vragen = list(
        opvangvragen_zichtbaar_voor(request.user)
        .select_related("kind", "loket")
        .prefetch_related(
            Prefetch(
                "voorstellen",
                queryset=Opvangvoorstel.objects.filter(status=VoorstelStatus.OPEN).select_related("locatie"),
                to_attr="open_voorstellen",
            )
        )
        .order_by("-ingediend_op", "-id")
    )
    logregels_schrijven(door=request.user, actie="opvangvraag.bekeken", objecten=vragen, details={"pagina": "portaal"})
    return render(request, "aanmelding/ouder/portaal.html", {"vragen": vragen})


def _inloggen(request):
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The same answer whether the address is known or not, and whether the limit was reached;
        # and as fast: the link is made and mailed only after that answer has gone out.
        na_het_antwoord(inloglink_aanmaken, email=form.cleaned_data["email"], taal=(get_language() or "nl")[:2])
        return redirect("aanmelding:link_verstuurd")
    return render(request, "aanmelding/ouder/inloggen.html", {"form": form})


def link_verstuurd(request):
    return render(request, "aanmelding/ouder/link_verstuurd.html")


def inloglink(request, token):
    """GET asks to confirm (mail scanners that open links must not use them up); POST logs in."""
    if request.method == "POST":
        try:
            gebruiker = inloglink_gebruiken(token=token)
        except InloglinkFout as fout:
            messages.error(request, str(fout))
            return redirect("aanmelding:portaal")
        login(request, gebruiker, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Je bent ingelogd."))
        return redirect("aanmelding:portaal")
    return render(request, "aanmelding/ouder/inloglink.html", {"token": token})


# --- one request ----------------------------------------------------------------------------------


def _vraag_voor_ouder(request, pk):
    """The family's request, or 404 (the portal is for parents; the scoping rule decides the rest)."""
    if not _is_ouder(request.user):
        raise Http404
    return opvangvraag_voor_gebruiker(request.user, pk)


def _bekeken(request, vraag, pagina):
    logregel_schrijven(
        door=request.user, actie="opvangvraag.bekeken", object=vraag, loket=vraag.loket, details={"pagina": pagina}
    )


TIJDLIJN_TEKSTEN = {
    "opvangvraag.ingediend": _("Je aanvraag is ingediend."),
    "opvangvraag.in_behandeling": _("Het loket behandelt je aanvraag."),
    "opvangvraag.gewijzigd": _("Je aanvraag is gewijzigd."),
    "opvangvraag.ingetrokken": _("Je aanvraag is ingetrokken."),
    "opvangvraag.samengevoegd": _("Een dubbele aanvraag voor je kind werd hierbij gevoegd."),
    "opvangvoorstel.gedaan": _("%(locatie)s doet een voorstel."),
    "opvangvoorstel.aanvaard": _("Je aanvaardde het voorstel van %(locatie)s."),
    "opvangvoorstel.geweigerd": _("Je weigerde het voorstel van %(locatie)s."),
    "opvangvoorstel.verlopen": _("Het voorstel van %(locatie)s is verlopen: er kwam geen antwoord op tijd."),
    "opvangvoorstel.ingetrokken": _("%(locatie)s trok het voorstel in."),
    "opvangvoorstel.plaats_ingenomen": _(
        "Je wilde het voorstel van %(locatie)s aanvaarden, maar die plaats was niet meer vrij. Het voorstel vervalt."
    ),
    "opvangvoorstel.geannuleerd": _("De plaats bij %(locatie)s gaat niet door."),
}


def tijdlijn(vraag, voorstellen, gebruiker):
    """An honest timeline for the family: what happened, when, from the audit log (oldest first).

    Internal entries (notes, contacts, who viewed the file) stay out; providers that opened the
    request are shown from the `Gezien` rows.
    """
    ct_vraag = ContentType.objects.get_for_model(vraag)
    ct_voorstel = ContentType.objects.get_for_model(Opvangvoorstel)
    locaties = {str(v.pk): v.locatie.naam for v in voorstellen}
    regels = Logregel.objects.filter(
        Q(content_type=ct_vraag, object_id=str(vraag.pk)) | Q(content_type=ct_voorstel, object_id__in=list(locaties)),
        actie__in=list(TIJDLIJN_TEKSTEN),
    ).order_by("tijdstip", "id")
    items = []
    for regel in regels:
        tekst = TIJDLIJN_TEKSTEN[regel.actie] % {"locatie": locaties.get(regel.object_id, "")}
        if regel.actie == "opvangvraag.ingediend" and vraag.kanaal != Kanaal.ONLINE:
            tekst = f"{tekst} ({vraag.get_kanaal_display()})"
        if regel.actie in ("opvangvraag.gewijzigd", "opvangvraag.ingetrokken") and regel.gebruiker_id:
            tekst = f"{tekst} " + (
                gettext("Door jou.") if regel.gebruiker_id == gebruiker.pk else gettext("Door het loket.")
            )
        items.append({"op": regel.tijdstip, "tekst": tekst, "actie": regel.actie})
    for gezien in gezien_door_aanbieders(vraag):
        naam = gezien.locatie.naam if gezien.locatie_id else gezien.organisator.naam
        items.append(
            {
                "op": gezien.gezien_op,
                "tekst": gettext("%(naam)s heeft je aanvraag bekeken.") % {"naam": naam},
                "actie": "gezien",
            }
        )
    items.sort(key=lambda item: item["op"])
    return items


def vraag(request, pk):
    """One request: what was asked, the timeline, the offers, and what the parent can do."""
    vraag = _vraag_voor_ouder(request, pk)
    vraag = (
        type(vraag)
        .objects.select_related("kind", "loket", "voorkeur_gemeente")
        .prefetch_related("voorkeuren__locatie")
        .get(pk=vraag.pk)
    )
    voorstellen = list(vraag.voorstellen.select_related("locatie", "locatie__gemeente").order_by("-voorgesteld_op"))
    for voorstel in voorstellen:
        voorstel.verschil_zinnen = voorstel_verschil(voorstel, vraag)
    _bekeken(request, vraag, "vraag")
    return render(
        request,
        "aanmelding/ouder/vraag.html",
        {
            "vraag": vraag,
            "voorstellen": voorstellen,
            "open_voorstellen": [v for v in voorstellen if v.status == VoorstelStatus.OPEN],
            "tijdlijn": tijdlijn(vraag, voorstellen, request.user),
            "dagen": weekschema_dagen(vraag.weekschema),
        },
    )


def vraag_pdf(request, pk):
    vraag = _vraag_voor_ouder(request, pk)
    _bekeken(request, vraag, "pdf")
    return pdf_antwoord(vraag)


def wijzigen(request, pk):
    """Change the start date, the week schedule and the preferred locations of an open request."""
    vraag = _vraag_voor_ouder(request, pk)
    if not vraag.is_open:
        messages.error(request, _("Een afgesloten aanvraag kan je niet meer wijzigen."))
        return redirect("aanmelding:ouder_vraag", pk=vraag.pk)
    bestaande = list(vraag.voorkeuren.order_by("rang"))
    aantal = vraag.loket.max_voorkeuren or max(5, len(bestaande) + 3)
    initial = {
        "gewenste_startdatum": vraag.gewenste_startdatum,
        "weekschema": vraag.weekschema,
        **{naam: getattr(vraag, naam) for naam in OpvangForm.ATYPISCH},
        **VoorkeurenForm.initial_voor(vraag),
    }
    data = request.POST if request.method == "POST" else None
    opvang = OpvangForm(
        data,
        initial=initial,
        geboortedatum=vraag.kind.geboortedatum,
        huidige_startdatum=vraag.gewenste_startdatum,
    )
    voorkeuren = VoorkeurenForm(data, initial=initial, loket=vraag.loket, aantal=max(aantal, len(bestaande)))
    if request.method == "POST" and opvang.is_valid() & voorkeuren.is_valid():
        try:
            opvangvraag_wijzigen(vraag=vraag, door=request.user, **opvang.vraag_velden(), **voorkeuren.vraag_velden())
        except AanmeldingFout as fout:
            messages.error(request, str(fout))
        else:
            messages.success(request, _("Je aanvraag is gewijzigd."))
        return redirect("aanmelding:ouder_vraag", pk=vraag.pk)
    _bekeken(request, vraag, "wijzigen")
    return render(
        request, "aanmelding/ouder/wijzigen.html", {"vraag": vraag, "opvang": opvang, "voorkeuren": voorkeuren}
    )


class IntrekForm(forms.Form):
    reden = forms.ChoiceField(
        label=_("Waarom heb je geen opvang meer nodig via het loket?"),
        choices=[
            (IntrekReden.ELDERS_OPVANG_GEVONDEN, _("Ik vond elders opvang.")),
            (IntrekReden.NIET_MEER_NODIG, _("Ik heb geen opvang meer nodig.")),
            (IntrekReden.GEEN_OPVANG_GEVONDEN, _("Ik geef het op: ik vond geen opvang.")),
            (IntrekReden.ANDERE, _("Een andere reden.")),
        ],
        widget=forms.RadioSelect,
    )
    toelichting = forms.CharField(
        label=_("Wil je nog iets zeggen? (niet verplicht)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


def intrekken(request, pk):
    """Withdraw a request: GET is the confirmation step, POST withdraws."""
    vraag = _vraag_voor_ouder(request, pk)
    if not vraag.is_open:
        messages.error(request, _("Deze aanvraag is al afgesloten."))
        return redirect("aanmelding:ouder_vraag", pk=vraag.pk)
    form = IntrekForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            opvangvraag_intrekken(
                vraag=vraag,
                door=request.user,
                reden=form.cleaned_data["reden"],
                toelichting=form.cleaned_data["toelichting"],
            )
        except AanmeldingFout as fout:
            messages.error(request, str(fout))
        else:
            messages.success(request, _("Je aanvraag is ingetrokken. Je krijgt een e-mail als bevestiging."))
        return redirect("aanmelding:ouder_vraag", pk=vraag.pk)
    _bekeken(request, vraag, "intrekken")
    return render(request, "aanmelding/ouder/intrekken.html", {"vraag": vraag, "form": form})


# --- offers ---------------------------------------------------------------------------------------


class WeigerForm(forms.Form):
    reden = forms.ChoiceField(label=_("Waarom zeg je nee?"), choices=WeigerReden.choices, widget=forms.RadioSelect)
    opmerking = forms.CharField(
        label=_("Wil je nog iets zeggen? (niet verplicht)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


def _voorstel_voor_ouder(request, pk):
    if not _is_ouder(request.user):
        raise Http404
    return voorstel_voor_gebruiker(request.user, pk)


def voorstel(request, pk, weigerform=None):
    """One offer: the place, how it differs from the request, and the answer buttons."""
    voorstel = _voorstel_voor_ouder(request, pk)
    _bekeken(request, voorstel.vraag, "voorstel")
    return render(
        request,
        "aanmelding/ouder/voorstel.html",
        {
            "voorstel": voorstel,
            "vraag": voorstel.vraag,
            "verschil": voorstel_verschil(voorstel, voorstel.vraag),
            "dagen": weekschema_dagen(voorstel.weekschema),
            "weigerform": weigerform or WeigerForm(),
            "is_open": voorstel.status == VoorstelStatus.OPEN,
        },
    )


def voorstel_aanvaarden_view(request, pk):
    """Accept an offer, in two steps: GET (or a POST without `bevestigd=ja`) shows what the family says
    yes to and that it cannot be undone; the POST of that page (`bevestigd=ja`) accepts."""
    voorstel_obj = _voorstel_voor_ouder(request, pk)
    if request.method != "POST" or request.POST.get("bevestigd") != "ja":
        if voorstel_obj.status != VoorstelStatus.OPEN:
            return redirect("aanmelding:ouder_voorstel", pk=voorstel_obj.pk)
        if request.method == "POST":
            return redirect("aanmelding:ouder_aanvaarden", pk=voorstel_obj.pk)
        _bekeken(request, voorstel_obj.vraag, "aanvaarden")
        return render(
            request,
            "aanmelding/ouder/aanvaarden.html",
            {
                "voorstel": voorstel_obj,
                "vraag": voorstel_obj.vraag,
                "dagen": weekschema_dagen(voorstel_obj.weekschema),
            },
        )
    try:
        voorstel_aanvaarden(voorstel=voorstel_obj, door=request.user)
    except AanbodFout as fout:
        messages.error(request, str(fout))
        return redirect("aanmelding:ouder_voorstel", pk=voorstel_obj.pk)
    messages.success(request, _("Je aanvaardde de plaats. Proficiat! De opvang neemt contact met je op."))
    return redirect("aanmelding:ouder_vraag", pk=voorstel_obj.vraag_id)


@require_POST
def voorstel_weigeren_view(request, pk):
    voorstel_obj = _voorstel_voor_ouder(request, pk)
    form = WeigerForm(request.POST)
    if not form.is_valid():
        return voorstel(request, pk, weigerform=form)
    try:
        voorstel_weigeren(
            voorstel=voorstel_obj,
            door=request.user,
            reden=form.cleaned_data["reden"],
            opmerking=form.cleaned_data["opmerking"],
        )
    except AanbodFout as fout:
        messages.error(request, str(fout))
        return redirect("aanmelding:ouder_voorstel", pk=voorstel_obj.pk)
    messages.success(request, _("Je zei nee tegen dit voorstel. Je aanvraag blijft lopen."))
    return redirect("aanmelding:ouder_vraag", pk=voorstel_obj.vraag_id)
