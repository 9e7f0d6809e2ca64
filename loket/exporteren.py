"""Exporters: small classes that yield rows, and renderers that write them as xlsx or CSV.

Every text cell that a spreadsheet would read as a formula (starting with =, +, -, @, or a tab or
carriage return before one) is neutralised: written as text with a leading apostrophe.
Shared by every app that exports (the report in rapportage, the audit list in aanmelding), so it
lives in loket, the app every other one may import.
"""

import csv
import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

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


def als_xlsx(bladen):
    """Write [(sheet name, rows)] to xlsx bytes with openpyxl's write-only mode (constant memory)."""
    werkboek = Workbook(write_only=True)
    for naam, rijen in bladen:
        blad = werkboek.create_sheet(title=naam[:31])
        for rij in rijen:
            blad.append([_cel(blad, waarde) for waarde in rij])
    uitvoer = io.BytesIO()
    werkboek.save(uitvoer)
    return uitvoer.getvalue()


def _cel(blad, waarde):
    veilig = veilige_waarde(waarde)
    cel = WriteOnlyCell(blad, value=veilig)
    if isinstance(veilig, str):
        cel.data_type = "s"  # never a formula, whatever the text looks like
    return cel


def als_csv(rijen):
    """Write rows to CSV text (semicolon-separated, as Belgian spreadsheet settings expect)."""
    uitvoer = io.StringIO()
    schrijver = csv.writer(uitvoer, delimiter=";")
    for rij in rijen:
        schrijver.writerow([veilige_waarde(waarde) for waarde in rij])
    return uitvoer.getvalue()
