"""Retention with a fixed clock: families whose requests all closed longer ago than their desk's
retention period are anonymised once, by verwerk_termijnen; the yearly report does not change."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from aanmelding.models import Gezin, Ouder
from aanmelding.privacy import afgesloten_vragen_anonimiseren
from aanmelding.termijnen import termijnen_verwerken
from loket.models import Logregel
from rapportage.queries import rapport_kg
from tests.aanmelding.conftest import jaarrapport_scenario
from tests.factories import GezinFactory, OpvangvoorstelFactory, OpvangvraagFactory, OuderFactory

pytestmark = pytest.mark.django_db


def moment(tekst):
    return timezone.make_aware(datetime.datetime.fromisoformat(tekst), timezone.get_default_timezone())


def ingetrokken_gezin(loket, op, naam="Peeters"):
    gezin = GezinFactory(loket=loket)
    OuderFactory(gezin=gezin, achternaam=naam)
    OpvangvraagFactory(gezin=gezin, status="ingetrokken", ingetrokken_op=moment(op), intrek_reden="niet_meer_nodig")
    return gezin


def toegewezen_gezin(loket, beantwoord_op):
    gezin = GezinFactory(loket=loket)
    OuderFactory(gezin=gezin, achternaam="Claes")
    vraag = OpvangvraagFactory(gezin=gezin, status="toegewezen")
    OpvangvoorstelFactory(
        vraag=vraag,
        status="aanvaard",
        antwoord="aanvaard",
        voorgesteld_op=moment(beantwoord_op) - datetime.timedelta(days=3),
        beantwoord_op=moment(beantwoord_op),
        dagen_per_week=Decimal("4"),
    )
    return gezin


def geanonimiseerd(gezin):
    return Gezin.objects.get(pk=gezin.pk).geanonimiseerd_op is not None


def test_ingetrokken_vraag_gewist_na_de_bewaartermijn(loket):
    gezin = ingetrokken_gezin(loket, "2020-03-01 12:00")
    assert afgesloten_vragen_anonimiseren(nu=moment("2025-03-01 11:59")) == 0
    assert not geanonimiseerd(gezin)
    assert afgesloten_vragen_anonimiseren(nu=moment("2025-03-01 12:01")) == 1
    assert geanonimiseerd(gezin)
    assert list(Ouder.objects.filter(gezin=gezin).values_list("achternaam", flat=True)) == [""]


def test_toegewezen_vraag_telt_vanaf_het_aanvaarde_antwoord(loket):
    gezin = toegewezen_gezin(loket, "2019-06-01 09:00")
    assert afgesloten_vragen_anonimiseren(nu=moment("2024-05-31 09:00")) == 0
    assert afgesloten_vragen_anonimiseren(nu=moment("2024-06-02 09:00")) == 1
    assert geanonimiseerd(gezin)


def test_gezin_met_een_recent_afgesloten_vraag_blijft(loket):
    gezin = ingetrokken_gezin(loket, "2015-01-01 12:00")
    OpvangvraagFactory(
        gezin=gezin, status="ingetrokken", ingetrokken_op=moment("2024-01-01 12:00"), intrek_reden="andere"
    )
    assert afgesloten_vragen_anonimiseren(nu=moment("2026-01-01 12:00")) == 0
    assert not geanonimiseerd(gezin)


def test_gezin_met_een_open_vraag_blijft(loket):
    gezin = ingetrokken_gezin(loket, "2015-01-01 12:00")
    OpvangvraagFactory(gezin=gezin, status="in_behandeling")
    assert afgesloten_vragen_anonimiseren(nu=moment("2026-01-01 12:00")) == 0
    assert not geanonimiseerd(gezin)


def test_gezin_zonder_vraag_blijft(loket):
    gezin = GezinFactory(loket=loket)
    assert afgesloten_vragen_anonimiseren(nu=moment("2040-01-01 12:00")) == 0
    assert not geanonimiseerd(gezin)


def test_bewaartermijn_per_loket(loket, ander_loket):
    ander_loket.bewaartermijn_jaren = 2
    ander_loket.save()
    gent = ingetrokken_gezin(loket, "2022-01-01 12:00")
    antwerpen = ingetrokken_gezin(ander_loket, "2022-01-01 12:00")
    assert afgesloten_vragen_anonimiseren(nu=moment("2025-01-01 12:00")) == 1
    assert (geanonimiseerd(gent), geanonimiseerd(antwerpen)) == (False, True)


def test_tweede_run_doet_niets(loket):
    gezin = ingetrokken_gezin(loket, "2019-01-01 12:00")
    nu = moment("2025-01-01 12:00")
    assert afgesloten_vragen_anonimiseren(nu=nu) == 1
    assert afgesloten_vragen_anonimiseren(nu=nu) == 0
    assert afgesloten_vragen_anonimiseren(nu=nu + datetime.timedelta(days=400)) == 0
    [regel] = Logregel.objects.filter(actie="gezin.geanonimiseerd")
    assert (regel.gebruiker, regel.object_id, regel.details) == (
        None,
        str(gezin.pk),
        {"reden": "bewaartermijn", "kinderen": 1, "vragen": 1},
    )
    assert Gezin.objects.get(pk=gezin.pk).geanonimiseerd_op == nu


def test_verwerk_termijnen_anonimiseert(loket):
    ingetrokken_gezin(loket, "2019-01-01 12:00")
    assert termijnen_verwerken(nu=moment("2025-01-01 12:00"))["geanonimiseerd"] == 1
    assert termijnen_verwerken(nu=moment("2025-01-01 12:00"))["geanonimiseerd"] == 0


def test_verwerk_termijnen_commando_telt_geanonimiseerde_gezinnen(loket, capsys):
    ingetrokken_gezin(loket, "2019-01-01 12:00")
    call_command("verwerk_termijnen")
    assert "geanonimiseerd: 1" in capsys.readouterr().out.splitlines()


def test_rapport_gelijk_na_de_bewaartermijn(loket):
    jaarrapport_scenario(loket)
    voor = rapport_kg(loket=loket, jaar=2019).als_json()
    assert afgesloten_vragen_anonimiseren(nu=moment("2026-01-01 12:00")) == 7
    assert rapport_kg(loket=loket, jaar=2019).als_json() == voor
