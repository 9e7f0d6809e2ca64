"""Offer screens: a provider offers from its inbox, the desk records offers and answers; outsiders get 404."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from aanbod.models import Opvangvoorstel
from loket.logboek import logregels_voor
from tests.factories import LocatieFactory, OpvangvoorstelFactory, VrijePlaatsFactory

pytestmark = pytest.mark.django_db

START = timezone.localdate() + datetime.timedelta(days=40)


def formulier(locatie, **extra):
    gegevens = {
        "locatie": locatie.pk,
        "vrije_plaats": "",
        "startdatum": START.isoformat(),
        "antwoord_tegen": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
        **{f"weekschema_{i}": dag for i, dag in enumerate("DDD----")},
    }
    gegevens.update(extra)
    return gegevens


def test_aanbieder_ziet_verschil_en_verstuurt_voorstel(client, aanbieder, ouder_met_vraag, locatie):
    _, vraag = ouder_met_vraag  # asks DDDD--- from 90 days from now
    client.force_login(aanbieder)
    url = f"/aanbieder/inbox/{vraag.pk}/voorstel/"
    controle = client.post(url, formulier(locatie, controleren="1"))
    assert controle.status_code == 200
    assert "3 van de 4 dagen die je vroeg." in controle.text
    assert Opvangvoorstel.objects.count() == 0  # the preview changes nothing
    response = client.post(url, formulier(locatie, versturen="1"))
    assert response.status_code == 302
    voorstel = Opvangvoorstel.objects.get()
    assert (voorstel.locatie, voorstel.startdatum, voorstel.namens_aanbieder) == (locatie, START, False)
    vraag.refresh_from_db()
    assert vraag.status == "voorstel"


def test_aanbieder_kan_niet_voorstellen_met_locatie_van_ander(client, aanbieder, ouder_met_vraag):
    _, vraag = ouder_met_vraag
    vreemd = LocatieFactory()
    client.force_login(aanbieder)
    response = client.post(f"/aanbieder/inbox/{vraag.pk}/voorstel/", formulier(vreemd, versturen="1"))
    assert response.status_code == 200
    assert response.context["form"].errors["locatie"] == [
        "Selecteer een geldige keuze. Deze keuze is niet beschikbaar."
    ]
    assert Opvangvoorstel.objects.count() == 0


def test_aanbieder_ziet_lopend_voorstel_van_ander(client, aanbieder, ouder_met_vraag, locatie):
    _, vraag = ouder_met_vraag
    OpvangvoorstelFactory(vraag=vraag, antwoord_tegen=datetime.date(2099, 1, 2))
    client.force_login(aanbieder)
    response = client.post(f"/aanbieder/inbox/{vraag.pk}/voorstel/", formulier(locatie, versturen="1"))
    assert "Er loopt al een voorstel" in response.text and "02/01/2099" in response.text
    assert Opvangvoorstel.objects.count() == 1


def test_voorstel_startdatum_in_verleden_geweigerd(client, aanbieder, ouder_met_vraag, locatie):
    _, vraag = ouder_met_vraag
    client.force_login(aanbieder)
    gisteren = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.post(
        f"/aanbieder/inbox/{vraag.pk}/voorstel/", formulier(locatie, startdatum=gisteren, versturen="1")
    )
    assert "De startdatum ligt in het verleden." in response.text
    assert Opvangvoorstel.objects.count() == 0


def test_niet_gekozen_aanbieder_en_ander_loket_krijgen_404(
    client, ouder_met_vraag, andere_aanbieder, medewerker_ander_loket
):
    _, vraag = ouder_met_vraag
    for buitenstaander, url in [
        (andere_aanbieder, f"/aanbieder/inbox/{vraag.pk}/voorstel/"),
        (medewerker_ander_loket, f"/loket/vraag/{vraag.pk}/voorstel/"),
    ]:
        client.force_login(buitenstaander)
        assert client.get(url).status_code == 404


def test_loket_registreert_voorstel_namens_aanbieder(client, medewerker, ouder_met_vraag):
    _, vraag = ouder_met_vraag
    plaats = VrijePlaatsFactory(aantal=1)  # a location in Gent, the desk's area
    client.force_login(medewerker)
    response = client.post(
        f"/loket/vraag/{vraag.pk}/voorstel/", formulier(plaats.locatie, vrije_plaats=plaats.pk, versturen="1")
    )
    assert response.status_code == 302
    voorstel = Opvangvoorstel.objects.get()
    assert (voorstel.namens_aanbieder, voorstel.gedaan_door, voorstel.vrije_plaats) == (True, medewerker, plaats)


def test_loket_registreert_aanvaarding_per_telefoon(client, medewerker, ouder_met_vraag):
    _, vraag = ouder_met_vraag
    plaats = VrijePlaatsFactory(aantal=1)
    voorstel = OpvangvoorstelFactory(vraag=vraag, vrije_plaats=plaats, locatie=plaats.locatie)
    client.force_login(medewerker)
    response = client.post(f"/voorstel/{voorstel.pk}/antwoord/", {"antwoord": "aanvaard"})
    assert response.status_code == 302
    voorstel.refresh_from_db()
    plaats.refresh_from_db()
    assert (voorstel.status, plaats.aantal) == ("aanvaard", 0)
    assert [r.gebruiker for r in logregels_voor(voorstel)] == [medewerker]


def test_loket_weigering_zonder_reden_verandert_niets(client, medewerker, ouder_met_vraag):
    _, vraag = ouder_met_vraag
    voorstel = OpvangvoorstelFactory(vraag=vraag)
    client.force_login(medewerker)
    response = client.post(f"/voorstel/{voorstel.pk}/antwoord/", {"antwoord": "geweigerd"}, follow=True)
    assert "Kies waarom het gezin het voorstel weigert." in response.text
    voorstel.refresh_from_db()
    assert voorstel.status == "open"


def test_aanbieder_trekt_eigen_voorstel_in_maar_niet_dat_van_ander(client, aanbieder, andere_aanbieder, locatie):
    voorstel = OpvangvoorstelFactory(locatie=locatie)
    client.force_login(andere_aanbieder)
    assert client.post(f"/voorstel/{voorstel.pk}/intrekken/", {"reden": "x"}).status_code == 404
    assert client.get(f"/voorstel/{voorstel.pk}/").status_code == 404
    client.force_login(aanbieder)
    client.post(f"/voorstel/{voorstel.pk}/intrekken/", {"reden": "Plaats viel weg"})
    voorstel.refresh_from_db()
    assert (voorstel.status, voorstel.afsluit_reden) == ("ingetrokken", "Plaats viel weg")


def test_aanbieder_ziet_voorstel_van_concurrent_niet(client, aanbieder, ouder_met_vraag):
    _, vraag = ouder_met_vraag  # chose aanbieder's location, so aanbieder sees the request
    concurrent = OpvangvoorstelFactory(vraag=vraag)  # an offer from another provider's location
    client.force_login(aanbieder)
    assert client.get(f"/voorstel/{concurrent.pk}/").status_code == 404


def test_toewijzing_annuleren_door_loket(client, medewerker, ouder_met_vraag):
    _, vraag = ouder_met_vraag
    voorstel = OpvangvoorstelFactory(vraag=vraag, status="aanvaard", antwoord="aanvaard", beantwoord_op=timezone.now())
    client.force_login(medewerker)
    client.post(f"/voorstel/{voorstel.pk}/annuleren/", {"reden": "Gezin verhuist naar Brugge"})
    voorstel.refresh_from_db()
    vraag.refresh_from_db()
    assert (voorstel.status, vraag.status) == ("geannuleerd", "in_behandeling")


@pytest.mark.parametrize("aantal", [1, 10])
def test_voorstellen_lijst_vast_aantal_queries(client, aanbieder, locatie, django_assert_num_queries, aantal):
    for _ in range(aantal):
        OpvangvoorstelFactory(locatie=locatie)
    client.force_login(aanbieder)
    with django_assert_num_queries(5):
        response = client.get("/aanbieder/voorstellen/")
    assert response.text.count("/voorstel/") >= aantal


def test_tweede_aanbieder_wordt_verwittigd_als_lopend_voorstel_afloopt(
    client, aanbieder, ouder_met_vraag, django_capture_on_commit_callbacks
):
    from aanbod.services import voorstel_weigeren

    _, vraag = ouder_met_vraag
    lopend = OpvangvoorstelFactory(vraag=vraag)  # another provider's offer
    client.force_login(aanbieder)
    pagina = client.get(f"/aanbieder/inbox/{vraag.pk}/voorstel/")
    assert "Verwittig me als dit voorstel afloopt" in pagina.text
    client.post(f"/aanbieder/inbox/{vraag.pk}/afwachten/")
    client.post(f"/aanbieder/inbox/{vraag.pk}/afwachten/")  # twice: still one waiter
    assert vraag.wachters.count() == 1
    assert (
        "Je krijgt een e-mail zodra het lopende voorstel afloopt."
        in client.get(f"/aanbieder/inbox/{vraag.pk}/voorstel/").text
    )
    with django_capture_on_commit_callbacks(execute=True):
        voorstel_weigeren(voorstel=lopend, door=None, reden="te_ver")
    wachtmails = [m for m in mail.outbox if m.to == [aanbieder.email]]
    assert len(wachtmails) == 1
    assert f"/aanbieder/inbox/{vraag.pk}/" in wachtmails[0].body
    assert vraag.wachters.get().verwittigd_op is not None


def test_afwachten_door_niet_gekozen_aanbieder_404(client, andere_aanbieder, ouder_met_vraag):
    _, vraag = ouder_met_vraag
    client.force_login(andere_aanbieder)
    assert client.post(f"/aanbieder/inbox/{vraag.pk}/afwachten/").status_code == 404
    assert vraag.wachters.count() == 0
