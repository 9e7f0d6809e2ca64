"""The coordinator's report pages: the Kind en Gezin table, the lists behind its numbers, exports, import."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from aanmelding.importeren_vragen import ImportGeweigerd, vragen_importeren
from loket.logboek import logregel_schrijven
from loket.models import Gemeente, Rol
from loket.queries import loket_voor_beleid, loket_voor_medewerker, loketten_voor, loketten_voor_beleid
from loket.toegang import rol_vereist

from .beleid import rapport_afgeschermd
from .beleid_views import exacte_cijfers
from .exporteren import rapport_pdf, rapport_regels, rapport_tabellen, rapport_xlsx
from .forms import ImportForm, RapportForm
from .models import IngediendRapport
from .queries import (
    CATEGORIE_TITELS,
    CATEGORIEEN,
    KOLOMMEN,
    KORTE_TITELS,
    WAARSCHUWING_TEKSTEN,
    Peiling,
    peiling_voorlopig,
    rapport_kg,
    standaard_formaat,
    telvelden_herstellingen,
    uitleg,
    vragen_in_cel,
    vragen_met_waarschuwing,
    waarschuwingen,
)
from .services import OORZAKEN, rapport_indienen, verschil_met_ingediend
from .vlaanderen import kinderen_ook_elders


def _keuze(request):
    """(loket, form, peiling, formaat) from the query string; 404 for a desk the user does not coordinate.

    `peiling` is None when the form is invalid.
    """
    loket = loket_voor_beleid(request.user, request.GET.get("loket") or None)
    gegevens = request.GET.copy()
    gegevens.setdefault("jaar", str(RapportForm.standaard_jaar()))
    form = RapportForm(gegevens)
    if not form.is_valid():
        return loket, form, None, None
    jaar = form.cleaned_data["jaar"]
    peiling = Peiling.maak(loket=loket, jaar=jaar, peildatum=form.cleaned_data["peildatum"])
    return loket, form, peiling, form.cleaned_data["formaat"] or standaard_formaat(jaar)


def _rapport(request):
    """(loket, form, rapport or None); a policy officer (`beleid`) gets the report with small numbers as "<5"."""
    loket, form, peiling, formaat = _keuze(request)
    if peiling is None:
        return loket, form, None
    rapport = rapport_kg(loket=loket, jaar=peiling.jaar, peildatum=peiling.peildatum, formaat=formaat)
    return loket, form, rapport if exacte_cijfers(request.user) else rapport_afgeschermd(rapport)


def _parameters(peiling, formaat):
    return {
        "loket": peiling.loket.code,
        "jaar": peiling.jaar,
        "peildatum": peiling.peildatum.isoformat(),
        "formaat": formaat,
    }


def _tabellen_met_links(rapport, *, met_links=True):
    """The report's tables for the page, every number with the URL of the requests behind it (None without)."""
    basis = reverse("rapportage:vragen") + "?" + urlencode(_parameters(rapport.peiling, rapport.formaat))
    uit = []
    for tabel in rapport_tabellen(rapport):
        categorie = f"&categorie={tabel.categorie}" if tabel.categorie else ""

        def cellen(getallen, gemeente, categorie=categorie):
            return [
                (getal, f"{basis}&kolom={kolom}&gemeente={gemeente}{categorie}" if met_links else None)
                for kolom, getal in zip(KOLOMMEN, getallen, strict=True)
            ]

        rijen = [
            {
                "naam": rij.naam,
                "nis": rij.nis,
                "in_werkingsgebied": rij.in_werkingsgebied,
                "cellen": cellen(getallen, "geen" if rij.gemeente_id is None else rij.gemeente_id),
            }
            for rij, getallen in tabel.gemeenterijen()
        ]
        uit.append(
            {
                "titel": tabel.opschrift,
                "categorie": tabel.categorie,
                "rijen": rijen,
                "totaal": cellen(tabel.getallen(rapport.totaal), ""),
            }
        )
    return uit


@rol_vereist(Rol.COORDINATOR, Rol.BELEID)
def home(request):
    """The Kind en Gezin report of one desk: choose year, reference date and format; warnings; downloads.

    A policy officer (`beleid`) sees the figures only: small numbers as "<5", no lists, no warnings.
    """
    loket, form, rapport = _rapport(request)
    exact = exacte_cijfers(request.user)
    context = {
        "form": form,
        "loket": loket,
        "loketten": loketten_voor_beleid(request.user).order_by("naam"),
        "rapport": None,
        "herstellingen": telvelden_herstellingen(loket),
        "exact": exact,
    }
    if rapport is not None:
        parameters = urlencode(_parameters(rapport.peiling, rapport.formaat))
        context.update(
            rapport=rapport,
            tabellen=_tabellen_met_links(rapport, met_links=exact),
            kolomtitels=[KORTE_TITELS[k] for k in KOLOMMEN],
            regels=rapport_regels(rapport),
            waarschuwingen=waarschuwingen(rapport) if exact else [],
            voorlopig=peiling_voorlopig(rapport.peiling),
            parameters=parameters,
            # Submitting, and the cells changed since with the requests behind them: the coordinator's.
            **(_indiening(loket, rapport) if exact else {}),
        )
    return render(request, "rapportage/home.html", context)


def _indiening(loket, rapport):
    """The submitted versions of this year, whether today's figures still equal the last one, and
    per municipality how many of the year's children also have a request at another desk."""
    versies = list(
        IngediendRapport.objects.filter(loket=loket, jaar=rapport.jaar)
        .defer("xlsx", "pdf", "indeling")
        .select_related("ingediend_door")
        .order_by("-versie")
    )
    verschil = verschil_met_ingediend(IngediendRapport.objects.get(pk=versies[0].pk)) if versies else None
    for cel in verschil.cellen if verschil else []:
        cel.uitleg = [(referentie, OORZAKEN[code]) for referentie, code in cel.vragen]
    elders = kinderen_ook_elders(loket=loket, jaar=rapport.jaar, peildatum=rapport.peiling.peildatum)
    namen = {rij.gemeente_id: rij.naam for rij in rapport.gemeenten}
    return {
        "versies": versies,
        "verschil": verschil,
        "ook_elders": sorted((namen.get(g, str(g)), aantal) for g, aantal in elders.items()),
        "ook_elders_totaal": sum(elders.values()),
    }


@rol_vereist(Rol.COORDINATOR)
def indienen(request):
    """POST: submit the report as chosen (desk, year, reference date, format) as a new version."""
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    loket = loket_voor_medewerker(request.user, request.POST.get("loket") or None)
    form = RapportForm(request.POST)
    if not form.is_valid():
        return _ongeldige_keuze(form)
    jaar = form.cleaned_data["jaar"]
    ingediend = rapport_indienen(
        loket=loket,
        jaar=jaar,
        door=request.user,
        formaat=form.cleaned_data["formaat"] or standaard_formaat(jaar),
        peildatum=form.cleaned_data["peildatum"],
    )
    messages.success(
        request,
        _("Het rapport %(jaar)s werd ingediend (versie %(versie)s).") % {"jaar": jaar, "versie": ingediend.versie},
    )
    return redirect(
        reverse("rapportage:home") + "?" + urlencode(_parameters(ingediend_peiling(ingediend), ingediend.formaat))
    )


def ingediend_peiling(ingediend):
    return Peiling.maak(loket=ingediend.loket, jaar=ingediend.jaar, peildatum=ingediend.peildatum)


@rol_vereist(Rol.COORDINATOR)
def ingediend_bestand(request, pk, soort):
    """A submitted version's stored file, byte for byte as submitted: xlsx, pdf or json."""
    if soort not in ("xlsx", "pdf", "json"):
        raise Http404
    ingediend = get_object_or_404(IngediendRapport, pk=pk, loket__in=loketten_voor(request.user))
    naam = f"registratie-opvangvragen-{ingediend.loket.code}-{ingediend.jaar}-v{ingediend.versie}.{soort}"
    if soort == "json":
        antwoord = JsonResponse(ingediend.cijfers, json_dumps_params={"ensure_ascii": False, "indent": 2})
    else:
        inhoud = bytes(ingediend.xlsx if soort == "xlsx" else ingediend.pdf)
        antwoord = HttpResponse(inhoud, content_type=XLSX_TYPE if soort == "xlsx" else "application/pdf")
    antwoord["Content-Disposition"] = f'attachment; filename="{naam}"'
    return antwoord


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@rol_vereist(Rol.COORDINATOR)
def vragen(request):
    """The requests behind one number (or one warning), each with why it counts there. Writes a Logregel."""
    loket, form, peiling, formaat = _keuze(request)
    if peiling is None:
        raise Http404
    waarschuwing = request.GET.get("waarschuwing")
    kolom, categorie, gemeente = request.GET.get("kolom"), request.GET.get("categorie") or None, None
    if waarschuwing:
        if waarschuwing not in WAARSCHUWING_TEKSTEN:
            raise Http404
        lijst = vragen_met_waarschuwing(peiling, waarschuwing)
        titel = str(WAARSCHUWING_TEKSTEN[waarschuwing])
    else:
        if kolom not in KOLOMMEN or (categorie is not None and categorie not in CATEGORIEEN):
            raise Http404
        gemeente = _gemeente_uit(request.GET.get("gemeente", ""))
        lijst = vragen_in_cel(peiling, kolom=kolom, gemeente=gemeente, categorie=categorie)
        titel = _titel(kolom, categorie, gemeente)
    pagina = Paginator(lijst, 50).get_page(request.GET.get("pagina"))
    met_uitleg = waarschuwing != "dubbels"
    regels = [(vraag, uitleg(vraag, peiling) if met_uitleg else "") for vraag in pagina]
    logregel_schrijven(
        door=request.user,
        actie="rapportage.vragen_bekeken",
        loket=loket,
        details={
            **_parameters(peiling, formaat),
            "kolom": kolom,
            "categorie": categorie,
            "gemeente": gemeente,
            "waarschuwing": waarschuwing,
            "pagina": pagina.number,
            "referenties": [vraag.referentie for vraag, _uitleg in regels],
        },
    )
    terug = reverse("rapportage:home") + "?" + urlencode(_parameters(peiling, formaat))
    zonder_pagina = request.GET.copy()
    zonder_pagina.pop("pagina", None)
    return render(
        request,
        "rapportage/vragen.html",
        {
            "peiling": peiling,
            "titel": titel,
            "pagina": pagina,
            "regels": regels,
            "terug": terug,
            "querystring": zonder_pagina.urlencode(),
        },
    )


def _gemeente_uit(waarde):
    if waarde == "":
        return None
    if waarde == "geen":
        return "geen"
    # "²".isdigit() is True, but int("²") fails; more than 18 digits overflow the database's integer.
    if not (waarde.isascii() and waarde.isdigit()) or len(waarde) > 18:
        raise Http404
    return int(waarde)


def _titel(kolom, categorie, gemeente):
    delen = [str(KORTE_TITELS[kolom])]
    if categorie:
        delen.append(str(CATEGORIE_TITELS[categorie]))
    if gemeente == "geen":
        delen.append(_("zonder gemeente"))
    elif gemeente is not None:
        naam = Gemeente.objects.filter(pk=gemeente).values_list("naam_nl", flat=True).first()
        delen.append(naam or "?")
    else:
        delen.append(_("alle gemeenten"))
    return " – ".join(delen)


def _ongeldige_keuze(form):
    """A download asked for with a year, reference date or format the form refuses: 400 with the reasons."""
    redenen = [str(fout) for fouten in form.errors.values() for fout in fouten]
    tekst = _("Dit rapport kan niet gemaakt worden:") + "\n" + "\n".join(redenen) + "\n"
    return HttpResponseBadRequest(tekst, content_type="text/plain; charset=utf-8")


def _bestandsnaam(rapport, extensie):
    return f"registratie-opvangvragen-{rapport.loket.code}-{rapport.jaar}-{rapport.formaat}.{extensie}"


@rol_vereist(Rol.COORDINATOR, Rol.BELEID)
def xlsx(request):
    """The report as a spreadsheet (DESIGN.md layout). Only numbers: no personal data, no Logregel."""
    _loket, form, rapport = _rapport(request)
    if rapport is None:
        return _ongeldige_keuze(form)
    antwoord = HttpResponse(
        rapport_xlsx(rapport), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    antwoord["Content-Disposition"] = f'attachment; filename="{_bestandsnaam(rapport, "xlsx")}"'
    return antwoord


@rol_vereist(Rol.COORDINATOR, Rol.BELEID)
def pdf(request):
    """The report as PDF for A4, with the rules and the reference date."""
    _loket, form, rapport = _rapport(request)
    if rapport is None:
        return _ongeldige_keuze(form)
    antwoord = HttpResponse(rapport_pdf(rapport), content_type="application/pdf")
    antwoord["Content-Disposition"] = f'attachment; filename="{_bestandsnaam(rapport, "pdf")}"'
    return antwoord


@rol_vereist(Rol.COORDINATOR)
def importeren(request):
    """Upload a workbook of existing requests (DESIGN.md, "Import of existing lists"): all or nothing."""
    fouten = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            # A coordinator imports into their own desks only; a platform administrator may create one.
            loketten = None if request.user.is_beheerder else loketten_voor(request.user)
            try:
                resultaat = vragen_importeren(
                    bestand=form.cleaned_data["bestand"], door=request.user, loketten=loketten
                )
            except ImportGeweigerd as geweigerd:
                fouten = geweigerd.fouten
                messages.error(request, _("Het werkboek werd niet ingevoerd: er is niets opgeslagen."))
            else:
                messages.success(request, resultaat.samenvatting())
                for groep in resultaat.dubbels[:20]:
                    messages.warning(request, _("Waarschijnlijk hetzelfde kind: %s") % ", ".join(groep))
                return redirect("rapportage:import")
    else:
        form = ImportForm()
    return render(request, "rapportage/importeren.html", {"form": form, "fouten": fouten})
