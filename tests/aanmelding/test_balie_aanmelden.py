import datetime

import pytest
from django.core import mail
from django.utils import timezone

from aanmelding.models import Gezin, Kind, Opvangvraag
from loket.models import Logregel
from tests.aanmelding.loket_hulp import balie_data, registratie_data
from tests.factories import GezinFactory, KindFactory, OpvangvraagFactory, OuderFactory

pytestmark = pytest.mark.django_db

URL = "/loket/aanmelden/"


def test_balie_aanmelden_telefonisch_maakt_gezin_kind_en_vraag(
    client, medewerker, loket, locatie, django_capture_on_commit_callbacks
):
    client.force_login(medewerker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, balie_data(locatie, kanaal="telefoon"))
    vraag = Opvangvraag.objects.get()
    assert response.status_code == 302
    assert response.url == f"/loket/vraag/{vraag.pk}/"
    assert vraag.kanaal == "telefoon"
    assert vraag.loket == loket
    assert vraag.ingediend_door == medewerker
    assert str(vraag.kind) == "Lotte Janssens"
    assert vraag.gezin.gemeente.naam_nl == "Gent"
    assert vraag.gemeente.naam_nl == "Gent"
    assert [v.locatie for v in vraag.voorkeuren.all()] == [locatie]
    assert vraag.dagen_per_week == 4
    assert [o.email for o in vraag.gezin.ouders.all()] == ["an.janssens@example.be"]
    assert list(Logregel.objects.filter(actie="opvangvraag.ingediend").values_list("gebruiker", "details")) == [
        (medewerker.pk, {"kanaal": "telefoon", "referentie": vraag.referentie})
    ]
    assert [m.to for m in mail.outbox] == [["an.janssens@example.be"]]


def test_balie_aanmelden_aan_de_balie_zonder_email_met_telefoon(
    client, medewerker, locatie, django_capture_on_commit_callbacks
):
    client.force_login(medewerker)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(URL, balie_data(locatie, kanaal="balie", **{"ouder1-email": ""}))
    assert response.status_code == 302
    vraag = Opvangvraag.objects.get()
    assert vraag.kanaal == "balie"
    assert callbacks == []  # nobody to mail
    assert mail.outbox == []


def test_balie_aanmelden_zonder_email_en_telefoon_geeft_fout(client, medewerker, locatie):
    client.force_login(medewerker)
    response = client.post(URL, balie_data(locatie, **{"ouder1-email": "", "ouder1-telefoon": ""}))
    assert response.status_code == 200
    assert "Geef een e-mailadres of een telefoonnummer" in response.text
    assert Gezin.objects.count() == 0


def test_balie_aanmelden_foute_invoer_bewaart_niets(client, medewerker, locatie):
    client.force_login(medewerker)
    data = balie_data(
        locatie,
        **{
            "adres-postcode": "0000",
            "opvang-gewenste_startdatum": (timezone.localdate() - datetime.timedelta(days=200)).isoformat(),
            "balie-privacy_uitgelegd": "",
        },
    )
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "Deze postcode kennen we niet" in response.text
    assert "Deze datum ligt in het verleden" in response.text
    assert "Leg eerst uit wat het loket met de gegevens doet" in response.text
    assert (Gezin.objects.count(), Kind.objects.count(), Opvangvraag.objects.count()) == (0, 0, 0)


def test_balie_aanmelden_zelfde_kind_geeft_link_naar_bestaande_vraag(client, medewerker, loket, locatie):
    client.force_login(medewerker)
    client.post(URL, balie_data(locatie))
    bestaande = Opvangvraag.objects.get()
    response = client.post(URL, balie_data(locatie, **{"kind-voornaam": " lotte ", "kind-achternaam": "JANSSENS"}))
    assert response.status_code == 200
    assert "Voor dit kind loopt al een aanvraag bij dit loket" in response.text
    assert f'href="/loket/vraag/{bestaande.pk}/"' in response.text
    assert Opvangvraag.objects.count() == 1
    assert (Gezin.objects.count(), Kind.objects.count()) == (1, 1)  # the second family was rolled back


def test_balie_zoeken_vindt_gezin_op_naam_geboortedatum_email_en_telefoon(client, medewerker, loket):
    gezin = GezinFactory(loket=loket)
    OuderFactory(gezin=gezin, voornaam="Sara", achternaam="Peeters", email="sara@example.be", telefoon="0470/12.34.56")
    kind = KindFactory(gezin=gezin, voornaam="Mila", achternaam="Peeters")
    andere = GezinFactory(loket=loket)
    OuderFactory(gezin=andere, voornaam="Tom", achternaam="Claes", email="tom@example.be", telefoon="09 222 33 44")
    client.force_login(medewerker)
    for zoek in (
        "naam=mila",
        f"geboortedatum={kind.geboortedatum.isoformat()}",
        "email=SARA@example.be",
        "telefoon=%2B32+470+12+34+56",
    ):
        response = client.get(f"{URL}?{zoek}")
        assert response.context["gevonden"] == [gezin], zoek


def test_balie_zoeken_ziet_geen_gezin_van_ander_loket(client, medewerker, ander_loket):
    gezin = GezinFactory(loket=ander_loket)
    KindFactory(gezin=gezin, voornaam="Mila")
    client.force_login(medewerker)
    response = client.get(f"{URL}?naam=mila")
    assert response.context["gevonden"] == []
    assert "Geen gezin gevonden" in response.text


def test_balie_zoeken_zonder_criterium_geeft_melding(client, medewerker):
    client.force_login(medewerker)
    response = client.get(f"{URL}?naam=+")
    assert response.context["gevonden"] is None


def test_balie_aanmelden_ander_kind_van_gekend_gezin(client, medewerker, loket, locatie):
    gezin = GezinFactory(loket=loket)
    OuderFactory(gezin=gezin, email="ouder@example.be")
    client.force_login(medewerker)
    response = client.post(
        f"{URL}?gezin={gezin.pk}",
        registratie_data(
            locatie,
            nieuw_gezin=False,
            **{
                "balie-kanaal": "balie",
                "balie-privacy_uitgelegd": "on",
                "situatie-alleenstaande_ouder": "ja",
                "situatie-laag_inkomen": "ja",
            },
        ),
    )
    assert response.status_code == 302
    vraag = Opvangvraag.objects.get()
    assert vraag.gezin == gezin
    assert Gezin.objects.count() == 1
    gezin.refresh_from_db()
    assert gezin.kwetsbaar is True  # two of the five facts
    assert Logregel.objects.filter(actie="gezin.gewijzigd", object_id=str(gezin.pk)).count() == 1


def test_balie_aanmelden_nieuwe_vraag_voor_gekend_kind(client, medewerker, loket, locatie):
    oud = OpvangvraagFactory(
        gezin__loket=loket, status="ingetrokken", ingetrokken_op=timezone.now(), intrek_reden="niet_meer_nodig"
    )
    client.force_login(medewerker)
    response = client.post(
        f"{URL}?kind={oud.kind.pk}",
        registratie_data(
            locatie,
            nieuw_gezin=False,
            nieuw_kind=False,
            **{"balie-kanaal": "telefoon", "balie-privacy_uitgelegd": "on"},
        ),
    )
    assert response.status_code == 302
    nieuw = Opvangvraag.objects.exclude(pk=oud.pk).get()
    assert nieuw.kind == oud.kind


def test_balie_aanmelden_gezin_van_ander_loket_geeft_404(client, medewerker, ander_loket):
    gezin = GezinFactory(loket=ander_loket)
    kind = KindFactory(gezin=gezin)
    client.force_login(medewerker)
    assert client.get(f"{URL}?gezin={gezin.pk}").status_code == 404
    assert client.get(f"{URL}?kind={kind.pk}").status_code == 404
    assert client.get(f"{URL}?gezin=abc").status_code == 404


@pytest.mark.parametrize("persona", ["toeleider", "aanbieder", "andere_ouder"])
def test_balie_aanmelden_weigert_andere_rollen(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403


def test_balie_aanmelden_medewerker_ander_loket_kan_niet_kiezen_voor_dit_loket(client, medewerker_ander_loket, loket):
    client.force_login(medewerker_ander_loket)
    assert client.get(f"{URL}?loket={loket.code}").status_code == 404


def test_balie_zoekresultaat_biedt_nieuwe_aanvraag_alleen_zonder_lopende(client, medewerker, loket):
    lopend = OpvangvraagFactory(gezin__loket=loket, kind__voornaam="Mila", kind__achternaam="Claes")
    afgesloten = OpvangvraagFactory(
        gezin=lopend.gezin,
        kind__voornaam="Noah",
        kind__achternaam="Claes",
        status="ingetrokken",
        ingetrokken_op=timezone.now(),
        intrek_reden="niet_meer_nodig",
    )
    client.force_login(medewerker)
    response = client.get(f"{URL}?naam=claes")
    assert f"kind={lopend.kind.pk}#registratie" not in response.text
    assert f"kind={afgesloten.kind.pk}#registratie" in response.text
    assert f"gezin={lopend.gezin.pk}#registratie" in response.text
    assert f'href="/loket/vraag/{lopend.pk}/"' in response.text


def test_balie_formulier_voor_gekend_kind_en_gekend_gezin(client, medewerker, loket):
    vraag = OpvangvraagFactory(
        gezin__loket=loket, status="ingetrokken", ingetrokken_op=timezone.now(), intrek_reden="niet_meer_nodig"
    )
    client.force_login(medewerker)
    response = client.get(f"{URL}?kind={vraag.kind.pk}")
    assert response.status_code == 200
    assert f"Nieuwe aanvraag voor {vraag.kind} (gekend kind)." in response.text
    assert 'name="kind-voornaam"' not in response.text
    assert 'name="ouder1-voornaam"' not in response.text
    response = client.get(f"{URL}?gezin={vraag.gezin.pk}")
    assert 'name="kind-voornaam"' in response.text
    assert 'name="ouder1-voornaam"' not in response.text
    assert "Voornaam van het kind" in response.text


def bekeken(gezin):
    return [
        (regel.actie, regel.gebruiker.email, regel.loket_id, regel.details)
        for regel in Logregel.objects.filter(content_type__model="gezin", object_id=str(gezin.pk))
    ]


def test_balie_zoeken_logt_elk_getoond_gezin_zonder_zoekterm(client, medewerker, loket, ander_loket):
    # The results list names, phones, streets and children; the search wrote no audit row.
    gevonden = [GezinFactory(loket=loket) for _ in range(2)]
    for gezin in gevonden:
        KindFactory(gezin=gezin, voornaam="Mila")
    elders = GezinFactory(loket=ander_loket)
    KindFactory(gezin=elders, voornaam="Mila")
    client.force_login(medewerker)
    client.get(f"{URL}?naam=mila")
    for gezin in gevonden:
        assert bekeken(gezin) == [("gezin.bekeken", medewerker.email, loket.pk, {"pagina": "balie_zoeken"})]
    assert bekeken(elders) == []
    assert all("mila" not in str(regel.details).lower() for regel in Logregel.objects.all())


def test_balie_formulier_voor_gekend_gezin_of_kind_logt_inzage(client, medewerker, loket):
    kind = KindFactory(gezin__loket=loket)
    client.force_login(medewerker)
    client.get(f"{URL}?gezin={kind.gezin.pk}")
    client.get(f"{URL}?kind={kind.pk}")
    assert bekeken(kind.gezin) == [("gezin.bekeken", medewerker.email, loket.pk, {"pagina": "balie_aanmelden"})] * 2


def test_balie_zonder_gezin_logt_geen_inzage(client, medewerker, loket):
    client.force_login(medewerker)
    client.get(URL)
    client.get(f"{URL}?naam=niemand")
    assert not Logregel.objects.filter(actie="gezin.bekeken").exists()


def test_balie_zoeken_met_treffers_toont_het_lege_formulier_pas_op_vraag(client, medewerker, loket, locatie):
    """A search that found families shows them; the ~40-field registration form (most of the page's
    rendering time) opens with one click, or with a family or child chosen.
    """
    gezin = GezinFactory(loket=loket)
    OuderFactory(gezin=gezin, voornaam="Sara", achternaam="Peeters")
    client.force_login(medewerker)
    response = client.get(URL, {"naam": "peeters"})
    assert "Nieuw gezin registreren" in response.text
    assert 'name="kind-voornaam"' not in response.text
    assert 'name="kind-voornaam"' in client.get(URL, {"loket": "gent", "nieuw": "1"}).text
    assert 'name="kind-voornaam"' in client.get(URL, {"naam": "niemand"}).text  # nothing found: the form
    assert 'name="kind-voornaam"' in client.get(URL, {"gezin": gezin.pk}).text


@pytest.mark.parametrize("aantal", [1, 10])
def test_balie_zoeken_vast_aantal_queries(client, medewerker, loket, aantal, django_assert_num_queries):
    for _ in range(aantal):
        gezin = GezinFactory(loket=loket)
        OuderFactory(gezin=gezin, achternaam="Peeters")
        OuderFactory(gezin=gezin, achternaam="Peeters")
        OpvangvraagFactory(gezin=gezin)
    client.force_login(medewerker)
    client.get(URL, {"naam": "peeters"})
    # session, user, second-factor device, the desk with the desks for the choice, the families'
    # ids, families, parents, children, requests, the audit rows of the families shown (one
    # insert), the area's locations, the footer's desk
    with django_assert_num_queries(12):
        response = client.get(URL, {"naam": "peeters"})
    assert len(response.context["gevonden"]) == aantal
