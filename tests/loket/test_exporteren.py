"""Exports never hand a spreadsheet a formula to run."""

import io

import pytest
from openpyxl import load_workbook

from loket.exporteren import als_csv, als_xlsx, veilige_waarde


@pytest.mark.parametrize(
    ("waarde", "verwacht"),
    [
        ('=HYPERLINK("http://kwaad")', '\'=HYPERLINK("http://kwaad")'),
        ("+32 470 12 34 56", "'+32 470 12 34 56"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Gent", "Gent"),
        (-3, -3),
        (None, None),
    ],
)
def test_veilige_waarde_neutraliseert_formules(waarde, verwacht):
    assert veilige_waarde(waarde) == verwacht


def test_xlsx_schrijft_formuletekst_als_tekstcel():
    inhoud = als_xlsx([("Blad", [["naam", "aantal"], ["=1+1", -2], ["Gent", 3]])])
    blad = load_workbook(io.BytesIO(inhoud))["Blad"]
    assert [[cel.value for cel in rij] for rij in blad.iter_rows()] == [["naam", "aantal"], ["'=1+1", -2], ["Gent", 3]]
    assert blad["A2"].data_type == "s"


def test_csv_neutraliseert_en_scheidt_met_puntkomma():
    assert als_csv([["a", "b"], ["=cmd", "@x"]]) == "a;b\r\n'=cmd;'@x\r\n"
