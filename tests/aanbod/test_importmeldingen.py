"""The import messages come from one place (aanbod/importmeldingen.py), for both imports."""

import ast
import io
from pathlib import Path

import pytest

from aanbod.importeren_locaties import locaties_importeren
from aanbod.importmeldingen import MELDINGEN, melding
from aanmelding.importeren_vragen import ImportGeweigerd, werkboek_lezen

_ROOT = Path(__file__).resolve().parents[2]
IMPORTEURS = [_ROOT / "aanbod" / "importeren_locaties.py", _ROOT / "aanmelding" / "importeren_vragen.py"]

# The calls that carry a message, and which argument is the message.
MELDING_ARGUMENT = {"Fout": 3, "fout": 3, "_Ongeldig": 0, "_Celfout": 0}


def _aanroepen(pad):
    for knoop in ast.walk(ast.parse(pad.read_text(encoding="utf-8"))):
        if isinstance(knoop, ast.Call):
            naam = knoop.func.attr if isinstance(knoop.func, ast.Attribute) else getattr(knoop.func, "id", None)
            yield naam, knoop


@pytest.mark.parametrize("pad", IMPORTEURS, ids=lambda pad: pad.name)
def test_importeur_schrijft_geen_eigen_tekst(pad):
    """No message is written inline: a text literal or f-string as a message is refused."""
    inline = []
    for naam, knoop in _aanroepen(pad):
        positie = MELDING_ARGUMENT.get(naam)
        if positie is not None and len(knoop.args) > positie:
            argument = knoop.args[positie]
            if isinstance(argument, ast.JoinedStr) or (
                isinstance(argument, ast.Constant) and isinstance(argument.value, str) and argument.value
            ):
                inline.append(f"{pad.name}:{knoop.lineno}")
    assert inline == []


def test_elke_melding_bestaat_en_wordt_gebruikt():
    gebruikt = {
        knoop.args[0].value
        for pad in IMPORTEURS
        for naam, knoop in _aanroepen(pad)
        if naam == "melding" and knoop.args and isinstance(knoop.args[0], ast.Constant)
    }
    assert gebruikt == set(MELDINGEN)


@pytest.mark.django_db
def test_beide_importen_weigeren_een_vreemd_bestand_met_dezelfde_woorden():
    assert [f.bericht for f in locaties_importeren(io.BytesIO(b"geen werkboek")).fouten] == [melding("geen_xlsx")]
    with pytest.raises(ImportGeweigerd) as fout:
        werkboek_lezen(io.BytesIO(b"geen werkboek"))
    assert [f.bericht for f in fout.value.fouten] == ["Dit is geen geldig xlsx-bestand."]
