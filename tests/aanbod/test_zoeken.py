"""The public search and location page: filters, freshness, no personal data, fixed query counts."""

import datetime

import pytest
from django.utils import timezone

from aanbod.filters import maandkeuzes
from tests.factories import (
    ANTWERPEN,
    DESTELBERGEN,
    LocatieFactory,
    OpvangvraagFactory,
    OuderFactory,
    VoorkeurFactory,
    VrijePlaatsFactory,
    gemeente,
)

pytestmark = pytest.mark.django_db

VANDAAG = timezone.localdate()
DAG = datetime.timedelta(days=1)


def namen(response):
    """The location names listed on a search page, in order."""
    return [locatie.naam for locatie in response.context["pagina"].object_list]


def test_zoeken_filtert_op_gemeente_type_tarief_en_atypisch(client, loket):
    LocatieFactory(naam="Gent groep")
    LocatieFactory(naam="Gent gezin tarief", type="gezinsopvang", inkomenstarief=True, zaterdag=True)
    LocatieFactory(naam="Destelbergen", gemeente=gemeente(DESTELBERGEN))
    LocatieFactory(naam="Antwerpen", gemeente=gemeente(ANTWERPEN))  # another desk's area
    LocatieFactory(naam="Inactief", actief=False)
    LocatieFactory(naam="Na te kijken", na_te_kijken=True)
    gent = gemeente("44021").pk
    assert sorted(namen(client.get("/zoeken/"))) == ["Destelbergen", "Gent gezin tarief", "Gent groep"]
    assert sorted(namen(client.get("/zoeken/", {"gemeente": gent}))) == ["Gent gezin tarief", "Gent groep"]
    assert namen(client.get("/zoeken/", {"type": "gezinsopvang"})) == ["Gent gezin tarief"]
    assert namen(client.get("/zoeken/", {"inkomenstarief": "on"})) == ["Gent gezin tarief"]
    assert namen(client.get("/zoeken/", {"atypisch": ["zaterdag"]})) == ["Gent gezin tarief"]
    assert namen(client.get("/zoeken/", {"atypisch": ["zaterdag", "na_18u"]})) == []


def test_zoeken_vrije_plaats_vanaf_maand_en_leeftijd(client, loket):
    volgende_maand = maandkeuzes()[1][0]
    jaar, maand = (int(d) for d in volgende_maand.split("-"))
    eerste_volgende = datetime.date(jaar, maand, 1)
    VrijePlaatsFactory(locatie=LocatieFactory(naam="Nu vrij baby"), vanaf=VANDAAG, leeftijdsgroep="baby")
    VrijePlaatsFactory(locatie=LocatieFactory(naam="Volgende maand"), vanaf=eerste_volgende + 5 * DAG)
    VrijePlaatsFactory(locatie=LocatieFactory(naam="Later"), vanaf=eerste_volgende + 70 * DAG)
    VrijePlaatsFactory(locatie=LocatieFactory(naam="Volzet"), vanaf=VANDAAG, aantal=0)
    LocatieFactory(naam="Vanaf 2 jaar", leeftijd_van_maanden=24)
    assert sorted(namen(client.get("/zoeken/", {"vrij_vanaf": volgende_maand}))) == ["Nu vrij baby", "Volgende maand"]
    assert sorted(namen(client.get("/zoeken/", {"vrij_vanaf": volgende_maand, "leeftijd": "20"}))) == ["Volgende maand"]
    assert "Vanaf 2 jaar" not in namen(client.get("/zoeken/", {"leeftijd": "6"}))
    assert "Vanaf 2 jaar" in namen(client.get("/zoeken/", {"leeftijd": "30"}))


def test_zoeken_ongeldige_invoer_geen_500(client, loket):
    LocatieFactory(naam="Iets")
    for parameters in ({"leeftijd": "-5"}, {"vrij_vanaf": "1999-01"}, {"gemeente": "abc"}, {"leeftijd": "x"}):
        response = client.get("/zoeken/", parameters)
        assert response.status_code == 200
        assert namen(response) == []


def test_zoeken_toont_versheid_en_verouderd(client, loket):
    VrijePlaatsFactory(locatie=LocatieFactory(naam="Vers"), bevestigd_op=timezone.now() - DAG)
    VrijePlaatsFactory(locatie=LocatieFactory(naam="Oud"), bevestigd_op=timezone.now() - 30 * DAG)
    tekst = client.get("/zoeken/").text

    def item(naam):
        begin = tekst.index(f">{naam}</a>")
        return tekst[begin : tekst.index("</li>", begin)]

    assert (">verouderd</span>" in item("Oud"), ">verouderd</span>" in item("Vers")) == (True, False)


def test_zoeken_toont_geen_persoonsgegevens(client, loket, locatie):
    vraag = OpvangvraagFactory(gezin__loket=loket, kind__voornaam="Geheimnaam")
    OuderFactory(gezin=vraag.gezin, achternaam="Privé-Achternaam")
    VoorkeurFactory(vraag=vraag, locatie=locatie)
    for url in ("/zoeken/", f"/zoeken/locatie/{locatie.pk}/"):
        tekst = client.get(url).text
        assert ("Geheimnaam" in tekst, "Privé-Achternaam" in tekst, vraag.referentie in tekst) == (False, False, False)


def test_zoeken_vast_aantal_queries(client, loket, django_assert_num_queries):
    VrijePlaatsFactory(locatie=LocatieFactory())
    with django_assert_num_queries(6):
        assert client.get("/zoeken/", {"vrij_vanaf": maandkeuzes()[3][0]}).status_code == 200
    for _ in range(9):
        VrijePlaatsFactory(locatie=LocatieFactory())
    with django_assert_num_queries(6):
        response = client.get("/zoeken/", {"vrij_vanaf": maandkeuzes()[3][0]})
    assert len(namen(response)) == 10


def test_locatiepagina_toont_contact_uren_tarief_en_vrije_plaatsen(client, loket):
    locatie = LocatieFactory(
        naam="De Speelboom",
        telefoon="09 222 33 44",
        email="speelboom@example.be",
        inkomenstarief=True,
        openingsuren={"ma": "07:00-18:00"},
        na_18u=True,
    )
    VrijePlaatsFactory(locatie=locatie, aantal=3, vanaf=VANDAAG + 10 * DAG, bevestigd_op=timezone.now() - 20 * DAG)
    tekst = client.get(f"/zoeken/locatie/{locatie.pk}/").text
    for verwacht in (
        "De Speelboom",
        "09 222 33 44",
        "speelboom@example.be",
        "volgens je inkomen (inkomenstarief)",
        "07:00-18:00",
        "na 18 uur",
        f"3 plaatsen vanaf {VANDAAG + 10 * DAG:%d/%m/%Y}",
        ">verouderd</span>",
    ):
        assert verwacht in tekst


@pytest.mark.parametrize("velden", [{"actief": False}, {"na_te_kijken": True}])
def test_locatiepagina_inactief_of_na_te_kijken_404(client, loket, velden):
    locatie = LocatieFactory(**velden)
    assert client.get(f"/zoeken/locatie/{locatie.pk}/").status_code == 404
    assert client.get("/zoeken/locatie/999999/").status_code == 404
