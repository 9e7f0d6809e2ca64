"""The policy dashboard's pages: for a desk's coordinator (exact numbers, lists behind them) and for its
policy officers (`beleid`: numbers only, small numbers shown as "<5")."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from aanmelding.models import Kanaal
from loket.logboek import logregel_schrijven
from loket.models import Rol
from loket.queries import loket_voor_beleid, loketten_voor_beleid
from loket.toegang import rol_vereist

from .beleid import Keuze, dashboard, maandeinde, peilmomenten
from .beleid_export import dashboard_pdf, dashboard_xlsx
from .forms import BeleidForm
from .grafiek import svg
from .queries import KOLOMMEN


def exacte_cijfers(gebruiker):
    """Coordinators (and the platform administrator) see exact numbers and the lists behind them;
    everyone else who may see the figures gets small-number protection."""
    return gebruiker.is_beheerder or gebruiker.rol == Rol.COORDINATOR


def _keuze(request):
    """(loket, form, keuze or None) from the query string; 404 for a desk the user may not see."""
    loket = loket_voor_beleid(request.user, request.GET.get("loket") or None)
    form = BeleidForm(request.GET or None, loket=loket)
    if request.GET and not form.is_valid():
        return loket, form, None
    if not request.GET:
        form = BeleidForm({"jaar": BeleidForm.standaard_jaar()}, loket=loket)
        form.is_valid()
    gegevens = form.cleaned_data
    return loket, form, Keuze(loket=loket, van=gegevens["van"], tot=gegevens["tot"], gemeente=gegevens["gemeente"])


def _parameters(keuze):
    uit = {"loket": keuze.loket.code, "van": keuze.van.strftime("%Y-%m"), "tot": keuze.tot.strftime("%Y-%m")}
    if keuze.gemeente is not None:
        uit["gemeente"] = keuze.gemeente.nis
    return uit


def _dashboard(request, keuze):
    uit = dashboard(keuze)
    return uit if exacte_cijfers(request.user) else uit.voor_beleid()


def _links(figuur, keuze):
    """URLs behind the cells a coordinator may open, {(row index, column key): url}."""
    links = {}
    loket = keuze.loket.code
    gemeente = keuze.gemeente.pk if keuze.gemeente is not None else ""
    if figuur.sleutel == "onbeantwoord":
        basis = reverse("rapportage:vragen")
        for i, moment in enumerate(peilmomenten(keuze)):
            for kolom in KOLOMMEN:
                query = {"loket": loket, "jaar": keuze.jaar, "peildatum": moment.isoformat(), "kolom": kolom}
                links[(i, kolom)] = f"{basis}?{urlencode(query)}&gemeente={gemeente}"
    elif figuur.sleutel in ("vraag", "kanaal"):
        basis = reverse("rapportage:beleid_vragen")
        for i, maand in enumerate(keuze.maanden):
            query = {**_parameters(keuze), "maand": maand.strftime("%Y-%m")}
            links[(i, "vragen")] = f"{basis}?{urlencode(query)}"
            for kanaal in Kanaal.values:
                links[(i, f"k_{kanaal}")] = f"{basis}?{urlencode({**query, 'kanaal': kanaal})}"
    return links


def _figuren_voor_pagina(overzicht, keuze, met_links):
    secties = []
    for sectie in overzicht.secties:
        figuren = []
        for figuur in sectie.figuren:
            links = _links(figuur, keuze) if met_links else {}
            sleutels = [kolom.sleutel for kolom in figuur.tabel.kolommen]
            aantal_rijen = len(figuur.tabel.rijen)
            rijen = [
                [
                    (tekst, links.get((i, sleutel)) if i < aantal_rijen else None)
                    for tekst, sleutel in zip(rij, sleutels, strict=True)
                ]
                for i, rij in enumerate(figuur.tabel.opgemaakt())
            ]
            figuren.append(
                {
                    "figuur": figuur,
                    "svg": svg(figuur),
                    "rijen": rijen,
                    "heeft_totaal": figuur.tabel.totaal is not None,
                }
            )
        secties.append({"sectie": sectie, "figuren": figuren})
    return secties


@rol_vereist(Rol.COORDINATOR, Rol.BELEID)
def beleid(request):
    """The policy dashboard of one desk for a period, the whole area or one municipality. Works without JavaScript."""
    loket, form, keuze = _keuze(request)
    context = {
        "form": form,
        "loket": loket,
        "loketten": loketten_voor_beleid(request.user).order_by("naam"),
        "keuze": keuze,
        "exact": exacte_cijfers(request.user),
    }
    if keuze is not None:
        overzicht = _dashboard(request, keuze)
        context.update(
            secties=_figuren_voor_pagina(overzicht, keuze, context["exact"]),
            parameters=urlencode(_parameters(keuze)),
            afgeschermd=overzicht.afgeschermd,
        )
    return render(request, "rapportage/beleid.html", context)


def _ongeldig(form):
    redenen = [str(fout) for fouten in form.errors.values() for fout in fouten]
    tekst = _("Dit overzicht kan niet gemaakt worden:") + "\n" + "\n".join(redenen) + "\n"
    return HttpResponseBadRequest(tekst, content_type="text/plain; charset=utf-8")


def _bestandsnaam(keuze, extensie):
    gemeente = f"-{keuze.gemeente.nis}" if keuze.gemeente is not None else ""
    return f"beleidsinformatie-{keuze.loket.code}-{keuze.van:%Y%m}-{keuze.tot:%Y%m}{gemeente}.{extensie}"


@rol_vereist(Rol.COORDINATOR, Rol.BELEID)
def beleid_xlsx(request):
    """The dashboard as a spreadsheet, one sheet per table ("<5" for policy officers)."""
    _loket, form, keuze = _keuze(request)
    if keuze is None:
        return _ongeldig(form)
    antwoord = HttpResponse(
        dashboard_xlsx(_dashboard(request, keuze)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    antwoord["Content-Disposition"] = f'attachment; filename="{_bestandsnaam(keuze, "xlsx")}"'
    return antwoord


@rol_vereist(Rol.COORDINATOR, Rol.BELEID)
def beleid_pdf(request):
    """The dashboard as PDF: the same charts (SVG) and tables as the page."""
    _loket, form, keuze = _keuze(request)
    if keuze is None:
        return _ongeldig(form)
    antwoord = HttpResponse(dashboard_pdf(_dashboard(request, keuze)), content_type="application/pdf")
    antwoord["Content-Disposition"] = f'attachment; filename="{_bestandsnaam(keuze, "pdf")}"'
    return antwoord


@rol_vereist(Rol.COORDINATOR)
def beleid_vragen(request):
    """The requests registered in one month (optionally through one channel) behind a demand number.
    Coordinators only; writes a Logregel like the report's lists."""
    loket, form, keuze = _keuze(request)
    if keuze is None:
        raise Http404
    try:
        maand = BeleidForm.base_fields["van"].clean(request.GET.get("maand") or None)
    except ValidationError:
        raise Http404 from None
    if maand is None or not (keuze.van <= maand.replace(day=1) <= keuze.tot):
        raise Http404
    maand = maand.replace(day=1)
    kanaal = request.GET.get("kanaal") or None
    if kanaal is not None and kanaal not in Kanaal.values:
        raise Http404
    deel = Keuze(loket=loket, van=maand, tot=maand, gemeente=keuze.gemeente)
    lijst = (
        deel.vragen()
        .filter(ingediend_op__gte=deel.begin, ingediend_op__lt=deel.einde)
        .select_related("kind", "gemeente")
        .order_by("ingediend_op", "pk")
    )
    if kanaal:
        lijst = lijst.filter(kanaal=kanaal)
    pagina = Paginator(lijst, 50).get_page(request.GET.get("pagina"))
    logregel_schrijven(
        door=request.user,
        actie="rapportage.beleid_vragen_bekeken",
        loket=loket,
        details={
            **_parameters(keuze),
            "maand": maand.isoformat(),
            "kanaal": kanaal,
            "pagina": pagina.number,
            "referenties": [vraag.referentie for vraag in pagina],
        },
    )
    zonder_pagina = request.GET.copy()
    zonder_pagina.pop("pagina", None)
    titel = _("Vragen ingediend van %(van)s tot %(tot)s") % {
        "van": maand.strftime("%d/%m/%Y"),
        "tot": maandeinde(maand).strftime("%d/%m/%Y"),
    }
    if kanaal:
        titel += f" – {Kanaal(kanaal).label}"
    return render(
        request,
        "rapportage/beleid_vragen.html",
        {
            "titel": titel,
            "pagina": pagina,
            "terug": reverse("rapportage:beleid") + "?" + urlencode(_parameters(keuze)),
            "querystring": zonder_pagina.urlencode(),
        },
    )
