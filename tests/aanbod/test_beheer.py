"""The coordinator's provider pages: organisations, locations, invitations by e-mail; outsiders refused."""

import re

import pytest
from django.core import mail

from aanbod.models import AanbiederToegang, Locatie, Organisator
from loket.logboek import logregels_voor
from loket.models import Gebruiker, Rol
from tests.factories import (
    ANTWERPEN,
    AanbiederToegangFactory,
    GebruikerFactory,
    LocatieFactory,
    OrganisatorFactory,
    VrijePlaatsFactory,
    gemeente,
)

pytestmark = pytest.mark.django_db


def locatie_data(**extra):
    data = {
        "naam": "Kinderdagverblijf Zonnestraal",
        "gemeente": gemeente("44013").pk,
        "type": "groepsopvang",
        "straat": "Dorpsstraat 3",
        "postcode": "9070",
        "erkende_plaatsen": "28",
        "leeftijd_van_maanden": "0",
        "leeftijd_tot_maanden": "36",
        "actief": "on",
        "opgroeien_id": "123456",
    }
    data.update(extra)
    return data


def test_coordinator_voegt_organisator_en_locatie_toe(client, coordinator, loket):
    client.force_login(coordinator)
    response = client.post("/loket/aanbieders/", {"naam": "Zonnestraal vzw", "email": "info@zonnestraal.be"})
    organisator = Organisator.objects.get()
    assert (response.status_code, response.url) == (302, f"/loket/aanbieders/{organisator.pk}/")
    assert organisator.loket == loket
    response = client.post(f"/loket/aanbieders/{organisator.pk}/locatie/", locatie_data())
    assert response.status_code == 302
    locatie = Locatie.objects.get()
    assert (
        locatie.organisator,
        locatie.naam,
        locatie.gemeente.nis,
        locatie.erkende_plaatsen,
        locatie.opgroeien_id,
    ) == (
        organisator,
        "Kinderdagverblijf Zonnestraal",
        "44013",
        28,
        "123456",
    )
    assert [r.actie for r in logregels_voor(locatie)] == ["locatie.aangemaakt"]
    assert [r.actie for r in logregels_voor(organisator)] == ["organisator.aangemaakt"]


def test_coordinator_kan_geen_locatie_buiten_werkingsgebied_maken(client, coordinator, loket):
    organisator = OrganisatorFactory(loket=loket)
    client.force_login(coordinator)
    response = client.post(
        f"/loket/aanbieders/{organisator.pk}/locatie/", locatie_data(gemeente=gemeente(ANTWERPEN).pk)
    )
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.text
    assert Locatie.objects.count() == 0


def test_coordinator_wijzigt_locatie_en_logt(client, coordinator, locatie):
    client.force_login(coordinator)
    response = client.post(
        f"/loket/aanbieders/locatie/{locatie.pk}/",
        locatie_data(naam=locatie.naam, gemeente=locatie.gemeente_id, erkende_plaatsen="20", actief=""),
    )
    assert response.status_code == 302
    locatie.refresh_from_db()
    assert (locatie.erkende_plaatsen, locatie.actief) == (20, False)
    [regel] = logregels_voor(locatie)
    assert (regel.details["erkende_plaatsen"], regel.details["actief"]) == ([18, 20], [True, False])


def test_uitnodigen_maakt_aanbieder_zonder_wachtwoord_en_mailt_link(
    client, django_capture_on_commit_callbacks, coordinator, locatie
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/loket/aanbieders/{locatie.organisator_id}/uitnodigen/",
            {"email": "Nieuw@Bolleke.be", "voornaam": "An", "achternaam": "Peeters", "locatie": locatie.pk},
        )
    assert response.status_code == 302
    gebruiker = Gebruiker.objects.get(email="nieuw@bolleke.be")
    assert (gebruiker.rol, gebruiker.has_usable_password(), gebruiker.first_name) == (Rol.AANBIEDER, False, "An")
    toegang = AanbiederToegang.objects.get(gebruiker=gebruiker)
    assert (toegang.organisator, toegang.locatie) == (locatie.organisator, locatie)
    assert [r.actie for r in logregels_voor(toegang)] == ["aanbieder.uitgenodigd"]
    [bericht] = mail.outbox
    assert bericht.to == ["nieuw@bolleke.be"]
    link = re.search(r"http://testserver(/aanbieder/wachtwoord/\S+/)", bericht.body)[1]

    client.logout()
    response = client.get(link)
    assert response.status_code == 302  # Django moves the token into the session
    response = client.post(
        response.url, {"new_password1": "Lange-zin-voor-2026", "new_password2": "Lange-zin-voor-2026"}
    )
    assert (response.status_code, response.url) == (302, "/inloggen/")
    gebruiker.refresh_from_db()
    assert gebruiker.check_password("Lange-zin-voor-2026") is True
    assert client.get(link).status_code == 200  # used once: the page now says the link is no longer valid
    assert "niet meer geldig" in client.get(link, follow=True).text


def test_uitnodigen_bestaand_ander_soort_account_geweigerd(client, coordinator, locatie, andere_ouder):
    client.force_login(coordinator)
    response = client.post(f"/loket/aanbieders/{locatie.organisator_id}/uitnodigen/", {"email": andere_ouder.email})
    assert response.status_code == 400
    assert "hoort al bij een ander soort account" in response.text
    assert AanbiederToegang.objects.filter(gebruiker=andere_ouder).exists() is False


def test_uitnodigen_bestaande_aanbieder_krijgt_extra_toegang(
    client, django_capture_on_commit_callbacks, coordinator, locatie, andere_aanbieder
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/loket/aanbieders/{locatie.organisator_id}/uitnodigen/", {"email": andere_aanbieder.email})
    assert AanbiederToegang.objects.filter(gebruiker=andere_aanbieder, organisator=locatie.organisator).count() == 1
    assert mail.outbox[0].subject == f"Je hebt toegang tot {locatie.organisator.naam}"
    response = client.post(f"/loket/aanbieders/{locatie.organisator_id}/uitnodigen/", {"email": andere_aanbieder.email})
    assert "Deze gebruiker heeft die toegang al." in response.text


def test_toegang_intrekken(client, coordinator, locatie, aanbieder):
    toegang = AanbiederToegang.objects.get(gebruiker=aanbieder)
    client.force_login(coordinator)
    assert client.post(f"/loket/aanbieders/toegang/{toegang.pk}/intrekken/").status_code == 302
    assert AanbiederToegang.objects.filter(pk=toegang.pk).exists() is False
    assert [r.actie for r in logregels_voor(locatie.organisator)] == ["aanbieder.toegang_ingetrokken"]
    client.force_login(aanbieder)
    assert client.get(f"/aanbieder/locatie/{locatie.pk}/").status_code == 404


def test_coordinator_van_ander_loket_krijgt_404(client, coordinator_ander_loket, locatie, aanbieder):
    toegang = AanbiederToegang.objects.get(gebruiker=aanbieder)
    client.force_login(coordinator_ander_loket)
    assert client.get(f"/loket/aanbieders/{locatie.organisator_id}/").status_code == 404
    assert client.get(f"/loket/aanbieders/locatie/{locatie.pk}/").status_code == 404
    assert (
        client.post(f"/loket/aanbieders/{locatie.organisator_id}/uitnodigen/", {"email": "x@y.be"}).status_code == 404
    )
    assert client.post(f"/loket/aanbieders/toegang/{toegang.pk}/intrekken/").status_code == 404
    assert locatie.organisator.naam not in client.get("/loket/aanbieders/").text
    assert Gebruiker.objects.filter(email="x@y.be").exists() is False


@pytest.mark.parametrize("persona", ["medewerker", "aanbieder", "andere_ouder"])
def test_aanbiedersbeheer_alleen_voor_coordinator(client, request, persona, locatie):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/loket/aanbieders/").status_code == 403
    assert client.get(f"/loket/aanbieders/{locatie.organisator_id}/").status_code == 403
    assert client.get("/loket/aanbieders/import/").status_code == 403


def test_aanbiederslijst_vast_aantal_queries(client, coordinator, loket, django_assert_num_queries):
    def maak():
        toegang = AanbiederToegangFactory()
        VrijePlaatsFactory(locatie=LocatieFactory(organisator=toegang.organisator))

    maak()
    client.force_login(coordinator)
    client.get("/loket/aanbieders/")
    with django_assert_num_queries(7):
        assert client.get("/loket/aanbieders/").status_code == 200
    for _ in range(9):
        maak()
    with django_assert_num_queries(7):
        response = client.get("/loket/aanbieders/")
    assert len(response.context["organisatoren"]) == 10


def test_organisatorpagina_vast_aantal_queries(client, coordinator, loket, django_assert_num_queries):
    organisator = OrganisatorFactory(loket=loket)
    AanbiederToegangFactory(organisator=organisator)
    LocatieFactory(organisator=organisator)
    client.force_login(coordinator)
    client.get(f"/loket/aanbieders/{organisator.pk}/")
    with django_assert_num_queries(8):
        assert client.get(f"/loket/aanbieders/{organisator.pk}/").status_code == 200
    for _ in range(9):
        AanbiederToegangFactory(organisator=organisator, gebruiker=GebruikerFactory(rol=Rol.AANBIEDER))
        LocatieFactory(organisator=organisator)
    with django_assert_num_queries(8):
        response = client.get(f"/loket/aanbieders/{organisator.pk}/")
    assert response.text.count("Toegang intrekken<span") == 10


@pytest.fixture
def organisatie_over_twee_loketten(locatie, ander_loket):
    """`locatie`'s organisation also runs a location in Antwerpen (the other desk's area), with a user each."""
    in_antwerpen = LocatieFactory(organisator=locatie.organisator, naam="Crèche Schelde", gemeente=gemeente(ANTWERPEN))
    return {
        "gent": locatie,
        "antwerpen": in_antwerpen,
        "toegang_gent": AanbiederToegangFactory(
            organisator=locatie.organisator, locatie=locatie, gebruiker__email="bolleke@gent.be"
        ),
        "toegang_antwerpen": AanbiederToegangFactory(
            organisator=locatie.organisator, locatie=in_antwerpen, gebruiker__email="schelde@antwerpen.be"
        ),
        "toegang_organisatie": AanbiederToegangFactory(
            organisator=locatie.organisator, gebruiker__email="directie@bolleke.be"
        ),
    }


def test_organisatie_over_twee_loketten_elk_loket_ziet_alleen_eigen_locaties(
    client, coordinator, coordinator_ander_loket, organisatie_over_twee_loketten
):
    o = organisatie_over_twee_loketten
    organisator = o["gent"].organisator
    for persoon, eigen, ander in (
        (coordinator, "gent", "antwerpen"),
        (coordinator_ander_loket, "antwerpen", "gent"),
    ):
        client.force_login(persoon)
        response = client.get(f"/loket/aanbieders/{organisator.pk}/")
        assert response.status_code == 200
        assert [locatie.naam for locatie in response.context["locaties"]] == [o[eigen].naam]
        assert list(response.context["uitnodiging"].fields["locatie"].queryset) == [o[eigen]]
        assert [c[0] for c in response.context["uitnodiging"].fields["locatie"].choices] == [o[eigen].pk]
        assert o[f"toegang_{ander}"].gebruiker.email not in response.text
        assert [t.pk for t in response.context["toegangen"]] == sorted(
            [o[f"toegang_{eigen}"].pk, o["toegang_organisatie"].pk],
            key=lambda pk: AanbiederToegang.objects.get(pk=pk).gebruiker.email,
        )
        lijst = client.get("/loket/aanbieders/")
        [rij] = lijst.context["organisatoren"]
        assert ([locatie.naam for locatie in rij.gebied_locaties], rij.aantal_gebruikers) == ([o[eigen].naam], 2)


def test_organisatie_over_twee_loketten_uitnodigen_en_intrekken_alleen_in_eigen_gebied(
    client, coordinator, organisatie_over_twee_loketten
):
    o = organisatie_over_twee_loketten
    organisator = o["gent"].organisator
    client.force_login(coordinator)
    url = f"/loket/aanbieders/{organisator.pk}/uitnodigen/"
    # A location of the other desk, and the whole organisation (which holds that location too): refused.
    assert client.post(url, {"email": "indringer@example.be", "locatie": o["antwerpen"].pk}).status_code == 400
    response = client.post(url, {"email": "indringer@example.be"})
    assert response.status_code == 400
    assert Gebruiker.objects.filter(email="indringer@example.be").exists() is False
    for toegang in (o["toegang_antwerpen"], o["toegang_organisatie"]):
        assert client.post(f"/loket/aanbieders/toegang/{toegang.pk}/intrekken/").status_code == 404
        assert AanbiederToegang.objects.filter(pk=toegang.pk).exists() is True
    # The desk's own location: allowed.
    assert client.post(url, {"email": "nieuw@gent.be", "locatie": o["gent"].pk}).status_code == 302
    assert AanbiederToegang.objects.get(gebruiker__email="nieuw@gent.be").locatie == o["gent"]
    toegang = o["toegang_gent"]
    assert client.post(f"/loket/aanbieders/toegang/{toegang.pk}/intrekken/").status_code == 302
    assert AanbiederToegang.objects.filter(pk=toegang.pk).exists() is False


def test_organisatie_over_twee_loketten_gegevens_niet_door_een_loket_te_wijzigen(
    client, coordinator, organisatie_over_twee_loketten
):
    organisator = organisatie_over_twee_loketten["gent"].organisator
    client.force_login(coordinator)
    response = client.get(f"/loket/aanbieders/{organisator.pk}/")
    assert "ook locaties buiten jullie werkingsgebied" in response.text
    response = client.post(f"/loket/aanbieders/{organisator.pk}/", {"naam": "Overgenomen"})
    assert response.status_code == 403
    organisator.refresh_from_db()
    assert organisator.naam != "Overgenomen"


def test_organisatie_helemaal_in_gebied_hele_organisatie_uitnodigen_en_intrekken(
    client, coordinator, locatie, aanbieder
):
    client.force_login(coordinator)
    response = client.get(f"/loket/aanbieders/{locatie.organisator_id}/")
    assert [c[0] for c in response.context["uitnodiging"].fields["locatie"].choices] == ["", locatie.pk]
    response = client.post(f"/loket/aanbieders/{locatie.organisator_id}/uitnodigen/", {"email": "heel@bolleke.be"})
    assert response.status_code == 302
    assert AanbiederToegang.objects.get(gebruiker__email="heel@bolleke.be").locatie is None
    toegang = AanbiederToegang.objects.get(gebruiker=aanbieder)
    assert client.post(f"/loket/aanbieders/toegang/{toegang.pk}/intrekken/").status_code == 302
