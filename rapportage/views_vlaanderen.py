"""The Flemish level's pages (role `opgroeien`, installation-wide): figures of every desk, no personal data.

Only counts leave these views: no name, contact detail, address, free text or request reference,
and no list behind a number. A count of 1-4 is shown as "<5" (vlaanderen.gemaskeerd), here and in
the downloads; a share whose numerator is 1-4 likewise. Who submitted a report is not shown either.
"""

import json as jsonlib

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from loket.models import Rol
from loket.toegang import rol_vereist

from .forms import RapportForm
from .models import IngediendRapport
from .queries import KOLOMMEN, KORTE_TITELS, rapport_kg, standaard_formaat
from .services import _cellen
from .vlaanderen import KLEIN, gemaskeerd, gemaskeerde_json, rapport_vlaanderen, vlaanderen_xlsx

# ?sorteer= values of the comparison table ("-" in front: descending).
SORTEERBAAR = ["naam", "totaal", "onbeantwoord", "deels", "kwetsbaar"]


def _overzicht(request):
    """(form, overzicht or None) for ?jaar=&peildatum=&formaat=."""
    gegevens = request.GET.copy()
    gegevens.setdefault("jaar", str(RapportForm.standaard_jaar()))
    form = RapportForm(gegevens)
    if not form.is_valid():
        return form, None
    jaar = form.cleaned_data["jaar"]
    formaat = form.cleaned_data["formaat"] or standaard_formaat(jaar)
    return form, rapport_vlaanderen(jaar=jaar, peildatum=form.cleaned_data["peildatum"], formaat=formaat)


def _getallen(tellingen):
    return [gemaskeerd(tellingen.aantallen[k]) for k in KOLOMMEN]


def _aandeel(tellingen, soort):
    """A share as text ("12 %"), "<5" when its numerator is 1-4, "–" without requests."""
    teller = tellingen.teller(soort)
    if not tellingen.aantallen["totaal"]:
        return "–"
    if 0 < teller < 5:
        return KLEIN
    return f"{round(100 * teller / tellingen.aantallen['totaal'])} %"


def _status(rij, versies, overzicht):
    """("niet_ingediend" | "ingediend" | "gewijzigd", last version or None) of one desk."""
    if not versies:
        return "niet_ingediend", None
    laatste = versies[0]
    if laatste.peildatum == overzicht.peiling.peildatum and laatste.formaat == overzicht.formaat:
        nu = {
            "gemeenten": [
                {
                    "nis": overzicht.gemeenten[g].nis if g in overzicht.gemeenten else None,
                    "gemeente": overzicht.gemeente_naam(g),
                    **t.als_json(),
                }
                for g, t in rij.gemeenten.items()
            ],
            "totaal": rij.totaal.als_json(),
        }
    else:
        nu = rapport_kg(loket=rij.loket, jaar=laatste.jaar, peildatum=laatste.peildatum, formaat=laatste.formaat)
        nu = nu.als_json()
    oud, nieuw = _cellen(laatste.cijfers), _cellen(nu)
    gelijk = all(oud.get(k, 0) == nieuw.get(k, 0) for k in set(oud) | set(nieuw))
    return ("ingediend" if gelijk else "gewijzigd"), laatste


def _sorteer(rijen, sorteer):
    """The comparison rows sorted by ?sorteer= (SORTEERBAAR, "-" for descending); desks without
    requests stay last for a share. Returns (rows, the sort actually applied)."""
    veld = sorteer.lstrip("-")
    if veld not in SORTEERBAAR:
        veld, sorteer = "naam", "naam"
    aflopend = sorteer.startswith("-")
    rijen = sorted(rijen, key=lambda r: r["naam"].casefold())
    if veld == "naam":
        return (rijen[::-1] if aflopend else rijen), sorteer
    if veld == "totaal":
        return sorted(rijen, key=lambda r: r["tellingen"].aantallen["totaal"], reverse=aflopend), sorteer
    met = [r for r in rijen if r["tellingen"].aandeel(veld) is not None]
    zonder = [r for r in rijen if r["tellingen"].aandeel(veld) is None]
    return sorted(met, key=lambda r: r["tellingen"].aandeel(veld), reverse=aflopend) + zonder, sorteer


@rol_vereist(Rol.OPGROEIEN)
def overzicht(request):
    """Every desk's submitted versions and status, the Flemish totals (sum of the desks and unique),
    per province, per municipality and per desk, and the comparison of desks with the median."""
    form, overzicht = _overzicht(request)
    context = {"form": form, "overzicht": overzicht, "kolomtitels": [KORTE_TITELS[k] for k in KOLOMMEN]}
    if overzicht is None:
        return render(request, "rapportage/vlaanderen.html", context)
    per_loket = {}
    for versie in (
        IngediendRapport.objects.filter(jaar=overzicht.jaar).defer("xlsx", "pdf", "indeling").order_by("-versie")
    ):
        per_loket.setdefault(versie.loket_id, []).append(versie)
    loketten = []
    for rij in overzicht.loketten:
        versies = per_loket.get(rij.loket.pk, [])
        status, laatste = _status(rij, versies, overzicht)
        loketten.append(
            {
                "naam": rij.loket.naam,
                "code": rij.loket.code,
                "tellingen": rij.totaal,
                "getallen": _getallen(rij.totaal),
                "elders": gemaskeerd(rij.totaal.elders),
                "status": status,
                "laatste": laatste,
                "versies": versies,
                "aandelen": [_aandeel(rij.totaal, s) for s in ("onbeantwoord", "deels", "kwetsbaar")],
            }
        )
    vergelijking, sorteer = _sorteer(loketten, request.GET.get("sorteer", "naam"))
    medianen = []
    for soort in ("onbeantwoord", "deels", "kwetsbaar"):
        waarde = overzicht.mediaan(soort)
        medianen.append("–" if waarde is None else f"{round(100 * waarde)} %")
    parameters = {
        "jaar": overzicht.jaar,
        "peildatum": overzicht.peiling.peildatum.isoformat(),
        "formaat": overzicht.formaat,
    }
    context.update(
        loketten=loketten,
        vergelijking=vergelijking,
        sorteer=sorteer,
        medianen=medianen,
        som=_getallen(overzicht.som),
        uniek=_getallen(overzicht.uniek),
        meerdere=gemaskeerd(overzicht.kinderen_bij_meerdere_loketten),
        provincies=[
            (naam or _("zonder gemeente"), _getallen(t)) for naam, t in overzicht.uniek_per_provincie().items()
        ],
        gemeenten=[
            (overzicht.gemeente_naam(g), _getallen(t))
            for g, t in sorted(
                overzicht.uniek_per_gemeente.items(), key=lambda i: (i[0] is None, overzicht.gemeente_naam(i[0]))
            )
        ],
        parameters="&".join(f"{k}={v}" for k, v in parameters.items()),
        sorteerkolommen=[
            ("naam", _("Loket")),
            ("totaal", _("Totaal")),
            ("onbeantwoord", _("Aandeel onbeantwoord")),
            ("deels", _("Aandeel deels onbeantwoord")),
            ("kwetsbaar", _("Aandeel kwetsbare gezinnen")),
        ],
        statussen={
            "niet_ingediend": _("niet ingediend"),
            "ingediend": _("ingediend"),
            "gewijzigd": _("gewijzigd sinds het indienen"),
        },
    )
    return render(request, "rapportage/vlaanderen.html", context)


def _ongeldig(form):
    redenen = [str(fout) for fouten in form.errors.values() for fout in fouten]
    return HttpResponseBadRequest("\n".join(redenen) + "\n", content_type="text/plain; charset=utf-8")


@rol_vereist(Rol.OPGROEIEN)
def xlsx(request):
    """One sheet: a row per desk and municipality in the year's format, small cells as "<5"."""
    form, overzicht = _overzicht(request)
    if overzicht is None:
        return _ongeldig(form)
    antwoord = HttpResponse(
        vlaanderen_xlsx(overzicht, maskeren=True),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    antwoord["Content-Disposition"] = f'attachment; filename="vlaanderen-{overzicht.jaar}-{overzicht.formaat}.xlsx"'
    return antwoord


@rol_vereist(Rol.OPGROEIEN)
def json(request):
    """The overview's JSON (DESIGN.md contract), small cells as "<5"."""
    form, overzicht = _overzicht(request)
    if overzicht is None:
        return _ongeldig(form)
    tekst = jsonlib.dumps(gemaskeerde_json(overzicht.als_json()), ensure_ascii=False, indent=2)
    antwoord = HttpResponse(tekst, content_type="application/json")
    antwoord["Content-Disposition"] = f'attachment; filename="vlaanderen-{overzicht.jaar}-{overzicht.formaat}.json"'
    return antwoord
