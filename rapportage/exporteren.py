"""The Kind en Gezin report's exports (xlsx, PDF). The generic renderers live in loket/exporteren.py."""

from loket.exporteren import BladOpmaak, Exporter, als_csv, als_xlsx, veilige_waarde  # noqa: F401  (re-exported)

# The Kind en Gezin report (DESIGN.md, "Spreadsheet layout"): rows 1-4 label/value, a header row
# with the form's column titles, one row per municipality, a totals row; formats 2020/2024 add one
# sheet per category with the same table. The PDF shows the same tables, the rules and P.
# Below the first sheet's table, after an empty row: the reference date and the format (the
# layout's rows 1-5 stay as the form has them).

KOPBLOK_LABELS = ["Naam Organisator", "Naam Lokaal Loket", "Dossiernummer Lokaal Loket", "Jaar"]
KOPRIJ = len(KOPBLOK_LABELS) + 1
# Wide enough for a municipality or a label in A, and for the Kind en Gezin titles wrapped over
# about seven lines in B-F (the longest has 130 characters).
KOLOMBREEDTES = [30, 24, 24, 24, 24, 24]
KOPHOOGTE = 7 * 15


class RapportTabel(Exporter):
    """One sheet of the report: the whole desk (`categorie` None) or one category."""

    def __init__(self, rapport, categorie=None):
        self.rapport = rapport
        self.categorie = categorie
        self.titel = categorie or "Registratie"

    @property
    def opschrift(self):
        from .queries import CATEGORIE_TITELS

        return str(CATEGORIE_TITELS[self.categorie]) if self.categorie else "Registratie opvangvragen"

    def kopblok(self):
        loket = self.rapport.loket
        waarden = [loket.inrichtend_bestuur, loket.naam, loket.dossiernummer, self.rapport.jaar]
        return [[label, waarde] for label, waarde in zip(KOPBLOK_LABELS, waarden, strict=True)]

    def kolomtitels(self):
        from .queries import KOLOM_TITELS, KOLOMMEN

        return ["Werkingsgebied", *[KOLOM_TITELS[k].format(jaar=self.rapport.jaar) for k in KOLOMMEN]]

    def getallen(self, rij):
        from .queries import KOLOMMEN

        bron = rij.categorieen[self.categorie] if self.categorie else rij.aantallen
        return [bron[k] for k in KOLOMMEN]

    def gemeenterijen(self):
        """[(Rij, [five numbers])] per municipality, in the report's order."""
        return [(rij, self.getallen(rij)) for rij in self.rapport.gemeenten]

    def totaalrij(self):
        return ["Totaal", *self.getallen(self.rapport.totaal)]

    def voetblok(self):
        """The rows below the first sheet's table: an empty row, then the reference date and the format."""
        if self.categorie:
            return []
        return [[], ["Peildatum", self.rapport.peiling.peildatum], ["Formaat", self.rapport.formaat]]

    def rijen(self):
        yield from self.kopblok()
        yield self.kolomtitels()
        for rij, getallen in self.gemeenterijen():
            yield [rij.naam, *getallen]
        yield self.totaalrij()
        yield from self.voetblok()

    def opmaak(self):
        """Bold wrapped headers with room for the long titles, bold totals, the header rows frozen."""
        totaalrij = KOPRIJ + len(self.rapport.gemeenten) + 1
        return BladOpmaak(
            breedtes=KOLOMBREEDTES,
            koprij=KOPRIJ,
            kophoogte=KOPHOOGTE,
            vette_rijen={totaalrij},
            vastzetten=f"B{KOPRIJ + 1}",
        )


def rapport_tabellen(rapport):
    """The sheets of a report: "Registratie", then one per category of its format."""
    return [RapportTabel(rapport), *[RapportTabel(rapport, categorie) for categorie in rapport.categorieen]]


def rapport_xlsx(rapport):
    """The report as .xlsx bytes."""
    tabellen = rapport_tabellen(rapport)
    return als_xlsx(
        [(tabel.titel, tabel.rijen()) for tabel in tabellen], opmaak={tabel.titel: tabel.opmaak() for tabel in tabellen}
    )


def rapport_regels(rapport):
    """The rules as the page and the PDF state them, with this report's year and reference date."""
    from .queries import REGELS

    peildatum = rapport.peiling.peildatum.strftime("%d/%m/%Y")
    return [str(regel).format(jaar=rapport.jaar, peildatum=peildatum) for regel in REGELS]


def rapport_pdf_document(rapport):
    """The report laid out by WeasyPrint on A4 (static/rapportage/rapport_pdf.css); `.write_pdf()` gives bytes."""
    from django.contrib.staticfiles import finders
    from django.template.loader import render_to_string
    from weasyprint import CSS, HTML

    from .queries import peiling_voorlopig

    html = render_to_string(
        "rapportage/rapport_pdf.html",
        {
            "rapport": rapport,
            "tabellen": rapport_tabellen(rapport),
            "regels": rapport_regels(rapport),
            "kopblok": RapportTabel(rapport).kopblok(),
            "voorlopig": peiling_voorlopig(rapport.peiling),
        },
    )
    return HTML(string=html).render(stylesheets=[CSS(filename=finders.find("rapportage/rapport_pdf.css"))])


def rapport_pdf(rapport):
    """The report as PDF bytes."""
    return rapport_pdf_document(rapport).write_pdf()
