"""The request's own transitions: each allowed source state, each refused one, and its Logregel."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from aanmelding.models import Opvangvraag
from aanmelding.registratie import (
    AanmeldingFout,
    gezin_kwetsbaar_markeren,
    opvangvraag_geen_reactie_melden,
    opvangvraag_in_behandeling_nemen,
    opvangvraag_indienen,
    opvangvraag_intrekken,
    opvangvraag_wijzigen,
)
from loket.logboek import logregels_voor
from tests.factories import KindFactory, LocatieFactory, OpvangvoorstelFactory, OpvangvraagFactory, OuderFactory

pytestmark = pytest.mark.django_db


def acties(object):
    return [regel.actie for regel in logregels_voor(object)]


def indienen(kind, **extra):
    return opvangvraag_indienen(
        loket=kind.gezin.loket,
        kind=kind,
        kanaal="online",
        door=None,
        gewenste_startdatum=datetime.date(2027, 3, 1),
        weekschema="DDDVN--",
        **extra,
    )


def test_opvangvraag_indienen_bewaart_origineel_voorkeuren_log_en_mail(django_capture_on_commit_callbacks, loket):
    kind = KindFactory(gezin__loket=loket)
    OuderFactory(gezin=kind.gezin, email="mama@example.be")
    a, b = LocatieFactory(), LocatieFactory()
    with django_capture_on_commit_callbacks(execute=True):
        vraag = indienen(kind, voorkeuren=[b, a], dringend=True, dringend_reden="start_werk")
    assert vraag.status == "ingediend"
    assert vraag.gemeente.nis == "44021"  # the family's municipality lies in the area
    assert vraag.gewenste_startdatum_origineel == datetime.date(2027, 3, 1)
    assert vraag.dagen_per_week_origineel == Decimal("4")  # 3 full days + 2 half days
    assert [v.locatie for v in vraag.voorkeuren.all()] == [b, a]
    assert acties(vraag) == ["opvangvraag.ingediend"]
    assert [m.to for m in mail.outbox] == [["mama@example.be"]]
    assert vraag.referentie in mail.outbox[0].subject


def test_opvangvraag_indienen_gemeente_buiten_gebied_blijft_leeg(loket):
    from loket.models import Gemeente

    kind = KindFactory(gezin__loket=loket, gezin__gemeente=Gemeente.objects.get(nis="11002"))  # Antwerpen
    assert indienen(kind).gemeente is None  # staff choose where it counts


def test_opvangvraag_indienen_weigert_tweede_open_vraag_voor_zelfde_kind(loket):
    kind = KindFactory(gezin__loket=loket, voornaam="Zoë", achternaam="De Smet")
    eerste = indienen(kind)
    variant = KindFactory(gezin__loket=loket, voornaam=" zoe", achternaam="de  smet", geboortedatum=kind.geboortedatum)
    with pytest.raises(AanmeldingFout) as fout:
        indienen(variant)
    assert fout.value.bestaande_vraag == eerste
    assert Opvangvraag.objects.count() == 1


def test_opvangvraag_in_behandeling_nemen_alleen_vanuit_ingediend(medewerker):
    vraag = OpvangvraagFactory()
    opvangvraag_in_behandeling_nemen(vraag=vraag, door=medewerker)
    vraag.refresh_from_db()
    assert vraag.status == "in_behandeling"
    assert acties(vraag) == ["opvangvraag.in_behandeling"]
    with pytest.raises(AanmeldingFout):
        opvangvraag_in_behandeling_nemen(vraag=vraag, door=medewerker)


def test_opvangvraag_wijzigen_houdt_origineel_bij(medewerker):
    vraag = OpvangvraagFactory(gewenste_startdatum_origineel=datetime.date(2027, 1, 4), weekschema="DDDD---")
    locatie = LocatieFactory()
    opvangvraag_wijzigen(
        vraag=vraag,
        door=medewerker,
        gewenste_startdatum=datetime.date(2027, 2, 1),
        weekschema="DD-----",
        voorkeuren=[locatie],
    )
    vraag.refresh_from_db()
    assert vraag.gewenste_startdatum == datetime.date(2027, 2, 1)
    assert vraag.gewenste_startdatum_origineel == datetime.date(2027, 1, 4)
    assert (vraag.dagen_per_week, vraag.dagen_per_week_origineel) == (Decimal("2"), Decimal("4"))
    assert [v.locatie for v in vraag.voorkeuren.all()] == [locatie]
    regel = logregels_voor(vraag).get()
    assert regel.actie == "opvangvraag.gewijzigd"
    assert regel.details["gewenste_startdatum"] == ["2027-01-04", "2027-02-01"]


def test_opvangvraag_wijzigen_weigert_afgesloten_vraag(medewerker):
    vraag = OpvangvraagFactory(status="toegewezen")
    with pytest.raises(AanmeldingFout):
        opvangvraag_wijzigen(vraag=vraag, door=medewerker, gewenste_startdatum=datetime.date(2027, 2, 1))


def test_opvangvraag_intrekken_trekt_open_voorstel_mee_in(medewerker):
    voorstel = OpvangvoorstelFactory()
    opvangvraag_intrekken(vraag=voorstel.vraag, door=medewerker, reden="elders_opvang_gevonden")
    voorstel.refresh_from_db()
    voorstel.vraag.refresh_from_db()
    assert (voorstel.vraag.status, voorstel.vraag.intrek_reden) == ("ingetrokken", "elders_opvang_gevonden")
    assert voorstel.status == "ingetrokken"
    assert acties(voorstel.vraag) == ["opvangvraag.ingetrokken"]
    assert acties(voorstel) == ["opvangvoorstel.ingetrokken"]


@pytest.mark.parametrize("status", ["toegewezen", "ingetrokken"])
def test_opvangvraag_intrekken_weigert_afgesloten_vraag(medewerker, status):
    velden = {"ingetrokken_op": timezone.now(), "intrek_reden": "andere"} if status == "ingetrokken" else {}
    vraag = OpvangvraagFactory(status=status, **velden)
    with pytest.raises(AanmeldingFout):
        opvangvraag_intrekken(vraag=vraag, door=medewerker, reden="niet_meer_nodig")


def test_opvangvraag_intrekken_weigert_onbekende_reden(medewerker):
    vraag = OpvangvraagFactory()
    with pytest.raises(AanmeldingFout):
        opvangvraag_intrekken(vraag=vraag, door=medewerker, reden="zomaar")
    vraag.refresh_from_db()
    assert vraag.status == "ingediend"


def test_opvangvraag_geen_reactie_melden_eenmaal():
    vraag = OpvangvraagFactory()
    assert opvangvraag_geen_reactie_melden(vraag=vraag) is True
    assert opvangvraag_geen_reactie_melden(vraag=vraag) is False
    assert acties(vraag) == ["opvangvraag.geen_reactie"]


def test_gezin_kwetsbaar_markeren_vraagt_reden(toeleider):
    vraag = OpvangvraagFactory()
    with pytest.raises(AanmeldingFout):
        gezin_kwetsbaar_markeren(gezin=vraag.gezin, door=toeleider, reden="  ")
    gezin_kwetsbaar_markeren(gezin=vraag.gezin, door=toeleider, reden="Dakloos sinds juni")
    vraag.gezin.refresh_from_db()
    assert vraag.gezin.kwetsbaar is True
    assert acties(vraag.gezin) == ["gezin.kwetsbaar_gemarkeerd"]


def test_gezin_kwetsbaar_vanaf_twee_criteria():
    gezin = OpvangvraagFactory(gezin__laag_inkomen=True).gezin
    assert gezin.kwetsbaar is False
    gezin.alleenstaande_ouder = True
    gezin.save(update_fields=["alleenstaande_ouder"])
    gezin.refresh_from_db()
    assert gezin.kwetsbaar is True
