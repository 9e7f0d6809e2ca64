"""Concurrency on PostgreSQL with real threads: exactly one wins, the other gets a clear message.

Each thread has its own database connection; a barrier releases them at the same instant.
"""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from aanbod.models import AanbodFout, VrijePlaats
from aanmelding.models import Opvangvoorstel, Opvangvraag
from aanmelding.voorstellen import voorstel_aanvaarden, voorstel_doen, voorstel_laten_verlopen
from tests.factories import LocatieFactory, OpvangvoorstelFactory, OpvangvraagFactory, VrijePlaatsFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def tegelijk(*functies):
    """Run each function in its own thread at the same instant; return (results, errors)."""
    barriere = threading.Barrier(len(functies))
    resultaten, fouten = [], []

    def draai(functie):
        try:
            barriere.wait(timeout=10)
            resultaten.append(functie())
        except AanbodFout as fout:
            fouten.append(str(fout))
        finally:
            connection.close()

    draden = [threading.Thread(target=draai, args=(functie,)) for functie in functies]
    for draad in draden:
        draad.start()
    for draad in draden:
        draad.join(timeout=30)
    return resultaten, fouten


def test_twee_aanbieders_tegelijk_een_voorstel(aanbieder, andere_aanbieder):
    vraag = OpvangvraagFactory(status="in_behandeling")
    a, b = LocatieFactory(), LocatieFactory()
    start = timezone.localdate() + datetime.timedelta(days=30)

    def bied(locatie, door):
        return lambda: voorstel_doen(vraag=vraag, locatie=locatie, door=door, startdatum=start, weekschema="DDD----")

    for _ in range(5):  # repeat: a race that passes once by luck should not pass five times
        Opvangvoorstel.objects.filter(vraag=vraag).delete()
        Opvangvraag.objects.filter(pk=vraag.pk).update(status="in_behandeling")
        resultaten, fouten = tegelijk(bied(a, aanbieder), bied(b, andere_aanbieder))
        assert len(resultaten) == 1
        assert len(fouten) == 1 and "loopt al een voorstel" in fouten[0]
        assert Opvangvoorstel.objects.filter(vraag=vraag, status="open").count() == 1
        assert Opvangvraag.objects.get(pk=vraag.pk).status == "voorstel"


def test_dubbele_aanvaarding_telt_plaats_eenmaal_af():
    plaats = VrijePlaatsFactory(aantal=3)
    voorstel = OpvangvoorstelFactory(vrije_plaats=plaats, locatie=plaats.locatie)
    resultaten, fouten = tegelijk(*[lambda: voorstel_aanvaarden(voorstel=voorstel, door=None)] * 2)
    assert (len(resultaten), len(fouten)) == (1, 1)
    assert "niet meer open" in fouten[0]
    assert VrijePlaats.objects.get(pk=plaats.pk).aantal == 2
    assert Opvangvoorstel.objects.get(pk=voorstel.pk).status == "aanvaard"
    assert Opvangvraag.objects.get(pk=voorstel.vraag_id).status == "toegewezen"


def test_aanvaarding_tegen_verloop_een_van_beide(django_capture_on_commit_callbacks):
    # The deadline is today: the family may still accept, the expiry run thinks it is tomorrow already.
    morgen = timezone.now() + datetime.timedelta(days=1)
    for _ in range(5):
        voorstel = OpvangvoorstelFactory(antwoord_tegen=timezone.localdate())
        resultaten, fouten = tegelijk(
            lambda v=voorstel: voorstel_aanvaarden(voorstel=v, door=None),
            lambda v=voorstel: voorstel_laten_verlopen(voorstel=v, nu=morgen),
        )
        voorstel.refresh_from_db()
        vraag = Opvangvraag.objects.get(pk=voorstel.vraag_id)
        if voorstel.status == "aanvaard":
            assert vraag.status == "toegewezen"
            assert False in resultaten and fouten == []  # the expiry found nothing to do
        else:
            assert (voorstel.status, vraag.status) == ("verlopen", "in_behandeling")
            assert fouten and "niet meer open" in fouten[0]


def test_laatste_vrije_plaats_tegelijk_voorgesteld_maar_eenmaal(aanbieder, andere_aanbieder):
    plaats = VrijePlaatsFactory(aantal=1)
    vragen = [OpvangvraagFactory(status="in_behandeling") for _ in range(2)]
    start = timezone.localdate() + datetime.timedelta(days=30)

    def bied(vraag, door):
        return lambda: voorstel_doen(
            vraag=vraag, locatie=plaats.locatie, vrije_plaats=plaats, door=door, startdatum=start, weekschema="DDD----"
        )

    for _ in range(5):
        Opvangvoorstel.objects.all().delete()
        Opvangvraag.objects.filter(pk__in=[v.pk for v in vragen]).update(status="in_behandeling")
        resultaten, fouten = tegelijk(bied(vragen[0], aanbieder), bied(vragen[1], andere_aanbieder))
        assert len(resultaten) == 1
        assert len(fouten) == 1 and "Deze vrije plaats is niet meer vrij" in fouten[0]
        assert Opvangvoorstel.objects.filter(vrije_plaats=plaats, status="open").count() == 1


def test_twee_gezinnen_aanvaarden_laatste_plaats_tegelijk_een_krijgt_ze():
    for _ in range(5):
        plaats = VrijePlaatsFactory(aantal=1)
        # Two open offers on one place (made before offers counted against it, or the provider
        # lowered the number since): both families press "aanvaarden" at the same instant.
        voorstellen = [OpvangvoorstelFactory(vrije_plaats=plaats, locatie=plaats.locatie) for _ in range(2)]
        resultaten, fouten = tegelijk(*[lambda v=v: voorstel_aanvaarden(voorstel=v, door=None) for v in voorstellen])
        assert (len(resultaten), len(fouten)) == (1, 1)
        assert "Deze plaats is intussen niet meer vrij" in fouten[0]
        assert VrijePlaats.objects.get(pk=plaats.pk).aantal == 0
        statussen = sorted(Opvangvraag.objects.filter(voorstellen__in=voorstellen).values_list("status", flat=True))
        assert statussen == ["in_behandeling", "toegewezen"]
        assert sorted(
            Opvangvoorstel.objects.filter(pk__in=[v.pk for v in voorstellen]).values_list("status", flat=True)
        ) == [
            "aanvaard",
            "ingetrokken",
        ]
