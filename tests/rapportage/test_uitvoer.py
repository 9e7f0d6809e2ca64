"""The report's xlsx (read back with openpyxl), PDF (text as WeasyPrint laid it out) and command."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from rapportage.exporteren import rapport_pdf_document, rapport_xlsx
from rapportage.queries import rapport_kg
from tests.factories import ANTWERPEN

pytestmark = pytest.mark.django_db

TITELS = [
    "Werkingsgebied",
    "Totaal aantal unieke opvangvragen bij het lokaal loket met als oorspronkelijke startdatum het jaar 2019",
    "Aantal onbeantwoorde opvangvragen zonder opvangvoorstel",
    "Aantal onbeantwoorde opvangvragen met een opvangvoorstel dat niet aanvaard werd door het gezin",
    "Aantal deels onbeantwoorde opvangvragen waarbij het opvangvoorstel afwijkt van de oorspronkelijke vraag: "
    "Minstens 1 maand later gestart",
    "Aantal deels onbeantwoorde opvangvragen waarbij het opvangvoorstel afwijkt van de oorspronkelijke vraag: "
    "Minder opvangdagen dan gevraagd",
]


@pytest.fixture
def scenario(bouw, loket):
    loket.inrichtend_bestuur = "=Stad Gent"  # a formula-like text must stay text
    loket.save()
    vraag = bouw.vraag(start="2019-06-01", dagen="4", dringend=True, dringend_reden="crisis")
    bouw.voorstel(vraag, start="2019-08-01", dagen="3", antwoord="aanvaard", beantwoord="2019-03-02")
    bouw.vraag(start="2019-06-01", gemeente=ANTWERPEN, zorg=True)
    return loket


def bladen(inhoud):
    werkboek = load_workbook(io.BytesIO(inhoud))
    return {blad.title: [[cel.value for cel in rij] for rij in blad.iter_rows()] for blad in werkboek.worksheets}


def test_xlsx_formaat_2019_volgt_de_layout(scenario):
    inhoud = bladen(rapport_xlsx(rapport_kg(loket=scenario, jaar=2019, formaat="2019")))
    assert list(inhoud) == ["Registratie"]
    assert inhoud["Registratie"] == [
        ["Naam Organisator", "'=Stad Gent", None, None, None, None],
        ["Naam Lokaal Loket", "Lokaal Loket Kinderopvang Gent", None, None, None, None],
        ["Dossiernummer Lokaal Loket", "1234567", None, None, None, None],
        ["Jaar", 2019, None, None, None, None],
        TITELS,
        ["Destelbergen", 0, 0, 0, 0, 0],
        ["Gent", 1, 0, 0, 1, 1],
        ["Antwerpen", 1, 1, 0, 0, 0],
        ["Totaal", 2, 1, 0, 1, 1],
        [None, None, None, None, None, None],
        ["Peildatum", datetime.datetime(2020, 2, 29), None, None, None, None],
        ["Formaat", "2019", None, None, None, None],
    ]


def test_xlsx_is_leesbaar_opgemaakt(scenario):
    werkboek = load_workbook(io.BytesIO(rapport_xlsx(rapport_kg(loket=scenario, jaar=2019, formaat="2020"))))
    for blad in werkboek.worksheets:
        assert blad.freeze_panes == "B6"  # the header row and the municipality column stay in view
        assert [blad.column_dimensions[k].width for k in "ABCDEF"] == [30, 24, 24, 24, 24, 24]
        assert blad.row_dimensions[5].height == 105
        for cel in blad[5]:
            assert (cel.font.b, cel.alignment.wrap_text, cel.alignment.vertical) == (True, True, "top")
        assert [cel.font.b for cel in blad[9]] == [True] * 6  # Totaal
        assert blad["A6"].font.b is False
    registratie = werkboek["Registratie"]
    assert registratie["B11"].number_format == "DD/MM/YYYY"


@pytest.mark.parametrize(
    ("formaat", "categorieen"),
    [
        ("2020", ["dringend", "atypisch", "voorrangsgroep", "kwetsbaar_gezin", "specifieke_zorgbehoefte"]),
        ("2024", ["dringend", "atypisch", "kwetsbaar_gezin", "specifieke_zorgbehoefte"]),
    ],
)
def test_xlsx_met_een_blad_per_categorie(scenario, formaat, categorieen):
    inhoud = bladen(rapport_xlsx(rapport_kg(loket=scenario, jaar=2019, formaat=formaat)))
    assert list(inhoud) == ["Registratie", *categorieen]
    assert inhoud["dringend"][4] == TITELS
    assert inhoud["dringend"][5:] == [
        ["Destelbergen", 0, 0, 0, 0, 0],
        ["Gent", 1, 0, 0, 1, 1],
        ["Antwerpen", 0, 0, 0, 0, 0],
        ["Totaal", 1, 0, 0, 1, 1],
    ]
    assert inhoud["specifieke_zorgbehoefte"][-1] == ["Totaal", 1, 1, 0, 0, 0]


def pdf_tekst(document):
    """The text WeasyPrint laid out, page by page (no PDF parser needed)."""
    pagina_teksten = []
    for pagina in document.pages:
        stukken = [doos.text for doos in pagina._page_box.descendants() if hasattr(doos, "text")]
        pagina_teksten.append(" ".join(stukken))
    return pagina_teksten


def test_pdf_toont_kop_tabellen_regels_en_peildatum(scenario):
    document = rapport_pdf_document(rapport_kg(loket=scenario, jaar=2019, formaat="2020"))
    paginas = pdf_tekst(document)
    alles = " ".join(paginas)
    assert "Lokaal Loket Kinderopvang Gent" in paginas[0]
    assert "Dossiernummer Lokaal Loket 1234567" in paginas[0]
    assert "Peildatum 29/02/2020" in paginas[0]
    assert "Gent 1 0 0 1 1" in paginas[0]
    assert "Antwerpen (buiten het werkingsgebied) 1 1 0 0 0" in paginas[0]
    assert "Totaal 2 1 0 1 1" in paginas[0]
    assert "Dringende opvangvragen" in alles
    assert "31 januari wordt 28 of 29 februari" in alles
    assert "ten laatste op de peildatum (29/02/2020)" in alles
    assert len(paginas) == 7  # Registratie, five categories, the rules
    assert document.write_pdf().startswith(b"%PDF")
    # A4 landscape (297 x 210 mm) in CSS pixels
    assert (round(document.pages[0].width), round(document.pages[0].height)) == (1123, 794)


def test_commando_schrijft_json_naar_stdout(scenario, capsys):
    call_command("rapport_kg", "--loket", "gent", "--jaar", "2019", "--json", "-")
    uit = json.loads(capsys.readouterr().out)
    assert uit["formaat"] == "2019"
    assert uit["peildatum"] == "2020-02-29"
    assert uit["totaal"] == {
        "totaal": 2,
        "zonder_voorstel": 1,
        "voorstel_niet_aanvaard": 0,
        "later_gestart": 1,
        "minder_dagen": 1,
    }
    assert [g["nis"] for g in uit["gemeenten"]] == ["44013", "44021", "11002"]


def test_commando_schrijft_bestanden(scenario, tmp_path):
    call_command(
        "rapport_kg",
        "--loket=gent",
        "--jaar=2019",
        "--peildatum=2019-12-31",
        "--formaat=2024",
        f"--json={tmp_path / 'r.json'}",
        f"--xlsx={tmp_path / 'r.xlsx'}",
        f"--pdf={tmp_path / 'r.pdf'}",
    )
    uit = json.loads((tmp_path / "r.json").read_text())
    assert uit["peildatum"] == "2019-12-31"
    assert list(uit["totaal"]["categorieen"]) == ["dringend", "atypisch", "kwetsbaar_gezin", "specifieke_zorgbehoefte"]
    assert list(bladen((tmp_path / "r.xlsx").read_bytes()))[0] == "Registratie"
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("argumenten", "bericht"),
    [
        (["--loket", "nergens", "--jaar", "2019"], "Geen loket met code 'nergens'."),
        (["--loket", "gent", "--jaar", "twintig"], "--jaar moet een jaartal zijn, niet 'twintig'."),
        (["--loket", "gent", "--jaar", "1850"], "--jaar 1850 ligt niet tussen 2000 en 2100."),
        (
            ["--loket", "gent", "--jaar", "2019", "--peildatum", "29/02/2020"],
            "--peildatum moet een datum JJJJ-MM-DD zijn",
        ),
        (["--loket", "gent", "--jaar", "2019", "--formaat", "2021"], "invalid choice: '2021'"),
        (
            ["--loket", "gent", "--jaar", "2019", "--peildatum", "9999-12-31"],
            "--peildatum: De peildatum kan ten laatste 31/12/2029 zijn",
        ),
        (
            ["--loket", "gent", "--jaar", "2019", "--peildatum", "2018-12-31"],
            "--peildatum: De peildatum 31/12/2018 ligt vóór het jaar 2019",
        ),
        (["--loket", "gent", "--jaar", "2019", "--xlsx", "/nergens/r.xlsx"], "Kan niet schrijven"),
    ],
)
def test_commando_weigert_foute_argumenten(loket, argumenten, bericht):
    with pytest.raises(CommandError, match=bericht.replace("(", r"\(").replace(")", r"\)")):
        call_command("rapport_kg", *argumenten)
