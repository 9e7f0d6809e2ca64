import pytest

from loket.models import Gemeente, GemeenteAlias

pytestmark = pytest.mark.django_db


def test_gemeenten_285_vlaamse_en_19_brusselse():
    assert Gemeente.objects.count() == 304
    assert Gemeente.objects.filter(provincie="Brussels Hoofdstedelijk Gewest").count() == 19
    assert Gemeente.objects.exclude(provincie="Brussels Hoofdstedelijk Gewest").count() == 285


def test_gemeente_oude_nis_code_wijst_naar_fusiegemeente():
    assert GemeenteAlias.objects.get(nis="44034").gemeente.nis == "44087"
    assert Gemeente.zoek("44034").naam_nl == "Lochristi"
    assert Gemeente.zoek("44073").naam_nl == "Lochristi"  # Wachtebeke


def test_gemeente_zoeken_op_naam_en_postcode():
    assert Gemeente.zoek("gent").nis == "44021"
    assert Gemeente.zoek("Gand").nis == "44021"
    assert Gemeente.zoek("Wachtebeke").nis == "44087"
    assert Gemeente.zoek("Atlantis") is None
    assert Gemeente.zoek("") is None
    assert Gemeente.objects.get(postcodes__code="9070").naam_nl == "Destelbergen"
