"""Two imports of the same workbook into one desk at the same instant (PostgreSQL, threads).

The import takes the desk's row lock only for its last step (registrations at the desk go on
meanwhile, bench/importeren.py); imports into one desk still wait for each other, so the second
finds the first's references and adds nothing.
"""

import io
import threading

import pytest
from django.db import connection

from aanmelding.importeren_vragen import vragen_importeren
from aanmelding.models import Opvangvoorstel, Opvangvraag
from aanmelding.queries import telvelden_controleren
from tests.rapportage.test_importeren import voorstelrij, vraagrij, werkboek

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twee_gelijktijdige_imports_van_hetzelfde_werkboek():
    rijen = [vraagrij(f"A{i}") for i in range(40)]
    voorstellen = [voorstelrij(f"A{i}") for i in range(0, 40, 2)]
    inhoud = werkboek(rijen, voorstellen).getvalue()
    vragen_importeren(bestand=werkboek([vraagrij("A0")]))  # the desk exists, as for a desk's second import
    barriere = threading.Barrier(2)
    resultaten, fouten = [], []

    def importeer():
        bestand = io.BytesIO(inhoud)
        bestand.name = "lijst.xlsx"
        try:
            barriere.wait(timeout=10)
            resultaten.append(vragen_importeren(bestand=bestand))
        except Exception as fout:  # noqa: BLE001 - handed to the test thread
            fouten.append(fout)
        finally:
            connection.close()

    draden = [threading.Thread(target=importeer) for _ in range(2)]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=60)
    assert fouten == []
    assert sorted(r.nieuwe_vragen for r in resultaten) == [0, 39]
    assert Opvangvraag.objects.count() == 40
    assert Opvangvoorstel.objects.count() == 19  # A0's offer belongs to a request that existed already
    assert telvelden_controleren().in_orde
