import datetime

import pytest
from django.utils import timezone

from aanmelding.queries import dubbele_kinderen, mogelijke_dubbels
from aanmelding.registratie import AanmeldingFout, notitie_toevoegen, opvangvragen_samenvoegen
from loket.models import Logregel
from tests.factories import (
    LocatieFactory,
    OpvangvoorstelFactory,
    OpvangvraagFactory,
    OuderFactory,
    VoorkeurFactory,
)

pytestmark = pytest.mark.django_db

GEBOREN = datetime.date(2025, 3, 14)


def vraag_voor(loket, voornaam, achternaam, geboortedatum=GEBOREN, referentie=None, **kwargs):
    extra = {"referentie": referentie} if referentie else {}
    return OpvangvraagFactory(
        gezin__loket=loket,
        kind__voornaam=voornaam,
        kind__achternaam=achternaam,
        kind__geboortedatum=geboortedatum,
        **extra,
        **kwargs,
    )


def redenen(dubbels):
    return {d.referentie: [str(r) for r in d.dubbel_redenen] for d in dubbels}


def test_mogelijke_dubbels_op_identiteit_gelijkende_naam_rijksregister_en_email(loket, ander_loket):
    vraag = vraag_voor(loket, "Mila", "Claes", referentie="HIER")
    OuderFactory(gezin=vraag.gezin, email="Sara@Example.be")
    vraag_voor(loket, " MILA ", "claes", referentie="IDENTITEIT")  # another family, same identity
    vraag_voor(loket, "Mila", "Claas", referentie="TYPFOUT")
    vraag_voor(loket, "Claes", "Mila", referentie="OMGEWISSELD")
    vraag_voor(loket, "Noah", "Peeters", referentie="ANDER_KIND")  # same birth date only: not a duplicate
    broer = vraag_voor(loket, "Noah", "Claes", geboortedatum=datetime.date(2023, 1, 1), referentie="BROER")
    OuderFactory(gezin=broer.gezin, email="sara@example.be")
    vraag_voor(ander_loket, "Mila", "Claes", referentie="ANDER_LOKET")
    assert redenen(mogelijke_dubbels(vraag)) == {
        "IDENTITEIT": ["zelfde naam en geboortedatum"],
        "TYPFOUT": ["zelfde geboortedatum, gelijkende naam"],
        "OMGEWISSELD": ["zelfde geboortedatum, gelijkende naam"],
        "BROER": ["zelfde e-mailadres van een ouder"],
    }


def test_mogelijke_dubbels_op_rijksregister_hash(loket):
    vraag = vraag_voor(loket, "Mila", "Claes", referentie="HIER")
    vraag.kind.rijksregister_hash = "a" * 64
    vraag.kind.save()
    ander = vraag_voor(loket, "Emma", "Janssens", geboortedatum=datetime.date(2024, 1, 1), referentie="ANDER")
    ander.kind.rijksregister_hash = "a" * 64
    ander.kind.save()
    assert redenen(mogelijke_dubbels(vraag)) == {"ANDER": ["zelfde rijksregisternummer"]}


def test_mogelijke_dubbels_laat_samengevoegde_weg(loket, medewerker):
    vraag = vraag_voor(loket, "Mila", "Claes", referentie="HIER")
    dubbel = vraag_voor(loket, "Mila", "Claes", referentie="DUBBEL")
    assert [d.referentie for d in mogelijke_dubbels(vraag)] == ["DUBBEL"]
    opvangvragen_samenvoegen(behouden=vraag, samen_te_voegen=dubbel, door=medewerker)
    assert mogelijke_dubbels(vraag) == []


def test_dubbele_kinderen_per_loket(loket):
    vraag_voor(loket, "Mila", "Claes")
    vraag_voor(loket, "mila", "CLAES")
    vraag_voor(loket, "Noah", "Claes")
    assert dubbele_kinderen(loket) == [{"kind__identiteit": "mila|claes|2025-03-14", "aantal": 2}]


def test_samenvoegen_trekt_in_linkt_neemt_voorkeuren_over_en_logt_op_beide(loket, medewerker):
    behouden = vraag_voor(loket, "Mila", "Claes", referentie="BEHOUDEN")
    dubbel = vraag_voor(loket, "Mila", "Claas", referentie="DUBBEL")
    gedeeld, eigen_dubbel = LocatieFactory(), LocatieFactory()
    VoorkeurFactory(vraag=behouden, locatie=gedeeld, rang=1)
    VoorkeurFactory(vraag=dubbel, locatie=eigen_dubbel, rang=1)
    VoorkeurFactory(vraag=dubbel, locatie=gedeeld, rang=2)
    notitie_toevoegen(vraag=dubbel, door=medewerker, tekst="belde vorige week")

    opvangvragen_samenvoegen(behouden=behouden, samen_te_voegen=dubbel, door=medewerker)

    dubbel.refresh_from_db()
    assert (dubbel.status, dubbel.intrek_reden, dubbel.intrek_toelichting, dubbel.samengevoegd_met) == (
        "ingetrokken",
        "andere",
        "samengevoegd met BEHOUDEN",
        behouden,
    )
    assert dubbel.ingetrokken_op is not None
    assert [(v.locatie, v.rang) for v in behouden.voorkeuren.order_by("rang")] == [(gedeeld, 1), (eigen_dubbel, 2)]
    assert [(v.locatie, v.rang) for v in dubbel.voorkeuren.order_by("rang")] == [(eigen_dubbel, 1), (gedeeld, 2)]
    assert dubbel.notities.count() == 1  # history stays where it was written
    behouden_log = Logregel.objects.get(actie="opvangvraag.samengevoegd")
    assert (behouden_log.object_id, behouden_log.gebruiker, behouden_log.details) == (
        str(behouden.pk),
        medewerker,
        {"samengevoegd": "DUBBEL", "vraag": dubbel.pk, "voorkeuren_overgenomen": [eigen_dubbel.pk]},
    )
    dubbel_log = Logregel.objects.get(actie="opvangvraag.samengevoegd_in")
    assert (dubbel_log.object_id, dubbel_log.details) == (
        str(dubbel.pk),
        {"behouden": "BEHOUDEN", "vraag": behouden.pk, "reden": "andere"},
    )


@pytest.mark.parametrize(
    ("toestand", "bericht"),
    [
        ("dubbel_afgesloten", "al afgesloten"),
        ("behouden_ingetrokken", "is ingetrokken"),
        ("dubbel_open_voorstel", "open voorstel"),
    ],
)
def test_samenvoegen_weigert(loket, medewerker, toestand, bericht):
    nu = timezone.now()
    behouden = vraag_voor(loket, "Mila", "Claes", referentie="BEHOUDEN")
    dubbel = vraag_voor(loket, "Mila", "Claes", referentie="DUBBEL")
    if toestand == "dubbel_afgesloten":
        dubbel.status, dubbel.ingetrokken_op, dubbel.intrek_reden = "ingetrokken", nu, "niet_meer_nodig"
        dubbel.save()
    elif toestand == "behouden_ingetrokken":
        behouden.status, behouden.ingetrokken_op, behouden.intrek_reden = "ingetrokken", nu, "niet_meer_nodig"
        behouden.save()
    else:
        dubbel.status = "voorstel"
        dubbel.save()
        OpvangvoorstelFactory(vraag=dubbel)
    with pytest.raises(AanmeldingFout, match=bericht):
        opvangvragen_samenvoegen(behouden=behouden, samen_te_voegen=dubbel, door=medewerker)
    dubbel.refresh_from_db()
    assert dubbel.samengevoegd_met is None
    assert Logregel.objects.filter(actie__startswith="opvangvraag.samengevoegd").count() == 0


def test_samenvoegen_weigert_zichzelf_en_ander_loket(loket, ander_loket, medewerker):
    vraag = vraag_voor(loket, "Mila", "Claes")
    elders = vraag_voor(ander_loket, "Mila", "Claes")
    with pytest.raises(AanmeldingFout, match="met zichzelf"):
        opvangvragen_samenvoegen(behouden=vraag, samen_te_voegen=vraag, door=medewerker)
    with pytest.raises(AanmeldingFout, match="hetzelfde loket"):
        opvangvragen_samenvoegen(behouden=vraag, samen_te_voegen=elders, door=medewerker)


def test_samenvoegen_van_toegewezen_behouden_mag(loket, medewerker):
    behouden = vraag_voor(loket, "Mila", "Claes", status="toegewezen")
    dubbel = vraag_voor(loket, "Mila", "Claes")
    opvangvragen_samenvoegen(behouden=behouden, samen_te_voegen=dubbel, door=medewerker)
    dubbel.refresh_from_db()
    assert dubbel.samengevoegd_met == behouden


def test_samenvoegen_via_pagina_toont_beide_geschiedenissen(client, loket, medewerker):
    behouden = vraag_voor(loket, "Mila", "Claes", referentie="BEHOUDEN")
    dubbel = vraag_voor(loket, "Mila", "Claes", referentie="DUBBEL")
    notitie_toevoegen(vraag=dubbel, door=medewerker, tekst="notitie bij de dubbele")
    client.force_login(medewerker)
    pagina = client.get(f"/loket/vraag/{dubbel.pk}/")
    assert [d.referentie for d in pagina.context["dubbels"]] == ["BEHOUDEN"]
    assert f'action="/loket/vraag/{dubbel.pk}/samenvoegen/"' in pagina.text

    response = client.post(f"/loket/vraag/{dubbel.pk}/samenvoegen/", {"andere": behouden.pk, "behoud": "andere"})
    assert response.status_code == 302
    assert response.url == f"/loket/vraag/{behouden.pk}/"
    dubbel.refresh_from_db()
    assert dubbel.samengevoegd_met == behouden

    pagina = client.get(f"/loket/vraag/{behouden.pk}/")
    assert "notitie bij de dubbele" in pagina.text  # the merged request's notes stay visible
    assert [v.referentie for v in pagina.context["samengevoegd"]] == ["DUBBEL"]
    acties = [regel.actie for regel in pagina.context["tijdlijn"]]
    assert "opvangvraag.samengevoegd" in acties
    assert "opvangvraag.samengevoegd_in" in acties  # the merged one's history on the kept one's timeline
    pagina = client.get(f"/loket/vraag/{dubbel.pk}/")
    assert f'href="/loket/vraag/{behouden.pk}/"' in pagina.text


def test_samenvoegen_met_vraag_van_ander_loket_is_404(client, loket, ander_loket, medewerker):
    vraag = vraag_voor(loket, "Mila", "Claes")
    elders = vraag_voor(ander_loket, "Mila", "Claes")
    client.force_login(medewerker)
    response = client.post(f"/loket/vraag/{vraag.pk}/samenvoegen/", {"andere": elders.pk, "behoud": "deze"})
    assert response.status_code == 404
    elders.refresh_from_db()
    assert elders.status == "ingediend"


def test_samenvoegen_door_medewerker_ander_loket_is_404(client, loket, medewerker_ander_loket):
    vraag = vraag_voor(loket, "Mila", "Claes")
    dubbel = vraag_voor(loket, "Mila", "Claes")
    client.force_login(medewerker_ander_loket)
    response = client.post(f"/loket/vraag/{vraag.pk}/samenvoegen/", {"andere": dubbel.pk, "behoud": "deze"})
    assert response.status_code == 404
    dubbel.refresh_from_db()
    assert dubbel.samengevoegd_met is None
