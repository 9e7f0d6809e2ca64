"""Erasure: the parent asks, the coordinator anonymises (keeping the report's counts) or refuses."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import timezone

from aanmelding.models import (
    Contactmoment,
    Gezin,
    Kind,
    Notitie,
    Opvangvoorstel,
    Opvangvraag,
    Ouder,
    Wisverzoek,
    anonieme_identiteit,
)
from aanmelding.privacy import gezin_anonimiseren, wisverzoek_indienen, wisverzoek_weigeren
from aanmelding.queries import logregels_over_gezin
from aanmelding.registratie import AanmeldingFout
from aanmelding.voorstellen import voorstel_doen, voorstel_intrekken
from loket.models import Gebruiker, Inloglink, Logregel, Rol
from rapportage.queries import rapport_kg
from tests.aanmelding.conftest import PERSOONLIJK, jaarrapport_scenario
from tests.factories import GebruikerFactory, GezinFactory, OpvangvraagFactory, OuderFactory

pytestmark = pytest.mark.django_db


def logregels(actie, object):
    return list(
        Logregel.objects.filter(
            actie=actie, content_type=ContentType.objects.get_for_model(object), object_id=str(object.pk)
        ).values_list("gebruiker", "details")
    )


# --- the service -----------------------------------------------------------------------------------


def test_gezin_anonimiseren_wist_alles_wat_een_persoon_aanwijst(afgesloten_gezin, coordinator):
    g = afgesloten_gezin
    identiteit_lotte = Kind.objects.get(pk=g.lotte.pk).identiteit
    gezin_anonimiseren(gezin=g.gezin, door=coordinator, reden="wisverzoek")

    gezin = Gezin.objects.get(pk=g.gezin.pk)
    assert (str(gezin), gezin.straat, gezin.postcode, gezin.kwetsbaar_reden) == (
        f"Gezin {gezin.pk}",
        "",
        "",
        "(gewist)",
    )
    assert (gezin.kwetsbaar, gezin.gemeente.nis, gezin.geanonimiseerd_op is not None) == (True, "44021", True)
    assert list(Ouder.objects.filter(gezin=gezin).values_list("voornaam", "achternaam", "email", "telefoon")) == [
        ("anoniem", "", "", ""),
        ("anoniem", "", "", ""),
    ]
    assert not Ouder.objects.filter(gezin=gezin, gebruiker__isnull=False).exists()
    lotte = Kind.objects.get(pk=g.lotte.pk)
    assert (lotte.voornaam, lotte.achternaam, lotte.zorgbehoefte_omschrijving, lotte.rijksregister_hash) == (
        "anoniem",
        f"#{lotte.pk}",
        "",
        "",
    )
    assert (lotte.specifieke_zorgbehoefte, lotte.geboortedatum) == (True, g.lotte.geboortedatum)
    assert lotte.identiteit == anonieme_identiteit(identiteit_lotte)
    assert lotte.identiteit.startswith("anon:") and "lotte" not in lotte.identiteit
    vraag = Opvangvraag.objects.get(pk=g.vraag_lotte.pk)
    assert (vraag.intrek_toelichting, vraag.toestemming_wijze, vraag.intrek_reden) == ("", "", "niet_meer_nodig")
    assert list(Notitie.objects.filter(vraag__gezin=gezin).values_list("tekst", flat=True)) == ["(gewist)"]
    assert list(Contactmoment.objects.filter(vraag__gezin=gezin).values_list("tekst", "soort")) == [
        ("(gewist)", "telefoon_in")
    ]
    assert list(
        Opvangvoorstel.objects.filter(vraag__gezin=gezin)
        .order_by("pk")
        .values_list("opmerking", "weigerreden", "status")
    ) == [("", "te_ver", "geweigerd"), ("", "", "aanvaard")]


def test_gezin_anonimiseren_sluit_de_login_van_de_ouder_af(afgesloten_gezin, coordinator):
    gezin_anonimiseren(gezin=afgesloten_gezin.gezin, door=coordinator, reden="wisverzoek")
    gebruiker = Gebruiker.objects.get(pk=afgesloten_gezin.gebruiker.pk)
    assert (gebruiker.is_active, gebruiker.first_name, gebruiker.last_name, gebruiker.has_usable_password()) == (
        False,
        "",
        "",
        False,
    )
    assert gebruiker.email == f"geanonimiseerd-{gebruiker.pk}@example.invalid"
    assert not Inloglink.objects.filter(email="an.peeters@example.be").exists()


def test_gezin_anonimiseren_laat_een_login_met_een_ander_gezin_actief(afgesloten_gezin, coordinator):
    ander_gezin = GezinFactory(loket=afgesloten_gezin.gezin.loket)
    OuderFactory(gezin=ander_gezin, email="an.peeters@example.be", gebruiker=afgesloten_gezin.gebruiker)
    gezin_anonimiseren(gezin=afgesloten_gezin.gezin, door=coordinator, reden="wisverzoek")
    gebruiker = Gebruiker.objects.get(pk=afgesloten_gezin.gebruiker.pk)
    assert (gebruiker.is_active, gebruiker.email) == (True, "an.peeters@example.be")


def test_gezin_anonimiseren_schrijft_logregel(afgesloten_gezin, coordinator):
    gezin_anonimiseren(gezin=afgesloten_gezin.gezin, door=coordinator, reden="wisverzoek")
    assert logregels("gezin.geanonimiseerd", afgesloten_gezin.gezin) == [
        (coordinator.pk, {"reden": "wisverzoek", "kinderen": 2, "vragen": 2})
    ]


def test_auditlog_van_het_gezin_bevat_geen_persoonsgegevens(afgesloten_gezin, coordinator, aanbieder, locatie):
    """The services log field names, never a personal value: after anonymisation no name is left anywhere."""
    g = afgesloten_gezin
    # The remaining services that take free text about a family: withdrawing an offer.
    vraag = OpvangvraagFactory(gezin=g.gezin, status="in_behandeling")
    voorstel = voorstel_doen(
        vraag=vraag, locatie=locatie, door=aanbieder, startdatum=vraag.gewenste_startdatum, weekschema="DDDD---"
    )
    voorstel_intrekken(voorstel=voorstel, door=aanbieder, reden="Mevrouw Peeters belde af")
    Opvangvraag.objects.filter(pk=vraag.pk).update(
        status="ingetrokken", ingetrokken_op=timezone.now(), intrek_reden="andere"
    )
    gezin_anonimiseren(gezin=g.gezin, door=coordinator, reden="wisverzoek")
    regels = list(logregels_over_gezin(g.gezin))
    assert {regel.actie for regel in regels} >= {
        "gezin.gewijzigd",
        "opvangvraag.ingetrokken",
        "opvangvraag.notitie",
        "opvangvraag.contact",
        "opvangvoorstel.geweigerd",
        "opvangvoorstel.ingetrokken",
        "gezin.geanonimiseerd",
    }
    tekst = json.dumps([regel.details for regel in regels], ensure_ascii=False)
    assert [woord for woord in PERSOONLIJK if woord in tekst] == []


def test_gezin_gewijzigd_logt_veldnamen_en_alleen_niet_persoonlijke_waarden(afgesloten_gezin):
    [(_gebruiker, details)] = logregels("gezin.gewijzigd", afgesloten_gezin.gezin)
    assert details == {"velden": ["postcode", "straat"], "waarden": {}}


def test_gezin_anonimiseren_weigert_een_gezin_met_open_vraag(afgesloten_gezin, coordinator):
    OpvangvraagFactory(gezin=afgesloten_gezin.gezin, status="in_behandeling")
    with pytest.raises(AanmeldingFout, match="lopende aanvraag"):
        gezin_anonimiseren(gezin=afgesloten_gezin.gezin, door=coordinator, reden="wisverzoek")
    assert Ouder.objects.get(pk=afgesloten_gezin.an.pk).achternaam == "Peeters"
    assert Gezin.objects.get(pk=afgesloten_gezin.gezin.pk).geanonimiseerd_op is None


def test_gezin_anonimiseren_tweede_keer_geweigerd(afgesloten_gezin, coordinator):
    gezin_anonimiseren(gezin=afgesloten_gezin.gezin, door=coordinator, reden="wisverzoek")
    identiteit = Kind.objects.get(pk=afgesloten_gezin.lotte.pk).identiteit
    with pytest.raises(AanmeldingFout, match="al gewist"):
        gezin_anonimiseren(gezin=afgesloten_gezin.gezin, door=coordinator, reden="wisverzoek")
    assert Kind.objects.get(pk=afgesloten_gezin.lotte.pk).identiteit == identiteit
    assert len(logregels("gezin.geanonimiseerd", afgesloten_gezin.gezin)) == 1


def test_kind_save_na_anonimiseren_berekent_identiteit_niet_opnieuw(afgesloten_gezin, coordinator):
    gezin_anonimiseren(gezin=afgesloten_gezin.gezin, door=coordinator, reden="wisverzoek")
    lotte = Kind.objects.get(pk=afgesloten_gezin.lotte.pk)
    identiteit = lotte.identiteit
    lotte.specifieke_zorgbehoefte = False
    lotte.save(update_fields=["specifieke_zorgbehoefte"])
    lotte.save()
    assert Kind.objects.get(pk=lotte.pk).identiteit == identiteit


def test_geanonimiseerd_gezin_krijgt_geen_nieuwe_aanvraag(afgesloten_gezin, coordinator, medewerker, loket):
    from aanmelding.registratie import aanmelding_registreren

    gezin_anonimiseren(gezin=afgesloten_gezin.gezin, door=coordinator, reden="wisverzoek")
    with pytest.raises(AanmeldingFout, match="gewist"):
        aanmelding_registreren(
            loket=loket,
            kanaal="balie",
            door=medewerker,
            kind=Kind.objects.get(pk=afgesloten_gezin.lotte.pk),
            vraag_velden={"gewenste_startdatum": timezone.localdate(), "weekschema": "DDDDD--"},
        )


# --- the report counts an anonymised request exactly as before --------------------------------------


def test_rapport_telt_geanonimiseerde_vragen_precies_als_ervoor(loket):
    vragen = jaarrapport_scenario(loket)
    voor = rapport_kg(loket=loket, jaar=2019).als_json()
    assert voor["totaal"]["totaal"] == 7
    assert {
        k: voor["totaal"][k] for k in ("zonder_voorstel", "voorstel_niet_aanvaard", "later_gestart", "minder_dagen")
    } == {
        "zonder_voorstel": 2,
        "voorstel_niet_aanvaard": 2,
        "later_gestart": 1,
        "minder_dagen": 1,
    }
    gewist = 0
    for vraag in vragen:
        if vraag.status in ("toegewezen", "ingetrokken"):
            gezin_anonimiseren(gezin=vraag.gezin, door=None, reden="test")
            gewist += 1
    assert gewist == 7
    assert Kind.objects.filter(voornaam="Lotte").count() == 0
    assert rapport_kg(loket=loket, jaar=2019).als_json() == voor


# --- erasure requests --------------------------------------------------------------------------------


def test_wisverzoek_indienen_meldt_aan_loket_en_coordinatoren(
    afgesloten_gezin, coordinator, medewerker, django_capture_on_commit_callbacks
):
    loket = afgesloten_gezin.gezin.loket
    loket.email = "loket@gent.be"
    loket.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        verzoek = wisverzoek_indienen(gezin=afgesloten_gezin.gezin, door=afgesloten_gezin.gebruiker)
    assert (verzoek.is_open, verzoek.gevraagd_door) == (True, afgesloten_gezin.gebruiker)
    assert logregels("gezin.wisverzoek_ingediend", afgesloten_gezin.gezin) == [
        (afgesloten_gezin.gebruiker.pk, {"wisverzoek": verzoek.pk})
    ]
    [bericht] = mail.outbox
    assert sorted(bericht.to) == ["coordinator@gent.be", "loket@gent.be"]
    assert "Peeters" not in bericht.body and "/loket/wisverzoeken/?loket=gent" in bericht.body


def test_wisverzoek_tweede_open_verzoek_geweigerd(afgesloten_gezin):
    wisverzoek_indienen(gezin=afgesloten_gezin.gezin, door=afgesloten_gezin.gebruiker)
    with pytest.raises(AanmeldingFout, match="al om je gegevens te wissen"):
        wisverzoek_indienen(gezin=afgesloten_gezin.gezin, door=afgesloten_gezin.gebruiker)
    assert Wisverzoek.objects.count() == 1


def test_wisverzoek_weigeren_met_reden_mailt_het_gezin(
    afgesloten_gezin, coordinator, django_capture_on_commit_callbacks
):
    verzoek = wisverzoek_indienen(gezin=afgesloten_gezin.gezin, door=afgesloten_gezin.gebruiker)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        wisverzoek_weigeren(verzoek=verzoek, door=coordinator, reden="De plaats van Mats start volgende maand.")
    verzoek.refresh_from_db()
    assert (verzoek.uitkomst, verzoek.afgehandeld_door, verzoek.is_open) == ("geweigerd", coordinator, False)
    assert logregels("gezin.wisverzoek_geweigerd", afgesloten_gezin.gezin) == [
        (coordinator.pk, {"wisverzoek": verzoek.pk})
    ]
    [bericht] = mail.outbox
    assert sorted(bericht.to) == ["an.peeters@example.be", "bart.claes@example.be"]
    assert "De plaats van Mats start volgende maand." in bericht.body
    with pytest.raises(AanmeldingFout, match="al afgehandeld"):
        wisverzoek_weigeren(verzoek=verzoek, door=coordinator, reden="nog eens")


def test_wisverzoek_weigeren_zonder_reden_geweigerd(afgesloten_gezin, coordinator):
    verzoek = wisverzoek_indienen(gezin=afgesloten_gezin.gezin, door=afgesloten_gezin.gebruiker)
    with pytest.raises(AanmeldingFout, match="waarom"):
        wisverzoek_weigeren(verzoek=verzoek, door=coordinator, reden="  ")
    assert Wisverzoek.objects.get(pk=verzoek.pk).is_open


def test_anonimiseren_handelt_het_open_verzoek_af_en_bevestigt_per_mail(
    afgesloten_gezin, coordinator, django_capture_on_commit_callbacks
):
    oud = wisverzoek_indienen(gezin=afgesloten_gezin.gezin, door=afgesloten_gezin.gebruiker)
    wisverzoek_weigeren(verzoek=oud, door=coordinator, reden="Mats start pas volgende maand")
    verzoek = wisverzoek_indienen(gezin=afgesloten_gezin.gezin, door=afgesloten_gezin.gebruiker)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        gezin_anonimiseren(gezin=afgesloten_gezin.gezin, door=coordinator, reden="wisverzoek")
    verzoek.refresh_from_db()
    oud.refresh_from_db()
    assert (verzoek.uitkomst, verzoek.afgehandeld_door, oud.reden) == ("geanonimiseerd", coordinator, "")
    [bericht] = mail.outbox
    assert sorted(bericht.to) == ["an.peeters@example.be", "bart.claes@example.be"]
    assert bericht.subject == "Je gegevens zijn gewist"


# --- the parent asks (/mijn/gegevens/wissen/) ------------------------------------------------------


URL_WISSEN = "/mijn/gegevens/wissen/"


def test_ouder_wissen_toont_bevestigingsstap_en_maakt_niets(client, afgesloten_gezin):
    client.force_login(afgesloten_gezin.gebruiker)
    response = client.get(URL_WISSEN)
    assert response.status_code == 200
    assert "Wil je je gegevens laten wissen?" in response.content.decode()
    response = client.post(URL_WISSEN, {})
    assert response.status_code == 200
    assert response.context["form"].errors == {"bevestigen": ["Vink dit aan als je je gegevens wil laten wissen."]}
    assert Wisverzoek.objects.count() == 0


def test_ouder_wissen_na_bevestiging_maakt_verzoek(client, afgesloten_gezin):
    client.force_login(afgesloten_gezin.gebruiker)
    response = client.post(URL_WISSEN, {"bevestigen": "on"}, follow=True)
    assert response.redirect_chain == [("/mijn/gegevens/", 302)]
    [verzoek] = Wisverzoek.objects.all()
    assert (verzoek.gezin, verzoek.gevraagd_door) == (afgesloten_gezin.gezin, afgesloten_gezin.gebruiker)
    inhoud = response.content.decode()
    assert "Je vraag om je gegevens te wissen is doorgegeven." in inhoud
    assert "Het loket behandelt je vraag." in inhoud


def test_ouder_wissen_tweemaal_toont_fout(client, afgesloten_gezin):
    client.force_login(afgesloten_gezin.gebruiker)
    client.post(URL_WISSEN, {"bevestigen": "on"})
    response = client.post(URL_WISSEN, {"bevestigen": "on"}, follow=True)
    assert "Je vroeg al om je gegevens te wissen." in response.content.decode()
    assert Wisverzoek.objects.count() == 1


def test_ouder_wissen_waarschuwt_voor_lopende_aanvraag(client, ouder_met_vraag):
    gebruiker, vraag = ouder_met_vraag
    client.force_login(gebruiker)
    response = client.get(URL_WISSEN)
    assert [v.pk for v in response.context["lopende_vragen"]] == [vraag.pk]


@pytest.mark.parametrize("wie", ["anoniem", "medewerker", "aanbieder", "andere_ouder"])
def test_ouder_wissen_buitenstaanders(client, wie, request, afgesloten_gezin):
    if wie != "anoniem":
        client.force_login(request.getfixturevalue(wie))
    response = client.post(URL_WISSEN, {"bevestigen": "on"})
    if wie == "anoniem":
        assert (response.status_code, response["Location"]) == (302, "/mijn/")
    else:
        assert response.status_code == 404  # staff and providers; a parent without a family
    assert Wisverzoek.objects.count() == 0


# --- the coordinator (/loket/wisverzoeken/) -----------------------------------------------------------


@pytest.fixture
def verzoek(afgesloten_gezin):
    return wisverzoek_indienen(gezin=afgesloten_gezin.gezin, door=afgesloten_gezin.gebruiker)


def test_wisverzoeken_lijst_toont_open_verzoek(client, coordinator, verzoek):
    client.force_login(coordinator)
    response = client.get("/loket/wisverzoeken/")
    assert [v.pk for v in response.context["pagina"]] == [verzoek.pk]
    assert response.context["pagina"][0].open_vragen == 0
    assert "Peeters" not in response.content.decode()  # the list names no one; the detail page does


def test_wisverzoeken_lijst_filtert_op_status(client, coordinator, verzoek):
    wisverzoek_weigeren(verzoek=verzoek, door=coordinator, reden="nog een plaats")
    client.force_login(coordinator)
    assert list(client.get("/loket/wisverzoeken/").context["pagina"]) == []
    assert [v.pk for v in client.get("/loket/wisverzoeken/?status=afgehandeld").context["pagina"]] == [verzoek.pk]
    assert [v.pk for v in client.get("/loket/wisverzoeken/?status=alle").context["pagina"]] == [verzoek.pk]


@pytest.mark.parametrize("aantal", [1, 10])
def test_wisverzoeken_lijst_vast_aantal_queries(client, coordinator, loket, aantal, django_assert_num_queries):
    for _ in range(aantal):
        vraag = OpvangvraagFactory(
            gezin__loket=loket, status="ingetrokken", ingetrokken_op=timezone.now(), intrek_reden="andere"
        )
        Wisverzoek.objects.create(gezin=vraag.gezin, gevraagd_op=timezone.now())
    client.force_login(coordinator)
    client.get("/loket/wisverzoeken/")  # the login's session write happens on the first page
    # session, user, second-factor device, desk, desks for the choice, count, the page, the requests
    # of the families on it, the footer's desk
    with django_assert_num_queries(10):
        response = client.get("/loket/wisverzoeken/")
    assert len(response.context["pagina"]) == aantal


def test_werklijst_meldt_open_wisverzoeken_aan_coordinator(client, coordinator, medewerker, verzoek):
    client.force_login(coordinator)
    assert "1 gezin vraagt om zijn gegevens te wissen." in client.get("/loket/").content.decode()
    client.force_login(medewerker)
    assert "om zijn gegevens te wissen" not in client.get("/loket/").content.decode()


def test_wisverzoek_detail_toont_gezin_en_logt(client, coordinator, verzoek, afgesloten_gezin):
    client.force_login(coordinator)
    response = client.get(f"/loket/wisverzoeken/{verzoek.pk}/")
    assert response.status_code == 200
    assert "An Peeters" in response.content.decode()
    assert logregels("gezin.bekeken", afgesloten_gezin.gezin) == [(coordinator.pk, {"pagina": "wisverzoek"})]


def test_wisverzoek_anonimiseren_door_coordinator(client, coordinator, verzoek, afgesloten_gezin):
    client.force_login(coordinator)
    response = client.post(f"/loket/wisverzoeken/{verzoek.pk}/anonimiseren/", {"bevestigen": "on"}, follow=True)
    assert response.redirect_chain == [("/loket/wisverzoeken/?loket=gent", 302)]
    assert "De gegevens van het gezin zijn gewist." in response.content.decode()
    verzoek.refresh_from_db()
    assert (verzoek.uitkomst, Ouder.objects.get(pk=afgesloten_gezin.an.pk).achternaam) == ("geanonimiseerd", "")


def test_wisverzoek_anonimiseren_zonder_bevestiging_wist_niets(client, coordinator, verzoek, afgesloten_gezin):
    client.force_login(coordinator)
    response = client.post(f"/loket/wisverzoeken/{verzoek.pk}/anonimiseren/", {})
    assert response.status_code == 200
    assert response.context["anonimiseerform"].errors == {"bevestigen": ["Vink aan dat je het nagekeken hebt."]}
    assert Ouder.objects.get(pk=afgesloten_gezin.an.pk).achternaam == "Peeters"


def test_wisverzoek_anonimiseren_met_open_vraag_toont_fout(client, coordinator, ouder_met_vraag):
    gebruiker, vraag = ouder_met_vraag
    verzoek = wisverzoek_indienen(gezin=vraag.gezin, door=gebruiker)
    client.force_login(coordinator)
    response = client.post(f"/loket/wisverzoeken/{verzoek.pk}/anonimiseren/", {"bevestigen": "on"}, follow=True)
    assert "Dit gezin heeft nog een lopende aanvraag." in response.content.decode()
    assert Wisverzoek.objects.get(pk=verzoek.pk).is_open


def test_wisverzoek_weigeren_door_coordinator(client, coordinator, verzoek):
    client.force_login(coordinator)
    response = client.post(f"/loket/wisverzoeken/{verzoek.pk}/weigeren/", {"reden": "Mats start volgende maand."})
    assert (response.status_code, response["Location"]) == (302, "/loket/wisverzoeken/?loket=gent")
    verzoek.refresh_from_db()
    assert (verzoek.uitkomst, verzoek.reden) == ("geweigerd", "Mats start volgende maand.")


def test_wisverzoek_weigeren_zonder_reden_toont_fout(client, coordinator, verzoek):
    client.force_login(coordinator)
    response = client.post(f"/loket/wisverzoeken/{verzoek.pk}/weigeren/", {"reden": ""})
    assert response.status_code == 200
    assert "reden" in response.context["weigerform"].errors
    assert Wisverzoek.objects.get(pk=verzoek.pk).is_open


@pytest.mark.parametrize(
    ("wie", "status"),
    [("medewerker", 403), ("aanbieder", 403), ("andere_ouder", 403), ("coordinator_ander_loket", 404)],
)
def test_wisverzoek_buitenstaanders(client, wie, status, request, verzoek, afgesloten_gezin):
    client.force_login(request.getfixturevalue(wie))
    assert client.get(f"/loket/wisverzoeken/{verzoek.pk}/").status_code == status
    assert client.post(f"/loket/wisverzoeken/{verzoek.pk}/anonimiseren/", {"bevestigen": "on"}).status_code == status
    assert client.post(f"/loket/wisverzoeken/{verzoek.pk}/weigeren/", {"reden": "neen"}).status_code == status
    assert Wisverzoek.objects.get(pk=verzoek.pk).is_open
    assert Ouder.objects.get(pk=afgesloten_gezin.an.pk).achternaam == "Peeters"


def test_wisverzoeken_lijst_van_ander_loket_is_404(client, coordinator_ander_loket, verzoek):
    client.force_login(coordinator_ander_loket)
    assert client.get("/loket/wisverzoeken/?loket=gent").status_code == 404
    assert list(client.get("/loket/wisverzoeken/").context["pagina"]) == []


def test_admin_toont_wisverzoeken_alleen(client, verzoek):
    beheerder = GebruikerFactory(email="beheer@example.be", rol=Rol.BEHEERDER, is_staff=True, is_superuser=True)
    client.force_login(beheerder)
    assert client.get("/beheer/aanmelding/wisverzoek/").status_code == 200
    assert client.get(f"/beheer/aanmelding/wisverzoek/{verzoek.pk}/change/").status_code == 200
    assert client.post(f"/beheer/aanmelding/wisverzoek/{verzoek.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Wisverzoek.objects.filter(pk=verzoek.pk).exists()
