"""Shows the parent's data download (aanmelding/inzage.py) as readable tables in the PDF."""

import datetime
from decimal import Decimal

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

register = template.Library()

# The download's keys in words; a key without a label shows as is (with spaces).
LABELS = {
    "naam": _("naam"),
    "organisator": _("organisator"),
    "adres": _("adres"),
    "telefoon": _("telefoon"),
    "email": _("e-mail"),
    "bewaartermijn_jaren": _("bewaartermijn na afsluiten (jaren)"),
    "straat": _("straat en nummer"),
    "postcode": _("postcode"),
    "woonplaats": _("woonplaats"),
    "taal_voor_email": _("taal voor e-mail"),
    "laag_inkomen": _("inkomen onder de grens"),
    "opvang_voor_werk_of_opleiding": _("opvang nodig voor werk of opleiding"),
    "alleenstaande_ouder": _("alleenstaande ouder"),
    "gezondheids_of_zorgproblemen": _("gezondheids- of zorgproblemen in het gezin"),
    "geen_diploma_secundair": _("geen ouder met diploma secundair onderwijs"),
    "kwetsbaar_gezin": _("kwetsbaar gezin"),
    "kwetsbaar_volgens_loket_of_toeleider": _("kwetsbaar volgens loket of toeleider"),
    "reden_kwetsbaar": _("reden kwetsbaar"),
    "hulp_inkomenstarief": _("hulp nodig bij inkomenstarief"),
    "aangemaakt_op": _("aangemaakt op"),
    "gewijzigd_op": _("laatst gewijzigd op"),
    "voornaam": _("voornaam"),
    "achternaam": _("achternaam"),
    "werk_of_opleiding": _("werk of opleiding"),
    "geboortedatum": _("geboortedatum"),
    "nog_niet_geboren": _("nog niet geboren"),
    "specifieke_zorgbehoefte": _("specifieke zorgbehoefte"),
    "omschrijving_zorgbehoefte": _("omschrijving zorgbehoefte"),
    "rijksregisternummer_bewaard": _("rijksregisternummer bewaard (onleesbaar gemaakt)"),
    "referentie": _("referentie"),
    "kind": _("kind"),
    "status": _("status"),
    "kanaal": _("hoe aangevraagd"),
    "ingediend_op": _("ingediend op"),
    "telt_mee_onder_gemeente": _("telt mee onder gemeente"),
    "oorspronkelijke_startdatum": _("eerst gevraagde startdatum"),
    "gewenste_startdatum": _("gewenste startdatum"),
    "weekschema": _("dagen"),
    "oorspronkelijk_dagen_per_week": _("eerst gevraagde dagen per week"),
    "dagen_per_week": _("dagen per week"),
    "voor_7u": _("voor 7 uur"),
    "na_18u": _("na 18 uur"),
    "zaterdag": _("zaterdag"),
    "zon_en_feestdag": _("zondag of feestdag"),
    "dringend": _("dringend"),
    "reden_dringend": _("reden dringend"),
    "voorrang": _("voorrang"),
    "pleegkind": _("pleegkind"),
    "broer_of_zus": _("broer of zus in de opvang"),
    "gekozen_opvang": _("gekozen opvang"),
    "elke_opvang_in": _("elke opvang in"),
    "toeleider": _("toeleider"),
    "toestemming_op": _("toestemming gegeven op"),
    "toestemming_hoe": _("hoe toestemming gegeven"),
    "ingetrokken_op": _("ingetrokken op"),
    "reden_intrekking": _("reden intrekking"),
    "toelichting_intrekking": _("toelichting intrekking"),
    "samengevoegd_met": _("samengevoegd met"),
    "voorstellen": _("voorstellen"),
    "opvang": _("opvang"),
    "voorgesteld_op": _("voorgesteld op"),
    "startdatum": _("startdatum"),
    "antwoorden_tegen": _("antwoorden tegen"),
    "antwoord": _("antwoord"),
    "beantwoord_op": _("beantwoord op"),
    "reden_weigering": _("reden weigering"),
    "opmerking": _("opmerking"),
    "afgesloten_op": _("afgesloten op"),
    "reden_afsluiting": _("reden afsluiting"),
    "notities_van_het_loket": _("notities van het loket"),
    "contacten": _("contacten"),
    "doorverwijzingen_door_opvang": _("doorverwijzingen door een opvang"),
    "bekeken_door_opvang": _("bekeken door een opvang"),
    "op": _("op"),
    "door": _("door"),
    "tekst": _("tekst"),
    "soort": _("soort"),
    "verslag": _("verslag"),
    "reden": _("reden"),
    "toelichting": _("toelichting"),
    "gevraagd_op": _("gevraagd op"),
    "afgehandeld_op": _("afgehandeld op"),
    "uitkomst": _("uitkomst"),
}


@register.filter
def label(sleutel):
    return str(LABELS.get(sleutel, sleutel.replace("_", " ")))


@register.filter
def waarde(waarde):
    """One value as text: yes/no, dates in the active language, numbers without needless decimals."""
    if waarde is None or waarde == "":
        return "–"
    if isinstance(waarde, bool):
        return gettext("ja") if waarde else gettext("nee")
    if isinstance(waarde, datetime.datetime):
        return formats.date_format(timezone.localtime(waarde), "j F Y, H:i")
    if isinstance(waarde, datetime.date):
        return formats.date_format(waarde, "j F Y")
    if isinstance(waarde, Decimal):
        return formats.number_format(waarde.normalize() if waarde == waarde.to_integral() else waarde, use_l10n=True)
    if isinstance(waarde, dict):
        return "; ".join(f"{label(k)}: {v}" for k, v in waarde.items()) or "–"
    if isinstance(waarde, list):
        return ", ".join(str(v) for v in waarde) or "–"
    return str(waarde)


@register.simple_tag
def gegevens_tabel(gegevens):
    """A dict as a two-column table; nested lists of dicts become sub-tables under a heading."""
    rijen = []
    onderdelen = []
    for sleutel, inhoud in gegevens.items():
        if isinstance(inhoud, list) and inhoud and isinstance(inhoud[0], dict):
            onderdelen.append(
                format_html(
                    "<h4>{}</h4>{}",
                    label(sleutel),
                    format_html_join("", "{}", ((gegevens_tabel(item),) for item in inhoud)),
                )
            )
        else:
            rijen.append((label(sleutel), waarde(inhoud)))
    tabel = format_html(
        '<table class="gegevens">{}</table>', format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rijen)
    )
    return format_html("{}{}", tabel, format_html_join("", "{}", ((onderdeel,) for onderdeel in onderdelen)))
