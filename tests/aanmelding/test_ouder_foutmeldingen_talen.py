"""Every refusal a parent meets in the portal speaks the page's language, not Dutch.

Each error path runs three times on the same data (a refusal changes nothing): in Dutch, which
gives the Dutch text, then in French and in English, where that Dutch text must not appear.
"""

import datetime

import pytest
from django.utils import timezone, translation

from aanmelding.models import Antwoord, Kanaal, VoorstelStatus, VraagStatus
from aanmelding.privacy import wisverzoek_indienen
from aanmelding.registratie import AanmeldingFout, opvangvraag_indienen
from tests.factories import OpvangvoorstelFactory

pytestmark = pytest.mark.django_db


def _aanvaarden_niet_meer_open(vraag, locatie, ouder):
    voorstel = OpvangvoorstelFactory(
        vraag=vraag,
        locatie=locatie,
        status=VoorstelStatus.GEWEIGERD,
        antwoord=Antwoord.GEWEIGERD,
        beantwoord_op=timezone.now(),
    )
    return "post", f"/mijn/voorstel/{voorstel.pk}/aanvaarden/", {"bevestigd": "ja"}


def _aanvaarden_te_laat(vraag, locatie, ouder):
    voorstel = OpvangvoorstelFactory(
        vraag=vraag, locatie=locatie, antwoord_tegen=timezone.localdate() - datetime.timedelta(days=1)
    )
    return "post", f"/mijn/voorstel/{voorstel.pk}/aanvaarden/", {"bevestigd": "ja"}


def _al_een_voorstel_aanvaard(vraag, locatie, ouder):
    """A second open offer next to an accepted one: the database refuses the second acceptance."""
    OpvangvoorstelFactory(
        vraag=vraag,
        locatie=locatie,
        status=VoorstelStatus.AANVAARD,
        antwoord=Antwoord.AANVAARD,
        beantwoord_op=timezone.now(),
    )
    voorstel = OpvangvoorstelFactory(vraag=vraag, locatie=locatie)
    return "post", f"/mijn/voorstel/{voorstel.pk}/aanvaarden/", {"bevestigd": "ja"}


def _weigeren_niet_meer_open(vraag, locatie, ouder):
    voorstel = OpvangvoorstelFactory(
        vraag=vraag, locatie=locatie, status=VoorstelStatus.VERLOPEN, antwoord_tegen=timezone.localdate()
    )
    return "post", f"/mijn/voorstel/{voorstel.pk}/weigeren/", {"reden": "te_ver"}


def _wijzigen_afgesloten(vraag, locatie, ouder):
    vraag.status = VraagStatus.TOEGEWEZEN
    vraag.save(update_fields=["status"])
    return "get", f"/mijn/vraag/{vraag.pk}/wijzigen/", {}


def _intrekken_afgesloten(vraag, locatie, ouder):
    vraag.status = VraagStatus.TOEGEWEZEN
    vraag.save(update_fields=["status"])
    return "post", f"/mijn/vraag/{vraag.pk}/intrekken/", {"reden": "niet_meer_nodig"}


def _inloglink_ongeldig(vraag, locatie, ouder):
    return "post", "/mijn/inloggen/bestaat-niet/", {}


def _wissen_twee_keer(vraag, locatie, ouder):
    wisverzoek_indienen(gezin=vraag.gezin, door=ouder)
    return "post", "/mijn/gegevens/wissen/", {"bevestigen": "on"}


@pytest.mark.parametrize(
    "foutpad",
    [
        _aanvaarden_niet_meer_open,
        _aanvaarden_te_laat,
        _al_een_voorstel_aanvaard,
        _weigeren_niet_meer_open,
        _wijzigen_afgesloten,
        _intrekken_afgesloten,
        _inloglink_ongeldig,
        _wissen_twee_keer,
    ],
    ids=lambda pad: pad.__name__.strip("_"),
)
def test_portaal_foutmelding_in_taal_van_de_pagina(client, ouder_met_vraag, locatie, foutpad):
    ouder, vraag = ouder_met_vraag
    client.force_login(ouder)
    methode, url, data = foutpad(vraag, locatie, ouder)
    meldingen, paginas = {}, {}
    for taal in ("nl", "fr", "en"):
        client.cookies["django_language"] = taal
        response = getattr(client, methode)(url, data, follow=True)
        assert response.status_code == 200
        meldingen[taal] = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
        paginas[taal] = response.content.decode()
    assert len(meldingen["nl"]) == 1, meldingen
    nederlands = meldingen["nl"][0]
    for taal in ("fr", "en"):
        assert len(meldingen[taal]) == 1
        assert meldingen[taal][0] != nederlands
        assert nederlands.replace("'", "&#x27;") not in paginas[taal]
        assert nederlands not in paginas[taal]


@pytest.mark.parametrize("taal", ["nl", "fr", "en"])
def test_tweede_vraag_voor_een_kind_zelfde_melding_langs_beide_wegen(ouder_met_vraag, taal):
    """The check before the insert and the database constraint behind it refuse with one text."""
    ouder, vraag = ouder_met_vraag
    meldingen = []
    for controleer_dubbel in (True, False):
        with translation.override(taal), pytest.raises(AanmeldingFout) as fout:
            opvangvraag_indienen(
                loket=vraag.loket,
                kind=vraag.kind,
                kanaal=Kanaal.ONLINE,
                door=ouder,
                gewenste_startdatum=vraag.gewenste_startdatum,
                weekschema="DDDD---",
                controleer_dubbel=controleer_dubbel,
            )
        assert fout.value.bestaande_vraag == vraag
        meldingen.append(str(fout.value))
    assert meldingen[0] == meldingen[1]
    assert ("loopt al een aanvraag" in meldingen[0]) == (taal == "nl")
