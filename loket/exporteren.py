"""Exporters: small classes that yield rows, and renderers that write them as xlsx or CSV.

Every text cell that a spreadsheet would read as a formula (starting with =, +, -, @, or a tab or
carriage return before one) is neutralised: written as text with a leading apostrophe.
Shared by every app that exports (the report in rapportage, the audit list in aanmelding), so it
lives in loket, the app every other one may import.
"""

import csv
import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")


def veilige_waarde(waarde):
    """A cell value a spreadsheet will never execute: formula-like text gets a leading apostrophe."""
    if isinstance(waarde, str) and waarde.startswith(FORMULE_TEKENS):
        return "'" + waarde
    return waarde


class Exporter:
    """Subclasses set `titel` and yield rows (the first row is the header) from `rijen()`."""

    titel = "export"

    def rijen(self):
        raise NotImplementedError


@dataclass
class BladOpmaak:
    """How one sheet looks: column widths (in characters, from column A), the rows in bold
    (1-based), the header row (bold, wrapped, top-aligned) and the cell above-left of which the
    panes are frozen (e.g. "B6": rows 1-5 and column A stay in view)."""

    breedtes: list = field(default_factory=list)
    koprij: int | None = None
    kophoogte: float | None = None  # points; a wrapped header row needs room for its lines
    vette_rijen: set = field(default_factory=set)
    vastzetten: str | None = None
    datumformaat: str = "DD/MM/YYYY"


def als_xlsx(bladen, *, opmaak=None):
    """Write [(sheet name, rows)] to xlsx bytes with openpyxl's write-only mode (constant memory).

    `opmaak`: {sheet name: BladOpmaak} for the sheets that are styled; the others are plain.
    """
    werkboek = Workbook(write_only=True)
    for naam, rijen in bladen:
        blad = werkboek.create_sheet(title=naam[:31])
        stijl = (opmaak or {}).get(naam)
        if stijl is not None:
            for nummer, breedte in enumerate(stijl.breedtes, start=1):
                blad.column_dimensions[get_column_letter(nummer)].width = breedte
            blad.freeze_panes = stijl.vastzetten
            if stijl.koprij and stijl.kophoogte:
                blad.row_dimensions[stijl.koprij].height = stijl.kophoogte
        for rijnummer, rij in enumerate(rijen, start=1):
            blad.append([_cel(blad, waarde, stijl, rijnummer) for waarde in rij])
    uitvoer = io.BytesIO()
    werkboek.save(uitvoer)
    return uitvoer.getvalue()


KOP_UITLIJNING = Alignment(wrap_text=True, vertical="top")


def _cel(blad, waarde, stijl=None, rijnummer=None):
    veilig = veilige_waarde(waarde)
    cel = WriteOnlyCell(blad, value=veilig)
    if isinstance(veilig, str):
        cel.data_type = "s"  # never a formula, whatever the text looks like
    if stijl is not None:
        if rijnummer == stijl.koprij:
            cel.font = Font(bold=True)
            cel.alignment = KOP_UITLIJNING
        elif rijnummer in stijl.vette_rijen:
            cel.font = Font(bold=True)
        if hasattr(veilig, "isoformat"):
            cel.number_format = stijl.datumformaat
    return cel


def als_csv(rijen):
    """Write rows to CSV text (semicolon-separated, as Belgian spreadsheet settings expect)."""
    uitvoer = io.StringIO()
    schrijver = csv.writer(uitvoer, delimiter=";")
    for rij in rijen:
        schrijver.writerow([veilige_waarde(waarde) for waarde in rij])
    return uitvoer.getvalue()
