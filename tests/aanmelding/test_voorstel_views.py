"""Offer screens: a provider offers from its inbox, the desk records offers and answers; outsiders get 404."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from aanmelding.models import Opvangvoorstel
from loket.logboek import logregels_voor
from tests.factories import (
    LocatieFactory,
    OpvangvoorstelFactory,
    OpvangvraagFactory,
    VoorkeurFactory,
    VrijePlaatsFactory,
)

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
    from aanmelding.voorstellen import voorstel_weigeren

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


def keuzes(response):
    """The free places the offer form lists (the empty choice left out)."""
    return [int(str(waarde)) for waarde, _ in response.context["form"].fields["vrije_plaats"].choices if waarde]


def test_loket_voorstelformulier_kiest_eerste_keuze_en_haar_vrije_plaatsen(client, medewerker, loket):
    vraag = OpvangvraagFactory(gezin__loket=loket, status="in_behandeling")
    aap, zebra = LocatieFactory(naam="Aap"), LocatieFactory(naam="Zebra")
    VoorkeurFactory(vraag=vraag, locatie=zebra, rang=1)
    VoorkeurFactory(vraag=vraag, locatie=aap, rang=2)
    bij_aap, bij_zebra = VrijePlaatsFactory(locatie=aap, aantal=2), VrijePlaatsFactory(locatie=zebra, aantal=2)
    vol = VrijePlaatsFactory(locatie=zebra, aantal=1)
    OpvangvoorstelFactory(locatie=zebra, vrije_plaats=vol)  # its one place is held by an open offer
    client.force_login(medewerker)
    url = f"/loket/vraag/{vraag.pk}/voorstel/"

    response = client.get(url)
    assert response.context["form"]["locatie"].value() == zebra.pk  # the family's first choice, not "Aap"
    assert keuzes(response) == [bij_zebra.pk]
    assert "2 plaatsen vrij vanaf" in response.text
    assert keuzes(client.get(url, {"locatie": aap.pk})) == [bij_aap.pk]  # what htmx asks on another choice

    # Without JavaScript: a free place of another location, or one without room, is refused.
    for plaats, locatie in [(bij_zebra, aap), (vol, zebra)]:
        response = client.post(url, formulier(locatie, vrije_plaats=plaats.pk, versturen="1"))
        assert response.status_code == 200
        assert response.context["form"].errors["vrije_plaats"] == [
            "Deze vrije plaats hoort niet bij de gekozen locatie of is niet meer vrij. "
            "Kies een vrije plaats uit de lijst."
        ]
        assert keuzes(response) == [{aap: bij_aap, zebra: bij_zebra}[locatie].pk]
    assert Opvangvoorstel.objects.filter(vraag=vraag).count() == 0
    assert client.post(url, formulier(aap, vrije_plaats=bij_aap.pk, versturen="1")).status_code == 302
    assert Opvangvoorstel.objects.get(vraag=vraag).vrije_plaats == bij_aap


def test_aanbieder_voorstelformulier_kiest_eerste_keuze_van_eigen_locaties(
    client, aanbieder, ouder_met_vraag, locatie, tweede_locatie
):
    _, vraag = ouder_met_vraag  # chose "Het Bolleke" (rank 1); "De Stip" comes first alphabetically
    eigen = VrijePlaatsFactory(locatie=locatie)
    VrijePlaatsFactory(locatie=tweede_locatie)
    client.force_login(aanbieder)
    response = client.get(f"/aanbieder/inbox/{vraag.pk}/voorstel/")
    assert response.context["form"]["locatie"].value() == locatie.pk
    assert keuzes(response) == [eigen.pk]
    assert 'hx-get="/aanbieder/inbox/' in response.text and 'hx-select="#div_id_vrije_plaats"' in response.text
    assert response.text.count("<script") == 1 and "vendor/htmx/htmx.min.js" in response.text


@pytest.mark.parametrize("waarde", ["²", "٣", "\x00", "9" * 30, "-1", "abc"])
def test_voorstelformulier_met_onzin_in_de_query_geen_500(client, medewerker, ouder_met_vraag, locatie, waarde):
    _, vraag = ouder_met_vraag
    client.force_login(medewerker)
    response = client.get(f"/loket/vraag/{vraag.pk}/voorstel/", {"locatie": waarde, "vrije_plaats": waarde})
    assert response.status_code == 200
    assert response.context["form"]["locatie"].value() == locatie.pk  # the family's first choice instead


def test_loket_registreert_aanvaarding_van_ingenomen_plaats_en_ziet_het_op_de_aanvraag(
    client, medewerker, ouder_met_vraag
):
    _, vraag = ouder_met_vraag
    plaats = VrijePlaatsFactory(aantal=0)  # the provider gave its last place away since the offer
    voorstel = OpvangvoorstelFactory(vraag=vraag, vrije_plaats=plaats, locatie=plaats.locatie)
    client.force_login(medewerker)
    response = client.post(f"/voorstel/{voorstel.pk}/antwoord/", {"antwoord": "aanvaard"}, follow=True)
    assert "Deze plaats is intussen niet meer vrij" in response.text
    assert "De vrije plaats was al ingenomen toen het gezin wilde aanvaarden." in response.text  # on the offer
    voorstel.refresh_from_db()
    vraag.refresh_from_db()
    assert (voorstel.status, vraag.status, plaats.aantal) == ("ingetrokken", "in_behandeling", 0)
    pagina = client.get(f"/loket/vraag/{vraag.pk}/").text
    assert "voorstel vervallen: de vrije plaats was al ingenomen bij het aanvaarden" in pagina
