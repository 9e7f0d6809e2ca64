"""At the counter: desk staff correct a family's address, parents and contact details, and a
request's preferred locations and urgency, with the wizard's checks, logged field by field.
"""

import re

import pytest
from django.utils import timezone

from aanmelding.models import Ouder
from loket.logboek import logregels_voor
from loket.models import Logregel, Rol
from tests.factories import (
    DESTELBERGEN,
    GebruikerFactory,
    LocatieFactory,
    OpvangvraagFactory,
    OuderFactory,
    VoorkeurFactory,
    gemeente,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def vraag(loket, locatie):
    vraag = OpvangvraagFactory(gezin__loket=loket, referentie="25-ABCDEF", kind__voornaam="Mila")
    OuderFactory(gezin=vraag.gezin, voornaam="Sara", achternaam="Claes", email="sara@example.be", telefoon="")
    VoorkeurFactory(vraag=vraag, locatie=locatie, rang=1)
    return vraag


@pytest.fixture
def staff_client(client, medewerker):
    client.force_login(medewerker)
    return client


def gezin_data(vraag, **extra):
    ouder = vraag.gezin.ouders.get()
    data = {
        "adres-straat": "Dorpsstraat 5",
        "adres-postcode": "9070",
        "gezin-taal": "fr",
        f"ouder-{ouder.pk}-voornaam": "Sara",
        f"ouder-{ouder.pk}-achternaam": "Claes",
        f"ouder-{ouder.pk}-email": "sara@example.be",
        f"ouder-{ouder.pk}-telefoon": "0470/12.34.56",
        f"ouder-{ouder.pk}-situatie": "",
    }
    data.update(extra)
    return data


def test_gezin_formulier_ongewijzigd_terugsturen_bewaart(staff_client, vraag):
    """What a browser sends back, hidden municipality field included (it held the NIS code, which
    the hidden field refused without showing why: nothing could ever be saved)."""
    html = staff_client.get(f"/loket/vraag/{vraag.pk}/gezin/").text
    velden = dict(re.findall(r'<input type="(?:text|hidden|email|tel)" name="([^"]+)" value="([^"]*)"', html))
    assert velden["adres-gemeente"] == vraag.gezin.gemeente.nis
    velden.pop("csrfmiddlewaretoken", None)
    velden["gezin-taal"] = vraag.gezin.taal
    response = staff_client.post(f"/loket/vraag/{vraag.pk}/gezin/", velden)
    assert (response.status_code, response.url) == (302, f"/loket/vraag/{vraag.pk}/")


def test_gezin_corrigeren_aan_de_balie_met_postcode_en_log_per_veld(staff_client, medewerker, vraag):
    ouder = vraag.gezin.ouders.get()
    response = staff_client.get(f"/loket/vraag/{vraag.pk}/gezin/")
    assert response.status_code == 200
    assert 'value="Kerkstraat 1"' in response.text
    response = staff_client.post(f"/loket/vraag/{vraag.pk}/gezin/", gezin_data(vraag), follow=True)
    assert response.redirect_chain == [(f"/loket/vraag/{vraag.pk}/", 302)]
    assert "De gegevens van het gezin zijn bewaard." in response.text
    gezin = vraag.gezin
    gezin.refresh_from_db()
    ouder.refresh_from_db()
    vraag.refresh_from_db()
    assert (gezin.straat, gezin.postcode, gezin.gemeente.nis, gezin.taal) == (
        "Dorpsstraat 5",
        "9070",
        DESTELBERGEN,
        "fr",
    )
    assert ouder.telefoon == "0470/12.34.56"
    assert vraag.gemeente.nis == DESTELBERGEN  # counted under the municipality the family lives in
    regels = {r.actie: r.details for r in logregels_voor(gezin)}
    assert regels["gezin.gewijzigd"] == {
        "velden": ["gemeente", "postcode", "straat", "taal"],
        "waarden": {"taal": ["nl", "fr"]},  # an address is never written to the append-only log
    }
    assert regels["gezin.ouder_gewijzigd"] == {"ouder": ouder.pk, "velden": ["telefoon"], "waarden": {}}
    assert all(r.gebruiker == medewerker for r in Logregel.objects.filter(actie__startswith="gezin."))
    assert [r.details for r in logregels_voor(vraag) if r.actie == "opvangvraag.gewijzigd"] == [
        {"gemeente": ["44021", "44013"]}
    ]
    # The timeline tells it in words.
    tekst = staff_client.get(f"/loket/vraag/{vraag.pk}/").text
    assert "gegevens van een ouder gewijzigd" in tekst
    assert "gewijzigd: woonplaats, postcode, straat en nummer, taal voor e-mail" in tekst
    assert "Gent → Destelbergen" in tekst


@pytest.mark.parametrize(
    ("wijziging", "melding"),
    [
        ({"adres-postcode": "0001"}, "Deze postcode kennen we niet. Kijk de postcode na."),
        ({"adres-straat": ""}, "Dit veld is verplicht."),
        ({"ouder-OUDER-email": "sara@"}, "Dit is geen geldig e-mailadres."),
        ({"ouder-OUDER-telefoon": "bel mij"}, "Dit is geen geldig telefoonnummer."),
        ({"ouder-OUDER-achternaam": ""}, "Dit veld is verplicht."),
        (
            {"ouder-OUDER-email": "", "ouder-OUDER-telefoon": ""},
            "Geef een e-mailadres of een telefoonnummer, zodat we het gezin bereiken.",
        ),
    ],
)
def test_gezin_corrigeren_slechte_invoer_verandert_niets(staff_client, vraag, wijziging, melding):
    ouder = vraag.gezin.ouders.get()
    wijziging = {k.replace("OUDER", str(ouder.pk)): v for k, v in wijziging.items()}
    response = staff_client.post(f"/loket/vraag/{vraag.pk}/gezin/", gezin_data(vraag, **wijziging))
    assert response.status_code == 200
    assert melding in response.text
    vraag.gezin.refresh_from_db()
    ouder.refresh_from_db()
    assert (vraag.gezin.straat, vraag.gezin.postcode, ouder.email) == ("Kerkstraat 1", "9000", "sara@example.be")
    assert not Logregel.objects.filter(actie__startswith="gezin.").exists()


def test_gezin_corrigeren_tweede_ouder_toevoegen(staff_client, vraag):
    data = gezin_data(
        vraag, **{"nieuw-voornaam": "Tom", "nieuw-achternaam": "Peeters", "nieuw-telefoon": "0499 11 22 33"}
    )
    staff_client.post(f"/loket/vraag/{vraag.pk}/gezin/", data)
    nieuw = Ouder.objects.get(voornaam="Tom")
    assert (nieuw.gezin, nieuw.telefoon) == (vraag.gezin, "0499 11 22 33")
    assert [r.details for r in logregels_voor(vraag.gezin) if r.actie == "gezin.ouder_toegevoegd"] == [
        {"ouder": nieuw.pk}
    ]


def test_ander_emailadres_ontkoppelt_de_login_van_de_ouder(staff_client, vraag):
    ouder = vraag.gezin.ouders.get()
    ouder.gebruiker = GebruikerFactory(email="sara@example.be", rol=Rol.OUDER)
    ouder.save()
    ouder_id = ouder.pk
    staff_client.post(
        f"/loket/vraag/{vraag.pk}/gezin/", gezin_data(vraag, **{f"ouder-{ouder_id}-email": "sara.claes@example.be"})
    )
    ouder.refresh_from_db()
    assert (ouder.email, ouder.gebruiker) == ("sara.claes@example.be", None)
    [regel] = [r for r in logregels_voor(vraag.gezin) if r.actie == "gezin.ouder_gewijzigd"]
    assert regel.details == {
        "ouder": ouder_id,
        "velden": ["email", "telefoon"],
        "waarden": {},
        "login_ontkoppeld": True,
    }


def test_corrigeren_alleen_voor_het_eigen_loket(client, vraag, medewerker_ander_loket, toeleider, aanbieder):
    for gebruiker, status in ((medewerker_ander_loket, 404), (toeleider, 403), (aanbieder, 403)):
        client.force_login(gebruiker)
        for pad in ("gezin", "voorkeuren"):
            assert client.get(f"/loket/vraag/{vraag.pk}/{pad}/").status_code == status
        assert client.post(f"/loket/vraag/{vraag.pk}/gezin/", gezin_data(vraag)).status_code == status
        assert (
            client.post(f"/loket/vraag/{vraag.pk}/voorkeuren/", {"dringend-dringend_reden": "crisis"}).status_code
            == status
        )
    vraag.refresh_from_db()
    vraag.gezin.refresh_from_db()
    assert (vraag.gezin.straat, vraag.dringend) == ("Kerkstraat 1", False)
    assert not Logregel.objects.exclude(actie="opvangvraag.bekeken").exists()


def test_voorkeuren_en_dringendheid_wijzigen(staff_client, vraag, locatie):
    andere = LocatieFactory(naam="Kinderdagverblijf De Stip", gemeente=gemeente(DESTELBERGEN))
    response = staff_client.get(f"/loket/vraag/{vraag.pk}/voorkeuren/")
    assert response.status_code == 200
    data = {
        "voorkeuren-keuze_1": andere.pk,
        "voorkeuren-keuze_2": locatie.pk,
        "voorkeuren-voorkeur_gemeente": "",
        "dringend-dringend_reden": "verlies_opvang",
    }
    response = staff_client.post(f"/loket/vraag/{vraag.pk}/voorkeuren/", data, follow=True)
    assert response.redirect_chain == [(f"/loket/vraag/{vraag.pk}/", 302)]
    assert "De voorkeuren en de dringendheid zijn bewaard." in response.text
    vraag.refresh_from_db()
    assert [v.locatie for v in vraag.voorkeuren.order_by("rang")] == [andere, locatie]
    assert (vraag.dringend, vraag.dringend_reden) == (True, "verlies_opvang")
    [regel] = [r for r in logregels_voor(vraag) if r.actie == "opvangvraag.gewijzigd"]
    assert regel.details == {
        "dringend": ["False", "True"],
        "dringend_reden": ["", "verlies_opvang"],
        "voorkeuren": [[locatie.pk], [andere.pk, locatie.pk]],
    }
    assert f"voorkeurlocaties: {locatie.naam} → {andere.naam}, {locatie.naam}" in response.text


@pytest.mark.parametrize(
    ("data", "melding"),
    [
        ({"voorkeuren-keuze_2": "LOCATIE"}, "Deze locatie koos je al."),
        ({"voorkeuren-keuze_2": "ANDERE", "voorkeuren-keuze_3": "ANDERE"}, "Je kan hoogstens 2 locaties kiezen."),
        ({"voorkeuren-keuze_1": ""}, "Kies minstens één locatie"),
        ({"dringend-dringend_reden": "onzin"}, "Selecteer een geldige keuze."),
    ],
)
def test_voorkeuren_wijzigen_met_de_controles_van_de_wizard(staff_client, loket, vraag, locatie, data, melding):
    loket.max_voorkeuren = 2
    loket.save()
    andere = LocatieFactory(naam="Kinderdagverblijf De Stip")
    data = {"voorkeuren-keuze_1": locatie.pk, **data}
    data = {k: {"LOCATIE": locatie.pk, "ANDERE": andere.pk}.get(v, v) for k, v in data.items()}
    response = staff_client.post(f"/loket/vraag/{vraag.pk}/voorkeuren/", data)
    assert response.status_code == 200
    assert melding in response.text
    assert [v.locatie for v in vraag.voorkeuren.all()] == [locatie]
    assert not Logregel.objects.filter(actie="opvangvraag.gewijzigd").exists()


def test_dringend_zonder_reden_blijft_dringend(staff_client, vraag, locatie):
    """An imported request can be urgent without a reason: saving the preferences keeps it urgent."""
    vraag.dringend = True
    vraag.save()
    data = {"voorkeuren-keuze_1": locatie.pk, "dringend-dringend_reden": "zonder_reden"}
    assert 'value="zonder_reden" selected' in staff_client.get(f"/loket/vraag/{vraag.pk}/voorkeuren/").text
    staff_client.post(f"/loket/vraag/{vraag.pk}/voorkeuren/", data)
    vraag.refresh_from_db()
    assert (vraag.dringend, vraag.dringend_reden) == (True, "")


def test_voorkeuren_van_afgesloten_vraag_niet_te_wijzigen(staff_client, vraag):
    vraag.status, vraag.ingetrokken_op, vraag.intrek_reden = "ingetrokken", timezone.now(), "andere"
    vraag.save()
    response = staff_client.get(f"/loket/vraag/{vraag.pk}/voorkeuren/", follow=True)
    assert "Een afgesloten aanvraag kan je niet meer wijzigen." in response.text
    assert "/voorkeuren/" not in response.text  # no link to it on the request page either


def test_service_weigert_meer_voorkeuren_dan_toegelaten(loket, vraag, locatie, medewerker):
    from aanmelding.registratie import AanmeldingFout, opvangvraag_wijzigen

    loket.max_voorkeuren = 1
    loket.save()
    with pytest.raises(AanmeldingFout, match="hoogstens 1 locatie kiezen"):
        opvangvraag_wijzigen(vraag=vraag, door=medewerker, voorkeuren=[locatie, LocatieFactory()])
    with pytest.raises(AanmeldingFout, match="maar één keer"):
        opvangvraag_wijzigen(vraag=vraag, door=medewerker, voorkeuren=[locatie, locatie])
    assert [v.locatie for v in vraag.voorkeuren.all()] == [locatie]


def test_ouder_wijzigen_weigert_onbereikbaar_gezin(vraag, medewerker):
    from aanmelding.registratie import AanmeldingFout, ouder_wijzigen

    ouder = vraag.gezin.ouders.get()
    with pytest.raises(AanmeldingFout, match="zodat we het gezin bereiken"):
        ouder_wijzigen(ouder=ouder, door=medewerker, email="", telefoon="")
    ouder.refresh_from_db()
    assert ouder.email == "sara@example.be"
