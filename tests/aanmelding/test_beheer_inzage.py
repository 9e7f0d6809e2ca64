"""The admin's pages of a family's data write an audit row, as every other view of that data does."""

import pytest
from django.urls import reverse

from aanmelding.models import Doorverwijzing
from loket.models import Logregel, Rol
from tests.factories import GebruikerFactory, KindFactory, OpvangvoorstelFactory, OpvangvraagFactory, OuderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(db):
    return GebruikerFactory(email="beheerder@platform.be", rol=Rol.BEHEERDER, is_staff=True, is_superuser=True)


def inzage(model, pk):
    return [
        (regel.actie, regel.gebruiker.email, regel.details)
        for regel in Logregel.objects.filter(content_type__model=model, object_id=str(pk))
    ]


def test_beheer_gezin_bekijken_logt_inzage(client, beheerder):
    vraag = OpvangvraagFactory()
    OuderFactory(gezin=vraag.gezin)
    client.force_login(beheerder)
    assert client.get(f"/beheer/aanmelding/gezin/{vraag.gezin.pk}/change/").status_code == 200
    assert inzage("gezin", vraag.gezin.pk) == [("gezin.bekeken", beheerder.email, {"pagina": "beheer"})]
    assert Logregel.objects.get().loket_id == vraag.loket_id


def test_beheer_lijsten_loggen_elk_getoond_gezin_of_vraag(client, beheerder):
    vragen = [OpvangvraagFactory() for _ in range(2)]
    kind = KindFactory()
    voorstel = OpvangvoorstelFactory(vraag=vragen[0])
    client.force_login(beheerder)
    assert client.get("/beheer/aanmelding/gezin/").status_code == 200
    assert client.get("/beheer/aanmelding/kind/").status_code == 200
    assert client.get("/beheer/aanmelding/opvangvraag/").status_code == 200
    assert client.get(f"/beheer/aanmelding/opvangvoorstel/{voorstel.pk}/change/").status_code == 200
    for vraag in vragen:
        assert ("gezin.bekeken", beheerder.email, {"pagina": "beheer"}) in inzage("gezin", vraag.gezin_id)
    assert inzage("gezin", kind.gezin_id) == [("gezin.bekeken", beheerder.email, {"pagina": "beheer"})] * 2
    assert inzage("opvangvraag", vragen[0].pk) == [("opvangvraag.bekeken", beheerder.email, {"pagina": "beheer"})] * 2
    assert inzage("opvangvraag", vragen[1].pk) == [("opvangvraag.bekeken", beheerder.email, {"pagina": "beheer"})]


def test_beheer_weigert_medewerker_en_logt_niets(client, medewerker):
    vraag = OpvangvraagFactory()
    client.force_login(medewerker)
    assert client.get(f"/beheer/aanmelding/gezin/{vraag.gezin.pk}/change/").status_code == 302
    assert not Logregel.objects.filter(actie__endswith=".bekeken").exists()


def test_beheer_doorverwijzingen_tonen_en_loggen(client, beheerder):
    vraag = OpvangvraagFactory()
    doorverwijzing = Doorverwijzing.objects.create(loket=vraag.loket, vraag=vraag, reden="andere")
    client.force_login(beheerder)
    url = reverse(f"admin:{Doorverwijzing._meta.app_label}_doorverwijzing_changelist")
    lijst = client.get(url, {"q": vraag.referentie})
    assert lijst.status_code == 200
    assert list(lijst.context["cl"].result_list) == [doorverwijzing]
    assert inzage("doorverwijzing", doorverwijzing.pk) == [
        ("doorverwijzing.bekeken", beheerder.email, {"pagina": "beheer"})
    ]
