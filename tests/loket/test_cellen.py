"""Both xlsx importers (locations, request lists) read a yes/no cell the same way."""

import pytest

from aanbod.importeren_locaties import locaties_importeren
from aanbod.models import Locatie
from aanmelding.models import Opvangvraag
from loket.cellen import cel_ja_nee, cel_tekst
from tests.aanbod.test_importeren_locaties import werkboek as locatiewerkboek
from tests.rapportage.test_importeren import fouten, vraagrij, vragen_importeren
from tests.rapportage.test_importeren import werkboek as vragenwerkboek

JA = ["j", "ja", "JA", " Ja ", "yes", "y", "x", "X", "oui", "waar", "true", "1", 1, 1.0, True]
NEE = ["nee", "Nee", "n", "no", "non", "false", "onwaar", "0", 0, "", " ", None, False]


@pytest.mark.parametrize(("waarde", "verwacht"), [*((w, True) for w in JA), *((w, False) for w in NEE)])
def test_cel_ja_nee_leest_elke_schrijfwijze(waarde, verwacht):
    assert cel_ja_nee(waarde) is verwacht


@pytest.mark.parametrize("waarde", ["misschien", "jaa", "2", 2, "ja nee"])
def test_cel_ja_nee_geeft_none_voor_iets_anders(waarde):
    assert cel_ja_nee(waarde) is None


def test_cel_tekst_schrijft_een_geheel_getal_zonder_komma():
    assert [cel_tekst(w) for w in (None, 12.0, 12.5, " a ", 1e308)] == ["", "12", "12.5", "a", "1e+308"]


@pytest.mark.django_db
def test_locatie_import_leest_elke_schrijfwijze(tmp_path, loket):
    rijen = [
        ["Stad Gent", f"Locatie {i}", "groepsopvang", "", "", "44021", 10, waarde, "", "", ""]
        for i, waarde in enumerate(JA + NEE)
    ]
    resultaat = locaties_importeren(locatiewerkboek(tmp_path / "l.xlsx", rijen), loket=loket)
    assert resultaat.fouten == []
    inkomenstarief = dict(Locatie.objects.values_list("naam", "inkomenstarief"))
    assert [inkomenstarief[f"Locatie {i}"] for i in range(len(JA + NEE))] == [True] * len(JA) + [False] * len(NEE)


@pytest.mark.django_db
def test_vragen_import_leest_elke_schrijfwijze():
    rijen = [vraagrij(f"R{i}", specifieke_zorgbehoefte=waarde) for i, waarde in enumerate(JA + NEE)]
    vragen_importeren(bestand=vragenwerkboek(rijen))
    zorg = dict(Opvangvraag.objects.values_list("referentie", "kind__specifieke_zorgbehoefte"))
    assert [zorg[f"R{i}"] for i in range(len(JA + NEE))] == [True] * len(JA) + [False] * len(NEE)


@pytest.mark.django_db
def test_beide_imports_weigeren_dezelfde_onzin(tmp_path, loket):
    locaties = locaties_importeren(
        locatiewerkboek(
            tmp_path / "l.xlsx", [["Stad Gent", "L", "groepsopvang", "", "", "44021", 1, "jaa", "", "", ""]]
        ),
        loket=loket,
    )
    assert [fout.bericht for fout in locaties.fouten] == ["Schrijf ja of nee."]
    vragen = fouten(vragenwerkboek([vraagrij("R1", specifieke_zorgbehoefte="jaa")]))
    assert len(vragen) == 1 and vragen[0].endswith('"jaa" is geen ja of nee')
