import datetime

import pytest
from django.utils import timezone

from aanmelding.models import Contactmoment, Notitie
from aanmelding.registratie import AanmeldingFout, contactmoment_registreren, notitie_toevoegen
from loket.models import Logregel
from tests.factories import OpvangvoorstelFactory, OpvangvraagFactory, OuderFactory, VoorkeurFactory

pytestmark = pytest.mark.django_db


def url(vraag, actie=""):
    return f"/loket/vraag/{vraag.pk}/{actie}"


def logregels(vraag, actie):
    return list(
        Logregel.objects.filter(actie=actie, object_id=str(vraag.pk), content_type__model="opvangvraag").values_list(
            "gebruiker", "details"
        )
    )


@pytest.fixture
def vraag(loket, locatie):
    vraag = OpvangvraagFactory(
        gezin__loket=loket,
        referentie="25-ABCDEF",
        kind__voornaam="Mila",
        kind__achternaam="Claes",
        dringend=True,
        dringend_reden="start_werk",
        gewenste_startdatum_origineel=timezone.localdate() + datetime.timedelta(days=90),
    )
    OuderFactory(gezin=vraag.gezin, voornaam="Sara", achternaam="Claes", email="sara@example.be")
    VoorkeurFactory(vraag=vraag, locatie=locatie)
    return vraag


@pytest.fixture
def staff_client(client, medewerker):
    client.force_login(medewerker)
    return client


def test_vraag_pagina_toont_alles_en_schrijft_bekeken(staff_client, medewerker, vraag, locatie):
    OpvangvoorstelFactory(vraag=vraag, locatie=locatie)
    response = staff_client.get(url(vraag))
    assert response.status_code == 200
    for tekst in (
        "25-ABCDEF",
        "Mila Claes",
        "Sara Claes",
        "sara@example.be",
        "Kinderdagverblijf Het Bolleke",
        "dringend",
    ):
        assert tekst in response.text
    assert response.context["voorstellen"][0].locatie == locatie
    assert logregels(vraag, "opvangvraag.bekeken") == [(medewerker.pk, {})]


def test_vraag_pagina_toont_oorspronkelijke_en_huidige_vraag(staff_client, vraag):
    vraag.gewenste_startdatum = datetime.date(2031, 5, 1)
    vraag.dagen_per_week = 3
    vraag.save()
    response = staff_client.get(url(vraag))
    assert "01/05/2031" in response.text
    assert vraag.gewenste_startdatum_origineel.strftime("%d/%m/%Y") in response.text


@pytest.mark.parametrize("persona", ["medewerker_ander_loket"])
def test_vraag_pagina_van_ander_loket_is_404(client, request, vraag, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(vraag)).status_code == 404
    for actie in ("in-behandeling/", "notitie/", "contact/", "intrekken/", "kwetsbaar/", "wijzigen/", "samenvoegen/"):
        assert client.post(url(vraag, actie), {"tekst": "x", "reden": "andere"}).status_code == 404
    assert Logregel.objects.filter(actie__startswith="opvangvraag.").exclude(actie="opvangvraag.ingediend").count() == 0


@pytest.mark.parametrize("persona", ["toeleider", "aanbieder", "andere_ouder", "andere_aanbieder"])
def test_vraag_pagina_weigert_andere_rollen(client, request, vraag, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(vraag)).status_code == 403
    assert client.post(url(vraag, "notitie/"), {"tekst": "x"}).status_code == 403


def test_vraag_pagina_ouder_van_de_vraag_krijgt_403(client, ouder_met_vraag):
    ouder, eigen_vraag = ouder_met_vraag
    client.force_login(ouder)
    assert client.get(url(eigen_vraag)).status_code == 403


def test_vraag_pagina_onbekend_is_404(staff_client):
    assert staff_client.get("/loket/vraag/999999/").status_code == 404


def test_vraag_in_behandeling_nemen(staff_client, medewerker, vraag):
    response = staff_client.post(url(vraag, "in-behandeling/"))
    assert response.status_code == 302
    assert response.url == url(vraag)
    vraag.refresh_from_db()
    assert vraag.status == "in_behandeling"
    assert logregels(vraag, "opvangvraag.in_behandeling") == [(medewerker.pk, {})]
    # a second time is refused with a message, not a 500
    response = staff_client.post(url(vraag, "in-behandeling/"), follow=True)
    assert "al in behandeling" in response.text


def test_vraag_acties_alleen_met_post(staff_client, vraag):
    assert staff_client.get(url(vraag, "in-behandeling/")).status_code == 405


def test_vraag_intrekken_met_reden(staff_client, medewerker, vraag):
    response = staff_client.post(url(vraag, "intrekken/"), {"reden": "elders_opvang_gevonden", "toelichting": "oma"})
    assert response.status_code == 302
    vraag.refresh_from_db()
    assert (vraag.status, vraag.intrek_reden, vraag.intrek_toelichting) == (
        "ingetrokken",
        "elders_opvang_gevonden",
        "oma",
    )
    assert logregels(vraag, "opvangvraag.ingetrokken") == [
        # the comment stays on the request; the append-only log only names the field
        (medewerker.pk, {"reden": "elders_opvang_gevonden", "velden": ["intrek_toelichting"]})
    ]


def test_vraag_intrekken_zonder_reden_toont_fout(staff_client, vraag):
    response = staff_client.post(url(vraag, "intrekken/"), {"reden": "andere", "toelichting": " "})
    assert response.status_code == 200
    assert "Geef een toelichting bij de reden" in response.text
    vraag.refresh_from_db()
    assert vraag.status == "ingediend"


def test_vraag_gezin_kwetsbaar_markeren(staff_client, medewerker, vraag):
    response = staff_client.post(url(vraag, "kwetsbaar/"), {"reden": "dakloos, verblijft in opvangcentrum"})
    assert response.status_code == 302
    vraag.gezin.refresh_from_db()
    assert (vraag.gezin.kwetsbaar, vraag.gezin.kwetsbaar_reden) == (True, "dakloos, verblijft in opvangcentrum")
    assert list(
        Logregel.objects.filter(actie="gezin.kwetsbaar_gemarkeerd", object_id=str(vraag.gezin.pk)).values_list(
            "gebruiker", flat=True
        )
    ) == [medewerker.pk]
    # the family's marking shows on the request's timeline
    response = staff_client.get(url(vraag))
    assert "gezin als kwetsbaar gemarkeerd" in response.text


def test_vraag_gezin_kwetsbaar_zonder_reden_toont_fout(staff_client, vraag):
    response = staff_client.post(url(vraag, "kwetsbaar/"), {"reden": "   "})
    assert response.status_code == 200
    assert "Dit veld is verplicht" in response.text or "Geef een reden" in response.text
    vraag.gezin.refresh_from_db()
    assert vraag.gezin.kwetsbaar_gemarkeerd is False


def test_vraag_wijzigen_startdatum_en_weekschema(staff_client, medewerker, vraag):
    origineel = vraag.gewenste_startdatum_origineel
    nieuw = origineel + datetime.timedelta(days=30)
    data = {"gewenste_startdatum": nieuw.isoformat(), **{f"weekschema_{i}": c for i, c in enumerate("DDVN---")}}
    response = staff_client.post(url(vraag, "wijzigen/"), {**data, "zaterdag": "on"})
    assert response.status_code == 302
    vraag.refresh_from_db()
    assert (vraag.gewenste_startdatum, vraag.weekschema, vraag.dagen_per_week, vraag.zaterdag) == (
        nieuw,
        "DDVN---",
        3,
        True,
    )
    assert (vraag.gewenste_startdatum_origineel, vraag.dagen_per_week_origineel) == (origineel, 4)
    assert logregels(vraag, "opvangvraag.gewijzigd") == [
        (
            medewerker.pk,
            {
                "gewenste_startdatum": [str(origineel), str(nieuw)],
                "weekschema": ["DDDD---", "DDVN---"],
                "zaterdag": ["False", "True"],
            },
        )
    ]


def test_vraag_wijzigen_start_voor_geboorte_geweigerd(staff_client, vraag):
    voor_geboorte = vraag.kind.geboortedatum - datetime.timedelta(days=1)
    data = {"gewenste_startdatum": voor_geboorte.isoformat(), **{f"weekschema_{i}": "-" for i in range(7)}}
    response = staff_client.post(url(vraag, "wijzigen/"), data)
    assert response.status_code == 200
    assert "De opvang kan niet starten voor de geboorte" in response.text
    assert "Kies minstens één dag of dagdeel" in response.text
    assert logregels(vraag, "opvangvraag.gewijzigd") == []


def test_vraag_notitie_toevoegen(staff_client, medewerker, vraag):
    response = staff_client.post(url(vraag, "notitie/"), {"tekst": "  Mama belt terug na verlof.  "})
    assert response.status_code == 302
    notitie = Notitie.objects.get()
    assert (notitie.vraag, notitie.door, notitie.tekst) == (vraag, medewerker, "Mama belt terug na verlof.")
    assert logregels(vraag, "opvangvraag.notitie") == [(medewerker.pk, {"notitie": notitie.pk})]
    assert "Mama belt terug na verlof." in staff_client.get(url(vraag)).text


def test_vraag_lege_notitie_toont_fout(staff_client, vraag):
    response = staff_client.post(url(vraag, "notitie/"), {"tekst": "   "})
    assert response.status_code == 200
    assert Notitie.objects.count() == 0


def test_vraag_contact_registreren(staff_client, medewerker, vraag):
    moment = timezone.localtime() - datetime.timedelta(hours=2)
    response = staff_client.post(
        url(vraag, "contact/"),
        {"op": moment.strftime("%Y-%m-%dT%H:%M"), "soort": "telefoon_in", "tekst": "Vraagt naar de stand van zaken."},
    )
    assert response.status_code == 302
    contact = Contactmoment.objects.get()
    assert (contact.vraag, contact.door, contact.soort, contact.tekst) == (
        vraag,
        medewerker,
        "telefoon_in",
        "Vraagt naar de stand van zaken.",
    )
    assert contact.op == moment.replace(second=0, microsecond=0)
    [(gebruiker, details)] = logregels(vraag, "opvangvraag.contact")
    assert (gebruiker, details["contactmoment"], details["soort"]) == (medewerker.pk, contact.pk, "telefoon_in")
    response = staff_client.get(url(vraag))
    assert "telefoon van het gezin" in response.text
    assert "Vraagt naar de stand van zaken." in response.text


def test_vraag_contact_in_de_toekomst_geweigerd(staff_client, vraag):
    morgen = timezone.localtime() + datetime.timedelta(days=1)
    response = staff_client.post(
        url(vraag, "contact/"), {"op": morgen.strftime("%Y-%m-%dT%H:%M"), "soort": "bezoek", "tekst": "x"}
    )
    assert response.status_code == 200
    assert "Dit moment ligt in de toekomst" in response.text
    assert Contactmoment.objects.count() == 0


def test_contactmoment_registreren_weigert_onbekende_soort_en_lege_tekst(medewerker, vraag):
    with pytest.raises(AanmeldingFout):
        contactmoment_registreren(vraag=vraag, door=medewerker, op=timezone.now(), soort="fax", tekst="x")
    with pytest.raises(AanmeldingFout):
        contactmoment_registreren(vraag=vraag, door=medewerker, op=timezone.now(), soort="bezoek", tekst=" ")
    with pytest.raises(AanmeldingFout):
        notitie_toevoegen(vraag=vraag, door=medewerker, tekst="")
    assert (Contactmoment.objects.count(), Notitie.objects.count()) == (0, 0)


def test_vraag_tijdlijn_oudste_eerst_zonder_bekeken_tenzij_gevraagd(staff_client, medewerker, vraag):
    notitie_toevoegen(vraag=vraag, door=medewerker, tekst="eerste")
    staff_client.post(url(vraag, "in-behandeling/"))
    response = staff_client.get(url(vraag))
    assert [regel.actie for regel in response.context["tijdlijn"]] == [
        "opvangvraag.notitie",
        "opvangvraag.in_behandeling",
    ]
    response = staff_client.get(url(vraag) + "?bekeken=1")
    assert [regel.actie for regel in response.context["tijdlijn"]] == [
        "opvangvraag.notitie",
        "opvangvraag.in_behandeling",
        "opvangvraag.bekeken",
        "opvangvraag.bekeken",
    ]


def test_vraag_tijdlijn_toont_voorstellen(staff_client, medewerker, vraag, locatie):
    from aanmelding.voorstellen import voorstel_doen

    voorstel_doen(
        vraag=vraag, locatie=locatie, door=medewerker, startdatum=vraag.gewenste_startdatum, weekschema="DDDD---"
    )
    response = staff_client.get(url(vraag))
    assert "opvangvoorstel.gedaan" in [regel.actie for regel in response.context["tijdlijn"]]
    assert "voorstel gedaan" in response.text


def test_vraag_tijdlijn_in_woorden_zonder_interne_codes(staff_client, medewerker, vraag, locatie):
    """The timeline says what happened in words: no ids, no codes, no ISO timestamps."""
    from aanmelding.registratie import opvangvraag_wijzigen
    from aanmelding.voorstellen import voorstel_doen

    op = timezone.make_aware(datetime.datetime(2026, 12, 5, 8, 3))
    contactmoment_registreren(vraag=vraag, door=medewerker, op=op, soort="telefoon_uit", tekst="Gebeld.")
    opvangvraag_wijzigen(vraag=vraag, door=medewerker, weekschema="DDV----", zaterdag=True)
    start = vraag.gewenste_startdatum
    voorstel_doen(vraag=vraag, locatie=locatie, door=medewerker, startdatum=start, weekschema="DDDD---")
    response = staff_client.get(url(vraag))
    # (sorted: PostgreSQL's jsonb keeps the details' keys in an order of its own)
    uitleg = {regel.actie: sorted(regel.uitleg) for regel in response.context["tijdlijn"]}
    assert uitleg["opvangvraag.contact"] == ["op: 05/12/2026 08:03", "soort: telefoon naar het gezin"]
    assert uitleg["opvangvraag.gewijzigd"] == [
        "weekschema: maandag (volledige dag), dinsdag (volledige dag), woensdag (volledige dag), "
        "donderdag (volledige dag) → maandag (volledige dag), dinsdag (volledige dag), woensdag (voormiddag)",
        "zaterdag: nee → ja",
    ]
    assert uitleg["opvangvoorstel.gedaan"] == [f"locatie: {locatie.naam}", f"startdatum: {start:%d/%m/%Y}"]
    for intern in ("contactmoment:", "soort: telefoon_uit", "T08:03", "vraag:", f"locatie: {locatie.pk}"):
        assert intern not in response.text


def test_vraag_pagina_vast_aantal_queries(staff_client, vraag, medewerker, locatie, django_assert_num_queries):
    def erbij(aantal):
        for i in range(aantal):
            notitie_toevoegen(vraag=vraag, door=medewerker, tekst=f"notitie {i}")
            contactmoment_registreren(vraag=vraag, door=medewerker, op=timezone.now(), soort="bezoek", tekst=f"c {i}")
            OpvangvraagFactory(  # a look-alike
                gezin__loket=vraag.loket,
                kind__voornaam="Mila",
                kind__achternaam="Claess",
                kind__geboortedatum=vraag.kind.geboortedatum,
            )
            OpvangvoorstelFactory(vraag=vraag, locatie=locatie, status="verlopen")

    erbij(1)
    staff_client.get(url(vraag))  # warms the content-type cache, as in a running server
    with django_assert_num_queries(18):
        staff_client.get(url(vraag))
    erbij(9)
    with django_assert_num_queries(18):
        response = staff_client.get(url(vraag))
    assert [len(response.context[k]) for k in ("notities", "contactmomenten", "dubbels", "voorstellen")] == [10] * 4


def test_vraag_ontvangstbewijs_pdf_voor_de_balie(staff_client, medewerker, vraag):
    response = staff_client.get(url(vraag, "bewijs.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert logregels(vraag, "opvangvraag.bekeken") == [(medewerker.pk, {"pagina": "pdf"})]


def test_vraag_ontvangstbewijs_van_ander_loket_is_404(client, medewerker_ander_loket, vraag):
    client.force_login(medewerker_ander_loket)
    assert client.get(url(vraag, "bewijs.pdf")).status_code == 404


def test_beheer_toont_notities_en_contacten_alleen_lezen(client, vraag, medewerker):
    from loket.models import Rol
    from tests.factories import GebruikerFactory

    notitie_toevoegen(vraag=vraag, door=medewerker, tekst="zichtbaar in het beheer")
    beheerder = GebruikerFactory(email="beheer@example.be", rol=Rol.BEHEERDER, is_staff=True, is_superuser=True)
    client.force_login(beheerder)
    response = client.get(f"/beheer/aanmelding/opvangvraag/{vraag.pk}/change/")
    assert response.status_code == 200
    assert "zichtbaar in het beheer" in response.text
    assert 'name="notities-0-tekst"' not in response.text  # shown, not editable
