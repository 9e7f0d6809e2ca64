"""The parent downloads everything the desk holds about the family (/mijn/gegevens/): JSON and PDF."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from aanmelding.inzage import gezinsgegevens
from aanmelding.models import Gezin, Kind
from aanmelding.privacy import wisverzoek_indienen, wisverzoek_weigeren
from loket.logboek import logregel_schrijven
from loket.models import Logregel
from tests.factories import GezinFactory, OpvangvoorstelFactory, OpvangvraagFactory, OuderFactory

pytestmark = pytest.mark.django_db

URL = "/mijn/gegevens/"
URL_JSON = "/mijn/gegevens/mijn-gegevens.json"
URL_PDF = "/mijn/gegevens/mijn-gegevens.pdf"


def downloads(gezin):
    return list(
        Logregel.objects.filter(
            actie="gezin.gegevens_gedownload",
            content_type=ContentType.objects.get_for_model(Gezin),
            object_id=str(gezin.pk),
        ).values_list("gebruiker", "details")
    )


@pytest.fixture
def ouder_client(client, afgesloten_gezin):
    client.force_login(afgesloten_gezin.gebruiker)
    return client


def json_download(client):
    response = client.get(URL_JSON)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="mijn-gegevens-')
    return json.loads(response.content)


def test_json_bevat_gezin_ouders_en_kinderen(ouder_client, afgesloten_gezin):
    [gezin] = json_download(ouder_client)["gezinnen"]
    assert gezin["loket"]["naam"] == "Lokaal Loket Kinderopvang Gent"
    assert (gezin["gezin"]["straat"], gezin["gezin"]["postcode"], gezin["gezin"]["woonplaats"]) == (
        "Nieuwstraat 5",
        "9050",
        "Gent",
    )
    assert (gezin["gezin"]["kwetsbaar_gezin"], gezin["gezin"]["reden_kwetsbaar"]) == (True, "oma past op")
    assert [(o["voornaam"], o["achternaam"], o["email"], o["telefoon"]) for o in gezin["ouders"]] == [
        ("An", "Peeters", "an.peeters@example.be", "0470 11 22 33"),
        ("Bart", "Claes", "bart.claes@example.be", ""),
    ]
    assert [
        (k["voornaam"], k["omschrijving_zorgbehoefte"], k["rijksregisternummer_bewaard"]) for k in gezin["kinderen"]
    ] == [
        ("Lotte", "astma", True),
        ("Mats", "", False),
    ]


def test_json_bevat_nooit_de_rijksregisterhash_of_de_identiteitssleutel(ouder_client, afgesloten_gezin):
    inhoud = ouder_client.get(URL_JSON).content.decode()
    lotte = Kind.objects.get(pk=afgesloten_gezin.lotte.pk)
    assert lotte.rijksregister_hash and lotte.rijksregister_hash not in inhoud
    assert lotte.identiteit not in inhoud
    assert "identiteit" not in inhoud and "rijksregister_hash" not in inhoud


def test_json_bevat_aanvragen_voorstellen_notities_en_contacten(ouder_client, afgesloten_gezin):
    [gezin] = json_download(ouder_client)["gezinnen"]
    lotte, mats = gezin["aanvragen"]
    assert (lotte["referentie"], lotte["status"], lotte["reden_intrekking"], lotte["toelichting_intrekking"]) == (
        afgesloten_gezin.vraag_lotte.referentie,
        "ingetrokken",
        "niet meer nodig",
        "we verhuizen naar Brugge",
    )
    assert lotte["toestemming_hoe"] == "mama belde"
    assert [n["tekst"] for n in lotte["notities_van_het_loket"]] == ["Mevrouw Peeters belt terug"]
    assert [(c["soort"], c["verslag"]) for c in lotte["contacten"]] == [
        ("telefoon van het gezin", "mama belde over de start")
    ]
    assert lotte["notities_van_het_loket"][0]["door"].endswith("(loketmedewerker)")
    assert mats["status"] == "toegewezen"
    assert [
        (v["opvang"], v["status"], v["antwoord"], v["reden_weigering"], v["opmerking"]) for v in mats["voorstellen"]
    ] == [
        ("Kinderdagverblijf Het Bolleke", "geweigerd", "geweigerd", "te ver", "te ver voor papa"),
        ("Kinderdagverblijf Het Bolleke", "aanvaard", "aanvaard", "", ""),
    ]
    assert mats["gekozen_opvang"] == []


def test_json_logboek_zegt_wie_wat_deed(ouder_client, afgesloten_gezin, medewerker, aanbieder):
    medewerker.first_name, medewerker.last_name = "Mieke", "Balie"
    medewerker.save()
    logregel_schrijven(
        door=aanbieder,
        actie="opvangvraag.bekeken",
        object=afgesloten_gezin.vraag_mats,
        loket=afgesloten_gezin.gezin.loket,
    )
    [gezin] = json_download(ouder_client)["gezinnen"]
    regels = {(r["actie"], r["waarover"], r["door"]) for r in gezin["logboek"]}
    mats = afgesloten_gezin.vraag_mats.referentie
    organisatie = afgesloten_gezin.aanvaard.locatie.organisator.naam
    assert ("opvangvraag.bekeken", f"aanvraag {mats}", f"{organisatie} (aanbieder)") in regels
    assert ("opvangvraag.ingediend", f"aanvraag {mats}", "Mieke Balie (loketmedewerker)") in regels
    assert ("opvangvoorstel.aanvaard", "voorstel van Kinderdagverblijf Het Bolleke", "jij") in regels
    assert ("gezin.gewijzigd", "het gezin", "Mieke Balie (loketmedewerker)") in regels
    assert ("gezin.gegevens_gedownload", "het gezin", "jij") in regels
    assert gezin["logboek"][0]["wat"] == "alle gegevens gedownload"  # newest first


def test_download_schrijft_logregel(ouder_client, afgesloten_gezin):
    ouder_client.get(URL_JSON)
    ouder_client.get(URL_PDF)
    assert downloads(afgesloten_gezin.gezin) == [
        (afgesloten_gezin.gebruiker.pk, {"formaat": "pdf"}),
        (afgesloten_gezin.gebruiker.pk, {"formaat": "json"}),
    ]


def test_pdf_download(ouder_client):
    response = ouder_client.get(URL_PDF)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_pdf_toont_de_gegevens(afgesloten_gezin):
    from django.template.loader import render_to_string

    gegevens = [gezinsgegevens(afgesloten_gezin.gezin, ik=afgesloten_gezin.gebruiker)]
    html = render_to_string("aanmelding/ouder/gegevens_pdf.html", {"gezinnen": gegevens})
    for tekst in ("Nieuwstraat 5", "an.peeters@example.be", "astma", "Mevrouw Peeters belt terug", "te ver voor papa"):
        assert tekst in html
    assert "<th>omschrijving zorgbehoefte</th><td>astma</td>" in html


def test_gezinsgegevens_vast_aantal_queries(afgesloten_gezin, django_assert_num_queries):
    # family; requests, their preferences, offers, notes, contacts, referrals and provider views;
    # parents; children; erasure requests; the log and its content types; its users' provider access
    ContentType.objects.clear_cache()
    with django_assert_num_queries(14):
        gezinsgegevens(afgesloten_gezin.gezin)
    for _ in range(5):
        vraag = OpvangvraagFactory(
            gezin=afgesloten_gezin.gezin, status="ingetrokken", ingetrokken_op=timezone.now(), intrek_reden="andere"
        )
        OpvangvoorstelFactory(vraag=vraag, status="verlopen")
    ContentType.objects.clear_cache()
    with django_assert_num_queries(14):
        gezinsgegevens(afgesloten_gezin.gezin)


def test_pagina_toont_downloads_en_wisverzoek(ouder_client, afgesloten_gezin, coordinator):
    inhoud = ouder_client.get(URL).content.decode()
    assert URL_JSON in inhoud and URL_PDF in inhoud and "/mijn/gegevens/wissen/" in inhoud
    verzoek = wisverzoek_indienen(gezin=afgesloten_gezin.gezin, door=afgesloten_gezin.gebruiker)
    assert "Het loket behandelt je vraag." in ouder_client.get(URL).content.decode()
    wisverzoek_weigeren(verzoek=verzoek, door=coordinator, reden="Mats start volgende maand.")
    inhoud = ouder_client.get(URL).content.decode()
    assert "werd geweigerd. De reden: Mats start volgende maand." in inhoud
    assert "/mijn/gegevens/wissen/" in inhoud


def test_portaal_linkt_naar_mijn_gegevens(ouder_client):
    assert 'href="/mijn/gegevens/"' in ouder_client.get("/mijn/").content.decode()


def test_ouder_met_twee_gezinnen_krijgt_beide(ouder_client, afgesloten_gezin, ander_loket):
    ander = GezinFactory(loket=ander_loket, straat="Meir 1")
    OuderFactory(gezin=ander, gebruiker=afgesloten_gezin.gebruiker, voornaam="An", achternaam="Peeters")
    gezinnen = json_download(ouder_client)["gezinnen"]
    assert [g["gezin"]["straat"] for g in gezinnen] == ["Nieuwstraat 5", "Meir 1"]


def test_andere_ouder_krijgt_alleen_het_eigen_gezin(client, afgesloten_gezin, andere_ouder, loket):
    eigen = GezinFactory(loket=loket, straat="Dorp 9")
    OuderFactory(gezin=eigen, gebruiker=andere_ouder, voornaam="Els", achternaam="Maes")
    client.force_login(andere_ouder)
    inhoud = client.get(URL_JSON).content.decode()
    assert "Dorp 9" in inhoud and "Maes" in inhoud
    assert "Peeters" not in inhoud and "Nieuwstraat" not in inhoud
    assert downloads(afgesloten_gezin.gezin) == []


@pytest.mark.parametrize("url", [URL, URL_JSON, URL_PDF])
def test_anoniem_gaat_naar_het_inloggen(client, url, afgesloten_gezin):
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, "/mijn/")


@pytest.mark.parametrize("wie", ["andere_ouder", "medewerker", "coordinator", "aanbieder", "toeleider"])
@pytest.mark.parametrize("url", [URL, URL_JSON, URL_PDF])
def test_buitenstaanders_404(client, request, wie, url, afgesloten_gezin):
    client.force_login(request.getfixturevalue(wie))
    assert client.get(url).status_code == 404
    assert downloads(afgesloten_gezin.gezin) == []


def test_na_anonimiseren_geen_toegang_meer(client, afgesloten_gezin, coordinator):
    from aanmelding.privacy import gezin_anonimiseren

    client.force_login(afgesloten_gezin.gebruiker)
    gezin_anonimiseren(gezin=afgesloten_gezin.gezin, door=coordinator, reden="wisverzoek")
    response = client.get(URL_JSON)
    assert (response.status_code, response["Location"]) == (302, "/mijn/")  # the deactivated login is logged out


@pytest.mark.parametrize(
    ("taal", "pagina", "ingediend", "medewerker_rol", "ik"),
    [
        ("fr", "Mes données", "demande introduite", "(collaborateur du guichet)", "vous"),
        ("en", "My data", "request submitted", "(desk staff)", "you"),
    ],
)
def test_download_in_de_taal_van_de_ouder(ouder_client, taal, pagina, ingediend, medewerker_rol, ik):
    ouder_client.cookies["django_language"] = taal
    assert pagina in ouder_client.get(URL).text
    [gezin] = json_download(ouder_client)["gezinnen"]
    assert ingediend in {regel["wat"] for regel in gezin["logboek"]}
    assert any(regel["door"].endswith(medewerker_rol) for regel in gezin["logboek"])
    assert ik in {regel["door"] for regel in gezin["logboek"]}


@pytest.mark.parametrize(
    ("taal", "titel"), [("nl", "Wat doen we met je gegevens?"), ("fr", "Que faisons-nous de vos données ?")]
)
def test_privacyverklaring(client, loket, taal, titel):
    loket.bewaartermijn_jaren = 7
    loket.save()
    client.cookies["django_language"] = taal
    response = client.get("/privacy/")
    assert titel in response.text
    if taal == "nl":
        for tekst in (
            "decreet van 20 april 2012",
            "Bij Lokaal Loket Kinderopvang Gent is dat 7 jaar.",
            "Opgroeien krijgt alleen cijfers per gemeente, geen namen.",
            'href="/mijn/gegevens/"',
        ):
            assert tekst in response.text


@pytest.mark.parametrize(
    ("taal", "gewijzigd", "toegevoegd"),
    [
        ("fr", "coordonnées d'un parent modifiées", "parent ajouté"),
        ("en", "a parent's details changed", "parent added"),
    ],
)
def test_download_noemt_wat_het_loket_aan_de_ouders_wijzigde(
    ouder_client, afgesloten_gezin, medewerker, taal, gewijzigd, toegevoegd
):
    from aanmelding.registratie import ouder_toevoegen, ouder_wijzigen

    gezin = afgesloten_gezin.gezin
    ouder_wijzigen(ouder=gezin.ouders.first(), door=medewerker, telefoon="0499 00 11 22")
    ouder_toevoegen(gezin=gezin, door=medewerker, voornaam="Tom", achternaam="Peeters", telefoon="0499 11 22 33")
    ouder_client.cookies["django_language"] = taal
    [gegevens] = json_download(ouder_client)["gezinnen"]
    assert {gewijzigd, toegevoegd} <= {regel["wat"] for regel in gegevens["logboek"]}
