"""The parent side, online: the registration wizard (/aanmelden/) and the public pages around it.

The wizard keeps what was typed in the session, one entry per step (the raw POST data, so going
back shows exactly what was typed, even when it was not valid yet). Nothing is written to the
database until the final confirm, which re-validates every step, then registers the family, the
child and the request in one transaction. The confirm form carries a one-time token: a double
click or a re-sent form finds the request the first one made (loket.EenmaligeVerzending) instead
of making a second one.
"""

import hashlib
import secrets
from dataclasses import dataclass

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from loket.logboek import logregel_schrijven
from loket.models import EenmaligeVerzending, Loket, Rol
from loket.queries import is_loketcode, publiek_loket

from ..forms import (
    AdresForm,
    GezinForm,
    KindForm,
    OpvangForm,
    OuderForm,
    SituatieForm,
    ToestemmingForm,
    VoorkeurenForm,
)
from ..inloglink import inloglink_aanmaken
from ..models import DringendReden, Kanaal, Opvangvraag, Taal
from ..pdf import bewijs_pdf
from ..registratie import AanmeldingFout, aanmelding_registreren

SESSIE = "aanmelding"
INGEDIEND = "aanmelding_ingediend"
DUBBEL = "aanmelding_dubbel"
# Set when the request was sent: the wizard's pages (browser Back) then say so instead of an empty form.
VERSTUURD = "aanmelding_verstuurd"
# What the session keeps of one posted value: longer is refused by every field anyway (the longest,
# the care-need description, takes 1000 characters).
MAX_TEKENS = 2000


@dataclass(frozen=True)
class Stap:
    code: str
    titel: str
    pictogram: str


STAPPEN = [
    Stap("kind", _("Je kind"), "👶"),
    Stap("gezin", _("Jullie gezin"), "👪"),
    Stap("adres", _("Jullie adres"), "🏠"),
    Stap("opvang", _("Welke opvang?"), "📅"),
    Stap("voorkeuren", _("Waar?"), "📍"),
    Stap("situatie", _("Jullie situatie"), "💬"),
    Stap("privacy", _("Privacy"), "🔒"),
]
CODES = [stap.code for stap in STAPPEN]
MEER_KEUZES = 3


def start(request):
    """Start of the online registration: what a parent needs and how it works."""
    loket = _loket(request)
    staat = request.session.get(SESSIE) or {}
    return render(
        request,
        "aanmelding/start.html",
        {"loket": loket, "bezig": bool(staat.get("stappen")), "eerste_stap": CODES[0]},
    )


def privacy(request):
    return render(request, "aanmelding/privacy.html")


# --- session state ------------------------------------------------------------------------------


def _staat(request):
    staat = request.session.get(SESSIE)
    if staat is None:
        staat = {"stappen": {}, "geldig": []}
        request.session[SESSIE] = staat
    return staat


def _bewaar(request):
    request.session.modified = True


def _loket(request):
    """The desk the family registers with: `?loket=<code>` (kept for the whole wizard), else the public one."""
    code = request.GET.get("loket")
    if code:
        loket = Loket.objects.filter(code=code).first() if is_loketcode(code) else None
        if loket is None:
            raise Http404
        _staat(request)["loket"] = code
        _bewaar(request)
        return loket
    code = (request.session.get(SESSIE) or {}).get("loket")
    loket = Loket.objects.filter(code=code).first() if code else None
    return loket or publiek_loket()


def _ruwe_data(staat, code):
    ruw = staat["stappen"].get(code)
    return MultiValueDict(ruw) if ruw is not None else None


def _geboortedatum(staat):
    """The child's (expected) birth date as typed in step 1, when that step is valid."""
    data = _ruwe_data(staat, "kind")
    if data is None:
        return None
    form = KindForm(data)
    return form.cleaned_data["geboortedatum"] if form.is_valid() else None


def _formulieren(code, staat, loket, data=None):
    """The forms of one step, bound to `data` (a POST) or to what was typed before."""
    if data is None:
        data = _ruwe_data(staat, code)
    if code == "kind":
        return {"kind": KindForm(data)}
    if code == "gezin":
        return {
            "ouder1": OuderForm(data, prefix="ouder1"),
            "ouder2": OuderForm(data, prefix="ouder2", verplicht=False),
            "gezin": GezinForm(data, initial={"taal": (get_language() or "nl")[:2]}),
        }
    if code == "adres":
        return {"adres": AdresForm(data)}
    if code == "opvang":
        return {"opvang": OpvangForm(data, geboortedatum=_geboortedatum(staat))}
    if code == "voorkeuren":
        nis = staat.get("filter_gemeente")
        filter_gemeente = loket.werkingsgebied.filter(nis=nis).first() if nis else None
        return {
            "voorkeuren": VoorkeurenForm(
                data, loket=loket, aantal=staat.get("voorkeuren_aantal"), gemeente_filter=filter_gemeente
            )
        }
    if code == "situatie":
        return {"situatie": SituatieForm(data)}
    if code == "privacy":
        return {"privacy": ToestemmingForm(data)}
    raise Http404


def _bewaarbaar(formulieren, post):
    """The posted values of the step's own fields only, each cut to MAX_TEKENS: a session holds what
    the wizard needs, whatever else is posted."""
    namen = []
    for form in formulieren.values():
        for veld in form:
            onderdelen = getattr(veld.field.widget, "widgets_names", None)
            namen += [veld.html_name + deel for deel in onderdelen] if onderdelen else [veld.html_name]
    return {naam: [waarde[:MAX_TEKENS] for waarde in post.getlist(naam)[:1]] for naam in namen if naam in post}


def _is_geldig(formulieren):
    # Validate every form (not all() short-circuit) so each shows its own errors.
    return all([form.is_valid() for form in formulieren.values()])


def _eerste_ongeldige(staat, tot=None):
    """The first step (before `tot`) that is not filled in validly, or None."""
    for code in CODES:
        if code == tot:
            return None
        if code not in staat["geldig"]:
            return code
    return None


def _alles_valideren(staat, loket):
    """Every step re-validated (a date may have passed since); returns (first invalid step, forms)."""
    alle = {}
    for code in CODES:
        formulieren = _formulieren(code, staat, loket)
        if _ruwe_data(staat, code) is None or not _is_geldig(formulieren):
            if code in staat["geldig"]:
                staat["geldig"].remove(code)
            return code, None
        alle.update(formulieren)
    return None, alle


# --- the steps ----------------------------------------------------------------------------------


@never_cache
def stap(request, code):
    """One step of the wizard: GET shows it (with what was typed before), POST saves and moves on."""
    if code not in CODES:
        raise Http404
    loket = _loket(request)
    if loket is None:
        raise Http404
    if _net_verstuurd(request):
        return _al_verstuurd(request)
    staat = _staat(request)
    if request.method == "POST":
        return _stap_bewaren(request, code, staat, loket)
    ontbrekend = _eerste_ongeldige(staat, tot=code)
    if ontbrekend is not None:
        return redirect("aanmelding:stap", code=ontbrekend)
    formulieren = _formulieren(code, staat, loket)
    if code == "voorkeuren" and staat.get("voorkeuren_bezig"):
        # Still choosing (after "Toon" or "Nog meer keuzes"): no "choose at least one" yet.
        formulieren["voorkeuren"].verplicht = False
    return _stap_tonen(request, code, staat, loket, formulieren)


def _stap_bewaren(request, code, staat, loket):
    actie = request.POST.get("actie", "volgende")
    formulieren = _formulieren(code, staat, loket, data=request.POST)
    staat["stappen"][code] = _bewaarbaar(formulieren, request.POST)
    geldig = _is_geldig(formulieren)
    if geldig and code not in staat["geldig"]:
        staat["geldig"].append(code)
    elif not geldig and code in staat["geldig"]:
        staat["geldig"].remove(code)
    _bewaar(request)

    index = CODES.index(code)
    if code == "voorkeuren":
        staat["voorkeuren_bezig"] = actie in ("meer", "filter")
    if actie == "vorige":
        # Step by step back: Volgende then walks forward again, step by step.
        staat.pop("nakijken", None)
        return redirect("aanmelding:stap", code=CODES[index - 1]) if index else redirect("aanmelding:start")
    if code == "voorkeuren" and actie == "meer":
        voorkeuren = formulieren["voorkeuren"]
        staat["voorkeuren_aantal"] = min(voorkeuren.aantal + MEER_KEUZES, voorkeuren.bovengrens)
        return redirect(reverse("aanmelding:stap", args=[code]) + "#keuzes")
    if code == "voorkeuren" and actie == "filter":
        nis = request.POST.get("filter_gemeente", "")
        # Raw input: only a NIS code (5 ASCII digits) reaches the database (a NUL byte is an error there).
        geldig_nis = len(nis) == 5 and nis.isascii() and nis.isdigit()
        staat["filter_gemeente"] = nis if geldig_nis and loket.werkingsgebied.filter(nis=nis).exists() else ""
        return redirect(reverse("aanmelding:stap", args=[code]) + "#keuzes")
    if not geldig:
        return _stap_tonen(request, code, staat, loket, formulieren, fouten=_foutoverzicht(formulieren))
    volgende = _eerste_ongeldige(staat)
    if staat.get("nakijken") or index + 1 == len(CODES):
        # Came from the summary to change something (or done): on to the next step still to fill in,
        # else back to the summary.
        return redirect("aanmelding:stap", code=volgende) if volgende else redirect("aanmelding:overzicht")
    return redirect("aanmelding:stap", code=CODES[index + 1])


def _foutoverzicht(formulieren):
    """Every error of a refused step, each with the id of its field, for the summary above the form."""
    fouten = []
    for form in formulieren.values():
        velden = list(form)
        for tekst in form.non_field_errors():
            fouten.append({"id": _veld_id(velden[0]), "label": "", "tekst": tekst})
        for veld in velden:
            fouten += [{"id": _veld_id(veld), "label": veld.label, "tekst": tekst} for tekst in veld.errors]
    return fouten


def _veld_id(veld):
    # A group of radio buttons has no label of its own: its first button.
    return veld.id_for_label or f"{veld.auto_id}_0"


def _stap_tonen(request, code, staat, loket, formulieren, fouten=()):
    index = CODES.index(code)
    context = {
        "fouten": fouten,
        "stap": STAPPEN[index],
        "stappen": STAPPEN,
        "nummer": index + 1,
        "aantal_stappen": len(STAPPEN) + 1,
        "loket": loket,
        "geldig": staat["geldig"],
        **formulieren,
    }
    if code == "voorkeuren":
        context["filter_gemeente"] = staat.get("filter_gemeente", "")
        context["gemeenten"] = sorted(loket.werkingsgebied.all(), key=str)
    return render(request, f"aanmelding/ouder/stap_{code}.html", context)


@never_cache
def overzicht(request):
    """The summary to check, with a link back to each step, and the confirm button."""
    loket = _loket(request)
    if loket is None:
        raise Http404
    if _net_verstuurd(request):
        return _al_verstuurd(request)
    staat = _staat(request)
    ongeldig, formulieren = _alles_valideren(staat, loket)
    if ongeldig is not None:
        _bewaar(request)
        if staat["stappen"]:
            messages.error(request, _("Kijk deze stap nog eens na."))
        return redirect("aanmelding:stap", code=ongeldig)
    if not staat.get("token"):
        staat["token"] = secrets.token_urlsafe(24)
    # From here a change of a step leads back to this summary.
    staat["nakijken"] = True
    _bewaar(request)
    return render(
        request,
        "aanmelding/ouder/overzicht.html",
        {
            **formulieren,
            "samenvatting": _samenvatting(formulieren),
            "stappen": STAPPEN,
            "nummer": len(STAPPEN) + 1,
            "aantal_stappen": len(STAPPEN) + 1,
            "loket": loket,
            "token": staat["token"],
        },
    )


def _samenvatting(formulieren):
    """What the summary page and the PDF show, from the cleaned forms."""
    kind = formulieren["kind"].cleaned_data
    opvang = formulieren["opvang"].cleaned_data
    situatie = formulieren["situatie"]
    return {
        "kind": kind,
        "ouders": [f.cleaned_data for f in (formulieren["ouder1"], formulieren["ouder2"]) if f.is_ingevuld()],
        "taal": formulieren["gezin"].cleaned_data["taal"],
        "adres": formulieren["adres"].cleaned_data,
        "opvang": opvang,
        "atypisch": [str(formulieren["opvang"].fields[n].label) for n in OpvangForm.ATYPISCH if opvang[n]],
        "voorkeuren": formulieren["voorkeuren"].cleaned_data,
        "situatie_ja": [
            situatie.fields[naam].label for naam, waarde in situatie.cleaned_data.items() if waarde is True
        ],
        "dringend_reden": DringendReden(situatie.cleaned_data["dringend_reden"]).label
        if situatie.cleaned_data["dringend_reden"]
        else "",
        "zorgbehoefte": situatie.cleaned_data["zorgbehoefte_omschrijving"],
        "taal_label": Taal(formulieren["gezin"].cleaned_data["taal"]).label,
    }


@require_POST
def bevestigen(request):
    """The final confirm: registers family, child and request once (see the module docstring)."""
    loket = _loket(request)
    staat = request.session.get(SESSIE) or {}
    token = request.POST.get("token", "")
    if not token or token != staat.get("token"):
        return _al_verwerkt(request)
    ongeldig, formulieren = _alles_valideren(staat, loket)
    if ongeldig is not None:
        _bewaar(request)
        messages.error(request, _("Kijk deze stap nog eens na."))
        return redirect("aanmelding:stap", code=ongeldig)
    sleutel = hashlib.sha256(token.encode()).hexdigest()
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    verzending = EenmaligeVerzending.objects.create(sleutel=sleutel)
            except IntegrityError:
                raise _AlVerzonden from None
            vraag = _registreren(request, loket, formulieren)
            verzending.object_id = str(vraag.pk)
            verzending.save(update_fields=["object_id"])
    except _AlVerzonden:
        verzending = EenmaligeVerzending.objects.filter(sleutel=sleutel).first()
        if verzending is not None and verzending.object_id:
            request.session.pop(SESSIE, None)
            request.session[INGEDIEND] = int(verzending.object_id)
            request.session[VERSTUURD] = True
        return _al_verwerkt(request)
    except AanmeldingFout as fout:
        if fout.bestaande_vraag is None:
            messages.error(request, str(fout))
            return redirect("aanmelding:overzicht")
        # Outside the rolled-back transaction, or the mail would be dropped with it.
        _inloglinks_voor_bestaande(fout.bestaande_vraag)
        request.session.pop(SESSIE, None)
        request.session[DUBBEL] = True
        return redirect("aanmelding:al_aangevraagd")
    request.session.pop(SESSIE, None)
    request.session[INGEDIEND] = vraag.pk
    request.session[VERSTUURD] = True
    return redirect("aanmelding:ingediend")


class _AlVerzonden(Exception):
    pass


def _registreren(request, loket, formulieren):
    gebruiker = request.user if request.user.is_authenticated else None
    ouders = []
    for naam in ("ouder1", "ouder2"):
        velden = formulieren[naam].ouder_velden()
        if velden is None:
            continue
        # A parent who is logged in and registers another child keeps seeing it in the portal.
        if gebruiker is not None and gebruiker.rol == Rol.OUDER and velden["email"] == gebruiker.email.lower():
            velden["gebruiker"] = gebruiker
        ouders.append(velden)
    situatie = formulieren["situatie"]
    voorkeuren = formulieren["voorkeuren"].vraag_velden()
    return aanmelding_registreren(
        loket=loket,
        kanaal=Kanaal.ONLINE,
        door=gebruiker,
        gezin_velden={
            **formulieren["gezin"].gezin_velden(),
            **formulieren["adres"].gezin_velden(),
            **situatie.gezin_velden(),
        },
        ouders=ouders,
        kind_velden={**formulieren["kind"].kind_velden(), **situatie.kind_velden()},
        vraag_velden={
            **formulieren["opvang"].vraag_velden(),
            **situatie.vraag_velden(),
            **voorkeuren,
            **formulieren["privacy"].vraag_velden(),
        },
    )


def _inloglinks_voor_bestaande(vraag):
    """A login link to each parent of the request that already exists, in that family's language."""
    for ouder in vraag.gezin.ouders.all():
        if ouder.email:
            inloglink_aanmaken(email=ouder.email, taal=vraag.gezin.taal, sjabloon="inloglink_dubbel")


def _al_verwerkt(request):
    """A confirm without a valid token: sent before (double click, back button) or the session ended."""
    if request.session.get(INGEDIEND):
        return redirect("aanmelding:ingediend")
    if request.session.get(DUBBEL):
        return redirect("aanmelding:al_aangevraagd")
    messages.error(request, _("Je sessie is verlopen. Begin opnieuw, of vul aan wat nog ontbreekt."))
    return redirect("aanmelding:overzicht")


def _net_verstuurd(request):
    """Whether this session just sent its request (and started no new one since)."""
    return bool(request.session.get(VERSTUURD) and request.session.get(INGEDIEND))


def _al_verstuurd(request):
    """A wizard page after the request was sent (browser Back): it was sent, and nothing more is needed."""
    vraag = Opvangvraag.objects.select_related("kind", "loket").filter(pk=request.session[INGEDIEND]).first()
    if vraag is not None:
        logregel_schrijven(
            door=request.user,
            actie="opvangvraag.bekeken",
            object=vraag,
            loket=vraag.loket,
            details={"pagina": "al_verstuurd"},
        )
    return render(
        request, "aanmelding/ouder/al_verstuurd.html", {"vraag": vraag, "loket": vraag.loket if vraag else None}
    )


def _ingediende_vraag(request):
    """The request registered in this browser session; 404 for anyone else."""
    pk = request.session.get(INGEDIEND)
    vraag = (
        Opvangvraag.objects.select_related("kind", "gezin", "loket", "voorkeur_gemeente").filter(pk=pk).first()
        if pk
        else None
    )
    if vraag is None:
        raise Http404
    return vraag


def ingediend(request):
    """The confirmation: reference number, what happens next, the PDF receipt."""
    vraag = _ingediende_vraag(request)
    logregel_schrijven(
        door=request.user,
        actie="opvangvraag.bekeken",
        object=vraag,
        loket=vraag.loket,
        details={"pagina": "bevestiging"},
    )
    return render(request, "aanmelding/ouder/ingediend.html", {"vraag": vraag, "loket": vraag.loket})


def ingediend_pdf(request):
    """The PDF receipt of the request registered in this session."""
    vraag = _ingediende_vraag(request)
    logregel_schrijven(
        door=request.user, actie="opvangvraag.bekeken", object=vraag, loket=vraag.loket, details={"pagina": "pdf"}
    )
    return pdf_antwoord(vraag)


def pdf_antwoord(vraag):
    response = HttpResponse(bewijs_pdf(vraag), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="aanvraag-{vraag.referentie}.pdf"'
    return response


def al_aangevraagd(request):
    """The kind page after a second registration of the same child: nothing about the existing one."""
    if not request.session.get(DUBBEL):
        return redirect("aanmelding:start")
    return render(request, "aanmelding/ouder/al_aangevraagd.html")


def opnieuw(request):
    """Throw away what was typed and start over (POST, so a link preview cannot do it)."""
    if request.method == "POST":
        request.session.pop(SESSIE, None)
        if request.session.pop(VERSTUURD, None):
            # "Register another child" after a sent request: nothing typed was thrown away.
            return redirect("aanmelding:stap", code=CODES[0])
        messages.success(request, _("Wat je had ingevuld, is gewist."))
        return redirect("aanmelding:start")
    return redirect("aanmelding:start")
