"""Helpers for the report tests: requests and offers at exact moments (Belgian time)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from aanmelding.models import Kind
from loket.models import Gemeente
from tests.factories import GENT, GezinFactory, LocatieFactory, OpvangvoorstelFactory, OpvangvraagFactory


def moment(tekst):
    """'2020-02-29 23:30' (or a date) as an aware datetime in Europe/Brussels."""
    if len(tekst) == 10:
        tekst += " 12:00"
    return timezone.make_aware(datetime.datetime.fromisoformat(tekst), timezone.get_default_timezone())


def datum(tekst):
    return datetime.date.fromisoformat(tekst)


class Bouwer:
    """Builds requests and offers for one desk with only the facts a scenario needs."""

    def __init__(self, loket):
        self.loket = loket
        self.locatie = LocatieFactory(naam="Het Bolleke")
        self.teller = 0

    def vraag(
        self,
        *,
        start,
        ingediend="2019-01-15",
        gemeente=GENT,
        voornaam=None,
        achternaam="Peeters",
        geboren="2018-12-01",
        dagen="4",
        kwetsbaar=False,
        zorg=False,
        **kenmerken,
    ):
        self.teller += 1
        gezin = GezinFactory(
            loket=self.loket, kwetsbaar_gemarkeerd=kwetsbaar, kwetsbaar_reden="test" if kwetsbaar else ""
        )
        kind = Kind.objects.create(
            gezin=gezin,
            voornaam=voornaam or f"Kind{self.teller}",
            achternaam=achternaam,
            geboortedatum=datum(geboren),
            specifieke_zorgbehoefte=zorg,
        )
        status = "ingetrokken" if kenmerken.get("intrek_reden") else "in_behandeling"
        if "ingetrokken_op" in kenmerken:
            kenmerken["ingetrokken_op"] = moment(kenmerken["ingetrokken_op"])
        return OpvangvraagFactory(
            kind=kind,
            gezin=gezin,
            loket=self.loket,
            gemeente=Gemeente.objects.get(nis=gemeente) if gemeente else None,
            ingediend_op=moment(ingediend),
            gewenste_startdatum_origineel=datum(start),
            dagen_per_week_origineel=Decimal(dagen),
            status=kenmerken.pop("status", status),
            **kenmerken,
        )

    def voorstel(
        self,
        vraag,
        *,
        voorgesteld="2019-03-01",
        start=None,
        dagen=None,
        antwoord="",
        beantwoord=None,
        status=None,
        afgesloten=None,
    ):
        if status is None:
            status = {"aanvaard": "aanvaard", "geweigerd": "geweigerd"}.get(antwoord, "open")
        return OpvangvoorstelFactory(
            vraag=vraag,
            locatie=self.locatie,
            voorgesteld_op=moment(voorgesteld),
            startdatum=datum(start) if start else None,
            dagen_per_week=Decimal(dagen) if dagen else vraag.dagen_per_week_origineel,
            antwoord=antwoord,
            beantwoord_op=moment(beantwoord) if beantwoord else None,
            status=status,
            afgesloten_op=moment(afgesloten) if afgesloten else None,
            antwoord_tegen=datum("2030-01-01"),
        )


@pytest.fixture
def bouw(loket):
    return Bouwer(loket)
