"""The policy dashboard as xlsx (one sheet per table) and as PDF (the page's SVG charts and tables)."""

from django.utils.translation import gettext as _

from loket.exporteren import BladOpmaak, als_xlsx


def _xlsx_waarde(waarde, soort):
    if soort == "procent" and isinstance(waarde, float):
        return round(waarde * 100, 1)
    if soort == "verhouding" and isinstance(waarde, float):
        return round(waarde, 2)
    return waarde


def _kopblok(overzicht):
    keuze = overzicht.keuze
    return [
        [_("Loket"), keuze.loket.naam],
        [_("Van"), keuze.van.strftime("%m/%Y")],
        [_("Tot en met"), keuze.tot.strftime("%m/%Y")],
        [_("Gemeente"), keuze.gemeente.naam_nl if keuze.gemeente is not None else _("het hele werkingsgebied")],
        [
            _("Kleine aantallen"),
            _("1 tot 4 wordt getoond als <5") if overzicht.afgeschermd else _("exacte aantallen"),
        ],
    ]


def dashboard_xlsx(overzicht):
    """xlsx bytes: a first sheet naming the desk and the period, then one sheet per table."""
    bladen = [(_("Overzicht"), _kopblok(overzicht))]
    opmaak = {}
    for figuur in overzicht.figuren():
        tabel = figuur.tabel
        kop = [kolom.titel + (" (%)" if kolom.soort == "procent" else "") for kolom in tabel.kolommen]
        rijen = [
            [_xlsx_waarde(w, kolom.soort) for w, kolom in zip(rij, tabel.kolommen, strict=True)]
            for rij in [*tabel.rijen, *([tabel.totaal] if tabel.totaal else [])]
        ]
        bladen.append((figuur.sleutel, [[figuur.titel], [figuur.onderschrift], kop, *rijen]))
        opmaak[figuur.sleutel] = BladOpmaak(
            breedtes=[28] + [16] * (len(kop) - 1),
            koprij=3,
            kophoogte=4 * 15,
            vette_rijen={1, 3 + len(rijen)} if tabel.totaal else {1},
            vastzetten="B4",
        )
    return als_xlsx(bladen, opmaak=opmaak)


def dashboard_pdf(overzicht):
    """PDF bytes on A4 landscape."""
    return dashboard_pdf_document(overzicht).write_pdf()


def dashboard_pdf_document(overzicht):
    """The dashboard laid out by WeasyPrint (static/rapportage/beleid_pdf.css); `.write_pdf()` gives bytes."""
    from django.contrib.staticfiles import finders
    from django.template.loader import render_to_string
    from weasyprint import CSS, HTML

    from .grafiek import svg

    secties = [
        {
            "sectie": sectie,
            "figuren": [
                {"figuur": f, "svg": svg(f), "rijen": f.tabel.opgemaakt(), "heeft_totaal": f.tabel.totaal is not None}
                for f in sectie.figuren
            ],
        }
        for sectie in overzicht.secties
    ]
    html = render_to_string(
        "rapportage/beleid_pdf.html",
        {"overzicht": overzicht, "keuze": overzicht.keuze, "kopblok": _kopblok(overzicht), "secties": secties},
    )
    return HTML(string=html).render(stylesheets=[CSS(filename=finders.find("rapportage/beleid_pdf.css"))])
