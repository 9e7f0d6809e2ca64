"""verwerk_termijnen with a fixed clock: what is due is done once, a second run does nothing."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from aanmelding.termijnen import termijnen_verwerken
from loket.logboek import logregels_voor
from tests.factories import OpvangvoorstelFactory, OpvangvraagFactory, OuderFactory, VoorkeurFactory

pytestmark = pytest.mark.django_db

NU = timezone.make_aware(datetime.datetime(2027, 5, 10, 9, 0))
VANDAAG = datetime.date(2027, 5, 10)


def test_termijnen_voorstel_verloopt_na_termijn_eenmaal(django_capture_on_commit_callbacks):
    verlopen = OpvangvoorstelFactory(antwoord_tegen=VANDAAG - datetime.timedelta(days=1), herinnerd_op=NU)
    vandaag = OpvangvoorstelFactory(antwoord_tegen=VANDAAG, herinnerd_op=NU)
    OuderFactory(gezin=verlopen.vraag.gezin, email="gezin@example.be")
    with django_capture_on_commit_callbacks(execute=True):
        assert termijnen_verwerken(nu=NU)["verlopen"] == 1
    verlopen.refresh_from_db()
    vandaag.refresh_from_db()
    assert (verlopen.status, vandaag.status) == ("verlopen", "open")
    verlopen.vraag.refresh_from_db()
    assert verlopen.vraag.status == "in_behandeling"
    assert [m.to for m in mail.outbox] == [["gezin@example.be"]]
    assert termijnen_verwerken(nu=NU)["verlopen"] == 0


def test_termijnen_herinnert_gezin_twee_dagen_voor_termijn(django_capture_on_commit_callbacks):
    binnen_twee_dagen = OpvangvoorstelFactory(antwoord_tegen=VANDAAG + datetime.timedelta(days=2))
    later = OpvangvoorstelFactory(antwoord_tegen=VANDAAG + datetime.timedelta(days=3))
    OuderFactory(gezin=binnen_twee_dagen.vraag.gezin, email="herinner@example.be")
    with django_capture_on_commit_callbacks(execute=True):
        assert termijnen_verwerken(nu=NU)["herinneringen_gezin"] == 1
    assert [m.to for m in mail.outbox] == [["herinner@example.be"]]
    assert "Herinnering" in mail.outbox[0].subject
    assert [r.actie for r in logregels_voor(binnen_twee_dagen)] == ["opvangvoorstel.herinnerd"]
    later.refresh_from_db()
    assert later.herinnerd_op is None
    with django_capture_on_commit_callbacks(execute=True):
        assert termijnen_verwerken(nu=NU)["herinneringen_gezin"] == 0
    assert len(mail.outbox) == 1


def test_termijnen_meldt_vraag_zonder_reactie_van_voorkeurlocaties(loket):
    loket.reactietermijn_dagen = 21
    loket.save()
    te_laat = OpvangvraagFactory(gezin__loket=loket, ingediend_op=NU - datetime.timedelta(days=22))
    nog_op_tijd = OpvangvraagFactory(gezin__loket=loket, ingediend_op=NU - datetime.timedelta(days=20))
    met_reactie = OpvangvraagFactory(
        gezin__loket=loket, ingediend_op=NU - datetime.timedelta(days=30), status="in_behandeling"
    )
    zonder_voorkeur = OpvangvraagFactory(gezin__loket=loket, ingediend_op=NU - datetime.timedelta(days=30))
    for vraag in (te_laat, nog_op_tijd, met_reactie):
        VoorkeurFactory(vraag=vraag)
    OpvangvoorstelFactory(
        vraag=met_reactie,
        locatie=met_reactie.voorkeuren.get().locatie,
        status="geweigerd",
        antwoord="geweigerd",
        beantwoord_op=NU,
    )
    # An offer of a location the family did not choose is no reaction.
    OpvangvoorstelFactory(vraag=te_laat, status="geweigerd", antwoord="geweigerd", beantwoord_op=NU)
    assert termijnen_verwerken(nu=NU)["geen_reactie"] == 1
    for vraag in (te_laat, nog_op_tijd, met_reactie, zonder_voorkeur):
        vraag.refresh_from_db()
    assert te_laat.geen_reactie_gemeld_op == NU
    assert [v.geen_reactie_gemeld_op for v in (nog_op_tijd, met_reactie, zonder_voorkeur)] == [None, None, None]
    assert termijnen_verwerken(nu=NU)["geen_reactie"] == 0


def test_verwerk_termijnen_commando_toont_tellingen(capsys):
    call_command("verwerk_termijnen")
    assert capsys.readouterr().out.splitlines() == [
        "verlopen: 0",
        "herinneringen_gezin: 0",
        "geen_reactie: 0",
        "herinneringen_aanbieder: 0",
        "geanonimiseerd: 0",
        "doorverwijzingen_gewist: 0",
        "telvelden_hersteld: 0",
        "rapport_herinneringen: 0",
    ]
