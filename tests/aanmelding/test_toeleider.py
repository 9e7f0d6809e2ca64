import datetime

import pytest
from django.core import mail
from django.utils import timezone

from aanmelding.models import Gezin, Opvangvraag
from loket.models import Logregel
from tests.aanmelding.loket_hulp import registratie_data, tweede_toeleider
from tests.factories import OpvangvraagFactory

pytestmark = pytest.mark.django_db

URL = "/toeleider/aanmelden/"


def toeleider_data(locatie, **extra):
    gisteren = timezone.localtime() - datetime.timedelta(days=1)
    return registratie_data(
        locatie,
        **{
            "toeleider-toestemming_op": gisteren.strftime("%Y-%m-%dT%H:%M"),
            "toeleider-toestemming_wijze": "mondeling",
            "toeleider-toestemming_toelichting": "tijdens huisbezoek",
            **extra,
        },
    )


@pytest.fixture
def toeleider_client(client, toeleider):
    client.force_login(toeleider)
    return client


def test_toeleider_dient_in_met_toestemming_en_krijgt_de_mail_mee(
    toeleider_client, toeleider, loket, locatie, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = toeleider_client.post(URL, toeleider_data(locatie))
    vraag = Opvangvraag.objects.get()
    assert response.status_code == 302
    assert response.url == f"/toeleider/vraag/{vraag.pk}/"
    assert (vraag.kanaal, vraag.toeleider, vraag.ingediend_door, vraag.loket) == (
        "toeleider",
        toeleider,
        toeleider,
        loket,
    )
    assert vraag.toestemming_wijze == "mondeling, in een gesprek: tijdens huisbezoek"
    assert timezone.localtime(vraag.toestemming_op).date() == timezone.localdate() - datetime.timedelta(days=1)
    assert [m.to for m in mail.outbox] == [["an.janssens@example.be", "toeleider@ocmw.be"]]
    assert Logregel.objects.get(actie="opvangvraag.ingediend").details == {
        "kanaal": "toeleider",
        "referentie": vraag.referentie,
    }


def test_toeleider_zonder_toestemming_wordt_geweigerd(toeleider_client, locatie):
    data = toeleider_data(locatie, **{"toeleider-toestemming_op": "", "toeleider-toestemming_wijze": ""})
    response = toeleider_client.post(URL, data)
    assert response.status_code == 200
    assert response.text.count("Dit veld is verplicht.") >= 2
    assert Gezin.objects.count() == 0


def test_toeleider_toestemming_in_de_toekomst_geweigerd(toeleider_client, locatie):
    morgen = timezone.localtime() + datetime.timedelta(days=1)
    response = toeleider_client.post(
        URL, toeleider_data(locatie, **{"toeleider-toestemming_op": morgen.strftime("%Y-%m-%dT%H:%M")})
    )
    assert response.status_code == 200
    assert "Dit moment ligt in de toekomst" in response.text
    assert Opvangvraag.objects.count() == 0


def test_toeleider_markeert_gezin_kwetsbaar_bij_indienen(toeleider_client, toeleider, locatie):
    toeleider_client.post(URL, toeleider_data(locatie, **{"toeleider-kwetsbaar_reden": "woont in noodopvang"}))
    gezin = Gezin.objects.get()
    assert (gezin.kwetsbaar, gezin.kwetsbaar_reden) == (True, "woont in noodopvang")
    assert Logregel.objects.get(actie="gezin.kwetsbaar_gemarkeerd").gebruiker == toeleider


def test_toeleider_zelfde_kind_wordt_doorverwijzing_naar_het_loket(
    toeleider_client, toeleider, loket, locatie, medewerker, client, django_capture_on_commit_callbacks
):
    """A child with an open request: the desk gets a referral with the referrer's note, the referrer
    is told it went there, and sees nothing of the existing request; the request itself is unchanged.
    """
    from aanmelding.models import Doorverwijzing

    loket.email = "loket@gent.be"
    loket.save()
    bestaand = OpvangvraagFactory(
        gezin__loket=loket,
        referentie="BESTAAND",
        weekschema="DDDDD--",
        kind__voornaam="Lotte",
        kind__achternaam="Janssens",
        kind__geboortedatum=timezone.localdate() - datetime.timedelta(days=100),
    )
    data = toeleider_data(locatie, **{"toeleider-opmerking": "Moeder start op 1 maart met een opleiding."})
    with django_capture_on_commit_callbacks(execute=True):
        response = toeleider_client.post(URL, data, follow=True)
    assert response.redirect_chain == [("/toeleider/", 302)]
    assert "We gaven je aanmelding en je opmerking door aan het loket" in response.text
    assert "Moeder start op 1 maart" in response.text  # their own referral, listed on their page
    assert "BESTAAND" not in response.text and f"/vraag/{bestaand.pk}/" not in response.text
    assert Opvangvraag.objects.count() == 1
    bestaand.refresh_from_db()
    assert (bestaand.weekschema, bestaand.toeleider) == ("DDDDD--", None)
    assert not bestaand.voorkeuren.exists()
    doorverwijzing = Doorverwijzing.objects.get()
    assert (doorverwijzing.loket, doorverwijzing.vraag, doorverwijzing.door, doorverwijzing.organisator) == (
        loket,
        bestaand,
        toeleider,
        None,
    )
    assert doorverwijzing.reden == "al_aanvraag"
    assert doorverwijzing.toelichting.splitlines()[-1] == "Opmerking: Moeder start op 1 maart met een opleiding."
    assert [m.to for m in mail.outbox] == [["loket@gent.be"]]
    assert Logregel.objects.get(actie="doorverwijzing.gemaakt").gebruiker == toeleider
    # The desk sees it on its referral list, with the referrer and a link to the request.
    client.force_login(medewerker)
    lijst = client.get("/loket/doorverwijzingen/").text
    for verwacht in ("OCMW Gent", "toeleider@ocmw.be", f"/loket/vraag/{bestaand.pk}/", "Moeder start op 1 maart"):
        assert verwacht in lijst


def test_toeleider_opmerking_bij_nieuwe_aanvraag_wordt_notitie(toeleider_client, toeleider, locatie):
    toeleider_client.post(URL, toeleider_data(locatie, **{"toeleider-opmerking": "Bel liefst na 16 uur."}))
    vraag = Opvangvraag.objects.get()
    assert [(n.tekst, n.door) for n in vraag.notities.all()] == [("Bel liefst na 16 uur.", toeleider)]


def test_toeleider_home_toont_alleen_eigen_vragen(toeleider_client, toeleider, loket):
    OpvangvraagFactory(
        gezin__loket=loket, referentie="EIGEN", kanaal="toeleider", toeleider=toeleider, toestemming_op=timezone.now()
    )
    OpvangvraagFactory(
        gezin__loket=loket,
        referentie="ANDERE_TOELEIDER",
        kanaal="toeleider",
        toeleider=tweede_toeleider(loket),
        toestemming_op=timezone.now(),
    )
    OpvangvraagFactory(gezin__loket=loket, referentie="ONLINE")
    response = toeleider_client.get("/toeleider/")
    assert [v.referentie for v in response.context["vragen"]] == ["EIGEN"]


@pytest.mark.parametrize("aantal", [1, 10])
def test_toeleider_home_vast_aantal_queries(toeleider_client, toeleider, loket, aantal, django_assert_num_queries):
    for _ in range(aantal):
        OpvangvraagFactory(gezin__loket=loket, kanaal="toeleider", toeleider=toeleider, toestemming_op=timezone.now())
    # session, user, the referrer's requests, their desks, the footer's desk
    with django_assert_num_queries(7):
        response = toeleider_client.get("/toeleider/")
    assert len(response.context["vragen"]) == aantal


@pytest.fixture
def eigen_vraag(loket, toeleider):
    return OpvangvraagFactory(
        gezin__loket=loket,
        referentie="EIGEN",
        kanaal="toeleider",
        toeleider=toeleider,
        toestemming_op=timezone.now(),
        toestemming_wijze="schriftelijk",
    )


def test_toeleider_vraag_pagina_alleen_lezen_met_logregel(toeleider_client, toeleider, eigen_vraag):
    response = toeleider_client.get(f"/toeleider/vraag/{eigen_vraag.pk}/")
    assert response.status_code == 200
    assert "EIGEN" in response.text
    assert "schriftelijk" in response.text
    assert "Notities" not in response.text  # the desk's internal notes are not for referrers
    assert list(Logregel.objects.filter(actie="opvangvraag.bekeken").values_list("gebruiker", flat=True)) == [
        toeleider.pk
    ]


@pytest.mark.parametrize("persona", ["andere_toeleider", "medewerker_ander_loket"])
def test_toeleider_vraag_van_ander_is_404(client, request, loket, eigen_vraag, persona):
    if persona == "andere_toeleider":
        client.force_login(tweede_toeleider(loket))
    else:
        client.force_login(request.getfixturevalue(persona))
        # staff of another desk: not a referrer at all
        assert client.get(f"/toeleider/vraag/{eigen_vraag.pk}/").status_code == 403
        return
    assert client.get(f"/toeleider/vraag/{eigen_vraag.pk}/").status_code == 404
    assert client.post(f"/toeleider/vraag/{eigen_vraag.pk}/intrekken/", {"reden": "andere"}).status_code == 404
    assert client.post(f"/toeleider/vraag/{eigen_vraag.pk}/kwetsbaar/", {"reden": "x"}).status_code == 404
    eigen_vraag.refresh_from_db()
    assert eigen_vraag.status == "ingediend"


@pytest.mark.parametrize("persona", ["aanbieder", "andere_ouder", "medewerker"])
def test_toeleider_paginas_weigeren_andere_rollen(client, request, eigen_vraag, persona):
    client.force_login(request.getfixturevalue(persona))
    for pad in ("/toeleider/", URL, f"/toeleider/vraag/{eigen_vraag.pk}/"):
        assert client.get(pad).status_code == 403


def test_toeleider_trekt_vraag_in(toeleider_client, toeleider, eigen_vraag):
    response = toeleider_client.post(
        f"/toeleider/vraag/{eigen_vraag.pk}/intrekken/", {"reden": "niet_meer_nodig", "toelichting": ""}
    )
    assert response.status_code == 302
    eigen_vraag.refresh_from_db()
    assert (eigen_vraag.status, eigen_vraag.intrek_reden) == ("ingetrokken", "niet_meer_nodig")
    assert Logregel.objects.get(actie="opvangvraag.ingetrokken").gebruiker == toeleider


def test_toeleider_markeert_gezin_kwetsbaar_op_vraagpagina(toeleider_client, toeleider, eigen_vraag):
    response = toeleider_client.post(f"/toeleider/vraag/{eigen_vraag.pk}/kwetsbaar/", {"reden": "schulden"})
    assert response.status_code == 302
    eigen_vraag.gezin.refresh_from_db()
    assert (eigen_vraag.gezin.kwetsbaar, eigen_vraag.gezin.kwetsbaar_reden) == (True, "schulden")
    assert Logregel.objects.get(actie="gezin.kwetsbaar_gemarkeerd").gebruiker == toeleider


def test_toeleider_ander_loket_kiezen_is_404(toeleider_client, ander_loket):
    assert toeleider_client.get(f"{URL}?loket={ander_loket.code}").status_code == 404


def test_toeleider_ontvangstbewijs_alleen_voor_eigen_vraag(client, toeleider, loket, eigen_vraag):
    client.force_login(toeleider)
    response = client.get(f"/toeleider/vraag/{eigen_vraag.pk}/bewijs.pdf")
    assert (response.status_code, response.content[:4]) == (200, b"%PDF")
    client.force_login(tweede_toeleider(loket))
    assert client.get(f"/toeleider/vraag/{eigen_vraag.pk}/bewijs.pdf").status_code == 404
