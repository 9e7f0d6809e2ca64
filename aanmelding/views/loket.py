"""The desk (/loket/): worklist, registration at the counter or by phone, a request's page and its actions.

Every view is for desk staff (rol_vereist) and reaches requests only through
opvangvragen_zichtbaar_voor: a request of another desk is a 404.
"""

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from loket.expressies import Aantal
from loket.logboek import logregel_schrijven, logregels_schrijven
from loket.models import Rol
from loket.queries import loket_en_loketten_voor_medewerker
from loket.toegang import PERSONEEL, rol_vereist

from ..filters import OPEN, WerklijstFilter
from ..forms import AdresForm, GezinForm, OuderForm, VoorkeurenForm
from ..forms_loket import (
    AanmeldFormulieren,
    BalieForm,
    ContactForm,
    DringendForm,
    GezinZoekForm,
    IntrekForm,
    KwetsbaarForm,
    NotitieForm,
    SamenvoegForm,
    WijzigForm,
)
from ..models import Contactmoment, Doorverwijzing, Kanaal, Notitie, VraagStatus, Wisverzoek
from ..pdf import bewijs_pdf
from ..queries import (
    gezin_voor_gebruiker,
    gezinnen_zoeken,
    kind_voor_gebruiker,
    mogelijke_dubbels,
    opvangvraag_voor_gebruiker,
    tijdlijn,
    werklijst_vragen,
)
from ..registratie import (
    OUDER_WIJZIGBAAR,
    AanmeldingFout,
    aanmelding_registreren,
    contactmoment_registreren,
    gezin_kwetsbaar_markeren,
    gezin_wijzigen,
    notitie_toevoegen,
    opvangvraag_in_behandeling_nemen,
    opvangvraag_intrekken,
    opvangvraag_wijzigen,
    opvangvragen_samenvoegen,
    ouder_toevoegen,
    ouder_wijzigen,
    wachttijd,
)
from ..tijdlijn import tijdlijn_in_woorden

PAGINAGROOTTES = (10, 25, 50, 100)

# Readable names for the audit log's action codes on a request's timeline; unknown codes show as is.
ACTIES = {
    "opvangvraag.ingediend": gettext_lazy("aanvraag ingediend"),
    "opvangvraag.in_behandeling": gettext_lazy("in behandeling genomen"),
    "opvangvraag.gewijzigd": gettext_lazy("aanvraag gewijzigd"),
    "opvangvraag.ingetrokken": gettext_lazy("aanvraag ingetrokken"),
    "opvangvraag.geen_reactie": gettext_lazy("geen reactie van aanbieders binnen de termijn"),
    "opvangvraag.bekeken": gettext_lazy("bekeken"),
    "opvangvraag.gezien": gettext_lazy("gezien door een aanbieder"),
    "opvangvraag.notitie": gettext_lazy("notitie toegevoegd"),
    "opvangvraag.contact": gettext_lazy("contact geregistreerd"),
    "opvangvraag.samengevoegd": gettext_lazy("een dubbele aanvraag werd hierin samengevoegd"),
    "opvangvraag.samengevoegd_in": gettext_lazy("samengevoegd in een andere aanvraag"),
    "gezin.kwetsbaar_gemarkeerd": gettext_lazy("gezin als kwetsbaar gemarkeerd"),
    "gezin.gewijzigd": gettext_lazy("gegevens van het gezin gewijzigd"),
    "gezin.ouder_gewijzigd": gettext_lazy("gegevens van een ouder gewijzigd"),
    "gezin.ouder_toegevoegd": gettext_lazy("ouder toegevoegd"),
    "opvangvoorstel.gedaan": gettext_lazy("voorstel gedaan"),
    "opvangvoorstel.aanvaard": gettext_lazy("voorstel aanvaard"),
    "opvangvoorstel.geweigerd": gettext_lazy("voorstel geweigerd"),
    "opvangvoorstel.verlopen": gettext_lazy("voorstel verlopen"),
    "opvangvoorstel.ingetrokken": gettext_lazy("voorstel ingetrokken"),
    "opvangvoorstel.plaats_ingenomen": gettext_lazy(
        "voorstel vervallen: de vrije plaats was al ingenomen bij het aanvaarden"
    ),
    "opvangvoorstel.geannuleerd": gettext_lazy("toewijzing geannuleerd"),
    "opvangvoorstel.herinnerd": gettext_lazy("herinnering over een voorstel gestuurd"),
}
STANDAARD_PAGINAGROOTTE = 25


def _paginagrootte(request):
    try:
        grootte = int(request.GET.get("per", STANDAARD_PAGINAGROOTTE))
    except ValueError:
        return STANDAARD_PAGINAGROOTTE
    return grootte if grootte in PAGINAGROOTTES else STANDAARD_PAGINAGROOTTE


def _pagina(gefilterd, rijen, grootte, nummer):
    """One page of `gefilterd`: order on the narrow primary keys, then fetch the page's rows (with
    their joins and prefetches) from `rijen`. A deep page then sorts ids, not whole joined rows
    (bench/aanmelding.py: the last of 20,000 went from ~80 to ~15 ms in SQL).

    The paginator's count comes with the page's ids, as a scalar subquery of the same query (one
    query less; PostgreSQL runs it once, from an index only). A page number past the end has no
    rows to carry the count: then, as Paginator.get_page does, the last page, with a count of its own.
    So is a number whose offset would not fit the database's integer (`?pagina=10**20`).
    """
    ids = gefilterd.values_list("pk", flat=True)
    paginator = Paginator(ids, grootte)
    try:
        nummer = int(nummer)
    except (TypeError, ValueError):
        nummer = 1
    treffers = []
    if 1 <= nummer <= 1_000_000:
        begin = (nummer - 1) * grootte
        aantal = Aantal(gefilterd.order_by().values("pk"))
        treffers = list(gefilterd.annotate(_aantal=aantal).values_list("pk", "_aantal")[begin : begin + grootte])
    if treffers or nummer == 1:
        paginator.count = treffers[0][1] if treffers else 0
        pagina = Page([pk for pk, _aantal in treffers], nummer, paginator)
    else:
        pagina = paginator.get_page(nummer)
    per_pk = rijen.in_bulk(list(pagina.object_list))
    pagina.object_list = [per_pk[pk] for pk in pagina.object_list]
    return pagina


@rol_vereist(*PERSONEEL)
def werklijst(request):
    """The desk's worklist: filters, sort orders, pages; a fixed number of queries per page."""
    # The desk and the desk chooser's list in one query.
    loket, loketten = loket_en_loketten_voor_medewerker(request.user, request.GET.get("loket") or None)
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = OPEN  # a worklist is about what is still open, unless asked otherwise
    vragen = werklijst_vragen(request.user, loket)
    filterset = WerklijstFilter(data, queryset=vragen, loket=loket)
    pagina = _pagina(filterset.qs, vragen, _paginagrootte(request), request.GET.get("pagina"))
    vandaag = timezone.localdate()
    # Labels translated once per page, not once per row (most of a long page's rendering time).
    statussen = {waarde: str(label) for waarde, label in VraagStatus.choices}
    kanalen = {waarde: str(label) for waarde, label in Kanaal.choices}
    # The category badges (templates' _categorieen.html), built here: an include per row was about
    # a tenth of the page's time (bench/aanmelding.py, profiled).
    kenmerken = [
        ("text-bg-danger", _("dringend"), lambda v: v.dringend),
        ("text-bg-info", _("atypisch"), lambda v: v.atypisch),
        ("text-bg-primary", _("voorrang"), lambda v: v.voorrangsgroep),
        ("text-bg-warning", _("kwetsbaar"), lambda v: v.gezin.kwetsbaar),
        ("text-bg-secondary", _("zorg"), lambda v: v.kind.specifieke_zorgbehoefte),
    ]
    kenmerken = [(css, str(label), test) for css, label, test in kenmerken]
    for vraag in pagina:
        vraag.kenmerken = [(css, label) for css, label, test in kenmerken if test(vraag)]
        vraag.wachtdagen = wachttijd(vraag, vandaag=vandaag)
        vraag.status_label, vraag.kanaal_label = statussen[vraag.status], kanalen[vraag.kanaal]
        # Looked up here, not as `gezin.ouders.all.0` in the template: that lookup tries a dict
        # key and an attribute (with a dir() of the list) before the index, for every row.
        ouders = vraag.gezin.ouders.all()
        vraag.eerste_ouder = ouders[0] if ouders else None
    # The rows show children's and parents' names: every look at them is logged, in one query.
    logregels_schrijven(
        door=request.user, actie="opvangvraag.bekeken", objecten=pagina.object_list, details={"pagina": "werklijst"}
    )
    zonder_pagina = data.copy()
    zonder_pagina.pop("pagina", None)
    # A search that finds nothing under the status filter says what it finds under another status.
    andere_status = 0
    if pagina.paginator.count == 0 and data.get("zoek", "").strip() and data.get("status"):
        alle_statussen = data.copy()
        alle_statussen["status"] = ""
        andere_status = WerklijstFilter(alle_statussen, queryset=vragen, loket=loket).qs.count()
        alle_statussen.pop("pagina", None)
        andere_status_query = alle_statussen.urlencode()
    # Erasure requests wait for a coordinator: they see how many are open where they start their day.
    open_wisverzoeken = (
        Wisverzoek.objects.filter(gezin__loket=loket, afgehandeld_op__isnull=True).count()
        if request.user.rol == Rol.COORDINATOR or request.user.is_beheerder
        else 0
    )
    return render(
        request,
        "aanmelding/loket/werklijst.html",
        {
            "loket": loket,
            "open_wisverzoeken": open_wisverzoeken,
            "loketten": loketten,
            "filter": filterset,
            "velden": filterset.velden(),
            "pagina": pagina,
            "querystring": zonder_pagina.urlencode(),
            "andere_status": andere_status,
            "andere_status_query": andere_status_query if andere_status else "",
            "paginagroottes": PAGINAGROOTTES,
            "per": _paginagrootte(request),
        },
    )


@rol_vereist(*PERSONEEL)
def aanmelden(request):
    """Registration at the counter or on the phone: search the family first, then one form.

    `?gezin=<pk>` registers a new child of a family found; `?kind=<pk>` a new request for a
    child found (after an earlier request was closed). A child that already has an open request
    is refused with a link to that request.
    """
    loket, loketten = loket_en_loketten_voor_medewerker(request.user, request.GET.get("loket") or None)
    gezin = kind = None
    doorverwijzing = _doorverwijzing_zonder_vraag(loket, request.GET.get("doorverwijzing"))
    if request.GET.get("kind"):
        kind = kind_voor_gebruiker(request.user, _pk(request.GET["kind"]), "gezin", loket=loket)
    elif request.GET.get("gezin"):
        gezin = gezin_voor_gebruiker(request.user, _pk(request.GET["gezin"]), loket=loket)

    zoekvelden = ("naam", "geboortedatum", "email", "telefoon")
    zoekform = GezinZoekForm(request.GET if any(request.GET.get(v) for v in zoekvelden) else None)
    gevonden = None
    if zoekform.is_bound and zoekform.is_valid():
        gevonden = gezinnen_zoeken(loket, **{veld: zoekform.cleaned_data[veld] for veld in zoekvelden})
        # The results show names, phones, streets and children: a look at each family (the search
        # terms themselves are personal data and stay out of the log).
        logregels_schrijven(
            door=request.user, actie="gezin.bekeken", objecten=gevonden, details={"pagina": "balie_zoeken"}
        )
        for gevonden_gezin in gevonden:
            for gevonden_kind in gevonden_gezin.kinderen.all():
                gevonden_kind.vragen = [v for v in gevonden_gezin.opvangvragen.all() if v.kind_id == gevonden_kind.pk]
                gevonden_kind.loopt = any(v.is_open for v in gevonden_kind.vragen)

    bestaande_vraag = None
    if request.method == "POST":
        formulieren = AanmeldFormulieren(request.POST, loket=loket, gezin=gezin, kind=kind)
        balie = BalieForm(request.POST, prefix="balie")
        if all([formulieren.is_valid(), balie.is_valid()]):
            try:
                vraag = aanmelding_registreren(
                    kanaal=balie.cleaned_data["kanaal"],
                    door=request.user,
                    kwetsbaar_reden=balie.cleaned_data["kwetsbaar_reden"],
                    **formulieren.kwargs_voor_registratie(),
                )
            except AanmeldingFout as fout:
                bestaande_vraag = fout.bestaande_vraag
                messages.error(request, str(fout))
            else:
                messages.success(
                    request, _("Aanvraag %(referentie)s is geregistreerd.") % {"referentie": vraag.referentie}
                )
                return redirect("aanmelding:loket_vraag", pk=vraag.pk)
    else:
        formulieren = AanmeldFormulieren(
            loket=loket, gezin=gezin, kind=kind, initial=_initial_uit_doorverwijzing(doorverwijzing)
        )
        balie = BalieForm(prefix="balie", initial={"kanaal": "telefoon"})
    if formulieren.bestaand_gezin is not None:
        # The form shows the known family's parents and address.
        logregel_schrijven(
            door=request.user,
            actie="gezin.bekeken",
            object=formulieren.bestaand_gezin,
            loket=loket,
            details={"pagina": "balie_aanmelden"},
        )
    return render(
        request,
        "aanmelding/loket/aanmelden.html",
        {
            "loket": loket,
            "loketten": loketten,
            "zoekform": zoekform,
            "gevonden": gevonden,
            "gezin": formulieren.bestaand_gezin,
            "kind": kind,
            "f": formulieren,
            "balie": balie,
            "bestaande_vraag": bestaande_vraag,
            "doorverwijzing": doorverwijzing,
            # A search that found families shows them, not the whole empty registration form below
            # (about 40 fields: most of this page's rendering time); one click opens it.
            "toon_formulier": request.method == "POST"
            or not gevonden
            or gezin is not None
            or kind is not None
            or doorverwijzing is not None
            or request.GET.get("nieuw") == "1",
        },
    )


def _doorverwijzing_zonder_vraag(loket, pk):
    """A provider's referral of a family without a request, to this desk (`?doorverwijzing=<pk>`); 404 otherwise."""
    if not pk:
        return None
    doorverwijzing = (
        Doorverwijzing.objects.filter(loket=loket, pk=_pk(pk), vraag__isnull=True, geanonimiseerd_op__isnull=True)
        .select_related("locatie", "organisator")
        .first()
    )
    if doorverwijzing is None:
        raise Http404
    return doorverwijzing


def _initial_uit_doorverwijzing(doorverwijzing):
    """The registration forms prefilled with what a provider's referral knows of the family."""
    if doorverwijzing is None:
        return None
    voornaam, _spatie, achternaam = doorverwijzing.naam.strip().partition(" ")
    initial = {
        "ouder1": {
            "voornaam": voornaam,
            "achternaam": achternaam,
            "telefoon": doorverwijzing.telefoon,
            "email": doorverwijzing.email,
        },
        "voorkeuren": {"keuze_1": doorverwijzing.locatie_id} if doorverwijzing.locatie_id else {},
    }
    if doorverwijzing.kind_geboortedatum:
        geboren = doorverwijzing.kind_geboortedatum <= timezone.localdate()
        initial["kind"] = {"geboortedatum": doorverwijzing.kind_geboortedatum, "geboren": "ja" if geboren else "nee"}
    if doorverwijzing.gewenste_startdatum:
        initial["opvang"] = {"gewenste_startdatum": doorverwijzing.gewenste_startdatum}
    return initial


def _pk(waarde):
    try:
        return int(waarde)
    except (TypeError, ValueError):
        raise Http404 from None


def _vraag_voor_personeel(request, pk):
    """The request if it belongs to one of this staff member's desks; 404 otherwise."""
    return opvangvraag_voor_gebruiker(
        request.user,
        pk,
        "kind",
        "gezin__gemeente",
        "gemeente",
        "loket",
        "toeleider",
        "ingediend_door",
        "samengevoegd_met",
        "voorkeur_gemeente",
    )


def _vraag_pagina(request, vraag, **formulieren):
    """Render a request's page; a form that failed validation is passed in to show its errors."""
    logregel_schrijven(door=request.user, actie="opvangvraag.bekeken", object=vraag, loket=vraag.loket)
    samengevoegd = list(vraag.samengevoegde_vragen.select_related("kind").order_by("ingetrokken_op"))
    vragen = [vraag.pk, *(v.pk for v in samengevoegd)]
    context = {
        "vraag": vraag,
        "ouders": list(vraag.gezin.ouders.order_by("id")),
        "voorkeuren": list(vraag.voorkeuren.select_related("locatie__gemeente").order_by("rang")),
        "voorstellen": list(vraag.voorstellen.select_related("locatie").order_by("-voorgesteld_op", "-id")),
        "notities": list(Notitie.objects.filter(vraag__in=vragen).select_related("door", "vraag")),
        "contactmomenten": list(Contactmoment.objects.filter(vraag__in=vragen).select_related("door", "vraag")),
        "samengevoegd": samengevoegd,
        "dubbels": mogelijke_dubbels(vraag),
        "met_bekeken": request.GET.get("bekeken") == "1",
        "tijdlijn": tijdlijn_in_woorden(
            [_met_label(regel) for regel in tijdlijn(vraag, met_bekeken=request.GET.get("bekeken") == "1")]
        ),
        "wachtdagen": wachttijd(vraag),
        "intrekform": formulieren.get("intrekform") or IntrekForm(),
        "kwetsbaarform": formulieren.get("kwetsbaarform") or KwetsbaarForm(),
        "wijzigform": formulieren.get("wijzigform") or WijzigForm(vraag=vraag),
        "notitieform": formulieren.get("notitieform") or NotitieForm(),
        "contactform": formulieren.get("contactform")
        or ContactForm(initial={"op": timezone.localtime().replace(second=0, microsecond=0)}),
    }
    return render(request, "aanmelding/loket/vraag.html", context)


def _met_label(regel):
    regel.label = ACTIES.get(regel.actie, regel.actie)
    return regel


@rol_vereist(*PERSONEEL)
def vraag(request, pk):
    """A request's page for staff: everything about it, its timeline, notes, contacts, duplicates."""
    return _vraag_pagina(request, _vraag_voor_personeel(request, pk))


@rol_vereist(*PERSONEEL)
def bewijs(request, pk):
    """The PDF receipt of a request, to print for the parent at the counter (in the family's language)."""
    vraag = _vraag_voor_personeel(request, pk)
    return _bewijs_antwoord(request, vraag)


def _bewijs_antwoord(request, vraag):
    logregel_schrijven(
        door=request.user, actie="opvangvraag.bekeken", object=vraag, loket=vraag.loket, details={"pagina": "pdf"}
    )
    response = HttpResponse(bewijs_pdf(vraag), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="aanvraag-{vraag.referentie}.pdf"'
    return response


def _terug(vraag):
    return redirect("aanmelding:loket_vraag", pk=vraag.pk)


@rol_vereist(*PERSONEEL)
@require_POST
def in_behandeling(request, pk):
    vraag = _vraag_voor_personeel(request, pk)
    try:
        opvangvraag_in_behandeling_nemen(vraag=vraag, door=request.user)
    except AanmeldingFout as fout:
        messages.error(request, str(fout))
    else:
        messages.success(request, _("De aanvraag is in behandeling."))
    return _terug(vraag)


@rol_vereist(*PERSONEEL)
@require_POST
def intrekken(request, pk):
    vraag = _vraag_voor_personeel(request, pk)
    form = IntrekForm(request.POST)
    if not form.is_valid():
        return _vraag_pagina(request, vraag, intrekform=form)
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
        messages.success(request, _("De aanvraag is ingetrokken."))
    return _terug(vraag)


@rol_vereist(*PERSONEEL)
@require_POST
def kwetsbaar(request, pk):
    vraag = _vraag_voor_personeel(request, pk)
    form = KwetsbaarForm(request.POST)
    if not form.is_valid():
        return _vraag_pagina(request, vraag, kwetsbaarform=form)
    gezin_kwetsbaar_markeren(gezin=vraag.gezin, door=request.user, reden=form.cleaned_data["reden"])
    messages.success(request, _("Het gezin is als kwetsbaar gemarkeerd."))
    return _terug(vraag)


@rol_vereist(*PERSONEEL)
@require_POST
def wijzigen(request, pk):
    vraag = _vraag_voor_personeel(request, pk)
    form = WijzigForm(request.POST, vraag=vraag)
    if not form.is_valid():
        return _vraag_pagina(request, vraag, wijzigform=form)
    try:
        opvangvraag_wijzigen(vraag=vraag, door=request.user, **form.cleaned_data)
    except AanmeldingFout as fout:
        messages.error(request, str(fout))
    else:
        messages.success(request, _("De aanvraag is gewijzigd."))
    return _terug(vraag)


@rol_vereist(*PERSONEEL)
def gezin_wijzigen_view(request, pk):
    """Correct the family's address, mail language and parents at the counter (GET: the form).

    The wizard's forms and checks: the postal code gives the municipality, e-mail and phone are
    checked, a parent needs a name, and the family stays reachable by e-mail or phone. A second
    parent can be added. Everything in one transaction through the services.
    """
    vraag = _vraag_voor_personeel(request, pk)
    gezin = vraag.gezin
    if gezin.geanonimiseerd_op is not None:
        messages.error(request, _("De gegevens van dit gezin zijn gewist."))
        return _terug(vraag)
    ouders = list(gezin.ouders.order_by("id"))
    data = request.POST if request.method == "POST" else None
    adres = AdresForm(
        data,
        prefix="adres",
        initial={"straat": gezin.straat, "postcode": gezin.postcode, "gemeente": getattr(gezin.gemeente, "nis", "")},
    )
    taal = GezinForm(data, prefix="gezin", initial={"taal": gezin.taal})
    taal.fields["taal"].label = _("Taal voor de e-mails aan het gezin")
    ouderformulieren = []
    for ouder in ouders:
        form = OuderForm(
            data,
            prefix=f"ouder-{ouder.pk}",
            email_verplicht=False,
            initial={veld: getattr(ouder, veld) for veld in OUDER_WIJZIGBAAR},
        )
        ouderformulieren.append((ouder, form))
    nieuw = OuderForm(data, prefix="nieuw", verplicht=False) if len(ouders) < 2 else None
    for form in [f for _o, f in ouderformulieren] + ([nieuw] if nieuw else []):
        form.fields["situatie"].label = _("Werkt of studeert deze ouder?")
    if data is not None:
        formulieren = [adres, taal, *(f for _o, f in ouderformulieren), *([nieuw] if nieuw else [])]
        if all([form.is_valid() for form in formulieren]) and _bereikbaar(ouderformulieren, nieuw):
            try:
                with transaction.atomic():
                    gezin_wijzigen(gezin=gezin, door=request.user, **adres.gezin_velden(), **taal.gezin_velden())
                    # A parent who gets the family's contact details first: the family stays
                    # reachable at every step (ouder_wijzigen checks that).
                    volgorde = sorted(
                        ouderformulieren,
                        key=lambda paar: not (paar[1].cleaned_data["email"] or paar[1].cleaned_data["telefoon"]),
                    )
                    for ouder, form in volgorde:
                        velden = {veld: form.cleaned_data[veld] for veld in OUDER_WIJZIGBAAR}
                        ouder_wijzigen(ouder=ouder, door=request.user, **velden)
                    if nieuw is not None and nieuw.is_ingevuld():
                        ouder_toevoegen(gezin=gezin, door=request.user, **nieuw.ouder_velden())
            except AanmeldingFout as fout:
                messages.error(request, str(fout))
            else:
                messages.success(request, _("De gegevens van het gezin zijn bewaard."))
                return _terug(vraag)
    else:
        logregel_schrijven(
            door=request.user,
            actie="opvangvraag.bekeken",
            object=vraag,
            loket=vraag.loket,
            details={"pagina": "gezin_wijzigen"},
        )
    return render(
        request,
        "aanmelding/loket/gezin_wijzigen.html",
        {"vraag": vraag, "adres": adres, "taal": taal, "ouderformulieren": ouderformulieren, "nieuw": nieuw},
    )


def _bereikbaar(ouderformulieren, nieuw):
    """At least one parent keeps an e-mail address or a phone number; else an error on the first."""
    formulieren = [form for _ouder, form in ouderformulieren] + ([nieuw] if nieuw is not None else [])
    if any(form.cleaned_data.get("email") or form.cleaned_data.get("telefoon") for form in formulieren):
        return True
    formulieren[0].add_error("telefoon", _("Geef een e-mailadres of een telefoonnummer, zodat we het gezin bereiken."))
    return False


@rol_vereist(*PERSONEEL)
def voorkeuren_wijzigen(request, pk):
    """Change an open request's preferred locations (ranked) and its urgency (GET: the form).

    The wizard's checks: locations of the desk's area, each once, at most the desk's maximum;
    or "any location in municipality X". Saved through opvangvraag_wijzigen (old and new values
    logged).
    """
    vraag = _vraag_voor_personeel(request, pk)
    if not vraag.is_open:
        messages.error(request, _("Een afgesloten aanvraag kan je niet meer wijzigen."))
        return _terug(vraag)
    bestaande = list(vraag.voorkeuren.order_by("rang"))
    aantal = vraag.loket.max_voorkeuren or max(5, len(bestaande) + 3)
    data = request.POST if request.method == "POST" else None
    voorkeuren = VoorkeurenForm(
        data,
        prefix="voorkeuren",
        initial=VoorkeurenForm.initial_voor(vraag),
        loket=vraag.loket,
        aantal=max(aantal, len(bestaande)),
    )
    dringend = DringendForm(data, prefix="dringend", vraag=vraag)
    if data is not None and voorkeuren.is_valid() & dringend.is_valid():
        try:
            opvangvraag_wijzigen(vraag=vraag, door=request.user, **voorkeuren.vraag_velden(), **dringend.vraag_velden())
        except AanmeldingFout as fout:
            messages.error(request, str(fout))
        else:
            messages.success(request, _("De voorkeuren en de dringendheid zijn bewaard."))
            return _terug(vraag)
    return render(
        request,
        "aanmelding/loket/voorkeuren_wijzigen.html",
        {"vraag": vraag, "voorkeuren": voorkeuren, "dringend": dringend},
    )


@rol_vereist(*PERSONEEL)
@require_POST
def notitie(request, pk):
    vraag = _vraag_voor_personeel(request, pk)
    form = NotitieForm(request.POST)
    if not form.is_valid():
        return _vraag_pagina(request, vraag, notitieform=form)
    notitie_toevoegen(vraag=vraag, door=request.user, tekst=form.cleaned_data["tekst"])
    messages.success(request, _("De notitie is bewaard."))
    return _terug(vraag)


@rol_vereist(*PERSONEEL)
@require_POST
def contact(request, pk):
    vraag = _vraag_voor_personeel(request, pk)
    form = ContactForm(request.POST)
    if not form.is_valid():
        return _vraag_pagina(request, vraag, contactform=form)
    try:
        contactmoment_registreren(vraag=vraag, door=request.user, **form.cleaned_data)
    except AanmeldingFout as fout:
        messages.error(request, str(fout))
    else:
        messages.success(request, _("Het contact is bewaard."))
    return _terug(vraag)


@rol_vereist(*PERSONEEL)
@require_POST
def samenvoegen(request, pk):
    """Merge this request and another one of the same desk; the other must be visible too (else 404)."""
    vraag = _vraag_voor_personeel(request, pk)
    form = SamenvoegForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies welke aanvraag blijft."))
        return _terug(vraag)
    andere = _vraag_voor_personeel(request, form.cleaned_data["andere"])
    if andere.loket_id != vraag.loket_id:
        raise Http404
    behouden, samen_te_voegen = (vraag, andere) if form.cleaned_data["behoud"] == "deze" else (andere, vraag)
    try:
        opvangvragen_samenvoegen(behouden=behouden, samen_te_voegen=samen_te_voegen, door=request.user)
    except AanmeldingFout as fout:
        messages.error(request, str(fout))
        return _terug(vraag)
    messages.success(
        request,
        _("Aanvraag %(samengevoegd)s is samengevoegd met %(behouden)s.")
        % {"samengevoegd": samen_te_voegen.referentie, "behouden": behouden.referentie},
    )
    return _terug(behouden)
